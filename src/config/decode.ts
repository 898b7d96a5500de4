/**
 * Decoding the functionConfig: a DrydockConfig (drydock.io/v1alpha1), or a ConfigMap whose data keys
 * are Drydock's own Tutor setting names, into one fully-defaulted, read-only {@link DrydockSettings}.
 */
import { resultFileOf } from '../krm/object';
import { errorResult } from '../krm/errors';
import type { Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import { decodeConfigMap, drydockNames } from './configmap-form';
import { configError, decodeSpec, decodingFailure } from './decode-spec';
import type { DecodedConfig, Origin } from './decode-spec';
import { UNKNOWN_KEY_PREFIX, closest } from './dsl';
import { formatConfigPath, isMapKeyEntry, suggestPath } from './setting-paths';
import { SETTINGS } from './settings';

export const CONFIG_API_VERSION = 'drydock.io/v1alpha1';
export const CONFIG_KIND = 'DrydockConfig';

/**
 * Decodes the functionConfig. Never throws: every problem becomes an error result naming the field
 * (`spec.ingress.extraHosts[1]` or `data.DRYDOCK_INGRESS`), with a suggestion for near misses.
 * Secret values never appear in the results.
 */
export function decodeFunctionConfig(functionConfig: unknown): DecodedConfig {
  if (functionConfig === undefined || functionConfig === null) return { settings: SETTINGS.defaultValue, results: [] };
  if (!isPlainObject(functionConfig)) {
    return decodingFailure([errorResult('CONFIG_KIND', `functionConfig must be a DrydockConfig or a ConfigMap, found a ${Array.isArray(functionConfig) ? 'list' : typeof functionConfig}`)]);
  }
  const origin = originOf(functionConfig);
  const kind = functionConfig.kind;
  if (kind === CONFIG_KIND) return decodeDrydockConfig(functionConfig, origin);
  if (kind === 'ConfigMap' && (functionConfig.apiVersion === 'v1' || functionConfig.apiVersion === undefined)) return decodeConfigMap(functionConfig, origin);
  return decodingFailure([
    configError(origin, 'kind', 'CONFIG_KIND', `unsupported functionConfig kind ${JSON.stringify(kind ?? null)}: use kind ${CONFIG_KIND} (apiVersion ${CONFIG_API_VERSION}) or a ConfigMap with DRYDOCK_* keys`),
  ]);
}

function originOf(config: Record<string, unknown>): Origin {
  const metadata = isPlainObject(config.metadata) ? config.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  return {
    ref:
      name && typeof config.kind === 'string'
        ? { apiVersion: typeof config.apiVersion === 'string' ? config.apiVersion : 'v1', kind: config.kind, name, ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}) }
        : undefined,
    file: resultFileOf(config),
  };
}

// ---------------------------------------------------------------------------------------------
// DrydockConfig

const TOP_LEVEL_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];

function decodeDrydockConfig(config: Record<string, unknown>, origin: Origin): DecodedConfig {
  const results: Result[] = [];
  if (config.apiVersion !== CONFIG_API_VERSION) {
    results.push(configError(origin, 'apiVersion', 'CONFIG_API_VERSION', `unsupported apiVersion ${JSON.stringify(config.apiVersion ?? null)} for ${CONFIG_KIND}: use ${CONFIG_API_VERSION}`));
  }
  for (const key of Object.keys(config)) {
    if (TOP_LEVEL_FIELDS.includes(key)) continue;
    const inSpec = SETTINGS.fields && Object.prototype.hasOwnProperty.call(SETTINGS.fields, key);
    const suggestion = inSpec ? `spec.${key}` : suggestPath(key, 'spec') ?? closest(key, TOP_LEVEL_FIELDS);
    results.push(configError(origin, key, 'CONFIG_UNKNOWN_FIELD', `${UNKNOWN_KEY_PREFIX} ${JSON.stringify(key)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; settings go under spec`));
  }
  const decoded = decodeSpec(config.spec, 'spec', origin);
  results.push(...decoded.results);
  return results.length > 0 ? decodingFailure(results) : decoded;
}

// ---------------------------------------------------------------------------------------------
// Results about settings, raised by features (cross-field checks, values the codecs cannot judge)

/** Builds a result about one setting, named as the user wrote it. */
export type SettingResult = (severity: Result['severity'], path: readonly (string | number)[], message: string) => Result;

/**
 * A {@link SettingResult} for the given functionConfig: the field is `spec.ingress.extraHosts[1]` for a
 * DrydockConfig and `data.DRYDOCK_INGRESS_EXTRA_HOSTS` for a ConfigMap (the Drydock key holding the
 * setting, or the settings path when the setting has none). Never includes a value: messages come
 * from the caller, which must not put secret values in them.
 */
export function settingResultFor(functionConfig: unknown): SettingResult {
  const config = isPlainObject(functionConfig) ? functionConfig : {};
  const origin = originOf(config);
  const asConfigMap = config.kind === 'ConfigMap';
  return (severity, path, message) => {
    const keys = path.map(String);
    let field = formatConfigPath('spec', keys);
    if (asConfigMap) {
      const byPath = new Map([...drydockNames().entries()].map(([name, entry]) => [entry.path.join('.'), name]));
      const settingKeys = keys.filter((key) => !/^\d+$/.test(key) && !isMapKeyEntry(key));
      let name: string | undefined;
      for (let length = settingKeys.length; length > 0 && !name; length--) name = byPath.get(settingKeys.slice(0, length).join('.'));
      field = `data.${name ?? settingKeys.join('.')}`;
    }
    return { ...configError(origin, field, 'CONFIG_SETTING', message), severity };
  };
}
