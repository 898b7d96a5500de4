/**
 * YAML's rules on implicit keys as go-yaml (kustomize, kpt, Argo CD) and PyYAML apply them: the `:` of
 * a key written without `?` stands at most 1024 characters after the key's start, its anchor or tag
 * included, in block and flow collections alike; in a flow collection, on the key's own line (not
 * after a line break in the key or after its anchor or tag); and after a key (`: v` alone is no pair:
 * an empty key needs `?`, an anchor or a tag). Past any of these, both refuse the text. The readers
 * drydock-fn uses differ: js-yaml has no limit, reads keys over lines and empty keys (and writes an
 * empty key `null`), and `yaml` checks the limit in block mappings only, counts UTF-16 code units (so it
 * refuses a key of 600 emoji, 1,200 units, 600 characters, that the others read), and reads a key over
 * lines in a flow mapping and an empty key (YAML 1.2 allows both). {@link correctImplicitKeyErrors}
 * puts `yaml`'s errors right; the fast reader leaves texts where such a key may stand to `yaml`
 * (`mayReadKeysOtherwise` in read/slice-readers.ts).
 */
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';

/** Characters from an implicit key's start to its `:`, at most. */
export const MAX_IMPLICIT_KEY_SPAN = 1024;

/** `yaml`'s error for a block key past the limit by its own count. */
const KEY_OVER_LIMIT = 'KEY_OVER_1024_CHARS';

/** `yaml`'s error for an implicit key over lines (it reports it in block mappings and flow pairs, not flow mappings). */
const KEY_OVER_LINES = 'MULTILINE_IMPLICIT_KEY';

/** A `:` with nothing but indentation, dashes or a flow indicator before it on its line: an empty key, perhaps. */
const MAYBE_EMPTY_KEY = /(?:^|[[{,?])[ \t]*(?:-[ \t]+)*:(?=[ \t\r\n,\]}]|$)/m;

/**
 * Whether `text` may hold an empty implicit key (`: v`, `- : v`, `{: v}`), which go-yaml and PyYAML
 * refuse and `yaml` reads as null (YAML 1.2 allows it). With an anchor or tag (`&a : v`) or `?`, the
 * empty key is allowed, and null: js-yaml writes that key `null`, go-yaml and `yaml` the empty text.
 */
export function mayHaveEmptyKey(text: string): boolean {
  return MAYBE_EMPTY_KEY.test(text);
}

/**
 * Whether a line of `text` is longer than {@link MAX_IMPLICIT_KEY_SPAN} UTF-16 code units: no key of
 * a text without one can pass the limit (an implicit key is on one line).
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
 * Whether a flow collection of `text` may go on over a line break: a line where a `[` or `{` that may
 * start a node stays open at its end (brackets counted from there, quoted scalars that end on the line
 * skipped), or where a quote that does not end on it, a quote that may or may not start a scalar
 * (after a space in a plain scalar, or after an anchor or tag), a comment or a CR may hide a closing
 * one. Only the lines with an opening bracket are looked at (most lines have none); a bracket in a
 * plain or block scalar, taken for one, only costs the exact walk. A flow collection over lines opens
 * on a line that this finds.
 */
