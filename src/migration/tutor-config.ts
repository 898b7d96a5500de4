/**
 * Drydock settings out of Tutor's config.yml, as the ConfigMap functionConfig drydock-fn reads:
 * every key drydock-fn knows (DRYDOCK_*, BACKUP_*, PLUGINS and the Tutor settings it maps), with values
 * written as ConfigMap strings. Tutor's config.yml holds only the values a user set, so the defaults
 * of older Drydock releases that differ from Drydock 22's are written out when the release is given.
 */
import { drydockNames, IGNORED_DRYDOCK_SETTINGS } from '../config/configmap-form';
import { configMapJson, configMapText } from '../config/configmap-values';
import { hasType } from '../config/setting-paths';
import type { AnySetting } from '../config/dsl';
import { pythonFloatText, safeLoadMapping } from '../krm/safe-load';
import type { PyScalar, SafeLoadReading } from '../krm/safe-load';
import { lastReleaseOfLine, releaseBefore } from '../tutor/drydock-line';
import type { DrydockRelease } from '../tutor/drydock-line';
import { missingFromRelease } from './drydock-releases';

export interface ConvertedSettings {
  /** The ConfigMap `data`: names as in config.yml, values as strings. */
  readonly data: Readonly<Record<string, string>>;
  /** Notes for the operator (left-out keys, secret values): never a value. */
  readonly notes: readonly string[];
}

/** Drydock defaults that changed, newest first: the default of releases before `until`. */
const OLDER_DEFAULTS: readonly { name: string; until: DrydockRelease; value: string; why: string }[] = [
  { name: 'DRYDOCK_INGRESS', until: [19, 0, 0], value: 'false', why: 'Drydock before 19.0.0 had the Ingresses off by default' },
  { name: 'DRYDOCK_ENABLE_SENTRY', until: [18, 2, 1], value: 'true', why: 'Drydock before 18.2.1 had Sentry on by default' },
  { name: 'DRYDOCK_ENABLE_CELERY_TUNING', until: [18, 2, 3], value: 'true', why: 'Drydock before 18.2.3 had Celery tuning on by default' },
];

/** A float as YAML 1.1 spells it, so that PyYAML reads it back as that float: a dot in every number, `.inf`, `.nan`. */
function yaml11Float(value: number): string {
  const text = pythonFloatText(value);
  if (text === 'nan') return '.nan';
  if (text.endsWith('inf')) return text.replace('inf', '.inf');
  return text.replace(/^(-?\d+)e/, '$1.0e');
}

/**
 * A scalar of config.yml as the ConfigMap string drydock-fn reads back as PyYAML read it: booleans and
 * numbers as YAML 1.1 spells them (`050` is written `40`), dates and times as Python writes them.
 */
function scalarText(scalar: PyScalar): string {
  if (scalar.type === 'bool') return scalar.value ? 'true' : 'false';
  if (scalar.type === 'float') return yaml11Float(scalar.value as number);
  return scalar.text;
}

/**
 * A config.yml value (read as PyYAML reads it) as a ConfigMap string, with the type of a scalar a
 * string setting gets as the text Tutor renders from it. A string setting gets its text exactly
 * (configMapText); given a boolean, number or date,
 * the text Tutor's templates render from it (`True`, `40`), as Drydock had it; given a list or
 * mapping, the JSON of it. A setting of another type gets the value in YAML 1.1: scalars as
 * {@link scalarText}, text double-quoted (a string where a boolean or number is expected stays one,
 * and drydock-fn refuses it, as Tutor would have rendered the text), lists and mappings as JSON on one
 * line (configMapJson).
 */
