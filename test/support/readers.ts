/**
 * The programs that read what drydock-fn writes, run from tests: python3 (Django settings, newrelic.ini
 * through configparser, JSON), `caddy adapt` (Caddyfiles), sh (Job scripts). Each reader runs once per
 * batch of inputs (python) or in parallel (caddy), to keep the suite fast; a missing reader is a skip
 * with its reason printed.
 */
import { spawn, spawnSync } from 'child_process';
import * as fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

/** `describe` when the reader is there; otherwise one skipped test that says why, and a printed line. */
export function describeWithReader(missing: string | undefined, name: string, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED ${name}: ${missing}`);
  test.skip(`${name} (skipped: ${missing})`, () => undefined);
}

function probe(command: string, args: readonly string[]): boolean {
  const run = spawnSync(command, args, { stdio: 'ignore' });
  return !run.error && run.status === 0;
}

/** Why python3 cannot be used here, or undefined. */
export function pythonMissing(): string | undefined {
  return probe('python3', ['-c', 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)']) ? undefined : 'python3 (3.8 or later) is not on PATH';
}

/**
 * Runs `script` once: Python code that reads `data` (the JSON of `input`) and assigns `result`, which
 * comes back as JSON. Throws with Python's stderr when the script fails.
 */
export function runPython<T>(script: string, input: unknown): T {
  const program = `import json, sys\ndata = json.load(sys.stdin)\n${script}\njson.dump(result, sys.stdout)\n`;
  const run = spawnSync('python3', ['-c', program], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, PYTHONUTF8: '1' } });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * Python for {@link runPython}: each text written to a file and read as the New Relic agent reads
 * newrelic.ini (RawConfigParser's read() of the file: universal newlines, so CR ends a line too); the
 * [newrelic] section as pairs, or the class of the error that stops the agent.
 */
export const NEWRELIC_INI_AS_THE_AGENT_READS = [
  'import configparser, os, tempfile',
  'result = []',
  'directory = tempfile.mkdtemp()',
  'for index, text in enumerate(data):',
  '    path = os.path.join(directory, "newrelic-%d.ini" % index)',
  '    with open(path, "w", encoding="utf-8", newline="") as file:',
  '        file.write(text)',
  '    parser = configparser.RawConfigParser()',
  '    try:',
  '        parser.read([path], encoding="utf-8")',
  '        result.append({"sections": parser.sections(), "newrelic": parser.items("newrelic") if parser.has_section("newrelic") else None})',
  '    except configparser.Error as error:',
  '        result.append({"error": type(error).__name__})',
  '    os.remove(path)',
  'os.rmdir(directory)',
].join('\n');

/** Why `caddy adapt` cannot be used here, or undefined. */
export function caddyMissing(): string | undefined {
  return probe('caddy', ['version']) ? undefined : 'caddy is not on PATH (Debian: apt-get install caddy; .ci/run installs it)';
}

export interface CaddyAdapted {
  readonly ok: boolean;
  /** The adapted JSON config when ok. */
  readonly config?: Record<string, any>;
  /** caddy's error output otherwise. */
  readonly error?: string;
}

/** Runs `caddy <args> --config <file>` over each text, `jobs` at a time: its exit status and output. */
async function caddyAll(texts: readonly string[], args: readonly string[], env: Readonly<Record<string, string>>, jobs: number): Promise<{ status: number | null; stdout: string; stderr: string }[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drydock-fn-caddy-'));
  try {
    const results: { status: number | null; stdout: string; stderr: string }[] = new Array(texts.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < texts.length) {
        const index = next++;
        const file = path.join(dir, `config-${index}`);
        writeFileSync(file, texts[index]);
        results[index] = await runCommand('caddy', [...args, '--config', file], env);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, texts.length) }, worker));
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `caddy adapt --adapter caddyfile` over each Caddyfile, `jobs` at a time, with the environment Tutor's
 * caddy Deployment gives Caddy (`default_site_port`).
 */
export async function caddyAdaptAll(caddyfiles: readonly string[], env: Readonly<Record<string, string>> = { default_site_port: ':80' }, jobs = Math.max(2, os.cpus().length)): Promise<CaddyAdapted[]> {
  const runs = await caddyAll(caddyfiles, ['adapt', '--adapter', 'caddyfile'], env, jobs);
  return runs.map((run) => (run.status === 0 ? { ok: true, config: JSON.parse(run.stdout) as Record<string, any> } : { ok: false, error: run.stderr.trim() }));
}

/**
 * `caddy validate` over each JSON config, `jobs` at a time: Caddy decodes its JSON config with Go's
 * encoding/json, so this is how a Go program reads a JSON text. The error, or undefined when valid.
 */
export async function caddyValidateJsonAll(configs: readonly string[], jobs = Math.max(2, os.cpus().length)): Promise<(string | undefined)[]> {
  const runs = await caddyAll(configs, ['validate', '--adapter', ''], {}, jobs);
  return runs.map((run) => (run.status === 0 ? undefined : run.stderr.trim().split('\n').pop() ?? 'failed'));
}

/**
 * Samples for a property whose checks run a reader once per batch (fast-check's own runner would run
 * it once per value): PROPERTY_RUNS values (500 by default), from PROPERTY_SEED or a fresh seed that
 * a failing test prints.
 */
export function propertySamples<T>(arbitrary: fc.Arbitrary<T>): { seed: number; runs: number; values: T[] } {
  const runs = Number(process.env.PROPERTY_RUNS ?? 500);
  // A fixed seed unless PROPERTY_SEED says otherwise (`random`: from the clock, printed with a failure), so that CI does not flicker.
  const seed = process.env.PROPERTY_SEED === 'random' ? Date.now() % 2147483647 : Number(process.env.PROPERTY_SEED ?? 20261207);
  return { seed, runs, values: fc.sample(arbitrary, { numRuns: runs, seed }) };
}

/** Runs a command without a shell (`env` added to this process's), resolving with its status and output. */
export function runCommand(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
