/**
 * The migration commands of the CLI: `compare` (Drydock's manifests against drydock-fn's) and
 * `config-from-tutor` (Tutor's config.yml → the DRYDOCK_* ConfigMap). Each takes its arguments and the
 * files' bytes and returns what to print and the exit status; main.ts does the I/O.
 */
import { splitDocuments } from '../io';
import { withoutLoneCarriageReturns } from '../krm/line-endings';
import { documentValue, parseYamlDocument } from '../krm/yaml-options';
import { oneLine } from '../one-line';
import { needsEscapes, yaml11DoubleQuoted } from '../krm/yaml11';
import { compareManifests } from './compare';
import { jsonReport, textReport } from './report';
import { parseRelease } from '../tutor/drydock-line';
import { settingsFromTutorConfig } from './tutor-config';
import { syncPlan, textPlan } from '../operations/waves';
import { oneOffJob } from '../operations/one-off-job';
import type { OneOffJobRequest } from '../operations/one-off-job';
import { printNewDocument } from '../krm/write';

export interface CommandOutcome {
  readonly stdout: string;
  readonly stderr: string;
  /** 0 done (compare: nothing unexplained), 1 compare found unexplained differences or input was bad, 2 usage. */
  readonly exitCode: number;
}

export type ReadFile = (name: string) => Buffer;

const usage = (message: string): CommandOutcome => ({ stdout: '', stderr: `drydock-fn: ${oneLine(message)}\nRun "drydock-fn --help" for usage.\n`, exitCode: 2 });
const failure = (message: string): CommandOutcome => ({ stdout: '', stderr: `drydock-fn: ${oneLine(message)}\n`, exitCode: 1 });

/** The objects of a multi-document YAML stream (documents holding only comments are skipped). */
export function parseManifests(text: string, name: string): unknown[] {
  return splitDocuments(withoutLoneCarriageReturns(text)).map((document, index) => {
    const parsed = parseYamlDocument(document);
    if (parsed.errors.length > 0) throw new Error(`${name}: document ${index + 1} is not valid YAML: ${parsed.errors[0].message.split('\n')[0]}`);
    return documentValue(parsed);
  });
}

/** The objects of the manifest files ("-" or none: stdin), or the outcome that says why they cannot be read. */
function manifestsOf(files: readonly string[], readFile: ReadFile): unknown[] | CommandOutcome {
  const objects: unknown[] = [];
  try {
    for (const file of files.length > 0 ? files : ['-']) objects.push(...parseManifests(readFile(file).toString('utf8'), file === '-' ? 'stdin' : file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return usage(`cannot read ${(error as NodeJS.ErrnoException).path ?? 'a file'}: ${code}`);
    return failure((error as Error).message);
  }
  return objects;
}

/** `drydock-fn compare [--format text|json] [--verbose] DRYDOCK_MANIFESTS DRYDOCK_FN_MANIFESTS` */
export function compareCommand(args: readonly string[], readFile: ReadFile): CommandOutcome {
  let format = 'text';
  let verbose = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format') format = args[++i] ?? '';
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--verbose') verbose = true;
    else if (arg.startsWith('-') && arg !== '-') return usage(`compare: unknown option ${JSON.stringify(arg)}`);
    else files.push(arg);
  }
  if (format !== 'text' && format !== 'json') return usage(`compare: --format is text or json, got ${JSON.stringify(format)}`);
  if (files.length !== 2) return usage('compare takes two files: the manifests Drydock gives, then the manifests drydock-fn gives');
  let sides: unknown[][];
  try {
    sides = files.map((file) => parseManifests(readFile(file).toString('utf8'), file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return usage(`cannot read ${(error as NodeJS.ErrnoException).path ?? 'a file'}: ${code}`);
    return failure((error as Error).message);
  }
  const comparison = compareManifests(sides[0], sides[1]);
  const stdout = format === 'json' ? jsonReport(comparison) : textReport(comparison, { drydock: files[0], drydockFn: files[1] }, { verbose });
  return { stdout, stderr: '', exitCode: comparison.equivalent ? 0 : 1 };
}

/**
 * A ConfigMap data value as YAML: single-quoted on one line; double-quoted (JSON, with what YAML 1.1
 * reads as line breaks escaped) when it spans lines or holds such characters.
 */
function quote(value: string): string {
  return value.includes('\n') || needsEscapes(value) ? yaml11DoubleQuoted(value) : `'${value.replace(/'/g, "''")}'`;
}

/** `drydock-fn config-from-tutor [--drydock-version X.Y.Z] [--name NAME] CONFIG_YML` */
export function configFromTutorCommand(args: readonly string[], readFile: ReadFile): CommandOutcome {
  let release: string | undefined;
  let name = 'drydock-settings';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--drydock-version') release = args[++i] ?? '';
    else if (arg.startsWith('--drydock-version=')) release = arg.slice('--drydock-version='.length);
    else if (arg === '--name') name = args[++i] ?? '';
    else if (arg.startsWith('--name=')) name = arg.slice('--name='.length);
    else if (arg.startsWith('-') && arg !== '-') return usage(`config-from-tutor: unknown option ${JSON.stringify(arg)}`);
    else files.push(arg);
  }
  if (files.length !== 1) return usage("config-from-tutor takes one file: Tutor's config.yml (tutor config printroot)");
  const parsedRelease = release === undefined ? undefined : parseRelease(release);
  if (release !== undefined && !parsedRelease) return usage(`--drydock-version expects a release such as 17.6.0, got ${JSON.stringify(release)}`);
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) return usage(`--name expects a Kubernetes object name, got ${JSON.stringify(name)}`);
  let configYml: string;
  try {
    configYml = readFile(files[0]).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return usage(`cannot read ${(error as NodeJS.ErrnoException).path ?? 'a file'}: ${code}`);
    throw error;
  }
  let converted;
  try {
    converted = settingsFromTutorConfig(configYml, parsedRelease);
  } catch (error) {
    return failure(`${files[0]}: ${(error as Error).message}`);
  }
  const lines = [
    `# Drydock settings from ${oneLine(files[0].replace(/^.*[\\/]/, ''))}${parsedRelease ? ` (Drydock ${parsedRelease.join('.')})` : ''}, written by drydock-fn config-from-tutor.`,
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    '    config.kubernetes.io/function: |',
    '      exec:',
    '        path: drydock-fn',
    ...(Object.keys(converted.data).length === 0 ? ['data: {}'] : ['data:', ...Object.entries(converted.data).map(([key, value]) => `  ${key}: ${quote(value)}`)]),
  ];
  return { stdout: `${lines.join('\n')}\n`, stderr: converted.notes.map((note) => `drydock-fn: note: ${oneLine(note)}\n`).join(''), exitCode: 0 };
}

/** `drydock-fn waves [--wave N] [FILE ...]`: the Argo CD sync plan of rendered manifests ("-" or none: stdin). */
export function wavesCommand(args: readonly string[], readFile: ReadFile): CommandOutcome {
  let wave: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = arg === '--wave' ? args[++i] : arg.startsWith('--wave=') ? arg.slice('--wave='.length) : undefined;
    if (value !== undefined) {
      if (!/^-?\d+$/.test(value)) return usage(`waves: --wave expects a number, got ${JSON.stringify(value)}`);
      wave = Number(value);
    } else if (arg.startsWith('-') && arg !== '-') return usage(`waves: unknown option ${JSON.stringify(arg)}`);
    else files.push(arg);
  }
  const objects = manifestsOf(files, readFile);
  if (!Array.isArray(objects)) return objects;
  return { stdout: textPlan(syncPlan(objects), wave), stderr: '', exitCode: 0 };
}

