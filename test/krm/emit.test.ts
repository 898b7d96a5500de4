/**
 * The fast printer writes what the `yaml` package writes, on every kind of value, with drydock-fn's
 * one rule on top (printYamlDocument: strings holding characters YAML 1.1 reads differently are
 * double-quoted and escaped), which every fallback through `yaml` applies too.
 */
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { emitDocument, emitPair } from '../../src/krm/emit';
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
    fc.assert(
      fc.property(fc.dictionary(strings, json, { maxKeys: 5 }), (value) => {
        const fast = emitDocument(value, indentSeq);
        if (fast !== undefined) expect(fast).toBe(yamlPrint(value, indentSeq));
      }),
      { numRuns: 3000 },
    );
  });

  test('prints most values itself', () => {
    let printed = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json, { maxKeys: 5 }), (value) => {
        if (emitDocument(value, false) !== undefined) printed++;
      }),
      { numRuns: 500 },
    );
    expect(printed).toBeGreaterThan(400);
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
