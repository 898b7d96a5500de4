/**
 * The fast printer (src/krm/emit.ts) on the values its random comparison with `yaml` (emit.test.ts)
 * seldom draws: a string as the whole document, block scalars that start with blank lines or spaces,
 * long double-quoted strings whose line breaks `yaml` writes as lines, and the single-quoted and
 * double-quoted styles kept by emitScalarInStyle. Each expected text is written out here; it is what
 * the `yaml` package prints for the value (checked in each test), and YAML readers read it back as the
 * value: `yaml`, js-yaml, and PyYAML (a YAML 1.1 reader) where the machine has it.
 */
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { emitDocument, emitPair, emitScalarInStyle, emitSeqItem } from '../../src/krm/emit';
import { createNode, reconcileNode } from '../../src/krm/reconcile';
import type { JsonValue } from '../../src/krm/types';
import { toStringOptions } from '../../src/krm/yaml-options';
import { printYamlDocument } from '../../src/krm/yaml11';
import { pyyamlLoadAll, pyyamlMissing } from '../support/pyyaml';
import { describeWithReader } from '../support/readers';

function yamlPrint(value: JsonValue, indentSeq = false): string {
  const doc = new YAML.Document();
  doc.contents = createNode(doc, value) as typeof doc.contents;
  return printYamlDocument(doc, toStringOptions(indentSeq));
}

/** 34 characters: with a control character and a line break, its JSON is 40 or more, where `yaml` writes `\n` as a line break. */
const LONG = 'a long first line of text here, ok';

/** Strings as the whole document: [what, value, the document]. */
const ROOTS: [string, string, string][] = [
  ['a double-quoted line starting with "---" is indented, or it would end the document', `\u0001${LONG}\n--- x`, `"\\x01${LONG}\n\n  --- x"\n`],
  ['the same for "..."', `\u0001${LONG}\n...`, `"\\x01${LONG}\n\n  ..."\n`],
  ['the same for "%"', `\u0001${LONG}\n%x`, `"\\x01${LONG}\n\n  %x"\n`],
  ['no marker: the lines are not indented, a space after a line break escaped', `\u0001${LONG}\n\n\n x`, `"\\x01${LONG}\n\n\n\n\\ x"\n`],
];

/** Strings as the value of `k`: [what, value, the document]. */
const VALUES: [string, string, string][] = [
  // literal block scalars
  ['a block whose first line starts with a space: indentation indicator 2', ' a\nb', 'k: |2-\n   a\n  b\n'],
  ['a block that starts with empty lines', '\n\na\nb', 'k: |-\n  \n\n  a\n  b\n'],
  ['a block that starts with three line breaks', '\n\n\na', 'k: |-\n  \n\n\n  a\n'],
  ['a block that starts with a line of one space', ' \n a\nb', 'k: |2-\n   \n   a\n  b\n'],
  ['a block that starts with a line break, then a space', '\n a', 'k: |2-\n  \n   a\n'],
  ['three line breaks at the end: kept', 'a\nb\n\n\n', 'k: |+\n  a\n  b\n\n\n'],
  ['spaces at the end of the last line, no line break', 'a\nb  ', 'k: |-\n  a\n  b  \n'],
  ['one line break', '\n', 'k: |+\n  \n'],
  ['two line breaks', '\n\n', 'k: |+\n  \n\n'],
  // double-quoted strings (a control character forces the quotes) of 40 characters of JSON or more
  ['a tab after a line break', `\u0001${LONG}\n\tx`, `k: "\\x01${LONG}\n\n  \\tx"\n`],
  ['a double quote after a line break', `\u0001${LONG}\n"x`, `k: "\\x01${LONG}\n\n  \\"x"\n`],
  ['a backslash after a line break', `\u0001${LONG}\n\\x`, `k: "\\x01${LONG}\n\n  \\\\x"\n`],
  ['a space after a line break: escaped', `\u0001${LONG}\n x`, `k: "\\x01${LONG}\n\n  \\ x"\n`],
  ['a space before a line break: escaped', `\u0001${LONG} \nx`, `k: "\\x01${LONG}\\ \n\n  x"\n`],
  ['a space before a tab: as it is', `\u0001${LONG} \tx`, `k: "\\x01${LONG} \\tx"\n`],
  ['a space before a double quote: as it is', `\u0001${LONG} "x`, `k: "\\x01${LONG} \\"x"\n`],
  ['a space before a backslash: as it is', `\u0001${LONG} \\x`, `k: "\\x01${LONG} \\\\x"\n`],
  ['two line breaks at the end: the last stays an escape', `\u0001${LONG}\n\n`, `k: "\\x01${LONG}\n\n  \\n"\n`],
  ['one line break at the end: an escape', `\u0001${LONG}\n`, `k: "\\x01${LONG}\\n"\n`],
  ['three line breaks before a double quote at the end', `\u0001${LONG}\n\n\n"`, `k: "\\x01${LONG}\n\n\n\n  \\""\n`],
  ['two line breaks before a tab', `\u0001${LONG}\n\n\tx`, `k: "\\x01${LONG}\n\n\n  \\tx"\n`],
  ['two line breaks before a space', `\u0001${LONG}\n\n x`, `k: "\\x01${LONG}\n\n\n  \\ x"\n`],
  ['an "n" after a line break', `\u0001${LONG}\nnx`, `k: "\\x01${LONG}\n\n  nx"\n`],
  ['an "n" second after a line break', `\u0001${LONG}\nany`, `k: "\\x01${LONG}\n\n  any"\n`],
  ['a space first, before the control character', ` \u0001${LONG}`, `k: " \\x01${LONG}"\n`],
  ['a space and a line break first', ` \n${LONG}\u0001`, `k: "\\ \n\n  ${LONG}\\x01"\n`],
  ['a space before a line break right after the first escape', `\u0001 \n${LONG}`, `k: "\\x01\\ \n\n  ${LONG}"\n`],
];

