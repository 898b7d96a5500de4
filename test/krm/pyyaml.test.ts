/**
 * src/krm/pyyaml.ts, case by case, against PyYAML itself: what safe_load reads (key twice, merge keys,
 * YAML 1.1 scalars, tags, tabs, anchors), and the problems drydock-fn reports where it cannot read a
 * text as PyYAML does.
 */
import * as YAML from 'yaml';
import { wrapDocuments } from '../../src/io';
import { readAsPyYaml } from '../../src/krm/pyyaml';
import { runFunction } from '../../src/run';
import { drydockConfig } from '../support/run';
import { tutorObjects } from '../support/tutor-objects';
import { pyyamlMissing, pyyamlTypedValues, typedPyYamlValue as typed } from '../support/pyyaml';
import { describeWithReader } from '../support/readers';


const READ: [string, string][] = [
  ['a key twice: the last value', 'v: 1\nv: 2\n'],
  ['a mapping key twice: the last mapping, not merged', 'v:\n  a: 1\nv:\n  b: 2\n'],
  ['merge keys: own keys win wherever they stand, the first merged mapping wins', 'x: &x {k: 1, a: x}\ny: &y {k: 2, b: y}\nv:\n  k: 3\n  <<: [*x, *y]\n'],
  ['a merged mapping\'s key beside its own', 'x: &x {k: 1, a: 2}\nv:\n  <<: *x\n  a: 3\n'],
  ['YAML 1.1 booleans but not y and n', 'v: [yes, No, ON, off, y, n, Y, N, true, FALSE]\n'],
  ['ints: octal, hex, binary, underscores, base 60, big', 'v: [010, 0x1F, 0b101, 1_000, 1:20, -1:30, 12345678901234567890, 09, +7, -0]\n'],
  ['floats need a dot; signed exponents only', 'v: [1.0, 1., .5, 1e3, 1.0e+3, 1.0e3, .inf, -.Inf, .NaN, 190:20:30.15]\n'],
  ['nulls, and strings that look like them', 'v: [~, null, NULL, "", nil, None, {k: }]\n'],
  ['timestamps', 'v: [2024-01-01, 2001-12-14t21:59:43.10-05:00, 2024-1-1]\n'],
  ['quoted scalars and !!str are strings; ! resolves even a quoted scalar as a plain one', 'v: ["yes", \'010\', !!str 1.0, ! 12, ! "13", ! \'yes\', "x"]\n'],
  ['escapes and comments', 'v: "ops\\x40example.com"  # inbox\nw: it\'s # not a comment? yes it is\nx: \'it\'\'s\'\n'],
  ['tabs in quoted scalars, block content and comments', 'v: "a\tb"\nw: |\n  \tq\nx: y # c\td\n'],
  ['a key named __proto__', '__proto__: 1\nv: 2\n'],
  ['non-string keys are not string keys', '1: a\ntrue: b\n"1": c\nv: d\n'],
  ['a literal block scalar ending the text without a line break: none kept', 'a: 1\nv: |\n  abc'],
  ['the same, kept chomping', 'v: |+\n  abc'],
  ['the same, folded', 'v: >\n  abc\n  def'],
  ['the same, in a list', 'v:\n- |\n  x'],
  ['the same, after CRLF lines', 'v: |\r\n  abc\r\n  def'],
  ['a block scalar whose last line is spaces without a line break', 'v: |\n  abc\n  '],
  ['a kept block scalar with empty lines', 'v: |+\n  abc\n\n'],
];

const REFUSED: [string, string, RegExp][] = [
  ['a tab between tokens', 'v: \tx\n', /tab/],
  ['a tab in a plain scalar', 'v: a\tb\n', /tab/],
  ['a tab before a comment', 'v: a\t# c\n', /tab/],
  ['an alias to nothing', 'v: *nothing\n', /alias/],
  ['an anchor name PyYAML refuses', 'v: &a😀 x\n', /anchor name/],
  ['an unknown tag', 'v: !!python/name:os.system x\n', /tag/],
  ['a plain =', 'v: =\n', /constructor/],
  ['a binary integer PyYAML resolves but cannot construct', 'v: 0b_\n', /cannot construct/],
  ['a date PyYAML resolves but cannot construct', 'v: 2001-13-45\n', /cannot construct/],
  ['a syntax error, with its line', 'a: 1\nb: c: d\n', /line 2/],
  ['two documents', 'a: 1\n---\nb: 2\n', /documents/],
  ['a control character', 'v: a\u0001b\n', /U\+0001/],
  ['a hexadecimal integer PyYAML resolves but cannot construct', 'v: 0x_\n', /hexadecimal integer PyYAML cannot construct/],
  ['a document end and nothing else', '...', /line 1: a document end/],
  ['a document end before any document', '# settings\n...\n', /line 2: a document end/],
  ['a directive and no document', '%YAML 1.1\n', /directive/],
  ['a tab and nothing else', '\t', /tab/],
  ['a tab line after the document start', '---\n\t\n', /line 2: a tab/],
];

