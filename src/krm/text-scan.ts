/**
 * Line scanning of block YAML text, shared by the reader (over the input's bytes, so that a large
 * input is never decoded whole) and the splicer (over an item's text). Every scanner takes either: the
 * characters it looks for (space, tab, line feed, `#`, `-`) are ASCII, one byte and one code unit.
 */
import { isAmbiguousPlainScalar } from './yaml11';

/** Text as a string, or as its UTF-8 bytes. */
export type ScannedText = string | Uint8Array;

/** The ASCII codes the scanners look for. */
export const NEWLINE = 10;
export const SPACE = 32;
export const TAB = 9;
export const HASH = 35;
export const DASH = 45;

/** The code unit (string) or byte at `at`; NaN past the end. */
function codeAt(text: ScannedText, at: number): number {
  return typeof text === 'string' ? text.charCodeAt(at) : at < text.length ? text[at] : NaN;
}

/** Offset of the first line feed at or after `from`, or -1. */
function newlineFrom(text: ScannedText, from: number): number {
  return typeof text === 'string' ? text.indexOf('\n', from) : text.indexOf(NEWLINE, from);
}

/** Start offsets of the lines of text[start, end). */
export function lineStartsOf(text: ScannedText, start = 0, end = text.length): number[] {
  const out: number[] = [];
  for (let at = start; at < end; ) {
    out.push(at);
    const newline = newlineFrom(text, at);
    at = newline < 0 || newline >= end ? end : newline + 1;
  }
  return out;
}

/** Columns of leading spaces of the line starting at `start`. */
export function indentOf(text: ScannedText, start = 0): number {
  let at = start;
  while (codeAt(text, at) === SPACE) at++;
  return at - start;
}

/** Whether the line text[start, end) holds only spaces and tabs. */
export function lineIsBlank(text: ScannedText, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = codeAt(text, at);
    if (code === NEWLINE) return true;
    if (code !== SPACE && code !== TAB) return false;
  }
  return true;
}

/** Whether the line text[start, end) is blank or a comment (only spaces and tabs before `#`). */
export function lineIsBlankOrComment(text: ScannedText, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = codeAt(text, at);
    if (code !== SPACE && code !== TAB) return code === NEWLINE || code === HASH;
  }
  return true;
}

/** Whether a sequence entry's `-` (then a space, a line feed or the end) stands at `at`. */
export function isDashAt(text: ScannedText, at: number): boolean {
  if (codeAt(text, at) !== DASH) return false;
  const next = codeAt(text, at + 1);
  return next === SPACE || next === NEWLINE || Number.isNaN(next);
}

/** The 1-based line of an offset (counted only for a message: this is linear). */
export function lineOf(text: ScannedText, offset: number): number {
  let line = 1;
  for (let at = newlineFrom(text, 0); at >= 0 && at < offset; at = newlineFrom(text, at + 1)) line++;
  return line;
}

/**
 * One line (without its line break) moved `column` columns left: its indentation cut, or, when it is
 * indented less, its leading spaces (a blank line becomes empty).
 */
export function dedentLine(line: string, column: number): string {
  if (indentOf(line) >= column) return line.slice(column);
  return line.trimStart();
}

/**
 * A block scalar header with keep chomping (`|+`, `>+`, `|2+`, `|+2`): the blank lines after the
 * scalar's last line belong to its value.
 */
export const KEEP_CHOMPING_HEADER = /(?:^|[\s:-])[|>](?:[1-9]?\+|\+[1-9])[ \t]*(?:#.*)?$/m;

/** A block scalar header (`|`, `>-`, `|2+` …) at the end of a line. */
export const BLOCK_SCALAR_HEADER = /(?:^|[\s:-])[|>](?:[1-9]?[-+]?|[-+][1-9])[ \t]*(?:#.*)?$/m;

/** Index of the quote closing a `quote`-quoted scalar whose text starts at `from`, or -1. */
export function closingQuoteIn(text: string, from: number, quote: string): number {
  for (let at = text.indexOf(quote, from); at >= 0; at = text.indexOf(quote, at + 1)) {
    if (quote === "'") {
      // '' is a quote inside the scalar.
      if (text[at + 1] !== "'") return at;
      at++;
      continue;
    }
    // A double quote after an odd number of backslashes is escaped.
    let backslashes = 0;
    while (at - 1 - backslashes >= from && text[at - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

const LINE_SEPARATOR_BYTES = Buffer.from('\u2028', 'utf8');
const PARAGRAPH_SEPARATOR_BYTES = Buffer.from('\u2029', 'utf8');

/** Whether UTF-8 bytes hold a raw U+2028 or U+2029 (a line break to YAML 1.1). */
export function hasLineSeparatorBytes(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.indexOf(LINE_SEPARATOR_BYTES) >= 0 || buffer.indexOf(PARAGRAPH_SEPARATOR_BYTES) >= 0;
}

/**
 * The key of the block mapping pair starting at `start` (its line ends at `lineEnd`), and where its
 * value starts; undefined when it is not a key read for sure here (a complex, escaped or ambiguous key,
 * a comment in the way).
 */
export function blockKeyAt(text: string, start: number, lineEnd: number): { key: string; valueOffset: number } | undefined {
  const first = text[start];
  let key: string;
  let after: number;
  if (first === '"' || first === "'") {
    let at = start + 1;
    for (;;) {
      if (at >= lineEnd) return undefined;
      const ch = text[at];
      if (first === '"' && ch === '\\') at += 2;
      else if (ch === first) {
        if (first === "'" && text[at + 1] === "'") at += 2;
        else break;
      } else at++;
    }
    const token = text.slice(start, at + 1);
    if (first === "'") key = token.slice(1, -1).replace(/''/g, "'");
    else if (!token.includes('\\')) key = token.slice(1, -1);
    else return undefined;
    after = at + 1;
    while (text[after] === ' ') after++;
    if (text[after] !== ':') return undefined;
  } else {
    if (/[-?:,[\]{}#&*!|>%@`]/.test(first)) return undefined;
    let at = start;
    for (;;) {
      if (at >= lineEnd) return undefined;
      const ch = text[at];
      if (ch === ':' && (at + 1 === lineEnd || text[at + 1] === ' ' || text[at + 1] === '\t')) break;
      if (ch === '#' && (text[at - 1] === ' ' || text[at - 1] === '\t')) return undefined;
      at++;
    }
    key = text.slice(start, at).trimEnd();
    // Keys the core schema reads as something else (null, numbers, booleans) are not what they look like.
    if (isAmbiguousPlainScalar(key)) return undefined;
    after = at;
  }
  after++;
  while (text[after] === ' ' || text[after] === '\t') after++;
  return { key, valueOffset: after };
}

/**
 * Prefixes every non-empty line with `indent`, the first with `firstPrefix` (a dash goes on it even
 * when it is empty: a blank line before the element, which `yaml` prints first, stays blank).
 */
export function indentLines(printed: string, indent: string, firstPrefix: string): string {
  const lines = printed.endsWith('\n') ? printed.slice(0, -1).split('\n') : printed.split('\n');
  const prefixed = lines.map((line, index) => (line === '' && (index > 0 || firstPrefix.trim() === '') ? '' : (index === 0 ? firstPrefix : indent) + line));
  return `${prefixed.join('\n')}\n`;
}
