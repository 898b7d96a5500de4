/**
 * src/krm/go-yaml-scalars.ts against go-yaml v3's resolve.go, case by case: strconv.ParseInt(s, 0, 64),
 * then ParseUint, then yamlStyleFloat and ParseFloat, after underscores are dropped; the special floats;
 * the words of resolve.go's table; time.Parse's formats. (test/go-yaml-numbers.test.ts compares with
 * kustomize itself.)
 */
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { GO_YAML_FLOAT_TAG, GO_YAML_JS_SCHEMA, GO_YAML_NUMBER_TAG, goYamlPlainNumber, goYamlPlainType, goYamlReadsPlainAsString, jsYamlPlainValue } from '../../src/krm/go-yaml-scalars';

describe('goYamlPlainNumber', () => {
  test.each<[string, number]>([
    // special floats, in each spelling of the table
    ...['.nan', '.NaN', '.NAN'].map((text) => [text, NaN] as [string, number]),
    ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((text) => [text, Infinity] as [string, number]),
    ...['-.inf', '-.Inf', '-.INF'].map((text) => [text, -Infinity] as [string, number]),
    // ints in each base ParseInt takes with base 0
    ['0b101', 5],
    ['0B11', 3],
    ['-0b11', -3],
    ['0o17', 15],
    ['0O17', 15],
    ['0x1F', 31],
    ['0X1f', 31],
    ['-0x1F', -31],
    ['+0x10', 16],
    ['017', 15],
    ['-017', -15],
    ['0', 0],
    ['00', 0],
    ['42', 42],
    ['+42', 42],
    ['-42', -42],
    // underscores dropped first, wherever they are
    ['1_000', 1000],
    ['1__0', 10],
    ['0x_1F', 31],
    // not an octal int: a float of the digits
    ['018', 18],
    ['09.5', 9.5],
    // int64, then uint64 when unsigned, then a float when written in decimals
    ['9223372036854775807', 9223372036854775807],
    ['-9223372036854775808', -9223372036854775808],
    ['9223372036854775808', 9223372036854775808],
    ['18446744073709551615', 18446744073709551615],
    ['-9223372036854775809', -9223372036854775809],
    ['18446744073709551616', 18446744073709551616],
    ['0x8000000000000000', 9223372036854775808],
    ['-0x8000000000000000', -9223372036854775808],
    // floats
    ['1.5', 1.5],
    ['1.', 1],
    ['-.5', -0.5],
    ['+.5', 0.5],
    ['.5', 0.5],
    ['.5e3', 500],
    ['.5_5', 0.55],
    ['1e5', 100000],
    ['1.5E-3', 0.0015],
    ['-1e+2', -100],
    ['1e10', 1e10],
    ['-.55', -0.55],
    ['.55', 0.55],
    ['.5e-3', 0.0005],
    ['.5e10', 5e9],
    ['.5e1_0', 5e9],
    // the largest unsigned 64-bit int, in hexadecimal (ParseUint)
    ['0xFFFFFFFFFFFFFFFF', 18446744073709551615],
  ])('%s: %d', (text, expected) => expect(goYamlPlainNumber(text)).toBe(expected));

  test('-0 and -0.0 are 0, as kustomize writes them', () => {
    for (const text of ['-0', '-0.0', '-0e5', '-.0']) expect(Object.is(goYamlPlainNumber(text), 0)).toBe(true);
  });

  test.each([
    [''],
    ['abc'],
    ['.'],
    ['.e5'],
    ['._5'],
    ['.5_'],
    ['.5e'],
    ['..5'],
    ['-'],
    ['+'],
    ['0x'],
    ['0b2'],
    ['0o8'],
    ['0xG'],
    ['1.2.3'],
    ['1:30'],
    ['1e'],
    ['e5'],
    ['12abc'],
    ['--1'],
    ['+-1'],
    ['- 1'],
    ['1 '],
    ['0x10000000000000000'],
    ['-0x8000000000000001'],
    ['1e400'],
    ['-1e400'],
    ['.5e400'],
    ['inf'],
    ['nan'],
    ['.infinity'],
  ])('%j: text', (text) => expect(goYamlPlainNumber(text)).toBeUndefined());
});

