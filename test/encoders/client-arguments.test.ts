/**
 * Client arguments: each value, written by the encoder, goes through sh (dash on Debian) and then
 * through the client's option parser (mongosh's yargs-parser; mc's argument reordering), and must come
 * out as the value of its option, or the positional argument, it was meant for.
 */
import { execFileSync } from 'child_process';
import * as fc from 'fast-check';
import { MONGO_SHELL_OPTIONS, optionWords, positionalArgumentProblem, variableOptionSelection } from '../../src/encoders/client-arguments';
import { shellQuoted, shellWordProblem } from '../../src/encoders/shell';
import { mcPositionalArguments, mongoshArguments } from '../support/client-parsers';
import { hostileString } from '../support/hostile';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

/** The argument vector each line's words give a program, all lines in one sh. */
function argumentVectors(lines: readonly string[]): string[][] {
  const script = ['args() { printf \'%s\\0\' "$#" "$@"; }', ...lines.map((line) => `args ${line}`)].join('\n');
  const fields = execFileSync('sh', ['-c', script]).toString('utf8').split('\0');
  const vectors: string[][] = [];
  for (let at = 0; at < fields.length - 1; ) {
    const count = Number(fields[at]);
    vectors.push(fields.slice(at + 1, at + 1 + count));
    at += 1 + count;
  }
  return vectors;
}

/** Values an option parser may take for options, and others. */
const OPTION_LIKE = ['--eval=db.getSiblingDB("openedx").dropDatabase()', '-9fKq2#x', '-', '--', '-p', '--password', '---x', '-5', '--eval=quit(0)', '-u root'];
const QUOTED = ['"abc"', "'abc'", '"', "'", '""', 'true', '', 'a=b', 'admin'];

function values(): string[] {
  const sampled = fc.sample(fc.oneof(hostileString(), hostileString().map((value) => `-${value}`), hostileString().map((value) => `--${value}`)), { numRuns: RUNS, seed: 1 });
  return [...OPTION_LIKE, ...QUOTED, ...sampled].filter((value) => shellWordProblem(value) === undefined);
}

describe('mongosh options', () => {
  test("Drydock's form for values no parser takes for an option; --option=value for values starting with -", () => {
    expect(optionWords(MONGO_SHELL_OPTIONS.password, 's3cret')).toBe('-p s3cret');
    expect(optionWords(MONGO_SHELL_OPTIONS.host, 'rs0/mongodb')).toBe('--host rs0/mongodb');
    expect(optionWords(MONGO_SHELL_OPTIONS.password, '--eval=quit(0)')).toBe("--password='--eval=quit(0)'");
    expect(optionWords(MONGO_SHELL_OPTIONS.username, '-x')).toBe('--username=-x');
    // The joined form is not for every value: yargs-parser strips the quotes around a joined value.
    expect(mongoshArguments(['--password="abc"'])).toEqual({ options: { password: 'abc' }, positional: [] });
    expect(mongoshArguments(['-p', '"abc"'])).toEqual({ options: { password: '"abc"' }, positional: [] });
  });

  test('issue S1: a password that Drydock\'s form hands to mongosh as code', () => {
    expect(mongoshArguments(['-u', 'root', '-p', '--eval=db.getSiblingDB("openedx").dropDatabase()', 'admin'])).toEqual({
      options: { username: 'root', password: '', eval: ['db.getSiblingDB("openedx").dropDatabase()'] },
      positional: ['admin'],
    });
    expect(mongoshArguments(['-u', 'root', '-p', '-9fKq2#x', 'admin'])).toEqual({ error: 'Unknown argument: -9fKq2#x' });
  });

  test(`every value reaches mongosh as its option's value, through sh (${RUNS} hostile values, option-like ones among them)`, () => {
    const all = values();
    const lines = all.map((value) => `${optionWords(MONGO_SHELL_OPTIONS.host, value)} --port 27017 ${optionWords(MONGO_SHELL_OPTIONS.username, value)} ${optionWords(MONGO_SHELL_OPTIONS.password, value)} admin`);
    const read = argumentVectors(lines).map(mongoshArguments);
    expect(read).toEqual(all.map((value) => ({ options: { host: value, port: '27017', username: value, password: value }, positional: ['admin'] })));
    expect(all.filter((value) => value.startsWith('-')).length).toBeGreaterThan(RUNS / 3);
  });

  test('a value known when the Job runs (a Secret in the environment): the script picks the form', () => {
    const all = values();
    const selection = variableOptionSelection(MONGO_SHELL_OPTIONS.password, 'MONGODB_ROOT_PASSWORD');
    const script = ['args() { printf \'%s\\0\' "$#" "$@"; }', ...all.flatMap((value) => [`MONGODB_ROOT_PASSWORD=${shellQuoted(value)}`, selection.line, `args -u root ${selection.words} admin`])].join('\n');
    const fields = execFileSync('sh', ['-c', script]).toString('utf8').split('\0');
    const read: unknown[] = [];
    for (let at = 0; at < fields.length - 1; ) {
      const count = Number(fields[at]);
      read.push(mongoshArguments(fields.slice(at + 1, at + 1 + count)));
      at += 1 + count;
    }
    expect(read).toEqual(all.map((value) => ({ options: { username: 'root', password: value }, positional: ['admin'] })));
  });
});

describe('positional arguments (mc)', () => {
  test('a value starting with - is refused, without quoting it; others reach mc as positional arguments', () => {
    const all = values();
    for (const value of all) {
      const problem = positionalArgumentProblem(value);
      expect(problem === undefined).toBe(!value.startsWith('-'));
      if (problem && value.length > 3) expect(problem).not.toContain(value);
    }
    const taken = all.filter((value) => positionalArgumentProblem(value) === undefined);
    const vectors = argumentVectors(taken.map((value) => `minio http://minio:9000 ${shellQuoted(value)} ${shellQuoted(value)} --api s3v4`));
    expect(vectors.map((args) => mcPositionalArguments(args, ['--api']))).toEqual(taken.map((value) => ['minio', 'http://minio:9000', value, value]));
    // The transcription sees what the refusal is for.
    expect(mcPositionalArguments(['minio', 'http://minio:9000', '-key', 'secret', '--api', 's3v4'], ['--api'])).toBeUndefined();
  });
});
