/**
 * The drydock-fn command. With no arguments it is a KRM function: a ResourceList on stdin, a
 * ResourceList on stdout, warnings and errors on stderr, exit 1 on any error. The heavy modules are
 * loaded only by the commands that need them, so `--version` and `--help` start instantly.
 */
import { readFileSync, statSync, writeSync } from 'fs';
import { oneLine } from './one-line';
import { VERSION } from './version';

const HELP = `drydock-fn ${VERSION}: Drydock's Open edX deployment features for Tutor's Kubernetes manifests, as a KRM function.

Usage:
  drydock-fn                       KRM function: reads a ResourceList on stdin, writes one on stdout
                                   (kustomize --enable-alpha-plugins --enable-exec, kpt fn render/eval)
  drydock-fn render [options] [FILE ...]
                                   local use: reads manifests (multi-document YAML, "-" for stdin; stdin when
                                   no FILE), prints the manifests drydock-fn would produce, ready for
                                   kubectl apply -f: local-config objects (config.kubernetes.io/local-config
                                   other than "false": the TutorInitTasks file, a config) are read, then left
                                   out, as kustomize leaves them out
      --config FILE                a DrydockConfig or a ConfigMap with DRYDOCK_* keys (default: all defaults)
      --set KEY=VALUE              a Drydock setting, e.g. --set DRYDOCK_INIT_JOBS=true (repeatable)
      --tutor-env DIR              Tutor's env folder: reads the init tasks the drydock-fn Tutor plugin writes
                                   there (plugins/drydock-fn/k8s/init-tasks.yml), which kustomize leaves out of
                                   its build: kubectl kustomize env | drydock-fn render --tutor-env env
                                   (or the init tasks file itself)
  drydock-fn schema                prints the JSON Schema of the DrydockConfig kind
  drydock-fn compare [--format text|json] [--verbose] DRYDOCK_MANIFESTS DRYDOCK_FN_MANIFESTS
                                   migration check: compares what Drydock deploys with what drydock-fn gives,
                                   object by object and field by field, the intentional differences marked;
                                   exit 1 when a difference is unexplained
  drydock-fn waves [--wave N] [FILE ...]
                                   prints the Argo CD sync plan of rendered manifests: each object's wave and hook
  drydock-fn job --from KIND/NAME [options] [FILE ...] -- COMMAND [ARG ...]
                                   prints a one-off Job (for kubectl create -f -) that runs COMMAND in the
                                   image of a workload of rendered manifests, with its environment, ConfigMaps,
                                   Secrets, volumes and service account, as tutor k8s do would:
      --container NAME             the container (default: named as the workload, else the first)
      --namespace NS               when the workload's name is in several namespaces
      --env NAME=VALUE             an extra environment variable (repeatable)
      --secret-env NAME=SECRET:KEY an extra variable from a Secret's key (repeatable)
      --deadline SECONDS           activeDeadlineSeconds (default 7200)
  drydock-fn config-from-tutor [--drydock-version X.Y.Z] [--name NAME] CONFIG_YML
                                   prints the DRYDOCK_* and BACKUP_* settings of Tutor's config.yml as a
                                   ConfigMap config, with the Tutor settings Drydock read from config.yml
                                   (PLUGINS, LMS_HOST, CMS_HOST, MONGODB_ROOT_*, MINIO_*, S3_* …, listed in
                                   docs/migrating-from-drydock.md): drydock-fn then uses the values Drydock
                                   used instead of reading them from the manifests; notes on stderr
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

Environment:
  DRYDOCK_FN_STRICT=all | CODE,CODE...
                                   strict mode: these warnings (all, or those of these result codes) fail the run
                                   as errors, adding to the strict.warnings setting (for Argo CD, which shows a
                                   plugin's messages only when it fails)

Exit status: 0 on success, 1 when a result is an error (the items are then returned unchanged), 2 on a usage error.
`;

/** The function's code as text, put here by the build (scripts/build.js); undefined when running the sources. */
declare const DRYDOCK_FN_CORE: string | undefined;
/** The digest of that text, put there by the build: the code cache names the core it was made from. */
declare const DRYDOCK_FN_CORE_DIGEST: string | undefined;

