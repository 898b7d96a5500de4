/**
 * The ConfigMap form of the functionConfig: data keys that are Drydock's own Tutor setting names (or
 * settings paths), values as in Tutor's config.yml, read into the spec a DrydockConfig would hold.
 */
import type { Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import { convertDrydockValue, readConfigMapValue, textLost, textLostMessage } from './configmap-values';
import { configError, decodeSpec, decodingFailure } from './decode-spec';
import type { DecodedConfig, Origin } from './decode-spec';
import { UNKNOWN_KEY_PREFIX, closest } from './dsl';
import { settingsByPath } from './setting-paths';
import type { SettingEntry } from './setting-paths';

/** Settings of Drydock that drydock-fn accepts but has nothing to do with. */
export const IGNORED_DRYDOCK_SETTINGS: Readonly<Record<string, { readonly why: string; readonly severity: 'info' | 'warning' }>> = {
  DRYDOCK_VERSION: { why: 'informational in Drydock', severity: 'info' },
  DRYDOCK_CMS_SSO_USER: { why: 'unused since Drydock 15.8.0', severity: 'info' },
  DRYDOCK_NEWRELIC: { why: 'a dead flag in Drydock; a license key enables New Relic', severity: 'info' },
  // These change what gets deployed in Drydock, so saying they are not honoured is a warning.
  DRYDOCK_BYPASS_CADDY: { why: 'removed in Drydock 21.1.0 with the ingress-nginx-specific features; drydock-fn always routes through Caddy', severity: 'warning' },
  DRYDOCK_NGINX_STATIC_CACHE_CONFIG: { why: 'removed in Drydock 21.1.0 with the ingress-nginx-specific features; not implemented', severity: 'warning' },
};

/** Tutor's list of enabled plugins in config.yml. */
const TUTOR_PLUGINS = 'PLUGINS';
/** The plugin whose presence in PLUGINS means "backups on" (Drydock's backups were a plugin of their own). */
const BACKUPS_PLUGIN = 'drydock-backups';
/** The setting PLUGINS gives (also a data key of its own, `tutor.plugins`: either, not both). */
const PLUGINS_PATH = ['tutor', 'plugins'];

/** The PLUGINS value as a list of names, or a message saying what is wrong with it. */
function pluginsOf(raw: unknown): string[] | string {
  const value = typeof raw === 'string' ? readConfigMapValue(raw).value : raw;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string' && entry !== '')) return 'expected a list of plugin names, as in config.yml: \'["drydock-backups", "mfe"]\'';
  return value as string[];
}

/** Tutor settings a Drydock user may paste along, mapped to the context overrides. */
const TUTOR_SETTINGS: Readonly<Record<string, string[]>> = {
  K8S_NAMESPACE: ['tutor', 'namespace'],
  LMS_HOST: ['tutor', 'lmsHost'],
  CMS_HOST: ['tutor', 'cmsHost'],
  MFE_HOST: ['tutor', 'mfeHost'],
  PREVIEW_LMS_HOST: ['tutor', 'previewLmsHost'],
  MEILISEARCH_HOST: ['tutor', 'meilisearchHost'],
  NOTES_HOST: ['tutor', 'notesHost'],
  CONTACT_EMAIL: ['tutor', 'contactEmail'],
  TUTOR_VERSION: ['tutor', 'version'],
  DOCKER_IMAGE_OPENEDX: ['tutor', 'images', 'openedx'],
  DOCKER_IMAGE_MONGODB: ['tutor', 'images', 'mongodb'],
  DOCKER_IMAGE_MYSQL: ['tutor', 'images', 'mysql'],
};

/**
 * DRYDOCK_* (and BACKUP_*, Tutor) names → settings paths. Built on each call (a pass over some 150
 * settings): a cached index would be built by whichever test calls it first, and mutation testing's
 * per-test coverage would credit that test alone with the code that builds it.
 */
export function drydockNames(): Map<string, SettingEntry> {
  const index = new Map<string, SettingEntry>();
  const byPath = settingsByPath();
  for (const entry of byPath.values()) if (entry.setting.doc.drydock) index.set(entry.setting.doc.drydock, entry);
  for (const [name, path] of Object.entries(TUTOR_SETTINGS)) {
    const entry = byPath.get(path.join('.'));
    if (entry) index.set(name, entry);
  }
  return index;
}

/** A ConfigMap's own fields: anything else beside data is a setting out of place, never silently dropped. */
const CONFIGMAP_FIELDS = ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'];

/** Decodes a ConfigMap functionConfig. */
export function decodeConfigMap(config: Record<string, unknown>, origin: Origin): DecodedConfig {
  const data = config.data;
  const results: Result[] = [];
  if (data !== undefined && data !== null && !isPlainObject(data)) return decodingFailure([configError(origin, 'data', 'CONFIG_INVALID_VALUE', 'ConfigMap data must be a mapping of DRYDOCK_* names to values')]);
  const names = drydockNames();
  for (const key of Object.keys(config)) {
    if (CONFIGMAP_FIELDS.includes(key)) continue;
    const isSetting = names.has(key) || key === TUTOR_PLUGINS || Object.prototype.hasOwnProperty.call(IGNORED_DRYDOCK_SETTINGS, key) || settingsByPath().has(key);
    const suggestion = isSetting ? `data.${key}` : closest(key, CONFIGMAP_FIELDS);
    const message = `${UNKNOWN_KEY_PREFIX} ${JSON.stringify(key)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; a ConfigMap's settings go under data (spec is for kind DrydockConfig)`;
    results.push(configError(origin, key, 'CONFIG_UNKNOWN_FIELD', message));
  }
  const spec: Record<string, unknown> = {};
  /** Settings path → the data key that set it. */
  const keyOfPath = new Map<string, string>();
  /** Records that data key `name` sets `path`; false, with an error, when another key sets it or a part of it already. */
  const claim = (name: string, path: string): boolean => {
    const overlapping = [...keyOfPath.entries()].find(([other]) => other === path || other.startsWith(`${path}.`) || path.startsWith(`${other}.`));
    if (overlapping) {
      results.push(configError(origin, `data.${name}`, 'CONFIG_INVALID_VALUE', `sets ${path}, which data.${overlapping[1]} sets too: give each setting once`));
      return false;
    }
    keyOfPath.set(path, name);
    return true;
  };
  for (const [name, raw] of Object.entries((data ?? {}) as Record<string, unknown>)) {
    const field = `data.${name}`;
    if (Object.prototype.hasOwnProperty.call(IGNORED_DRYDOCK_SETTINGS, name)) {
      const value = typeof raw === 'string' ? readConfigMapValue(raw).value : raw;
      if (value !== false && value !== '' && value !== null && value !== 0 && !(isPlainObject(value) && Object.keys(value).length === 0)) {
        const ignored = IGNORED_DRYDOCK_SETTINGS[name];
        results.push({ ...configError(origin, field, 'CONFIG_IGNORED', `ignored: ${ignored.why}`), severity: ignored.severity });
      }
      continue;
    }
    if (name === TUTOR_PLUGINS) {
      const plugins = pluginsOf(raw);
      if (typeof plugins === 'string') {
        results.push(configError(origin, field, 'CONFIG_INVALID_VALUE', plugins));
        continue;
      }
      // config.yml's PLUGINS: extra plugins for the context, and drydock-backups switches backups on.
      if (!claim(name, PLUGINS_PATH.join('.'))) continue;
      setPath(spec, PLUGINS_PATH, plugins);
      if (plugins.includes(BACKUPS_PLUGIN)) setPath(spec, ['backups', 'enabled'], true);
      continue;
    }
    const target = names.get(name) ?? settingsByPath().get(name);
    if (!target) {
      const suggestion = closest(name, [...names.keys()]) ?? closest(name, [...settingsByPath().keys()]);
      results.push(configError(origin, field, 'CONFIG_UNKNOWN_FIELD', `${UNKNOWN_KEY_PREFIX} ${JSON.stringify(name)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; see drydock-fn schema or docs/settings.md for the DRYDOCK_* names and the settings paths`));
      continue;
    }
    if (typeof raw !== 'string') {
      results.push(configError(origin, field, 'CONFIG_INVALID_VALUE', `ConfigMap values must be strings (quote the value)`));
      continue;
    }
    const converted = convertDrydockValue(name, raw, target.setting);
    if (converted.error) {
      results.push(configError(origin, field, 'CONFIG_INVALID_VALUE', converted.error));
      continue;
    }
    if (converted.value === undefined) continue;
    const lost = textLost(raw, converted, target.setting);
    if (lost) results.push({ ...configError(origin, field, 'CONFIG_TEXT_LOST', textLostMessage(name, lost)), severity: 'warning' });
    if (!claim(name, target.path.join('.'))) continue;
    setPath(spec, target.path, converted.value);
  }
  if (results.some((result) => result.severity === 'error')) return decodingFailure(results);
  const decoded = decodeSpecFromConfigMap(spec, origin, keyOfPath);
  return { settings: decoded.settings, results: [...results, ...decoded.results] };
}

/** Decodes the spec built from a ConfigMap, naming the data key (DRYDOCK_* name or settings path) in errors. */
function decodeSpecFromConfigMap(spec: Record<string, unknown>, origin: Origin, byPath: ReadonlyMap<string, string>): DecodedConfig {
  const decoded = decodeSpec(spec, '', origin);
  if (decoded.results.length === 0) return decoded;
  const results = decoded.results.map((result) => {
    const path = result.field?.path ?? '';
    const base = path.replace(/\[.*$/, '').replace(/^\./, '');
    const name = [...byPath.keys()].filter((candidate) => base === candidate || base.startsWith(`${candidate}.`)).sort((a, b) => b.length - a.length)[0];
    if (!name) return result;
    const key = byPath.get(name) as string;
    return { ...result, message: result.message.replace(`${path}: `, `data.${key}: `), field: { path: `data.${key}` } };
  });
  return decodingFailure(results);
}

/** Sets `value` at `path` of `target`, adding the mappings on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
