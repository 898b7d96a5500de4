/**
 * The documentation cannot rot: every shell block of README.md, CHANGELOG.md and docs/ is run, in
 * order, in a workspace standing for the operator's (a Tutor env at env/, drydock-fn and kustomize on
 * PATH, the fixtures' Drydock project where a page asks for it), and must exit 0; an output block
 * must match what the command before it printed; YAML files a page shows are written where it says
 * and used by the commands after them; every YAML block parses and every drydock-fn config in one
 * decodes without error. A block that needs a tool this machine lacks is skipped with the reason
 * printed. Blocks that talk to a cluster run against kubectl pointed at no cluster: kubectl still
 * parses each command, flag and manifest (test/support/offline-bin/kubectl).
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { decodeFunctionConfig } from '../src/config/decode';
import { docBlocks, docPages, matchesOutput, pageDirectives, readPage } from './support/doc-blocks';
import type { DocBlock } from './support/doc-blocks';
import { FIXTURES, fixturesAvailable } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { BIN_DIR, ROOT, addInitTasksToEnv, cleanup, copyTree, ensureBundle, tempDir } from './support/orchestrators';

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
const FLAGS = new Set(['run', 'output', 'fragment', 'invalid']);
const ATTRIBUTES = new Set(['needs', 'skip', 'cwd', 'file', 'same-as']);
const OFFLINE_BIN = path.join(__dirname, 'support', 'offline-bin');

const pages = docPages(ROOT);
const blocksOf = (page: string): DocBlock[] => docBlocks(page, readPage(ROOT, page));
const where = (block: DocBlock): string => `${block.file}:${block.line}`;

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const REAL_KUBECTL = which('kubectl');
/** Why a tool a block needs is missing here, or undefined when it is there. */
function missing(tool: string): string | undefined {
  switch (tool) {
    case 'kubectl':
    case 'cluster':
      return REAL_KUBECTL ? undefined : 'kubectl is not on PATH';
    case 'kpt':
      return which('kpt') ? undefined : 'kpt is not on PATH';
    case 'tutor':
      return which('tutor') ? undefined : 'Tutor is not installed here (its own steps are covered by the Tutor plugin tests)';
    case 'docker':
      return spawnSync('docker', ['info'], { encoding: 'utf8' }).status === 0 ? undefined : 'no Docker engine here';
    case 'fixtures':
      return fixturesAvailable ? undefined : `no Tutor fixtures at ${FIXTURES}`;
    default:
      return `unknown tool "${tool}"`;
  }
}

