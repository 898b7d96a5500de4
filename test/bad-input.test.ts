/**
 * The bad-input corpus (test/bad-input/, one folder per case, see its README.md): each input goes
 * through the built command exactly as an orchestrator runs it, and must get
 * - the exit status the case states (1 on any error);
 * - the results it states: severity, code (tags.code), message, field and resource;
 * - on stdout exactly one ResourceList, whose items are the input's when the list could be read
 *   (none when it could not), or JSON for JSON input;
 * - one stderr line per warning and error, and never a stack trace;
 * - an answer within the case's time and memory limits (peak RSS, measured by /usr/bin/time).
 */
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { RESULT_CODES } from '../src/krm/codes';
import { MAX_INPUT_BYTES, runOnBytes } from '../src/io';
import { runFunction } from '../src/run';
import { BUNDLE, ensureBundle } from './support/orchestrators';

const CORPUS = path.join(__dirname, 'bad-input');
const TIME = '/usr/bin/time';
const DEFAULT_TIME_LIMIT_SECONDS = 15;
const DEFAULT_MEMORY_LIMIT_MB = 400;
/** Cases run side by side (the machine's cores, at most). */
const CONCURRENCY = 2;

interface ExpectedResult {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  /** A regular expression the message must match. */
  readonly message: string;
  readonly field?: string;
  /** Kind/name of the resourceRef. */
  readonly resource?: string;
}

interface Expectation {
  readonly description: string;
  readonly exit: 0 | 1;
  /** none: no items (the list could not be read); input: the input's items; verbatim: the input bytes come first; any: not checked. */
  readonly items: 'none' | 'input' | 'verbatim' | 'any';
  readonly output?: 'json';
  readonly results: readonly ExpectedResult[];
  readonly timeLimitSeconds?: number;
  readonly memoryLimitMB?: number;
}

interface Case {
  readonly name: string;
  readonly expected: Expectation;
  readonly input: () => Buffer;
}

