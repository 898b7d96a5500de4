/**
 * One description per setting gives the io-ts codec that decodes it (defaults applied, unknown keys
 * rejected), its JSON Schema and its documentation, so the three cannot drift apart.
 */
import * as t from 'io-ts';
import { ONE_LINE_PATTERN, textProblem } from '../encoders/text';
import type { TextKind } from '../encoders/text';
import { describeValue } from '../krm/describe';
import { annotationsSize } from '../krm/names';
import { isPlainObject } from '../krm/types';
import type { JsonValue } from '../krm/types';

export type JsonSchema = { [key: string]: JsonValue | JsonSchema | JsonSchema[] | undefined };

/** Documentation carried by a setting. */
export interface SettingDoc {
  readonly description: string;
  /** The Tutor setting(s) of Drydock (or drydock-backups) this maps to, for the ConfigMap form. */
  readonly drydock?: string;
  /** Tutor releases the setting has an effect on, e.g. "15–22" (default: every release drydock-fn supports). */
  readonly tutor?: string;
  /** A valid value, for docs/settings.md and the JSON Schema's `examples` (every setting has one but a plain group). */
  readonly example?: JsonValue;
  /** Holds a secret value: never echoed in results, stderr or docs examples. */
  readonly secret?: boolean;
  /** Pages of the project's documentation that explain the feature, for docs/settings.md. */
  readonly see?: readonly DocLink[];
}

/** A page (and heading) of the project's documentation: a path from the repository root, `#anchor` optional. */
export interface DocLink {
  readonly title: string;
  readonly path: string;
}

export interface Setting<T> {
  readonly codec: t.Type<T, unknown, unknown>;
  readonly schema: JsonSchema;
  readonly defaultValue: T;
  readonly doc: SettingDoc;
  /** Sub-settings, for groups. */
  readonly fields?: Readonly<Record<string, AnySetting>>;
}

/** A setting of any value type (settings are invariant in their type, so `unknown` does not fit). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySetting = Setting<any>;

export type ValueOf<S> = S extends Setting<infer T> ? T : never;

/** Context key io-ts uses for a failure message we wrote ourselves. */
function fail<T>(input: unknown, context: t.Context, message: string): t.Validation<T> {
  return t.failure(input, context, message);
}

/** A failed check; `key` names the entry of a mapping at fault, which then ends the field path (`annotations["x y"]`). */
type Checked<T> = { ok: true; value: T } | { ok: false; message: string; key?: string; more?: readonly { message: string; key?: string }[] };

/** The context entry of a mapping's key in a field path: `["the key"]`, written after the mapping's name without a dot. */
export function mapKeyPathEntry(key: string): string {
  return `[${JSON.stringify(key)}]`;
}

function leaf<T>(name: string, schema: JsonSchema, defaultValue: T, doc: SettingDoc, check: (input: unknown) => Checked<T>): Setting<T> {
  const codec = new t.Type<T, unknown, unknown>(
    name,
    (input): input is T => check(input).ok,
    (input, context) => {
      if (input === undefined) return t.success(defaultValue);
      const checked = check(input);
      if (checked.ok) return t.success(checked.value);
      const failure = (problem: { message: string; key?: string }): t.ValidationError => ({
        value: input,
        context: problem.key === undefined ? context : [...context, { key: mapKeyPathEntry(problem.key), type: t.unknown, actual: input }],
        message: doc.secret ? problem.message.replace(/, got .*$/, '') : problem.message,
      });
      return t.failures([failure(checked), ...(checked.more ?? []).map(failure)]);
    },
    (value) => value,
  );
  return { codec, schema: { ...schema, description: doc.description, ...(doc.secret ? {} : { default: defaultValue as unknown as JsonValue }) }, defaultValue, doc };
}

export function bool(defaultValue: boolean, doc: SettingDoc): Setting<boolean> {
  return leaf('boolean', { type: 'boolean' }, defaultValue, doc, (input) =>
    typeof input === 'boolean' ? { ok: true, value: input } : { ok: false, message: `expected true or false, got ${describeValue(input)}` },
  );
}

