/** src/krm/yaml-options.ts: what the shared parse and print options make the `yaml` package do. */
import * as YAML from 'yaml';
import { MAX_ALIAS_COUNT, MAX_DEPTH, PARSE_OPTIONS, TO_JS_OPTIONS, toStringOptions } from '../../src/krm/yaml-options';

const read = (text: string) => YAML.parseDocument(text, PARSE_OPTIONS);

describe('PARSE_OPTIONS', () => {
  test("plain numbers as go-yaml v3 reads them (YAML 1.1's leading-zero octal, underscores), the core schema's other tags kept", () => {
    expect(read('a: 017\nb: 1_000\nc: 0x1F\nd: true\ne: null\nf: text\n').toJS()).toEqual({ a: 15, b: 1000, c: 31, d: true, e: null, f: 'text' });
  });

  test('merge keys are merged, as kustomize does', () => {
    expect(read('base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n').toJS(TO_JS_OPTIONS)).toEqual({ base: { x: 1 }, m: { x: 1, y: 2 } });
  });

  test('a key given twice is an error', () => {
    expect(read('a: 1\na: 2\n').errors.map((error) => error.code)).toEqual(['DUPLICATE_KEY']);
  });

  test('strict: an implicit key longer than 1024 characters is an error, as YAML requires', () => {
    expect(read(`${'k'.repeat(1025)}: 1\n`).errors.map((error) => error.code)).toEqual(['KEY_OVER_1024_CHARS']);
  });

  test('error messages of one line, without the excerpt of the text', () => {
    const [error] = read('a: [1\n').errors;
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toMatch(/at line/);
  });

  test('no source tokens kept on the nodes', () => {
    expect((read('a: 1\n').contents as YAML.YAMLMap & { srcToken?: unknown }).srcToken).toBeUndefined();
  });
});

test('TO_JS_OPTIONS: an alias bomb fails at MAX_ALIAS_COUNT expansions, real manifests read', () => {
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < 5; level++) levels.push(`l${level}: &l${level} [${Array(10).fill(level === 1 ? '*a' : `*l${level - 1}`).join(', ')}]`);
  expect(() => read(`${levels.join('\n')}\n`).toJS(TO_JS_OPTIONS)).toThrow(/alias/i);
  // the same structure with fewer aliases than the limit reads
  const small = `a: &a [x]\nb: [${Array(MAX_ALIAS_COUNT / 10).fill('*a').join(', ')}]\n`;
  expect((read(small).toJS(TO_JS_OPTIONS) as { b: unknown[] }).b).toHaveLength(MAX_ALIAS_COUNT / 10);
  expect(MAX_ALIAS_COUNT).toBeGreaterThanOrEqual(100);
  expect(MAX_DEPTH).toBeGreaterThanOrEqual(100);
});

describe('toStringOptions', () => {
  const doc = () => new YAML.Document({ long: `${'word '.repeat(40)}end`, list: ['a'], flow: YAML.parseDocument('{a: 1}').contents });

  test('no line folding, whatever the length', () => {
    const text = doc().toString(toStringOptions(false));
    expect(text).toContain(`long: ${'word '.repeat(40)}end\n`);
  });

  test('no padding inside flow collections', () => {
    const flow = YAML.parseDocument('f: {a: 1}\n');
    expect(flow.toString(toStringOptions(false))).toBe('f: {a: 1}\n');
    expect(flow.toString(toStringOptions(true))).toBe('f: {a: 1}\n');
  });

  test('sequence indentation as asked', () => {
    expect(doc().toString(toStringOptions(false))).toContain('list:\n- a\n');
    expect(doc().toString(toStringOptions(true))).toContain('list:\n  - a\n');
  });
});
