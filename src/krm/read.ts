/**
 * Reading a ResourceList from text.
 *
 * Two readers share one result shape (read/parsed.ts):
 * - the text reader handles the block-style YAML that kustomize and kpt write. It cuts the `items`
 *   sequence into one slice of text per item (read/text-layout.ts) and reads each slice on its own
 *   (read/text-item.ts, read/slice-readers.ts), so an item the function does not change can be written
 *   back as the very bytes it came in as;
 * - the document reader (read/document-layout.ts) parses the whole stream with the `yaml` package. It
 *   takes everything else (JSON, flow style, anchors across items, odd layouts) and reports syntax
 *   errors with positions.
 * The text reader gives up (returns undefined) whenever the input is not exactly what it expects,
 * so correctness never depends on it. It reads CRLF line breaks as LF and keeps the input's bytes
 * for writing (see line-endings.ts). Both readers check the items alike (read/item-problems.ts).
 */
import { FunctionInputError, errorResult } from './errors';
import { readDocumentLayout } from './read/document-layout';
import { InvalidItemsError, duplicateIdProblems, limitProblems } from './read/item-problems';
import { UnreadableItemError, utf8 } from './read/parsed';
import type { ParsedResourceList, ReadOptions } from './read/parsed';
import { readTextLayout } from './read/text-layout';
import { refuseUnportableCharacters } from './read/unportable';

export { InvalidItemsError, isKustomizationKind } from './read/item-problems';
export { ItemSyntaxError, TextSource, UnreadableItemError, inputItemOf, itemBody, itemDocument } from './read/parsed';
export type { InputItem, ItemSource, Layout, ParsedResourceList, ReadOptions, Section } from './read/parsed';
export { describeError } from './describe';
export { usesAnchorsOrTags } from './read/slice-readers';
export { findUnportableCharacter } from './read/unportable';

const UTF8_BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

/** The input as bytes, without a UTF-8 byte order mark. */
function inputBytes(input: string | Uint8Array): Buffer {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return bytes.subarray(0, 3).equals(UTF8_BYTE_ORDER_MARK) ? bytes.subarray(3) : bytes;
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
