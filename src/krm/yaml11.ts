/**
 * What YAML 1.1 readers read differently from YAML 1.2 ones, in one place. kubectl, kustomize, kpt
 * and Argo CD read YAML with go-yaml, Open edX reads Tutor's env files with PyYAML: both follow
 * YAML 1.1, where drydock-fn's own readers (`yaml`, js-yaml) and the `yaml` printer follow YAML 1.2.
 */
import type * as YAML from 'yaml';
import type { ToStringOptions } from 'yaml';
import { yaml } from './yaml-lib';
import { goYamlReadsPlainAsString } from './go-yaml-scalars';
import { writeLongKeysExplicit } from './implicit-keys';
import { hasLoneSurrogate } from './unicode';

// Strings that a YAML 1.1 reader would not read back as strings when they are written without quotes.
// The `yaml` package writes YAML 1.2, where `on`, `yes`, `0777` or `1:20` are plain strings; a Go
// reader turns them into booleans, octal or sexagesimal numbers, so new scalars matching these
// patterns are written double-quoted.
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML11_NULL = /^(?:~|null|Null|NULL|)$/;
const YAML11_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const YAML11_FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const YAML11_TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
const YAML12_NUMBER = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * True when `value`, written as a plain scalar, would be read as something other than this exact string
 * by a YAML 1.1 or a YAML 1.2 (core schema) reader.
 */
export function isAmbiguousPlainScalar(value: string): boolean {
  return (
    YAML11_BOOL.test(value) ||
    YAML11_NULL.test(value) ||
    YAML11_INT.test(value) ||
    YAML11_FLOAT.test(value) ||
    YAML11_TIMESTAMP.test(value) ||
    YAML12_NUMBER.test(value) ||
    !goYamlReadsPlainAsString(value) ||
    value === '<<' ||
    value === '='
  );
}

// ---------------------------------------------------------------------------------------------
// Characters that must never be written raw

/**
 * Characters drydock-fn writes only as escapes inside double quotes. A YAML 1.1 reader — go-yaml
 * (kustomize's kyaml, kpt, Argo CD) and PyYAML — reads U+0085, U+2028 and U+2029 as line breaks,
 * where drydock-fn's YAML 1.2 readers (`yaml`, js-yaml) see ordinary characters: raw, they end a
 * plain or block scalar or a comment for one reader and not for the other. Its reader refuses raw
 * C0 controls (but tab, LF and CR), DEL, the other C1 controls, U+FFFE and U+FFFF (go-yaml
 * readerc.go, "control characters are not allowed"); CR is a line break to every reader, and a
 * byte order mark at the start of a line is dropped by some. Tab and LF are written raw.
 */
const ESCAPED_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const ESCAPED_CHARACTERS_ALL = new RegExp(ESCAPED_CHARACTERS.source, 'g');

/** YAML's short escapes (YAML 1.1 and 1.2 alike); other characters are written `\xXX` or `\uXXXX`. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x00': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\x0b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '\u0085': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/**
 * Whether a string must be written double-quoted, with escapes: it holds a character of
 * {@link ESCAPED_CHARACTERS} or a lone surrogate (which JSON escapes as `\ud800`).
 */
export function needsEscapes(value: string): boolean {
  return ESCAPED_CHARACTERS.test(value) || hasLoneSurrogate(value);
}

/**
 * A string of several lines whose first line with content starts with a tab: as a block scalar
 * without an indentation indicator (`yaml` writes one only before a space), go-yaml refuses it
 * ("found a tab character where an indentation space is expected").
 */
const TAB_FIRST_BLOCK = /^\n*\t/;

/**
 * Whether a string of several lines ends with lines of only spaces and tabs (after its last line
 * with content): `yaml` writes them into a block scalar where every reader (`yaml` itself, js-yaml,
 * go-yaml) reads empty lines, the spaces lost (it quotes only a string ending in such a line).
 */
function endsWithBlankLinesWithSpaces(value: string): boolean {
  if (!value.includes('\n')) return false;
  const lastContent = value.search(/[^ \t\n][ \t\n]*$/);
  const tail = lastContent < 0 ? 0 : value.indexOf('\n', lastContent);
  return tail >= 0 && /[ \t]/.test(value.slice(tail));
}

