/** Plain-data helpers of the krm layer. */
import * as fc from 'fast-check';
import { cloneJson } from '../../src/krm/types';

describe('cloneJson', () => {
  test('copies as a JSON round trip would, on every kind of value', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: false, withBoxedValues: false, withMap: false, withSet: false, withTypedArray: false, withSparseArray: false, withBigInt: false }), (value) => {
        const copy = cloneJson(value);
        if (value === undefined) return;
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
        expect(copy).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 2000 },
    );
  });

  test('a copy shares nothing that can change', () => {
    const value = { a: { b: [1, { c: 'd' }] } };
    const copy = cloneJson(value);
    (copy.a.b[1] as { c: string }).c = 'e';
    expect(value.a.b[1]).toEqual({ c: 'd' });
  });
});

describe('closingQuoteIn', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { closingQuoteIn } = require('../../src/krm/text-scan') as typeof import('../../src/krm/text-scan');
  test.each([
    ['"abc" rest', '"', 4],
    ['"a\\"b" rest', '"', 5],
    ['"a\\\\" rest', '"', 4],
    ['"a\\\\\\"b"', '"', 7],
    ['"\\"x" rest', '"', 4], // a backslash right after the opening quote
    ["'it''s' x", "'", 6],
    ["'open", "'", -1],
    ['"open\\"', '"', -1],
  ])('%s', (text, quote, expected) => {
    expect(closingQuoteIn(text, 1, quote)).toBe(expected);
  });
});
