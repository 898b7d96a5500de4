/**
 * Writing the output ResourceList. Untouched items are the input bytes; changed items are their own
 * YAML with only the changed nodes rewritten (see reconcile.ts); new items follow, in creation order;
 * the results replace any `results` the input had.
 */
import * as YAML from 'yaml';
import type { ParsedResourceList } from './read';
import { createNode, quoteAmbiguousScalars, reconcileNode } from './reconcile';
import type { ItemOutcome } from './resource-set';
import type { JsonValue, KubeObject, Result } from './types';
import { PARSE_OPTIONS, toStringOptions } from './yaml-options';

export interface OutputPlan {
  /** One outcome per input item, in input order. */
  readonly outcomes: readonly ItemOutcome[];
  readonly newObjects: readonly KubeObject[];
  readonly results: readonly Result[];
}

/**
 * Serialises the output. With no changes, no new items and no results, the output is the input, byte
 * for byte.
 */
export function writeResourceList(input: ParsedResourceList, plan: OutputPlan): string {
  const untouched = plan.outcomes.every((outcome) => outcome.kind === 'unchanged') && plan.newObjects.length === 0;
  if (untouched && plan.results.length === 0 && !hasResultsSection(input)) return input.text;
  return input.layout.kind === 'text' ? writeTextLayout(input, plan) : writeDocumentLayout(input, plan);
}

