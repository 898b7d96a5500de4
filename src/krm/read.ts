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
 * so correctness never depends on it. It reads CRLF line breaks as LF and keeps the input's bytes
 * for writing (see line-endings.ts).
 */
import * as jsyaml from 'js-yaml';
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';
import { groupOf, isLocalConfig, refOf } from './object';
import { codeOf } from './codes';
import type { ResultCode } from './codes';
import { FunctionInputError, errorResult } from './errors';
import { lfBytes, lineEndingIn, withoutLoneCarriageReturns } from './line-endings';
import type { LfBytes, LineEnding } from './line-endings';
import type { KubeObject, Result } from './types';
import { isPlainObject } from './types';
import { KEEP_CHOMPING_HEADER, closingQuoteIn } from './text-scan';
import { firstUnportableCharacter, hasLineSeparators, readLineSeparatorsAsYaml11, unportableCharacterProblem } from './yaml11';
import { MAX_DEPTH, PARSE_OPTIONS, TO_JS_OPTIONS } from './yaml-options';

/** Where an item's text lives, so the writer can reproduce or re-print it. */
export type ItemSource = TextSource | { readonly kind: 'node'; readonly node: YAML.YAMLMap };

/** An item of a text layout: its bytes in the input. */
export class TextSource {
  readonly kind = 'text' as const;

  /**
   * @param bytes the item's lines as they came in, from its dash to the next item (the comment and
   *   blank lines after it included)
   * @param trailingLength bytes of comment and blank lines at the end of `bytes`
   * @param dashIndent columns before the item's `-`
   * @param bodyBytes the item without those lines, as read: `bytes` with every CRLF as LF
   * @param lineEnding the ending of the item's first line: a changed item is written in it
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly trailingLength: number,
    readonly dashIndent: number,
    private readonly bodyBytes: Uint8Array = bytes.subarray(0, bytes.length - trailingLength),
    readonly lineEnding: LineEnding = '\n',
  ) {}

  /** The item's original lines, byte for byte, including the comments and blank lines after it. */
  get verbatim(): string {
    return utf8(this.bytes, 0, this.bytes.length);
  }

  /** The item without the comment and blank lines after it, with LF line breaks. */
  get body(): string {
    return utf8(this.bodyBytes, 0, this.bodyBytes.length);
  }

  /** Comment and blank lines after the item (before the next one), kept verbatim when the item is re-printed. */
  get trailing(): string {
    return utf8(this.bytes, this.bytes.length - this.trailingLength, this.bytes.length);
  }
}

/** The item's mapping without its trailing lines, shifted left so that it parses as a document of its own. */
export function itemBody(source: TextSource): string {
  return unindentItem(source.body, source.dashIndent);
}

/**
 * The item's lines as they came in (the lines after it and CRLF line breaks included), shifted left:
 * the document `drydock-fn render` prints for an item.
 */
export function itemDocument(source: TextSource): string {
  return unindentItem(source.verbatim, source.dashIndent);
}

/** An item's text with its dash at `dashIndent`, shifted left; each line keeps its line ending. */
function unindentItem(text: string, dashIndent: number): string {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const endings = lines.map((line) => (line.endsWith('\r') ? '\r' : ''));
  const bare = lines.map((line, index) => (endings[index] ? line.slice(0, -1) : line));
  const first = bare[0].slice(dashIndent + 1);
  const firstContent = first.trimStart();
  let contentIndent = dashIndent + 1 + (first.length - firstContent.length);
  if (firstContent === '' || firstContent.startsWith('#')) {
    const next = bare.slice(1).find((line) => !isBlankOrComment(line));
    contentIndent = next === undefined ? dashIndent + 2 : indentOf(next);
  }
  const out = [firstContent];
  for (const line of bare.slice(1)) {
    if (indentOf(line) >= contentIndent) out.push(line.slice(contentIndent));
    else out.push(line.trim() === '' ? '' : line.trimStart());
  }
  const unindented = `${out.map((line, index) => line + endings[index]).join('\n')}\n`;
  // A raw U+2028 or U+2029 (as kustomize writes them) is a line break to YAML 1.1: the line after it loses the indentation too.
  return hasLineSeparators(unindented) ? unindented.replace(new RegExp(`([\\u2028\\u2029]) {${contentIndent}}`, 'g'), '$1') : unindented;
}

