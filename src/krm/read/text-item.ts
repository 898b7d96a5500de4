/**
 * The text reader's second stage: one item's slice of the input, its header (apiVersion, kind,
 * metadata) read on its own, the rest of it read on first use.
 */
import type { LfBytes, LineEnding } from '../line-endings';
import { lineEndingIn } from '../line-endings';
import type { KubeObject } from '../types';
import { isPlainObject } from '../types';
import { BLOCK_SCALAR_HEADER, DASH, HASH, KEEP_CHOMPING_HEADER, NEWLINE, hasLineSeparatorBytes, indentOf, lineIsBlank, lineIsBlankOrComment, lineOf, lineStartsOf } from '../text-scan';
import { MAX_DEPTH } from '../yaml-options';
import { depthExceeds, isKubeObjectShape } from './item-problems';
import { TextSource, UnreadableItemError, itemBody, utf8 } from './parsed';
import type { InputItem } from './parsed';
import { loadItemSlice, parseWithYaml, readItemSliceFast } from './slice-readers';

const HEADER_KEYS = new Set(['apiVersion', 'kind', 'metadata']);
const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*)[ \t]*:(?:[ \t\n]|$)/;

/**
 * One item: its slice of the input, its header read on its own (apiVersion, kind and metadata, when
 * they come first, as kustomize and kpt write them), the rest read on first use. `bytes` are the
 * input's with LF line breaks (`list.lf`), offsets are theirs.
 */
export function readTextItem(
  bytes: Buffer,
  start: number,
  end: number,
  dashIndent: number,
  position: number,
  list: { readonly input: Buffer; readonly lf: LfBytes; readonly lineEnding: LineEnding },
): InputItem | undefined {
  const lines = lineStartsOf(bytes, start, end);
  // Comments and blank lines at the end of a slice sit between items: they stay where they are. (The
  // scans of a line are given the slice's end: they decide at the line's line feed or before. The first
  // line, the dash's, is never blank nor a comment, so the loop stops there.)
  let bodyLines = lines.length;
  while (lineIsBlankOrComment(bytes, lines[bodyLines - 1], end)) bodyLines--;
  // Blank lines right after a block scalar that keeps them (`|+`) are its value's, when the item may end with one.
  if (bodyLines < lines.length && KEEP_CHOMPING_HEADER.test(utf8(bytes, start, lines[bodyLines]))) {
    while (bodyLines < lines.length && lineIsBlank(bytes, lines[bodyLines], end)) bodyLines++;
  }
  let contentColumn = dashIndent + 1 + indentOf(bytes, start + dashIndent + 1);
  // Past the slice only for a dash and spaces that end the input: a null item, refused either way.
  const afterDash = bytes[start + contentColumn];
  const mappingOnDashLine = afterDash !== NEWLINE && afterDash !== HASH;
  // `-` or `- # comment` alone (kpt puts a file's head comment there): the mapping starts on the next content line.
  let firstContent = 0;
  if (!mappingOnDashLine) {
    firstContent = 1;
    while (firstContent < bodyLines && lineIsBlankOrComment(bytes, lines[firstContent], end)) firstContent++;
    // No content line: a null item. Content no deeper than the dash is not the item's: YAML refuses the
    // list. The document reader refuses either and says where.
    if (firstContent === bodyLines) return undefined;
    contentColumn = indentOf(bytes, lines[firstContent]);
    if (contentColumn <= dashIndent) return undefined;
  }

  // A `#` line after the last content line, indented past the item's keys, may be the last line of a
  // block scalar rather than a comment between items: when the item reads the same with and without
  // such lines, they are comments and stay between items; else they are the scalar's, and the item's.
  let lastDeeper = -1;
  for (let line = bodyLines; line < lines.length; line++) {
    if (!lineIsBlank(bytes, lines[line], end) && indentOf(bytes, lines[line]) > contentColumn) lastDeeper = line;
  }
  if (lastDeeper >= 0) {
    // A deeper line after the body: the body ends at a line's start.
    const body = utf8(bytes, start, lines[bodyLines]);
    const extended = utf8(bytes, start, lastDeeper + 1 < lines.length ? lines[lastDeeper + 1] : end);
    if (BLOCK_SCALAR_HEADER.test(body)) {
      // Read as items are read (js-yaml); anchors or tags, or text js-yaml cannot read: the document reader.
      const withLines = readItemSliceFast(extended);
      if (withLines === undefined) return undefined;
      const without = loadItemSlice(body);
      if (without === undefined || JSON.stringify(without) !== JSON.stringify(withLines)) bodyLines = lastDeeper + 1;
    }
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

  // The item's top-level keys and their lines (kustomize and kpt write them in any order: kubectl
  // kustomize sorts them, so a ConfigMap's data comes before its kind and metadata).
  // The key pattern stops at the line's line feed: the text after it does not change the match.
  const keyOn = (line: number): string => {
    const from = lines[line] + contentColumn;
    return PLAIN_KEY.exec(utf8(bytes, from, Math.min(end, from + 128)))?.[1] ?? '';
  };
  const keys: { key: string; line: number }[] = [{ key: keyOn(firstContent), line: firstContent }];
  for (let line = firstContent + 1; line < bodyLines; line++) {
    const lineStart = lines[line];
    // Only lines indented exactly as the item's keys can start a key (not a comment, nor a sequence's dash).
    if (indentOf(bytes, lineStart) !== contentColumn || lineIsBlankOrComment(bytes, lineStart, end) || bytes[lineStart + contentColumn] === DASH) continue;
    keys.push({ key: keyOn(line), line });
  }
  const lineOffset = (line: number): number => (line < bodyLines ? lines[line] : bodyEnd);
  const rangesText = (ranges: readonly { line: number; to: number }[]): string => {
    const text = ranges.map((range) => utf8(bytes, lineOffset(range.line), lineOffset(range.to))).join('');
    // The text must start with the item's dash: the dash line when it stands alone (a dash in place of
    // the first key's indentation would be `-apiVersion` when that is one column past the dash), else
    // a dash in place of the indentation of the first key's line (the dash line's own: the same text).
    if (!mappingOnDashLine) return utf8(bytes, start, lineOffset(firstContent)) + text;
    return `${' '.repeat(dashIndent)}-${' '.repeat(contentColumn - dashIndent - 1)}${text.slice(contentColumn)}`;
  };
  const ranges = keys.map((entry, index) => ({ key: entry.key, line: entry.line, to: index + 1 < keys.length ? keys[index + 1].line : bodyLines }));
  const headerRanges = ranges.filter((range) => HEADER_KEYS.has(range.key));
  const restRanges = ranges.filter((range) => !HEADER_KEYS.has(range.key));
  const splittable = headerRanges.length === HEADER_KEYS.size && restRanges.length > 0 && restRanges.every((range) => range.key !== '') && new Set(keys.map((entry) => entry.key)).size === keys.length;
  // Raw U+2028 and U+2029 (as kustomize writes them) are read as YAML 1.1 reads them, with `yaml`.
  const separators = hasLineSeparatorBytes(bytes.subarray(start, bodyEnd));
  const read = (text: string): unknown => (separators ? undefined : readItemSliceFast(text));
  const readWhole = (): unknown => {
    const text = utf8(bytes, start, bodyEnd);
    const fast = separators ? undefined : readItemSliceFast(text);
    // Anchors and the like, or text js-yaml refuses (it is stricter in places): `yaml` decides, and
    // names the line and column of a syntax error in the input.
    return fast !== undefined ? fast : parseWithYaml(itemBody(source), () => lineOf(bytes, start), contentColumn);
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