function loadCases(): Case[] {
  return readdirSync(CORPUS)
    .filter((name) => statSync(path.join(CORPUS, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = path.join(CORPUS, name);
      const expected = YAML.parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as Expectation;
      const file = ['input.yaml', 'input.bin', 'input.gen.js'].map((candidate) => path.join(dir, candidate)).find(existsSync);
      if (!file) throw new Error(`${name}: no input.yaml, input.bin or input.gen.js`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const input = file.endsWith('.gen.js') ? () => (require(file) as () => Buffer)() : () => readFileSync(file);
      return { name, expected, input };
    });
}

interface Run {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly seconds: number;
  /** Peak resident memory, when /usr/bin/time is there to measure it. */
  readonly maxRssMB?: number;
  readonly input: Buffer;
}

const measureMemory = existsSync(TIME);
if (!measureMemory) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED memory limits of the bad-input corpus: ${TIME} is not installed (time limits are still checked)`);
}

/** Runs the bundle on one input as kustomize and kpt do: stdin in, stdout and stderr out. */
function runCase(testCase: Case, scratch: string): Promise<Run> {
  const input = testCase.input();
  const limit = (testCase.expected.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS) * 1000;
  const rssFile = path.join(scratch, `${testCase.name}.rss`);
  const [command, args] = measureMemory ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, BUNDLE]] : [process.execPath, [BUNDLE]];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), limit);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = measureMemory && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : undefined;
      resolve({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8'), seconds, maxRssMB: rss, input });
    });
    child.stdin.on('error', () => undefined); // the function may answer before it has read everything
    child.stdin.end(input);
  });
}

async function runAll(cases: readonly Case[]): Promise<Map<string, Run>> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'drydock-fn-bad-input-'));
  const runs = new Map<string, Run>();
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const testCase = cases[next++];
        runs.set(testCase.name, await runCase(testCase, scratch));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return runs;
}

interface OutputResult {
  readonly severity: string;
  readonly message: string;
  readonly field?: { path: string };
  readonly resourceRef?: { kind: string; name: string };
  readonly tags?: { code?: string };
}

function itemsOf(text: string): unknown[] {
  const parsed = YAML.parse(text, { uniqueKeys: false, maxAliasCount: -1 }) as { items?: unknown[] | null };
  return parsed.items ?? [];
}

const CASES = loadCases();

describe(`bad-input corpus (${CASES.length} cases, test/bad-input)`, () => {
  let runs: Map<string, Run>;
  beforeAll(async () => {
    ensureBundle();
    runs = await runAll(CASES);
  }, 300_000);

  test('the corpus holds at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const expected = testCase.expected;
    const run = (): Run => runs.get(testCase.name) as Run;
    let parsedOutput: { text: string; parsed: { apiVersion: string; kind: string; items: unknown[] | null; results?: OutputResult[] } } | undefined;
    const output = (): NonNullable<typeof parsedOutput> => {
      if (parsedOutput) return parsedOutput;
      const { stdout, input } = run();
      if (expected.items === 'verbatim' && stdout.subarray(0, input.length).equals(input)) {
        // The input comes back byte for byte (checked below): read its header and what follows it,
        // not its 50 MB of items again.
        const header = input.subarray(0, input.indexOf('\nitems:') + 1).toString('utf8');
        const text = header + stdout.subarray(input.length).toString('utf8');
        parsedOutput = { text, parsed: { ...(YAML.parse(text) as object), items: null } as never };
        return parsedOutput;
      }
      const text = stdout.toString('utf8');
      const docs = YAML.parseAllDocuments(text, { uniqueKeys: false });
      expect(Array.isArray(docs) ? docs.length : 0).toBe(1);
      const doc = (docs as YAML.Document.Parsed[])[0];
      expect(doc.errors).toEqual([]);
      parsedOutput = { text, parsed: doc.toJS({ maxAliasCount: -1 }) };
      return parsedOutput;
    };

    test(`exit status ${expected.exit}, within ${expected.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS} s and ${expected.memoryLimitMB ?? DEFAULT_MEMORY_LIMIT_MB} MB`, () => {
      const { status, seconds, maxRssMB } = run();
      expect({ status, inTime: seconds < (expected.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS) }).toEqual({ status: expected.exit, inTime: true });
      if (maxRssMB !== undefined) expect(maxRssMB).toBeLessThan(expected.memoryLimitMB ?? DEFAULT_MEMORY_LIMIT_MB);
    });

    test('stdout is exactly one ResourceList', () => {
      const { parsed } = output();
      expect(parsed.apiVersion).toBe('config.kubernetes.io/v1');
      expect(parsed.kind).toBe('ResourceList');
      if (expected.output === 'json') expect(() => JSON.parse(run().stdout.toString('utf8'))).not.toThrow();
    });

    test(`items: ${expected.items}`, () => {
      const { text, parsed } = output();
      if (expected.items === 'none') expect(parsed.items).toEqual([]);
      if (expected.items === 'input') expect(itemsOf(text)).toEqual(itemsOf(run().input.toString('utf8')));
      if (expected.items === 'verbatim') expect(run().stdout.subarray(0, run().input.length).equals(run().input)).toBe(true);
    });

    test('the results name the problem, its code, field and resource', () => {
      const results = output().parsed.results ?? [];
      for (const result of results) expect(Object.keys(RESULT_CODES)).toContain(result.tags?.code);
      expect(results.some((result) => result.severity === 'error')).toBe(expected.exit === 1);
      for (const wanted of expected.results) {
        const match = results.find(
          (result) =>
            result.severity === wanted.severity &&
            result.tags?.code === wanted.code &&
            new RegExp(wanted.message).test(result.message) &&
            (wanted.field === undefined || result.field?.path === wanted.field) &&
            (wanted.resource === undefined || `${result.resourceRef?.kind}/${result.resourceRef?.name}` === wanted.resource),
        );
        expect({ wanted, found: match !== undefined, results }).toEqual(expect.objectContaining({ found: true }));
      }
    });

    test('stderr: one line per warning and error, no stack trace', () => {
      const results = output().parsed.results ?? [];
      const stderr = run().stderr;
      const lines = stderr === '' ? [] : stderr.replace(/\n$/, '').split('\n');
      expect(lines.length).toBe(results.filter((result) => result.severity !== 'info').length);
      for (const line of lines) expect(line).toMatch(/^drydock-fn: (error|warning): \S/);
      expect(stderr).not.toMatch(/^\s+at .+[(:]\d+/m);
      expect(stderr).not.toMatch(/internal error/);
    });
  });
});

describe('the item-by-item reader and the whole-document reader name the same line and column', () => {
  // Line ends of a CR alone send the input to the whole-document reader (which reads them as LF); LF
  // and CRLF ones to the item-by-item reader.
  const syntaxCases = CASES.filter((testCase) => testCase.expected.results.some((result) => /^INPUT_(YAML_SYNTAX|DUPLICATE_KEY)$/.test(result.code)) && testCase.expected.timeLimitSeconds === undefined);
  test.each(syntaxCases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const text = testCase.input().toString('utf8');
    const where = (result: { message: string }): string | undefined => /line \d+, column \d+/.exec(result.message)?.[0];
    const lf = runFunction(text).results[0];
    for (const other of [text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r')]) {
      const result = runFunction(other).results[0];
      expect(result.tags?.code).toBe(lf.tags?.code);
      expect(where(result)).toBe(where(lf));
    }
  });
});

describe('keys that would pollute Object.prototype stay data', () => {
  const inputs: [string, string][] = [
    ['block YAML (item-by-item reader)', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: lms\n    __proto__: {pollutedA: yes}\n  spec:\n    __proto__: {pollutedB: yes}\n'],
    ['anchors and merge keys (whole-document reader)', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, __proto__: &p {pollutedC: yes}}\n  data: {<<: *p, __proto__: {pollutedD: yes}}\n'],
    ['JSON', '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "lms", "__proto__": {"pollutedE": 1}}}]}'],
  ];
  test.each(inputs)('%s', (_name, input) => {
    const outcome = runFunction(input);
    expect(outcome.exitCode).toBe(0);
    const probe = {} as Record<string, unknown>;
    expect(['pollutedA', 'pollutedB', 'pollutedC', 'pollutedD', 'pollutedE', 'polluted4'].filter((key) => probe[key] !== undefined)).toEqual([]);
    expect(outcome.output).toContain('__proto__');
    // Its own output is read the same way: idempotent.
    expect(runFunction(outcome.output).output).toBe(outcome.output);
  });
});

describe('input beyond the size limit', () => {
  test('more than MAX_INPUT_BYTES: INPUT_TOO_LARGE before anything is read (a length stands in for 256 MB of bytes)', () => {
    const bytes = new Uint8Array(4);
    Object.defineProperty(bytes, 'length', { value: MAX_INPUT_BYTES + 1 });
    const outcome = runOnBytes(bytes);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([expect.objectContaining({ severity: 'error', tags: { code: 'INPUT_TOO_LARGE' } })]);
    expect(YAML.parse(outcome.output)).toEqual(expect.objectContaining({ kind: 'ResourceList', items: [] }));
  });
});
