/**
 * The container contract: a multi-stage build whose runtime image runs the bundle as nobody with an
 * exec-form entrypoint, no shell, no writes outside /tmp, distroless unless another base is named;
 * the bundle run the way kustomize and kpt start containers (`--network none --user nobody`), through
 * the docker shim, where no container runtime is needed; and the runtime dependencies checked against
 * the advisories. The image itself, built and run by podman, is test/container-runtime.test.ts's.
 */
import { spawnSync } from 'child_process';
import { buildSync } from 'esbuild';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { BUNDLE, IMAGE, ROOT, SHIM_DIR, ensureBundle } from './support/orchestrators';

interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: { keyword: string; args: string }[];
}

/** The stages of a Dockerfile, their FROM resolved with the global build arguments (`args` over the defaults). */
function stagesOf(dockerfile: string, args: Readonly<Record<string, string>> = {}): Stage[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const globals: Record<string, string> = {};
  const resolve = (text: string): string => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => globals[(braced ?? bare) as string] ?? whole);
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    const text = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(text);
      stages.push({ from: resolve(match?.[1] ?? text), name: match?.[2], instructions: [] });
    } else if (stages.length > 0) stages[stages.length - 1].instructions.push({ keyword: keyword.toUpperCase(), args: text });
    else if (keyword.toUpperCase() === 'ARG') {
      const [name, value = ''] = text.split(/=(.*)/s);
      globals[name] = args[name] ?? resolve(value);
    }
  }
  return stages;
}

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const stages = stagesOf(dockerfile);
  const runtime = stages[stages.length - 1];
  const find = (keyword: string, stage: Stage = runtime) => stage.instructions.filter((instruction) => instruction.keyword === keyword);
  const stageNamed = (name: string, from: Stage[] = stages): Stage => from.find((stage) => stage.name === name) as Stage;

  test('is multi-stage: the bundle is built apart from the runtime image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0].instructions.some((instruction) => instruction.keyword === 'RUN' && instruction.args.includes('scripts/build.js'))).toBe(true);
  });

  test('the runtime image is distroless (no shell) unless RUNTIME_BASE names another base, runs nothing at build time, and runs as nobody', () => {
    expect(runtime.name).toBe('function');
    expect(runtime.from).toBe('gcr.io/distroless/nodejs24-debian12');
    expect(stagesOf(dockerfile, { NODE_MAJOR: '22' }).pop()?.from).toBe('gcr.io/distroless/nodejs22-debian12');
    expect(stagesOf(dockerfile, { RUNTIME_BASE: 'localhost/drydock-fn-base' }).pop()?.from).toBe('localhost/drydock-fn-base');
    expect(find('RUN')).toEqual([]);
    expect(find('USER').map((instruction) => instruction.args)).toEqual(['65534:65534']);
    expect(find('WORKDIR').map((instruction) => instruction.args)).toEqual(['/tmp']);
  });

  test('the runtime image receives two read-only files: the bundle from the bundle stage, and beside it the code cache its own Node made; no node_modules, no tools', () => {
    const copies = find('COPY');
    expect(copies.map((copy) => copy.args)).toEqual([
      '--from=bundle --chmod=0444 /src/dist/drydock-fn.js /usr/local/lib/drydock-fn/drydock-fn.js',
      '--from=code-cache --chmod=0444 /usr/local/lib/drydock-fn/drydock-fn.cache /usr/local/lib/drydock-fn/drydock-fn.cache',
    ]);
    expect(find('ADD')).toEqual([]);
  });

  test('the code cache is made by the runtime base\'s Node, on the bundle at the path the image runs it from, over the examples', () => {
    const cacheStage = stageNamed('code-cache');
    expect(cacheStage.from).toBe(runtime.from);
    expect(stageNamed('code-cache', stagesOf(dockerfile, { RUNTIME_BASE: 'localhost/drydock-fn-base' })).from).toBe('localhost/drydock-fn-base');
    expect(find('COPY', cacheStage).map((copy) => copy.args)).toEqual(['--from=bundle /src/dist/drydock-fn.js /usr/local/lib/drydock-fn/drydock-fn.js', 'scripts/code-cache.js /build/code-cache.js', 'examples /build/examples']);
    expect(JSON.parse(find('RUN', cacheStage)[0].args)).toEqual(['/nodejs/bin/node', '/build/code-cache.js', '/usr/local/lib/drydock-fn/drydock-fn.js', '/build/examples']);
  });

  test('the bundle stage is the build stage by default; with BUNDLE_FROM=prebuilt, a stage holding only the context\'s dist/drydock-fn.js at the same path', () => {
    expect(stageNamed('bundle').from).toBe('build');
    expect(find('RUN', stageNamed('build')).pop()?.args).toBe('node scripts/build.js');
    expect(stageNamed('bundle', stagesOf(dockerfile, { BUNDLE_FROM: 'prebuilt' })).from).toBe('prebuilt');
    const prebuilt = stageNamed('prebuilt');
    expect(prebuilt.from).toBe('scratch');
    expect(prebuilt.instructions).toEqual([{ keyword: 'COPY', args: 'dist/drydock-fn.js /src/dist/drydock-fn.js' }]);
  });

  test('.dockerignore lets in every file a stage copies from the build context', () => {
    const admitted = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((line) => line.startsWith('!')).map((line) => line.slice(1));
    expect(readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')).toMatch(/^\*$/m);
    const sources = stages.flatMap((stage) => find('COPY', stage)).filter((copy) => !copy.args.startsWith('--from')).flatMap((copy) => copy.args.split(/\s+/).filter((arg) => !arg.startsWith('--')).slice(0, -1));
    expect(sources.sort()).toEqual(['dist/drydock-fn.js', 'examples', 'package-lock.json', 'package.json', 'scripts', 'scripts/code-cache.js', 'src', 'tsconfig.json']);
    expect(sources.filter((source) => !admitted.some((entry) => source === entry || source.startsWith(`${entry}/`)))).toEqual([]);
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
