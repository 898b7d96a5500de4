/** Plain-data helpers of the krm layer. */
import * as fc from 'fast-check';
import { cloneJson, formatPath, isPlainObject, jsonEqual } from '../../src/krm/types';

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

describe('cloneJson: what a JSON round trip would give, for what fast-check does not generate', () => {
  test('undefined stays undefined (JSON.stringify gives nothing to parse)', () => {
    expect(cloneJson(undefined)).toBeUndefined();
  });

  test('functions, symbols and undefined: dropped from mappings, null in sequences and alone', () => {
    const value = { f: () => 1, s: Symbol('s'), u: undefined, keep: 1, list: [() => 1, Symbol('t'), undefined, null, 2] };
    expect(cloneJson(value)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(Object.keys(cloneJson(value))).toEqual(['keep', 'list']);
    expect(cloneJson(value).list).toEqual([null, null, null, null, 2]);
    expect(cloneJson(() => 1)).toBeNull();
    expect(cloneJson(Symbol('x'))).toBeNull();
  });

  test('toJSON is called, as JSON.stringify does (a Date becomes its ISO text)', () => {
    const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(cloneJson({ at: date })).toEqual({ at: '2026-01-02T03:04:05.000Z' });
    expect(cloneJson({ v: { toJSON: () => ({ x: [1] }) } })).toEqual({ v: { x: [1] } });
  });

  test('non-finite numbers become null, -0 becomes 0', () => {
    expect(cloneJson([NaN, Infinity, -Infinity, -0, 1.5])).toEqual([null, null, null, 0, 1.5]);
    expect(Object.is(cloneJson(-0), 0)).toBe(true);
  });

  test('a key "__proto__" (from JSON.parse) stays an own key, and sets no prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = cloneJson(value);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"a":1}');
    // a plain data property, as JSON.parse makes it
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')).toEqual(Object.getOwnPropertyDescriptor(value, '__proto__'));
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')).toEqual({ value: { polluted: true }, enumerable: true, writable: true, configurable: true });
  });
});

describe('formatPath: field paths as Kubernetes tools print them', () => {
  test.each([
    [[], ''],
    [['spec'], 'spec'],
    [['spec', 'template', 'spec', 'containers', 0, 'args'], 'spec.template.spec.containers[0].args'],
    [[0, 'a'], '[0].a'],
    [['_a-b9', 'Z'], '_a-b9.Z'],
    [['metadata', 'annotations', 'app.kubernetes.io/name'], 'metadata.annotations["app.kubernetes.io/name"]'],
    [['data', 'a b'], 'data["a b"]'],
    [['data', '9lives'], 'data["9lives"]'],
    [['data', '-x'], 'data["-x"]'],
    [['data', 'x.'], 'data["x."]'],
    [['data', ''], 'data[""]'],
    [['a"b'], '["a\\"b"]'],
  ])('%j: %s', (path, expected) => expect(formatPath(path)).toBe(expected));
});

test('isPlainObject: mappings only', () => {
  expect([{}, { a: 1 }, Object.create(null)].map(isPlainObject)).toEqual([true, true, true]);
  expect([null, undefined, [], 'x', 1, true].map(isPlainObject)).toEqual([false, false, false, false, false, false]);
});

describe('jsonEqual: structural equality, key order ignored for mappings only', () => {
  test.each([
    [1, 1],
    ['a', 'a'],
    [null, null],
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }],
    [[], []],
    [{}, {}],
  ])('%j equals %j', (a, b) => {
    expect(jsonEqual(a, b)).toBe(true);
    expect(jsonEqual(b, a)).toBe(true);
  });

  test.each([
    [1, '1'],
    [null, {}],
    [{}, null],
    [null, 0],
    [[1, 2], [2, 1]],
    [[1], [1, 2]],
    [[1, 2], [1]],
    [[], {}],
    [{}, []],
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { b: 1 }],
    [{ a: 1 }, { a: 1, b: 2 }],
    [{ a: undefined }, { b: undefined }],
    [{ a: [1] }, { a: [2] }],
    [true, false],
    ['a', 'b'],
    // a mapping without keys and a string without characters: no keys to compare either side
    [{}, ''],
  ])('%j differs from %j', (a, b) => {
    expect(jsonEqual(a, b)).toBe(false);
    expect(jsonEqual(b, a)).toBe(false);
  });

  test('a key inherited from the prototype is not the mapping\'s own', () => {
    const inherited = Object.create({ a: 1 }) as Record<string, unknown>;
    inherited.b = 2;
    // one own key each, and `a` reads as 1 through the prototype
    expect(jsonEqual({ a: 1 }, inherited)).toBe(false);
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
