/**
 * The drydock-fn command. With no arguments it is a KRM function: a ResourceList on stdin, a
 * ResourceList on stdout, warnings and errors on stderr, exit 1 on any error. The heavy modules are
 * loaded only by the commands that need them, so `--version` and `--help` start instantly.
 */
import { readFileSync, writeSync } from 'fs';
import { VERSION } from './version';

const HELP = `drydock-fn ${VERSION}: Drydock's Open edX deployment features for Tutor's Kubernetes manifests, as a KRM function.

Usage:
  drydock-fn                       KRM function: reads a ResourceList on stdin, writes one on stdout
                                   (kustomize --enable-alpha-plugins --enable-exec, kpt fn render/eval)
  drydock-fn render [options] [FILE ...]
                                   local use: reads manifests (multi-document YAML, "-" for stdin; stdin when
                                   no FILE), prints the manifests drydock-fn would produce
      --config FILE                a DrydockConfig or a ConfigMap with DRYDOCK_* keys (default: all defaults)
      --set KEY=VALUE              a Drydock setting, e.g. --set DRYDOCK_INIT_JOBS=true (repeatable)
  drydock-fn schema                prints the JSON Schema of the DrydockConfig kind
  drydock-fn compare [--format text|json] [--verbose] DRYDOCK_MANIFESTS DRYDOCK_FN_MANIFESTS
                                   migration check: compares what Drydock deploys with what drydock-fn gives,
                                   object by object and field by field, the intentional differences marked;
                                   exit 1 when a difference is unexplained
  drydock-fn waves [--wave N] [FILE ...]
                                   prints the Argo CD sync plan of rendered manifests: each object's wave and hook
  drydock-fn config-from-tutor [--drydock-version X.Y.Z] [--name NAME] CONFIG_YML
                                   prints the DRYDOCK_* settings of Tutor's config.yml as a ConfigMap config
  drydock-fn --help | -h           this help
  drydock-fn --version | -v        the version

Configuration (functionConfig):
  apiVersion: drydock.io/v1alpha1
  kind: DrydockConfig
  spec:
    initJobs: {enabled: true}
    ingress: {className: nginx, extraHosts: [courses.example.com]}
  or a ConfigMap whose data uses Drydock's Tutor names: DRYDOCK_INIT_JOBS: "true".
  Every setting: docs/settings.md, or "drydock-fn schema".

Exit status: 0 on success, 1 when a result is an error (the items are then returned unchanged), 2 on a usage error.
`;

function writeOut(text: string): void {
  writeAll(1, text);
}

function writeErr(text: string): void {
  writeAll(2, text);
}

/** Writes everything, also to pipes that accept a little at a time. */
function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw error;
    }
  }
}

function usageError(message: string): number {
  writeErr(`drydock-fn: ${message}\nRun "drydock-fn --help" for usage.\n`);
  return 2;
}

/** Runs the command line; returns the exit status. */
export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    writeOut(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    writeOut(`${VERSION}\n`);
    return 0;
  }
  if (command === 'schema') {
    if (rest.length > 0) return usageError(`schema takes no arguments`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { drydockConfigSchema } = require('./config/schema') as typeof import('./config/schema');
    writeOut(`${JSON.stringify(drydockConfigSchema(), null, 2)}\n`);
    return 0;
  }
  if (command === 'render') return render(rest);
  if (command === 'compare' || command === 'config-from-tutor' || command === 'waves') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const migration = require('./migration/commands') as typeof import('./migration/commands');
    const run = command === 'compare' ? migration.compareCommand : command === 'waves' ? migration.wavesCommand : migration.configFromTutorCommand;
    const outcome = run(rest, (file) => (file === '-' ? readStdin() : readFileSync(file)));
    writeOut(outcome.stdout);
    writeErr(outcome.stderr);
    return outcome.exitCode;
  }
  if (command !== undefined) return usageError(`unknown command or option ${JSON.stringify(command)}`);
  return runKrmFunction();
}

function runKrmFunction(): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const io = require('./io') as typeof import('./io');
  const outcome = io.runOnBytes(readStdin());
  writeOut(outcome.output);
  if (outcome.diagnostics.length > 0) writeErr(`${outcome.diagnostics.join('\n')}\n`);
  return outcome.exitCode;
}

function render(args: readonly string[]): number {
  const files: string[] = [];
  const sets: string[] = [];
  let configFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--config') {
      if (i + 1 >= args.length) return usageError('--config needs a file');
      configFile = args[++i];
    } else if (arg.startsWith('--config=')) configFile = arg.slice('--config='.length);
    else if (arg === '--set') {
      if (i + 1 >= args.length) return usageError('--set needs KEY=VALUE');
      sets.push(args[++i]);
    } else if (arg.startsWith('--set=')) sets.push(arg.slice('--set='.length));
    else if (arg.startsWith('-') && arg !== '-') return usageError(`unknown option ${JSON.stringify(arg)}`);
    else files.push(arg);
  }
  for (const entry of sets) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(entry)) return usageError(`--set expects KEY=VALUE, got ${JSON.stringify(entry)}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const io = require('./io') as typeof import('./io');
  const sources: { name: string; bytes: Buffer }[] = [];
  try {
    for (const file of files.length > 0 ? files : ['-']) sources.push({ name: file, bytes: file === '-' ? readStdin() : readFileSync(file) });
    const config = configFile === undefined ? undefined : readFileSync(configFile);
    const outcome = io.renderManifests(sources, { config, configName: configFile, sets });
    writeOut(outcome.output);
    if (outcome.diagnostics.length > 0) writeErr(`${outcome.diagnostics.join('\n')}\n`);
    return outcome.exitCode;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') return usageError(`cannot read ${(error as NodeJS.ErrnoException).path ?? 'a file'}: ${code}`);
    throw error;
  }
}

function readStdin(): Buffer {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(1 << 16);
  for (;;) {
    let read: number;
    try {
      read = require('fs').readSync(0, buffer, 0, buffer.length, null) as number;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw error;
    }
    if (read === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return Buffer.concat(chunks);
}

if (require.main === module) {
  let status: number;
  try {
    status = main(process.argv.slice(2));
  } catch (error) {
    writeErr(`drydock-fn: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.DRYDOCK_FN_DEBUG) writeErr(`${error instanceof Error ? error.stack : ''}\n`);
    status = 1;
  }
  process.exitCode = status;
}
