/**
 * A drift check: the cases are made from the settings the code declares (src/config/settings.ts),
 * so a setting added later is covered without a new case. Every setting, given a value of the wrong type and (where the setting has a range, a pattern or
 * choices) a wrong value, in both config forms: an error result with code CONFIG_INVALID_VALUE that
 * names the field as the user wrote it (`spec.<path>`, or `data.<DRYDOCK name or path>`), exit 1, the
 * input items back unchanged, and for a secret setting no trace of the value given.
 */
import type { AnySetting, JsonSchema } from '../src/config/dsl';
import { ONE_LINE_PATTERN } from '../src/encoders/text';
import { drydockNames } from '../src/config/configmap-form';
import { settingPaths } from '../src/config/setting-paths';
import { runFunction } from '../src/run';
import * as YAML from 'yaml';

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const ITEMS = 'items:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: lms # the LMS\n  spec:\n    replicas: 1\n';
/** Violates every string pattern of the settings (spaces, capitals, "!"), and is no number. */
const BAD_STRING = 'Not A Valid Value!';
/** Not one line of text (a control character, which also survives the ConfigMap form's YAML reading). */
const NOT_ONE_LINE = 'not one\u0007line';

interface Field {
  readonly path: string[];
  readonly setting: AnySetting;
}

/** Settings a user can set: everything except the fields inside list items (initJobs.tasks[].service). */
function settableFields(): Field[] {
  const lists = new Set(settingPaths().filter(({ setting }) => setting.schema.type === 'array').map(({ path }) => path.join('.')));
  return settingPaths().filter(({ path }) => ![...lists].some((list) => path.join('.').startsWith(`${list}.`)));
}

function types(schema: JsonSchema): string[] {
  if (schema.anyOf) return ['group-or-null'];
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : [type as string];
}

/** A value of the wrong type for the setting. */
function wrongType(setting: AnySetting): unknown {
  const [type] = types(setting.schema).filter((name) => name !== 'null');
  switch (type) {
    case 'boolean':
      return 'maybe';
    case 'integer':
      return 'many';
    case 'string':
      return 12345;
    case 'array':
      return 'just one';
    default:
      return setting.fields ? 5 : ['not', 'a', 'mapping']; // groups; maps of names to values
  }
}

/** A value of the right type outside the setting's range, pattern or choices; undefined when any value fits. */
function wrongValue(setting: AnySetting): unknown {
  const schema = setting.schema;
  const [type] = types(schema).filter((name) => name !== 'null');
  if (type === 'integer') {
    if (typeof schema.maximum === 'number') return schema.maximum + 1;
    if (typeof schema.minimum === 'number') return schema.minimum - 1;
    return undefined;
  }
  if (type === 'string') {
    if (schema.enum) return 'not-a-choice';
    if (schema.pattern === ONE_LINE_PATTERN) return NOT_ONE_LINE;
    if (schema.pattern || setting.doc.description.includes('cron')) return BAD_STRING;
    if (schema.minLength) return '';
    return undefined;
  }
  if (type === 'array') {
    const items = (schema.items ?? {}) as JsonSchema;
    if (items.pattern) return [items.pattern === ONE_LINE_PATTERN ? NOT_ONE_LINE : BAD_STRING];
    if (items.type === 'object') return ['not a task'];
    return undefined;
  }
  if (type === 'object' && isPlain(schema.additionalProperties)) {
    const values = schema.additionalProperties as JsonSchema;
    return types(values).includes('integer') ? { somewhere: typeof values.maximum === 'number' ? values.maximum + 1 : 'high' } : { somewhere: 42 };
  }
  return undefined;
}

function isPlain(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, key, index) => (index === path.length - 1 ? { [key]: value } : { [key]: inner }), {});
}

/** The ConfigMap data key of a setting: its Drydock name, else its path. */
function dataKey(path: readonly string[]): string {
  const named = [...drydockNames().entries()].find(([, entry]) => entry.path.join('.') === path.join('.'));
  return named ? named[0] : path.join('.');
}

/** A ConfigMap value as a user would write it (strings as they are; the rest as YAML/JSON). */
function asConfigMapValue(value: unknown): unknown {
  if (typeof value === 'string') return value;
  // A number where a string is wanted: the one wrong type a ConfigMap can hold is a non-string value.
  if (typeof value === 'number' && Number.isInteger(value) && value === 12345) return 12345;
  return JSON.stringify(value);
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly field: string;
  readonly secret: boolean;
  readonly given: unknown;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const { path, setting } of settableFields()) {
    const label = path.join('.');
    for (const [what, value] of [['wrong type', wrongType(setting)], ['wrong value', wrongValue(setting)]] as const) {
      if (value === undefined) continue;
      const spec = YAML.stringify({ functionConfig: { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec: nest(path, value) } });
      out.push({ name: `${label}: ${what} (DrydockConfig)`, text: HEADER + ITEMS + spec, field: `spec.${label}`, secret: setting.doc.secret === true, given: value });
      const key = dataKey(path);
      const data = YAML.stringify({ functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data: { [key]: asConfigMapValue(value) } } });
      out.push({ name: `${label}: ${what} (ConfigMap ${key})`, text: HEADER + ITEMS + data, field: `data.${key}`, secret: setting.doc.secret === true, given: value });
    }
  }
  return out;
}

const CASES = cases();
const SETTINGS_COUNT = settableFields().length;
/** Settable fields when this check was last reviewed (raise it with the schema). */
const MIN_SETTINGS = 162;

describe(`drift check: every declared setting with a wrong type or value (${SETTINGS_COUNT} settings, ${CASES.length} cases)`, () => {
  test('every settable field has a wrong-type case in both forms', () => {
    expect(CASES.filter((testCase) => testCase.name.includes('wrong type')).length).toBe(2 * SETTINGS_COUNT);
    // The count the schema had when this check was written: a schema that loses settings is noticed.
    expect(SETTINGS_COUNT).toBeGreaterThanOrEqual(MIN_SETTINGS);
  });

  test.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const outcome = runFunction(testCase.text);
    expect(outcome.exitCode).toBe(1);
    const error = outcome.results.find((result) => result.severity === 'error');
    expect(error).toEqual(expect.objectContaining({ tags: { code: 'CONFIG_INVALID_VALUE' }, field: { path: expect.stringMatching(new RegExp(`^${testCase.field.replace(/[.[\]]/g, '\\$&')}(\\.|\\[|$)`)) } }));
    expect(error?.message).toContain(testCase.field);
    expect(outcome.output.startsWith(HEADER + ITEMS)).toBe(true);
    expect(outcome.diagnostics.every((line) => !line.includes('\n') && !/\bat .*:\d+:\d+/.test(line))).toBe(true);
    if (testCase.secret && typeof testCase.given === 'string' && testCase.given.length > 3) {
      expect(JSON.stringify(outcome.results) + outcome.diagnostics.join('\n')).not.toContain(testCase.given);
    }
  });
});
