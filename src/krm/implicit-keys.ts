/**
 * YAML's limit on implicit keys as go-yaml (kustomize, kpt, Argo CD) and PyYAML apply it: the `:` of a
 * key written without `?` stands at most 1024 characters after the key's start, its anchor or tag
 * included, in block and flow collections alike; past that, both refuse the text. The readers
 * drydock-fn uses differ: js-yaml has no limit, and `yaml` checks block mappings only and counts UTF-16
 * code units, so it refuses a key of 600 emoji (1,200 units, 600 characters) that the others read.
 * {@link correctImplicitKeyErrors} puts `yaml`'s errors right; the fast readers leave texts with a line
 * this long to `yaml` ({@link hasLineOverKeyLimit}).
 */
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';

/** Characters from an implicit key's start to its `:`, at most. */
export const MAX_IMPLICIT_KEY_SPAN = 1024;

/** `yaml`'s error for a block key past the limit by its own count. */
const KEY_OVER_LIMIT = 'KEY_OVER_1024_CHARS';

/**
 * Whether a line of `text` is longer than {@link MAX_IMPLICIT_KEY_SPAN} UTF-16 code units: no key of
 * a text without one can pass the limit (implicit keys are one line), so that common text costs one scan.
 */
export function hasLineOverKeyLimit(text: string): boolean {
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if ((end < 0 ? text.length : end) - start > MAX_IMPLICIT_KEY_SPAN) return true;
    if (end < 0) return false;
    start = end + 1;
  }
}

/**
 * `docs` (parsed by `yaml` from `text`, in order) with their implicit-key errors as go-yaml's: `yaml`'s
 * own ones dropped, and in each document that has no other error, one at each key whose `:` is more
 * than 1024 characters (code points) past its start. A document with another error is refused for it
 * anyway, and the keys of a text are looked for only when a document may be read: a text nested deeper
 * than the stack takes seconds to walk. The documents' contents are the same either way: `yaml` reads
 * such a key as a key.
 */
export function correctImplicitKeyErrors(text: string, docs: readonly YAML.Document.Parsed[]): void {
  if (!hasLineOverKeyLimit(text)) return;
  const readable = new Set<YAML.Document.Parsed>();
  for (const doc of docs) {
    const others = doc.errors.filter((error) => error.code !== KEY_OVER_LIMIT);
    if (others.length === 0) readable.add(doc);
    doc.errors = others;
  }
  if (readable.size === 0) return;
  const lib = yaml();
  let keys: KeyOverLimit[];
  try {
    keys = keysOverLimit(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Nesting deeper than the stack, which `yaml` read: refused as `yaml` words it where it notices.
    [...readable][0].errors.push(new lib.YAMLParseError([0, 0], 'UNEXPECTED_TOKEN', 'Maximum call stack size exceeded'));
    return;
  }
  for (const key of keys) {
    // The documents are in the order of the text: the key's is the first that ends after it.
    const doc = docs.find((candidate) => key.start < candidate.range[2]);
    if (doc !== undefined && readable.has(doc)) doc.errors.push(new lib.YAMLParseError([key.start, key.colon], KEY_OVER_LIMIT, `The : indicator must be at most ${MAX_IMPLICIT_KEY_SPAN} characters after the start of an implicit key (write the key after "? " to make it explicit)`));
  }
}

/** An implicit key past the limit: from its start to its `:`, and whether it is in a flow collection. */
interface KeyOverLimit {
  readonly start: number;
  readonly colon: number;
  readonly flow: boolean;
}

/** Each implicit key of `text` whose `:` is too far from its start, in the order of the text (the walk's). */
function keysOverLimit(text: string): KeyOverLimit[] {
  const { CST, Parser } = yaml();
  const keys: KeyOverLimit[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item, path) => {
      const colon = item.sep?.find((source) => source.type === 'map-value-ind');
      if (colon === undefined) return;
      // The key's anchor or tag starts it (go-yaml and PyYAML refuse a key whose anchor or tag is on
      // an earlier line, which `yaml` reads in a flow collection); `?` makes it explicit (no limit).
      let start: number | undefined;
      for (const source of item.start) {
        if (source.type === 'explicit-key-ind') return;
        if ((source.type === 'anchor' || source.type === 'tag') && start === undefined) start = source.offset;
      }
      start ??= item.key?.offset ?? colon.offset;
      if (charactersBetween(text, start, colon.offset) > MAX_IMPLICIT_KEY_SPAN) {
        keys.push({ start, colon: colon.offset, flow: CST.visit.parentCollection(token, path).type === 'flow-collection' });
      }
    });
  }
  return keys;
}

/**
 * Printed YAML with every implicit key past the limit written explicit: `? key` with its `:` on a line
 * of its own at the key's column in a block mapping, `? key :` in a flow collection. `yaml` makes a
 * key explicit by its length in UTF-16 units, before drydock-fn escapes YAML 1.1's line breaks
 * (`\L` for U+2028 is one unit longer), and never inside a flow collection.
 */
export function writeLongKeysExplicit(printed: string): string {
  if (!hasLineOverKeyLimit(printed)) return printed;
  // Two edits per key, at distinct places, made from the end so that the offsets before them hold.
  const edits: { readonly at: number; readonly end: number; readonly text: string }[] = [];
  for (const key of keysOverLimit(printed)) {
    // `yaml` writes an implicit key's `:` right after it.
    const column = key.start - (printed.lastIndexOf('\n', key.start - 1) + 1);
    edits.push({ at: key.start, end: key.start, text: '? ' }, { at: key.colon, end: key.colon + 1, text: key.flow ? ' :' : `\n${' '.repeat(column)}:` });
  }
  let text = printed;
  for (const edit of edits.sort((first, second) => second.at - first.at)) text = text.slice(0, edit.at) + edit.text + text.slice(edit.end);
  return text;
}

/**
 * Characters (code points) of `text` from `start` to `end`: its UTF-16 units but the second of each
 * surrogate pair (text read from UTF-8 holds no lone surrogate).
 */
function charactersBetween(text: string, start: number, end: number): number {
  const units = end - start;
  if (units <= MAX_IMPLICIT_KEY_SPAN) return units;
  let lowSurrogates = 0;
  for (let at = start; at < end; at++) if ((text.charCodeAt(at) & 0xfc00) === 0xdc00) lowSurrogates++;
  return units - lowSurrogates;
}
