/**
 * The scripts of generated Jobs as the shell reads them: `sh -n` over each, and each run with the
 * database clients (mysql, mongosh, mongo, mc) replaced by shell functions that record their
 * arguments and stdin, NUL-separated; plus readers for what those clients are given: MySQL string
 * literals (MySQL's documented escapes; no server runs in CI) and the JavaScript of the MongoDB
 * scripts (run by Node's own parser, as mongosh runs it, against a stand-in `db`).
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

type Item = Record<string, any>;

export interface JobScript {
  readonly job: string;
  readonly script: string;
}

/** The `sh -c` script of every generated Job (init and upgrade Jobs) of the items. */
export function generatedJobScripts(items: readonly Item[]): JobScript[] {
  const out: JobScript[] = [];
  for (const item of items) {
    if (item.kind !== 'Job' || item.metadata?.annotations?.['drydock.io/generated-by'] !== 'drydock-fn') continue;
    const container = item.spec?.template?.spec?.containers?.[0] ?? {};
    const words: string[] = [...(container.command ?? []), ...(container.args ?? [])];
    const at = words.findIndex((word) => word === '-c');
    const script = words.slice(at + 1).find((word) => word !== '-e');
    if (at < 0 || script === undefined) throw new Error(`Job ${item.metadata.name}: no sh -c script in ${JSON.stringify(words)}`);
    out.push({ job: item.metadata.name, script });
  }
  return out;
}

function withScriptFiles<T>(scripts: readonly string[], body: (files: string[], dir: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drydock-fn-scripts-'));
  try {
    const files = scripts.map((script, index) => {
      const file = path.join(dir, `script-${index}.sh`);
      writeFileSync(file, script);
      return file;
    });
    return body(files, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `sh -n` over every script, in one shell: the error output of each script that does not parse (empty when all do). */
export function shSyntaxErrors(scripts: readonly string[]): { index: number; error: string }[] {
  return withScriptFiles(scripts, (files) => {
    const run = spawnSync('sh', ['-c', 'for f in "$@"; do sh -n "$f" 2>"$f.err" || echo "$f"; done', 'sh', ...files], { encoding: 'utf8' });
    if (run.error) throw run.error;
    return run.stdout
      .split('\n')
      .filter(Boolean)
      .map((file) => ({ index: files.indexOf(file), error: readFileSync(`${file}.err`, 'utf8') }));
  });
}

export interface ClientCall {
  readonly program: string;
  readonly args: readonly string[];
  readonly stdin: string;
}

/** Shell functions standing in for the clients: each call appends name, argument count, arguments and stdin, NUL-separated. */
const STUBS = [
  '__record() { { printf \'%s\\0\' "$@"; cat; printf \'\\0\'; } >>"$DRYDOCK_FN_CALLS"; }',
  ...['mysql', 'mongosh', 'mongo', 'mc'].map((program) => `${program}() { __record ${program} "$#" "$@"; }`),
  'sleep() { :; }',
].join('\n');

function parseCalls(text: string): ClientCall[] {
  const fields = text.split('\0');
  const calls: ClientCall[] = [];
  let i = 0;
  while (i < fields.length - 1) {
    const program = fields[i];
    const count = Number(fields[i + 1]);
    const args = fields.slice(i + 2, i + 2 + count);
    calls.push({ program, args, stdin: fields[i + 2 + count] });
    i += 3 + count;
  }
  return calls;
}

/** Runs each script (as `sh -e`, the way the Jobs run it, with `env` added) with the stand-in clients; the calls of each, or its error. */
export function runWithStubClients(scripts: readonly string[], env: Readonly<Record<string, string>> = {}): { calls: ClientCall[]; status: number; stderr: string }[] {
  return withScriptFiles(
    scripts.map((script) => `${STUBS}\n${script}\n`),
    (files) =>
      files.map((file) => {
        const calls = `${file}.calls`;
        const run = spawnSync('sh', ['-e', file], { encoding: 'utf8', env: { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin', DRYDOCK_FN_CALLS: calls }, stdio: ['ignore', 'ignore', 'pipe'] });
        if (run.error) throw run.error;
        return { calls: existsSync(calls) ? parseCalls(readFileSync(calls, 'utf8')) : [], status: run.status ?? 1, stderr: run.stderr };
      }),
  );
}

/** MySQL's escapes in a quoted string (reference manual, "String Literals": \0 \' \" \b \n \r \t \Z \\, and \x → x otherwise). */
const MYSQL_ESCAPES: Readonly<Record<string, string>> = { '0': '\u0000', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\u001a' };

/** The single-quoted string literals of a MySQL statement, read as MySQL reads them (default sql_mode). */
export function mysqlStringLiterals(sql: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < sql.length) {
    if (sql[i] !== "'") {
      i++;
      continue;
    }
    let value = '';
    i++;
    for (;;) {
      if (i >= sql.length) throw new Error('unterminated MySQL string');
      const char = sql[i];
      if (char === '\\') {
        const next = sql[i + 1];
        value += MYSQL_ESCAPES[next] ?? next;
        i += 2;
      } else if (char === "'" && sql[i + 1] === "'") {
        value += "'";
        i += 2;
      } else if (char === "'") {
        i++;
        break;
      } else {
        value += char;
        i++;
      }
    }
    out.push(value);
  }
  return out;
}

export interface MongoUserCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** Runs the JavaScript of a MongoDB script against a stand-in `db` with no users; the user calls it makes. */
export function mongoUserCalls(javascript: string): MongoUserCall[] {
  const calls: MongoUserCall[] = [];
  const db = {
    getUser: () => null,
    createUser: (...args: unknown[]) => void calls.push({ method: 'createUser', args }),
    updateUser: (...args: unknown[]) => void calls.push({ method: 'updateUser', args }),
    grantRolesToUser: (...args: unknown[]) => void calls.push({ method: 'grantRolesToUser', args }),
    runCommand: () => ({ ok: 1 }),
  };
  // `exit` is a shell command of mongosh and mongo, a bare name to JavaScript.
  vm.runInNewContext(javascript, { db, exit: undefined });
  return JSON.parse(JSON.stringify(calls)) as MongoUserCall[];
}
