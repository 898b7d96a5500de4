/**
 * Timing whole processes: wall time from the parent (spawn to exit) and peak resident memory from
 * GNU time (`/usr/bin/time -f %M`) when the machine has it. A subject and its baseline are run
 * alternately (ABBA), after warm-up runs, so that a burst of load on a shared machine hits both.
 */
import { spawnSync } from 'child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

export const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

/** A process to time: a command line, its stdin (a file) and its environment. */
export interface Command {
  readonly label: string;
  readonly argv: readonly string[];
  readonly stdinFile?: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface Sample {
  readonly ms: number;
  /** Peak resident set size in KiB; undefined without GNU time. */
  readonly rssKiB: number | undefined;
  /**
   * CPU time (user + system, the process and the children it waited for) in ms, to 10 ms; undefined
   * without GNU time. Unlike wall time it hardly moves when other work shares the cores.
   */
  readonly cpuMs: number | undefined;
}

export interface Series {
  readonly command: Command;
  readonly samples: readonly Sample[];
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'drydock-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** Runs a command once; stdout goes to `stdoutFile` (or nowhere). Throws when it fails. */
export function runOnce(command: Command, stdoutFile?: string): Sample {
  const rssFile = path.join(scratch, 'rss');
  const argv = hasGnuTime ? [GNU_TIME, '-f', '%M %U %S', '-o', rssFile, ...command.argv] : [...command.argv];
  const stdin = command.stdinFile ? openSync(command.stdinFile, 'r') : 'ignore';
  const stdout = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(argv[0], argv.slice(1), { stdio: [stdin, stdout, 'pipe'], cwd: command.cwd, env: command.env ?? process.env, maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`${command.label} exited with ${result.status}: ${String(result.stderr).slice(0, 2000)}`);
    const [rssKiB, userSeconds, systemSeconds] = hasGnuTime ? (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
    const cpuMs = userSeconds === undefined || systemSeconds === undefined ? undefined : (userSeconds + systemSeconds) * 1000;
    return { ms, rssKiB: Number.isFinite(rssKiB) ? rssKiB : undefined, cpuMs: cpuMs !== undefined && Number.isFinite(cpuMs) ? cpuMs : undefined };
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
    if (typeof stdout === 'number') closeSync(stdout);
  }
}

/** Runs subject and baseline `runs` times each, alternating (ABBA), after `warmups` runs of each. */
export function compare(subject: Command, baseline: Command, runs: number, warmups = 1): { subject: Series; baseline: Series } {
  const [subjectSeries, baselineSeries] = compareAll([subject, baseline], runs, warmups);
  return { subject: subjectSeries, baseline: baselineSeries };
}

/** Runs every command `runs` times, in turn, the order reversed every other round, after `warmups` rounds. */
export function compareAll(commands: readonly Command[], runs: number, warmups = 1): Series[] {
  for (let i = 0; i < warmups; i++) for (const command of commands) runOnce(command);
  const samples: Sample[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    const order = commands.map((_, index) => index);
    if (i % 2 === 1) order.reverse();
    for (const index of order) samples[index].push(runOnce(commands[index]));
  }
  return commands.map((command, index) => ({ command, samples: samples[index] }));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const medianMs = (series: Series): number => median(series.samples.map((sample) => sample.ms));

/** Median peak RSS in MiB, undefined without GNU time. */
export function medianRssMiB(series: Series): number | undefined {
  const values = series.samples.map((sample) => sample.rssKiB).filter((value): value is number => value !== undefined);
  return values.length === 0 ? undefined : median(values) / 1024;
}

export function maxRssMiB(series: Series): number | undefined {
  const values = series.samples.map((sample) => sample.rssKiB).filter((value): value is number => value !== undefined);
  return values.length === 0 ? undefined : Math.max(...values) / 1024;
}

export function scratchFile(name: string): string {
  return path.join(scratch, name);
}
