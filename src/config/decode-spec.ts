/**
 * Decoding a spec (a DrydockConfig's, or the one built from a ConfigMap's data) into the settings,
 * every problem an error result that names the field and never a secret value.
 */
import type { ResultCode } from '../krm/codes';
import type { ResourceRef, Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import { unwritableCharacterProblem, unwritableMetadataProblem } from '../krm/yaml11';
import { UNKNOWN_KEY_PREFIX, mapKeyPathEntry } from './dsl';
import { formatConfigPath, isMappingSetting, isSecretPath, settingsPathOf, suggestPath } from './setting-paths';
import { SETTINGS } from './settings';
import type { DrydockSettings } from './settings';

export interface DecodedConfig {
  /** The settings; the defaults when decoding failed (then `results` holds errors). */
  readonly settings: DrydockSettings;
  readonly results: readonly Result[];
}

/** The functionConfig a result is about: the object, and its kpt file. */
export interface Origin {
  readonly ref?: ResourceRef;
  readonly file?: { readonly path: string; readonly index?: number };
}

/** An error result about a field of the functionConfig. */
export function configError(origin: Origin, fieldPath: string, code: ResultCode, message: string): Result {
  const subject = origin.ref ? `${origin.ref.kind} ${origin.ref.name}: ` : 'functionConfig: ';
  return {
    severity: 'error',
    tags: { code },
    message: `${subject}${fieldPath ? `${fieldPath}: ` : ''}${message}`,
    ...(origin.ref ? { resourceRef: origin.ref } : {}),
    ...(fieldPath ? { field: { path: fieldPath } } : {}),
    ...(origin.file ? { file: origin.file } : {}),
  };
}

/** The defaults, with the error results that say why the settings could not be decoded. */
export function decodingFailure(results: Result[]): DecodedConfig {
  return { settings: SETTINGS.defaultValue, results };
}

/** Decodes `spec`, naming fields from `root` (`spec`, or nothing for a ConfigMap's). */
export function decodeSpec(spec: unknown, root: string, origin: Origin): DecodedConfig {
  const validation = SETTINGS.codec.validate(spec, [{ key: '', type: SETTINGS.codec, actual: spec }]);
  if (validation._tag === 'Right') {
    const unwritable = unwritableStrings(spec, []).map(({ keys, problem }) => configError(origin, formatConfigPath(root, keys), 'CONFIG_INVALID_VALUE', problem));
    return unwritable.length > 0 ? decodingFailure(unwritable) : { settings: validation.right, results: [] };
  }
  const results = validation.left.map((failure) => {
    const keys = failure.context.slice(1).map((entry) => entry.key);
    const path = formatConfigPath(root, keys);
    let message = failure.message ?? `invalid value`;
    if (message.startsWith(UNKNOWN_KEY_PREFIX) && !message.includes('did you mean')) {
      const suggestion = suggestPath(keys[keys.length - 1], root);
      if (suggestion) message = message.replace(/;/, ` (did you mean ${suggestion}?);`);
    }
    const secret = isSecretPath(keys);
    const code = message.startsWith(UNKNOWN_KEY_PREFIX) ? 'CONFIG_UNKNOWN_FIELD' : 'CONFIG_INVALID_VALUE';
    return configError(origin, path, code, secret ? message.replace(/, got .*/, '') : message);
  });
  return decodingFailure(results);
}

/** Settings whose keys and values drydock-fn writes into metadata (annotations of the Ingresses). */
const METADATA_SETTINGS = new Set(['ingress.annotations', 'debug.cookie']);

/**
 * Strings of the spec (values and keys) that no output can carry (see unwritableCharacterProblem):
 * every value drydock-fn writes ends up in YAML read by kustomize or kpt; those it writes into
 * metadata have a rule more (unwritableMetadataProblem). Named by path, never by value: the keys of a
 * mapping setting (annotations, wave orders) by their own path entry (`annotations["a key"]`), as the
 * codecs name them.
 */
function unwritableStrings(value: unknown, keys: string[], inMetadata = false): { keys: string[]; problem: string }[] {
  const metadata = inMetadata || METADATA_SETTINGS.has(settingsPathOf(keys));
  if (typeof value === 'string') {
    const problem = unwritableCharacterProblem(value) ?? (metadata ? unwritableMetadataProblem(value) : undefined);
    return problem ? [{ keys, problem }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((entry, index) => unwritableStrings(entry, [...keys, String(index)], metadata));
  if (!isPlainObject(value)) return [];
  const mapping = isMappingSetting(keys);
  return Object.entries(value).flatMap(([key, entry]) => {
    const problem = unwritableCharacterProblem(key) ?? (metadata ? unwritableMetadataProblem(key) : undefined);
    const at = [...keys, mapping ? mapKeyPathEntry(key) : key];
    return [...(problem ? [{ keys: mapping ? at : keys, problem: `a key ${problem}` }] : []), ...unwritableStrings(entry, at, metadata)];
  });
}