export function int(defaultValue: number, limits: { min?: number; max?: number }, doc: SettingDoc): Setting<number> {
  const range = `${limits.min ?? '-∞'}..${limits.max ?? '∞'}`;
  return leaf('integer', { type: 'integer', minimum: limits.min, maximum: limits.max }, defaultValue, doc, (input) => {
    if (typeof input !== 'number' || !Number.isInteger(input)) return { ok: false, message: `expected an integer, got ${describeValue(input)}` };
    if ((limits.min !== undefined && input < limits.min) || (limits.max !== undefined && input > limits.max)) {
      return { ok: false, message: `expected an integer in ${range}, got ${input}` };
    }
    return { ok: true, value: input };
  });
}

/** true, false or null (null: a default that depends on the deployment, e.g. its Tutor release). */
export function optionalBool(doc: SettingDoc): Setting<boolean | null> {
  return leaf('boolean or null', { type: ['boolean', 'null'] }, null as boolean | null, doc, (input) =>
    input === null || typeof input === 'boolean' ? { ok: true, value: input } : { ok: false, message: `expected true, false or null, got ${describeValue(input)}` },
  );
}

/** An integer or null (null: not set); `defaultValue` is what an absent setting means. */
export function optionalInt(limits: { min?: number; max?: number }, doc: SettingDoc, defaultValue: number | null = null): Setting<number | null> {
  const inner = int(0, limits, doc);
  return leaf('integer or null', { type: ['integer', 'null'], minimum: limits.min, maximum: limits.max }, defaultValue, doc, (input) => {
    if (input === null) return { ok: true, value: null };
    const result = inner.codec.validate(input, []);
    return result._tag === 'Right' ? { ok: true, value: result.right } : { ok: false, message: result.left[0]?.message ?? 'invalid' };
  });
}

export interface StringRule {
  readonly pattern?: RegExp;
  /** Says what the pattern means, for messages: "a DNS name". */
  readonly patternName?: string;
  readonly minLength?: number;
  /**
   * What the value may hold (src/encoders/text.ts): one line without control characters unless said
   * otherwise, since most strings reach some text sink; 'lines' and 'any' only for values every sink
   * they reach takes as lines, or encodes.
   */
  readonly text?: TextKind;
  /** A further check; its message is followed by the value given. */
  readonly check?: (value: string) => string | undefined;
  /** A corrected value to suggest when the value is refused ("lms.example.com" for "LMS.example.com."). */
  readonly suggest?: (value: string) => string | undefined;
  /** The check of the text sink(s) the value reaches (src/encoders); its message never quotes the value. */
  readonly sink?: (value: string) => string | undefined;
}

function checkString(input: unknown, rule: StringRule): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof input !== 'string') return { ok: false, message: `expected a string, got ${describeValue(input)}` };
  // Before anything that quotes the value: a control character must not reach a message.
  const text = textProblem(input, rule.text ?? 'line');
  if (text) return { ok: false, message: text };
  if (rule.minLength !== undefined && input.length < rule.minLength) return { ok: false, message: `expected a non-empty string` };
  const suggestion = (): string => {
    const suggested = rule.suggest?.(input);
    return suggested !== undefined && suggested !== input ? ` (did you mean ${JSON.stringify(suggested)}?)` : '';
  };
  if (rule.pattern && !rule.pattern.test(input)) return { ok: false, message: `expected ${rule.patternName ?? `a string matching ${rule.pattern.source}`}${suggestion()}, got ${JSON.stringify(input)}` };
  const problem = rule.check?.(input);
  if (problem) return { ok: false, message: `${problem}${suggestion()}, got ${JSON.stringify(input)}` };
  const sinkProblem = rule.sink?.(input);
  if (sinkProblem) return { ok: false, message: sinkProblem };
  return { ok: true, value: input };
}

function stringSchema(rule: StringRule): JsonSchema {
  const pattern = rule.pattern ? rule.pattern.source : (rule.text ?? 'line') === 'line' ? ONE_LINE_PATTERN : undefined;
  return { type: 'string', ...(pattern ? { pattern } : {}), ...(rule.minLength ? { minLength: rule.minLength } : {}) };
}

export function str(defaultValue: string, rule: StringRule, doc: SettingDoc): Setting<string> {
  return leaf('string', stringSchema(rule), defaultValue, doc, (input) => checkString(input, rule));
}

/** A string or null (null: derive from the manifests, or not set). */
export function optionalStr(rule: StringRule, doc: SettingDoc): Setting<string | null> {
  const schema = stringSchema(rule);
  return leaf('string or null', { ...schema, type: ['string', 'null'] }, null as string | null, doc, (input) =>
    input === null ? { ok: true, value: null } : checkString(input, rule),
  );
}