/** Why a run block is not run here, or undefined. */
function skipReason(block: DocBlock): string | undefined {
  if (block.attributes.skip) return block.attributes.skip;
  const needs = (block.attributes.needs ?? '').split(',').filter(Boolean);
  const reasons = needs.map(missing).filter((reason): reason is string => reason !== undefined);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

const OFFLINE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: none
  cluster: {server: "https://127.0.0.1:9", insecure-skip-tls-verify: true}
contexts:
- name: none
  context: {cluster: none, user: none}
current-context: none
users:
- name: none
  user: {token: none}
`;

/**
 * The operator's workspace for a page: Tutor's env/ (Tutor 20, examples/tutor-env, saved with the
 * drydock-fn Tutor plugin), and with the
 * directive `fixture=<drydock case>` a Drydock project (drydock-project/config.yml and env/, as
 * Tutor with Drydock saved it) and the same project saved without Drydock and with the drydock-fn
 * Tutor plugin (tutor-only/env/, the plugin's init-tasks.yml listed in Tutor's kustomization).
 */
function prepareWorkspace(page: string): string {
  const dir = tempDir('drydock-fn-docs-');
  copyTree(path.join(ROOT, 'examples', 'tutor-env'), path.join(dir, 'env'));
  addInitTasksToEnv(path.join(dir, 'env'), readFileSync(path.join(ROOT, 'examples', 'init-jobs', 'init-tasks.yml'), 'utf8'));
  writeFileSync(path.join(dir, '.kubeconfig'), OFFLINE_KUBECONFIG);
  const fixture = pageDirectives(readPage(ROOT, page)).fixture;
  if (fixture && fixturesAvailable) {
    const flavour = path.dirname(fixture);
    mkdirSync(path.join(dir, 'drydock-project'));
    cpSync(path.join(FIXTURES, fixture, 'config.yml'), path.join(dir, 'drydock-project', 'config.yml'));
    copyTree(path.join(FIXTURES, fixture, 'env'), path.join(dir, 'drydock-project', 'env'));
    const tutorOnly = path.join(dir, 'tutor-only', 'env');
    mkdirSync(path.dirname(tutorOnly));
    copyTree(path.join(FIXTURES, flavour, 'default', 'env'), tutorOnly);
    addInitTasksToEnv(tutorOnly, literalYaml(initTasksResource(fixtureInitTasks(`${flavour}/default`))));
  }
  return dir;
}

/** The page's `env=NAME,NAME` directive: variables the reader sets (credentials), set here to placeholders. */
function readerVariables(page: string): Record<string, string> {
  const names = (pageDirectives(readPage(ROOT, page)).env ?? '').split(',').filter(Boolean);
  return Object.fromEntries(names.map((name) => [name, `example-${name.toLowerCase()}`]));
}

function runBlock(block: DocBlock, workspace: string): { status: number; stdout: string; stderr: string } {
  const cluster = (block.attributes.needs ?? '').split(',').includes('cluster');
  const pathEntries = [...(cluster ? [OFFLINE_BIN] : []), BIN_DIR, path.join(ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''];
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', block.body], {
    cwd: block.attributes.cwd === 'repo' ? ROOT : workspace,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 300_000,
    // Never a real cluster: every kubectl of the docs sees the workspace's kubeconfig, which points nowhere.
    env: { ...process.env, ...readerVariables(block.file), PATH: pathEntries.join(path.delimiter), KUBECONFIG: path.join(workspace, '.kubeconfig'), DRYDOCK_FN_REAL_KUBECTL: REAL_KUBECTL ?? 'kubectl' },
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

describe('documentation blocks are well-formed', () => {
  const all = pages.flatMap(blocksOf);

  test('there are runnable blocks in the operations manual and the migration guide', () => {
    const runnable = (prefix: string): number => all.filter((block) => block.file.startsWith(prefix) && block.flags.has('run')).length;
    expect(runnable('docs/operations/')).toBeGreaterThanOrEqual(15);
    expect(runnable('docs/migrating-from-drydock.md')).toBeGreaterThanOrEqual(4);
  });

  test('every shell block is run (or says what it needs, or why not)', () => {
    expect(all.filter((block) => SHELL_LANGS.has(block.lang) && !block.flags.has('run')).map(where)).toEqual([]);
  });

  test('every YAML block is a file the commands use, or a fragment', () => {
    expect(all.filter((block) => block.lang === 'yaml' && !block.attributes.file && !block.flags.has('fragment')).map(where)).toEqual([]);
  });

  test('only known flags and attributes', () => {
    const unknown = all.flatMap((block) => [
      ...[...block.flags].filter((flag) => !FLAGS.has(flag)).map((flag) => `${where(block)}: ${flag}`),
      ...Object.keys(block.attributes).filter((name) => !ATTRIBUTES.has(name)).map((name) => `${where(block)}: ${name}=`),
    ]);
    expect(unknown).toEqual([]);
  });

  test('output blocks follow a run block', () => {
    for (const page of pages) {
      const blocks = blocksOf(page);
      blocks.forEach((block, index) => {
        if (block.flags.has('output')) expect({ block: where(block), follows: blocks[index - 1]?.flags.has('run') ?? false }).toEqual({ block: where(block), follows: true });
      });
    }
  });

  test('every YAML block parses, and every drydock-fn config in one decodes without error', () => {
    const problems: string[] = [];
    for (const block of all.filter((candidate) => candidate.lang === 'yaml')) {
      for (const document of YAML.parseAllDocuments(block.body)) {
        if (document.errors.length > 0) {
          problems.push(`${where(block)}: ${document.errors[0].message.split('\n')[0]}`);
          continue;
        }
        const object = document.toJS() as Record<string, any> | null;
        const isConfig = object?.kind === 'DrydockConfig' || (object?.kind === 'ConfigMap' && Object.keys(object.data ?? {}).some((key) => /^DRYDOCK_/.test(key)));
        if (!isConfig) continue;
        const errors = decodeFunctionConfig(object).results.filter((result) => result.severity === 'error');
        // A block marked `invalid` shows a mistake on purpose: it must be one.
        if (block.flags.has('invalid')) problems.push(...(errors.length === 0 ? [`${where(block)}: marked invalid, but decodes`] : []));
        else problems.push(...errors.map((result) => `${where(block)}: ${result.message}`));
      }
    }
    expect(problems).toEqual([]);
  });

  test('every file a page shows is used: a command runs after it on its page', () => {
    const unused = pages.flatMap((page) => {
      const blocks = blocksOf(page);
      const lastRun = blocks.map((block) => block.flags.has('run')).lastIndexOf(true);
      return blocks.filter((block, index) => block.attributes.file && index > lastRun).map(where);
    });
    expect(unused).toEqual([]);
  });

  test('every file a page shows is written inside the workspace', () => {
    const outside = all.filter((block) => block.attributes.file && (path.isAbsolute(block.attributes.file) || path.normalize(block.attributes.file).startsWith('..'))).map(where);
    expect(outside).toEqual([]);
  });

  test('files shown as the same as a repository file are', () => {
    for (const block of all.filter((candidate) => candidate.attributes['same-as'])) {
      expect({ block: where(block), text: block.body }).toEqual({ block: where(block), text: readFileSync(path.join(ROOT, block.attributes['same-as']), 'utf8') });
    }
  });

  test('the output matcher: "..." stands for any lines, and only there', () => {
    expect(matchesOutput('a\nb\nc\nd\n', 'a\n...\nd\n')).toBe(true);
    expect(matchesOutput('a\nd\n', 'a\n...\nd\n')).toBe(true);
    expect(matchesOutput('a\nb\nc\n', 'a\n...\nd\n')).toBe(false);
    expect(matchesOutput('a\nx\n', 'a\nb\n')).toBe(false);
  });
});

describe.each(pages.filter((page) => blocksOf(page).some((block) => block.flags.has('run') || block.attributes.file)))('%s: the commands run', (page) => {
  const blocks = blocksOf(page);
  let workspace = '';
  const failures: string[] = [];

  beforeAll(() => {
    ensureBundle();
    workspace = prepareWorkspace(page);
  });
  afterAll(() => cleanup(workspace));

  // The files the page shows before a command, written when the next command that runs here starts.
  let filesWritten = 0;
  const writeFilesBefore = (index: number): void => {
    for (; filesWritten < index; filesWritten++) {
      const file = blocks[filesWritten].attributes.file;
      if (!file) continue;
      const target = path.join(workspace, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, blocks[filesWritten].body);
    }
  };

  blocks.forEach((block, index) => {
    if (!block.flags.has('run')) return;
    const reason = skipReason(block);
    const expected = blocks[index + 1]?.flags.has('output') ? blocks[index + 1].body : undefined;
    const firstLine = block.body.split('\n').find((line) => line.trim() !== '' && !line.trim().startsWith('#')) ?? '';
    const name = `${where(block)}: ${firstLine.slice(0, 70)}`;
    if (reason) {
      // eslint-disable-next-line no-console
      console.warn(`SKIPPED ${name}: ${reason}`);
      test.skip(`${name} (skipped: ${reason})`, () => undefined);
      return;
    }
    test(name, () => {
      if (failures.length > 0) throw new Error(`an earlier block of this page failed (${failures[0]}): the workspace is not what this block expects`);
      writeFilesBefore(index);
      const result = runBlock(block, workspace);
      if (result.status !== 0) failures.push(where(block));
      expect({ block: where(block), status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ block: where(block), status: 0, stderr: '' });
      if (expected !== undefined && !matchesOutput(result.stdout, expected)) {
        failures.push(where(block));
        expect(result.stdout).toBe(expected);
      }
    }, 300_000);
  });
});

