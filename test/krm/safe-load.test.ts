/**
 * src/krm/safe-load.ts reads YAML as Tutor reads config.yml: PyYAML's safe_load (YAML 1.1). A table
 * of scalars with the answers PyYAML gives (checked against PyYAML itself where it is installed), and
 * properties over YAML 1.1 scalars and hostile strings, written plain, quoted, tagged, in lists and
 * mappings, read by safeLoad and by PyYAML in one python3 process: where PyYAML reads a value, safeLoad
 * reads the same (type, Python's text of it, value) or refuses it as unsupported where it says it
 * may; where PyYAML refuses the text, nothing is asserted here (the decoder's properties, in
 * test/configmap-values.test.ts, check what a setting then gets).
 */
import * as fc from 'fast-check';
import { misplacedTab, resolvePlainScalar, safeLoad, safeLoadMapping } from '../../src/krm/safe-load';
import { oneLine } from '../../src/one-line';
import type { SafeLoadReading } from '../../src/krm/safe-load';
import { yaml11Scalar, yamlValueText } from '../support/hostile';
import { pyyamlLoadAll, pyyamlMissing, pyyamlValues } from '../support/pyyaml';
import type { PythonValue } from '../support/pyyaml';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const PYYAML_MISSING = pyyamlMissing();
if (PYYAML_MISSING) {
  // eslint-disable-next-line no-console
  console.warn(`safe-load: the table and the properties are not checked against PyYAML (${PYYAML_MISSING})`);
}

