/**
 * Reading one value of the ConfigMap form as Tutor reads the value in config.yml (YAML 1.1, as
 * PyYAML's safe_load), the warning for what that reading loses of a value's text, and the value that
 * gives a setting exactly the text wanted (what config-from-tutor writes).
 */
import { isPlainObject } from '../krm/types';
import { safeLoad } from '../krm/safe-load';
import type { PyScalar, SafeLoadReading } from '../krm/safe-load';
import { unwritableCharacterProblem } from '../krm/yaml11';
import { yamlSyntaxIn } from '../krm/yaml-syntax';
import type { YamlSyntax } from '../krm/yaml-syntax';
import { oneLine } from '../one-line';
import type { AnySetting } from './dsl';
import { hasType } from './setting-paths';

/** A ConfigMap value as read: the value, and safe_load's reading of the text. */
export interface ConfigMapValue {
  readonly value: unknown;
  readonly reading: SafeLoadReading;
}

/**
 * A ConfigMap string read as Tutor reads the value in config.yml: YAML 1.1, as PyYAML's safe_load
 * (`yes` is true, `050` is 40). Text that is not YAML to PyYAML is its text; YAML that safe_load reads
 * as something no setting takes, or that drydock-fn cannot read as PyYAML does, is `unsupported` (the
 * value then is the text). The one reading of a ConfigMap value: the decoder's, and the one that finds
 * the config's secret values (secrets.ts), which is only sound while both read values alike.
 */
export function readConfigMapValue(raw: string): ConfigMapValue {
  const reading = safeLoad(raw);
  return { value: reading.kind === 'value' ? reading.value : raw, reading };
}

/** The error for a value safe_load reads as something no setting takes (never quoting the value). */
function unsupportedValue(reading: Extract<SafeLoadReading, { kind: 'unsupported' }>): string {
  return `read as YAML 1.1, as Tutor reads config.yml, the value holds ${reading.problem}; to give text, write it as a double-quoted YAML string inside the value, with JSON's escapes: '"…"'`;
}

/** What a scalar of another type than a string is, for messages about a string setting given one. */
const NOT_TEXT: Readonly<Record<Exclude<PyScalar['type'], 'str' | 'null'>, string>> = {
  bool: 'a boolean (yes, no, on, off, true, false), which Tutor writes True or False',
  int: 'an integer (a leading 0 is octal, 0x hexadecimal, 0b binary, colons base 60, underscores dropped), which Tutor writes in decimal',
  float: 'a floating-point number, which Tutor writes as Python does (0.5, 1e+16, inf)',
  timestamp: 'a date or a time, which Tutor writes as Python does (2001-12-14, 2001-12-14 21:59:43+00:00)',
};

export interface ConvertedValue {
  readonly value?: unknown;
  readonly error?: string;
  /** The value's reading as YAML 1.1, where it was read so. */
  readonly reading?: SafeLoadReading;
}

