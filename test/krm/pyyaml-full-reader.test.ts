/**
 * src/krm/pyyaml.ts, the full reader (readAsPyYamlWithYaml: the `yaml` package's parse and the walk
 * of pyyaml-construct.ts) given texts directly, as it gets every text the line reader declines:
 * documents that hold no value, block scalars at the end of the text, quoted values, texts too long
 * for the line reader, and the words of its problems. Each reading is compared with PyYAML 6 where
 * the machine has it.
 */
import { readAsPyYaml, readAsPyYamlSimply, readAsPyYamlWithYaml } from '../../src/krm/pyyaml';
import { NODE_BUDGET } from '../../src/krm/pyyaml-construct';
import { pyyamlMissing, pyyamlValues } from '../support/pyyaml';
import { describeWithReader } from '../support/readers';

/** Texts PyYAML reads, and the value it reads from each. */
const READ: [string, string, unknown][] = [
  ['an empty text', '', null],
  ['comments only', '# settings\n', null],
  ['a document start alone', '---\n', null],
  ['a document start with a comment', '--- # settings\n', null],
  ['a document start, spaces and a comment', '---   # settings\n', null],
  ['a document start and a space', '--- \n', null],
  ['a document end and a space', '---\n... \n', null],
  ['a document start and end', '---\n...\n', null],
  ['a document end with a comment', '---\n...  # end\n', null],
  ['a document start and end with CRLF', '---\r\n...\r\n', null],
  ['a directive, then a document start', '%YAML 1.1\n---\n', null],
  ['a byte order mark alone', '\uFEFF', null],
  ['a byte order mark, then a comment', '\uFEFF# settings\n', null],
  ['an anchor on nothing', '&a\n', null],
  ['nothing tagged !!str: the empty string', '--- !!str\n', ''],
  ['an empty quoted string', '--- ""\n', ''],
  ['a plain scalar', 'x\n', 'x'],
  ['a key twice in a flow mapping: the last value', '{a: 1, a: 2}\n', { a: 2 }],
  ['a literal block scalar ending the text without a line break: none kept', 'v: |\n  abc', { v: 'abc' }],
  ['the same with spaces after its last word: kept, without a line break', 'v: |\n  abc  ', { v: 'abc  ' }],
  ['the same tagged !!str', 'v: !!str |\n  abc', { v: 'abc' }],
  ['a folded block scalar tagged !!str ending the text', 'v: !!str >\n  abc\n  def', { v: 'abc def' }],
  ['a stripped block scalar ending the text', 'v: |-\n  abc', { v: 'abc' }],
  ['a block scalar, then a comment ending the text without a line break', 'v: |\n  abc\n#', { v: 'abc\n' }],
  ['a block scalar, then another key', 'v: |\n  abc\nw: x', { v: 'abc\n', w: 'x' }],
  ['a double-quoted value with an escaped line break', 'v: "a\\\n  b"\n', { v: 'ab' }],
];

/** Texts PyYAML refuses: drydock-fn's problem, in its words and with its line. */
const REFUSED: [string, string, string][] = [
  ['a tab after the document start', '---\t\n', 'is not a YAML document PyYAML reads (line 1: a tab, which PyYAML reads as no token)'],
  ['a tab between the document start and a comment', '--- \t# settings\n', 'is not a YAML document PyYAML reads (line 1: a tab, which PyYAML reads as no token)'],
  ['a tab after a document end', '---\n...\t# end\n', 'is not a YAML document PyYAML reads (line 2: a tab, which PyYAML reads as no token)'],
  ['a document end before any document, with CRLF', '# settings\r\n...\r\n', 'is not a YAML document PyYAML reads (line 2: a document end "..." before any document)'],
  ['a directive ending with "---" and no document', '%FOO ---\n', 'is not a YAML document PyYAML reads (line 1: a directive with no document "---" after it)'],
  ['a directive ending with "..." and no document', '%FOO ...\n', 'is not a YAML document PyYAML reads (line 1: a directive with no document "---" after it)'],
  ['a directive on line 2 and no document', '# settings\n%YAML 1.1\n', 'is not a YAML document PyYAML reads (line 2: a directive with no document "---" after it)'],
  ['a key without its colon', 'a: 1\nb\n', 'is not valid YAML (line 2: MISSING_CHAR)'],
  ['a plain << as a value', 'v: <<\n', 'holds a plain << (line 1), which PyYAML has no constructor for'],
  ['a binary integer without digits', 'v: 0b_\n', 'holds a binary integer PyYAML cannot construct (line 1)'],
  ['the same with a sign', 'v: -0b_\n', 'holds a binary integer PyYAML cannot construct (line 1)'],
  ['a hexadecimal integer without digits', 'v: 0x_\n', 'holds a hexadecimal integer PyYAML cannot construct (line 1)'],
  ['the same with a sign', 'a: 1\nv: -0x_\n', 'holds a hexadecimal integer PyYAML cannot construct (line 2)'],
  ['an impossible date', 'v: 2001-13-45\n', 'holds a date or time PyYAML cannot construct (line 1)'],
];

