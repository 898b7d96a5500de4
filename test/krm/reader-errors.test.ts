/** src/krm/read/reader-errors.ts: the results for what the `yaml` reader refuses or throws. */
import * as YAML from 'yaml';
import { syntaxError, unreadable, yamlErrorResult } from '../../src/krm/read/reader-errors';

const parseError = (offset: number, code: YAML.ErrorCode, message: string) => new YAML.YAMLParseError([offset, offset + 1], code, message);

describe('syntaxError: the line and column (both from 1) of the error offset', () => {
  test('a duplicate key found by the reader: its own code, the position of the second key', () => {
    const text = 'a: 1\na: 2\n';
    const [error] = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false }).errors;
    expect(syntaxError(error, text)).toEqual({
      message: 'input is not valid YAML: line 2, column 1: Map keys must be unique',
      severity: 'error',
      tags: { code: 'INPUT_DUPLICATE_KEY' },
    });
  });

  test.each([
    ['the first character', 'abc\ndef\n', 0, 'line 1, column 1'],
    ['inside the first line', 'abc\ndef\n', 2, 'line 1, column 3'],
    ['the line break ending the first line', 'abc\ndef\n', 3, 'line 1, column 4'],
    ['the start of the second line', 'abc\ndef\n', 4, 'line 2, column 1'],
    ['just before the second line break', 'abc\ndef\n', 6, 'line 2, column 3'],
    ['the third line after an empty one', 'abc\n\nxy\n', 6, 'line 3, column 2'],
  ])('%s', (_name, text, offset, where) => {
    expect(syntaxError(parseError(offset, 'BAD_INDENT', 'bad\nsecond line'), text)).toEqual({
      message: `input is not valid YAML: ${where}: bad`,
      severity: 'error',
      tags: { code: 'INPUT_YAML_SYNTAX' },
    });
  });
});

test('syntaxError: an error without a position gets none in its message', () => {
  const error = Object.assign(parseError(0, 'BAD_INDENT', 'bad'), { pos: undefined }) as unknown as YAML.YAMLError;
  expect(syntaxError(error, 'a: 1\n').message).toBe('input is not valid YAML: bad');
});

describe('yamlErrorResult', () => {
  test('no position: the message alone', () => {
    expect(yamlErrorResult(parseError(0, 'BAD_INDENT', 'bad'), undefined).message).toBe('input is not valid YAML: bad');
  });

  test('a stack exhausted while reading: too deep, with or without a position', () => {
    expect(yamlErrorResult(parseError(0, 'IMPOSSIBLE', 'Maximum Call Stack size exceeded'), 'line 3, column 4')).toEqual({
      message: 'input nests too deeply to be read (line 3, column 4); no Kubernetes object does',
      severity: 'error',
      tags: { code: 'INPUT_TOO_DEEP' },
    });
    expect(yamlErrorResult(parseError(0, 'IMPOSSIBLE', 'call stack'), undefined).message).toBe('input nests too deeply to be read; no Kubernetes object does');
  });
});

describe('unreadable: what the reader threw', () => {
  test('a RangeError: too deep', () => {
    expect(unreadable(new RangeError('Maximum call stack size exceeded'))).toEqual({
      message: 'input nests too deeply to be read; no Kubernetes object does',
      severity: 'error',
      tags: { code: 'INPUT_TOO_DEEP' },
    });
  });

  test("the reader's alias limit, whatever its case: the alias-limit code", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`).join('\n')}\n`;
    let thrown: unknown;
    try {
      YAML.parse(bomb, { maxAliasCount: 100 });
    } catch (error) {
      thrown = error;
    }
    const result = unreadable(thrown);
    expect(result.tags).toEqual({ code: 'INPUT_ALIAS_LIMIT' });
    expect(result.message).toMatch(/^input cannot be read: .*alias.* \(alias and merge-key expansion is limited to protect against alias bombs\)$/i);
    expect(unreadable(new Error('Resource Exhaustion: too much\nstack')).message).toBe(
      'input cannot be read: Resource Exhaustion: too much (alias and merge-key expansion is limited to protect against alias bombs)',
    );
  });

  test('anything else: a syntax error with its first line', () => {
    expect(unreadable(new Error('unexpected end\nat line 3'))).toEqual({
      message: 'input is not valid YAML: unexpected end',
      severity: 'error',
      tags: { code: 'INPUT_YAML_SYNTAX' },
    });
    expect(unreadable('thrown text').message).toBe('input is not valid YAML: thrown text');
  });
});