export function oneOf<const V extends string>(values: readonly V[], defaultValue: V, doc: SettingDoc): Setting<V> {
  return leaf(values.join(' | '), { type: 'string', enum: [...values] }, defaultValue, doc, (input) => {
    if (typeof input === 'string' && (values as readonly string[]).includes(input)) return { ok: true, value: input as V };
    const choices = `expected one of ${values.map((value) => JSON.stringify(value)).join(', ')}`;
    // A value with a control character is not quoted: it would reach a message.
    const text = typeof input === 'string' ? textProblem(input, 'line') : undefined;
    return { ok: false, message: text ? `${choices}; ${text.replace(/^expected [^;]*; /, '')}` : `${choices}, got ${describeValue(input)}` };
  });
}

export function stringList(defaultValue: readonly string[], rule: StringRule, doc: SettingDoc): Setting<readonly string[]> {
  return leaf('list of strings', { type: 'array', items: stringSchema(rule) }, defaultValue, doc, (input) => {
    if (!Array.isArray(input)) return { ok: false, message: `expected a list of strings, got ${describeValue(input)}` };
    const values: string[] = [];
    for (let i = 0; i < input.length; i++) {
      const checked = checkString(input[i], rule);
      if (!checked.ok) return { ok: false, message: `item ${i}: ${checked.message}` };
      values.push(checked.value);
    }
    return { ok: true, value: values };
  });
}

/** A mapping from string keys to integers or null. */
export function intMap(doc: SettingDoc, limits: { min?: number; max?: number }): Setting<Readonly<Record<string, number | null>>> {
  return leaf(
    'mapping of integers',
    { type: 'object', additionalProperties: { type: ['integer', 'null'], minimum: limits.min, maximum: limits.max } },
    {} as Readonly<Record<string, number | null>>,
    doc,
    (input) => {
      if (!isPlainObject(input)) return { ok: false, message: `expected a mapping of names to integers, got ${describeValue(input)}` };
      for (const [key, value] of Object.entries(input)) {
        if (value === null) continue;
        if (typeof value !== 'number' || !Number.isInteger(value)) return { ok: false, message: `${key}: expected an integer or null, got ${describeValue(value)}` };
        if ((limits.min !== undefined && value < limits.min) || (limits.max !== undefined && value > limits.max)) {
          return { ok: false, message: `${key}: expected an integer in ${limits.min}..${limits.max}, got ${value}` };
        }
      }
      return { ok: true, value: input as Record<string, number | null> };
    },
  );
}

export interface MapRule {
  /** What is wrong with a key ("has an empty name"), or undefined. */
  readonly key?: (key: string) => string | undefined;
  /** Says what a key must be, for messages: "an annotation key". */
  readonly keyName?: string;
  /** JSON Schema pattern of the keys. */
  readonly keyPattern?: RegExp;
  /** The most UTF-8 bytes the keys and values may hold together. */
  readonly maxBytes?: number;
}

/** A mapping from string keys to strings (labels, annotations); a bad key or value names itself in the field path. */
export function stringMap(doc: SettingDoc, rule: MapRule = {}): Setting<Readonly<Record<string, string>>> {
  const schema: JsonSchema = { type: 'object', additionalProperties: { type: 'string' }, ...(rule.keyPattern ? { propertyNames: { pattern: rule.keyPattern.source } } : {}) };
  return leaf('mapping of strings', schema, {} as Readonly<Record<string, string>>, doc, (input) => {
    if (!isPlainObject(input)) return { ok: false, message: `expected a mapping of strings, got ${describeValue(input)}` };
    const problems: { message: string; key: string }[] = [];
    for (const [key, value] of Object.entries(input)) {
      const keyProblem = rule.key?.(key);
      if (keyProblem) problems.push({ key, message: `${JSON.stringify(key)} is not ${rule.keyName ?? 'a valid key'}: it ${keyProblem}` });
      else if (typeof value !== 'string') problems.push({ key, message: `${JSON.stringify(key)}: expected a string, got ${describeValue(value)} (quote it)` });
    }
    if (problems.length > 0) return { ok: false, ...problems[0], more: problems.slice(1) };
    const bytes = rule.maxBytes === undefined ? 0 : annotationsSize(input as Record<string, string>);
    if (rule.maxBytes !== undefined && bytes > rule.maxBytes) return { ok: false, message: `the keys and values hold ${bytes} bytes, more than the ${rule.maxBytes} allowed` };
    return { ok: true, value: input as Record<string, string> };
  });
}