describe('goYamlPlainType', () => {
  test.each<[string, string]>([
    ...['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].map((text) => [text, 'boolean'] as [string, string]),
    ...['', '~', 'null', 'Null', 'NULL'].map((text) => [text, 'null'] as [string, string]),
    ['<<', 'merge key'],
    // YAML 1.1's words are strings to go-yaml v3, as are mixed cases
    ...['yes', 'no', 'on', 'off', 'y', 'tRue', 'nULL', 'None'].map((text) => [text, 'string'] as [string, string]),
    ['12', 'number'],
    ['0x1F', 'number'],
    ['.inf', 'number'],
    ['2001-12-14', 'date'],
    ['2001-1-2', 'date'],
    ['2004-02-29', 'date'],
    ['2000-02-29', 'date'],
    ['2001-12-31', 'date'],
    ['2001-01-01', 'date'],
    ['2001-04-30', 'date'],
    ['2001-12-14t21:59:43.10-05:00', 'date'],
    ['2001-12-14T21:59:43Z', 'date'],
    ['2001-12-14T1:2:3+01:00', 'date'],
    ['2001-12-14 21:59:43.10', 'date'],
    ['2001-12-14 21:59:43', 'date'],
    ['2001-12-14T23:59:59Z', 'date'],
    ['2001-02-29', 'string'],
    ['1900-02-29', 'string'],
    ['2001-04-31', 'string'],
    ['2001-13-01', 'string'],
    ['2001-00-10', 'string'],
    ['2001-12-00', 'string'],
    ['2001-12-32', 'string'],
    ['2001-12-14T24:00:00Z', 'string'],
    ['2001-12-14T23:60:00Z', 'string'],
    ['2001-12-14T23:59:60Z', 'string'],
    ['2001-12-14 24:00:00', 'string'],
    ['2001-12-14 23:60:00', 'string'],
    ['2001-12-14 23:59:60', 'string'],
    ['2001-12-14T21:59:43', 'string'],
    ['2001-12-14 21:59:43Z', 'string'],
    ['01-12-14', 'string'],
    ['2001-12-14x', 'string'],
    ['x2001-12-14', 'string'],
    ['2001-12-141', 'string'],
    ['12001-12-14', 'string'],
    ['2001-123-14', 'string'],
    ['2001-12-14T21:59', 'string'],
  ])('%j: %s', (text, expected) => {
    expect(goYamlPlainType(text)).toBe(expected);
    expect(goYamlReadsPlainAsString(text)).toBe(expected === 'string');
  });
});

describe('jsYamlPlainValue: what js-yaml with GO_YAML_JS_SCHEMA reads', () => {
  test.each([
    ['null', null],
    ['~', null],
    ['Null', null],
    ['true', true],
    ['False', false],
    ['yes', 'yes'],
    ['017', 15],
    ['0x1F', 31],
    ['1_000', 1000],
    ['-0', 0],
    ['1e400', '1e400'],
    ['0o8', '0o8'],
    ['abc', 'abc'],
    ['.inf', Infinity],
    ['2001-12-14', '2001-12-14'],
  ])('%j: %j', (text, expected) => {
    expect(jsYamlPlainValue(text)).toEqual(expected);
    expect(jsyaml.load(`v: ${text}`, { schema: GO_YAML_JS_SCHEMA })).toEqual({ v: expected });
  });
});

describe('GO_YAML_NUMBER_TAG in the yaml package', () => {
  const customTags = (tags: YAML.Tags) => [GO_YAML_NUMBER_TAG, GO_YAML_FLOAT_TAG, ...tags];

  test('prints a number read from a text as that text while it still reads as that number', () => {
    const text = 'a: 0x10\nb: 1.50\nc: 017\nd: 1_000\ne: .NaN\nf: -0.0\ng: +12\nh: 1e3\ni: [0X1f, .5]\nj: !!int 0x10\nk: !!float 0x10\n';
    const doc = YAML.parseDocument(text, { customTags });
    expect(doc.toJS()).toEqual({ a: 16, b: 1.5, c: 15, d: 1000, e: NaN, f: 0, g: 12, h: 1000, i: [31, 0.5], j: 16, k: 16 });
    expect(doc.toString()).toBe(text.replace('[0X1f, .5]', '[ 0X1f, .5 ]'));
    // Changed: printed as `yaml` prints numbers (its source no longer reads as the value).
    doc.set('a', 17);
    (doc.get('b', true) as YAML.Scalar).value = 2.5;
    (doc.get('e', true) as YAML.Scalar).value = Infinity;
    (doc.get('k', true) as YAML.Scalar).value = 1.25;
    const printed = doc.toString();
    expect(printed).toMatch(/^a: 17\nb: 2.5\n/);
    expect(printed).toContain('\ne: .inf\n');
    expect(printed).toContain('\nk: !!float 1.25\n');
    // A number with no text behind it, and one whose text was a quoted string.
    const built = YAML.parseDocument('q: "12"\n', { customTags });
    (built.get('q', true) as YAML.Scalar).value = 12;
    (built.get('q', true) as YAML.Scalar).type = undefined;
    built.set('n', 0.5);
    expect(built.toString()).toBe('q: 12\nn: 0.5\n');
  });

  test('`!!float` on an int is that float, as go-yaml resolves it; on text, the text (printed as text)', () => {
    const doc = YAML.parseDocument('a: !!float 1\nb: !!float 0x10\nc: !!float -0b11\nd: !!float 1.5\ne: !!float abc\nf: !!float "a: b"\n', { customTags });
    expect(doc.toJS()).toEqual({ a: 1, b: 16, c: -3, d: 1.5, e: 'abc', f: 'a: b' });
    expect(doc.toString()).toBe('a: !!float 1\nb: !!float 0x10\nc: !!float -0b11\nd: !!float 1.5\ne: !!float abc\nf: !!float "a: b"\n');
    // Untagged plain scalars are still read by GO_YAML_NUMBER_TAG alone.
    expect(YAML.parse('a: 1\nb: 1.5\nc: abc\n', { customTags })).toEqual({ a: 1, b: 1.5, c: 'abc' });
  });

  test('reads plain scalars as go-yaml does, quoted ones as text', () => {
    expect(YAML.parse('a: 017\nb: 0b101\nc: "017"\nd: 1e400\ne: 1.5\nf: text\ng: true\n', { customTags })).toEqual({ a: 15, b: 5, c: '017', d: '1e400', e: 1.5, f: 'text', g: true });
  });

  test('quotes a string a reader would read as a number (go-yaml or the core schema), not other text', () => {
    const text = new YAML.Document({ a: '017', b: '1e400', c: '0b1', d: 'abc', e: '-', n: 15, f: '-1e400', g: '.5e400', h: '1.2.3', i: '-x', j: '1:30', k: '1e400x' }, { customTags }).toString();
    expect(text).toBe('a: "017"\nb: "1e400"\nc: "0b1"\nd: abc\ne: "-"\nn: 15\nf: "-1e400"\ng: ".5e400"\nh: 1.2.3\ni: -x\nj: 1:30\nk: 1e400x\n');
  });
});
