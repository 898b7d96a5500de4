/**
 * Drydock settings out of Tutor's config.yml, as the ConfigMap functionConfig drydock-fn reads:
 * every key drydock-fn knows (DRYDOCK_*, BACKUP_*, PLUGINS and the Tutor settings it maps), with values
 * written as ConfigMap strings. Tutor's config.yml holds only the values a user set, so the defaults
 * of older Drydock releases that differ from Drydock 22's are written out when the release is given.
 */
import { configMapJson, configMapText, drydockNames, IGNORED_DRYDOCK_SETTINGS } from '../config/decode';
import { isPlainObject } from '../krm/types';

export interface ConvertedSettings {
  /** The ConfigMap `data`: names as in config.yml, values as strings. */
  readonly data: Readonly<Record<string, string>>;
  /** Notes for the operator (left-out keys, secret values): never a value. */
  readonly notes: readonly string[];
}

/** Drydock defaults that changed, newest first: the default of releases before `until`. */
const OLDER_DEFAULTS: readonly { name: string; until: readonly [number, number, number]; value: string; why: string }[] = [
  { name: 'DRYDOCK_INGRESS', until: [19, 0, 0], value: 'false', why: 'Drydock before 19.0.0 had the Ingresses off by default' },
  { name: 'DRYDOCK_ENABLE_SENTRY', until: [18, 2, 1], value: 'true', why: 'Drydock before 18.2.1 had Sentry on by default' },
  { name: 'DRYDOCK_ENABLE_CELERY_TUNING', until: [18, 2, 3], value: 'true', why: 'Drydock before 18.2.3 had Celery tuning on by default' },
];

/** Parses "17", "17.6" or "17.6.0". */
export function parseRelease(text: string): [number, number, number] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

function before(release: readonly number[], until: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if (release[i] !== until[i]) return release[i] < until[i];
  return false;
}

/**
 * A config.yml value as a ConfigMap string: scalars as Tutor prints them, lists and mappings as JSON
 * on one line (configMapJson). Strings of string settings are written as they read back exactly (see
 * configMapText).
 */
function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return configMapJson(value);
}

/**
 * The settings of a parsed config.yml. `drydockRelease` is the Drydock release the deployment runs
 * (its defaults are written out where they differ from Drydock 22's). Simple `{{ NAME }}` references
 * to other config.yml values are resolved, as Tutor would render them.
 */
export function settingsFromTutorConfig(config: unknown, drydockRelease?: readonly [number, number, number]): ConvertedSettings {
  if (!isPlainObject(config)) throw new Error("config.yml does not hold a mapping of Tutor settings");
  const known = drydockNames();
  const data: Record<string, string> = {};
  const notes: string[] = [];
  const secrets: string[] = [];
  for (const [name, raw] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
    if (Object.prototype.hasOwnProperty.call(IGNORED_DRYDOCK_SETTINGS, name)) {
      notes.push(`${name} left out: ${IGNORED_DRYDOCK_SETTINGS[name].why}`);
      continue;
    }
    if (name === 'PLUGINS') {
      // Tutor's plugin list: the context's plugins, and drydock-backups switches the backups on.
      if (Array.isArray(raw)) data[name] = asString(raw);
      continue;
    }
    const entry = known.get(name);
    if (!entry) {
      if (/^DRYDOCK_/.test(name)) notes.push(`${name} left out: drydock-fn has no such setting`);
      continue;
    }
    if (raw === null || raw === undefined) continue;
    let value: unknown = raw;
    const reference = typeof value === 'string' ? /^\s*\{\{\s*([A-Z0-9_]+)\s*\}\}\s*$/.exec(value) : null;
    if (reference && config[reference[1]] !== undefined) value = config[reference[1]];
    data[name] = typeof value === 'string' ? configMapText(value, entry.setting) : asString(value);
    if (entry.setting.doc.secret && data[name] !== '') secrets.push(name);
  }
  if (drydockRelease) {
    for (const older of OLDER_DEFAULTS) {
      if (data[older.name] === undefined && before(drydockRelease, older.until)) {
        data[older.name] = older.value;
        notes.push(`${older.name}: "${older.value}" written out: ${older.why} and drydock-fn follows Drydock 22`);
      }
    }
  } else {
    notes.push("no Drydock release given (--drydock-version): Drydock 22's defaults are assumed for the settings config.yml does not hold");
  }
  if (secrets.length > 0) {
    notes.push(`${secrets.join(', ')} hold secret values, as in config.yml: keep this file as you keep config.yml, or move them to Secrets (docs/operations/secrets.md)`);
  }
  return { data, notes };
}
