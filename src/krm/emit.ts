/**
 * A fast printer of plain JSON values as block YAML, for objects drydock-fn generates and values it
 * adds to existing items. It writes exactly what the `yaml` package writes for
 * `createNode(value)` + {@link quoteAmbiguousScalars} + `toString(toStringOptions(indentSeq))` (the
 * tests compare both on every generated object of the fixtures and on random values), without
 * building a node tree: printing thousands of generated objects through `yaml`'s Document was the
 * largest cost of a run. One exception, the same in every fallback through `yaml`
 * ({@link printYamlDocument}): a string or key holding a character YAML 1.1 readers read as a line
 * break or refuse (U+0085, U+2028, U+2029, control characters, U+FEFF, U+FFFE, U+FFFF) is always
 * double-quoted, with those characters escaped, where `yaml` alone would write some of them raw; so
 * is a string of several lines that starts with a tab, or ends with lines of only spaces, which
 * go-yaml cannot read, or no reader reads back, as `yaml`'s block scalar.
 * Values `yaml` prints in forms this printer does not write (keys with line breaks or longer than
 * 1024 characters, which become explicit keys; numbers that are not finite) make it return undefined;
 * the caller then prints the value with `yaml`.
 */
import { escapeRawCharacters, isAmbiguousPlainScalar, needsDoubleQuotes } from './yaml11';
import type { JsonValue } from './types';
/** Plain scalars `yaml` refuses (its plainString test). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** Longest key `yaml` writes as an implicit key. */
const MAX_IMPLICIT_KEY = 1024;

class Unprintable extends Error {}

/**
 * The YAML document text of `value` (ending in a newline), as `yaml` prints it with drydock-fn's
 * options; undefined when a string needs `yaml`'s own printer.
 */
export function emitDocument(value: JsonValue, indentSeq: boolean): string | undefined {
  try {
    return `${emitNode(value, '', indentSeq)}\n`;
  } catch (error) {
    if (error instanceof Unprintable) return undefined;
    throw error;
  }
}

/**
 * The text of `key: value` as a pair of a block mapping whose keys sit at `indent` (ending in a
 * newline); undefined when `yaml` must print it.
 */
export function emitPair(key: string, value: JsonValue, indent: string, indentSeq: boolean): string | undefined {
  try {
    return `${indent}${emitPairText(key, value, indent, indentSeq)}\n`;
  } catch (error) {
    if (error instanceof Unprintable) return undefined;
    throw error;
  }
}

/**
 * The text of `- value` as an element of a block sequence whose dashes sit at `indent` (ending in a
 * newline); undefined when `yaml` must print it.
 */
export function emitSeqItem(value: JsonValue, indent: string, indentSeq: boolean): string | undefined {
  try {
    return `${indent}- ${emitNode(value, `${indent}  `, indentSeq)}\n`;
  } catch (error) {
    if (error instanceof Unprintable) return undefined;
    throw error;
  }
}

/**
 * A scalar as the value of a pair whose key sits at `indent`, written in the style of the scalar it
 * replaces, as the `yaml` package does after {@link reconcileNode}: quoted scalars keep their quotes,
 * block scalars stay block scalars when the new value has several lines, and new plain strings a
 * YAML 1.1 reader would misread are double-quoted. Undefined when `yaml` must print it.
 */
export function emitScalarInStyle(value: string | number | boolean | null, style: 'plain' | 'double' | 'single' | 'literal', indent: string): string | undefined {
  try {
    const valueIndent = `${indent}  `;
    if (typeof value !== 'string') return emitScalar(value, valueIndent);
    if (needsDoubleQuotes(value)) return escapedDoubleQuoted(value, valueIndent);
    if (style === 'double') return doubleQuoted(value, valueIndent);
    if (style === 'single') return singleQuoted(value, valueIndent);
    if (style === 'literal' && value.includes('\n')) return blockLiteral(value, valueIndent);
    return emitString(value, valueIndent);
  } catch (error) {
    if (error instanceof Unprintable) return undefined;
    throw error;
  }
}

/** A node printed with `indent` as the indentation of its own lines after the first. */
function emitNode(value: JsonValue, indent: string, indentSeq: boolean): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : emitSeq(value, indent, indentSeq);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? '{}' : emitMap(value, keys, indent, indentSeq);
  }
  return emitScalar(value, indent);
}

function emitMap(map: { [key: string]: JsonValue }, keys: readonly string[], indent: string, indentSeq: boolean): string {
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += `\n${indent}`;
    out += emitPairText(keys[i], map[keys[i]], indent, indentSeq);
  }
  return out;
}

