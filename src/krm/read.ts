/**
 * Reading a ResourceList from text.
 *
 * Two readers share one result shape:
 * - the text reader handles the block-style YAML that kustomize and kpt write. It cuts the `items`
 *   sequence into one slice of text per item and parses each slice on its own, so an item the
 *   function does not change can be written back as the very bytes it came in as;
 * - the document reader parses the whole stream with the `yaml` package. It takes everything else
 *   (JSON, flow style, anchors across items, odd layouts) and reports syntax errors with positions.
 * The text reader gives up (returns undefined) whenever the input is not exactly what it expects,
 * so correctness never depends on it.
 */
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { FunctionInputError, errorResult } from './errors';
import type { KubeObject } from './types';
import { isPlainObject } from './types';
import { MAX_DEPTH, PARSE_OPTIONS, TO_JS_OPTIONS } from './yaml-options';

/** Where an item's text lives, so the writer can reproduce or re-print it. */
export type ItemSource =
  | {
      readonly kind: 'text';
      /** The item's original lines, byte for byte, including the comments and blank lines after it. */
      readonly verbatim: string;
      /** The item's mapping, de-indented so it parses as a document of its own. */
      readonly body: string;
      /** Comment and blank lines after the item (before the next one), kept verbatim when the item is re-printed. */
      readonly trailing: string;
      /** Columns before the item's `-`. */
      readonly dashIndent: number;
      /** 1-based line of the item's `-` in the input. */
      readonly firstLine: number;
    }
  | { readonly kind: 'node'; readonly node: YAML.YAMLMap };

export interface InputItem {
  /** Position in the input `items` list. */
  readonly position: number;
  /** The item as plain data (YAML 1.2 core schema). */
  readonly value: KubeObject;
  readonly source: ItemSource;
}

/** A top-level key of the ResourceList and its text, in input order. `key` is null for leading comments. */
export interface Section {
  readonly key: string | null;
  readonly text: string;
}

export type Layout =
  | {
      readonly kind: 'text';
      readonly sections: readonly Section[];
      /** Index in `sections` of the `items` section. */
      readonly itemsSection: number;
      /** The `items:` header line (with its newline). */
      readonly itemsHeader: string;
      /** Comment and blank lines between the header and the first item. */
      readonly itemsLead: string;
      /** Columns before each item's `-` (new items use the same). */
      readonly dashIndent: number;
    }
  | { readonly kind: 'document'; readonly doc: YAML.Document.Parsed };

export interface ParsedResourceList {
  readonly text: string;
  readonly layout: Layout;
  readonly apiVersion: string;
  readonly items: readonly InputItem[];
  /** The functionConfig as plain data; undefined when absent or null. */
  readonly functionConfig: unknown;
}

const RESOURCE_LIST_VERSIONS = new Set(['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1', 'config.kubernetes.io/v1alpha1']);

/**
 * Parses a ResourceList. Guarantees: every item is a mapping with string `apiVersion` and `kind`;
 * item order is the input order; for text layouts, concatenating the sections reproduces the input.
 * @throws FunctionInputError naming the position, line and field of anything that is not a ResourceList.
 */
export function readResourceList(text: string): ParsedResourceList {
  if (text.trim() === '') {
    throw new FunctionInputError(errorResult('empty input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin'));
  }
  const fast = readTextLayout(text);
  if (fast) return fast;
  return readDocumentLayout(text);
}

// ---------------------------------------------------------------------------------------------
// Text reader

const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?:[ \t]+(.*))?$/;
const ITEM_START = /^( *)-(?: +(.*))?$/;
/** Tokens that make a slice need the full YAML reader: anchors, aliases, tags, merge keys, directives. */
const NEEDS_FULL_READER = /(?:^|[\s[\]{},])[&*!][^\s]|<<[ \t]*:|^%/m;

interface ItemSlice {
  readonly start: number;
  readonly end: number;
}