/** V8's compiled code of the core, made at build time next to the bundle (scripts/code-cache.js); only ever read. */
export const CODE_CACHE_FILE = 'drydock-fn.cache';

/** The core's text in the bundle (named once: the build writes the text wherever the name is used). */
const CORE_TEXT = typeof DRYDOCK_FN_CORE === 'string' ? DRYDOCK_FN_CORE : undefined;

let core: typeof import('./core') | undefined;

/**
 * The first line of a code cache: the core, the V8 version and the machine it holds code for, and the
 * length of V8's data. V8 checks its version and flags itself, but of the source only the length: a
 * cache of another build of the core is told apart here, and a cut one by the length.
 */
function codeCacheKey(dataLength: number): string {
  return `drydock-fn code cache ${typeof DRYDOCK_FN_CORE_DIGEST === 'string' ? DRYDOCK_FN_CORE_DIGEST : 'sources'} v8 ${process.versions.v8} ${process.arch} ${dataLength}\n`;
}

/** The cached data of the code cache beside the bundle when it is this core's and this V8's, else undefined. */
function readCodeCache(): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(`${__dirname}/${CODE_CACHE_FILE}`);
  } catch {
    return undefined;
  }
  const lineEnd = bytes.indexOf(10);
  if (lineEnd < 0) return undefined;
  const data = bytes.subarray(lineEnd + 1);
  return bytes.subarray(0, lineEnd + 1).toString('latin1') === codeCacheKey(data.length) ? data : undefined;
}

/** Compiles the embedded core, with V8's cached data when there is some (V8 ignores data it rejects). */
function compileCore(text: string, cachedData: Buffer | undefined): { script: import('vm').Script; exports: typeof import('./core') } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vm = require('vm') as typeof import('vm');
  const module = { exports: {} as typeof import('./core') };
  const script = new vm.Script(`(function (exports, require, module) {${text}\n})`, { filename: 'drydock-fn-core.js', cachedData });
  const factory = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown) => void;
  factory(module.exports, require, module);
  return { script, exports: module.exports };
}

/**
 * Everything but argument handling (src/core.ts), loaded by the commands that need it. In the bundle
 * it is compiled from the text the build embedded, so that `--help` and `--version` never parse it,
 * and from the code cache when the build left one for this Node beside the bundle.
 */
function loadCore(): typeof import('./core') {
  if (core) return core;
  // The test is on the build's constant alone, which esbuild folds: the bundle keeps no require of ./core.
  if (typeof DRYDOCK_FN_CORE === 'string') {
    const cachedData = readCodeCache();
    const compiled = compileCore(CORE_TEXT as string, cachedData);
    if (process.env.DRYDOCK_FN_DEBUG) writeErr(`drydock-fn: code cache ${cachedData === undefined ? 'none for this build and Node' : compiled.script.cachedDataRejected ? 'rejected by V8' : 'used'}\n`);
    core = compiled.exports;
  }
  else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    core = require('./core') as typeof import('./core');
  }
  return core;
}

/**
 * The bytes of a code cache file for this Node: compiles the core, runs `warmUp` on it (V8 caches the
 * functions compiled by then, not only the top level), and returns the key line and V8's data.
 * scripts/code-cache.js calls it at build time, with the Node that will run the bundle.
 */
export function makeCodeCache(warmUp: (core: typeof import('./core')) => void): Buffer {
  if (CORE_TEXT === undefined) throw new Error('a code cache is made from the bundle (dist/drydock-fn.js), not the sources');
  const compiled = compileCore(CORE_TEXT, undefined);
  warmUp(compiled.exports);
  const data = compiled.script.createCachedData();
  return Buffer.concat([Buffer.from(codeCacheKey(data.length), 'latin1'), data]);
}

function writeOut(text: string): void {
  writeAll(1, text);
}

function writeErr(text: string): void {
  writeAll(2, text);
}

/** Writes everything, also to pipes that accept a little at a time. */
function writeAll(fd: number, text: string): void {
  writeAllBytes(fd, Buffer.from(text, 'utf8'));
}

function writeAllBytes(fd: number, buffer: Buffer): void {
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

/** Writes the output pieces in order, gathered into writes of about a megabyte. */
function writeParts(parts: readonly (string | Uint8Array)[]): void {
  const batch: Buffer[] = [];
  let size = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    writeAllBytes(1, batch.length === 1 ? batch[0] : Buffer.concat(batch, size));
    batch.length = 0;
    size = 0;
  };
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    batch.push(bytes);
    size += bytes.length;
    if (size >= 1 << 20) flush();
  }
  flush();
}