function configMapValue(reading: Extract<SafeLoadReading, { kind: 'value' }>, setting: AnySetting): { text: string; rendered?: PyScalar['type'] } {
  const { value, scalar } = reading;
  const takesText = hasType(setting, 'string') && !hasType(setting, 'array');
  if (scalar && scalar.type !== 'null') {
    if (takesText) return { text: configMapText(scalar.text, setting), ...(scalar.type !== 'str' ? { rendered: scalar.type } : {}) };
    return { text: scalar.type === 'str' ? configMapJson(scalar.value) : scalarText(scalar) };
  }
  if (typeof value === 'boolean') return { text: String(value) };
  if (typeof value === 'number') return { text: Number.isInteger(value) ? String(value) : yaml11Float(value) };
  if (typeof value === 'string') return { text: takesText ? configMapText(value, setting) : configMapJson(value) };
  return { text: configMapJson(value) };
}

/** What opens Jinja syntax: an expression, a statement or a comment. */
const JINJA = /\{\{|\{%|\{#/;
/** A whole value that is one reference, `{{ NAME }}`, with the spaces around it. */
const WHOLE_REFERENCE = /^\s*\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}\s*$/;
/** A reference inside a text: `{{ NAME }}`, no filter, no expression. */
const REFERENCE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

type Value = Extract<SafeLoadReading, { kind: 'value' }>;

function holdsJinja(value: unknown): boolean {
  if (typeof value === 'string') return JINJA.test(value);
  if (Array.isArray(value)) return value.some(holdsJinja);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([key, entry]) => JINJA.test(key) || holdsJinja(entry));
  return false;
}

const CANNOT_RENDER = 'its value is a Jinja template (Tutor renders every config.yml value) that drydock-fn cannot render for sure: give the rendered value';

/**
 * A config.yml value as Tutor renders it, where drydock-fn can do so for sure; else why not (never
 * quoting the value). Tutor renders each value as a Jinja template with the config as its context:
 * a whole `{{ NAME }}` takes NAME's value (the existing rule); `{{ NAME }}` references inside a text
 * are replaced by Python's str() of NAME's value, as Jinja prints it, when NAME is a scalar of
 * config.yml that holds no template itself (Tutor renders the values in an order drydock-fn does not
 * know); any other Jinja (a statement, a comment, a filter, a name config.yml does not hold, a
 * template inside a list or a mapping) is left out, never written as text.
 */
function renderedReading(entry: Value, config: ReadonlyMap<string, SafeLoadReading>): { reading: Value } | { problem: string } {
  if (!holdsJinja(entry.value)) return { reading: entry };
  if (typeof entry.value !== 'string') return { problem: CANNOT_RENDER };
  const plainScalar = (reference: string): PyScalar | undefined => {
    const target = config.get(reference);
    return target?.kind === 'value' && target.scalar && target.scalar.type !== 'null' && !holdsJinja(target.value) ? target.scalar : undefined;
  };
  const whole = WHOLE_REFERENCE.exec(entry.value);
  if (whole) {
    const target = config.get(whole[1]);
    return target?.kind === 'value' && target.value !== null && !holdsJinja(target.value) ? { reading: target } : { problem: CANNOT_RENDER };
  }
  let unresolved = false;
  const text = entry.value.replace(REFERENCE, (_match, reference: string) => {
    const scalar = plainScalar(reference);
    if (!scalar) unresolved = true;
    return scalar?.text ?? '';
  });
  // Jinja left after the references: a statement, a comment, an expression with a filter; or a brace
  // right before one (`{{{ A }}`), which Jinja reads as an expression starting with `{`.
  if (unresolved || JINJA.test(entry.value.replace(REFERENCE, '')) || entry.value.includes('{{{')) return { problem: CANNOT_RENDER };
  return { reading: { kind: 'value', value: text, scalar: { type: 'str', value: text, text } } };
}

const RENDERED: Readonly<Record<PyScalar['type'], string>> = { bool: 'a boolean', int: 'an integer', float: 'a floating-point number', timestamp: 'a date or a time', str: 'text', null: 'null' };

/**
 * The settings of Tutor's config.yml, read as Tutor reads it (PyYAML's safe_load, YAML 1.1: `off` is
 * false, `050` is 40). `drydockRelease` is the Drydock release the deployment runs (its defaults are
 * written out where they differ from Drydock 22's). `{{ NAME }}` references to other config.yml values
 * are resolved, as Tutor would render them; a value holding other Jinja is left out with a note
 * ({@link renderedReading}). Throws when config.yml is not such a mapping.
 */
export function settingsFromTutorConfig(configYml: string, drydockRelease?: DrydockRelease): ConvertedSettings {
  const read = safeLoadMapping(configYml);
  if ('problem' in read) throw new Error(`config.yml is not read as Tutor reads it (PyYAML, YAML 1.1): ${read.problem}`);
  const config = new Map(read.entries);
  const known = drydockNames();
  const data: Record<string, string> = {};
  const notes: string[] = [];
  const secrets: string[] = [];
  for (const [name, entry] of [...config].sort(([a], [b]) => a.localeCompare(b))) {
    if (Object.prototype.hasOwnProperty.call(IGNORED_DRYDOCK_SETTINGS, name)) {
      notes.push(`${name} left out: ${IGNORED_DRYDOCK_SETTINGS[name].why}`);
      continue;
    }
    if (entry.kind !== 'value') {
      notes.push(`${name} left out: ${entry.problem}`);
      continue;
    }
    if (name === 'PLUGINS') {
      // Tutor's plugin list: the context's plugins, and drydock-backups switches the backups on.
      if (Array.isArray(entry.value)) data[name] = configMapJson(entry.value);
      continue;
    }
    const ignoredByRelease = drydockRelease ? missingFromRelease(name, drydockRelease) : undefined;
    if (ignoredByRelease) {
      notes.push(`${name} left out: ${ignoredByRelease}`);
      continue;
    }
    const setting = known.get(name);
    if (!setting) {
      if (/^DRYDOCK_/.test(name)) notes.push(`${name} left out: drydock-fn has no such setting`);
      continue;
    }
    const rendered = renderedReading(entry, config);
    if ('problem' in rendered) {
      notes.push(`${name} left out: ${rendered.problem}`);
      continue;
    }
    const reading = rendered.reading;
    if (reading.value === null || reading.value === undefined) continue;
    const written = configMapValue(reading, setting.setting);
    data[name] = written.text;
    if (written.rendered) notes.push(`${name}: config.yml holds ${RENDERED[written.rendered]}, not text (YAML 1.1): written as the text Tutor renders from it`);
    if (setting.setting.doc.secret && data[name] !== '') secrets.push(name);
  }
  if (drydockRelease) {
    for (const older of OLDER_DEFAULTS) {
      if (data[older.name] === undefined && releaseBefore(drydockRelease, older.until)) {
        data[older.name] = older.value;
        notes.push(`${older.name}: "${older.value}" written out: ${older.why} and drydock-fn follows Drydock 22`);
      }
    }
    const lastOfLine = lastReleaseOfLine(drydockRelease[0]);
    if (drydockRelease[0] >= 15 && releaseBefore(drydockRelease, lastOfLine)) {
      const release = drydockRelease.join('.');
      data.drydockRelease = release;
      notes.push(`drydockRelease: "${release}" written: Drydock's always-on text is written as Drydock ${release} wrote it, not as the last ${drydockRelease[0]}.x (${lastOfLine.join('.')}), so that no ConfigMap changes; remove it when you accept the newer text`);
    }
  } else {
    notes.push("no Drydock release given (--drydock-version): Drydock 22's defaults are assumed for the settings config.yml does not hold");
  }
  if (secrets.length > 0) notes.push(secretsNote(secrets));
  return { data, notes };
}

/** The note naming the keys written with secret values: "X holds a secret value", "X, Y hold secret values". */
export function secretsNote(names: readonly string[]): string {
  const one = names.length === 1;
  return `${names.join(', ')} ${one ? 'holds a secret value' : 'hold secret values'}, as in config.yml: keep this file as you keep config.yml, or move ${one ? 'it to a Secret' : 'them to Secrets'} (docs/operations/secrets.md)`;
}
