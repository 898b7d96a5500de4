/**
 * Text for one line of a terminal or a log: the lines drydock-fn prints on stderr (one per result)
 * and the lines of its reports (compare, waves, config-from-tutor's notes). Names, keys and values in
 * them come from the user's manifests and settings and may hold any character.
 */

/**
 * Characters that must not reach a line raw: line breaks of any reader (LF, CR, VT, FF, NEL, LINE and
 * PARAGRAPH SEPARATOR), every other C0 and C1 control and DEL (terminal escape sequences), format
 * characters (bidirectional overrides and isolates that make a line read differently from its bytes,
 * zero-width characters, the byte order mark) and lone surrogates (which UTF-8 cannot carry).
 */
const NOT_ON_A_LINE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|\p{Cs}/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(character: string): string {
  const short = SHORT_ESCAPES[character];
  if (short) return short;
  // JSON's escape (UTF-16 units), so that inside a JSON-quoted name of a message it means the same.
  let out = '';
  for (let i = 0; i < character.length; i++) out += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * The text with every character of {@link NOT_ON_A_LINE} written as a JSON escape (`\n`, `\r`, `\t`,
 * `\u2028` …): printed, it is exactly one line that shows what the text holds. Everything else is kept,
 * backslashes and quotes too (messages already quote names with JSON.stringify, whose escapes this keeps).
 */
export function oneLine(text: string): string {
  NOT_ON_A_LINE.lastIndex = 0;
  return NOT_ON_A_LINE.test(text) ? text.replace(NOT_ON_A_LINE, escape) : text;
}