export interface InputItem {
  /** Position in the input `items` list. */
  readonly position: number;
  /**
   * apiVersion, kind and metadata of the item, checked (strings, a name). Read without the rest of the
   * item where the text allows it, so a run can sort items (by Tutor instance) before reading them whole.
   */
  readonly header: KubeObject;
  /**
   * The item as plain data (YAML 1.2 core schema), read on first use and kept until {@link release}.
   * @throws UnreadableItemError when the text reader cannot read the item after all (the caller then
   *   reads the whole input with the document reader, which reports the problem).
   */
  readonly value: KubeObject;
  /** Forgets the value read (it is read again on the next use). The caller must hold no reference to it. */
  release(): void;
  readonly source: ItemSource;
}

/** An item the text reader could cut but not read: the input must go through the document reader. */
export class UnreadableItemError extends Error {}

/**
 * A syntax error inside one item, found when the item is read (with its line and column in the input):
 * the input is not valid YAML, and no item can be trusted.
 */
export class ItemSyntaxError extends FunctionInputError {}

/** A top-level key of the ResourceList and its text, in input order. `key` is null for leading comments. */
export interface Section {
  readonly key: string | null;
  readonly text: string;
}

export type Layout =
  | {
      readonly kind: 'text';
      /** The sections; the text of the `items` section is not kept (the items hold it). */
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
  /** The input, as UTF-8 bytes (a text layout copies untouched items from them). */
  readonly bytes: Uint8Array;
  readonly layout: Layout;
  readonly apiVersion: string;
  readonly items: readonly InputItem[];
  /** The functionConfig as plain data; undefined when absent or null. */
  readonly functionConfig: unknown;
  /** The line ending of text drydock-fn adds to the list (new items, results): the `items:` line's, else the first line's. */
  readonly lineEnding: LineEnding;
}

export interface ReadOptions {
  /**
   * Read each item's full value only when it is first used (the default reads every item at once, so
   * that any problem is reported here). A lazy caller must be ready for {@link UnreadableItemError}.
   */
  readonly lazy?: boolean;
}

const RESOURCE_LIST_VERSIONS = new Set(['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1', 'config.kubernetes.io/v1alpha1']);

/** UTF-8 text of bytes[start, end). */
function utf8(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start, end);
}