function readBack(document: string, value: JsonValue): void {
  expect(YAML.parse(document)).toEqual(value);
  expect(jsyaml.load(document)).toEqual(value);
}

describe('a string as the whole document', () => {
  test.each(ROOTS)('%s', (_name, value, document) => {
    expect(emitDocument(value, false)).toBe(document);
    expect(yamlPrint(value)).toBe(document);
    readBack(document, value);
  });
});

describe('a string as the value of a key', () => {
  test.each(VALUES)('%s', (_name, value, document) => {
    expect(emitDocument({ k: value }, false)).toBe(document);
    expect(yamlPrint({ k: value })).toBe(document);
    expect(emitPair('k', value, '', false)).toBe(document);
    readBack(document, { k: value });
  });
});

/** The YAML spec's escape of each C0 control (5.7, the short ones where there is one; \\xXX otherwise). */
const specEscape = (code: number): string =>
  ({ 0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 27: '\\e' })[code] ?? `\\x${code.toString(16).padStart(2, '0')}`;

/** Characters YAML 1.1 reads as line breaks, and U+00A0, which JSON writes raw: [value, document]. */
const LINE_BREAKS: [JsonValue, string] = [
  { k: 'a\u0085b\u2028c\u2029d\u00a0e', 'k\u0085\u2028\u2029\u00a0': 1, plain: 'a\u00a0b' },
  'k: "a\\Nb\\Lc\\Pd\u00a0e"\n"k\\N\\L\\P\u00a0": 1\nplain: a\u00a0b\n',
];

/** Every C0 control in a value and a key (a line break in a value only: a key with one is yaml's to print). */
const CONTROLS: [number, JsonValue, string][] = Array.from({ length: 0x20 }, (_, code) => {
  const char = String.fromCharCode(code);
  // U+0001 forces double quotes on strings whose own character would not.
  if (code === 10) return [code, { k: `a${char}b\u0001` }, 'k: "a\\nb\\x01"\n'];
  return [code, { k: `a${char}b\u0001`, [`k${char}\u0001`]: 1 }, `k: "a${specEscape(code)}b\\x01"\n"k${specEscape(code)}\\x01": 1\n`];
});

describe('escapes in double-quoted strings', () => {
  test.each(CONTROLS)('U+%i, in a value and in a key, takes the escape of the YAML spec', (_code, value, document) => {
    expect(emitDocument(value, false)).toBe(document);
    expect(yamlPrint(value)).toBe(document);
    readBack(document, value);
  });

  test("U+0085, U+2028 and U+2029 take YAML's escapes \\N, \\L and \\P; U+00A0, no line break to any reader, stays raw", () => {
    expect(emitDocument(LINE_BREAKS[0], false)).toBe(LINE_BREAKS[1]);
    expect(yamlPrint(LINE_BREAKS[0])).toBe(LINE_BREAKS[1]);
    readBack(LINE_BREAKS[1], LINE_BREAKS[0]);
  });
});

