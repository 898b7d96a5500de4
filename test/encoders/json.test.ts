/**
 * JSON every reader reads the same, and the registry's Docker config; Python's json as a second
 * reader, and Go's encoding/json (through Caddy's JSON config) for the names Go matches struct fields by.
 */
import { dockerConfigJsonProblem, goJsonFoldName, parseUnambiguousJson } from '../../src/encoders/json';
import { caddyMissing, caddyValidateJsonAll, describeWithReader, pythonMissing, runPython } from '../support/readers';

const GOOD = '{"auths": {"registry.example.com": {"auth": "dXNlcjpwYXNz"}, "ghcr.io": {"username": "u", "password": "p\\u2028\\"x", "email": "e@x"}}, "HttpHeaders": {"User-Agent": "x"}}';

describe('Docker config JSON', () => {
  test('a Docker config with auths passes; pretty-printed too', () => {
    expect(dockerConfigJsonProblem(GOOD)).toBeUndefined();
    expect(dockerConfigJsonProblem(JSON.stringify(JSON.parse(GOOD), null, 2))).toBeUndefined();
  });

  test.each([
    ['not JSON', '{"auths": {', /not JSON/],
    ['no auths', '{"registries": {}}', /"auths" mapping/],
    ['a key twice', '{"auths": {"r": {"auth": "a"}, "r": {"auth": "b"}}}', /same key twice/],
    ['a key twice, deep', '{"auths": {"r": {"auth": "a", "auth": "b"}}}', /same key twice/],
    ['an escaped unpaired surrogate', '{"auths": {"r": {"auth": "\\ud800"}}}', /unpaired surrogate/],
    ['Auths beside auths (Go reads both as auths)', '{"auths": {}, "Auths": {"r": {"auth": "a"}}}', /only in case/],
    ['AUTH in an entry', '{"auths": {"r": {"AUTH": "a"}}}', /only in case/],
    // Go folds the long s (U+017F) to s and the Kelvin sign (U+212A) to k, as Unicode's simple case folding does.
    ['"authſ" beside auths (Go merges both into auths)', '{"auths": {"registry.example.com": {"auth": "dXNlcjpwYXNz"}}, "authſ": {"ghcr.io": {"username": "mallory", "password": "tok"}}}', /only in case/],
    ['"authſ" escaped', '{"auths": {}, "auth\\u017f": {"ghcr.io": {"auth": "dXNl"}}}', /only in case/],
    ['"uſername" and "paſſword" in an entry', '{"auths": {"ghcr.io": {"uſername": "mallory", "paſſword": "tok"}}}', /only in case/],
    ['"HttpHeaderſ"', '{"auths": {}, "HttpHeaderſ": {"X": "y"}}', /only in case/],
    ['a number as auth (the kubelet fails to read the Secret)', '{"auths": {"r": {"auth": 5}}}', /strings/],
    ['an entry that is no mapping', '{"auths": {"r": "x"}}', /mapping/],
  ])('%s is refused, without quoting the value', (_name, text, message) => {
    const problem = dockerConfigJsonProblem(text);
    expect(problem).toMatch(message);
    expect(problem).not.toContain('dXNl');
  });

  test("Go's folding of names (encoding/json foldName): ASCII letters in any case, the long s and the Kelvin sign; no other letter", () => {
    expect(goJsonFoldName('auths')).toBe('AUTHS');
    expect(goJsonFoldName('AuthS')).toBe(goJsonFoldName('authſ'));
    expect(goJsonFoldName('\u212Aey')).toBe('KEY');
    // Dotless i and dotted I have no simple case folding to i: Go keeps them apart from "email".
    for (const [key, field] of [['emaıl', 'email'], ['emaİl', 'email'], ['authｓ', 'auths'], ['aüths', 'auths']]) expect(goJsonFoldName(key)).not.toBe(goJsonFoldName(field));
    expect(dockerConfigJsonProblem('{"auths": {"r": {"auth": "dXNl", "emaıl": "x"}}}')).toBeUndefined();
  });

  test('keys are compared after decoding escapes', () => {
    expect(parseUnambiguousJson('{"a": 1, "\\u0061": 2}')).toEqual({ problem: expect.stringContaining('same key twice') });
    expect(parseUnambiguousJson('{"a": {"b": 1}, "c": [{"b": 2}, {"b": 3}], "d": "{\\"a\\": 1, \\"a\\": 2}"}')).toEqual({ value: expect.any(Object) });
  });
});

