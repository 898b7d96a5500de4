/**
 * src/krm/reconcile.ts's longest common subsequence: a correct and longest alignment of two lists,
 * whether it comes from the table (short lists) or from Myers' diff (long ones), and within bounded
 * time and memory for a long list with a few edits (the table alone needed 1.6 GB for 20,000 elements).
 */
import * as fc from 'fast-check';
import { longestCommonSubsequence } from '../../src/krm/reconcile';
import { jsonEqual } from '../../src/krm/types';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

/** The length of a longest common subsequence, by the textbook table. */
function lcsLength(a: readonly unknown[], b: readonly unknown[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = jsonEqual(a[i - 1], b[j - 1]) ? previous[j - 1] + 1 : Math.max(previous[j], row[j - 1]);
    previous = row;
  }
  return previous[b.length];
}

/** The pairs are a common subsequence: increasing on both sides, each pair of equal elements. */
function expectCommonSubsequence(pairs: readonly [number, number][], a: readonly unknown[], b: readonly unknown[]): void {
  const wrong = pairs.findIndex(([i, j], index) => !jsonEqual(a[i], b[j]) || (index > 0 && (i <= pairs[index - 1][0] || j <= pairs[index - 1][1])));
  expect({ wrong, pair: pairs[wrong] }).toEqual({ wrong: -1, pair: undefined });
}

/** Lists of few distinct values (so that many elements match), now and then objects. */
const list = fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom({ a: 1 }, { a: 2 }, 'x')), { maxLength: 30 });

describe('longestCommonSubsequence', () => {
  test(`the table and Myers' diff both give a longest common subsequence (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(list, list, (a, b) => {
        const length = lcsLength(a, b);
        for (const tableCells of [Infinity, 0]) {
          const pairs = longestCommonSubsequence(a, b, tableCells);
          expectCommonSubsequence(pairs, a, b);
          expect({ a, b, tableCells, length: pairs.length }).toEqual({ a, b, tableCells, length });
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('a list of 20,000 elements with a few edits: a minimal edit, in comparisons that grow with the length, not its square', () => {
    // Each comparison of two elements lists the keys of both: counting it on one side counts comparisons.
    let comparisons = 0;
    const counted = <T extends object>(item: T): T => new Proxy(item, { ownKeys: (target) => (comparisons++, Reflect.ownKeys(target)) });
    const plain = Array.from({ length: 20_000 }, (_, index) => ({ name: `item-${index}`, value: index % 7 }));
    const before = plain.map(counted);
    const after = plain.map((item) => ({ ...item }));
    after[3] = { name: 'changed-near-the-start', value: -1 };
    after.splice(10_000, 0, { name: 'inserted-in-the-middle', value: -2 });
    after.splice(15_000, 2);
    after[after.length - 5] = { name: 'changed-near-the-end', value: -3 };
    const pairs = longestCommonSubsequence(before, after);
    const used = comparisons;
    expectCommonSubsequence(pairs, before, after);
    // Every element but the two changed and the two removed is kept: no alignment keeps more.
    expect(pairs.length).toBe(before.length - 4);
    // A table would compare 20,000 × 20,000 pairs (400 million).
    // eslint-disable-next-line no-console
    console.log(`reconcile: ${used} comparisons for 20,000 elements with 4 edits`);
    expect(used).toBeLessThan(5 * before.length);
  });

  test('lists that differ everywhere keep their common head and tail, and stay bounded', () => {
    const a = Array.from({ length: 5000 }, (_, index) => `a${index}`);
    const b = Array.from({ length: 5000 }, (_, index) => `b${index}`);
    const pairs = longestCommonSubsequence(['head', ...a, 'tail'], ['head', ...b, 'tail']);
    expect(pairs).toEqual([
      [0, 0],
      [5001, 5001],
    ]);
  });
});
