/**
 * src/krm/reconcile.ts's longest common subsequence: a correct and longest alignment of two lists,
 * whether it comes from the table (short lists) or from Myers' diff (long ones), and within bounded
 * time and memory for a long list with a few edits (the table alone needed 1.6 GB for 20,000 elements).
 */
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { createNode, longestCommonSubsequence, quoteAmbiguousScalars, reconcileNode } from '../../src/krm/reconcile';
import { jsonEqual } from '../../src/krm/types';
import type { JsonValue } from '../../src/krm/types';
import { PARSE_OPTIONS, toStringOptions } from '../../src/krm/yaml-options';
import { printYamlDocument } from '../../src/krm/yaml11';
import { pyyamlLoadAll, pyyamlMissing } from '../support/pyyaml';
import { describeWithReader } from '../support/readers';

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

/** The pairs are a common subsequence: indexes of `a` and `b`, increasing on both sides, each pair of equal elements. */
function expectCommonSubsequence(pairs: readonly [number, number][], a: readonly unknown[], b: readonly unknown[]): void {
  const isIndex = (value: unknown, length: number): boolean => Number.isInteger(value) && (value as number) >= 0 && (value as number) < length;
  const wrong = pairs.findIndex(
    (pair, index) =>
      pair.length !== 2 || !isIndex(pair[0], a.length) || !isIndex(pair[1], b.length) || !jsonEqual(a[pair[0]], b[pair[1]]) || (index > 0 && (pair[0] <= pairs[index - 1][0] || pair[1] <= pairs[index - 1][1])),
  );
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

  test.each([
    ['identical lists', [1, 2, 3], [1, 2, 3], 3],
    ['one a prefix of the other', [1, 2], [1, 2, 3], 2],
    ['the other a prefix of the one', [1, 2, 3], [1, 2], 2],
    ['one a suffix of the other', [2, 3], [1, 2, 3], 2],
    ['an empty list', [], [1, 2], 0],
    ['both empty', [], [], 0],
    ['nothing in common', [1, 2], [3, 4, 5], 0],
    ['a common head and tail around edits', [0, 1, 2, 9, 3], [0, 7, 1, 3, 8], 3],
    ['reversed', [1, 2, 3, 4], [4, 3, 2, 1], 1],
    ['removals only', [1, 2, 3, 4, 5], [2, 4], 2],
    ['insertions only', [2, 4], [1, 2, 3, 4, 5], 2],
    ['the same element twice, one kept', [{ a: 1 }, { a: 1 }], [{ a: 1 }], 1],
    ['one list all common head, the other ending as it does', [1], [1, 1], 1],
  ])('%s: the table and Myers\' diff both give a longest common subsequence', (_name, a, b, length) => {
    for (const tableCells of [Infinity, 0]) {
      const pairs = longestCommonSubsequence(a, b, tableCells);
      expectCommonSubsequence(pairs, a, b);
      expect({ tableCells, length: pairs.length }).toEqual({ tableCells, length });
    }
  });

  test('at most maxTableCells cells (the lengths past the common head, plus one, multiplied) the table aligns the rest, above that Myers\' diff', () => {
    // Two longest common subsequences: the table keeps the first `1` of the rest, Myers' diff (after the common tail) the last.
    const a = [0, 1];
    const b = [0, 2, 1, 1];
    const cells = (a.length - 1 + 1) * (b.length - 1 + 1);
    expect(longestCommonSubsequence(a, b, cells)).toEqual([
      [0, 0],
      [1, 2],
    ]);
    expect(longestCommonSubsequence(a, b, cells - 1)).toEqual([
      [0, 0],
      [1, 3],
    ]);
  });

  test('Myers\' diff keeps the common tail: the last elements pair with the last ones', () => {
    expect(longestCommonSubsequence([1, 1], [2, 1, 1, 1], 0)).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  test('lists that differ in exactly 1000 places (the most Myers\' diff follows) still get a longest common subsequence; in 1001, the common head and tail only', () => {
    // `c` and `d` are the only elements in common, past a common head and before a common tail: 2 × 501 - 2 = 1000 edits.
    const a = (size: number) => ['head', 'c', ...Array.from({ length: size }, (_, index) => `a${index}`), 'd', 'tail'];
    const b = (size: number) => ['head', ...Array.from({ length: size }, (_, index) => `b${index}`), 'c', 'd', 'tail'];
    expect(longestCommonSubsequence(a(500), b(500), 0)).toEqual([
      [0, 0],
      [1, 501],
      [502, 502],
      [503, 503],
    ]);
    expect(longestCommonSubsequence(a(501), b(500), 0)).toEqual([
      [0, 0],
      [503, 502],
      [504, 503],
    ]);
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

/** `text` parsed, its root reconciled with `target`, printed as the writer prints a re-printed item. */
function reconcileText(text: string, target: JsonValue): { printed: string; same: boolean } {
  const doc = YAML.parseDocument(text, PARSE_OPTIONS);
  const before = doc.contents;
  doc.contents = reconcileNode(doc, doc.contents, target) as typeof doc.contents;
  return { printed: printYamlDocument(doc, toStringOptions(false)), same: doc.contents === before };
}

/** What a YAML 1.1 reader (kustomize's go-yaml, PyYAML) reads: the `yaml` package in YAML 1.1 mode. */
const read11 = (text: string): unknown => YAML.parse(text, { version: '1.1' });

describe('reconcileNode', () => {
  test('nodes whose value does not change are kept, comments, quotes, styles and anchors with them', () => {
    const text = "a: 'x' # one\nb: &n \"y\"\nd: |\n  line\ne: [1, 2] # flow\nf:\n- g: ~\n";
    const target = { a: 'x', b: 'y', d: 'line\n', e: [1, 2], f: [{ g: null }] };
    const result = reconcileText(text, target);
    expect(result).toEqual({ printed: text, same: true });
  });

  test('a changed scalar keeps its quotes; a plain one is quoted only when a YAML 1.1 reader would misread it', () => {
    const text = "a: 'x' # one\nb: \"y\"\nc: z\nd: z\ne: z\nf: 'x'\ng: \"x\"\n";
    const target = { a: 'on', b: 'yes', c: 'on', d: 'plain', e: '0777', f: 'plain', g: 'plain' };
    const { printed } = reconcileText(text, target);
    expect(printed).toBe("a: 'on' # one\nb: \"yes\"\nc: \"on\"\nd: plain\ne: \"0777\"\nf: 'plain'\ng: \"plain\"\n");
    expect(read11(printed)).toEqual(target);
  });

  test('a block scalar stays one while the value has several lines; on one line it is printed like a plain one', () => {
    const block = 'a: |\n  one\n  two\nb: >\n  folded\n';
    expect(reconcileText(block, { a: 'on\noff\n', b: 'x\ny\n' }).printed).toBe('a: |\n  on\n  off\nb: |\n  x\n  y\n');
    const single = reconcileText(block, { a: 'on', b: 'plain' }).printed;
    expect(single).toBe('a: "on"\nb: plain\n');
    expect(read11(single)).toEqual({ a: 'on', b: 'plain' });
  });

  test('a scalar that becomes a number, a boolean or null is printed from the new value, not the old text or format', () => {
    const text = "a: 'x'\nb: |\n  x\nc: 0x10\nd: 1.50\ne: ~\nf: ''\ng: x\n";
    const target = { a: 5, b: true, c: 17, d: 3, e: '', f: null, g: null };
    const { printed } = reconcileText(text, target);
    expect(printed).toBe('a: 5\nb: true\nc: 17\nd: 3\ne: ""\nf: null\ng: null\n');
    expect(read11(printed)).toEqual(target);
  });

  test('an explicit tag goes with the value it typed: a changed scalar loses it, but `!!str` on a string; an unchanged one keeps it', () => {
    // `!!str 3` is the string "3", `!!float x` no float and `!!int two` no integer (YAML 1.1 tag repository; PyYAML refuses both).
    const text = 'a: !!str x\nb: !!str x # kept\nc: !!int 1\nd: !!float 1.5\ne: !!str 1\nf: !!bool true\ng: !!str same\nh: !!str x\ni: !foo x\n';
    const target = { a: 5, b: true, c: 'two', d: 'x', e: null, f: 'on', g: 'same', h: 'on', i: 'y' };
    const { printed } = reconcileText(text, target);
    expect(printed).toBe('a: 5\nb: true # kept\nc: two\nd: x\ne: null\nf: "on"\ng: !!str same\nh: !!str "on"\ni: "y"\n');
    expect(read11(printed)).toEqual(target);
  });

  test('a plain scalar that becomes several lines is written as a literal block, as go-yaml writes such a string; a quoted one keeps its quotes', () => {
    const text = "a: x\nb: 'x'\nc: \"x\"\nd: >\n  x\n";
    const target = { a: 'one\ntwo', b: 'one\ntwo', c: 'one\ntwo', d: 'one\ntwo' };
    const { printed } = reconcileText(text, target);
    expect(printed).toBe("a: |-\n  one\n  two\nb: 'one\n\n  two'\nc: \"one\\ntwo\"\nd: |-\n  one\n  two\n");
    expect(read11(printed)).toEqual(target);
  });

  test('mapping keys: kept in order and matched by their text (a number, a boolean, null), others removed, new ones appended, quoted when ambiguous', () => {
    const text = '1: x # one\ntrue: y\n~: z\ngone: 1\ntoString: 2\n';
    const target = { '1': 'x', true: 'y2', '': 'z', on: 'new', 'b c': 'yes' };
    const { printed } = reconcileText(text, target);
    expect(printed).toBe('1: x # one\ntrue: y2\n~: z\n"on": new\nb c: "yes"\n');
  });

  test('two keys of one text (`1` and `"1"`): the first is kept, the second dropped', () => {
    expect(reconcileText('1: x\n"1": y\n', { '1': 'z' }).printed).toBe('1: z\n');
  });

  test('a key that is no scalar is dropped; the target\'s key is appended', () => {
    expect(reconcileText('? [a, b]\n: x\nc: y\n', { 'a,b': 'x', c: 'y' }).printed).toBe('c: y\na,b: x\n');
  });

  test('a key that is no scalar is never taken for a key of the target, even one named `undefined`', () => {
    expect(reconcileText('? [a]\n: x\nc: y\n', { undefined: 'x', c: 'y' }).printed).toBe('c: y\nundefined: x\n');
  });

  test('a mapping built from plain keys (not parsed): matched by their text, the same pairs kept; others dropped', () => {
    const doc = new YAML.Document();
    const map = new YAML.YAMLMap();
    map.set('a', 'x');
    map.set(1, 'y');
    map.set(true, 'z');
    map.set(['list'], 'w');
    map.set('gone', 1);
    const [a, one, yes] = map.items;
    expect(reconcileNode(doc, map, { a: 'x2', '1': 'y', true: 'z', list: 'w' })).toBe(map);
    expect(map.items.slice(0, 3)).toEqual([a, one, yes]);
    doc.contents = map;
    expect(printYamlDocument(doc, toStringOptions(false))).toBe('a: x2\n1: "y"\ntrue: z\nlist: w\n');
  });

  test('a node of another kind is replaced by a new one', () => {
    expect(reconcileText('a: x\n', ['x'])).toEqual({ printed: '- x\n', same: false });
    expect(reconcileText('- x\n', { a: 'on' })).toEqual({ printed: 'a: "on"\n', same: false });
    expect(reconcileText('a: [1, 2]\nb: x\nc: {d: 1}\n', { a: 'x', b: [1], c: ['no'] }).printed).toBe('a: x\nb:\n- 1\nc:\n- "no"\n');
  });

  test('sequence elements are matched by content: an insertion or a removal leaves the others, comments and all', () => {
    const text = '- a: 1 # one\n- b: 2 # two\n- c: 3 # three\n';
    expect(reconcileText(text, [{ a: 1 }, { new: 'yes' }, { b: 2 }, { c: 3 }]).printed).toBe('- a: 1 # one\n- new: "yes"\n- b: 2 # two\n- c: 3 # three\n');
    expect(reconcileText(text, [{ b: 2 }]).printed).toBe('- b: 2 # two\n');
    expect(reconcileText(text, [{ zero: 0 }, { a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }]).printed).toBe('- zero: 0\n- a: 1 # one\n- b: 2 # two\n- c: 3 # three\n- d: 4\n');
  });

  test('an element that changed in place keeps its node and comments; a removal with an insertion at its place becomes that change', () => {
    const text = '- a: 1 # one\n- b: 2 # two\n- c: 3 # three\n';
    expect(reconcileText(text, [{ a: 1 }, { b: 5 }, { c: 3 }]).printed).toBe('- a: 1 # one\n- b: 5 # two\n- c: 3 # three\n');
    expect(reconcileText(text, [{ a: 5 }, { b: 6, x: 'z' }, { c: 3 }, 'off']).printed).toBe('- a: 5 # one\n- b: 6 # two\n  x: z\n- c: 3 # three\n- "off"\n');
  });
});

describe('createNode and quoteAmbiguousScalars', () => {
  test('new values: every string a YAML 1.1 reader would misread is double-quoted, keys included, at any depth', () => {
    const doc = new YAML.Document();
    const value = { on: ['yes', { '012': 'null', plain: 'text' }], n: 1, t: true, z: null };
    doc.contents = createNode(doc, value) as typeof doc.contents;
    const printed = printYamlDocument(doc, toStringOptions(false));
    expect(printed).toBe('"on":\n- "yes"\n- "012": "null"\n  plain: text\n"n": 1\nt: true\nz: null\n');
    expect(read11(printed)).toEqual(value);
  });

  test('quoteAmbiguousScalars leaves other strings, and scalars that are no strings, in their style', () => {
    const doc = YAML.parseDocument("a: 'text'\nb: 1\nc: on\n", PARSE_OPTIONS);
    quoteAmbiguousScalars(doc.contents as YAML.Node);
    expect(doc.toString()).toBe("a: 'text'\nb: 1\nc: \"on\"\n");
  });
});

describeWithReader(pyyamlMissing(), 'changed scalars read back by PyYAML', () => {
  test('tagged scalars given a value of another type, and scalars given several lines, read as the new values', () => {
    const cases: [string, Record<string, JsonValue>][] = [
      ['a: !!str x\nb: !!int 1\nc: !!float 1.5\nd: !!str 1\ne: !!bool true\nf: !!str x\n', { a: 5, b: 'two', c: 'x', d: null, e: 'on', f: 'on' }],
      ["a: x\nb: 'x'\nc: \"x\"\nd: >\n  x\n", { a: 'one\ntwo', b: 'one\ntwo', c: 'one\ntwo', d: 'one\ntwo' }],
    ];
    const read = pyyamlLoadAll(cases.map(([text, target]) => reconcileText(text, target).printed));
    expect(read).toEqual(cases.map(([, target]) => ({ documents: [target] })));
  });
});