/** Text, then what safe_load reads: its type and Python's str() of it; 'refused' where PyYAML fails. */
const TABLE: readonly [string, string, string | 'refused'][] = [
  // Booleans: yes/no/on/off in three cases; y and n are text to PyYAML (not to the `yaml` package's yaml-1.1 schema).
  ['yes', 'bool', 'True'],
  ['Off', 'bool', 'False'],
  ['ON', 'bool', 'True'],
  ['n', 'str', 'n'],
  ['Y', 'str', 'Y'],
  ['tRUE', 'str', 'tRUE'],
  // Integers: a leading 0 is octal, 0b binary, 0x hexadecimal, underscores dropped, colons base 60.
  ['050', 'int', '40'],
  ['08', 'str', '08'],
  ['0o10', 'str', '0o10'],
  ['0b101', 'int', '5'],
  ['-0x1F', 'int', '-31'],
  ['1_7', 'int', '17'],
  ['0_', 'int', '0'],
  ['1:20', 'int', '80'],
  ['190:20:30', 'int', '685230'],
  ['0:10', 'str', '0:10'],
  ['1:60', 'str', '1:60'],
  ['123456789012345678901234567890', 'int', '123456789012345678901234567890'],
  ['0b_', 'refused', 'refused'],
  // Floats: a dot is needed, and a sign in the exponent.
  ['1e5', 'str', '1e5'],
  ['1.0e5', 'str', '1.0e5'],
  ['1.0e+5', 'float', '100000.0'],
  ['-.5', 'str', '-.5'],
  ['.5', 'float', '0.5'],
  ['1.', 'float', '1.0'],
  ['1.50', 'float', '1.5'],
  ['1_000.5', 'float', '1000.5'],
  ['1:20.5', 'float', '80.5'],
  ['100000000000000000.0', 'float', '1e+17'],
  ['0.00001', 'float', '1e-05'],
  ['-0.0', 'float', '-0.0'],
  ['.inf', 'float', 'inf'],
  ['-.Inf', 'float', '-inf'],
  ['.NaN', 'float', 'nan'],
  // Null.
  ['~', 'null', 'None'],
  ['', 'null', 'None'],
  ['NULL', 'null', 'None'],
  ['nULL', 'str', 'nULL'],
  // Dates and times, as Python writes them; impossible ones refused.
  ['2001-12-14', 'timestamp', '2001-12-14'],
  ['2001-1-2', 'str', '2001-1-2'],
  ['2001-12-14t21:59:43.10-05:00', 'timestamp', '2001-12-14 21:59:43.100000-05:00'],
  ['2001-12-14 21:59:43.1234567', 'timestamp', '2001-12-14 21:59:43.123456'],
  ['2001-12-14T21:59:43Z', 'timestamp', '2001-12-14 21:59:43+00:00'],
  ['2001-12-14 1:02:03 -0', 'timestamp', '2001-12-14 01:02:03+00:00'],
  ['2000-02-29', 'timestamp', '2000-02-29'],
  ['1900-02-29', 'refused', 'refused'],
  ['2001-13-45', 'refused', 'refused'],
  ['2001-12-14 1:02:03 +24', 'refused', 'refused'],
  // Keys without a constructor as values.
  ['=', 'refused', 'refused'],
  ['<<', 'refused', 'refused'],
  // Syntax: quotes, tags (! resolves as plain), comments, flow collections, merge keys, line breaks.
  ["'050'", 'str', '050'],
  ['"yes"', 'str', 'yes'],
  ['!!str 050', 'str', '050'],
  ['! 050', 'int', '40'],
  ['!!int 0x1F', 'int', '31'],
  ['p@ss #1', 'str', 'p@ss'],
  ['a\rb', 'str', 'a b'],
  ['[yes, 010, 2001-12-14]', 'list', "[True, 8, datetime.date(2001, 12, 14)]"],
  ['{<<: {a: 1}, b: 2}', 'dict', "{'a': 1, 'b': 2}"],
  ['a\u2028b', 'str', 'a\u2028b'],
  // Tabs: PyYAML refuses them outside quotes, block scalars and comments.
  ['a\tb', 'refused', 'refused'],
  ['"a\tb"', 'str', 'a\tb'],
  ['x # a\tcomment', 'str', 'x'],
  ['|\n  a\n\tb\n', 'refused', 'refused'],
  ['|\n  a\tb\n', 'str', 'a\tb\n'],
  ['&a.b x', 'refused', 'refused'],
  // Tags safe_load has no constructor for: PyYAML refuses the text.
  ['!mine x', 'refused', 'refused'],
  ['!!python/name:os.system x', 'refused', 'refused'],
  // Floats written with 16 digits before the point, and 3 zeros after it: Python's layout, not exponents.
  ['1000000000000000.0', 'float', '1000000000000000.0'],
  ['0.001', 'float', '0.001'],
  // An offset with minutes; explicit tags of safe_load's scalars.
  ['2001-12-14 1:02:03 +05:30', 'timestamp', '2001-12-14 01:02:03+05:30'],
  ['!!null ~', 'null', 'None'],
  ['!!bool yes', 'bool', 'True'],
  ['!!timestamp 2001-12-14', 'timestamp', '2001-12-14'],
  // What PyYAML refuses inside a document: the value key, a merge key as a value, a tag ! on what it cannot construct, a tab after a block scalar, an unclosed list.
  ['v: =', 'refused', 'refused'],
  ['v: <<', 'refused', 'refused'],
  ['! 0b_', 'refused', 'refused'],
  ['k: |\n  a\nv: a\tb\n', 'refused', 'refused'],
  ['[a', 'refused', 'refused'],
  ['a\u0001b', 'refused', 'refused'],
  // A ? in a plain scalar: read after a closed flow collection, refused (as unsupported) inside a nested one; an explicit key in braces.
  ['k: [a]\nv: b?c\n', 'dict', "{'k': ['a'], 'v': 'b?c'}"],
  ['k: {a: 1}\nv: b?c\n', 'dict', "{'k': {'a': 1}, 'v': 'b?c'}"],
  ['[[a], b?c]', 'refused', 'refused'],
  ['{? a : b}', 'dict', "{'a': 'b'}"],
  // U+2028 inside a plain scalar after an indicator's character that does not start it: kept, as PyYAML keeps it.
  ['a-\u2028b', 'str', 'a-\u2028b'],
  ['a---\u2028b', 'str', 'a---\u2028b'],
  ['a...\u2028b', 'str', 'a...\u2028b'],
  // `=` and `<<` inside a scalar, quoted or tagged !!str: text.
  ['v: a=', 'dict', "{'v': 'a='}"],
  ['v: =a', 'dict', "{'v': '=a'}"],
  ['v: "<<"', 'dict', "{'v': '<<'}"],
  ['v: !!str <<', 'dict', "{'v': '<<'}"],
  // Words that only start or end like a boolean or a date: text.
  ['button', 'str', 'button'],
  ['yesterday', 'str', 'yesterday'],
  ['x2001-12-14', 'str', 'x2001-12-14'],
  ['2001-12-14x', 'str', '2001-12-14x'],
  // Each kind of number with a sign, several digits or one: a float without a digit before the point, with an exponent, base 60 with three parts.
  ['.25', 'float', '0.25'],
  ['.5e+10', 'float', '5000000000.0'],
  ['190:20:30.15', 'float', '685230.15'],
  ['+0b101', 'int', '5'],
  ['-010', 'int', '-8'],
  ['-1:20', 'int', '-80'],
  ['1:5', 'int', '65'],
  ['-1:20.5', 'float', '-80.5'],
  ['1:5.5', 'float', '65.5'],
  // Two spaces between the date and the time.
  ['2001-12-14  1:02:03', 'timestamp', '2001-12-14 01:02:03'],
  // A lone `-` is a list, `---` a document marker: not text.
  ['-', 'list', '[None]'],
  ['---', 'null', 'None'],
  // The last of two equal keys wins; a byte order mark at the start is skipped.
  ['{a: 1, a: 2}', 'dict', "{'a': 2}"],
  ['\ufeff&a x', 'str', 'x'],
  // The tag ! resolves a quoted scalar as a plain one; !!int constructs a quoted one.
  ['! "050"', 'int', '40'],
  ['!!int "0x1F"', 'int', '31'],
  // U+2028 inside quotes, kept; inside a plain scalar under a key, PyYAML refuses the text.
  ['"a\u2028b"', 'str', 'a\u2028b'],
  ["'a\u2028b'", 'str', 'a\u2028b'],
  ['v: a\u2028b', 'refused', 'refused'],
  // Zero and a negative float; dates at each edge of a calendar's range, leap years by 4, 100 and 400, times at each edge of a clock's.
  ['0.0', 'float', '0.0'],
  ['-1.5', 'float', '-1.5'],
  ['2004-02-29', 'timestamp', '2004-02-29'],
  ['2001-02-29', 'refused', 'refused'],
  ['2001-04-30', 'timestamp', '2001-04-30'],
  ['0000-01-01', 'refused', 'refused'],
  ['0001-01-01', 'timestamp', '0001-01-01'],
  ['2001-00-10', 'refused', 'refused'],
  ['2001-13-01', 'refused', 'refused'],
  ['2001-12-00', 'refused', 'refused'],
  ['2001-12-14 24:00:00', 'refused', 'refused'],
  ['2001-12-14 23:00:00', 'timestamp', '2001-12-14 23:00:00'],
  ['2001-12-14 1:60:00', 'refused', 'refused'],
  ['2001-12-14 1:02:60', 'refused', 'refused'],
  ['2001-12-14 1:02:59', 'timestamp', '2001-12-14 01:02:59'],
  // A ? in a plain scalar inside brackets after a block scalar: PyYAML refuses it as it does without one.
  ['- |\n  x\n- [a?b, c]\n', 'refused', 'refused'],
];

