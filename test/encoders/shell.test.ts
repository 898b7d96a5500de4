/** Shell words and here-documents, read back by sh (dash on Debian) itself. */
import { execFileSync } from 'child_process';
import * as fc from 'fast-check';
import { hereDocument, shellQuoted, shellWord, shellWordProblem } from '../../src/encoders/shell';
import { HOSTILE_CHARACTERS, hostileString } from '../support/hostile';

/** Each word printed by sh as one NUL-terminated argument: what the shell passed on. */
function shellArguments(words: readonly string[]): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${words.join(' ')}`]).toString('utf8');
  return out.split('\0').slice(0, -1);
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

describe('shell words', () => {
  test("plain values stay as Drydock writes them; others are single-quoted ('\\'' for a quote)", () => {
    expect(shellWord('mongodb')).toBe('mongodb');
    expect(shellWord('rs0/mongodb.svc:27017')).toBe('rs0/mongodb.svc:27017');
    expect(shellWord('')).toBe("''");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellQuoted('root')).toBe("'root'");
  });

  test('NUL and unpaired surrogates cannot be a word, and nothing else is refused', () => {
    expect(shellWordProblem('a\u0000b')).toMatch(/NUL/);
    expect(shellWordProblem('a\ud800b')).toMatch(/surrogate/);
    for (const char of HOSTILE_CHARACTERS.filter((c) => c !== '\u0000')) expect(shellWordProblem(`a${char}b`)).toBeUndefined();
    expect(() => shellWord('secret\u0000')).toThrow('NUL');
    expect(() => shellQuoted('secret\u0000')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });

  test(`every hostile value is one word that sh passes on as it is (${RUNS} values, one sh)`, () => {
    const values = fc.sample(hostileString(), { numRuns: RUNS, seed: 13 }).filter((value) => shellWordProblem(value) === undefined);
    values.push(...HOSTILE_CHARACTERS.filter((char) => char !== '\u0000'));
    expect(shellArguments(values.map(shellWord))).toEqual(values);
    expect(shellArguments(values.map(shellQuoted))).toEqual(values);
  });
});

describe('here-documents', () => {
  const run = (body: string): string => {
    const document = hereDocument(body);
    return execFileSync('sh', ['-c', `cat ${document.operator}\n${body}\n${document.delimiter}\n`]).toString('utf8');
  };

  test("Drydock's unquoted <<EOF when nothing would be expanded, <<'EOF' otherwise", () => {
    expect(hereDocument('db.getUser("x")')).toEqual({ operator: '<<EOF', delimiter: 'EOF' });
    for (const body of ['pwd: "$HOME"', 'a`id`', 'a\\\nb']) expect(hereDocument(body).operator).toBe("<<'EOF'");
  });

  test('a body line equal to the delimiter moves the delimiter, and the body arrives whole', () => {
    expect(hereDocument('a\nEOF\nEOF_1\nb')).toEqual({ operator: '<<EOF_2', delimiter: 'EOF_2' });
    for (const body of ['a\nEOF\nb', 'x $HOME `id` \\', "it's\n\tEOF\n'EOF'", 'EOF']) expect(run(body)).toBe(`${body}\n`);
  });

  test('NUL cannot be in a body', () => {
    expect(() => hereDocument('a\u0000')).toThrow();
  });
});