export function convertDrydockValue(name: string, raw: string, setting: AnySetting): ConvertedValue {
  const expectsString = hasType(setting, 'string');
  if (raw.includes('{{')) {
    // Tutor defaults written as Jinja (DRYDOCK_LETSENCRYPT_EMAIL: "{{ CONTACT_EMAIL }}") mean "the default".
    if (/^\s*\{\{\s*[A-Z0-9_]+\s*\}\}\s*$/.test(raw) && setting.defaultValue === null) return { value: undefined };
    return { error: `Jinja templates are not rendered by drydock-fn: give the rendered value` };
  }
  // Refused by key whatever the setting's type: no reading, and no message, may show such a value.
  const unwritable = unwritableCharacterProblem(raw);
  if (unwritable) return { error: unwritable };
  const { value, reading } = readConfigMapValue(raw);
  if (reading.kind === 'unsupported') return { error: unsupportedValue(reading), reading };
  if (name === 'DRYDOCK_CUSTOM_CERTS') {
    if (value === null || (isPlainObject(value) && Object.keys(value).length === 0)) return { value: null, reading };
    if (!isPlainObject(value)) return { error: 'expected a mapping {secret_name, crt, key}' };
    const { secret_name: secretName, crt, key, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) return { error: `unknown key ${JSON.stringify(extra[0])}; expected secret_name, crt and key` };
    return { value: { ...(secretName !== undefined ? { secretName } : {}), ...(crt !== undefined ? { crt } : {}), ...(key !== undefined ? { key } : {}) }, reading };
  }
  if (expectsString && !hasType(setting, 'array')) {
    if (reading.kind !== 'value') return { value: raw, reading };
    const scalar = reading.scalar;
    // A list or mapping is the text it is written in: the registry credentials are the Docker config JSON
    // (Drydock rendered Python's form of it, which the kubelet cannot read).
    if (!scalar) return { value: raw, reading };
    // YAML's null spellings are null where the setting may be null; an empty value is the empty text.
    if (scalar.type === 'null') return { value: hasType(setting, 'null') && raw !== '' ? null : raw, reading };
    // A boolean, number or date: the text Tutor's templates render from it, as Drydock's did.
    return { value: scalar.text, reading };
  }
  if (hasType(setting, 'integer') && reading.kind === 'value' && reading.scalar?.type === 'float') {
    return { error: `read as YAML 1.1, as Tutor reads config.yml, the value is a floating-point number (Tutor writes it with a decimal point): give an integer`, reading };
  }
  return { value, reading };
}

/** YAML's spellings of null (core schema): a nullable string setting given one of them is null. */
const NULL_TEXT = /^(?:null|Null|NULL|~)$/;

/**
 * The documented way to give a ConfigMap value's text exactly: one double-quoted YAML string on one
 * line, with JSON's escapes. A value of this form is read as its string, without a warning.
 */
const EXPLICIT_STRING = /^"(?:[^"\\\r\n]|\\[^\r\n])*"$/;

/** What a value's reading lost, for the warning: the syntax it dropped, or the changes to its text. */
interface TextLost {
  /** Whether the setting takes the text itself (a string setting), rather than a value the text spells. */
  readonly asText: boolean;
  readonly what: readonly string[];
  /** A number YAML 1.1 reads otherwise than in decimal (`010`), rather than syntax dropped. */
  readonly number?: boolean;
  /** What YAML 1.1 reads a string setting's value as, when not text (`yes`: a boolean). */
  readonly readAs?: string;
}

const LOST_SYNTAX: Readonly<Record<YamlSyntax, string>> = {
  comment: 'a comment (# after a space or at the start)',
  anchor: 'an anchor (&name)',
  alias: 'an alias (*name)',
  tag: 'a tag (!…)',
  'document-marker': 'a document marker or directive (---, ..., %)',
  'single-quotes': 'its quotes',
  'double-quotes': 'its quotes',
  'block-scalar': 'a block scalar header (| or >)',
};

/** Syntax that is never part of a value, whatever its type; quotes and the like are, for a typed value, how it is spelt. */
const DROPPED_FROM_ANY_VALUE: ReadonlySet<YamlSyntax> = new Set(['comment', 'anchor', 'alias', 'tag', 'document-marker']);

/**
 * What reading the ConfigMap value `raw` as YAML 1.1 (as Tutor reads config.yml) lost or changed, or
 * undefined when nothing counts. A string setting must get the text exactly, except for the
 * documented forms: a double-quoted string on one line (EXPLICIT_STRING) and, where the setting may
 * be null, YAML's null spellings; a value YAML 1.1 reads as a boolean, number or date gets the text
 * Tutor renders from it (`yes` is `True`), said by the warning. A setting of another type (boolean,
 * number, list, group) is spelt in YAML: only syntax that is never part of a value (a comment, an
 * anchor or alias, a tag, a document marker) counts — `"true # on"` is true, and `"#50"` is no value
 * at all — and a number YAML 1.1 reads otherwise than its digits say in decimal (`010` is 8, `1:20`
 * is 80).
 */
