/**
 * newrelic.ini as the New Relic Python agent reads it: `configparser.RawConfigParser()` with its
 * defaults (newrelic/config.py), reading the file line by line. So:
 * - a value is the rest of its physical line after `=` or `:`, stripped of surrounding whitespace;
 *   a line break in a value starts a new line (a new key, a section header, or, indented, a
 *   continuation of the value); no interpolation (`%` is literal), no inline comments (`#` and `;`
 *   are literal inside a value);
 * - a line whose first non-blank character is `#` or `;` is a comment; `[name]` starts a section;
 * - option names are case-insensitive (lower-cased) and `strict`: the same option twice in a section
 *   is an error that stops the agent from reading the file at all.
 * Values that cannot be carried (line breaks, control characters, surrounding whitespace) are refused,
 * never encoded: the ini format has no escapes.
 */
import { hasControlCharacter, hasLoneSurrogate } from './text';

/** The section drydock-fn writes. */
export const NEW_RELIC_SECTION = 'newrelic';
/** Keys drydock-fn writes itself; extra lines may not set them again. */
export const NEW_RELIC_OWN_KEYS = ['license_key', 'app_name'] as const;

/** Why `value` cannot be a newrelic.ini value, or undefined; never quotes the value. */
export function newRelicIniValueProblem(value: string): string | undefined {
  if (hasLoneSurrogate(value)) return 'holds an unpaired surrogate, which UTF-8 cannot carry';
  if (/[\n\r\u000b\u000c\u0085\u2028\u2029]/.test(value)) return 'holds a line break, which would start another line of newrelic.ini';
  if (hasControlCharacter(value)) return 'holds a control character (a tab, NUL, ESC …), which newrelic.ini cannot carry';
  if (value !== value.trim()) return 'starts or ends with whitespace, which the New Relic agent strips from newrelic.ini values';
  return undefined;
}

/** `key = value`, the line the agent reads as `key` → `value`. */
export function newRelicIniLine(key: string, value: string): string {
  if (!/^[a-z0-9_][a-z0-9_.-]*$/.test(key)) throw new Error('a newrelic.ini key must be lower-case letters, digits, "_", "." and "-"');
  if (newRelicIniValueProblem(value)) throw new Error(`the value of newrelic.ini key ${key} cannot be written`);
  return `${key} = ${value}`;
}

/** An option line of the extra lines: a key of the agent's alphabet, `=` or `:`, a value. */
const OPTION_LINE = /^([a-z0-9_][a-z0-9_.-]*)[ ]*[=:](.*)$/;

/**
 * Why the extra lines (newRelic.extraConfig) are not newrelic.ini lines of the [newrelic] section, or
 * undefined. Allowed: blank lines, comment lines (`#` or `;` first), and `key = value` (or `key: value`)
 * lines with a lower-case key, each key once and neither license_key nor app_name (which drydock-fn
 * writes). Refused: section headers, indented lines (a continuation of the line before), control
 * characters. The message names the line by number, never its text (it may hold a secret: proxy_pass).
 */
export function newRelicExtraConfigProblem(text: string): string | undefined {
  if (hasLoneSurrogate(text)) return 'holds an unpaired surrogate, which UTF-8 cannot carry';
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const seen = new Set<string>();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const where = `line ${index + 1}`;
    if (line === '') continue;
    if (/[\r\u000b\u000c\u0085\u2028\u2029]/.test(line)) return `${where} holds a line break other than a line feed (CR, NEL, U+2028 …): write LF-separated lines`;
    if (hasControlCharacter(line)) return `${where} holds a control character (a tab, NUL, ESC …), which newrelic.ini cannot carry`;
    if (/^\s/.test(line)) return `${where} starts with whitespace: the agent would read it as the continuation of the line before; start every line in column 1`;
    if (line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) return `${where} is a section header: the extra lines belong to the [${NEW_RELIC_SECTION}] section drydock-fn writes`;
    const option = OPTION_LINE.exec(line);
    if (!option) return `${where} is not "key = value" with a lower-case key (letters, digits, "_", "." and "-"), a comment (# or ;) or blank`;
    const key = option[1];
    if ((NEW_RELIC_OWN_KEYS as readonly string[]).includes(key)) return `${where} sets ${key}, which drydock-fn writes from newRelic.${key === 'app_name' ? 'appName' : 'licenseKey'}`;
    if (seen.has(key)) return `${where} sets ${key} a second time: the agent refuses a key twice and then reads no setting at all`;
    seen.add(key);
  }
  return undefined;
}
