/**
 * The code cache beside the bundle (dist/drydock-fn.cache, made by scripts/code-cache.js at build
 * time): V8's compiled code of the core for one Node. The bundle only reads it, uses it when it was
 * made for this build of the core and this V8, and otherwise compiles the core as without it; the
 * output is the same byte for byte either way. DRYDOCK_FN_DEBUG makes the bundle say which it did.
 */
import { spawnSync } from 'child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { splitDocuments, wrapDocuments } from '../src/io';
import { BUNDLE, ROOT, cleanup, ensureBundle, tempDir } from './support/orchestrators';

const CACHE = path.join(path.dirname(BUNDLE), 'drydock-fn.cache');
const NODE24 = path.join(ROOT, 'node_modules', 'node24', 'bin', 'node');
const EXAMPLE = path.join(ROOT, 'examples', 'init-jobs');

/** The init-jobs example's manifests and tasks as the ResourceList kustomize would hand the function, with its config. */
function exampleList(): string {
  const documents = [...splitDocuments(readFileSync(path.join(EXAMPLE, 'expected.yaml'), 'utf8')), ...splitDocuments(readFileSync(path.join(EXAMPLE, 'init-tasks.yml'), 'utf8'))];
  return wrapDocuments(documents, { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec: { initJobs: { enabled: true }, podDisruptionBudgets: { lms: 50 } } });
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(bundle: string, options: { node?: string; nodeFlags?: string[]; args?: string[]; input?: string } = {}): Run {
  const result = spawnSync(options.node ?? process.execPath, [...(options.nodeFlags ?? []), bundle, ...(options.args ?? [])], {
    input: options.input ?? '',
    encoding: 'latin1',
    maxBuffer: 1 << 28,
    env: { ...process.env, DRYDOCK_FN_DEBUG: '1' },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What the debug line says of the code cache. */
const cacheUse = (stderr: string): string | undefined => /^drydock-fn: code cache (.*)$/m.exec(stderr)?.[1];

describe('the code cache beside the bundle', () => {
  let dir: string;
  let bare: string;
  let list: string;
  let reference: Run;
  beforeAll(() => {
    ensureBundle();
    list = exampleList();
    // The same bundle without a cache beside it.
    dir = tempDir('drydock-fn-code-cache-');
    bare = path.join(dir, 'bare', 'drydock-fn.js');
    spawnSync('mkdir', ['-p', path.dirname(bare)]);
    copyFileSync(BUNDLE, bare);
    reference = run(bare, { input: list });
  });
  afterAll(() => cleanup(dir));

  /** A copy of the bundle in its own folder with `cache` (bytes) beside it. */
  function bundleWith(name: string, cache: Buffer): string {
    const bundle = path.join(dir, name, 'drydock-fn.js');
    spawnSync('mkdir', ['-p', path.dirname(bundle)]);
    copyFileSync(BUNDLE, bundle);
    writeFileSync(path.join(dir, name, 'drydock-fn.cache'), cache);
    return bundle;
  }

  test('the build leaves one for the Node that built, named by the core, the V8 version, the machine and the length of its data', () => {
    const bytes = readFileSync(CACHE);
    const key = bytes.subarray(0, bytes.indexOf(10)).toString('latin1');
    expect(key).toMatch(/^drydock-fn code cache [0-9a-f]{64} v8 \S+ \S+ \d+$/);
    const [, , , digest, , v8, arch, length] = key.split(' ');
    expect({ v8, arch, length: Number(length) }).toEqual({ v8: process.versions.v8, arch: process.arch, length: bytes.length - key.length - 1 });
    // The digest is the core's: the bundle carries it.
    expect(readFileSync(BUNDLE, 'latin1')).toContain(digest);
  });

  test('without a cache the bundle compiles the core and says so; the reference output is a real run', () => {
    expect(cacheUse(reference.stderr)).toBe('none for this build and Node');
    expect(reference.status).toBe(0);
    expect(reference.stdout).toContain('kind: PodDisruptionBudget');
  });

  test('with it: used, and the same output byte for byte (function and render)', () => {
    const withCache = run(BUNDLE, { input: list });
    expect(cacheUse(withCache.stderr)).toBe('used');
    expect(withCache).toEqual({ ...reference, stderr: withCache.stderr });
    const args = ['render', '--set', 'DRYDOCK_INIT_JOBS=true', path.join(EXAMPLE, 'expected.yaml'), path.join(EXAMPLE, 'init-tasks.yml')];
    const rendered = run(BUNDLE, { args });
    expect(cacheUse(rendered.stderr)).toBe('used');
    expect(rendered.stdout).toBe(run(bare, { args }).stdout);
    expect(rendered.stdout).toContain('kind: Job');
  });

  test('a cache of another core, cut short, empty or without its first line is not used, and changes nothing', () => {
    const bytes = readFileSync(CACHE);
    const lineEnd = bytes.indexOf(10);
    const key = bytes.subarray(0, lineEnd).toString('latin1');
    const otherCore = Buffer.concat([Buffer.from(key.replace(/ [0-9a-f]{64} /, ` ${'0'.repeat(64)} `), 'latin1'), bytes.subarray(lineEnd)]);
    const cases = { otherCore, cut: bytes.subarray(0, bytes.length - 100), empty: Buffer.alloc(0), noKey: bytes.subarray(lineEnd + 1), garbage: Buffer.from('drydock-fn code cache\nnot V8 data') };
    for (const [name, cache] of Object.entries(cases)) {
      const result = run(bundleWith(name, cache), { input: list });
      expect({ name, use: cacheUse(result.stderr) }).toEqual({ name, use: 'none for this build and Node' });
      expect({ name, status: result.status, stdout: result.stdout }).toEqual({ name, status: reference.status, stdout: reference.stdout });
    }
  });

  test('V8 rejects it under other V8 flags, and the run is the same', () => {
    const result = run(BUNDLE, { nodeFlags: ['--max-old-space-size=300'], input: list });
    expect(cacheUse(result.stderr)).toBe('rejected by V8');
    expect(result.stdout).toBe(reference.stdout);
  });

  test('another Node does not use it and writes the same', () => {
    if (!existsSync(NODE24)) {
      // eslint-disable-next-line no-console
      console.warn(`SKIPPED another Node: ${NODE24} not installed (npm install)`);
      return;
    }
    const result = run(BUNDLE, { node: NODE24, input: list });
    expect(cacheUse(result.stderr)).toBe('none for this build and Node');
    expect(result.stdout).toBe(reference.stdout);
  });

  test('it is only read: a read-only folder runs, and nothing in it changes', () => {
    const bundle = bundleWith('read-only', readFileSync(CACHE));
    const folder = path.dirname(bundle);
    chmodSync(path.join(folder, 'drydock-fn.cache'), 0o444);
    chmodSync(bundle, 0o555);
    chmodSync(folder, 0o555);
    const before = readdirSync(folder).map((entry) => ({ entry, mtimeMs: statSync(path.join(folder, entry)).mtimeMs }));
    try {
      const result = run(bundle, { input: list });
      expect(cacheUse(result.stderr)).toBe('used');
      expect(result.stdout).toBe(reference.stdout);
      expect(readdirSync(folder).map((entry) => ({ entry, mtimeMs: statSync(path.join(folder, entry)).mtimeMs }))).toEqual(before);
      expect(readFileSync(path.join(folder, 'drydock-fn.cache')).equals(readFileSync(CACHE))).toBe(true);
    } finally {
      chmodSync(folder, 0o755);
    }
  });
});