/** The type and text of a reading, as the table writes them. */
function described(reading: SafeLoadReading): [string, string] {
  if (reading.kind !== 'value') return ['refused', 'refused'];
  if (reading.scalar) return [reading.scalar.type, reading.scalar.text];
  return [Array.isArray(reading.value) ? 'list' : 'dict', JSON.stringify(reading.value)];
}

// The first test of the file to read a document: the `yaml` package's tags for PyYAML's scalars are
// built at the first reading and kept, so this one reads a scalar of each (and the value key `=`, the
// only one of them without a constructor) and fails if any of them is built otherwise.
test('the first document read: each of safe_load\'s scalar types resolved as PyYAML resolves it, `=` as the value key', () => {
  const list = '[yes, 1.5, 1, ~, 2001-12-14, a=, =a]';
  expect(safeLoad(list)).toEqual({ kind: 'value', value: [true, 1.5, 1, null, '2001-12-14', 'a=', '=a'] });
  for (const text of ['v: =', '!!value =']) expect({ text, reading: safeLoad(text) }).toEqual({ text, reading: { kind: 'unreadable', problem: 'PyYAML has no constructor for =' } });
  // Tagged: by the tag's name; a date PyYAML refuses, in its type's words; a text the tag's own type does not match.
  expect(safeLoad('!!int 0x1F')).toEqual({ kind: 'value', value: 31, scalar: { type: 'int', value: 31, text: '31' } });
  expect(safeLoad('[2001-13-45]')).toEqual({ kind: 'unreadable', problem: 'PyYAML cannot construct this timestamp' });
  expect(safeLoad('!!float 1')).toEqual({ kind: 'unsupported', problem: 'a tag safe_load constructs as something no setting is (binary data, a set, an ordered map …), or not from this text' });
  if (PYYAML_MISSING) return;
  const [read, valueKey, tagged, int, date, float] = pyyamlLoadAll([list, 'v: =', '!!value =', '!!int 0x1F', '[2001-13-45]', '!!float 1']);
  expect([read, int, float]).toEqual([{ documents: [[true, 1.5, 1, null, '2001-12-14', 'a=', '=a']] }, { documents: [31] }, { documents: [1] }]);
  expect([valueKey, tagged, date].map((answer) => Object.keys(answer))).toEqual([['error'], ['error'], ['error']]);
});