/** The input as bytes, without a UTF-8 byte order mark. */
function inputBytes(input: string | Uint8Array): Buffer {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/**
 * Parses a ResourceList (text, or UTF-8 bytes already checked to be UTF-8). Guarantees: every item is
 * a mapping with string `apiVersion` and `kind`; item order is the input order; for text layouts, the
 * sections, the items header and lead and the items' bytes reproduce the input.
 * @throws FunctionInputError naming the position, line and field of anything that is not a ResourceList
 *   (an {@link ItemSyntaxError} for a syntax error inside one item); InvalidItemsError (a
 *   FunctionInputError) when the list was read but an item is not a Kubernetes object or two items
 *   share an identity.
 */
export function readResourceList(input: string | Uint8Array, options: ReadOptions = {}): ParsedResourceList {
  const bytes = inputBytes(input);
  if (utf8(bytes, 0, Math.min(bytes.length, 4096)).trim() === '' && utf8(bytes, 0, bytes.length).trim() === '') {
    throw new FunctionInputError(errorResult('INPUT_EMPTY', 'empty input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin'));
  }
  refuseUnportableCharacters(bytes);
  const parsed = readLayout(bytes, options);
  const duplicates = duplicateIdProblems(parsed.items);
  if (duplicates.length > 0) throw new InvalidItemsError(limitProblems(duplicates), utf8(bytes, 0, bytes.length));
  return parsed;
}

function readLayout(bytes: Buffer, options: ReadOptions): ParsedResourceList {
  const fast = readTextLayout(bytes);
  if (fast) {
    if (options.lazy) return fast;
    try {
      for (const item of fast.items) void item.value;
      return fast;
    } catch (error) {
      if (!(error instanceof UnreadableItemError)) throw error;
    }
  }
  return readDocumentLayout(bytes);
}

/** Reads a ResourceList with the document reader only (what the text reader falls back to). */
export function readResourceListAsDocument(input: string | Uint8Array): ParsedResourceList {
  const bytes = inputBytes(input);
  refuseUnportableCharacters(bytes);
  return readDocumentLayout(bytes);
}

/**
 * Input that holds a raw character YAML 1.1 readers read otherwise (U+0085, U+2028, U+2029, which
 * kustomize, kpt and Argo CD read as line breaks) or refuse (control characters): an error naming the
 * line, the column, the character and the item it is in, before either reader reads anything, so that
 * both readers answer the same. kustomize and kpt never send such characters raw (their printer
 * escapes them); hand-written files given to `render` can hold them.
 * @throws InvalidItemsError (the items come back as they came in)
 */
function refuseUnportableCharacters(bytes: Buffer): void {
  const found = findUnportableCharacter(bytes);
  if (!found) return;
  const item = itemAt(bytes, found.offset);
  const header = item?.header;
  const result =
    item && header
      ? errorResult('INPUT_UNPORTABLE_CHARACTER', `items[${item.position}] (${header.kind}${header.metadata?.name ? ` ${header.metadata.name}` : ''}), ${found.where}: ${found.problem}`, {
          ...(header.metadata?.name
            ? { resourceRef: refOf(header) }
            : {}),
          field: { path: `items[${item.position}]` },
        })
      : errorResult('INPUT_UNPORTABLE_CHARACTER', `${found.where}: ${found.problem}`);
  throw new InvalidItemsError([result], utf8(bytes, 0, bytes.length));
}

/**
 * The first raw character of UTF-8 text that YAML 1.1 readers read otherwise or refuse (see
 * {@link firstUnportableCharacter}; U+2028 and U+2029 are read where kustomize writes them, see
 * {@link readLineSeparatorsAsYaml11}): its byte offset, "line L, column C", and what is wrong with it.
 */
export function findUnportableCharacter(bytes: Uint8Array): { offset: number; where: string; problem: string } | undefined {
  let offset = firstUnportableCharacter(bytes, false);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.indexOf(LINE_SEPARATOR_BYTES) >= 0 || buffer.indexOf(PARAGRAPH_SEPARATOR_BYTES) >= 0) {
    const text = utf8(bytes, 0, bytes.length);
    const docs = yaml().parseAllDocuments(text, PARSE_OPTIONS);
    const refused = readLineSeparatorsAsYaml11(Array.isArray(docs) ? docs : [], text);
    if (refused !== undefined) {
      const refusedAt = Buffer.byteLength(text.slice(0, refused), 'utf8');
      if (offset < 0 || refusedAt < offset) offset = refusedAt;
    }
  }
  if (offset < 0) return undefined;
  const before = utf8(bytes, 0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const char = String.fromCodePoint(utf8(bytes, offset, Math.min(offset + 4, bytes.length)).codePointAt(0) as number);
  return { offset, where: `line ${lineOf(before, before.length)}, column ${before.length - lineStart + 1}`, problem: unportableCharacterProblem(char) };
}

const LINE_SEPARATOR_BYTES = Buffer.from('\u2028', 'utf8');
const PARAGRAPH_SEPARATOR_BYTES = Buffer.from('\u2029', 'utf8');

/** The item whose text holds the byte at `offset`, when the input reads as a ResourceList at all. */
function itemAt(bytes: Buffer, offset: number): InputItem | undefined {
  try {
    const layout = readTextLayout(bytes);
    if (layout) {
      return layout.items.find((item) => {
        const source = item.source as TextSource;
        const start = source.bytes.byteOffset - bytes.byteOffset;
        return offset >= start && offset < start + source.bytes.length;
      });
    }
    const document = readDocumentLayout(bytes);
    const at = utf8(bytes, 0, offset).length;
    return document.items.find((item) => item.source.kind === 'node' && item.source.node.range && at >= item.source.node.range[0] && at < item.source.node.range[2]);
  } catch {
    return undefined;
  }
}

/** An input item over a value already in memory (tests, and items built by the function itself). */
export function inputItemOf(value: KubeObject, position: number, source: ItemSource = new TextSource(new Uint8Array(0), 0, 0)): InputItem {
  return { position, header: value, value, release: () => undefined, source };
}

// ---------------------------------------------------------------------------------------------
// Text reader

const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?:[ \t]+(.*))?$/;
const HEADER_KEYS = new Set(['apiVersion', 'kind', 'metadata']);
const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*)[ \t]*:(?:[ \t\n]|$)/;
const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;

interface SectionRange {
  key: string | null;
  start: number;
  end: number;
  rest: string;
}

