/**
 * The image under a real container runtime. Podman (with runc) builds the Dockerfile's `function`
 * target from local parts, as a machine that cannot pull base images builds it: the runtime base of
 * scripts/runtime-base.js (Node 24 of the node24 devDependency, the libraries it links, passwd naming
 * nobody) and the built bundle (BUNDLE_FROM=prebuilt). The image then runs as its users run it:
 * `podman run --rm -i --network none --user 65534 --read-only`, `kpt fn eval --image`, a Kptfile
 * pipeline under `kpt fn render` (both with KPT_FN_RUNTIME=podman), and `kubectl kustomize
 * --enable-alpha-plugins`, whose `docker run …` a `docker` → `podman` shim passes through. Each
 * answers byte for byte as the bundle does on the same input with the same configuration; the
 * arguments each orchestrator gives the engine are logged by the shim and the confining ones asserted.
 * Skipped, the reason printed, where podman is missing or cannot run a container here.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import { createHash } from 'crypto';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
// No import from src/: this file runs the built bundle and the image only (the mutation runner picks
// the test files that import a module, and this one could kill no mutant).
import { BIN_DIR, BUNDLE, ROOT, SHIM_DIR, cleanup, copyTree, describeWithTools, ensureBundle, tempDir } from './support/orchestrators';

const PODMAN_SHIM_DIR = path.join(__dirname, 'support', 'podman-bin');
const NODE24 = path.join(ROOT, 'node_modules', 'node24', 'bin', 'node');
/** Tagged per run: concurrent runs (other checkouts) each test their own bundle, and remove only their own images. */
const TAG = `run-${process.pid}-${Date.now()}`;
const BASE_IMAGE = `localhost/drydock-fn-test-base:${TAG}`;
const IMAGE_NAME = 'localhost/drydock-fn-test';
const IMAGE = `${IMAGE_NAME}:${TAG}`;
/** Where the Dockerfile puts the bundle. */
const IMAGE_BUNDLE = '/usr/local/lib/drydock-fn/drydock-fn.js';
const WORK = tempDir('drydock-fn-podman-');
const BASE_TAR = path.join(WORK, 'base.tar');

function spawn(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300_000, ...options });
}

