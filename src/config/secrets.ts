/**
 * Keeping secret values out of results. Messages are written not to hold values of settings marked
 * secret; as a second line of defence, every result of a run is scrubbed of the secret values its
 * functionConfig holds (in either form), so that not even an internal error quoting a value can leak
 * one to stderr or into the output's results.
 */
import type { JsonValue, Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import { drydockNames, setPath } from './configmap-form';
import { convertDrydockValue, readConfigMapValue } from './configmap-values';
import { settingPaths, settingsByPath } from './setting-paths';

/** What a secret value is replaced with. */
export const REDACTED = '[redacted]';

/** Values shorter than this are not scrubbed: they would blank out ordinary words of messages. */
const MIN_SECRET_LENGTH = 4;

/**
 * The secret values a functionConfig holds: every string at or under a setting marked secret, for a
 * DrydockConfig (`spec`) and for a ConfigMap (`data`, by Drydock name or settings path, values read
 * as the decoder reads them: the text, what YAML 1.1 reads, and the value the setting gets, e.g.
 * `True` for `yes`). Never throws, whatever the config.
 */
export function secretValuesIn(functionConfig: unknown): string[] {
  if (!isPlainObject(functionConfig)) return [];
  const values = new Set<string>();
  const secretPaths = settingPaths().filter((entry) => entry.setting.doc.secret === true);
  const collect = (value: unknown): void => {
    if (typeof value === 'string') values.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (isPlainObject(value)) Object.values(value).forEach(collect);
  };
  const walk = (spec: unknown): void => {
    for (const { path } of secretPaths) {
      let node: unknown = spec;
      for (const key of path) node = isPlainObject(node) ? node[key] : undefined;
      collect(node);
    }
  };
  if (functionConfig.kind === 'ConfigMap') {
    const data = isPlainObject(functionConfig.data) ? functionConfig.data : {};
    const spec: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(data)) {
      const target = drydockNames().get(name) ?? settingsByPath().get(name);
      if (!target) continue;
      if (target.setting.doc.secret) {
        collect(raw);
        if (typeof raw === 'string') collect(convertDrydockValue(name, raw, target.setting).value);
      }
      setPath(spec, target.path, typeof raw === 'string' ? readConfigMapValue(raw).value : raw);
    }
    walk(spec);
  } else {
    walk(functionConfig.spec);
  }
  return [...values].filter((value) => value.trim().length >= MIN_SECRET_LENGTH);
}

/** The results with every occurrence of a secret value replaced by {@link REDACTED}. */
export function redactSecrets(results: readonly Result[], secrets: readonly string[]): Result[] {
  if (secrets.length === 0) return [...results];
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  const scrub = (text: string): string => ordered.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(REDACTED) : out), text);
  const scrubValue = (value: JsonValue | undefined): JsonValue | undefined => {
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map((entry) => scrubValue(entry) as JsonValue);
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, scrubValue(entry as JsonValue) as JsonValue]));
    return value;
  };
  return results.map((result) => {
    const field = result.field
      ? {
          ...result.field,
          ...(result.field.currentValue !== undefined ? { currentValue: scrubValue(result.field.currentValue) as JsonValue } : {}),
          ...(result.field.proposedValue !== undefined ? { proposedValue: scrubValue(result.field.proposedValue) as JsonValue } : {}),
        }
      : undefined;
    return { ...result, message: scrub(result.message), ...(field ? { field } : {}) };
  });
}