function emitPairText(key: string, value: JsonValue, indent: string, indentSeq: boolean): string {
  const keyText = emitKey(key, indent);
  const valueIndent = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${keyText}: []`;
    const seqIndent = indentSeq ? valueIndent : indent;
    return `${keyText}:\n${seqIndent}${emitSeq(value, seqIndent, indentSeq)}`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return `${keyText}: {}`;
    return `${keyText}:\n${valueIndent}${emitMap(value, keys, valueIndent, indentSeq)}`;
  }
  return `${keyText}: ${emitScalar(value, valueIndent)}`;
}

function emitSeq(seq: readonly JsonValue[], indent: string, indentSeq: boolean): string {
  const itemIndent = `${indent}  `;
  let out = '';
  for (let i = 0; i < seq.length; i++) {
    if (i > 0) out += `\n${indent}`;
    out += `- ${emitNode(seq[i], itemIndent, indentSeq)}`;
  }
  return out;
}

function emitScalar(value: string | number | boolean | null, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Unprintable();
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  return emitString(value, indent);
}

function emitString(value: string, indent: string): string {
  if (needsDoubleQuotes(value)) return escapedDoubleQuoted(value, indent);
  if (isAmbiguousPlainScalar(value)) return doubleQuoted(value, indent);
  const multiLine = value.includes('\n');
  if (multiLine) return blockLiteral(value, indent);
  if (NOT_PLAIN.test(value)) return quoted(value, indent);
  return value;
}

function emitKey(key: string, indent: string): string {
  // A key without line breaks: what yaml's quoted styles do for an implicit key (no line break
  // written as a line) never applies, and the key is quoted as a value on one line is.
  if (key.includes('\n')) throw new Unprintable();
  let text: string;
  if (needsDoubleQuotes(key) || isAmbiguousPlainScalar(key)) text = doubleQuoted(key, '');
  // A key of the root mapping that looks like a document marker is quoted (yaml: implicitKey && indent === indentStep).
  else if (NOT_PLAIN.test(key) || (indent === '' && DOCUMENT_MARKER.test(key))) text = quoted(key, '');
  else text = key;
  // yaml writes a longer key (as printed) as an explicit key, and so must a key its escapes make longer.
  const escaped = escapeRawCharacters(text);
  if (escaped.length > MAX_IMPLICIT_KEY) throw new Unprintable();
  return escaped;
}

/** A string with characters YAML 1.1 reads differently: double-quoted, those characters escaped. */
function escapedDoubleQuoted(value: string, indent: string): string {
  return escapeRawCharacters(doubleQuoted(value, indent));
}

/** yaml's quotedString. */
function quoted(value: string, indent: string): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  if (hasDouble && !hasSingle) return singleQuoted(value, indent);
  return doubleQuoted(value, indent);
}

/**
 * yaml's singleQuotedString (lineWidth 0: never folded). A value with line breaks comes with the
 * indentation of its lines (from emitScalarInStyle: keys and the strings emitString quotes are one
 * line), so yaml's indentation of a document marker at the root never applies.
 */
function singleQuoted(value: string, indent: string): string {
  if (/[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value, indent);
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`;
}

/** Shortest double-quoted string yaml writes with its line breaks as lines (doubleQuotedMinMultiLineLength). */
const MIN_MULTI_LINE_LENGTH = 40;

/**
 * yaml's short forms of the `\u00XX` escapes of JSON (other `\u00XX` become `\xXX`). yaml's table also
 * has U+0085, U+00A0, U+2028 and U+2029, which JSON.stringify writes raw, never as escapes: those
 * entries never apply (the YAML 1.1 line breaks are escaped after, by {@link escapedDoubleQuoted}).
 */
const YAML_ESCAPES: Readonly<Record<string, string>> = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e' };

/**
 * yaml's doubleQuotedString (lineWidth 0: never folded): the JSON string, whose `\uXXXX` escapes
 * take YAML's short forms and whose `\n` escapes become line breaks when the string is long enough.
 * Characters JSON leaves raw stay raw here (see {@link escapedDoubleQuoted}).
 */
function doubleQuoted(value: string, indent: string): string {
  const json = JSON.stringify(value);
  const first = json.indexOf('\\');
  if (first < 0) return json;
  const lineIndent = indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
  let out = '';
  let start = 0;
  // yaml's loop over the JSON string; nothing happens before the first backslash (or the space before it).
  for (let i = first - 1; i < json.length; i++) {
    // Only a backslash, or a space before one, does anything: jump to the next backslash (indexOf is
    // native; a loop over every character runs in V8's interpreter in a short run).
    if (json[i] !== '\\' && json[i + 1] !== '\\') {
      const backslash = json.indexOf('\\', i + 1);
      if (backslash < 0) break;
      i = backslash - 1;
    }
    let ch = json[i];
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a line break is escaped, or folding would eat it.
      out += `${json.slice(start, i)}\\ `;
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    const escape = json[i + 1];
    if (escape === 'u') {
      out += json.slice(start, i);
      const code = json.slice(i + 2, i + 6);
      out += YAML_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.slice(2)}` : json.slice(i, i + 6));
      i += 5;
      start = i + 1;
    } else if (escape === 'n' && json[i + 2] !== '"' && json.length >= MIN_MULTI_LINE_LENGTH) {
      // Folding eats the first line break: one escaped newline becomes an empty line.
      out += `${json.slice(start, i)}\n\n`;
      while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
        out += '\n';
        i += 2;
      }
      out += lineIndent;
      // A space after the line break is escaped, or folding would eat it.
      if (json[i + 2] === ' ') out += '\\';
      i += 1;
      start = i + 1;
    } else i += 1;
  }
  return start ? out + json.slice(start) : json;
}

/**
 * yaml's blockString, literal style (lineWidth 0 never folds), for a string of several lines that
 * {@link needsDoubleQuotes} lets through: after its last line with content come line breaks only
 * (yaml's own handling of lines of spaces there, and of blank lines at the start, which it moves
 * apart for folding, gives the same text as indenting every line here). The lines are indented, the
 * line breaks at the end follow unindented, but the last, which the header's chomping keeps or not.
 */
function blockLiteral(text: string, indent: string): string {
  const body = text.replace(/\n+$/, '');
  const breaks = text.length - body.length;
  const chomp = breaks === 0 ? '-' : breaks === 1 && body !== '' ? '' : '+';
  // An indentation indicator when the first line with content starts with a space.
  const header = (/^\n* /.test(text) ? (indent ? '2' : '1') : '') + chomp;
  return `|${header}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}${'\n'.repeat(Math.max(breaks - 1, 0))}`;
}
