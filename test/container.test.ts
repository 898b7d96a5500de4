/**
 * The container contract: a multi-stage build whose runtime image runs the bundle as nobody with an
 * exec-form entrypoint, no shell, no writes outside /tmp; the bundle run the way kustomize and kpt
 * start containers (`--network none --user nobody`), through the docker shim; the image emulated
 * with Linux namespaces (uid 65534, no network, a read-only root holding node, its libraries and the
 * bundle, a writable /tmp); and the runtime dependencies checked against the advisories.
 */
import { spawnSync } from 'child_process';
import { buildSync } from 'esbuild';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { wrapDocuments } from '../src/io';
import { BUNDLE, IMAGE, ROOT, SHIM_DIR, ensureBundle } from './support/orchestrators';
import { drydockConfig } from './support/run';

interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: { keyword: string; args: string }[];
}

function stagesOf(dockerfile: string): Stage[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: match?.[1] ?? args, name: match?.[2], instructions: [] });
    } else if (stages.length > 0) stages[stages.length - 1].instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = stagesOf(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stages[stages.length - 1];
  const find = (keyword: string) => runtime.instructions.filter((instruction) => instruction.keyword === keyword);

  test('is multi-stage: the bundle is built apart from the runtime image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0].instructions.some((instruction) => instruction.keyword === 'RUN' && instruction.args.includes('scripts/build.js'))).toBe(true);
  });

  test('the runtime image is distroless (no shell), runs nothing at build time, and runs as nobody', () => {
    expect(runtime.from).toMatch(/^gcr\.io\/distroless\/nodejs\$\{NODE_MAJOR\}-debian12$/);
    expect(find('RUN')).toEqual([]);
    expect(find('USER').map((instruction) => instruction.args)).toEqual(['65534:65534']);
    expect(find('WORKDIR').map((instruction) => instruction.args)).toEqual(['/tmp']);
  });

  test('the runtime image receives one file, the bundle, from the build stage: no node_modules, no tools', () => {
    const copies = find('COPY');
    expect(copies).toHaveLength(1);
    expect(copies[0].args).toMatch(/^--from=build --chmod=0444 \/src\/dist\/drydock-fn\.js \/usr\/local\/lib\/drydock-fn\/drydock-fn\.js$/);
    expect(find('ADD')).toEqual([]);
  });

  test('the entrypoint is exec form and runs the copied bundle', () => {
    const [entrypoint] = find('ENTRYPOINT');
    const argv = JSON.parse(entrypoint.args) as string[];
    expect(argv[0]).toBe('/nodejs/bin/node');
    const copied = find('COPY').map((instruction) => instruction.args.split(/\s+/).pop());
    expect(copied).toContain(argv[1]);
  });
});

