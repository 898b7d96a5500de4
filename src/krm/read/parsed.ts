/**
 * What reading a ResourceList gives, whichever reader read it: the list's layout, its items (each with
 * its header, its value read on first use, and where its text lives), and an item's text shifted left
 * as a document of its own.
 */
import type * as YAML from 'yaml';
import { FunctionInputError } from '../errors';
import type { LineEnding } from '../line-endings';
import type { KubeObject } from '../types';
import { dedentLine, indentOf } from '../text-scan';
import { hasLineSeparators } from '../yaml11';

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
    const next = bare.slice(1).find((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    contentIndent = next === undefined ? dashIndent + 2 : indentOf(next);
  }
  const out = [firstContent];
  for (const line of bare.slice(1)) out.push(dedentLine(line, contentIndent));
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

/** UTF-8 text of bytes[start, end). */
export function utf8(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start, end);
}

/** An input item over a value already in memory (tests, and items built by the function itself). */
export function inputItemOf(value: KubeObject, position: number, source: ItemSource = new TextSource(new Uint8Array(0), 0, 0)): InputItem {
  return { position, header: value, value, release: () => undefined, source };
}