/** A list whose items are groups. */
export function list<T>(item: Setting<T>, doc: SettingDoc): Setting<readonly T[]> {
  const codec = new t.Type<readonly T[], unknown, unknown>(
    `list of ${item.codec.name}`,
    (input): input is readonly T[] => Array.isArray(input),
    (input, context) => {
      if (input === undefined || input === null) return t.success([]);
      if (!Array.isArray(input)) return fail(input, context, `expected a list, got ${describeValue(input)}`);
      const values: T[] = [];
      const errors: t.ValidationError[] = [];
      input.forEach((element, index) => {
        const result = item.codec.validate(element, [...context, { key: String(index), type: item.codec, actual: element }]);
        if (result._tag === 'Left') errors.push(...result.left);
        else values.push(result.right);
      });
      return errors.length > 0 ? t.failures(errors) : t.success(values);
    },
    (value) => value,
  );
  return { codec, schema: { type: 'array', items: item.schema, description: doc.description, default: [] }, defaultValue: [], doc, fields: item.fields };
}

/** A group of named settings, or null when `nullable` (then absent and null mean "not used"). */
export function group<F extends Record<string, AnySetting>>(fields: F, doc: SettingDoc): Setting<{ readonly [K in keyof F]: ValueOf<F[K]> }> {
  type Value = { readonly [K in keyof F]: ValueOf<F[K]> };
  const names = Object.keys(fields);
  const defaultValue = Object.fromEntries(names.map((name) => [name, fields[name].defaultValue])) as Value;
  const codec = new t.Type<Value, unknown, unknown>(
    'group',
    (input): input is Value => isPlainObject(input),
    (input, context) => {
      if (input === undefined || input === null) return t.success(defaultValue);
      if (!isPlainObject(input)) return fail(input, context, `expected a mapping, got ${describeValue(input)}`);
      const errors: t.ValidationError[] = [];
      for (const key of Object.keys(input)) {
        if (!Object.prototype.hasOwnProperty.call(fields, key)) {
          errors.push({ value: input[key], context: [...context, { key, type: t.unknown, actual: input[key] }], message: unknownKeyMessage(key, names) });
        }
      }
      const value: Record<string, unknown> = {};
      for (const name of names) {
        const result = fields[name].codec.validate(input[name], [...context, { key: name, type: fields[name].codec, actual: input[name] }]);
        if (result._tag === 'Left') errors.push(...result.left);
        else value[name] = result.right;
      }
      return errors.length > 0 ? t.failures(errors) : t.success(value as Value);
    },
    (value) => value,
  );
  const properties = Object.fromEntries(names.map((name) => [name, fields[name].schema]));
  return {
    codec,
    schema: { type: 'object', additionalProperties: false, properties, description: doc.description },
    defaultValue,
    doc,
    fields,
  };
}

/** A group that may be null or absent (then its value is null). */
export function optionalGroup<F extends Record<string, AnySetting>>(fields: F, doc: SettingDoc): Setting<{ readonly [K in keyof F]: ValueOf<F[K]> } | null> {
  const inner = group(fields, doc);
  type Value = { readonly [K in keyof F]: ValueOf<F[K]> } | null;
  const codec = new t.Type<Value, unknown, unknown>(
    'group or null',
    (input): input is Value => input === null || inner.codec.is(input),
    (input, context) => (input === undefined || input === null ? t.success(null) : (inner.codec.validate(input, context) as t.Validation<Value>)),
    (value) => value,
  );
  return { codec, schema: { anyOf: [inner.schema, { type: 'null' }], description: doc.description, default: null }, defaultValue: null, doc, fields: inner.fields };
}

/** Marker prefix the reporter uses to recognise unknown-key failures (and add global suggestions). */
export const UNKNOWN_KEY_PREFIX = 'unknown field';

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  return `${UNKNOWN_KEY_PREFIX} ${JSON.stringify(key)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; known fields: ${known.join(', ')}`;
}

/** The candidate nearest to `word` when it is plausibly a typo of it. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