function usageError(message: string): number {
  writeErr(`drydock-fn: ${oneLine(message)}\nRun "drydock-fn --help" for usage.\n`);
  return 2;
}

/** The commands that read files and print a report (src/migration/commands.ts), by name. */
const TOOL_COMMANDS = { compare: 'compareCommand', 'config-from-tutor': 'configFromTutorCommand', waves: 'wavesCommand', job: 'jobCommand' } as const;

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
    const { drydockConfigSchema } = loadCore();
    writeOut(`${JSON.stringify(drydockConfigSchema(), null, 2)}\n`);
    return 0;
  }
  if (command === 'render') return render(rest);
  if (command !== undefined && Object.prototype.hasOwnProperty.call(TOOL_COMMANDS, command)) {
    const run = loadCore()[TOOL_COMMANDS[command as keyof typeof TOOL_COMMANDS]];
    const outcome = run(rest, (file) => (file === '-' ? readStdin() : readFileSync(file)));
    writeOut(outcome.stdout);
    writeErr(outcome.stderr);
    return outcome.exitCode;
  }
  if (command !== undefined) return usageError(`unknown command or option ${JSON.stringify(command)}`);
  return runKrmFunction();
}

function runKrmFunction(): number {
  const io = loadCore();
  const outcome = io.runOnBytes(readStdin(), { strictEnvironment: process.env.DRYDOCK_FN_STRICT });
  writeParts(outcome.outputParts);
  if (outcome.diagnostics.length > 0) writeErr(`${outcome.diagnostics.join('\n')}\n`);
  return outcome.exitCode;
}

/** Where the drydock-fn Tutor plugin (integrations/tutor) writes Tutor's init tasks in env/. */
const TUTOR_ENV_INIT_TASKS = 'plugins/drydock-fn/k8s/init-tasks.yml';

/** The init tasks file of `--tutor-env`: the env folder's, or the file itself. */
function tutorEnvInitTasks(tutorEnv: string): string | undefined {
  const stats = statSync(tutorEnv, { throwIfNoEntry: false });
  if (stats?.isFile()) return tutorEnv;
  const file = `${tutorEnv.replace(/\/+$/, '')}/${TUTOR_ENV_INIT_TASKS}`;
  return stats?.isDirectory() && statSync(file, { throwIfNoEntry: false })?.isFile() ? file : undefined;
}

function render(args: readonly string[]): number {
  const files: string[] = [];
  const sets: string[] = [];
  let configFile: string | undefined;
  let tutorEnv: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--tutor-env') {
      if (i + 1 >= args.length) return usageError('--tutor-env needs a folder');
      tutorEnv = args[++i];
    } else if (arg.startsWith('--tutor-env=')) tutorEnv = arg.slice('--tutor-env='.length);
    else if (arg === '--config') {
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
  const initTasks = tutorEnv === undefined ? undefined : tutorEnvInitTasks(tutorEnv);
  if (tutorEnv !== undefined && initTasks === undefined) {
    return usageError(`--tutor-env ${tutorEnv}: no ${TUTOR_ENV_INIT_TASKS} there (the drydock-fn Tutor plugin writes it on tutor config save)`);
  }
  // Compiled before stdin is read: in a pipeline this overlaps with the command that writes it.
  const io = loadCore();
  const sources: { name: string; bytes: Buffer }[] = [];
  try {
    for (const file of [...(files.length > 0 ? files : ['-']), ...(initTasks === undefined ? [] : [initTasks])]) sources.push({ name: file, bytes: file === '-' ? readStdin() : readFileSync(file) });
    const config = configFile === undefined ? undefined : readFileSync(configFile);
    const outcome = io.renderManifests(sources, { config, configName: configFile, sets, strictEnvironment: process.env.DRYDOCK_FN_STRICT });
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
    writeErr(`drydock-fn: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    if (process.env.DRYDOCK_FN_DEBUG) writeErr(`${error instanceof Error ? error.stack : ''}\n`);
    status = 1;
  }
  process.exitCode = status;
}