export function mayHaveFlowOverLines(text: string): boolean {
  const opening = /[[{]/g;
  for (let found = opening.exec(text); found !== null; found = opening.exec(text)) {
    if (!mayStartNode(text, found.index)) continue;
    const lineFeed = text.indexOf('\n', found.index);
    const lineEnd = lineFeed < 0 ? text.length : lineFeed;
    let depth = 0;
    let quotedEnd = -1;
    for (let at = found.index; at < lineEnd; at++) {
      const character = text[at];
      if (character === '[' || character === '{') depth++;
      else if (character === ']' || character === '}') depth = Math.max(0, depth - 1);
      else if (character === '"' || character === "'") {
        const start = quotedScalarStart(text, at, quotedEnd);
        if (start === undefined) return true;
        if (start) {
          at = closingQuote(text, at, lineEnd);
          if (at < 0) return true;
          quotedEnd = at;
        }
      } else if (character === '#' || character === '\r') {
        // A comment may hide a closing bracket; a CR ends a line (the one before a LF only ends this one).
        if (character === '#' ? text[at - 1] === ' ' || text[at - 1] === '\t' : at !== lineEnd - 1) return true;
      }
    }
    if (depth > 0) return true;
    opening.lastIndex = lineEnd;
  }
  return false;
}

/** The offset of the last character before `at` that is no space or tab (-1 at the text's start). */
function beforeSpaces(text: string, at: number): number {
  let before = at - 1;
  while (text[before] === ' ' || text[before] === '\t') before--;
  return before;
}

/**
 * Whether a node may start at `at`: at a line's start, after an indicator (`:`, `?`, `-`, `,`, `[`,
 * `{`, each perhaps followed by spaces) or after an anchor or tag and a space. A bracket elsewhere is a
 * character of a scalar (`FEATURES["A"]`, `= {` in a quoted text): most brackets of Tutor's settings files.
 */
function mayStartNode(text: string, at: number): boolean {
  const before = beforeSpaces(text, at);
  if (before < 0 || ':?-,[{\n\r'.includes(text[before])) return true;
  if (before === at - 1) return false;
  // The word before the spaces: an anchor or a tag?
  let word = before;
  while (word > 0 && !' \t\n\r'.includes(text[word - 1])) word--;
  return text[word] === '&' || text[word] === '!';
}

/**
 * Whether the quote at `at`, inside a flow collection, starts a quoted scalar: after `[`, `{`, `,`, or
 * a `:` or `?` with a space after it, or a `:` right after a quoted key (`{"a":"b"}`, its end at
 * `quotedEnd`); not right after another character (a plain scalar's); undefined after a space that
 * follows another character (a plain scalar's space, or an anchor's or tag's).
 */
function quotedScalarStart(text: string, at: number, quotedEnd: number): boolean | undefined {
  const before = beforeSpaces(text, at);
  const spaced = before < at - 1;
  const previous = text[before];
  if (previous === '[' || previous === '{' || previous === ',') return true;
  if (previous === ':' || previous === '?') return spaced || (previous === ':' && before - 1 === quotedEnd) ? true : undefined;
  return spaced ? undefined : false;
}

/** The offset of the quote that closes the one at `open`, before `end`; -1 when none does. */
function closingQuote(text: string, open: number, end: number): number {
  const quote = text[open];
  for (let at = open + 1; at < end; at++) {
    // A backslash escapes the next character in double quotes; `''` is a quote inside single quotes.
    if (quote === '"' && text[at] === '\\') at++;
    else if (text[at] === quote && (quote === '"' || text[at + 1] !== "'")) return at;
    else if (text[at] === quote) at++;
  }
  return -1;
}

/**
 * `docs` (parsed by `yaml` from `text`, in order) with their implicit-key errors as go-yaml's: `yaml`'s
 * own ones on a key's length dropped, and in each document that has no other error, one at each key
 * whose `:` is more than 1024 characters (code points) past its start, or, in a flow collection, on a
 * later line than its start. A document with another error is refused for it anyway, and the keys of a
 * text are looked for only when a document may be read: a text nested deeper than the stack takes
 * seconds to walk. The documents' contents are the same either way: `yaml` reads such a key as a key.
 */
export function correctImplicitKeyErrors(text: string, docs: readonly YAML.Document.Parsed[]): void {
  if (!hasLineOverKeyLimit(text) && !mayHaveFlowOverLines(text) && !mayHaveEmptyKey(text)) return;
  const readable = new Set<YAML.Document.Parsed>();
  for (const doc of docs) {
    const others = doc.errors.filter((error) => error.code !== KEY_OVER_LIMIT);
    if (others.length === 0) readable.add(doc);
    doc.errors = others;
  }
  if (readable.size === 0) return;
  const lib = yaml();
  let keys: RefusedKey[];
  try {
    keys = refusedImplicitKeys(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Nesting deeper than the stack, which `yaml` read: refused as `yaml` words it where it notices.
    [...readable][0].errors.push(new lib.YAMLParseError([0, 0], 'UNEXPECTED_TOKEN', 'Maximum call stack size exceeded'));
    return;
  }
  for (const key of keys) {
    // The documents are in the order of the text: the key's is the first that ends after it.
    const doc = docs.find((candidate) => key.start < candidate.range[2]);
    if (doc === undefined || !readable.has(doc)) continue;
    doc.errors.push(new lib.YAMLParseError([key.start, key.colon], ...ERRORS[key.problem]));
  }
}

/** Why go-yaml refuses an implicit key: its length, a line break before its `:` (in a flow collection), or no key at all. */
type KeyProblem = 'length' | 'lines' | 'empty';

/** Each problem's error, as `yaml` words its own (the first two are `yaml`'s codes). */
const ERRORS: Readonly<Record<KeyProblem, [YAML.ErrorCode, string]>> = {
  length: [KEY_OVER_LIMIT, `The : indicator must be at most ${MAX_IMPLICIT_KEY_SPAN} characters after the start of an implicit key (write the key after "? " to make it explicit)`],
  lines: [KEY_OVER_LINES, 'An implicit key in a flow collection must stand on one line with its : indicator, its anchor and tag included (write the key after "? " to make it explicit)'],
  empty: ['MISSING_CHAR', 'A : indicator needs a key before it (write "? " before an empty key)'],
};

/** An implicit key go-yaml refuses: from its start (its anchor or tag) to its `:`, whether it is in a flow collection, and why. */
interface RefusedKey {
  readonly start: number;
  readonly colon: number;
  readonly flow: boolean;
  readonly problem: KeyProblem;
}

/** Each implicit key of `text` go-yaml refuses (too long, over lines in a flow collection, empty), in the order of the text (the walk's). */
function refusedImplicitKeys(text: string): RefusedKey[] {
  const { CST, Parser } = yaml();
  const keys: RefusedKey[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item, path) => {
      const colon = item.sep?.find((source) => source.type === 'map-value-ind');
      if (colon === undefined) return;
      // The key's anchor or tag starts it; `?` makes it explicit (no limit, lines allowed).
      let start: number | undefined;
      for (const source of item.start) {
        if (source.type === 'explicit-key-ind') return;
        if ((source.type === 'anchor' || source.type === 'tag') && start === undefined) start = source.offset;
      }
      const empty = start === undefined && !item.key;
      start ??= item.key?.offset ?? colon.offset;
      const flow = CST.visit.parentCollection(token, path).type === 'flow-collection';
      // A LF or a CR: go-yaml and PyYAML read a CR alone as a line break too.
      const problem: KeyProblem | undefined = empty ? 'empty'
        : flow && /[\n\r]/.test(text.slice(start, colon.offset)) ? 'lines'
          : charactersBetween(text, start, colon.offset) > MAX_IMPLICIT_KEY_SPAN ? 'length' : undefined;
      if (problem !== undefined) keys.push({ start, colon: colon.offset, flow, problem });
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
  for (const key of refusedImplicitKeys(printed).filter((refused) => refused.problem === 'length')) {
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
