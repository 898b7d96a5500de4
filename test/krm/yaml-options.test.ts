/** src/krm/yaml-options.ts: what the shared parse and print options make the `yaml` package do. */
import * as YAML from 'yaml';
import * as fc from 'fast-check';
import { MAX_ALIAS_COUNT, MAX_DEPTH, PARSE_OPTIONS, TO_JS_OPTIONS, parseYamlDocument, parseYamlDocuments, toStringOptions } from '../../src/krm/yaml-options';

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

describe('parseYamlDocument and parseYamlDocuments: PARSE_OPTIONS with the duplicate key check in linear time', () => {
  const errorsOf = (doc: YAML.Document) => doc.errors.map((error) => [error.name, error.code, error.pos, error.message, error.linePos]);
  /**
   * yaml's errors, but a duplicate key's: where no line break or indentation stands between the pair
   * before and the key, yaml reports it where the pair before ends (`a:\na: 1\n` at offset 2, on line
   * 1); drydock-fn at the key itself, the first key that starts there or after (offset 3, line 2).
   */
  const yamlErrorsAtTheKey = (doc: YAML.Document, text: string) => {
    const keyStarts: number[] = [];
    for (const parsed of YAML.parseAllDocuments(text, { ...PARSE_OPTIONS, uniqueKeys: false })) YAML.visit(parsed, { Pair: (_key, pair) => void keyStarts.push((pair.key as YAML.Node).range![0]) });
    return doc.errors.map((error) => {
      if (error.code !== 'DUPLICATE_KEY') return error;
      const key = Math.min(...keyStarts.filter((start) => start >= error.pos[0]));
      return Object.assign(new YAML.YAMLParseError([key, key + 1], error.code, error.message), { linePos: error.linePos });
    });
  };
  const valueOf = (doc: YAML.Document) => {
    try {
      return doc.toJS({ maxAliasCount: -1 });
    } catch (error) {
      return String(error);
    }
  };
  const sameAsYaml = (text: string) => {
    const expected = YAML.parseDocument(text, PARSE_OPTIONS);
    const actual = parseYamlDocument(text);
    expect(errorsOf(actual)).toEqual(errorsOf({ errors: yamlErrorsAtTheKey(expected, text) } as YAML.Document));
    expect(valueOf(actual)).toEqual(valueOf(expected));
    const expectedAll = YAML.parseAllDocuments(text, PARSE_OPTIONS);
    const actualAll = parseYamlDocuments(text);
    expect(actualAll.length).toBe(expectedAll.length);
    expectedAll.forEach((doc, index) => expect(errorsOf(actualAll[index])).toEqual(errorsOf({ errors: yamlErrorsAtTheKey(doc, text) } as YAML.Document)));
  };

  test("a duplicate key after an empty value: at the key, where yaml's position is the line before", () => {
    expect(YAML.parseDocument('a:\na: 1\n', PARSE_OPTIONS).errors.map((error) => error.pos[0])).toEqual([2]);
    expect(parseYamlDocument('a:\na: 1\n').errors.map((error) => [error.code, error.pos])).toEqual([['DUPLICATE_KEY', [3, 4]]]);
  });

  test.each([
    'a: 1\na: 2\n', '&x a: 1\na: 2\n', 'a: 1\n&x !!str a: 2\n', '? a\n: 1\n? a\n: 2\n', '{a: 1, a: 2}\n', '{a: 1, &x a: 2}\n',
    '"a": 1\na: 2\n', "'a': 1\n\"a\": 2\n", '"\\u0061": 1\na: 2\n', '1: x\n0x1: y\n', '0: 1\n-0: 2\n', 'null: 1\n~: 2\n', '&a : 1\n&b : 2\n', // empty keys with anchors: without (or `?`), go-yaml refuses them (implicit-keys.test.ts)
    '.nan: 1\n.nan: 2\n', 'b: &b {x: 1}\nc: {<<: *b, <<: *b}\n', 'x: &k a\n*k : 1\na: 2\n', '[a: 1, a: 2]\n', '- {a: 1, a: 2}\n- {a: 1}\n',
    'a: {b: 1, b: 2}\na: 3\n', 'a: 1\na: 2\na: 3\n', 'a: [1\na: 2\n', 'a: 1\na: 2\nb: [1\n', 'a: 1\na: 2\nb: "x\n', '{a, a}\n', '{a: , a: 1}\n', '{a: 1, a: {*x: 1}}\n', 'a: 1\n\tb: 2\na: 3\n', 'a: 1\n---\na: 1\na: 2\n', 'a: "x\na: 2\n',
  ])('%j: the errors and value yaml gives with uniqueKeys', (text) => sameAsYaml(text));

  test('random mappings of repeated keys, nested, in block and flow style, some with syntax errors: the same errors', () => {
    const key = fc.constantFrom('a', 'b', '"a"', "'b'", '1', '0x1', '01', 'null', '~', '.nan', '<<', '!!str a', '&x a', '*x', '? a\n', 'true', 'True');
    // Half the texts have only well-formed values, half may have syntax errors too.
    const texts = (scalar: fc.Arbitrary<string>, extra: fc.Arbitrary<string>) => {
      const flow: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
        value: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          scalar,
          fc.array(fc.tuple(key.filter((k) => !k.includes('\n')), tie('value')), { maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
        ),
      })).value;
      const block = (indent: string): fc.Arbitrary<string> =>
        fc.array(fc.tuple(key, fc.oneof(flow, fc.constant(''))), { minLength: 1, maxLength: 6 }).map((pairs) =>
          pairs.map(([k, v]) => (k.endsWith('\n') ? `${indent}${k}${indent}: ${v || 'z'}\n` : `${indent}${k}: ${v}\n`)).join(''),
        );
      return fc.tuple(block(''), fc.option(block('  '), { nil: undefined }), block(''), extra).map(([first, nested, last, more]) => `${first}${nested ? `n:\n${nested}` : ''}${more}${last}`);
    };
    const text = fc.oneof(
      texts(fc.constantFrom('1', 'x', '*x', '&x v', '{}', '[]'), fc.constantFrom('', '---\n', 'a: 1\n')),
      texts(fc.constantFrom('1', 'x', '*x', '&x v', '[1', '"q', '{}', '[]', ']'), fc.constantFrom('', '\t', '---\n', 'a: 1\n')),
    );
    // Where duplicate keys are the only errors, the same errors in the same order. Where there are
    // others too, both refuse the text with the same errors, maybe in another order and with the
    // duplicate's position elsewhere: yaml reports it at the end of whatever precedes the key (another
    // error's token, an empty key) and, in a flow mapping, after the errors of its value.
    const codes = (errors: unknown[][]) => errors.map(([, code]) => code as string).sort();
    let duplicates = 0;
    let alone = 0;
    fc.assert(
      fc.property(text, (source) => {
        const actual = errorsOf(parseYamlDocument(source));
        const expected = errorsOf({ errors: yamlErrorsAtTheKey(YAML.parseDocument(source, PARSE_OPTIONS), source) } as YAML.Document);
        duplicates += actual.filter(([, code]) => code === 'DUPLICATE_KEY').length;
        if (actual.every(([, code]) => code === 'DUPLICATE_KEY')) {
          alone += actual.length > 0 ? 1 : 0;
          expect(actual).toEqual(expected);
        } else expect(codes(actual)).toEqual(codes(expected));
        expect(valueOf(parseYamlDocument(source))).toEqual(valueOf(YAML.parseDocument(source, PARSE_OPTIONS)));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) },
    );
    expect(duplicates).toBeGreaterThan(100);
    // About one text in ten has duplicate keys as its only errors: a twentieth leaves room for chance.
    expect(alone).toBeGreaterThan(Number(process.env.PROPERTY_RUNS ?? 500) / 20);
  });
});