export function textLost(raw: string, converted: ConvertedValue, setting: AnySetting): TextLost | undefined {
  const value = converted.value;
  const scalar = converted.reading?.kind === 'value' ? converted.reading.scalar : undefined;
  if (hasType(setting, 'string') && !hasType(setting, 'array')) {
    if (value === raw) return undefined;
    if (value === null && NULL_TEXT.test(raw.trim())) return undefined;
    if (typeof value === 'string' && EXPLICIT_STRING.test(raw)) return undefined;
    const what = [...new Set(yamlSyntaxIn(raw).map((syntax) => LOST_SYNTAX[syntax]))];
    if (raw.trim() !== raw) what.push('spaces or line breaks at its start or end');
    if (/\S\s*[\r\n]\s*\S/.test(raw)) what.push('line breaks (folded into spaces)');
    const readAs = scalar && scalar.type !== 'str' && scalar.type !== 'null' ? NOT_TEXT[scalar.type] : undefined;
    return { asText: true, what: what.length > 0 || readAs ? what : ['part of its text'], ...(readAs ? { readAs } : {}) };
  }
  const renumbered = scalar?.type === 'int' || scalar?.type === 'float' ? renumberingOf(raw.trim()) : undefined;
  if (renumbered) return { asText: false, what: [renumbered], number: true };
  // A quick look first: the lexer (the `yaml` package) is loaded only for values that may need it.
  if (!/[#&*!%]|---|\.\.\./.test(raw)) return undefined;
  const what = [...new Set(yamlSyntaxIn(raw).filter((syntax) => DROPPED_FROM_ANY_VALUE.has(syntax)).map((syntax) => LOST_SYNTAX[syntax]))];
  return what.length > 0 ? { asText: false, what } : undefined;
}

/**
 * How YAML 1.1 reads a number otherwise than its digits say in decimal, for the warning: a leading 0
 * (octal) that changes the number, colons (base 60). Prefixes (0x, 0b) and underscores say what they do.
 */
function renumberingOf(text: string): string | undefined {
  const digits = text.replace(/_/g, '').replace(/^[-+]/, '');
  if (/^0[0-7]+$/.test(digits) && parseInt(digits, 8) !== parseInt(digits, 10)) return 'a number with a leading 0 is octal (010 is 8)';
  if (/^[0-9]+(?::[0-9]+)+(?:\.[0-9]*)?$/.test(digits)) return 'a number with colons is in base 60 (1:20 is 80)';
  return undefined;
}

/** The warning for a value that lost text: names the key and what was lost, never the value (it may be a secret). */
export function textLostMessage(name: string, lost: TextLost): string {
  if (lost.number) return `read as YAML 1.1, as Tutor reads config.yml, ${lost.what.join(', ')}: the setting takes that number; write it in decimal`;
  const read = `read as YAML 1.1, as Tutor reads config.yml, ${[
    ...(lost.what.length > 0 ? [`the value lost ${lost.what.join(', ')}`] : []),
    ...(lost.readAs ? [`the value is ${lost.readAs}: the setting takes the text Tutor writes`] : []),
  ].join(', and ')}`;
  if (!lost.asText) return `${read}: the setting takes the value without it`;
  return `${read}; to keep its text as it is, write it as a double-quoted YAML string inside the value, with JSON's escapes: ${name}: '"…"' (drydock-fn config-from-tutor writes values so)`;
}

/**
 * The ConfigMap value that gives a string setting exactly `text`, without a warning: `text` itself
 * when it reads as itself and every character may stand raw in YAML on one line, else the documented
 * double-quoted form. For a setting of another type, `text` spells a value in YAML: returned as it is.
 */
export function configMapText(text: string, setting: AnySetting): string {
  if (!hasType(setting, 'string') || hasType(setting, 'array')) return text;
  const converted = convertDrydockValue('', text, setting);
  if (converted.error === undefined && converted.value === text && oneLine(text) === text && !/[\ufffe\uffff]/.test(text)) return text;
  return configMapJson(text);
}

/**
 * A value as JSON for a ConfigMap value, on one line: JSON's escapes also for the characters JSON
 * leaves raw and a reader may take for a line break or refuse (see oneLine; U+FFFE, U+FFFF), and for
 * `{{`, which would read as Jinja. YAML reads it as JSON does.
 */
export function configMapJson(value: unknown): string {
  return oneLine(JSON.stringify(value))
    .replace(/[\ufffe\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16)}`)
    .replace(/\{\{/g, '{\\u007b');
}