describe('a table of scalars', () => {
  test.each(TABLE)('%j', (text, type, str) => {
    const [ours, ourText] = described(safeLoad(text));
    expect(ours).toBe(type);
    if (type !== 'list' && type !== 'dict') expect(ourText).toBe(str);
  });

  test('the collections hold the scalars as safe_load constructs them (a date as Python writes it)', () => {
    expect(safeLoad('[yes, 010, 2001-12-14]')).toEqual({ kind: 'value', value: [true, 8, '2001-12-14'] });
    expect(safeLoad('{<<: {a: 1}, b: 2}')).toEqual({ kind: 'value', value: { a: 1, b: 2 } });
  });

  test('PyYAML reads the table so', () => {
    if (PYYAML_MISSING) return;
    const read = pyyamlValues(TABLE.map(([text]) => text));
    const theirs = read.map((answer) => ('error' in answer ? ['refused', 'refused'] : [answer.value.type, answer.value.str]));
    expect(theirs).toEqual(TABLE.map(([, type, str]) => [type, str]));
  });

  test('an empty key written without `?`, an anchor or a tag is unreadable, as PyYAML refuses it (with `!`, a null key: unsupported)', () => {
    expect([safeLoad(': x').kind, safeLoad('! : x').kind]).toEqual(['unreadable', 'unsupported']);
    if (PYYAML_MISSING) return;
    expect(pyyamlLoadAll([': x', '! : x']).map((result) => 'error' in result)).toEqual([true, false]);
  });

  test('what safe_load reads as no setting takes, or as drydock-fn cannot tell, is unsupported', () => {
    for (const text of ['!!binary aGVsbG8=', '!!set {a}', '!!float 1', '&a [*a]', '{yes: 1}', '{1: a}', 'a \u2028b', '"a\u2028 b"', '|\n  a\u2028b\n', 'a\u0085b', '[a?, b]', '\n\ufeff!', '! : x', '{! 1: x}', '\u2028a', 'a\u2028']) {
      expect({ text, kind: safeLoad(text).kind }).toEqual({ text, kind: 'unsupported' });
    }
  });

  test('a plain scalar is resolved alike with and without the `yaml` package', () => {
    fc.assert(
      fc.property(yaml11Scalar(), (text) => {
        // A line feed after it sends the text through the `yaml` package; the value is the same.
        const direct = safeLoad(text);
        const parsed = safeLoad(`${text}\n`);
        if (direct.kind === 'value') expect(parsed).toEqual(direct);
        else expect(parsed.kind).not.toBe('value');
        // Without indicators (a lone `-` is a list, `---` and `...` document markers), PyYAML's resolver alone decides.
        if (/^[A-Za-z0-9_.~+/=-]+$/.test(text) && !/^(?:-|---.*|\.\.\..*)$/.test(text)) expect(direct.kind === 'value' ? direct.scalar : undefined).toEqual(resolvePlainScalar(text));
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Against PyYAML

const written = yamlValueText();

/** Where safeLoad may say 'unsupported' of a text PyYAML reads: tags, anchors, `?`, byte order marks, YAML 1.1 line breaks, keys that are not text. */
const MAY_BE_UNSUPPORTED = /[!&*?\ufeff\x85\u2028\u2029]/;

/** safeLoad's reading is PyYAML's (or a documented refusal). */
function expectSameReading(source: string, ours: SafeLoadReading, theirs: { value: PythonValue } | { error: string }): void {
  if ('error' in theirs) return;
  // Named by its JSON in failures, with every character visible.
  const text = oneLine(JSON.stringify(source)).replace(/[\u00a0\u3000]/g, (space) => `\\u${space.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const value = theirs.value;
  if (ours.kind === 'unsupported' && (MAY_BE_UNSUPPORTED.test(source) || !value.textKeys || value.type === 'recursive')) return;
  // The `yaml` package refuses a few flow collections PyYAML reads (`{k: -}`): their text is taken then, as a list's is.
  if (ours.kind === 'unreadable' && (value.type === 'list' || value.type === 'dict')) return;
  expect({ text, kind: ours.kind }).toEqual({ text, kind: 'value' });
  if (ours.kind !== 'value') return;
  if (ours.scalar) expect({ text, type: ours.scalar.type, str: ours.scalar.text }).toEqual({ text, type: value.type, str: value.str });
  else expect({ text, type: Array.isArray(ours.value) ? 'list' : 'dict' }).toEqual({ text, type: value.type });
  // As JSON text: non-finite floats as Python writes them, -0 as 0 (their texts were compared above).
  const json = JSON.stringify(ours.value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? String(item).replace('Infinity', 'inf').replace('NaN', 'nan') : item));
  expect({ text, json }).toEqual({ text, json: JSON.stringify(value.json) });
}

describe('against PyYAML', () => {
  test(`values written every way: safeLoad reads what PyYAML reads (${RUNS} runs)`, () => {
    const texts: string[] = [];
    const readings: SafeLoadReading[] = [];
    fc.assert(
      fc.property(written, (text) => {
        texts.push(text);
        readings.push(safeLoad(text));
      }),
      { numRuns: RUNS },
    );
    if (PYYAML_MISSING) return;
    const theirs = pyyamlValues(texts);
    texts.forEach((text, index) => expectSameReading(text, readings[index], theirs[index]));
  });

  test(`config.yml: each setting of a mapping read as PyYAML reads it (${RUNS} runs)`, () => {
    const texts: string[] = [];
    const readings: ReturnType<typeof safeLoadMapping>[] = [];
    fc.assert(
      fc.property(fc.array(written, { minLength: 1, maxLength: 4 }), (values) => {
        const text = values.map((value, index) => `KEY_${index}: ${value}\n`).join('');
        texts.push(text);
        readings.push(safeLoadMapping(text));
      }),
      { numRuns: RUNS },
    );
    if (PYYAML_MISSING) return;
    const theirs = pyyamlValues(texts);
    texts.forEach((text, index) => {
      const answer = theirs[index];
      const ours = readings[index];
      if ('error' in answer || !('entries' in ours)) return;
      // What safeLoadMapping reads, it reads as PyYAML does, key by key.
      for (const [key, reading] of ours.entries) {
        const their = answer.entries?.[key];
        expect({ text, key, there: their !== undefined }).toEqual({ text, key, there: true });
        expectSameReading(`${text} (${key})`, reading, { value: their as PythonValue });
      }
    });
  });
});

describe('the problems, in words that never quote the text', () => {
  test.each([
    ['a\u0001b', 'unreadable', 'PyYAML refuses the raw character U+0001'],
    ['a\tb', 'unreadable', 'a tab outside quotes, a block scalar and a comment, which PyYAML refuses'],
    ['&a.b x', 'unreadable', 'an anchor or alias name PyYAML refuses (ASCII letters, digits, - and _ only)'],
    ['*', 'unreadable', 'an anchor or alias name PyYAML refuses (ASCII letters, digits, - and _ only)'],
    ['[&a x, *a.b]', 'unreadable', 'an anchor or alias name PyYAML refuses (ASCII letters, digits, - and _ only)'],
    ['{k: a?}', 'unsupported', 'a ? in a plain scalar inside brackets or braces'],
    ['!mine x', 'unreadable', 'a tag safe_load has no constructor for'],
    ['!!set {a}', 'unsupported', 'a tag safe_load constructs as something no setting is (binary data, a set, an ordered map …), or not from this text'],
    ['!!omap [{a: 1}]', 'unsupported', 'a tag safe_load constructs as something no setting is (binary data, a set, an ordered map …), or not from this text'],
    ['!!pairs [{a: 1}]', 'unsupported', 'a tag safe_load constructs as something no setting is (binary data, a set, an ordered map …), or not from this text'],
    ['v: <<', 'unreadable', 'PyYAML has no constructor for a scalar (<< as a value, or a value it cannot construct)'],
    ['! 0b_', 'unreadable', 'PyYAML has no constructor for a scalar (<< as a value, or a value it cannot construct)'],
    ['v: =', 'unreadable', 'PyYAML has no constructor for ='],
    ['!!value =', 'unreadable', 'PyYAML has no constructor for ='],
    ['{1: a}', 'unsupported', 'a mapping key that is not text (null, a boolean, a number, a list …)'],
    ['[a', 'unreadable', 'Flow sequence must end with a ]'],
    ['# note\u2028\n', 'unsupported', 'a raw U+0085, U+2028 or U+2029, a line break to YAML 1.1, outside any value'],
    ['&a [*a]', 'unsupported', 'an alias inside the node it names (a structure that holds itself)'],
    // Under a key: PyYAML builds the list holding itself; no setting is one (not the walk's refusal).
    ['a: &a [x, *a]', 'unsupported', 'an alias inside the node it names (a structure that holds itself)'],
    ['a \u2028b', 'unsupported', 'a raw U+2028, a line break to YAML 1.1, where its reading would change the text'],
    ['\n\ufeff!', 'unsupported', 'a byte order mark after the start, a character to PyYAML'],
    ['[2001-13-45]', 'unreadable', 'PyYAML cannot construct this timestamp'],
    ['0b_', 'unreadable', 'PyYAML has no constructor for this scalar'],
    ['-0b_', 'unreadable', 'PyYAML has no constructor for this scalar'],
    // A block scalar after an unclosed list: the list's error, not the `?` of a plain scalar in brackets.
    ['k: [a\nv: |\n  x?y\n', 'unreadable', 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('%j: %s, %s', (text, kind, problem) => {
    expect(safeLoad(text)).toEqual({ kind, problem });
  });

  test('config.yml: a tag no setting takes spoils its own entry only, before or after the others', () => {
    const unsupported = { kind: 'unsupported', problem: 'a tag safe_load constructs as something no setting is (binary data, a set, an ordered map …), or not from this text' };
    const one = { kind: 'value', value: 1, scalar: { type: 'int', value: 1, text: '1' } };
    expect(safeLoadMapping('a: !!set {x}\nb: 1\n')).toEqual({ entries: [['a', unsupported], ['b', one]] });
    expect(safeLoadMapping('a: 1\nb: !!set {x}\n')).toEqual({ entries: [['a', one], ['b', unsupported]] });
    if (PYYAML_MISSING) return;
    // PyYAML reads both (a set under one key).
    expect(pyyamlValues(['a: !!set {x}\nb: 1\n', 'a: 1\nb: !!set {x}\n']).map((read) => 'error' in read)).toEqual([false, false]);
  });
});

describe('YAML 1.1 line breaks PyYAML reads otherwise than the `yaml` package', () => {
  // The `yaml` package reads U+2028 as a character: `\u2028a` after a byte order mark, and `a \u2028b` with its space.
  const texts = ['\ufeff\u2028a', '[a \u2028b, "c\u2028d"]', '["c\u2028d", a \u2028b]'];

  test('unsupported, even beside a quoted scalar whose U+2028 is kept', () => {
    for (const text of texts) expect({ text, reading: safeLoad(text) }).toEqual({ text, reading: { kind: 'unsupported', problem: 'a raw U+2028, a line break to YAML 1.1, where its reading would change the text' } });
  });

  test('PyYAML reads them as breaks: dropped at the start, the space before one dropped', () => {
    if (PYYAML_MISSING) return;
    expect(pyyamlLoadAll(texts)).toEqual([{ documents: ['a'] }, { documents: [['a\u2028b', 'c\u2028d']] }, { documents: [['c\u2028d', 'a\u2028b']] }]);
  });
});

test('a key more than 1024 characters long is refused, as PyYAML refuses it', () => {
  const text = `${'k'.repeat(1100)}: v`;
  expect(safeLoad(text)).toEqual({ kind: 'unreadable', problem: 'The : indicator must be at most 1024 characters after the start of an implicit key (write the key after "? " to make it explicit)' });
  if (PYYAML_MISSING) return;
  expect(Object.keys(pyyamlValues([text])[0])).toEqual(['error']);
});

describe('config.yml: what spoils the whole text, and what does not', () => {
  const BREAK_OUTSIDE = { problem: 'a raw U+0085, U+2028 or U+2029, a line break to YAML 1.1, outside any value' };
  const UNKNOWN_TAG = { problem: 'a tag safe_load has no constructor for' };
  const KEY_TAGGED = 'a mapping key tagged with a type (!!null, !!int …), which PyYAML constructs as no text or refuses';
  const text = (value: string) => ({ kind: 'value', value, scalar: { type: 'str', value, text: value } });

  test.each([
    ['a tab', 'a: x\tb\n', { problem: 'a tab outside quotes, a block scalar and a comment, which PyYAML refuses' }],
    ['an unclosed list', 'a: [b\n', { problem: 'Flow sequence in block collection must be sufficiently indented and end with a ]' }],
    ['an unknown tag after a quoted U+2028', 'a: "x\u2028y"\nb: !mine x\n', UNKNOWN_TAG],
    ['an unknown tag in a merged mapping', '<<: {a: !mine x}\n', UNKNOWN_TAG],
  ])('%s: refused, as PyYAML refuses it', (_name, source, problem) => {
    expect(safeLoadMapping(source)).toEqual(problem);
    if (PYYAML_MISSING) return;
    expect(Object.keys(pyyamlValues([source])[0])).toEqual(['error']);
  });

  test.each([
    ['nothing', '', []],
    ['U+2028 in two quoted values', 'a: "x\u2028y"\nb: "p\u2028q"\n', [['a', text('x\u2028y')], ['b', text('p\u2028q')]]],
    ['keys that are text to PyYAML, numbers to YAML 1.2', '08: a\n0o10: b\n', [['08', text('a')], ['0o10', text('b')]]],
    ['two equal keys: the last wins', 'a: x\na: y\n', [['a', text('y')]]],
  ])('%s: the settings PyYAML reads', (_name, source, entries) => {
    expect(safeLoadMapping(source)).toEqual({ entries });
    if (PYYAML_MISSING) return;
    const [read] = pyyamlLoadAll([source]);
    expect(read).toEqual({ documents: entries.length === 0 ? [] : [Object.fromEntries(entries.map(([key, reading]) => [key, (reading as { value: unknown }).value]))] });
  });

  test('a U+2028 outside any value is a problem: PyYAML ends a comment there and may read a setting after it', () => {
    expect(safeLoadMapping('# c\u2028a: 1\n')).toEqual(BREAK_OUTSIDE);
    expect(safeLoadMapping('# c\u2028\na: 1\n')).toEqual(BREAK_OUTSIDE);
    expect(safeLoadMapping('a: 1\n# c\u2028b: 2\n')).toEqual(BREAK_OUTSIDE);
    // Right after a value's line: the `yaml` package reads the key `\u2028b`.
    expect(safeLoadMapping('a: 1\n\u2028b: 2\n')).toEqual(BREAK_OUTSIDE);
    if (PYYAML_MISSING) return;
    expect(pyyamlLoadAll(['# c\u2028a: 1\n', 'a: 1\n# c\u2028b: 2\n', 'a: 1\n\u2028b: 2\n'])).toEqual([{ documents: [{ a: 1 }] }, { documents: [{ a: 1, b: 2 }] }, { documents: [{ a: 1, b: 2 }] }]);
  });

  test('not a mapping: a problem (PyYAML reads a list)', () => {
    expect(safeLoadMapping('[a]\n')).toEqual({ problem: 'not a mapping of settings' });
    if (PYYAML_MISSING) return;
    expect(pyyamlLoadAll(['[a]\n'])).toEqual([{ documents: [['a']] }]);
  });

  test('a key that is not text is no setting (PyYAML reads the number 1)', () => {
    expect(safeLoadMapping('1: a\nb: x\n')).toEqual({ entries: [['b', text('x')]] });
  });

  test('a key tagged !!merge is not a setting named <<: refused, where PyYAML merges', () => {
    expect(safeLoadMapping('!!merge <<: {a: 1}\nb: 2\n')).toEqual(UNKNOWN_TAG);
    if (PYYAML_MISSING) return;
    expect(pyyamlLoadAll(['!!merge <<: {a: 1}\nb: 2\n'])).toEqual([{ documents: [{ a: 1, b: 2 }] }]);
  });

  test('keys as PyYAML constructs them: only text keys are settings (`! 1` is the number 1, a date the date; `! k` and `!!str 1` are text)', () => {
    const source = 'a: x\n! 1: y\n2001-12-14: z\n! k: w\n!!str 1: v\n';
    expect(safeLoadMapping(source)).toEqual({ entries: [['a', text('x')], ['k', text('w')], ['1', text('v')]] });
    if (PYYAML_MISSING) return;
    const [read] = pyyamlValues([source]);
    expect('entries' in read && Object.keys(read.entries ?? {}).sort()).toEqual(['1', 'a', 'k']);
  });

  test.each([
    ['a tag safe_load has no constructor for', 'a: x\n!mine k: v\n', UNKNOWN_TAG],
    ['a tag ! on what PyYAML cannot construct', 'a: x\n! 0b_: v\n', { problem: 'PyYAML has no constructor for a scalar (<< as a value, or a value it cannot construct)' }],
    ['a list', 'a: x\n? [b]\n: v\n', { problem: 'a list or mapping as a mapping key, which PyYAML refuses' }],
    ['a mapping', 'a: x\n{b: 1}: v\n', { problem: 'a list or mapping as a mapping key, which PyYAML refuses' }],
    ['a type whose constructor refuses the text', 'a: x\n!!int 1.5: v\n', { problem: KEY_TAGGED }],
    ['a type whose constructor refuses it, in the first key', '!!bool k: v\na: x\n', { problem: KEY_TAGGED }],
  ])('a key with %s: the whole text refused, as PyYAML refuses it', (_name, source, problem) => {
    expect(safeLoadMapping(source)).toEqual(problem);
    if (PYYAML_MISSING) return;
    expect(Object.keys(pyyamlValues([source])[0])).toEqual(['error']);
  });

  test('an alias key is the node its anchor names, as PyYAML constructs it: the setting that text names (the later of equal keys wins)', () => {
    const texts = ['a: &k LMS_HOST\n*k : x\n', 'a: &k LMS_HOST\n*k : x\nLMS_HOST: y\n', '&k LMS_HOST: y\n*k : x\n', 'a: &k 1\n*k : x\n', 'a: &k !!str 1\n*k : x\n'];
    expect(texts.map((source) => safeLoadMapping(source))).toEqual([
      { entries: [['a', text('LMS_HOST')], ['LMS_HOST', text('x')]] },
      { entries: [['a', text('LMS_HOST')], ['LMS_HOST', text('y')]] },
      { entries: [['LMS_HOST', text('x')]] },
      { entries: [['a', { kind: 'value', value: 1, scalar: { type: 'int', value: 1, text: '1' } }]] },
      { entries: [['a', text('1')], ['1', text('x')]] },
    ]);
    if (PYYAML_MISSING) return;
    expect(pyyamlLoadAll(texts)).toEqual([
      { documents: [{ a: 'LMS_HOST', LMS_HOST: 'x' }] },
      { documents: [{ a: 'LMS_HOST', LMS_HOST: 'y' }] },
      { documents: [{ LMS_HOST: 'x' }] },
      { documents: [{ a: 1, 1: 'x' }] },
      { documents: [{ a: '1', 1: 'x' }] },
    ]);
  });

  test.each([
    ['an alias key naming a list', 'a: &k [1]\n*k : x\n', { problem: 'a list or mapping as a mapping key, which PyYAML refuses' }, ['error']],
    ['an alias key naming a mapping', 'a: &k {b: 1}\n*k : x\n', { problem: 'a list or mapping as a mapping key, which PyYAML refuses' }, ['error']],
    ['an alias key before its anchor', '*k : x\na: &k b\n', { problem: 'Unresolved alias (the anchor must be set before the alias): k' }, ['error']],
    // PyYAML reads the key None: no setting LMS_HOST
    ['an alias key naming a node tagged with a type', 'a: &k !!null LMS_HOST\n*k : x\n', { problem: KEY_TAGGED }, ['a']],
  ])('%s: the whole text refused, as PyYAML refuses it or reads no setting of that name', (_name, source, problem, pyyamlRead) => {
    expect(safeLoadMapping(source)).toEqual(problem);
    if (PYYAML_MISSING) return;
    const [read] = pyyamlValues([source]);
    expect('entries' in read ? Object.keys(read.entries ?? {}) : Object.keys(read)).toEqual(pyyamlRead);
  });

  test('a key tagged with a type PyYAML constructs as no text (None, 1.0, bytes): the whole text refused, not a setting of that name', () => {
    const texts = ['LMS_HOST: lms.example\n!!null LMS_HOST: evil.example\n', 'a: x\n!!float 1: v\n', 'a: x\n!!binary aGk=: v\n'];
    for (const source of texts) expect({ source, read: safeLoadMapping(source) }).toEqual({ source, read: { problem: KEY_TAGGED } });
    if (PYYAML_MISSING) return;
    expect(pyyamlValues(texts).map((read) => ('entries' in read ? Object.keys(read.entries ?? {}) : read))).toEqual([['LMS_HOST'], ['a'], ['a']]);
    expect(pyyamlLoadAll(texts.slice(0, 1))).toEqual([{ documents: [{ LMS_HOST: 'lms.example', null: 'evil.example' }] }]);
  });

  test('a U+2028 in a value but not in a quoted scalar spoils the whole text: PyYAML may read other settings after it, or refuse the text', () => {
    const BREAK_IN_VALUE = { problem: 'a raw U+0085, U+2028 or U+2029, a line break to YAML 1.1, in a value where PyYAML may read other settings after it' };
    const texts = ['v: a\u2028b\n', 'b: 2 # c\u2028a: 1\n', 'b:\n  - x # c\u2028a: 1\n', 'b: {x: 1,\u2028a: 1}\n'];
    for (const text of texts) expect({ text, read: safeLoadMapping(text) }).toEqual({ text, read: BREAK_IN_VALUE });
    // A quoted one is the value's character to PyYAML too.
    expect(safeLoadMapping('b: "x\u2028y" # c\n')).toEqual({ entries: [['b', { kind: 'value', value: 'x\u2028y', scalar: { type: 'str', value: 'x\u2028y', text: 'x\u2028y' } }]] });
    if (PYYAML_MISSING) return;
    expect(pyyamlLoadAll(texts.slice(1, 3))).toEqual([{ documents: [{ b: 2, a: 1 }] }, { documents: [{ b: ['x'], a: 1 }] }]);
    expect(Object.keys(pyyamlValues(['v: a\u2028b\n'])[0])).toEqual(['error']);
  });
});

describe('misplacedTab: the offset of the first tab PyYAML refuses', () => {
  test.each([
    ['between tokens, after spaces', 'a: 1\nv:     \tx\n'],
    ['in a block scalar\'s indentation, after a space', 'k: |\n  a\n \tb\n'],
    ['in a block scalar\'s indentation, after an empty first line', 'k: |\n\n  a\n \tb\n'],
    ['in a block scalar\'s indentation of three spaces, after two', 'k: |\n   a\n  \tb\n'],
    ['at the start of a block scalar\'s line', 'k: |\n  a\n\tb\n'],
    ['after an unclosed list', 'k: [a\nv: \tx\n'],
    ['in a plain scalar', 'a: 1\nv: ab\tc\n'],
    ['in a plain scalar after a block scalar', 'k: |\n  a\nv: a\tb\n'],
  ])('%s', (_name, text) => {
    expect(misplacedTab(text)).toBe(text.indexOf('\t'));
    if (PYYAML_MISSING) return;
    expect(Object.keys(pyyamlValues([text])[0])).toEqual(['error']);
  });

  test('none in quotes, a block scalar\'s content or a comment', () => {
    expect(misplacedTab('v: "a\tb"\nw: |\n  \tq\nx: y # c\td\n')).toBeUndefined();
    // A block scalar of blank lines only, and a tab in quotes after it.
    expect(misplacedTab('k: |\n  \nv: "\t"\n')).toBeUndefined();
  });
});
