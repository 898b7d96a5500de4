/**
 * Plain scalars read as numbers the way Kubernetes' readers read them: go-yaml v3's resolve.go, which
 * kyaml (kustomize, kpt) and kubectl use. `kubectl kustomize` writes `0b101` as 5, `-0x1F` as -31,
 * `017` as 15 (YAML 1.1's octal), `1_000` as 1000, `-.5` as -0.5 and `-0` or `-0.0` as 0, where the YAML 1.2
 * core schema of js-yaml and of the `yaml` package each read some of these otherwise (a string, 17,
 * -0). Both of drydock-fn's readers read plain scalars of a number's shape with
 * {@link goYamlPlainNumber}, so that an item reads the same whichever reader reads it, and as
 * kustomize does.
 */
import * as jsyaml from 'js-yaml';
import type { ScalarTag } from 'yaml';
import { yamlUtil } from './yaml-lib';

/** resolve.go's table: the special floats (booleans and nulls are the core schema's). */
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((text) => [text, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((text) => [text, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((text) => [text, -Infinity] as const),
]);

/** strconv.ParseInt(plain, 0, 64)'s syntax: a sign, then a base prefix (a lone leading 0 is octal). */
const GO_INT = /^([-+]?)(?:0[bB]([01]+)|0[oO]([0-7]+)|0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))$/;
/** resolve.go's yamlStyleFloat, tried when the text is no int64 or uint64. */
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** A float that starts with its dot: strconv.ParseFloat of the text as it is (underscores only between digits). */
const DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;
/** What the YAML 1.2 core schema reads as a number (js-yaml and `yaml` alike, overflow to ±Infinity included). */
const CORE_NUMBER = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The number go-yaml v3 reads from a plain scalar, or undefined where it reads something else (text,
 * a boolean, null, a timestamp): underscores dropped, ints in every base Go's ParseInt takes (binary,
 * octal with 0o or a leading 0, hexadecimal, with a sign), then floats; an int beyond 64 bits is a
 * float when written in decimals, text otherwise, and a float beyond the doubles is text.
 */
export function goYamlPlainNumber(source: string): number | undefined {
  const special = SPECIAL_FLOATS.get(source);
  if (special !== undefined) return special;
  if (source.startsWith('.')) return DOT_FLOAT.test(source) ? finite(Number(source.replace(/_/g, ''))) : undefined;
  if (!/^[-+0-9]/.test(source)) return undefined;
  const plain = source.replace(/_/g, '');
  const int = GO_INT.exec(plain);
  if (int) {
    const [, sign, binary, octal, hex, leadingZero, decimal] = int;
    const magnitude =
      binary !== undefined ? BigInt(`0b${binary}`) : octal !== undefined ? BigInt(`0o${octal}`) : hex !== undefined ? BigInt(`0x${hex}`) : leadingZero !== undefined ? BigInt(`0o${leadingZero}`) : BigInt(decimal);
    const value = sign === '-' ? -magnitude : magnitude;
    // ParseUint takes no sign.
    if ((value >= INT64_MIN && value <= INT64_MAX) || (sign === '' && value <= UINT64_MAX)) return finite(Number(value));
  }
  return GO_FLOAT.test(plain) ? finite(Number(plain)) : undefined;
}

/** resolve.go's table of words: its booleans, nulls and the merge key (YAML 1.1's yes, no, on, off are strings to go-yaml v3). */
const RESOLVED_WORDS = new Map<string, 'boolean' | 'null' | 'merge key'>([
  ...['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].map((text) => [text, 'boolean'] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((text) => [text, 'null'] as const),
  ['<<', 'merge key'],
]);

/** resolve.go's allowedTimestampFormats, read by time.Parse: a date of short fields, perhaps a time. */
const GO_TIMESTAMP = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?))?$/;

function isGoTimestamp(source: string): boolean {
  const match = GO_TIMESTAMP.exec(source);
  if (!match) return false;
  const [year, month, day] = match.slice(1, 4).map(Number);
  // time.Parse checks the day against the month (29 February only in leap years).
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  const [hour, minute, second] = (match[4] !== undefined ? match.slice(4, 7) : match.slice(7, 10)).map((field) => Number(field ?? 0));
  return hour < 24 && minute < 60 && second < 60;
}

/** What go-yaml v3 (kyaml: kustomize, kpt) reads a plain scalar as, by resolve.go's rule. */
export type GoYamlPlainType = 'string' | 'number' | 'boolean' | 'null' | 'merge key' | 'date';

/**
 * The type go-yaml v3 resolves a plain scalar to: a word of its table, a number
 * ({@link goYamlPlainNumber}), a timestamp (tried only on text that starts with a digit), else a
 * string. A mapping with any key not resolved to a string is one kyaml cannot turn into JSON
 * (kustomize 4.5 and 5.5 fail, "unsupported type: map[interface {}]interface {}"), even when the key
 * was written quoted (test/go-yaml-numbers.test.ts shows it with both).
 */
