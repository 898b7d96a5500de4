/**
 * Writing the output ResourceList. Untouched items are the input bytes; changed items are their own
 * YAML with only the changed nodes rewritten (see reconcile.ts); new items follow, in creation order;
 * the results replace any `results` the input had.
 */
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';
import { emitDocument } from './emit';
import { lineEndingOf, withLineEnding } from './line-endings';
import type { LineEnding } from './line-endings';
import { itemBody } from './read';
import type { ParsedResourceList, TextSource } from './read';
import { createNode, quoteAmbiguousScalars, reconcileNode } from './reconcile';
import type { ItemOutcome } from './resource-set';
import { spliceItem } from './splice';
import { editWithLeadingLines } from './leading-lines';
import type { ChangeTree } from './change-tree';
import type { JsonValue, KubeObject, Result } from './types';
import { printYamlDocument } from './yaml11';
import { parseYamlDocument, parseYamlDocuments, toStringOptions } from './yaml-options';

/** A piece of the output: text, or UTF-8 bytes (untouched items are their input bytes). */
export type OutputPart = string | Uint8Array;

/** A new item written already (text layouts print each Tutor instance's items as soon as it is done). */
export interface PrintedItem {
  readonly printed: OutputPart;
}

export interface OutputPlan {
  /** One outcome per input item, in input order. */
  readonly outcomes: readonly ItemOutcome[];
  readonly newObjects: readonly (KubeObject | PrintedItem)[];
  readonly results: readonly Result[];
}

/**
 * The outcome of an input item with its output text, for a text layout: after this the item's value
 * is no longer needed. Other outcomes and layouts are returned as they are.
 */
export function printOutcome(outcome: ItemOutcome): ItemOutcome {
  if (outcome.kind !== 'changed' || outcome.input.source.kind !== 'text') return outcome;
  const source = outcome.input.source;
  // As UTF-8 bytes: outside the JavaScript heap, and half the size of a two-byte string.
  return { kind: 'printed', input: outcome.input, part: Buffer.from(printChangedTextItem(source, outcome.value, outcome.changes), 'utf8') };
}

/** A new object as an item of a text layout with its dashes at `dashIndent`, in the list's line ending. */
export function printNewObject(object: KubeObject, dashIndent: number, lineEnding: LineEnding = '\n'): PrintedItem {
  return { printed: Buffer.from(withLineEnding(printNewItem(object, dashIndent), lineEnding), 'utf8') };
}

/**
 * Serialises the output. With no changes, no new items and no results, the output is the input, byte
 * for byte.
 */
export function writeResourceList(input: ParsedResourceList, plan: OutputPlan): string {
  return partsToString(writeResourceListParts(input, plan));
}

/** {@link writeResourceList} as pieces to write one after the other (no copy of the whole output). */
export function writeResourceListParts(input: ParsedResourceList, plan: OutputPlan): OutputPart[] {
  const untouched = plan.outcomes.every((outcome) => outcome.kind === 'unchanged') && plan.newObjects.length === 0;
  if (untouched && plan.results.length === 0 && !hasResultsSection(input)) return [input.bytes];
  return input.layout.kind === 'text' ? writeTextLayout(input, plan) : [writeDocumentLayout(input, plan)];
}

/** The output as one string. */
export function partsToString(parts: readonly OutputPart[]): string {
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part))).toString('utf8');
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
  const doc = parseYamlDocument(text);
  const contents = doc.contents;
  const lineEnding = lineEndingOf(text) ?? '\n';
  if (yaml().isMap(contents) && !contents.flow && !contents.has('results')) {
    const appended = ensureNewline(text, lineEnding) + withLineEnding(resultsSection(results), lineEnding);
    // Appending is only right when it leaves one document with the same items (no `...` or `---` at the end).
    const check = parseYamlDocuments(appended);
    if (check.length === 1 && check[0].errors.length === 0 && yaml().isMap(check[0].contents) && check[0].contents.has('results')) return appended;
  }
  if (!yaml().isMap(contents)) return writeEmptyResourceList(results);
  doc.set('results', createNode(doc, resultsAsJson(results)));
  return withLineEnding(contents.flow ? printAsJson(doc) : printYamlDocument(doc, toStringOptions(false)), lineEnding);
}

/**
 * Prints a document that came in as JSON as JSON: flow collections and double-quoted strings and
 * keys, also for the nodes drydock-fn added (the `yaml` printer writes new nodes in block style).
 */
function printAsJson(doc: YAML.Document): string {
  yaml().visit(doc, {
    Map(_key, node) {
      node.flow = true;
    },
    Seq(_key, node) {
      node.flow = true;
    },
    Pair(_key, pair) {
      // Keys set from plain strings (doc.set) are not nodes yet.
      if (!yaml().isNode(pair.key)) pair.key = new (yaml().Scalar)(pair.key);
    },
    Scalar(_key, node) {
      if (typeof node.value === 'string') node.type = 'QUOTE_DOUBLE';
    },
  });
  return printYamlDocument(doc, { ...toStringOptions(false), doubleQuotedAsJSON: true });
}

function hasResultsSection(input: ParsedResourceList): boolean {
  if (input.layout.kind === 'text') return input.layout.sections.some((section) => section.key === 'results');
  return input.layout.doc.has('results');
}