/**
 * Cuts the input into top-level sections and the items into slices, by byte offsets (nothing of the
 * items is decoded here but their headers), and reads each item's header. Undefined whenever the text
 * is not block YAML of the expected shape. CRLF line breaks are read as LF; the layout and the items
 * keep the input's own bytes for writing.
 */
function readTextLayout(input: Buffer): ParsedResourceList | undefined {
  const lf = lfBytes(input);
  if (!lf) return undefined;
  const bytes = lf.bytes;
  /** The input's text of bytes[start, end). */
  const inputText = (start: number, end: number): string => utf8(input, lf.original(start), lf.original(end));
  const length = bytes.length;
  const sections: SectionRange[] = [];
  let current: SectionRange = { key: null, start: 0, end: 0, rest: '' };
  let itemsOpen = false;
  let dashIndent = -1;
  const itemStarts: number[] = [];
  for (let lineStart = 0; lineStart < length; ) {
    const newline = bytes.indexOf(NEWLINE, lineStart);
    const lineEnd = newline < 0 ? length : newline;
    const next = newline < 0 ? length : newline + 1;
    let at = lineStart;
    while (at < lineEnd && bytes[at] === SPACE) at++;
    let firstCode = at < lineEnd ? bytes[at] : -1;
    if (firstCode === TAB) {
      // A tab after the indentation: blank or comment line, or content (block scalars hold tabs).
      let tabs = at;
      while (tabs < lineEnd && (bytes[tabs] === TAB || bytes[tabs] === SPACE)) tabs++;
      if (tabs >= lineEnd || bytes[tabs] === HASH) firstCode = -1;
      else if (at === lineStart) return undefined;
    }
    if (firstCode === -1 || firstCode === HASH) {
      lineStart = next;
      continue;
    }
    const indent = at - lineStart;
    const isDash = firstCode === DASH && (at + 1 === lineEnd || bytes[at + 1] === SPACE);
    if (indent > 0) {
      if (current.key === null) return undefined;
      if (itemsOpen) {
        if (dashIndent < 0) {
          if (!isDash) return undefined;
          dashIndent = indent;
        } else if (indent < dashIndent) return undefined;
        if (indent === dashIndent && isDash) itemStarts.push(lineStart);
      }
      lineStart = next;
      continue;
    }
    if (itemsOpen && isDash) {
      if (dashIndent < 0) dashIndent = 0;
      else if (dashIndent !== 0) return undefined;
      itemStarts.push(lineStart);
      lineStart = next;
      continue;
    }
    // A block sequence at column 0 under another top-level key (`results:` of an earlier run) belongs to that section.
    if (!itemsOpen && current.key !== null && isDash) {
      lineStart = next;
      continue;
    }
    const content = utf8(bytes, lineStart, lineEnd);
    if (content === '---' && sections.length === 0 && current.key === null) {
      lineStart = next;
      continue;
    }
    const match = TOP_LEVEL_KEY.exec(content);
    if (!match) return undefined;
    current.end = lineStart;
    if (current.key !== null || current.end > current.start) sections.push(current);
    current = { key: match[1], start: lineStart, end: length, rest: (match[2] ?? '').trim() };
    itemsOpen = current.key === 'items';
    if (itemsOpen && current.rest !== '' && !/^(\[\])?\s*(#.*)?$/.test(current.rest)) return undefined;
    lineStart = next;
  }
  current.end = length;
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
    .map((section) => utf8(bytes, section.start, section.end))
    .join('');
  let header: unknown;
  try {
    // js-yaml when it reads it as `yaml` would (it is already loaded; `yaml` costs its start-up).
    if (hasLineSeparators(headerText)) {
      const doc = yaml().parseDocument(headerText, PARSE_OPTIONS);
      if (doc.errors.length > 0) return undefined;
      readLineSeparatorsAsYaml11([doc], headerText);
      header = doc.toJS({ maxAliasCount: 100 });
    } else header = usesAnchorsOrTags(headerText) ? yaml().parse(headerText, { ...PARSE_OPTIONS, maxAliasCount: 100 }) : jsyaml.load(headerText, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (header !== null && header !== undefined && !isPlainObject(header)) return undefined;
  const headerObject = (header ?? {}) as Record<string, unknown>;

  // Item slices: the items of the items section only.
  const starts = itemStarts.filter((start) => start > items.start && start < items.end);
  const headerNewline = bytes.indexOf(NEWLINE, items.start);
  const itemsHeaderEnd = Math.min(headerNewline < 0 ? length : headerNewline + 1, items.end);
  const leadEnd = starts.length > 0 ? starts[0] : items.end;
  const parsedItems: InputItem[] = [];
  const lineEnding = lineEndingIn(input, lf.original(items.start), lf.original(itemsHeaderEnd)) ?? lineEndingIn(input) ?? '\n';
  for (let index = 0; index < starts.length; index++) {
    const item = readTextItem(bytes, starts[index], index + 1 < starts.length ? starts[index + 1] : items.end, dashIndent, index, { input, lf, lineEnding });
    if (!item) return undefined;
    parsedItems.push(item);
  }
  const apiVersion = checkHeader(headerObject);
  const layoutSections: Section[] = sections.map((section, index) => ({ key: section.key, text: index === itemsSection ? '' : inputText(section.start, section.end) }));
  return {
    bytes: input,
    apiVersion,
    items: parsedItems,
    functionConfig: normaliseFunctionConfig(headerObject.functionConfig),
    lineEnding,
    layout: {
      kind: 'text',
      sections: layoutSections,
      itemsSection,
      itemsHeader: inputText(items.start, itemsHeaderEnd),
      itemsLead: inputText(itemsHeaderEnd, leadEnd),
      dashIndent: dashIndent < 0 ? 0 : dashIndent,
    },
  };
}

/** Start offsets of the lines of bytes[start, end). */
function lineStartsOf(bytes: Buffer, start: number, end: number): number[] {
  const out: number[] = [];
  for (let at = start; at < end; ) {
    out.push(at);
    const newline = bytes.indexOf(NEWLINE, at);
    at = newline < 0 || newline >= end ? end : newline + 1;
  }
  return out;
}

function lineIsBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = bytes[at];
    if (code === NEWLINE) return true;
    if (code !== SPACE && code !== TAB) return false;
  }
  return true;
}

function lineIsBlankOrComment(bytes: Buffer, start: number, end: number): boolean {
  let at = start;
  while (at < end) {
    const code = bytes[at];
    if (code === SPACE || code === TAB) at++;
    else return code === NEWLINE || code === HASH;
  }
  return true;
}

/**
 * One item: its slice of the input, its header read on its own (apiVersion, kind and metadata, when
 * they come first, as kustomize and kpt write them), the rest read on first use. `bytes` are the
 * input's with LF line breaks (`list.lf`), offsets are theirs.
 */
function readTextItem(
  bytes: Buffer,
  start: number,
  end: number,
  dashIndent: number,
  position: number,
  list: { readonly input: Buffer; readonly lf: LfBytes; readonly lineEnding: LineEnding },
): InputItem | undefined {
  const lines = lineStartsOf(bytes, start, end);
  // Comments and blank lines at the end of a slice sit between items: they stay where they are.
  let bodyLines = lines.length;
  while (bodyLines > 1 && lineIsBlankOrComment(bytes, lines[bodyLines - 1], bodyLines < lines.length ? lines[bodyLines] : end)) bodyLines--;
  // Blank lines right after a block scalar that keeps them (`|+`) are its value's, when the item may end with one.
  if (bodyLines < lines.length && KEEP_CHOMPING_HEADER.test(utf8(bytes, start, lines[bodyLines]))) {
    while (bodyLines < lines.length && lineIsBlank(bytes, lines[bodyLines], bodyLines + 1 < lines.length ? lines[bodyLines + 1] : end)) bodyLines++;
  }
  const bodyEnd = bodyLines < lines.length ? lines[bodyLines] : end;
  const [inputStart, inputBodyEnd, inputEnd] = [list.lf.original(start), list.lf.original(bodyEnd), list.lf.original(end)];
  const source = new TextSource(
    list.input.subarray(inputStart, inputEnd),
    inputEnd - inputBodyEnd,
    dashIndent,
    bytes.subarray(start, bodyEnd),
    lineEndingIn(list.input, inputStart, inputEnd) ?? list.lineEnding,
  );
  const firstLineEnd = lines.length > 1 ? lines[1] : end;
  let contentColumn = dashIndent + 1;
  while (bytes[start + contentColumn] === SPACE) contentColumn++;
  const afterDash = bytes[start + contentColumn];
  const mappingOnDashLine = start + contentColumn < firstLineEnd && afterDash !== NEWLINE && afterDash !== HASH;
  // `-` or `- # comment` alone (kpt puts a file's head comment there): the mapping starts on the next content line.
  let firstContent = 0;
  if (!mappingOnDashLine) {
    firstContent = 1;
    while (firstContent < bodyLines && lineIsBlankOrComment(bytes, lines[firstContent], firstContent + 1 < lines.length ? lines[firstContent + 1] : end)) firstContent++;
    contentColumn = 0;
    if (firstContent < bodyLines) while (bytes[lines[firstContent] + contentColumn] === SPACE) contentColumn++;
  }

  // The item's top-level keys and their lines (kustomize and kpt write them in any order: kubectl
  // kustomize sorts them, so a ConfigMap's data comes before its kind and metadata).
  const keys: { key: string; line: number }[] = [];
  if (firstContent < bodyLines && contentColumn > dashIndent) {
    const keyOn = (line: number): string => {
      const from = lines[line] + contentColumn;
      const lineEnd = line + 1 < lines.length ? lines[line + 1] : end;
      return PLAIN_KEY.exec(utf8(bytes, from, Math.min(lineEnd, from + 128)))?.[1] ?? '';
    };
    keys.push({ key: keyOn(firstContent), line: firstContent });
    for (let line = firstContent + 1; line < bodyLines; line++) {
      const lineStart = lines[line];
      // Only lines indented exactly as the item's keys can start a key.
      if (bytes[lineStart + contentColumn] === SPACE || bytes[lineStart + contentColumn - 1] !== SPACE) continue;
      const lineEnd = line + 1 < lines.length ? lines[line + 1] : end;
      if (lineIsBlankOrComment(bytes, lineStart, lineEnd)) continue;
      let indent = 0;
      while (bytes[lineStart + indent] === SPACE) indent++;
      if (indent !== contentColumn || bytes[lineStart + indent] === DASH) continue;
      keys.push({ key: keyOn(line), line });
    }
  }
  const lineOffset = (line: number): number => (line < bodyLines ? lines[line] : bodyEnd);
  const rangesText = (ranges: readonly { line: number; to: number }[]): string => {
    const text = ranges.map((range) => utf8(bytes, lineOffset(range.line), lineOffset(range.to))).join('');
    // The text must start with the item's dash: the dash line when it stands alone, else a dash in
    // place of the indentation of the first line.
    if (!mappingOnDashLine) return utf8(bytes, start, lineOffset(firstContent)) + text;
    return ranges.length > 0 && ranges[0].line === 0 ? text : `${' '.repeat(dashIndent)}-${' '.repeat(contentColumn - dashIndent - 1)}${text.slice(contentColumn)}`;
  };
  const ranges = keys.map((entry, index) => ({ key: entry.key, line: entry.line, to: index + 1 < keys.length ? keys[index + 1].line : bodyLines }));
  const headerRanges = ranges.filter((range) => HEADER_KEYS.has(range.key));
  const restRanges = ranges.filter((range) => !HEADER_KEYS.has(range.key));
  const splittable = headerRanges.length === HEADER_KEYS.size && restRanges.length > 0 && restRanges.every((range) => range.key !== '') && new Set(keys.map((entry) => entry.key)).size === keys.length;
  // Raw U+2028 and U+2029 (as kustomize writes them) are read as YAML 1.1 reads them, with `yaml`.
  const separators = bytes.subarray(start, bodyEnd).indexOf(LINE_SEPARATOR_BYTES) >= 0 || bytes.subarray(start, bodyEnd).indexOf(PARAGRAPH_SEPARATOR_BYTES) >= 0;
  const read = (text: string): unknown => (separators || usesAnchorsOrTags(text) ? undefined : loadItemSlice(text));
  const readWhole = (): unknown => {
    const text = utf8(bytes, start, bodyEnd);
    const fast = separators || usesAnchorsOrTags(text) ? undefined : loadItemSlice(text);
    // Anchors and the like, or text js-yaml refuses (it is stricter in places): `yaml` decides, and
    // names the line and column of a syntax error in the input.
    return fast !== undefined ? fast : parseWithYaml(itemBody(source), () => lineNumberAt(bytes, start), contentColumn);
  };
  let value: KubeObject | undefined;
  let header: KubeObject | undefined;
  if (splittable) {
    const head = read(rangesText(headerRanges));
    if (head !== undefined && isKubeObjectShape(head)) header = head;
  }
  if (header === undefined) {
    // No separate header, or one the fast reader cannot take alone (anchors): the whole item, now.
    const whole = readWhole();
    if (whole === undefined || !isKubeObjectShape(whole) || depthExceeds(whole, MAX_DEPTH)) return undefined;
    value = whole;
    header = whole;
  }
  const theHeader = header;
  const order = keys.map((entry) => entry.key);
  const lazy = value === undefined;
  return {
    position,
    header: theHeader,
    source,
    get value(): KubeObject {
      if (value === undefined) {
        let tail = read(rangesText(restRanges));
        if (tail === undefined) tail = afterHeader(readWhole(), theHeader);
        if (tail === undefined || !isPlainObject(tail) || depthExceeds(tail, MAX_DEPTH)) throw new UnreadableItemError(`items[${position}] cannot be read by the text reader`);
        // In the order of the text. The header stays as it was read: the run changes the value in place.
        const full: Record<string, unknown> = {};
        for (const key of order) {
          if (key === 'metadata') full.metadata = copyJson(theHeader.metadata);
          else if (HEADER_KEYS.has(key)) full[key] = (theHeader as unknown as Record<string, unknown>)[key];
          else if (Object.prototype.hasOwnProperty.call(tail, key)) full[key] = (tail as Record<string, unknown>)[key];
        }
        if (Object.keys(full).length !== Object.keys(tail).length + HEADER_KEYS.size) throw new UnreadableItemError(`items[${position}] cannot be read by the text reader`);
        value = full as KubeObject;
      }
      return value;
    },
    release(): void {
      if (lazy) value = undefined;
    },
  };
}

/** The keys of a whole item read with the full reader that are not in its header. */
function afterHeader(whole: unknown, header: KubeObject): Record<string, unknown> | undefined {
  if (!isPlainObject(whole)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(whole)) if (!Object.prototype.hasOwnProperty.call(header, key)) out[key] = whole[key];
  return out;
}

/** A quick look for `&`, `*`, `!`, `<<:` or `%` where YAML would read an anchor, alias, tag, merge key or directive. */
const MAYBE_ANCHOR_OR_TAG = /(?:^|[\s[\]{},])[&*!][^\s]|<<[ \t]*:|^%/m;
/** The same, at the start of a node only: after the indentation, a `- `, a `: `, or in a flow collection. */
const NODE_ANCHOR_OR_TAG = /^(?:[ \t]*(?:-[ \t]+|\?[ \t]+)*(?:[&*!]\S|<<[ \t]*:|%)|.*?(?::[ \t]+|[[{,][ \t]*)(?:[&*!]\S)|.*?(?:^|[ \t])<<[ \t]*:)/;
const BLOCK_SCALAR_HEADER = /(?:^|[ \t])[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$/;

/**
 * Whether the text uses anchors, aliases, tags, merge keys or directives, which js-yaml reads
 * differently from the `yaml` package (an alias would share one object between two places, `<<` would
 * be a plain key): such items are read with `yaml`. The content of block scalars and of quoted
 * scalars spread over several lines (shell scripts with `&&`, Python, Caddyfiles, as kustomize writes
 * them) is not looked at.
 */
export function usesAnchorsOrTags(text: string): boolean {
  if (!MAYBE_ANCHOR_OR_TAG.test(text)) return false;
  let blockIndent = -1;
  let openQuote = '';
  for (const line of text.split('\n')) {
    if (openQuote !== '') {
      if (closingQuoteIn(line, 0, openQuote) >= 0) openQuote = '';
      continue;
    }
    const indent = indentOf(line);
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const code = line.replace(/(^|[ \t])#.*$/, '$1');
    if (NODE_ANCHOR_OR_TAG.test(code)) return true;
    if (BLOCK_SCALAR_HEADER.test(code)) blockIndent = indent;
    // A quoted scalar that starts as a value here and does not end on this line.
    const value = /^[ \t]*(?:-[ \t]+)*(?:[^\s"'#][^:#]*?:[ \t]+|"(?:[^"\\]|\\.)*":[ \t]+)?(["'])/.exec(line);
    if (value && closingQuoteIn(line, value[0].length, value[1]) < 0) openQuote = value[1];
  }
  return false;
}

/** A deep copy of plain data (faster than a JSON round trip for small values). */
function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as unknown as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copyJson((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}

/** An item's text (from its dash) read with js-yaml, the fastest reader: the value of its one element. */
function loadItemSlice(slice: string): unknown {
  let read: unknown;
  try {
    read = jsyaml.load(slice, { schema: jsyaml.CORE_SCHEMA, json: false });
  } catch {
    return undefined; // the full reader reports the error with its real position
  }
  return Array.isArray(read) && read.length === 1 ? read[0] : undefined;
}

/** Errors of one item's text that the whole document would have too (anything but tags and directives, which depend on the document). */
const LOCAL_SYNTAX_ERROR = (error: YAML.YAMLError): boolean => !['TAG_RESOLVE_FAILED', 'BAD_DIRECTIVE', 'MULTIPLE_DOCS'].includes(error.code);

/**
 * Parses one item's text (shifted left by `contentIndent`, its first line the input's line
 * `firstLine()`) with `yaml`. A syntax error inside the item is an error of the input, reported at
 * once with its line and column in the input (so a 50 MB list with one bad item is not parsed again
 * as a whole); anything else the item cannot settle alone (aliases to other items, alias limits)
 * gives undefined, and the document reader takes over.
 */
function parseWithYaml(body: string, firstLine: () => number, contentIndent: number): unknown {
  const doc = yaml().parseDocument(body, PARSE_OPTIONS);
  const error = doc.errors[0];
  if (error) {
    if (!LOCAL_SYNTAX_ERROR(error)) return undefined;
    const offset = error.pos?.[0] ?? 0;
    const lineInBody = lineOf(body, offset);
    const lineStart = body.lastIndexOf('\n', offset - 1) + 1;
    // Body lines lost the item's indentation, except empty ones (the end of the input, for an unclosed quote).
    const indent = body[lineStart] === '\n' || lineStart >= body.length ? 0 : contentIndent;
    const column = offset - lineStart + 1;
    throw new ItemSyntaxError(yamlErrorResult(error, `line ${firstLine() - 1 + lineInBody}, column ${column + indent}`));
  }
  // Where else they stand, the input was refused before it was read.
  if (hasLineSeparators(body)) readLineSeparatorsAsYaml11([doc], body);
  try {
    return doc.toJS(TO_JS_OPTIONS);
  } catch {
    return undefined;
  }
}

/** The 1-based line of a byte offset (counted only for a message). */
function lineNumberAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(NEWLINE, 0); at >= 0 && at < offset; at = bytes.indexOf(NEWLINE, at + 1)) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------
// Document reader

function readDocumentLayout(bytes: Buffer): ParsedResourceList {
  const text = withoutLoneCarriageReturns(utf8(bytes, 0, bytes.length));
  let docs: YAML.Document.Parsed[];
  try {
    docs = yaml().parseAllDocuments(text, PARSE_OPTIONS) as YAML.Document.Parsed[];
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
  if (hasLineSeparators(text)) readLineSeparatorsAsYaml11([doc], text);
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
  const nodes = yaml().isSeq(itemsNode) ? itemsNode.items : [];
  const items: InputItem[] = [];
  const problems: Result[] = [];
  values.forEach((value, position) => {
    const node = nodes[position];
    const problem =
      itemProblem(value, position, () => (yaml().isNode(node) && node.range ? lineOf(text, node.range[0]) : undefined)) ??
      (yaml().isMap(node) ? undefined : errorResult('ITEM_NOT_OBJECT', `items[${position}] must be a mapping`, { field: { path: `items[${position}]` } }));
    if (problem) problems.push(problem);
    else items.push({ position, header: value as KubeObject, value: value as KubeObject, release: () => undefined, source: { kind: 'node', node: node as YAML.YAMLMap } });
  });
  if (problems.length > 0) throw new InvalidItemsError(limitProblems(problems), text);
  return { bytes, apiVersion, items, functionConfig: normaliseFunctionConfig(plain.functionConfig), lineEnding: lineEndingIn(bytes) ?? '\n', layout: { kind: 'document', doc } };
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
    const object = item.header;
    if (isKustomizationKind(object.apiVersion, object.kind) || isLocalConfig(object)) continue;
    const group = groupOf(object.apiVersion);
    const namespace = object.metadata.namespace ?? '';
    const id = JSON.stringify([group, object.kind, namespace, object.metadata.name]);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, item.position);
      continue;
    }
    problems.push(
      errorResult('ITEM_DUPLICATE_ID', `items[${item.position}]: ${object.kind} ${object.metadata.name}${namespace ? ` (namespace ${namespace})` : ''} is also items[${first}]: every resource must appear once`, {
        resourceRef: refOf(object),
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