describe('run as the orchestrators run the image', () => {
  test('docker run --rm -i --network none --user nobody … works on a ResourceList', () => {
    ensureBundle();
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: lms\n';
    const result = spawnSync(
      path.join(SHIM_DIR, 'docker'),
      ['run', '--rm', '-i', '-a', 'STDIN', '-a', 'STDOUT', '-a', 'STDERR', '--network', 'none', '--user', 'nobody', '--security-opt=no-new-privileges', '-e', 'LOG_TO_STDERR=true', IMAGE],
      { input, encoding: 'utf8', env: { ...process.env, DRYDOCK_FN_ENTRYPOINT: BUNDLE } },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(YAML.parse(result.stdout).items[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('100');
  });
});

/** Why the image cannot be emulated here, or undefined when it can (root, unshare, chroot). */
function sandboxMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (mount and network namespaces need it)';
  for (const tool of ['unshare', 'chroot', 'ldd']) if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  return undefined;
}

const SANDBOX = path.join(SHIM_DIR, 'sandbox');
const missing = sandboxMissing();
// eslint-disable-next-line no-console
if (missing) console.warn(`SKIPPED the emulated image (read-only root, uid 65534, no network): ${missing}`);
const describeSandbox = missing ? describe.skip : describe;

describeSandbox('the image, emulated: uid 65534, no network, read-only root with node, its libraries and the bundle, writable /tmp', () => {
  const sandbox = (script: string, input: string) => spawnSync(SANDBOX, [process.execPath, script], { input, encoding: 'utf8', maxBuffer: 1 << 26 });

  test('the sandbox is what it says: uid 65534, /tmp writable, everything else read-only, no network, no shell', () => {
    const probe = path.join(__dirname, 'support', 'sandbox-probe.js');
    const result = sandbox(probe, '');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      uid: 65534,
      gid: 65534,
      writeTmp: 'ok',
      writeRoot: 'EROFS',
      writeApp: 'EROFS',
      writeBundle: expect.stringMatching(/^(EROFS|EACCES)$/),
      shell: [],
      rootEntries: ['app', 'dev', 'lib', 'lib64', 'nodejs', 'tmp'].filter((entry) => entry !== 'lib64' || process.arch === 'x64'),
      interfaces: [],
      env: ['HOME'],
      connect: expect.stringMatching(/^(ENETUNREACH|EHOSTUNREACH|ECONNREFUSED)$/),
    });
  });

  const tutor = readFileSync(path.join(ROOT, 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8').split(/^---$/m).filter((document) => document.trim() !== '');
  const everything = drydockConfig({
    initJobs: { enabled: true, tasks: [{ service: 'lms', command: './manage.py lms migrate' }] },
    newRelic: { licenseKeySecretRef: { name: 'newrelic' } },
    sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } },
    flower: { enabled: true },
    debug: { enabled: true },
    backups: { enabled: true, storage: { bucket: 'backups', credentialsSecretName: 'keys' }, mysql: { passwordSecretRef: { name: 'mysql' } } },
  });

  test.each([
    ['the defaults', wrapDocuments(tutor)],
    ['every feature on', wrapDocuments(tutor, everything)],
  ])('runs on the example Tutor env with %s, and answers as it does outside', (_name, input) => {
    ensureBundle();
    const inside = sandbox(BUNDLE, input);
    const outside = spawnSync(process.execPath, [BUNDLE], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(inside.stderr).toBe(outside.stderr);
    expect(inside.status).toBe(0);
    expect(inside.stdout).toBe(outside.stdout);
  });

  test('bad input: exit 1 and the error result, from inside too', () => {
    ensureBundle();
    const result = sandbox(BUNDLE, 'apiVersion: v1\nkind: ResourceList\nitems: []\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^drydock-fn: error: unsupported ResourceList apiVersion "v1"/);
  });
});

describe('runtime dependencies', () => {
  /** Packages compiled into the bundle, from esbuild's account of its inputs. */
  const bundled = (() => {
    const result = buildSync({ entryPoints: [path.join(ROOT, 'src', 'main.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'error', absWorkingDir: ROOT });
    const names = Object.keys(result.metafile.inputs).map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter((name): name is string => name !== undefined);
    return [...new Set(names)].sort();
  })();
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  const versionOf = (name: string): string => lock.packages[`node_modules/${name}`].version;

  /** Advisories on the bundled packages (GitHub advisory database), with the first fixed version. */
  const ADVISORIES: Readonly<Record<string, readonly { id: string; fixed: string; what: string }[]>> = {
    'js-yaml': [{ id: 'GHSA-mh29-5h37-fv8m', fixed: '4.1.1', what: 'prototype pollution through merge keys (<<)' }],
    yaml: [{ id: 'GHSA-f9xv-q969-pqx4', fixed: '2.2.2', what: 'uncaught exception in parseDocument (CVE-2023-2251)' }],
    'fp-ts': [],
    'io-ts': [],
  };
  const newer = (version: string, than: string): boolean => {
    const [a, b] = [version, than].map((text) => text.split(/[.-]/).slice(0, 3).map(Number));
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
    return true;
  };

  test('the image carries exactly these packages (the bundle\'s inputs), each reviewed against the advisories below', () => {
    expect(bundled).toEqual(Object.keys(ADVISORIES).sort());
  });

  test.each(Object.entries(ADVISORIES).flatMap(([name, advisories]) => advisories.map((advisory) => [name, advisory.id, advisory] as const)))('%s is past %s', (name, _id, advisory) => {
    expect({ name, version: versionOf(name), fixed: newer(versionOf(name), advisory.fixed) }).toEqual({ name, version: versionOf(name), fixed: true });
  });

  // npm audit needs the registry's advisory service; a mirror without it answers 405. The bundled
  // packages are devDependencies (nothing is resolved at run time), so `--omit=dev` would audit nothing:
  // the whole tree is audited and the bundled packages' findings are what counts.
  const audit = spawnSync('npm', ['audit', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const report = (() => {
    try {
      return JSON.parse(audit.stdout) as { vulnerabilities?: Record<string, { severity: string }>; metadata?: { vulnerabilities?: Record<string, number> }; message?: string; error?: { summary?: string } };
    } catch {
      return undefined;
    }
  })();
  const vulnerabilities = report?.metadata?.vulnerabilities ? (report.vulnerabilities ?? {}) : undefined;
  if (!vulnerabilities) {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED npm audit: the registry did not answer the audit request (${report?.message ?? report?.error?.summary ?? `exit ${audit.status}`}); the bundled packages are checked against the advisories above instead`);
  }
  (vulnerabilities ? test : test.skip)('npm audit: no high or critical issue in a bundled package', () => {
    const serious = bundled.filter((name) => ['high', 'critical'].includes(vulnerabilities?.[name]?.severity ?? ''));
    expect(serious).toEqual([]);
  });
});
