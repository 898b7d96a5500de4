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
import { LOCAL_CONFIG_ANNOTATION, isLocalConfigValue } from './annotations';
import { codeOf } from './codes';
import type { ResultCode } from './codes';
import { FunctionInputError, errorResult } from './errors';
import type { KubeObject, Result } from './types';
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
 * @throws FunctionInputError naming the position, line and field of anything that is not a ResourceList;
 *   InvalidItemsError (a FunctionInputError) when the list was read but an item is not a Kubernetes
 *   object or two items share an identity.
 */
export function readResourceList(text: string): ParsedResourceList {
  if (text.trim() === '') {
    throw new FunctionInputError(errorResult('INPUT_EMPTY', 'empty input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin'));
  }
  const parsed = readTextLayout(text) ?? readDocumentLayout(text);
  const duplicates = duplicateIdProblems(parsed.items);
  if (duplicates.length > 0) throw new InvalidItemsError(limitProblems(duplicates), text);
  return parsed;
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
    value = parseWithYaml(body, slice, contentIndent);
  } else {
    try {
      value = jsyaml.load(body, { schema: jsyaml.CORE_SCHEMA, json: false });
    } catch {
      // js-yaml is stricter in places: the `yaml` reader decides, and names the position.
      value = parseWithYaml(body, slice, contentIndent);
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

/** Errors of one item's text that the whole document would have too (anything but tags and directives, which depend on the document). */
const LOCAL_SYNTAX_ERROR = (error: YAML.YAMLError): boolean => !['TAG_RESOLVE_FAILED', 'BAD_DIRECTIVE', 'MULTIPLE_DOCS'].includes(error.code);

/**
 * Parses one item's text with `yaml`. A syntax error inside the item is an error of the input, reported
 * at once with its line and column in the input (so a 50 MB list with one bad item is not parsed
 * again as a whole); anything else the item cannot settle alone (aliases to other items) gives
 * undefined, and the full reader takes over.
 */
function parseWithYaml(body: string, slice: ItemSlice, contentIndent: number): unknown {
  const doc = YAML.parseDocument(body, PARSE_OPTIONS);
  const error = doc.errors[0];
  if (error) {
    if (!LOCAL_SYNTAX_ERROR(error)) return undefined;
    const offset = error.pos?.[0] ?? 0;
    const lineInBody = lineOf(body, offset);
    const lineStart = body.lastIndexOf('\n', offset - 1) + 1;
    // Body lines lost the item's indentation, except empty ones (the end of the input, for an unclosed quote).
    const indent = body[lineStart] === '\n' || lineStart >= body.length ? 0 : contentIndent;
    const column = offset - lineStart + 1;
    throw new FunctionInputError(yamlErrorResult(error, `line ${slice.start + lineInBody}, column ${column + indent}`));
  }
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
    throw new FunctionInputError(unreadable(error));
  }
  if (!Array.isArray(docs)) {
    throw new FunctionInputError(errorResult('INPUT_YAML_SYNTAX', 'input is not valid YAML: it holds no document'));
  }
  const nonEmpty = docs.filter((doc) => doc.contents !== null || doc.errors.length > 0);
  if (nonEmpty.length === 0) {
    throw new FunctionInputError(errorResult('INPUT_EMPTY', 'empty input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin'));
  }
  const doc = nonEmpty[0];
  const firstError = doc.errors[0];
  if (firstError) throw new FunctionInputError(syntaxError(firstError, text));
  if (nonEmpty.length > 1) {
    throw new FunctionInputError(errorResult('INPUT_MULTIPLE_DOCUMENTS', `expected exactly one ResourceList document on stdin, found ${nonEmpty.length} documents`));
  }
  let plain: unknown;
  try {
    plain = doc.toJS(TO_JS_OPTIONS);
  } catch (error) {
    throw new FunctionInputError(unreadable(error));
  }
  if (!isPlainObject(plain)) {
    throw new FunctionInputError(
      errorResult('INPUT_NOT_RESOURCE_LIST', `not a ResourceList: the input is a ${describeType(plain)}, expected a mapping with apiVersion: config.kubernetes.io/v1 and kind: ResourceList`),
    );
  }
  if (depthExceeds(plain, MAX_DEPTH)) {
    throw new FunctionInputError(errorResult('INPUT_TOO_DEEP', `input nests deeper than ${MAX_DEPTH} levels; no Kubernetes object does`));
  }
  const apiVersion = checkHeader(plain);
  const itemsNode = doc.get('items', true);
  const itemsValue = plain.items;
  if (itemsValue === undefined) {
    throw new FunctionInputError(errorResult('INPUT_ITEMS_INVALID', 'not a ResourceList: the items field is missing', { field: { path: 'items' } }));
  }
  if (itemsValue !== null && !Array.isArray(itemsValue)) {
    throw new FunctionInputError(errorResult('INPUT_ITEMS_INVALID', `not a ResourceList: items must be a list, found a ${describeType(itemsValue)}`, { field: { path: 'items' } }));
  }
  const values = (itemsValue ?? []) as unknown[];
  const nodes = YAML.isSeq(itemsNode) ? itemsNode.items : [];
  const items: InputItem[] = [];
  const problems: Result[] = [];
  values.forEach((value, position) => {
    const node = nodes[position];
    const problem =
      itemProblem(value, position, () => (YAML.isNode(node) && node.range ? lineOf(text, node.range[0]) : undefined)) ??
      (YAML.isMap(node) ? undefined : errorResult('ITEM_NOT_OBJECT', `items[${position}] must be a mapping`, { field: { path: `items[${position}]` } }));
    if (problem) problems.push(problem);
    else items.push({ position, value: value as KubeObject, source: { kind: 'node', node: node as YAML.YAMLMap } });
  });
  if (problems.length > 0) throw new InvalidItemsError(limitProblems(problems), text);
  return { text, apiVersion, items, functionConfig: normaliseFunctionConfig(plain.functionConfig), layout: { kind: 'document', doc } };
}

/** At most this many item problems are reported (a list of 10,000 scalars needs no 10,000 lines). */
const MAX_ITEM_PROBLEMS = 20;

function limitProblems(problems: Result[]): Result[] {
  if (problems.length <= MAX_ITEM_PROBLEMS) return problems;
  const rest = problems.length - MAX_ITEM_PROBLEMS;
  return [...problems.slice(0, MAX_ITEM_PROBLEMS), errorResult(codeOf(problems[MAX_ITEM_PROBLEMS]) ?? 'ITEM_NOT_OBJECT', `${rest} more item${rest === 1 ? '' : 's'} with problems not listed`)];
}

/** The result for a syntax error of the `yaml` reader, with its line and column. */
function syntaxError(error: YAML.YAMLError, text: string): Result {
  return yamlErrorResult(error, positionOf(error, text));
}

/** The result for a reader error at `where` ("line L, column C"). */
function yamlErrorResult(error: YAML.YAMLError, where: string | undefined): Result {
  if (/call stack/i.test(error.message)) return errorResult('INPUT_TOO_DEEP', `input nests too deeply to be read${where ? ` (${where})` : ''}; no Kubernetes object does`);
  const code = error.code === 'DUPLICATE_KEY' ? 'INPUT_DUPLICATE_KEY' : 'INPUT_YAML_SYNTAX';
  return errorResult(code, `input is not valid YAML: ${where ? `${where}: ` : ''}${error.message.split('\n')[0]}`);
}

/** The result for an exception of the `yaml` reader (alias limits, stack exhaustion). */
function unreadable(error: unknown): Result {
  if (error instanceof RangeError) return errorResult('INPUT_TOO_DEEP', 'input nests too deeply to be read; no Kubernetes object does');
  const message = describeError(error);
  if (/excessive alias|resource exhaustion/i.test(message)) {
    return errorResult('INPUT_ALIAS_LIMIT', `input cannot be read: ${message} (alias and merge-key expansion is limited to protect against alias bombs)`);
  }
  return errorResult('INPUT_YAML_SYNTAX', `input is not valid YAML: ${message}`);
}

/**
 * Items that are not Kubernetes objects, or two items with one identity. The ResourceList itself was
 * read, so the output can hold the input items as they came in, with the results.
 */
export class InvalidItemsError extends FunctionInputError {
  constructor(
    results: readonly Result[],
    /** The input text, to be echoed. */
    readonly text: string,
  ) {
    super(results);
    this.name = 'InvalidItemsError';
  }
}

/**
 * Two items with the same group, kind, namespace and name would make every "the lms Deployment" of a
 * feature ambiguous: an error naming both. Local-config items and Kustomizations (no name) are not
 * deployed and are left out.
 */
function duplicateIdProblems(items: readonly InputItem[]): Result[] {
  const seen = new Map<string, number>();
  const problems: Result[] = [];
  for (const item of items) {
    const object = item.value;
    const annotations = object.metadata?.annotations ?? {};
    if (isKustomizationKind(object.apiVersion, object.kind) || isLocalConfigValue(annotations[LOCAL_CONFIG_ANNOTATION])) continue;
    const slash = object.apiVersion.indexOf('/');
    const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
    const namespace = object.metadata.namespace ?? '';
    const id = JSON.stringify([group, object.kind, namespace, object.metadata.name]);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, item.position);
      continue;
    }
    problems.push(
      errorResult('ITEM_DUPLICATE_ID', `items[${item.position}]: ${object.kind} ${object.metadata.name}${namespace ? ` (namespace ${namespace})` : ''} is also items[${first}]: every resource must appear once`, {
        resourceRef: { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, ...(namespace ? { namespace } : {}) },
        field: { path: `items[${item.position}].metadata.name` },
      }),
    );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Checks shared by both readers

function checkHeader(header: Record<string, unknown>): string {
  const { apiVersion, kind } = header;
  if (kind !== 'ResourceList') {
    throw new FunctionInputError(
      errorResult('INPUT_NOT_RESOURCE_LIST', `not a ResourceList: kind is ${JSON.stringify(kind ?? null)}, expected "ResourceList" (the KRM functions specification's input)`, {
        field: { path: 'kind', currentValue: kind === undefined ? null : (kind as never), proposedValue: 'ResourceList' },
      }),
    );
  }
  if (typeof apiVersion !== 'string' || !RESOURCE_LIST_VERSIONS.has(apiVersion)) {
    throw new FunctionInputError(
      errorResult('INPUT_API_VERSION', `unsupported ResourceList apiVersion ${JSON.stringify(apiVersion ?? null)}: expected config.kubernetes.io/v1`, {
        field: { path: 'apiVersion', currentValue: apiVersion === undefined ? null : (apiVersion as never), proposedValue: 'config.kubernetes.io/v1' },
      }),
    );
  }
  return apiVersion;
}

/** What is wrong with an item that is not a Kubernetes object, or undefined when it is one. */
function itemProblem(value: unknown, position: number, lineOfItem: () => number | undefined): Result | undefined {
  const fail = (code: ResultCode, message: string, field: string): Result => {
    // The line is only looked up for the message: counting lines for every item would be quadratic.
    const line = lineOfItem();
    const where = `items[${position}]${line ? ` (line ${line})` : ''}`;
    return errorResult(code, `${where}: ${message}`, { field: { path: `items[${position}]${field}` } });
  };
  if (!isPlainObject(value)) return fail('ITEM_NOT_OBJECT', `expected a Kubernetes object (a mapping), found a ${describeType(value)}`, '');
  const object = value as Record<string, unknown>;
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') return fail('ITEM_MISSING_FIELD', 'apiVersion is missing or not a string', '.apiVersion');
  if (typeof object.kind !== 'string' || object.kind === '') return fail('ITEM_MISSING_FIELD', 'kind is missing or not a string', '.kind');
  if (object.metadata !== undefined && object.metadata !== null && !isPlainObject(object.metadata)) return fail('ITEM_INVALID_METADATA', 'metadata must be a mapping', '.metadata');
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const nameless = isKustomizationKind(object.apiVersion as string, object.kind as string);
  if (!nameless && (typeof metadata.name !== 'string' || metadata.name === '')) {
    return fail('ITEM_MISSING_FIELD', `${object.kind as string} has no metadata.name`, '.metadata.name');
  }
  if (metadata.namespace !== undefined && metadata.namespace !== null && typeof metadata.namespace !== 'string') {
    return fail('ITEM_INVALID_METADATA', `metadata.namespace must be a string, found a ${describeType(metadata.namespace)}`, '.metadata.namespace');
  }
  for (const field of ['annotations', 'labels'] as const) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map)) return fail('ITEM_INVALID_METADATA', `metadata.${field} must be a mapping of strings`, `.metadata.${field}`);
    for (const [key, entry] of Object.entries(map as Record<string, unknown>)) {
      if (typeof entry !== 'string') return fail('ITEM_INVALID_METADATA', `metadata.${field}.${key} must be a string, found a ${describeType(entry)} (quote it)`, `.metadata.${field}.${key}`);
    }
  }
  return undefined;
}

function isKubeObjectShape(value: unknown): value is KubeObject {
  return itemProblem(value, 0, () => undefined) === undefined;
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

/** "line L, column C" of a syntax error, or undefined when the reader gave no position. */
function positionOf(error: YAML.YAMLError, text: string): string | undefined {
  const offset = error.pos?.[0];
  if (offset === undefined) return undefined;
  const line = lineOf(text, offset);
  const column = offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
  return `line ${line}, column ${column}`;
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
