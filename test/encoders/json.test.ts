/** JSON every reader reads the same, and the registry's Docker config; Python's json as a second reader. */
import { dockerConfigJsonProblem, parseUnambiguousJson } from '../../src/encoders/json';
import { describeWithReader, pythonMissing, runPython } from '../support/readers';

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
    ['a number as auth (the kubelet fails to read the Secret)', '{"auths": {"r": {"auth": 5}}}', /strings/],
    ['an entry that is no mapping', '{"auths": {"r": "x"}}', /mapping/],
  ])('%s is refused, without quoting the value', (_name, text, message) => {
    const problem = dockerConfigJsonProblem(text);
    expect(problem).toMatch(message);
    expect(problem).not.toContain('dXNl');
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
