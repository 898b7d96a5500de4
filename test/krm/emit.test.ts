/**
 * The fast printer writes what the `yaml` package writes, on every kind of value, with drydock-fn's
 * one rule on top (printYamlDocument: strings holding characters YAML 1.1 reads differently are
 * double-quoted and escaped), which every fallback through `yaml` applies too.
 */
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { emitDocument, emitPair, emitScalarInStyle, emitSeqItem } from '../../src/krm/emit';
import { createNode } from '../../src/krm/reconcile';
import type { JsonValue } from '../../src/krm/types';
import { toStringOptions } from '../../src/krm/yaml-options';
import { printYamlDocument } from '../../src/krm/yaml11';
import { hostileString } from '../support/hostile';

function yamlPrint(value: JsonValue, indentSeq: boolean): string {
  const doc = new YAML.Document();
  doc.contents = createNode(doc, value) as typeof doc.contents;
  return printYamlDocument(doc, toStringOptions(indentSeq));
}

const tricky = fc.constantFrom(
  '', ' ', 'on', 'yes', 'No', '0777', '1:20', '2001-12-14', '100', '1e3', '.5', 'null', '~', 'true', '<<', '=', '-', '?', '- a', '? a', 'a: b', 'a:', 'a #b', '#a',
  '@x', '`x', '%x', '---', '--- a', '...', "it's", 'say "hi"', `both ' and "`, 'a\nb', 'a\nb\n', 'a\nb\n\n', '\na', ' a\nb', 'a\n b', 'a \nb', 'a\n\n\nb', 'tab\tin',
  '[x]', '{x}', 'x, y', '*a', '&a', '!a', '|', '>', "'", '"', '\\', 'back\\slash', 'ünïcödé', '😀', 'line\n  indented\n', 'trailing\n ', '\u0085x', 'ctrl\u0001', 'a\r\nb',
  'http://example.com:8080/path?q=1#frag', 'key=value', '0o17', '0x1F', '+1', '-1.5', '.inf', '.NaN', '1_000', 'Null', 'FALSE', 'y', 'n',
);
const strings = fc.oneof(
  fc.string(),
  tricky,
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', "'", '"', '\t', '1', '.') }),
  hostileString(),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\\', '"', '\u2028', '\u0085', '\x7f', '\x01', '\ufeff', '\ud800', '\udc00') }),
);
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    strings,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(strings, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('emitDocument', () => {
  test.each([false, true])('matches yaml on random values (indentSeq %s)', (indentSeq) => {
    let printed = 0;
    fc.assert(
      fc.property(fc.dictionary(strings, json, { maxKeys: 5 }), (value) => {
        const fast = emitDocument(value, indentSeq);
        const reference = yamlPrint(value, indentSeq);
        if (fast !== undefined) printed++;
        expect(fast ?? reference).toBe(reference);
      }),
      { numRuns: 3000 },
    );
    // About 1,520 of 3,000 (the hostile strings send the rest to yaml): the fast printer is compared, not skipped.
    expect(printed).toBeGreaterThan(1300);
  });

  test('prints most values itself', () => {
    let printed = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json, { maxKeys: 5 }), (value) => {
        if (emitDocument(value, false) !== undefined) printed++;
      }),
      { numRuns: 2000 },
    );
    // About 1,670 of 2,000: enough runs that the count never falls under the bound by chance.
    expect(printed).toBeGreaterThan(1500);
  });

  test('emitPair is the pair as it appears in a mapping at that indentation', () => {
    let printed = 0;
    fc.assert(
      fc.property(strings, json, fc.boolean(), (key, value, indentSeq) => {
        const pair = emitPair(key, value, '    ', indentSeq);
        const whole = yamlPrint({ a: { b: { [key]: value } } }, indentSeq);
        // Undefined only for what the fast printer leaves to `yaml` (a key with a line break, among others).
        if (pair !== undefined) printed++;
        expect(pair === undefined ? whole : `a:\n  b:\n${pair}`).toBe(whole);
      }),
      { numRuns: 3000 },
    );
    expect(printed).toBeGreaterThan(1800);
  });
});