/**
 * Whether a string must be written double-quoted: it needs escapes ({@link needsEscapes}), or it would
 * be a block scalar go-yaml cannot read ({@link TAB_FIRST_BLOCK}) or no reader reads back
 * ({@link endsWithBlankLinesWithSpaces}).
 */
export function needsDoubleQuotes(value: string): boolean {
  return needsEscapes(value) || (TAB_FIRST_BLOCK.test(value) && value.includes('\n')) || endsWithBlankLinesWithSpaces(value);
}

/**
 * Printed YAML (or JSON) with every raw character of {@link ESCAPED_CHARACTERS} replaced by its
 * escape. Only correct where such characters can only stand inside double quotes: the printers force
 * double quotes on every string that holds one (see {@link printYamlDocument}), and input that holds
 * one raw anywhere is refused. `json`: `\uXXXX` escapes only, so that the text stays JSON.
 */
export function escapeRawCharacters(printed: string, json = false): string {
  if (!ESCAPED_CHARACTERS.test(printed)) return printed;
  return printed.replace(ESCAPED_CHARACTERS_ALL, (char) => escapeOf(char, json));
}

function escapeOf(char: string, json: boolean): string {
  const code = char.charCodeAt(0);
  if (json) return `\\u${code.toString(16).padStart(4, '0')}`;
  return SHORT_ESCAPES[char] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * A string as a double-quoted scalar that YAML 1.1 and YAML 1.2 readers (PyYAML, go-yaml, `yaml`,
 * js-yaml) and JSON parsers all read as `value`: its JSON text, with the characters JSON leaves raw
 * but YAML 1.1 reads as line breaks or refuses escaped as `\uXXXX`. For text drydock-fn writes into
 * YAML files inside ConfigMaps (Tutor's env files); a string-literal encoder, not a printer.
 */
export function yaml11DoubleQuoted(value: string): string {
  return escapeRawCharacters(JSON.stringify(value), true);
}

/**
 * Prints a `yaml` document with drydock-fn's rule for strings: every string scalar and key that holds
 * a character of {@link ESCAPED_CHARACTERS} is double-quoted (the `yaml` package would write U+2028
 * plain or in a block scalar, and C1 controls raw inside double quotes, as JSON does), and so is every
 * string go-yaml could not read as the block scalar `yaml` would write ({@link needsDoubleQuotes});
 * the raw characters of the printed text are then escaped. A folded block scalar is printed as a
 * literal one: `yaml`'s folding is not always read back the same by go-yaml. Every fallback through
 * `yaml` prints with this.
 */
export function printYamlDocument(doc: YAML.Document, options: ToStringOptions): string {
  const lib = yaml();
  lib.visit(doc, {
    Pair(_key, pair) {
      // Keys set from plain strings (doc.set) are not nodes yet.
      if (typeof pair.key === 'string' && (needsDoubleQuotes(pair.key) || isAmbiguousPlainScalar(pair.key))) pair.key = new lib.Scalar(pair.key);
    },
    Scalar(_key, scalar) {
      if (typeof scalar.value !== 'string') return;
      if (needsDoubleQuotes(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
      // A new string (no style read from a source) that a reader would not read back as this string
      // plain: `yaml` quotes only what its own schema reads otherwise (a document built from plain
      // values has the YAML 1.2 core schema, where `0X1F` or `+0o17` are strings).
      else if (scalar.type === undefined && isAmbiguousPlainScalar(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
      // yaml folds lines where go-yaml reads them otherwise (lines starting with a tab, more-indented lines): no folded blocks.
      else if (scalar.type === 'BLOCK_FOLDED') scalar.type = 'BLOCK_LITERAL';
    },
  });
  // With merge keys read (PARSE_OPTIONS), `yaml` takes the string "<<" for one when printing and writes
  // it plain, quotes lost: YAML 1.1 readers would read a merge key. Only the parsed merge keys are.
  const tags = doc.schema.tags;
  doc.schema.tags = tags.map((tag) => (tag.tag === MERGE_TAG ? { ...tag, identify: (value: unknown) => typeof value === 'symbol' && value.description === '<<' } : tag));
  try {
    return writeLongKeysExplicit(escapeRawCharacters(doc.toString(options), options.doubleQuotedAsJSON === true));
  } finally {
    doc.schema.tags = tags;
  }
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

// ---------------------------------------------------------------------------------------------
// Input: characters that must not come raw

/**
 * Offset of the first character in UTF-8 `bytes` that YAML 1.1 readers refuse raw (C0 controls but
 * tab, LF and CR; DEL; C1 controls; U+FFFE, U+FFFF) or, with `lineSeparators`, read otherwise than
 * YAML 1.2 readers (U+0085 always; U+2028 and U+2029 too unless `lineSeparators` is false: those
 * kustomize writes raw, see {@link readLineSeparatorsAsYaml11}); -1 when there is none. A raw U+FEFF
 * reads the same to both and is let through. It runs over every byte of inputs of 50 MB.
 */
export function firstUnportableCharacter(bytes: Uint8Array, lineSeparators = true): number {
  // The bytes as Latin-1 text (one character a byte) searched by a regular expression: native code
  // from the first call, where a loop over the bytes runs in V8's interpreter in a short run. In
  // chunks, so that a 50 MB input is not copied whole; a character may end in the next chunk.
  const unportable = lineSeparators ? UNPORTABLE_BYTES_OR_LINE_SEPARATORS : UNPORTABLE_BYTES;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let start = 0; start < buffer.length; start += UNPORTABLE_SCAN_CHUNK) {
    const match = unportable.exec(buffer.toString('latin1', start, Math.min(buffer.length, start + UNPORTABLE_SCAN_CHUNK + 2)));
    if (match) return start + match.index;
  }
  return -1;
}

/** C0 controls but tab, LF and CR; DEL; C1 controls (U+0085 among them), U+FFFE, U+FFFF: as UTF-8 bytes. */
const UNPORTABLE_BYTES = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]/;
/** The same, and U+2028, U+2029. */
const UNPORTABLE_BYTES_OR_LINE_SEPARATORS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]/;
const UNPORTABLE_SCAN_CHUNK = 1 << 20;

const LINE_SEPARATOR = /[\u2028\u2029]/;
const LINE_SEPARATORS = /[\u2028\u2029]/g;

/** Whether text holds a raw U+2028 or U+2029. */
export function hasLineSeparators(text: string): boolean {
  return LINE_SEPARATOR.test(text);
}

/**
 * kustomize hands the functions it runs its own printing of the resources (go-yaml's), where a string
 * holding U+2028 or U+2029 has the character raw, as a line break followed by the indentation of the
 * next line, in a single-quoted scalar on one line or in a literal block scalar. Such a scalar is read
 * here as go-yaml reads it, in place in the parsed documents of `text`: in the single-quoted one the
 * white space around the character goes (go-yaml strips it around a line break), in the block the
 * block's indentation after it goes. Returns the offset in `text` of the first raw U+2028 or U+2029
 * that stands anywhere else (another kind of scalar, a key written otherwise, a comment, a document
 * that does not parse), where no YAML 1.2 reading can match go-yaml's; undefined when there is none.
 */
export function readLineSeparatorsAsYaml11(docs: readonly YAML.Document[], text: string): number | undefined {
  const accepted: [number, number][] = [];
  let refused: number | undefined;
  const refuse = (at: number): void => {
    if (refused === undefined || at < refused) refused = at;
  };
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const range = doc.range ?? [0, text.length];
      const at = text.slice(range[0], range[2]).search(LINE_SEPARATOR);
      if (at >= 0) refuse(range[0] + at);
      continue;
    }
    yaml().visit(doc, {
      Scalar(_key, node) {
        const range = node.range;
        if (typeof node.value !== 'string' || !range) return;
        const source = text.slice(range[0], range[1]);
        const at = source.search(LINE_SEPARATOR);
        if (at < 0) return;
        const read = readAsYaml11(node, source);
        if (read === undefined) refuse(range[0] + at);
        else {
          node.value = read;
          accepted.push([range[0], range[1]]);
        }
      },
    });
  }
  for (const match of text.matchAll(LINE_SEPARATORS)) {
    const at = match.index as number;
    if (!accepted.some(([from, to]) => at >= from && at < to)) {
      refuse(at);
      break;
    }
  }
  return refused;
}

/** A scalar's value as go-yaml reads its source, for the two shapes kustomize writes; undefined for others. */
function readAsYaml11(node: YAML.Scalar, source: string): string | undefined {
  const value = node.value as string;
  if (node.type === 'QUOTE_SINGLE') return source.includes('\n') ? undefined : value.replace(/[ \t]*([\u2028\u2029])[ \t]*/g, '$1');
  if (node.type !== 'BLOCK_LITERAL') return undefined;
  // `|`, `|-` or `|+` (kustomize writes no indentation indicator here), then the block's lines.
  const header = /^\|[-+]?[ \t]*(?:#[^\n\u2028\u2029]*)?\n/.exec(source);
  if (!header) return undefined;
  const firstLine = /^( *)[^ \n]/m.exec(source.slice(header[0].length));
  if (!firstLine) return undefined;
  const indent = firstLine[1].length;
  // After each separator, the block's indentation (go-yaml writes it); with less, go-yaml ends the block or reads an empty line.
  const afterEach = new RegExp(`[\\u2028\\u2029](?! {${indent}})`);
  if (afterEach.test(source)) return undefined;
  return value.replace(new RegExp(`([\\u2028\\u2029]) {${indent}}`, 'g'), '$1');
}

/**
 * What is wrong with a raw character {@link firstUnportableCharacter} found, and how to write it: for
 * messages (the character's code and name, never the text around it).
 */
export function unportableCharacterProblem(char: string): string {
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const escape = `write it as the escape ${escapeOf(char, false)} inside a double-quoted string`;
  const names: Record<string, string> = { '\u0085': 'NEXT LINE', '\u2028': 'LINE SEPARATOR', '\u2029': 'PARAGRAPH SEPARATOR' };
  const name = names[char];
  if (name) {
    const where = char === '\u0085' ? '' : ' (raw, it is read only in a single-quoted scalar on one line or a literal block scalar, where kustomize writes it)';
    return `raw ${code} (${name}): YAML 1.1 readers (kustomize, kpt, Argo CD, PyYAML) read it as a line break, drydock-fn's YAML 1.2 readers as an ordinary character${where}; ${escape}`;
  }
  return `raw ${code} (a ${char === '\ufffe' || char === '\uffff' ? 'non-character' : 'control character'}): YAML 1.1 readers (kustomize, kpt, Argo CD, PyYAML) refuse it; ${escape}`;
}

// ---------------------------------------------------------------------------------------------
// Values no YAML output can carry to the cluster

/**
 * What makes a string unfit for any value drydock-fn writes, or undefined when it is fit. A lone
 * surrogate cannot be UTF-8 at all (and go-yaml refuses its `\uD800` escape). kustomize cannot carry
 * U+007F–U+009F, U+FFFE and U+FFFF even escaped: its own YAML round trip writes them raw, then fails
 * on them ("control characters are not allowed"), or, for U+0085, reads them back as a space. For
 * messages: the character's code, never the text around it.
 */
export function unwritableCharacterProblem(value: string): string | undefined {
  if (hasLoneSurrogate(value)) return 'holds an unpaired UTF-16 surrogate, which no UTF-8 text can hold';
  const found = KUSTOMIZE_CANNOT_CARRY.exec(value);
  if (!found) return undefined;
  const code = `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `holds ${code}, which kustomize cannot carry to the cluster, even escaped (it fails on U+007F–U+009F, U+FFFE and U+FFFF and turns U+0085 into a space)`;
}

const KUSTOMIZE_CANNOT_CARRY = /[\x7f-\x9f\ufffe\uffff]/;

/**
 * What makes a string unfit for metadata drydock-fn writes (annotations from the settings), key or
 * value, beyond {@link unwritableCharacterProblem}: kustomize's own round trip of metadata writes a
 * string of several lines starting with a tab as a block scalar and then fails on it.
 */
export function unwritableMetadataProblem(value: string): string | undefined {
  return TAB_FIRST_BLOCK.test(value) && value.includes('\n') ? 'has several lines and starts with a tab, which kustomize cannot carry in metadata' : undefined;
}
