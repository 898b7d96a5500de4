/**
 * What a string may hold before any sink sees it. Every text sink drydock-fn writes is UTF-8 text
 * read line by line, so three things never mean the same to every reader: line breaks (LF, CR, and
 * the LINE and PARAGRAPH SEPARATORs that YAML 1.1 readers, ES5 JavaScript and Caddy's lexer treat as
 * line ends or spaces), other control characters (C0, DEL, C1, NEL among them), and unpaired UTF-16
 * surrogates, which no UTF-8 text can hold (they would be written as U+FFFD).
 *
 * Messages never quote the value: it may be a secret, and quoting a control character would carry it
 * into a result or a stderr line.
 */
import { hasLoneSurrogate } from '../krm/unicode';

/** What a string setting may hold besides its own pattern. */
export type TextKind =
  /** One line: no control character at all (the default of every string setting). */
  | 'line'
  /** Lines of text by design (a shell script): line feeds and tabs, no other control character. */
  | 'lines'
  /** Any Unicode text: every sink the value reaches encodes it (secrets, annotation values). */
  | 'any';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_BUT_LF_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const LINE_BREAK = /[\n\r\u000b\u000c\u0085\u2028\u2029]/;

/**
 * The JSON Schema pattern of one line of text (what {@link textProblem} checks for 'line'), for the
 * schema of settings that have no pattern of their own.
 */
export const ONE_LINE_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$';

/** Whether a string holds an unpaired surrogate (it is not Unicode text), beside the other checks of text. */
export { hasLoneSurrogate };

/** True when the string holds a control character (C0, DEL, C1) or a Unicode line or paragraph separator. */
export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/** What keeps `value` from being text of this kind, or undefined; the message never quotes it. */
export function textProblem(value: string, kind: TextKind): string | undefined {
  if (hasLoneSurrogate(value)) return 'expected Unicode text; the value holds an unpaired surrogate, which UTF-8 cannot carry';
  if (kind === 'any') return undefined;
  if (kind === 'lines') {
    return CONTROL_BUT_LF_TAB.test(value) ? 'expected lines of text; the value holds a control character other than a line feed or a tab (CR, NUL, NEL, U+2028 …)' : undefined;
  }
  if (LINE_BREAK.test(value)) return 'expected one line; the value holds a line break (LF, CR, NEL, U+2028 or U+2029)';
  if (CONTROL.test(value)) return 'expected one line of text; the value holds a control character (a tab, NUL, ESC, DEL, a C1 control …)';
  return undefined;
}