/** A ResourceList for input that could not be read: no items (they could not be trusted), the results. */
export function writeEmptyResourceList(results: readonly Result[]): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n${resultsSection(results)}`;
}

/**
 * The input text, whose items could not all be used, with the results: the items come back as they
 * came in (byte for byte when the ResourceList is block-style YAML without results of its own).
 */
export function writeInputWithResults(text: string, results: readonly Result[]): string {
  const doc = YAML.parseDocument(text, PARSE_OPTIONS);
  const contents = doc.contents;
  if (YAML.isMap(contents) && !contents.flow && !contents.has('results')) {
    const appended = ensureNewline(text) + resultsSection(results);
    // Appending is only right when it leaves one document with the same items (no `...` or `---` at the end).
    const check = YAML.parseAllDocuments(appended, PARSE_OPTIONS);
    if (Array.isArray(check) && check.length === 1 && check[0].errors.length === 0 && YAML.isMap(check[0].contents) && check[0].contents.has('results')) return appended;
  }
  if (!YAML.isMap(contents)) return writeEmptyResourceList(results);
  doc.set('results', createNode(doc, resultsAsJson(results)));
  return contents.flow ? printAsJson(doc) : doc.toString(toStringOptions(false));
}

/**
 * Prints a document that came in as JSON as JSON: flow collections and double-quoted strings and
 * keys, also for the nodes drydock-fn added (the `yaml` printer writes new nodes in block style).
 */
function printAsJson(doc: YAML.Document): string {
  YAML.visit(doc, {
    Map(_key, node) {
      node.flow = true;
    },
    Seq(_key, node) {
      node.flow = true;
    },
    Pair(_key, pair) {
      // Keys set from plain strings (doc.set) are not nodes yet.
      if (!YAML.isNode(pair.key)) pair.key = new YAML.Scalar(pair.key);
    },
    Scalar(_key, node) {
      if (typeof node.value === 'string') node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ ...toStringOptions(false), doubleQuotedAsJSON: true });
}

function hasResultsSection(input: ParsedResourceList): boolean {
  if (input.layout.kind === 'text') return input.layout.sections.some((section) => section.key === 'results');
  return input.layout.doc.has('results');
}

function writeTextLayout(input: ParsedResourceList, plan: OutputPlan): string {
  const layout = input.layout;
  if (layout.kind !== 'text') throw new Error('text layout expected');
  const parts: string[] = [];
  layout.sections.forEach((section, index) => {
    if (section.key === 'results') return;
    if (index !== layout.itemsSection) {
      parts.push(section.text);
      return;
    }
    const items: string[] = [];
    for (const outcome of plan.outcomes) {
      const source = outcome.input.source;
      if (source.kind !== 'text') throw new Error('text item expected');
      if (outcome.kind === 'unchanged') items.push(source.verbatim);
      else if (outcome.kind === 'changed') items.push(printChangedTextItem(source.body, source.dashIndent, outcome.value) + source.trailing);
    }
    for (const object of plan.newObjects) items.push(printNewItem(object, layout.dashIndent));
    const header = items.length > 0 && /^items:\s*\[\]/.test(layout.itemsHeader) ? 'items:\n' : layout.itemsHeader;
    parts.push(ensureNewline(header), layout.itemsLead, ...items);
  });
  let text = parts.join('');
  if (plan.results.length > 0) text = ensureNewline(text) + resultsSection(plan.results);
  return text;
}

function writeDocumentLayout(input: ParsedResourceList, plan: OutputPlan): string {
  const layout = input.layout;
  if (layout.kind !== 'document') throw new Error('document layout expected');
  const doc = layout.doc;
  let itemsNode = doc.get('items', true);
  if (!YAML.isSeq(itemsNode)) {
    itemsNode = new YAML.YAMLSeq();
    doc.set('items', itemsNode);
  }
  const seq = itemsNode as YAML.YAMLSeq;
  const kept: unknown[] = [];
  for (const outcome of plan.outcomes) {
    const source = outcome.input.source;
    if (source.kind !== 'node') throw new Error('node item expected');
    if (outcome.kind === 'unchanged') kept.push(source.node);
    else if (outcome.kind === 'changed') kept.push(reconcileNode(doc, source.node, outcome.value as unknown as JsonValue));
  }
  for (const object of plan.newObjects) kept.push(createNode(doc, object as unknown as JsonValue));
  seq.items = kept;
  if (plan.results.length > 0) doc.set('results', createNode(doc, resultsAsJson(plan.results)));
  else doc.delete('results');
  // JSON in, JSON out: a reader of JSON need not read YAML.
  if (YAML.isMap(doc.contents) && doc.contents.flow) return printAsJson(doc);
  return doc.toString(toStringOptions(false));
}

/** Re-prints a changed item from its own text, so only what changed is rewritten. */
function printChangedTextItem(body: string, dashIndent: number, value: KubeObject): string {
  const doc = YAML.parseDocument(body, PARSE_OPTIONS);
  doc.contents = reconcileNode(doc, doc.contents, value as unknown as JsonValue) as typeof doc.contents;
  return indentAsItem(doc.toString(toStringOptions(isWideSequenceStyle(body))), dashIndent);
}

function printNewItem(object: KubeObject, dashIndent: number): string {
  const doc = new YAML.Document();
  doc.contents = createNode(doc, object as unknown as JsonValue) as typeof doc.contents;
  return indentAsItem(doc.toString(toStringOptions(false)), dashIndent);
}

/** Places a printed mapping under a `- ` at `dashIndent` columns. */
function indentAsItem(printed: string, dashIndent: number): string {
  const lines = printed.endsWith('\n') ? printed.slice(0, -1).split('\n') : printed.split('\n');
  const dash = `${' '.repeat(dashIndent)}- `;
  const rest = ' '.repeat(dashIndent + 2);
  return lines.map((line, index) => (index === 0 ? dash + line : line === '' ? '' : rest + line)).join('\n') + '\n';
}

/**
 * Whether the item's sequences are indented under their key ("wide") or level with it ("compact"),
 * as the first block sequence of its text shows. (kpt's seqindent annotation describes the file on
 * disk, which kpt re-formats itself; the stream is what must stay as it was.)
 */
function isWideSequenceStyle(body: string): boolean {
  const match = /^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- /m.exec(body);
  return match !== null && match[2].length > match[1].length;
}

function resultsAsJson(results: readonly Result[]): JsonValue {
  return results.map((result) => JSON.parse(JSON.stringify(result)) as JsonValue);
}

function resultsSection(results: readonly Result[]): string {
  if (results.length === 0) return '';
  const doc = new YAML.Document({ results: resultsAsJson(results) });
  quoteAmbiguousScalars(doc.contents as YAML.Node);
  return doc.toString(toStringOptions(false));
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
