/**
 * Python string literals in the Django settings drydock-fn edits (production.py, development.py).
 * Printable ASCII without the quote and the backslash is written as it is (Drydock's `"value"`);
 * anything else is escaped (`\\`, `\"`, `\n`, `\xHH`, `\uXXXX`, `\UXXXXXXXX`), so the literal is
 * one line of printable ASCII that Python reads back as exactly the value.
 */
import { hasLoneSurrogate } from './text';

const PLAIN = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;
const NAMED: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Why `value` cannot be a Python string of the settings, or undefined; never quotes the value. */
export function pythonStringProblem(value: string): string | undefined {
  return hasLoneSurrogate(value) ? 'holds an unpaired surrogate, which a UTF-8 settings file cannot carry' : undefined;
}

/** A double-quoted Python string literal whose value is `value`. */
export function pythonString(value: string): string {
  if (PLAIN.test(value)) return `"${value}"`;
  if (pythonStringProblem(value)) throw new Error('a Python string holds an unpaired surrogate');
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (NAMED[char] !== undefined) out += NAMED[char];
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
