/**
 * JavaScript string literals in the scripts the MongoDB init tasks feed to `mongosh` (Node.js) or to
 * the legacy `mongo` shell (SpiderMonkey, ES5: there U+2028 and U+2029 end a line, also inside a
 * string literal, so that they must be escaped). The literal is pure printable ASCII whenever the value
 * is not: every other character is a `\uXXXX` escape, which every JavaScript reader decodes the same.
 */

/** Printable ASCII without the quote and the backslash: written as it is (Drydock's `"value"`). */
const PLAIN = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

/** A double-quoted JavaScript string literal whose value is `value`, in printable ASCII. */
export function jsString(value: string): string {
  if (PLAIN.test(value)) return `"${value}"`;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit === 0x22) out += '\\"';
    else if (unit === 0x5c) out += '\\\\';
    else if (unit >= 0x20 && unit <= 0x7e) out += value[i];
    else out += `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}