function which(command: string): string | undefined {
  const result = spawn('sh', ['-c', `command -v ${command}`]);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const PODMAN = which('podman');

/**
 * Why the image cannot be run here, or undefined when it can. Writes the base and imports it on the
 * way: whether podman can run a container is only known by running one.
 */
function runtimeMissing(): string | undefined {
  if (!PODMAN) return 'podman is not installed (.ci/run installs podman and runc with apt, as root)';
  if (!existsSync(NODE24)) return `no Node 24 binary at ${NODE24} (the node24 devDependency: npm install, linux-x64 only)`;
  for (const tool of ['ldd', 'tar']) if (!which(tool)) return `${tool} is not installed (scripts/runtime-base.js needs it)`;
  const base = spawn(process.execPath, [path.join(ROOT, 'scripts', 'runtime-base.js'), BASE_TAR]);
  if (base.status !== 0) return `the runtime base could not be written: ${base.stderr.trim()}`;
  const imported = spawn(PODMAN, ['import', '--quiet', BASE_TAR, BASE_IMAGE]);
  if (imported.status !== 0) return `podman cannot import an image here: ${imported.stderr.trim().split('\n').pop()}`;
  const probe = spawn(PODMAN, ['run', '--rm', '--network', 'none', '--user', '65534', '--read-only', BASE_IMAGE, '/nodejs/bin/node', '-e', 'process.stdout.write("ran")']);
  if (probe.stdout !== 'ran') {
    spawn(PODMAN, ['rmi', BASE_IMAGE]);
    return `podman cannot run a container here (${probe.stderr.trim().split('\n').pop()}): /etc/containers/containers.conf as .ci/run writes it may help`;
  }
  return undefined;
}

const missing = runtimeMissing();
if (missing) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED the image under podman: ${missing}`);
  cleanup(WORK);
}
const describeRuntime = missing ? describe.skip : describe;

/** One engine call as the shim logged it: the name it was called by (podman or docker), then its arguments. */
type Call = readonly string[];

/** The environment of an orchestrator whose engine calls go to podman through the logging shim. */
function shimmedEnv(log: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, PATH: `${PODMAN_SHIM_DIR}${path.delimiter}${process.env.PATH ?? ''}`, DRYDOCK_FN_PODMAN: PODMAN, DRYDOCK_FN_RUNTIME_LOG: log };
}

function callsIn(log: string): Call[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line !== '').map((line) => line.split('\t')) : [];
}

/** The `run` calls of a log, each without the engine's name and `run`. */
function runCalls(log: string): Call[] {
  return callsIn(log).filter((call) => call[1] === 'run').map((call) => call.slice(2));
}

/** What the confining flags of a `run` call are, whichever spelling the orchestrator uses. */
function confinement(call: Call): { network?: string; user?: string; noNewPrivileges: boolean; readOnly: boolean; remove: boolean; interactive: boolean; image: string } {
  const valueOf = (flag: string): string | undefined => {
    const at = call.indexOf(flag);
    if (at >= 0) return call[at + 1];
    return call.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  return {
    network: valueOf('--network'),
    user: valueOf('--user'),
    noNewPrivileges: call.includes('--security-opt=no-new-privileges') || valueOf('--security-opt') === 'no-new-privileges',
    readOnly: call.includes('--read-only'),
    remove: call.includes('--rm'),
    interactive: call.includes('-i') || call.includes('--interactive'),
    image: call[call.length - 1],
  };
}

/** Every file under `dir`, by relative path, with its bytes as text. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const KPT_PACKAGE = path.join(ROOT, 'examples', 'kpt', 'openedx');
/** The example Tutor env as the ResourceList an orchestrator sends, with `functionConfig` when given. */
function resourceList(functionConfig?: unknown): string {
  const items = YAML.parseAllDocuments(readFileSync(path.join(KPT_PACKAGE, 'openedx.yaml'), 'utf8')).map((document) => document.toJS());
  return YAML.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) });
}
const EVERYTHING = {
  apiVersion: 'drydock.io/v1alpha1',
  kind: 'DrydockConfig',
  metadata: { name: 'drydock' },
  spec: {
    initJobs: { enabled: true, tasks: [{ service: 'lms', command: './manage.py lms migrate' }] },
    newRelic: { licenseKeySecretRef: { name: 'newrelic' } },
    sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } },
    flower: { enabled: true },
    debug: { enabled: true },
    backups: { enabled: true, storage: { bucket: 'backups', credentialsSecretName: 'keys' }, mysql: { passwordSecretRef: { name: 'mysql' } } },
  },
};

describeRuntime('the image under podman (runc), built from a local base', () => {
  const podman = PODMAN as string;
  const stageImages: string[] = [];

  beforeAll(() => {
    ensureBundle();
    const build = spawn(podman, ['build', '--network', 'none', '--target', 'function', '--build-arg', `RUNTIME_BASE=${BASE_IMAGE}`, '--build-arg', 'BUNDLE_FROM=prebuilt', '--tag', IMAGE, ROOT]);
    if (build.status !== 0) throw new Error(`podman build failed: ${build.stderr}`);
    // The prebuilt stage's image stays in the store untagged (removing the image leaves it: it is no
    // parent of it); the bundle stage starts FROM it, by id. (--layers=false would leave none, but
    // buildah 1.28 then fails on the bundle stage, which has no instruction of its own.)
    stageImages.push(...[...build.stdout.matchAll(/: FROM ([0-9a-f]{64}) AS bundle$/gm)].map((match) => match[1]));
  }, 300_000);

  afterAll(() => {
    spawn(podman, ['rmi', IMAGE, BASE_IMAGE, ...stageImages]);
    cleanup(WORK);
  });

  describe('the local base (scripts/runtime-base.js)', () => {
    const listing = (): { mode: string; owner: string; name: string }[] =>
      spawn('tar', ['-tvf', BASE_TAR, '--numeric-owner'])
        .stdout.split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const [mode, owner, , , , name] = line.split(/\s+/);
          return { mode, owner, name: name.replace(/^\.\//, '/').replace(/(.)\/$/, '$1') };
        });

    test('holds node at the entrypoint\'s path, the files ldd says it loads, passwd and group, /tmp: nothing else, no shell', () => {
      const linked = spawn('ldd', [NODE24])
        .stdout.split('\n')
        .map((line) => (/=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line))?.[1])
        .filter((file): file is string => file !== undefined);
      const files = listing().filter((entry) => !entry.mode.startsWith('d')).map((entry) => entry.name).sort();
      expect(files).toEqual(['/etc/group', '/etc/passwd', '/nodejs/bin/node', ...linked].sort());
      expect(linked.some((file) => /\/ld-linux[^/]*\.so/.test(file))).toBe(true);
    });

    test('every entry is root\'s; /tmp is writable by all with the sticky bit, the directories readable by all', () => {
      const entries = listing();
      expect(entries.filter((entry) => entry.owner !== '0/0')).toEqual([]);
      expect(entries.find((entry) => entry.name === '/tmp')?.mode).toBe('drwxrwxrwt');
      const directoryModes = entries.filter((entry) => entry.mode.startsWith('d') && entry.name !== '/tmp').map((entry) => entry.mode);
      expect([...new Set(directoryModes)]).toEqual(['drwxr-xr-x']);
    });

    test('names nobody as 65534 in passwd and group, as distroless does', () => {
      const extracted = spawn('tar', ['-xOf', BASE_TAR, './etc/passwd', './etc/group']).stdout;
      expect(extracted.split('\n')).toEqual(expect.arrayContaining(['nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin', 'nobody:x:65534:']));
    });

    test('the same inputs give the same tar file', () => {
      const again = path.join(WORK, 'again.tar');
      expect(spawn(process.execPath, [path.join(ROOT, 'scripts', 'runtime-base.js'), again]).status).toBe(0);
      const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(digest(again)).toBe(digest(BASE_TAR));
    });
  });

  describe('podman run --rm -i --network none --user 65534 --read-only IMAGE', () => {
    const CONFINED = ['run', '--rm', '-i', '--network', 'none', '--user', '65534', '--read-only'];

    test('inside: uid 65534, a writable /tmp and nothing else writable, no network, no shell, only the image\'s entries and the runtime\'s mount points', () => {
      // --user nobody: as kpt asks, resolved by the image's passwd.
      const probe = spawn(podman, ['run', '--rm', '-i', '--network', 'none', '--user', 'nobody', '--read-only', '--entrypoint', '/nodejs/bin/node', IMAGE, '-', IMAGE_BUNDLE], {
        input: readFileSync(path.join(__dirname, 'support', 'image-probe.js'), 'utf8'),
      });
      expect(probe.stderr).toBe('');
      expect(JSON.parse(probe.stdout)).toEqual({
        uid: 65534,
        gid: 65534,
        writeTmp: 'ok',
        writeRoot: 'EROFS',
        writeBundleDir: 'EROFS',
        writeBundle: expect.stringMatching(/^(EROFS|EACCES)$/),
        shell: [],
        // The image's: etc lib lib64 nodejs tmp usr (the bundle in /usr/local/lib); the runtime's: dev proc run sys var (/var/tmp).
        rootEntries: ['dev', 'etc', 'lib', 'lib64', 'nodejs', 'proc', 'run', 'sys', 'tmp', 'usr', 'var'],
        interfaces: ['lo'],
        // What podman sets: nothing from the image, nothing from the host.
        env: ['HOME', 'HOSTNAME', 'PATH', 'TERM', 'container'],
        connect: expect.stringMatching(/^(ENETUNREACH|EHOSTUNREACH|ECONNREFUSED)$/),
      });
    });

    test.each([
      ['the defaults', resourceList()],
      ['every feature on', resourceList(EVERYTHING)],
    ])('on the example Tutor env with %s: the bundle\'s output, byte for byte', (_name, input) => {
      ensureBundle();
      const inside = spawn(podman, [...CONFINED, IMAGE], { input });
      const outside = spawn(process.execPath, [BUNDLE], { input });
      expect(outside.status).toBe(0);
      expect({ status: inside.status, stderr: inside.stderr }).toEqual({ status: 0, stderr: outside.stderr });
      expect(inside.stdout).toBe(outside.stdout);
      expect(inside.stdout).not.toBe(input);
    });

    test('the image\'s Node uses the code cache the build made beside the bundle (DRYDOCK_FN_DEBUG says which)', () => {
      const inside = spawn(podman, [...CONFINED, '-e', 'DRYDOCK_FN_DEBUG=1', IMAGE], { input: resourceList() });
      expect(inside.status).toBe(0);
      expect(inside.stderr).toContain('drydock-fn: code cache used\n');
    });

    test('bad input: exit 1 and the error, as the bundle gives them', () => {
      const input = 'apiVersion: v1\nkind: ResourceList\nitems: []\n';
      const inside = spawn(podman, [...CONFINED, IMAGE], { input });
      const outside = spawn(process.execPath, [BUNDLE], { input });
      expect({ status: inside.status, stdout: inside.stdout, stderr: inside.stderr }).toEqual({ status: 1, stdout: outside.stdout, stderr: outside.stderr });
      expect(inside.stderr).toMatch(/^drydock-fn: error: unsupported ResourceList apiVersion "v1"/);
    });
  });

  describeWithTools(['kpt'], 'kpt, KPT_FN_RUNTIME=podman', () => {
    const kptEnv = (log: string): NodeJS.ProcessEnv => shimmedEnv(log, { KPT_FN_RUNTIME: 'podman' });

    test('kpt fn eval --image: the package as `kpt fn eval --exec` of the bundle leaves it; kpt runs the image as nobody without network', () => {
      const dir = tempDir('drydock-fn-kpt-eval-');
      try {
        for (const name of ['image', 'bundle']) cpSync(KPT_PACKAGE, path.join(dir, name), { recursive: true });
        const log = path.join(dir, 'engine.log');
        const image = spawn('kpt', ['fn', 'eval', path.join(dir, 'image'), '--image', IMAGE, '--fn-config', path.join(dir, 'image', 'drydock.yaml')], { env: kptEnv(log) });
        expect({ status: image.status, stderr: image.stderr }).toEqual({ status: 0, stderr: expect.stringContaining(`[PASS] "${IMAGE}"`) });
        ensureBundle();
        const bundle = spawn('kpt', ['fn', 'eval', path.join(dir, 'bundle'), '--exec', BUNDLE, '--fn-config', path.join(dir, 'bundle', 'drydock.yaml')]);
        expect(bundle.status).toBe(0);

        const evaluated = filesOf(path.join(dir, 'image'));
        expect(evaluated).toEqual(filesOf(path.join(dir, 'bundle')));
        expect(Object.keys(evaluated).filter((file) => file.startsWith('drydock-fn/')).length).toBeGreaterThan(0);
        const calls = runCalls(log);
        expect(calls.map(confinement)).toEqual([{ network: 'none', user: 'nobody', noNewPrivileges: true, readOnly: false, remove: true, interactive: true, image: IMAGE }]);
      } finally {
        cleanup(dir);
      }
    });

    test('kpt fn render of a Kptfile pipeline naming the image: the package as the same pipeline with the bundle (exec) leaves it', () => {
      const dir = tempDir('drydock-fn-kpt-render-');
      try {
        const kptfile = readFileSync(path.join(KPT_PACKAGE, 'Kptfile'), 'utf8');
        const EXEC_LINE = '  - exec: drydock-fn\n';
        expect(kptfile).toContain(EXEC_LINE);
        const IMAGE_LINE = `  - image: ${IMAGE}\n`;
        for (const name of ['image', 'bundle']) cpSync(KPT_PACKAGE, path.join(dir, name), { recursive: true });
        writeFileSync(path.join(dir, 'image', 'Kptfile'), kptfile.replace(EXEC_LINE, IMAGE_LINE));
        const log = path.join(dir, 'engine.log');
        const image = spawn('kpt', ['fn', 'render', path.join(dir, 'image')], { env: kptEnv(log) });
        expect({ status: image.status, stderr: image.stderr }).toEqual({ status: 0, stderr: expect.stringContaining(`[PASS] "${IMAGE}"`) });
        ensureBundle();
        const bundle = spawn('kpt', ['fn', 'render', path.join(dir, 'bundle'), '--allow-exec'], { env: { ...process.env, PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}` } });
        expect(bundle.status).toBe(0);

        const rendered = filesOf(path.join(dir, 'image'));
        rendered.Kptfile = rendered.Kptfile.replace(IMAGE_LINE, EXEC_LINE);
        expect(rendered).toEqual(filesOf(path.join(dir, 'bundle')));
        expect(rendered['openedx.yaml']).not.toBe(readFileSync(path.join(KPT_PACKAGE, 'openedx.yaml'), 'utf8'));
        expect(runCalls(log).map(confinement)).toEqual([{ network: 'none', user: 'nobody', noNewPrivileges: true, readOnly: false, remove: true, interactive: true, image: IMAGE }]);
      } finally {
        cleanup(dir);
      }
    });
  });

  describeWithTools(['kubectl'], 'kubectl kustomize --enable-alpha-plugins, its docker run answered by podman', () => {
    test('examples/kustomize-container with the image: the example\'s expected output, and the bundle\'s through the docker shim', () => {
      const dir = tempDir('drydock-fn-kubectl-');
      try {
        const example = path.join(ROOT, 'examples', 'kustomize-container');
        copyTree(path.join(ROOT, 'examples', 'tutor-env'), path.join(dir, 'tutor-env'));
        const settings = readFileSync(path.join(example, 'drydock.yaml'), 'utf8');
        const EXAMPLE_IMAGE = /image: (\S+)/.exec(settings)?.[1] as string;
        expect(EXAMPLE_IMAGE).toMatch(/^ghcr\.io\/drydock-fn\/drydock-fn:/);
        copyTree(example, path.join(dir, 'overlay'));
        writeFileSync(path.join(dir, 'overlay', 'drydock.yaml'), settings.replace(EXAMPLE_IMAGE, IMAGE));

        const log = path.join(dir, 'engine.log');
        const podmanRun = spawn('kubectl', ['kustomize', '--enable-alpha-plugins', path.join(dir, 'overlay')], { env: shimmedEnv(log) });
        expect(podmanRun.status).toBe(0);
        ensureBundle();
        // The same overlay with the docker shim that runs the bundle (test/support/bin/docker) instead of the image.
        const bundleRun = spawn('kubectl', ['kustomize', '--enable-alpha-plugins', path.join(dir, 'overlay')], {
          env: { ...process.env, PATH: `${SHIM_DIR}${path.delimiter}${process.env.PATH ?? ''}`, DRYDOCK_FN_ENTRYPOINT: BUNDLE, DRYDOCK_FN_IMAGE_PREFIX: IMAGE_NAME },
        });
        expect(bundleRun.status).toBe(0);
        expect(podmanRun.stdout).toBe(bundleRun.stdout);
        expect(podmanRun.stdout).toBe(readFileSync(path.join(example, 'expected.yaml'), 'utf8'));

        const calls = callsIn(log);
        expect(calls.map((call) => call.slice(0, 2))).toEqual([['docker', 'run']]);
        expect(runCalls(log).map(confinement)).toEqual([{ network: 'none', user: 'nobody', noNewPrivileges: true, readOnly: false, remove: true, interactive: true, image: IMAGE }]);
      } finally {
        cleanup(dir);
      }
    });
  });
});