/** Texts PyYAML reads, with keys drydock-fn does not read (a None key): a problem, never a crash. */
const EMPTY_KEYS: [string, string][] = [
  ['a line ? (an explicit empty key)', '?\n'],
  ['a line ? before the settings', '?\nLMS_HOST: lms.example.com\n'],
  ['an explicit empty key with a value', '? \n: v\n'],
];

describe('what drydock-fn reports where it cannot read as PyYAML does', () => {
  test.each([
    ...REFUSED,
    ['a raw U+2028, a line break to PyYAML only', 'v: a\u2028b\n', /U\+2028/],
    ['a CR alone, a line break to PyYAML only', 'v: a\rb\n', /U\+000D/],
    ['a quoted value continued at column 0 (PyYAML reads it)', "v: 'a\nb'\n", /left open/],
    // `yaml` cuts `'''` (an open quote, an escaped one) at the next line without an error when a quote comes later; PyYAML fails (found by lms-env.property.test.ts, seed 303).
    ["a single quote left open before a line with quotes (PyYAML fails)", "B: &a1  '''\nC: &a2 '2024-01-01'\nD: x\n", /left open on line 1/],
    ['a double quote left open before a line with quotes (PyYAML fails)', 'B: "a\\"\nC: "b"\n', /left open/],
    ['an alias bomb', `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`).join('\n')}\n`, /aliases/],
  ] as [string, string, RegExp][])('%s', (_name, text, problem) => {
    const read = readAsPyYaml(text);
    expect(read).toEqual({ problem: expect.stringMatching(problem) });
  });
});

describe('an explicit empty key', () => {
  test.each(EMPTY_KEYS)('%s: the file problem, with its line', (_name, text) => {
    expect(readAsPyYaml(text)).toEqual({ problem: expect.stringMatching(/value without a key \(line [12]\)/) });
  });

  test('an lms.env.yml starting with ? is the env file error of the run, not an internal error', () => {
    const objects = tutorObjects().map((item) => (item.kind === 'ConfigMap' && item.data?.['lms.env.yml'] !== undefined ? { ...item, data: { ...item.data, 'lms.env.yml': `?\n${item.data['lms.env.yml']}` } } : item));
    const outcome = runFunction(wrapDocuments(objects.map((item) => YAML.stringify(item)), drydockConfig({ ingress: { enabled: true } })));
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toEqual(expect.objectContaining({ tags: { code: 'RESOURCE_INVALID' }, field: { path: 'data["lms.env.yml"]' }, message: expect.stringContaining('value without a key (line 1)') }));
  });
});

describeWithReader(pyyamlMissing(), 'readAsPyYaml reads what PyYAML reads', () => {
  test('each case: the same value under v (and the same keys), or an error for both', () => {
    const texts = [...READ.map(([, text]) => text), ...REFUSED.map(([, text]) => text)];
    const python = pyyamlTypedValues(texts, ['v', '__proto__', '1']);
    READ.forEach(([name, text], index) => {
      const read = readAsPyYaml(text);
      expect({ name, read: 'value' in read }).toEqual({ name, read: true });
      const value = (read as { value: Record<string, unknown> }).value;
      const mine = Object.fromEntries(['v', '__proto__', '1'].map((key) => [key, Object.prototype.hasOwnProperty.call(value, key) ? typed(value[key]) : ['absent']]));
      expect({ name, values: mine }).toEqual({ name, values: (python[index] as { keys: unknown }).keys });
    });
    REFUSED.forEach(([name], index) => expect({ name, pyyaml: Object.keys(python[READ.length + index]) }).toEqual({ name, pyyaml: ['error'] }));
  });

  test('the texts with an explicit empty key are ones PyYAML reads (a None key): drydock-fn refuses what it cannot read alike', () => {
    const python = pyyamlTypedValues(EMPTY_KEYS.map(([, text]) => text), ['LMS_HOST']);
    EMPTY_KEYS.forEach(([name], index) => expect({ name, pyyaml: Object.keys(python[index]).includes('error') }).toEqual({ name, pyyaml: false }));
  });
});