describeWithReader(pythonMissing(), "Python's json reads what JSON.parse reads", () => {
  test('accepted texts mean the same to Python (pairs in order, no key twice)', () => {
    const texts = [GOOD, '{"a": [1, {"b": "\\ud83d\\ude00"}], "c": null}', '{"auths": {"r": {"auth": "a"}, "r": {"auth": "b"}}}'];
    const read = runPython<{ pairs: unknown; duplicate: boolean }[]>(
      [
        'result = []',
        'for text in data:',
        '    duplicate = False',
        '    def pairs(items):',
        '        global duplicate',
        '        keys = [key for key, _ in items]',
        '        duplicate = duplicate or len(keys) != len(set(keys))',
        '        return dict(items)',
        '    value = json.loads(text, object_pairs_hook=pairs)',
        '    result.append({"pairs": value, "duplicate": duplicate})',
      ].join('\n'),
      texts,
    );
    texts.forEach((text, index) => {
      const parsed = parseUnambiguousJson(text);
      expect('value' in parsed).toBe(!read[index].duplicate);
      if ('value' in parsed) expect(read[index].pairs).toEqual(parsed.value);
    });
  });
});

/** Each letter of a field name in every form a case-insensitive reader might take for it. */
const LETTER_FORMS: Readonly<Record<string, readonly string[]>> = {
  a: ['a', 'A', 'ａ'],
  p: ['p', 'P'],
  s: ['s', 'S', '\u017f', 'ｓ'],
  i: ['i', 'I', '\u0131', '\u0130'],
  n: ['n', 'N'],
  k: ['k', 'K', '\u212a', '\u0138'],
};

function spellings(word: string): string[] {
  return [...word].reduce<string[]>((prefixes, letter) => prefixes.flatMap((prefix) => (LETTER_FORMS[letter] ?? [letter]).map((form) => prefix + form)), ['']);
}

describeWithReader(caddyMissing(), "Go's encoding/json (Caddy's JSON config) matches a struct field exactly when goJsonFoldName says so", () => {
  test('every spelling of the fields "apps" and "sink" (s, k, i in their case forms), read by caddy validate', async () => {
    // A key Go takes for the field loads the module named under it, which does not exist; any other key is ignored.
    const cases = [
      ...spellings('apps').map((key) => ({ field: 'apps', key, config: JSON.stringify({ [key]: { no_such_app: {} } }) })),
      ...spellings('sink').map((key) => ({ field: 'sink', key, config: JSON.stringify({ logging: { [key]: { writer: { output: 'no_such_writer' } } } }) })),
    ];
    const errors = await caddyValidateJsonAll(cases.map((entry) => entry.config));
    const read = cases.map((entry, index) => ({ key: entry.key, asField: errors[index] !== undefined && /unknown module/.test(errors[index] as string) }));
    expect(read).toEqual(cases.map((entry) => ({ key: entry.key, asField: goJsonFoldName(entry.key) === goJsonFoldName(entry.field) })));
    // Both kinds occur: the check can fail.
    expect(new Set(read.map((entry) => entry.asField))).toEqual(new Set([true, false]));
    expect(read.filter((entry) => entry.asField).map((entry) => entry.key)).toEqual(expect.arrayContaining(['appſ', 'ſink', 'sin\u212a']));
  });
});

describeWithReader(caddyMissing(), "Go's encoding/json reads no deeper than dockerConfigJsonProblem accepts", () => {
  test('10000 levels read, 10001 refused (exceeded max depth), arrays and objects, by caddy validate', async () => {
    const nested = (depth: number, open: string, close: string): string => `{"auths":{},"x":${open.repeat(depth - 1)}1${close.repeat(depth - 1)}}`;
    const texts = [9999, 10000, 10001, 10002].flatMap((depth) => [nested(depth, '[', ']'), nested(depth, '{"a":', '}')]);
    const errors = await caddyValidateJsonAll(texts);
    const goRefuses = errors.map((error) => error !== undefined && /exceeded max depth/.test(error));
    expect(goRefuses).toEqual([false, false, false, false, true, true, true, true]);
    expect(texts.map((text) => /nests deeper/.test(dockerConfigJsonProblem(text) ?? ''))).toEqual(goRefuses);
  });
});