describe('the full reader', () => {
  test.each(READ)('%s', (_name, text, value) => {
    expect(readAsPyYamlWithYaml(text)).toEqual({ value });
    expect(readAsPyYaml(text)).toEqual({ value });
  });

  test.each(REFUSED)('%s: refused', (_name, text, problem) => {
    expect(readAsPyYamlWithYaml(text)).toEqual({ problem });
    expect(readAsPyYaml(text)).toEqual({ problem });
  });

  test('a syntax error other than an open quote is named by its code, with its line', () => {
    expect(readAsPyYamlWithYaml('v: [a, b\n')).toEqual({ problem: expect.stringMatching(/^is not valid YAML \(line 2: [A-Z_]+\)$/) });
  });

  test('a quoted value continued on a line that is not indented: refused with the line it starts on', () => {
    expect(readAsPyYamlWithYaml("a: 1\nv: 'a\nb'\n")).toEqual({
      problem: 'has a quoted value left open on line 2 (a quoted value continued on lines that are not indented is read by PyYAML, not by the YAML specification nor drydock-fn)',
    });
  });
});

describe('texts PyYAML reads that drydock-fn does not read alike', () => {
  test('a byte order mark after the first line, which PyYAML reads as text and `yaml` as none: refused', () => {
    expect(readAsPyYamlWithYaml('# settings\n\uFEFF\n')).toEqual({ problem: 'is not a YAML document PyYAML reads (line 2: no value)' });
  });
});

describe('characters PyYAML reads otherwise', () => {
  test.each([
    ['a raw U+2028 (PyYAML reads a line break)', 'v: a\u2028b\n', 'holds a raw U+2028 (a line break to PyYAML only) on line 1'],
    ['a raw control character (PyYAML refuses it)', 'a: 1\nv: a\u0001b\n', 'holds a raw U+0001 (a character PyYAML refuses) on line 2'],
  ])('%s: refused, named', (_name, text, problem) => {
    expect(readAsPyYaml(text)).toEqual({ problem });
  });
});

describe('texts too long for the line reader', () => {
  // 50,001 keys after a blank first line: with the mapping, 100,003 values, each key and value one.
  const long = `\n${Array.from({ length: 50_001 }, (_, index) => `k${index}: 0`).join('\n')}\n`;

  test('are read by the full reader, which counts the values it builds: more than the node budget is refused', () => {
    expect(readAsPyYamlSimply(long)).toBeUndefined();
    expect(readAsPyYaml(long)).toEqual({ problem: expect.stringMatching(new RegExp(`more than ${NODE_BUDGET} values`)) });
  });
});

describeWithReader(pyyamlMissing(), 'the same texts read by PyYAML', () => {
  test('PyYAML reads the same values, and refuses the refused texts', () => {
    const python = pyyamlValues([...READ.map(([, text]) => text), ...REFUSED.map(([, text]) => text)]);
    READ.forEach(([name, , value], index) => expect({ name, read: python[index] }).toEqual({ name, read: { value: expect.objectContaining({ json: value }), ...(value !== null && typeof value === 'object' ? { entries: expect.anything() } : {}) } }));
    REFUSED.forEach(([name], index) => expect({ name, read: Object.keys(python[READ.length + index]) }).toEqual({ name, read: ['error'] }));
  });

  test('PyYAML reads a byte order mark after the first line as text', () => {
    expect(pyyamlValues(['# settings\n\uFEFF\n'])).toEqual([{ value: expect.objectContaining({ type: 'str', json: '\uFEFF' }) }]);
  });
});