function readTextLayout(text: string): ParsedResourceList | undefined {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  const lines = splitLines(text);
  // Top-level sections: a column-0 key line opens one; lines of other indentation continue it.
  const sections: { key: string | null; start: number; end: number; rest: string }[] = [];
  let current: { key: string | null; start: number; end: number; rest: string } = { key: null, start: 0, end: 0, rest: '' };
  let itemsOpen = false;
  let dashIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const content = stripNewline(line);
    if (content === '' || /^\s*#/.test(content) || /^\s+$/.test(content)) continue;
    if (content.startsWith(' ')) {
      if (current.key === null) return undefined;
      if (itemsOpen && dashIndent > 0 && indentOf(content) < dashIndent) return undefined;
      if (itemsOpen && dashIndent < 0) {
        const match = ITEM_START.exec(content);
        if (!match) return undefined;
        dashIndent = match[1].length;
      }
      continue;
    }
    if (itemsOpen && (content === '-' || content.startsWith('- '))) {
      if (dashIndent < 0) dashIndent = 0;
      else if (dashIndent !== 0) return undefined;
      continue;
    }
    // A block sequence at column 0 under another top-level key (`results:` of an earlier run) belongs to that section.
    if (!itemsOpen && current.key !== null && (content === '-' || content.startsWith('- '))) continue;
    if (content === '---' && sections.length === 0 && current.key === null) continue;
    const match = TOP_LEVEL_KEY.exec(content);
    if (!match) return undefined;
    current.end = i;
    if (current.key !== null || current.end > current.start) sections.push(current);
    current = { key: match[1], start: i, end: lines.length, rest: (match[2] ?? '').trim() };
    itemsOpen = current.key === 'items';
    if (itemsOpen && current.rest !== '' && !/^(\[\])?\s*(#.*)?$/.test(current.rest)) return undefined;
  }
  current.end = lines.length;
  sections.push(current);

  const keys = sections.map((section) => section.key).filter((key): key is string => key !== null);
  if (new Set(keys).size !== keys.length) return undefined; // duplicate keys: let the full reader report them
  const itemsSection = sections.findIndex((section) => section.key === 'items');
  if (itemsSection < 0) return undefined;
  const items = sections[itemsSection];
  const emptyFlow = items.rest.startsWith('[]');
  if (emptyFlow && dashIndent >= 0) return undefined;

  // Header fields (apiVersion, kind, functionConfig): small, parsed with the full reader.
  const headerText = sections
    .filter((section, index) => index !== itemsSection && section.key !== 'results')
    .map((section) => lines.slice(section.start, section.end).join(''))
    .join('');
  let header: unknown;
  try {
    header = YAML.parse(headerText, { ...PARSE_OPTIONS, maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  if (header !== null && header !== undefined && !isPlainObject(header)) return undefined;
  const headerObject = (header ?? {}) as Record<string, unknown>;

  // Item slices.
  const slices: ItemSlice[] = [];
  let leadEnd = items.end;
  if (!emptyFlow) {
    for (let i = items.start + 1; i < items.end; i++) {
      const content = stripNewline(lines[i]);
      if (dashIndent >= 0 && content.length > dashIndent && indentOf(content) === dashIndent && ITEM_START.test(content)) {
        if (slices.length === 0) leadEnd = i;
        else slices[slices.length - 1] = { start: slices[slices.length - 1].start, end: i };
        slices.push({ start: i, end: items.end });
      }
    }
  }
  const parsedItems: InputItem[] = [];
  for (const slice of slices) {
    const item = readTextItem(lines, slice, dashIndent, parsedItems.length);
    if (!item) return undefined;
    parsedItems.push(item);
  }
  const apiVersion = checkHeader(headerObject);
  const layoutSections: Section[] = sections.map((section) => ({ key: section.key, text: lines.slice(section.start, section.end).join('') }));
  return {
    text,
    apiVersion,
    items: parsedItems,
    functionConfig: normaliseFunctionConfig(headerObject.functionConfig),
    layout: {
      kind: 'text',
      sections: layoutSections,
      itemsSection,
      itemsHeader: lines[items.start],
      itemsLead: lines.slice(items.start + 1, leadEnd).join(''),
      dashIndent: dashIndent < 0 ? 0 : dashIndent,
    },
  };
}

function readTextItem(lines: readonly string[], slice: ItemSlice, dashIndent: number, position: number): InputItem | undefined {
  // Comments and blank lines at the end of a slice sit between items: they stay where they are.
  let bodyEnd = slice.end;
  while (bodyEnd > slice.start + 1 && isBlankOrComment(stripNewline(lines[bodyEnd - 1]))) bodyEnd--;
  const first = stripNewline(lines[slice.start]);
  const afterDash = first.slice(dashIndent + 1);
  const firstContent = afterDash.trimStart();
  let contentIndent: number;
  const bodyLines: string[] = [];
  if (firstContent === '' || firstContent.startsWith('#')) {
    // `-` or `- # comment` alone: the mapping starts on the next content line.
    let next = slice.start + 1;
    while (next < bodyEnd && isBlankOrComment(stripNewline(lines[next]))) next++;
    if (next >= bodyEnd) return undefined;
    contentIndent = indentOf(stripNewline(lines[next]));
    if (contentIndent <= dashIndent) return undefined;
    bodyLines.push(firstContent === '' ? '\n' : `${firstContent}\n`);
  } else {
    contentIndent = dashIndent + 1 + (afterDash.length - firstContent.length);
    bodyLines.push(`${firstContent}\n`);
  }
  for (let i = slice.start + 1; i < bodyEnd; i++) {
    const line = lines[i];
    const content = stripNewline(line);
    const indent = indentOf(content);
    if (indent >= contentIndent) bodyLines.push(`${content.slice(contentIndent)}\n`);
    else if (content.trim() === '') bodyLines.push('\n');
    else if (content.trimStart().startsWith('#')) bodyLines.push(`${content.trimStart()}\n`);
    else return undefined;
  }
  const body = bodyLines.join('');
  let value: unknown;
  if (NEEDS_FULL_READER.test(body)) {
    value = parseWithYaml(body);
  } else {
    try {
      value = jsyaml.load(body, { schema: jsyaml.CORE_SCHEMA, json: false });
    } catch {
      return undefined; // the full reader reports the error with its real position
    }
  }
  if (value === undefined || !isKubeObjectShape(value) || depthExceeds(value, MAX_DEPTH)) return undefined;
  return {
    position,
    value,
    source: {
      kind: 'text',
      verbatim: lines.slice(slice.start, slice.end).join(''),
      body,
      trailing: lines.slice(bodyEnd, slice.end).join(''),
      dashIndent,
      firstLine: slice.start + 1,
    },
  };
}

function parseWithYaml(body: string): unknown {
  const doc = YAML.parseDocument(body, PARSE_OPTIONS);
  if (doc.errors.length > 0) return undefined;
  try {
    return doc.toJS(TO_JS_OPTIONS);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Document reader

function readDocumentLayout(text: string): ParsedResourceList {
  let docs: YAML.Document.Parsed[];
  try {
    docs = YAML.parseAllDocuments(text, PARSE_OPTIONS) as YAML.Document.Parsed[];
  } catch (error) {
    throw new FunctionInputError(errorResult(`input is not valid YAML: ${describeError(error)}`));
  }
  if (!Array.isArray(docs)) {
    throw new FunctionInputError(errorResult('input is not valid YAML: it holds no document'));
  }
  const nonEmpty = docs.filter((doc) => doc.contents !== null || doc.errors.length > 0);
  if (nonEmpty.length === 0) {
    throw new FunctionInputError(errorResult('empty input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin'));
  }
  const doc = nonEmpty[0];
  const firstError = doc.errors[0];
  if (firstError) {
    throw new FunctionInputError(errorResult(`input is not valid YAML: ${yamlErrorMessage(firstError, text)}`));
  }
  if (nonEmpty.length > 1) {
    throw new FunctionInputError(errorResult(`expected exactly one ResourceList document on stdin, found ${nonEmpty.length} documents`));
  }
  let plain: unknown;
  try {
    plain = doc.toJS(TO_JS_OPTIONS);
  } catch (error) {
    throw new FunctionInputError(errorResult(`input cannot be read: ${describeError(error)} (alias expansion is limited to protect against alias bombs)`));
  }
  if (!isPlainObject(plain)) {
    throw new FunctionInputError(errorResult(`not a ResourceList: the input is a ${describeType(plain)}, expected a mapping with apiVersion: config.kubernetes.io/v1 and kind: ResourceList`));
  }
  if (depthExceeds(plain, MAX_DEPTH)) {
    throw new FunctionInputError(errorResult(`input nests deeper than ${MAX_DEPTH} levels; no Kubernetes object does`));
  }
  const apiVersion = checkHeader(plain);
  const itemsNode = doc.get('items', true);
  const itemsValue = plain.items;
  if (itemsValue === undefined) {
    throw new FunctionInputError(errorResult('not a ResourceList: the items field is missing', { field: { path: 'items' } }));
  }
  if (itemsValue !== null && !Array.isArray(itemsValue)) {
    throw new FunctionInputError(errorResult(`not a ResourceList: items must be a list, found a ${describeType(itemsValue)}`, { field: { path: 'items' } }));
  }
  const values = (itemsValue ?? []) as unknown[];
  const nodes = YAML.isSeq(itemsNode) ? itemsNode.items : [];
  const items: InputItem[] = values.map((value, position) => {
    const node = nodes[position];
    checkItem(value, position, YAML.isNode(node) && node.range ? lineOf(text, node.range[0]) : undefined);
    if (!YAML.isMap(node)) {
      throw new FunctionInputError(errorResult(`items[${position}] must be a mapping`, { field: { path: `items[${position}]` } }));
    }
    return { position, value: value as KubeObject, source: { kind: 'node', node } };
  });
  return { text, apiVersion, items, functionConfig: normaliseFunctionConfig(plain.functionConfig), layout: { kind: 'document', doc } };
}

// ---------------------------------------------------------------------------------------------
// Checks shared by both readers

function checkHeader(header: Record<string, unknown>): string {
  const { apiVersion, kind } = header;
  if (kind !== 'ResourceList') {
    throw new FunctionInputError(
      errorResult(`not a ResourceList: kind is ${JSON.stringify(kind ?? null)}, expected "ResourceList" (the KRM functions specification's input)`, {
        field: { path: 'kind', currentValue: kind === undefined ? null : (kind as never), proposedValue: 'ResourceList' },
      }),
    );
  }
  if (typeof apiVersion !== 'string' || !RESOURCE_LIST_VERSIONS.has(apiVersion)) {
    throw new FunctionInputError(
      errorResult(`unsupported ResourceList apiVersion ${JSON.stringify(apiVersion ?? null)}: expected config.kubernetes.io/v1`, {
        field: { path: 'apiVersion', currentValue: apiVersion === undefined ? null : (apiVersion as never), proposedValue: 'config.kubernetes.io/v1' },
      }),
    );
  }
  return apiVersion;
}

/** Names what is wrong with an item that is not a Kubernetes object. */
function checkItem(value: unknown, position: number, line: number | undefined): asserts value is KubeObject {
  const where = `items[${position}]${line ? ` (line ${line})` : ''}`;
  const fail = (message: string, field: string): never => {
    throw new FunctionInputError(errorResult(`${where}: ${message}`, { field: { path: `items[${position}]${field}` } }));
  };
  if (!isPlainObject(value)) fail(`expected a Kubernetes object (a mapping), found a ${describeType(value)}`, '');
  const object = value as Record<string, unknown>;
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') fail('apiVersion is missing or not a string', '.apiVersion');
  if (typeof object.kind !== 'string' || object.kind === '') fail('kind is missing or not a string', '.kind');
  if (object.metadata !== undefined && object.metadata !== null && !isPlainObject(object.metadata)) fail('metadata must be a mapping', '.metadata');
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const nameless = isKustomizationKind(object.apiVersion as string, object.kind as string);
  if (!nameless && (typeof metadata.name !== 'string' || metadata.name === '')) {
    fail(`${object.kind as string} has no metadata.name`, '.metadata.name');
  }
  for (const field of ['annotations', 'labels'] as const) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map)) fail(`metadata.${field} must be a mapping of strings`, `.metadata.${field}`);
    for (const [key, entry] of Object.entries(map as Record<string, unknown>)) {
      if (typeof entry !== 'string') fail(`metadata.${field}.${key} must be a string, found a ${describeType(entry)} (quote it)`, `.metadata.${field}.${key}`);
    }
  }
}

function isKubeObjectShape(value: unknown): value is KubeObject {
  try {
    checkItem(value, 0, undefined);
    return true;
  } catch {
    return false;
  }
}

/** Kustomization files carry no metadata.name; kpt passes them through as items. */
export function isKustomizationKind(apiVersion: string, kind: string): boolean {
  return (kind === 'Kustomization' || kind === 'Component') && apiVersion.startsWith('kustomize.config.k8s.io/');
}

function normaliseFunctionConfig(value: unknown): unknown {
  return value === null ? undefined : value;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line) => `${line}\n`);
  // The last element holds what follows the final newline; keep it without a newline of its own.
  const last = lines.pop() as string;
  if (last !== '\n') lines.push(last.slice(0, -1));
  return lines;
}

function stripNewline(line: string): string {
  return line.endsWith('\n') ? line.slice(0, -1) : line;
}

function indentOf(content: string): number {
  let count = 0;
  while (count < content.length && content.charCodeAt(count) === 32) count++;
  return count;
}

function isBlankOrComment(content: string): boolean {
  const trimmed = content.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > limit) return true;
    if (typeof node === 'object' && node !== null) {
      for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function yamlErrorMessage(error: YAML.YAMLError, text: string): string {
  const message = error.message.split('\n')[0];
  const offset = error.pos?.[0];
  if (offset === undefined) return message;
  const line = lineOf(text, offset);
  const column = offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
  return `line ${line}, column ${column}: ${message}`;
}

/** Describes a thrown value in one line, without a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof RangeError) return 'the input nests too deeply to be read';
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}

/** "list", "string", "number" … for messages about a value of the wrong type. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}