describe('emitScalarInStyle', () => {
  test.each(['plain', 'double', 'single', 'literal'] as const)('a number that is not finite is left to yaml (%s style)', (style) => {
    for (const value of [Infinity, -Infinity, NaN]) expect(emitScalarInStyle(value, style, '  ')).toBeUndefined();
  });

  /** [what, value, style, the scalar under a key at column 2] */
  const STYLED: [string, string, 'plain' | 'double' | 'single' | 'literal', string][] = [
    ['single quotes around two lines: the line break doubled, the next line indented', 'a\nb', 'single', "'a\n\n    b'"],
    ['single quotes around an empty line', 'a\n\nb', 'single', "'a\n\n\n    b'"],
    ['single quotes around a quote and a line break', "it's\nx", 'single', "'it''s\n\n    x'"],
    ['single quotes around "---" on the first line', '---\nx', 'single', "'---\n\n    x'"],
    ['a space before a line break: double quotes (single quotes would lose it)', 'a \nb', 'single', '"a\\ \\nb"'],
    ['a space after a line break: double quotes', 'a\n b', 'single', '"a\\n b"'],
    ['a tab after a line break: double quotes', 'a\tb\n\tc', 'single', '"a\\tb\\n\\tc"'],
    ['double quotes, short: the line break an escape', `${LONG}\nx`, 'double', `"${LONG}\\nx"`],
    ['double quotes, long: line breaks as lines', `${LONG}\n\nx \ny`, 'double', `"${LONG}\n\n\n    x\\ \n\n    y"`],
    ['a plain string of several lines becomes a literal block', 'a\n\nb', 'plain', '|-\n    a\n\n    b'],
    ['a literal block of several lines stays one', 'a\nb', 'literal', '|-\n    a\n    b'],
    ['a literal block whose first line starts with a space', ' a\nb', 'literal', '|2-\n     a\n    b'],
  ];

  test.each(STYLED)('%s', (_name, value, style, scalar) => {
    expect(emitScalarInStyle(value, style, '  ')).toBe(scalar);
    readBack(`a:\n  k: ${scalar}\n`, { a: { k: value } });
  });

  test('the same as yaml prints a scalar of that style given the new value (reconcileNode)', () => {
    for (const [, value, style, scalar] of STYLED) {
      const doc = YAML.parseDocument(`a:\n  k: ${{ plain: 'x', double: '"x"', single: "'x'", literal: '|-\n    x\n    y' }[style]}\n`);
      doc.contents = reconcileNode(doc, doc.contents, { a: { k: value } }) as typeof doc.contents;
      expect(printYamlDocument(doc, toStringOptions(false))).toBe(`a:\n  k: ${scalar}\n`);
    }
  });
});

describe('emitSeqItem', () => {
  test('a block element whose first line starts with a space, and a long double-quoted one', () => {
    const values = [' a\nb', `\u0001${LONG}\n x`];
    const items = values.map((value) => emitSeqItem(value, '  ', true));
    expect(items).toEqual(['  - |2-\n     a\n    b\n', `  - "\\x01${LONG}\n\n    \\ x"\n`]);
    expect(yamlPrint({ x: values }, true)).toBe(`x:\n${items.join('')}`);
    readBack(`x:\n${items.join('')}`, { x: values });
  });
});

describeWithReader(pyyamlMissing(), 'the same documents read by PyYAML', () => {
  test('PyYAML reads each one back as the value', () => {
    const texts = [...ROOTS.map(([, , document]) => document), ...VALUES.map(([, , document]) => document), ...CONTROLS.map(([, , document]) => document), LINE_BREAKS[1]];
    const values = [
      ...ROOTS.map(([name, value]) => ({ name, value })),
      ...VALUES.map(([name, value]) => ({ name, value: { k: value } })),
      ...CONTROLS.map(([code, value]) => ({ name: `U+${code}`, value })),
      { name: 'line breaks', value: LINE_BREAKS[0] },
    ];
    const read = pyyamlLoadAll(texts);
    values.forEach(({ name, value }, index) => expect({ name, read: read[index] }).toEqual({ name, read: { documents: [value] } }));
  });
});
