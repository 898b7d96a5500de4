/**
 * MySQL string literals in the SQL the backup init task passes to `mysql -e` (MySQL's default
 * sql_mode, where backslash escapes apply; the statement is one argument of a shell word). The quote
 * is doubled and the backslash escaped; NUL, backspace, line feed, carriage return, tab and Ctrl-Z
 * are written as MySQL's escape sequences, so the literal holds no control character the mysql client
 * could treat as the end of a line or of the input (it turns CR LF into LF outside binary mode).
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '\u0000': '\\0',
  '\b': '\\b',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u001a': '\\Z',
  '\\': '\\\\',
  "'": "''",
};

/** A single-quoted MySQL string literal whose value is `value`. */
export function mysqlString(value: string): string {
  return `'${value.replace(/[\u0000\b\n\r\t\u001a\\']/g, (char) => ESCAPES[char])}'`;
}