describe('what the fast printer leaves to yaml, and its other entry points', () => {
  test('a non-finite number is left to yaml (JSON would print it as null)', () => {
    for (const value of [Infinity, -Infinity, NaN]) {
      expect(emitDocument({ a: value }, false)).toBeUndefined();
      expect(emitPair('a', value, '', false)).toBeUndefined();
      expect(emitSeqItem(value, '', false)).toBeUndefined();
    }
    expect(yamlPrint({ a: Infinity, b: -Infinity }, false)).toBe('a: .inf\nb: -.inf\n');
  });

  test('a double-quoted string of several lines, 40 characters or more, is folded as yaml folds it', () => {
    const value = 'a long first line of text\u0085 here\nsecond line\n\nthird line';
    const printed = emitDocument({ k: value }, false);
    expect(printed).toBe('k: "a long first line of text\\N here\n\n  second line\n\n\n  third line"\n');
    expect(printed).toBe(yamlPrint({ k: value }, false));
    expect(YAML.parse(printed!)).toEqual({ k: value });
    // Shorter: the line breaks stay escapes.
    expect(emitDocument({ k: 'short\u0085\nx' }, false)).toBe('k: "short\\N\\nx"\n');
  });

  test('a key of more than 1024 characters as printed (quotes and escapes included) is left to yaml, which writes an explicit key', () => {
    expect(emitPair('k'.repeat(1024), 1, '', false)).toBe(`${'k'.repeat(1024)}: 1\n`);
    expect(emitPair('k'.repeat(1025), 1, '', false)).toBeUndefined();
    expect(emitPair('"'.repeat(1023), 1, '', false)).toBeUndefined();
    expect(emitDocument({ ['k'.repeat(1025)]: 1 }, false)).toBeUndefined();
    expect(yamlPrint({ ['k'.repeat(1025)]: 1 }, false)).toBe(`? ${'k'.repeat(1025)}\n: 1\n`);
  });

  test.each([false, true])('emitSeqItem is the element as it appears in a sequence at that indentation (indentSeq %s)', (indentSeq) => {
    let printed = 0;
    fc.assert(
      fc.property(json, (value) => {
        const item = emitSeqItem(value, indentSeq ? '  ' : '', indentSeq);
        const whole = yamlPrint({ x: [value] }, indentSeq);
        if (item !== undefined) printed++;
        expect(item === undefined ? whole : `x:\n${item}`).toBe(whole);
      }),
      { numRuns: 2000 },
    );
    expect(printed).toBeGreaterThan(1600);
    expect(emitSeqItem({ a: 1, b: [1, 2] }, '  ', true)).toBe('  - a: 1\n    b:\n      - 1\n      - 2\n');
  });

  test.each([
    ['a double-quoted scalar keeps its quotes', 'new', 'double', '"new"'],
    ['a single-quoted scalar keeps its quotes', "it's", 'single', "'it''s'"],
    ['a literal block stays a block for several lines, indented under the key', 'a\nb', 'literal', '|-\n    a\n    b'],
    ['a literal block of one line becomes plain', 'ab', 'literal', 'ab'],
    ['a plain scalar YAML 1.1 reads as a boolean is double-quoted', 'yes', 'plain', '"yes"'],
    ['a character YAML 1.1 reads as a line break: double-quoted and escaped, whatever the style', 'a\u2028b', 'single', '"a\\Lb"'],
    ['a number is plain, whatever the style', 5, 'double', '5'],
    ['null is plain, whatever the style', null, 'single', 'null'],
  ] as const)('emitScalarInStyle: %s', (_name, value, style, expected) => {
    const printed = emitScalarInStyle(value, style, '  ');
    expect(printed).toBe(expected);
    expect(YAML.parse(`a:\n  k: ${printed}\n`)).toEqual({ a: { k: value } });
  });
});

describe('double-quoted strings around the length where yaml writes their line breaks as lines', () => {
  // A control character forces double quotes; yaml writes "\n" as a line break from 40 characters of
  // JSON on (doubleQuotedMinMultiLineLength), so 38 to 42 cross that length.
  test.each([38, 39, 40, 41, 42])('%i characters of JSON: as yaml prints it', (jsonLength) => {
    const value = `\u0001${'a'.repeat(jsonLength - 11)}\nb`;
    expect(JSON.stringify(value)).toHaveLength(jsonLength);
    expect(emitDocument({ k: value }, false)).toBe(yamlPrint({ k: value }, false));
  });
});
