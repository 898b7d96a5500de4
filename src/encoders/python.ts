/**
 * Python string literals in the Django settings drydock-fn edits (production.py, development.py; UTF-8
 * source). Text without a quote, a backslash or a control character is written as it is (Drydock's
 * `"value"`); those are escaped (`\"`, `\\`, `\n`, `\xHH`, `\uXXXX`), so the literal stays on one line
 * and Python reads it back as exactly the value.
 */
import { hasLoneSurrogate } from './text';

/** What needs an escape: the quote, the backslash, C0, DEL, C1, the Unicode line and paragraph separators, the BOM. */
const ESCAPED = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;
const NAMED: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Why `value` cannot be a Python string of the settings, or undefined; never quotes the value. */
export function pythonStringProblem(value: string): string | undefined {
  return hasLoneSurrogate(value) ? 'holds an unpaired surrogate, which a UTF-8 settings file cannot carry' : undefined;
}

/** A double-quoted Python string literal whose value is `value`. */
export function pythonString(value: string): string {
  if (pythonStringProblem(value)) throw new Error('a Python string holds an unpaired surrogate');
  return `"${value.replace(ESCAPED, (char) => {
    const code = char.charCodeAt(0);
    return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  })}"`;
}
