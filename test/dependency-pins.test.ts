/**
 * The libraries esbuild inlines into dist/drydock-fn.js are pinned to exact versions, and the copy
 * installed (the one the tests, the emitter's equality tests among them, run against and the build
 * bundles) is that version: an upgrade changes shipped code, so it must be a deliberate edit of
 * package.json that these tests and test/output-stability.test.ts then check.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string; devDependencies?: Record<string, string>; dependencies?: Record<string, string> }>;
};

/**
 * What the bundle inlines, and which of its promises each carries: `yaml` prints every document
 * (src/krm/emit.ts promises the bytes `yaml` writes), `js-yaml` reads scalars as go-yaml and PyYAML
 * do, `io-ts` and `fp-ts` decode the configuration and word its errors.
 */
const BUNDLED = ['yaml', 'js-yaml', 'io-ts', 'fp-ts'];

/** The version of the package that `require` finds from the test folders (what the tests import). */
function installedVersion(name: string, from: string): string {
  const entry = require.resolve(name, { paths: [from] });
  let dir = path.dirname(entry);
  while (!dir.endsWith(path.join('node_modules', name))) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

test('package.json has no runtime dependencies: the bundle inlines what it needs', () => {
  expect(manifest.dependencies ?? {}).toEqual({});
});

test.each(BUNDLED)('%s is pinned to an exact version (no range), in package.json and the lock file', (name) => {
  const pinned = manifest.devDependencies[name];
  expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  expect(lock.packages[''].devDependencies?.[name]).toBe(pinned);
  expect(lock.packages[`node_modules/${name}`].version).toBe(pinned);
});

test.each(BUNDLED)('the installed %s is the pinned version', (name) => {
  expect(installedVersion(name, path.join(ROOT, 'src'))).toBe(manifest.devDependencies[name]);
});

test('the emitter\'s equality tests (test/krm/emit*.test.ts) run against the pinned yaml', () => {
  expect(installedVersion('yaml', path.join(ROOT, 'test', 'krm'))).toBe(manifest.devDependencies.yaml);
  // The version the emitter's promise was last checked against: upgrading yaml edits this line too.
  expect(manifest.devDependencies.yaml).toBe('2.9.1');
});