/**
 * `drydock-fn job --from KIND/NAME [--container C] [--namespace NS] [--env NAME=VALUE]
 * [--secret-env NAME=SECRET:KEY] [--deadline SECONDS] [FILE ...] -- COMMAND [ARG ...]`: a one-off Job
 * running COMMAND in a workload of rendered manifests ("-" or no FILE: stdin), for `kubectl create -f -`.
 */
export function jobCommand(args: readonly string[], readFile: ReadFile): CommandOutcome {
  const separator = args.indexOf('--');
  const options = separator === -1 ? args : args.slice(0, separator);
  const command = separator === -1 ? [] : args.slice(separator + 1);
  let from: string | undefined;
  let container: string | undefined;
  let namespace: string | undefined;
  let deadline: number | undefined;
  const env: NonNullable<OneOffJobRequest['env']>[number][] = [];
  const files: string[] = [];
  for (let i = 0; i < options.length; i++) {
    const arg = options[i];
    const flag = /^(--[a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!flag || arg === '-') {
      files.push(arg);
      continue;
    }
    const value = flag[2] ?? options[++i];
    if (value === undefined) return usage(`job: ${flag[1]} needs a value`);
    if (flag[1] === '--from') from = value;
    else if (flag[1] === '--container') container = value;
    else if (flag[1] === '--namespace' || flag[1] === '-n') namespace = value;
    else if (flag[1] === '--deadline') {
      if (!/^\d+$/.test(value) || Number(value) < 1) return usage(`job: --deadline expects a number of seconds, got ${JSON.stringify(value)}`);
      deadline = Number(value);
    } else if (flag[1] === '--env') {
      const match = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(value);
      if (!match) return usage(`job: --env expects NAME=VALUE, got ${JSON.stringify(value.split('=')[0])}=…`);
      env.push({ name: match[1], value: match[2] });
    } else if (flag[1] === '--secret-env') {
      const match = /^([A-Za-z_][A-Za-z0-9_.-]*)=([a-z0-9]([-a-z0-9.]*[a-z0-9])?):([-._a-zA-Z0-9]+)$/.exec(value);
      if (!match) return usage(`job: --secret-env expects NAME=SECRET:KEY, got ${JSON.stringify(value)}`);
      env.push({ name: match[1], secret: match[2], key: match[4] });
    } else return usage(`job: unknown option ${JSON.stringify(flag[1])}`);
  }
  if (from === undefined) return usage('job: --from KIND/NAME is required (e.g. --from deployment/lms)');
  if (separator === -1) return usage('job: give the command after "--" (e.g. -- ./manage.py lms createsuperuser)');
  const objects = manifestsOf(files, readFile);
  if (!Array.isArray(objects)) return objects;
  const made = oneOffJob(objects, { from, container, namespace, command, env, activeDeadlineSeconds: deadline });
  if ('problem' in made) return failure(`job: ${made.problem}`);
  return { stdout: printNewDocument(made.job), stderr: '', exitCode: 0 };
}