export function goYamlPlainType(source: string): GoYamlPlainType {
  const word = RESOLVED_WORDS.get(source);
  if (word !== undefined) return word;
  if (goYamlPlainNumber(source) !== undefined) return 'number';
  if (/^[0-9]/.test(source) && isGoTimestamp(source)) return 'date';
  return 'string';
}

/** Whether go-yaml v3 reads a plain scalar as this string. */
export function goYamlReadsPlainAsString(source: string): boolean {
  return goYamlPlainType(source) === 'string';
}

/** strconv.ParseFloat fails beyond the doubles (go-yaml then reads the text); -0.0 is written 0 by kustomize. */
function finite(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  return value === 0 ? 0 : value;
}

/** Plain scalars whose reading these rules decide: a number to go-yaml, or to the core schema (then text where go-yaml reads text). */
function decidedHere(source: string): boolean {
  // Most plain scalars are words: a look at the first character settles them.
  if (!/^[-+.0-9]/.test(source)) return false;
  return goYamlPlainNumber(source) !== undefined || CORE_NUMBER.test(source);
}

/** The value of such a scalar: go-yaml's number, or the text. */
function valueOf(source: string): number | string {
  return goYamlPlainNumber(source) ?? source;
}

/**
 * The `yaml` package's tag for them, put before the core schema's own (which still print numbers).
 * Its `test` is a predicate where `yaml` expects a RegExp: `yaml` only calls `test()` on it, to read a
 * plain scalar and to see whether a string must be quoted.
 */
export const GO_YAML_NUMBER_TAG: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: Object.assign(/(?:)/, { test: decidedHere }),
  // Every number is printed by this tag, so that a number read from a text keeps its bytes.
  identify: (value) => typeof value === 'number',
  resolve: valueOf,
  stringify: printNumberAsRead,
};

/**
 * `!!float` written on a number go-yaml reads as an int (`!!float 1`, `!!float 0x10`): go-yaml's
 * resolve.go makes it that float; the core schema's float tags match only a float's text and left
 * `yaml` reading the string "1". Never chosen for an untagged scalar: {@link GO_YAML_NUMBER_TAG},
 * before it, reads every plain number.
 */
export const GO_YAML_FLOAT_TAG: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: Object.assign(/(?:)/, { test: (source: string) => goYamlPlainNumber(source) !== undefined }),
  identify: () => false,
  resolve: (source) => goYamlPlainNumber(source) as number,
  stringify: printNumberAsRead,
};

/**
 * A number as the text it was read from while that text still reads as this number (`0x10`, `1.50`,
 * `017`, `.NaN` keep their bytes when an item is printed again whole), else as `yaml` prints numbers.
 */
function printNumberAsRead(...[scalar, context, onComment, onChompKeep]: Parameters<NonNullable<ScalarTag['stringify']>>): string {
  // Text under an explicit tag that resolves to no number (`!!float abc`, which `yaml` reads as text):
  // printed as text, not as the NaN a number printer makes of it.
  if (typeof scalar.value !== 'number') return yamlUtil().stringifyString(scalar, context, onComment, onChompKeep);
  const source = scalar.source;
  if (typeof source === 'string' && Object.is(goYamlPlainNumber(source), scalar.value)) return source;
  return yamlUtil().stringifyNumber(scalar);
}

/** js-yaml's own types (its typings leave them out). */
const JS_YAML_TYPES = (jsyaml as unknown as { readonly types: Readonly<Record<'null' | 'bool', jsyaml.Type>> }).types;

/** js-yaml's core schema with its int and float types replaced by these rules. */
export const GO_YAML_JS_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [JS_YAML_TYPES.null, JS_YAML_TYPES.bool, new jsyaml.Type('tag:yaml.org,2002:int', { kind: 'scalar', resolve: (data: unknown) => typeof data === 'string' && decidedHere(data), construct: (data: string) => valueOf(data) })],
});

/**
 * What js-yaml with GO_YAML_JS_SCHEMA makes of a (non-empty) plain scalar, by the schema's own types in
 * their order: null, bool, then these number rules, else the text (for the line reader of
 * read/simple-block.ts, which must read exactly as js-yaml does).
 */
export function jsYamlPlainValue(source: string): null | boolean | number | string {
  if (JS_YAML_TYPES.null.resolve(source)) return null;
  if (JS_YAML_TYPES.bool.resolve(source)) return JS_YAML_TYPES.bool.construct(source) as boolean;
  return decidedHere(source) ? valueOf(source) : source;
}