function writeTextLayout(input: ParsedResourceList, plan: OutputPlan): OutputPart[] {
  const layout = input.layout;
  if (layout.kind !== 'text') throw new Error('text layout expected');
  // What drydock-fn adds to the list (new items, results, line breaks) is in the list's line ending.
  const lineEnding = input.lineEnding;
  const parts: OutputPart[] = [];
  layout.sections.forEach((section, index) => {
    if (section.key === 'results') return;
    if (index !== layout.itemsSection) {
      parts.push(section.text);
      return;
    }
    const items: OutputPart[] = [];
    for (const outcome of plan.outcomes) {
      const source = outcome.input.source;
      if (source.kind !== 'text') throw new Error('text item expected');
      if (outcome.kind === 'unchanged') items.push(source.bytes);
      else if (outcome.kind === 'printed') items.push(outcome.part);
      else if (outcome.kind === 'changed') items.push(printChangedTextItem(source, outcome.value, outcome.changes));
    }
    for (const object of plan.newObjects) items.push(isPrinted(object) ? object.printed : withLineEnding(printNewItem(object, layout.dashIndent), lineEnding));
    const header = items.length > 0 && /^items:\s*\[\]/.test(layout.itemsHeader) ? `items:${lineEnding}` : layout.itemsHeader;
    parts.push(ensureNewline(header, lineEnding), layout.itemsLead, ...items);
  });
  if (plan.results.length > 0) {
    if (!endsWithNewline(parts)) parts.push(lineEnding);
    parts.push(withLineEnding(resultsSection(plan.results), lineEnding));
  }
  return parts;
}

/** Whether the text the parts make ends with a line break (or is empty). */
function endsWithNewline(parts: readonly OutputPart[]): boolean {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part.length === 0) continue;
    return typeof part === 'string' ? part.endsWith('\n') : part[part.length - 1] === 10;
  }
  return true;
}

function writeDocumentLayout(input: ParsedResourceList, plan: OutputPlan): string {
  const layout = input.layout;
  if (layout.kind !== 'document') throw new Error('document layout expected');
  const doc = layout.doc;
  let itemsNode = doc.get('items', true);
  if (!yaml().isSeq(itemsNode)) {
    itemsNode = new (yaml().YAMLSeq)();
    doc.set('items', itemsNode);
  }
  const seq = itemsNode as YAML.YAMLSeq;
  const kept: unknown[] = [];
  for (const outcome of plan.outcomes) {
    const source = outcome.input.source;
    if (source.kind !== 'node') throw new Error('node item expected');
    if (outcome.kind === 'unchanged') kept.push(source.node);
    else if (outcome.kind === 'changed') kept.push(reconcileNode(doc, source.node, outcome.value as unknown as JsonValue));
    else if (outcome.kind === 'printed') throw new Error('printed outcomes belong to text layouts');
  }
  for (const object of plan.newObjects) {
    if (isPrinted(object)) throw new Error('printed items belong to text layouts');
    kept.push(createNode(doc, object as unknown as JsonValue));
  }
  seq.items = kept;
  if (plan.results.length > 0) doc.set('results', createNode(doc, resultsAsJson(plan.results)));
  else doc.delete('results');
  // JSON in, JSON out: a reader of JSON need not read YAML.
  if (yaml().isMap(doc.contents) && doc.contents.flow) return withLineEnding(printAsJson(doc), input.lineEnding);
  return withLineEnding(printYamlDocument(doc, toStringOptions(false)), input.lineEnding);
}

function isPrinted(item: KubeObject | PrintedItem): item is PrintedItem {
  const printed = (item as Partial<PrintedItem>).printed;
  return typeof printed === 'string' || printed instanceof Uint8Array;
}

/**
 * Writes a changed item from its own text: spliced where the text allows it (only the changed pairs
 * are printed again), else re-printed whole through `yaml`, so only what changed is rewritten either
 * way; in the line ending of the item's first line, followed by the lines after it as they came in.
 */
function printChangedTextItem(source: TextSource, value: KubeObject, changes: ChangeTree): string {
  return withLineEnding(printChangedBody(source, value, changes), source.lineEnding) + source.trailing;
}

function printChangedBody(source: TextSource, value: KubeObject, changes: ChangeTree): string {
  const text = source.body;
  let wide: boolean | undefined;
  const wideSequences = (): boolean => (wide ??= isWideSequenceStyle(text));
  const spliced = spliceItem(text, value as unknown as JsonValue, changes, wideSequences);
  if (spliced !== undefined) return spliced;
  const body = itemBody(source);
  const doc = parseYamlDocument(body);
  const wideBody = isWideSequenceStyle(body);
  editWithLeadingLines(doc, body, !wideBody, () => {
    doc.contents = reconcileNode(doc, doc.contents, value as unknown as JsonValue) as typeof doc.contents;
  });
  return indentAsItem(printYamlDocument(doc, toStringOptions(wideBody)), source.dashIndent);
}

function printNewItem(object: KubeObject, dashIndent: number): string {
  return indentAsItem(printNewDocument(object), dashIndent);
}

/** A new object as a YAML document of its own (ending in a newline), as new items are printed. */
export function printNewDocument(object: KubeObject): string {
  const fast = emitDocument(object as unknown as JsonValue, false);
  if (fast !== undefined) return fast;
  const doc = new (yaml().Document)();
  doc.contents = createNode(doc, object as unknown as JsonValue) as typeof doc.contents;
  return printYamlDocument(doc, toStringOptions(false));
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
  const value = { results: resultsAsJson(results) };
  const fast = emitDocument(value, false);
  if (fast !== undefined) return fast;
  const doc = new (yaml().Document)(value);
  quoteAmbiguousScalars(doc.contents as YAML.Node);
  return printYamlDocument(doc, toStringOptions(false));
}

function ensureNewline(text: string, lineEnding: LineEnding): string {
  return text === '' || text.endsWith('\n') ? text : `${text}${lineEnding}`;
}
