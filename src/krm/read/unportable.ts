/**
 * The check before either reader reads anything: raw characters that YAML 1.1 readers read otherwise
 * or refuse.
 */
import { errorResult } from '../errors';
import { refOf } from '../object';
import { hasLineSeparatorBytes, lineOf } from '../text-scan';
import { firstUnportableCharacter, readLineSeparatorsAsYaml11, unportableCharacterProblem } from '../yaml11';
import { parseYamlDocuments } from '../yaml-options';
import { readDocumentLayout } from './document-layout';
import { InvalidItemsError } from './item-problems';
import { utf8 } from './parsed';
import type { InputItem, TextSource } from './parsed';
import { readTextLayout } from './text-layout';

/**
 * Input that holds a raw character YAML 1.1 readers read otherwise (U+0085, U+2028, U+2029, which
 * kustomize, kpt and Argo CD read as line breaks) or refuse (control characters): an error naming the
 * line, the column, the character and the item it is in, before either reader reads anything, so that
 * both readers answer the same. kustomize and kpt never send such characters raw (their printer
 * escapes them); hand-written files given to `render` can hold them.
 * @throws InvalidItemsError (the items come back as they came in)
 */
export function refuseUnportableCharacters(bytes: Buffer): void {
  const found = findUnportableCharacter(bytes);
  if (!found) return;
  const item = itemAt(bytes, found.offset);
  const result =
    item
      ? errorResult('INPUT_UNPORTABLE_CHARACTER', `items[${item.position}] (${item.header.kind}${item.header.metadata?.name ? ` ${item.header.metadata.name}` : ''}), ${found.where}: ${found.problem}`, {
          ...(item.header.metadata?.name
            ? { resourceRef: refOf(item.header) }
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
  if (hasLineSeparatorBytes(bytes)) {
    const text = utf8(bytes, 0, bytes.length);
    const docs = parseYamlDocuments(text);
    const refused = readLineSeparatorsAsYaml11(docs, text);
    if (refused !== undefined) {
      const refusedAt = Buffer.byteLength(text.slice(0, refused));
      if (offset < 0 || refusedAt < offset) offset = refusedAt;
    }
  }
  if (offset < 0) return undefined;
  const before = utf8(bytes, 0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const char = String.fromCodePoint(utf8(bytes, offset, Math.min(offset + 4, bytes.length)).codePointAt(0) as number);
  return { offset, where: `line ${lineOf(before, before.length)}, column ${before.length - lineStart + 1}`, problem: unportableCharacterProblem(char) };
}

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
