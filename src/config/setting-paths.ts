/**
 * Settings paths (`ingress.extraHosts`) and the field paths that name a setting in results
 * (`spec.ingress.extraHosts[1]`, `spec.ingress.annotations["a key"]`).
 */
import type { AnySetting } from './dsl';
import { closest } from './dsl';
import { SETTINGS } from './settings';

/** A setting and its path from the root of the settings (`['ingress', 'extraHosts']`). */
export interface SettingEntry {
  readonly path: string[];
  readonly setting: AnySetting;
}

let settingsPathIndex: Map<string, SettingEntry> | undefined;

/** Every settings path, e.g. ingress.extraHosts, for suggestions and the ConfigMap mapping. */
export function settingPaths(): SettingEntry[] {
  const out: SettingEntry[] = [];
  const walk = (setting: AnySetting, path: string[]): void => {
    for (const [name, child] of Object.entries(setting.fields ?? {})) {
      out.push({ path: [...path, name], setting: child });
      walk(child, [...path, name]);
    }
  };
  walk(SETTINGS, []);
  return out;
}

/**
 * Settings paths (`newRelic.licenseKeySecretRef`, `initJobs.activeDeadlineSeconds`) → settings: the
 * ConfigMap form also takes every setting under its path, for those without a Drydock name.
 */
export function settingsByPath(): Map<string, SettingEntry> {
  settingsPathIndex ??= new Map(settingPaths().map((entry) => [entry.path.join('.'), entry]));
  return settingsPathIndex;
}

/** A settings path whose last name is close to `key`, e.g. "extraHost" → "spec.ingress.extraHosts". */
export function suggestPath(key: string, root: string): string | undefined {
  const paths = settingPaths();
  const names = paths.map((entry) => entry.path[entry.path.length - 1]);
  const best = closest(key, names);
  if (!best) return undefined;
  const match = paths.find((entry) => entry.path[entry.path.length - 1] === best);
  return match ? [root, ...match.path].filter(Boolean).join('.') : undefined;
}

/** The settings path of spec keys: `ingress.annotations` for ingress, annotations, ["a key"]; list indexes left out. */
export function settingsPathOf(keys: readonly string[]): string {
  return keys.filter((key) => !/^\d+$/.test(key) && !isMapKeyEntry(key)).join('.');
}

/** Whether the setting at these spec keys is a mapping of the user's keys (stringMap, intMap), not a group. */
export function isMappingSetting(keys: readonly string[]): boolean {
  let setting: AnySetting | undefined = SETTINGS;
  for (const key of keys) {
    if (/^\d+$/.test(key)) return false;
    setting = setting?.fields?.[key];
    if (!setting) return false;
  }
  return setting.fields === undefined && setting.schema.type === 'object';
}

/** `spec.ingress.extraHosts[1]`, `spec.ingress.annotations["a key"]` (a mapping's key comes as `["a key"]`). */
export function formatConfigPath(root: string, keys: readonly string[]): string {
  let path = root;
  for (const key of keys) path += /^\d+$/.test(key) ? `[${key}]` : isMapKeyEntry(key) ? key : `${path ? '.' : ''}${key}`;
  return path;
}

/** A mapping key's entry in a field path (see `mapKeyPathEntry`): not a settings name. */
export function isMapKeyEntry(key: string): boolean {
  return key.startsWith('["') && key.endsWith('"]');
}

/** Whether spec keys name a setting marked secret (list indexes passed through). */
export function isSecretPath(keys: readonly string[]): boolean {
  let setting: AnySetting | undefined = SETTINGS;
  for (const key of keys) {
    if (/^\d+$/.test(key)) continue;
    setting = setting?.fields?.[key];
    if (!setting) return false;
  }
  return setting?.doc.secret === true;
}

/** Whether a setting's JSON Schema type is or includes `type` ('string', 'null', 'array', 'integer' …). */
export function hasType(setting: AnySetting, type: string): boolean {
  const declared: unknown = setting.schema.type;
  return declared === type || (Array.isArray(declared) && declared.includes(type));
}
