/**
 * Decoding the functionConfig: a DrydockConfig (drydock.io/v1alpha1), or a ConfigMap whose data keys
 * are Drydock's own Tutor setting names, into one fully-defaulted, read-only {@link DrydockSettings}.
 */
import type * as t from 'io-ts';
import { resultFileOf } from '../krm/object';
import type { ResultCode } from '../krm/codes';
import { errorResult } from '../krm/errors';
import type { ResourceRef, Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import { safeLoad } from '../krm/safe-load';
import type { PyScalar, SafeLoadReading } from '../krm/safe-load';
import { yamlSyntaxIn } from '../krm/yaml-syntax';
import type { YamlSyntax } from '../krm/yaml-syntax';
import { oneLine } from '../one-line';
import { unwritableCharacterProblem, unwritableMetadataProblem } from '../krm/yaml11';
import type { AnySetting } from './dsl';
import { UNKNOWN_KEY_PREFIX, closest, mapKeyPathEntry } from './dsl';
import { SETTINGS } from './settings';
import type { DrydockSettings } from './settings';

export const CONFIG_API_VERSION = 'drydock.io/v1alpha1';
export const CONFIG_KIND = 'DrydockConfig';

export interface DecodedConfig {
  /** The settings; the defaults when decoding failed (then `results` holds errors). */
  readonly settings: DrydockSettings;
  readonly results: readonly Result[];
}

/**
 * Decodes the functionConfig. Never throws: every problem becomes an error result naming the field
 * (`spec.ingress.extraHosts[1]` or `data.DRYDOCK_INGRESS`), with a suggestion for near misses.
 * Secret values never appear in the results.
 */
export function decodeFunctionConfig(functionConfig: unknown): DecodedConfig {
  if (functionConfig === undefined || functionConfig === null) return { settings: SETTINGS.defaultValue, results: [] };
  if (!isPlainObject(functionConfig)) {
    return failed([errorResult('CONFIG_KIND', `functionConfig must be a DrydockConfig or a ConfigMap, found a ${Array.isArray(functionConfig) ? 'list' : typeof functionConfig}`)]);
  }
  const origin = originOf(functionConfig);
  const kind = functionConfig.kind;
  if (kind === CONFIG_KIND) return decodeDrydockConfig(functionConfig, origin);
  if (kind === 'ConfigMap' && (functionConfig.apiVersion === 'v1' || functionConfig.apiVersion === undefined)) return decodeConfigMap(functionConfig, origin);
  return failed([
    error(origin, 'kind', 'CONFIG_KIND', `unsupported functionConfig kind ${JSON.stringify(kind ?? null)}: use kind ${CONFIG_KIND} (apiVersion ${CONFIG_API_VERSION}) or a ConfigMap with DRYDOCK_* keys`),
  ]);
}

interface Origin {
  readonly ref?: ResourceRef;
  readonly file?: { readonly path: string; readonly index?: number };
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

function error(origin: Origin, fieldPath: string, code: ResultCode, message: string): Result {
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

function failed(results: Result[]): DecodedConfig {
  return { settings: SETTINGS.defaultValue, results };
}

// ---------------------------------------------------------------------------------------------
// DrydockConfig

const TOP_LEVEL_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];

function decodeDrydockConfig(config: Record<string, unknown>, origin: Origin): DecodedConfig {
  const results: Result[] = [];
  if (config.apiVersion !== CONFIG_API_VERSION) {
    results.push(error(origin, 'apiVersion', 'CONFIG_API_VERSION', `unsupported apiVersion ${JSON.stringify(config.apiVersion ?? null)} for ${CONFIG_KIND}: use ${CONFIG_API_VERSION}`));
  }
  for (const key of Object.keys(config)) {
    if (TOP_LEVEL_FIELDS.includes(key)) continue;
    const inSpec = SETTINGS.fields && Object.prototype.hasOwnProperty.call(SETTINGS.fields, key);
    const suggestion = inSpec ? `spec.${key}` : suggestPath(key, 'spec') ?? closest(key, TOP_LEVEL_FIELDS);
    results.push(error(origin, key, 'CONFIG_UNKNOWN_FIELD', `${UNKNOWN_KEY_PREFIX} ${JSON.stringify(key)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; settings go under spec`));
  }
  const decoded = decodeSpec(config.spec, 'spec', origin);
  results.push(...decoded.results);
  return results.length > 0 ? failed(results) : decoded;
}

function decodeSpec(spec: unknown, root: string, origin: Origin, secretPaths: ReadonlySet<string> = new Set()): DecodedConfig {
  const validation = SETTINGS.codec.validate(spec, [{ key: '', type: SETTINGS.codec, actual: spec }]);
  if (validation._tag === 'Right') {
    const unwritable = unwritableStrings(spec, []).map(({ keys, problem }) => error(origin, formatConfigPath(root, keys), 'CONFIG_INVALID_VALUE', problem));
    return unwritable.length > 0 ? failed(unwritable) : { settings: validation.right, results: [] };
  }
  const results = validation.left.map((failure) => {
    const keys = failure.context.slice(1).map((entry) => entry.key);
    const path = formatConfigPath(root, keys);
    let message = failure.message ?? `invalid value`;
    if (message.startsWith(UNKNOWN_KEY_PREFIX) && !message.includes('did you mean')) {
      const suggestion = suggestPath(keys[keys.length - 1], root);
      if (suggestion) message = message.replace(/;/, ` (did you mean ${suggestion}?);`);
    }
    const secret = isSecretPath(keys) || secretPaths.has(path);
    const code = message.startsWith(UNKNOWN_KEY_PREFIX) ? 'CONFIG_UNKNOWN_FIELD' : 'CONFIG_INVALID_VALUE';
    return error(origin, path, code, secret ? message.replace(/, got .*/, '') : message);
  });
  return failed(results);
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

/** The settings path of spec keys: `ingress.annotations` for ingress, annotations, ["a key"]; list indexes left out. */
function settingsPathOf(keys: readonly string[]): string {
  return keys.filter((key) => !/^\d+$/.test(key) && !isMapKeyEntry(key)).join('.');
}

/** Whether the setting at these spec keys is a mapping of the user's keys (stringMap, intMap), not a group. */
function isMappingSetting(keys: readonly string[]): boolean {
  let setting: AnySetting | undefined = SETTINGS;
  for (const key of keys) {
    if (/^\d+$/.test(key)) return false;
    setting = setting?.fields?.[key];
    if (!setting) return false;
  }
  return setting.fields === undefined && setting.schema.type === 'object';
}

/** `spec.ingress.extraHosts[1]`, `spec.ingress.annotations["a key"]` (a mapping's key comes as `["a key"]`). */
function formatConfigPath(root: string, keys: readonly string[]): string {
  let path = root;
  for (const key of keys) path += /^\d+$/.test(key) ? `[${key}]` : isMapKeyEntry(key) ? key : `${path ? '.' : ''}${key}`;
  return path;
}

/** A mapping key's entry in a field path (see `mapKeyPathEntry`): not a settings name. */
function isMapKeyEntry(key: string): boolean {
  return key.startsWith('["') && key.endsWith('"]');
}

function isSecretPath(keys: readonly string[]): boolean {
  let setting: AnySetting | undefined = SETTINGS;
  for (const key of keys) {
    if (/^\d+$/.test(key)) continue;
    setting = setting?.fields?.[key];
    if (!setting) return false;
  }
  return setting?.doc.secret === true;
}

/** Every settings path, e.g. ingress.extraHosts, for suggestions and the ConfigMap mapping. */
export function settingPaths(): { path: string[]; setting: AnySetting }[] {
  const out: { path: string[]; setting: AnySetting }[] = [];
  const walk = (setting: AnySetting, path: string[]): void => {
    for (const [name, child] of Object.entries(setting.fields ?? {})) {
      out.push({ path: [...path, name], setting: child });
      walk(child, [...path, name]);
    }
  };
  walk(SETTINGS, []);
  return out;
}

/** A settings path whose last name is close to `key`, e.g. "extraHost" → "spec.ingress.extraHosts". */
function suggestPath(key: string, root: string): string | undefined {
  const paths = settingPaths();
  const names = paths.map((entry) => entry.path[entry.path.length - 1]);
  const best = closest(key, names);
  if (!best) return undefined;
  const match = paths.find((entry) => entry.path[entry.path.length - 1] === best);
  return match ? [root, ...match.path].filter(Boolean).join('.') : undefined;
}

// ---------------------------------------------------------------------------------------------
// ConfigMap with DRYDOCK_* keys

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

/** The PLUGINS value as a list of names, or a message saying what is wrong with it. */
function pluginsOf(raw: unknown): string[] | string {
  const value = typeof raw === 'string' ? parseScalar(raw) : raw;
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

let drydockNameIndex: Map<string, { path: string[]; setting: AnySetting }> | undefined;
let settingsPathIndex: Map<string, { path: string[]; setting: AnySetting }> | undefined;

/**
 * Settings paths (`newRelic.licenseKeySecretRef`, `initJobs.activeDeadlineSeconds`) → settings: the
 * ConfigMap form also takes every setting under its path, for those without a Drydock name.
 */
export function settingsByPath(): Map<string, { path: string[]; setting: AnySetting }> {
  settingsPathIndex ??= new Map(settingPaths().map((entry) => [entry.path.join('.'), entry]));
  return settingsPathIndex;
}

/** DRYDOCK_* (and BACKUP_*, Tutor) names → settings paths. */
export function drydockNames(): Map<string, { path: string[]; setting: AnySetting }> {
  if (drydockNameIndex) return drydockNameIndex;
  const index = new Map<string, { path: string[]; setting: AnySetting }>();
  const byPath = new Map(settingPaths().map((entry) => [entry.path.join('.'), entry]));
  for (const entry of byPath.values()) if (entry.setting.doc.drydock) index.set(entry.setting.doc.drydock, entry);
  for (const [name, path] of Object.entries(TUTOR_SETTINGS)) {
    const entry = byPath.get(path.join('.'));
    if (entry) index.set(name, entry);
  }
  drydockNameIndex = index;
  return index;
}

function decodeConfigMap(config: Record<string, unknown>, origin: Origin): DecodedConfig {
  const data = config.data;
  const results: Result[] = [];
  if (data !== undefined && data !== null && !isPlainObject(data)) return failed([error(origin, 'data', 'CONFIG_INVALID_VALUE', 'ConfigMap data must be a mapping of DRYDOCK_* names to values')]);
  const names = drydockNames();
  const spec: Record<string, unknown> = {};
  const secretPaths = new Set<string>();
  /** Settings path → the data key that set it. */
  const keyOfPath = new Map<string, string>();
  for (const [name, raw] of Object.entries((data ?? {}) as Record<string, unknown>)) {
    const field = `data.${name}`;
    if (Object.prototype.hasOwnProperty.call(IGNORED_DRYDOCK_SETTINGS, name)) {
      const value = typeof raw === 'string' ? parseScalar(raw) : raw;
      if (value !== false && value !== '' && value !== null && value !== 0 && !(isPlainObject(value) && Object.keys(value).length === 0)) {
        const ignored = IGNORED_DRYDOCK_SETTINGS[name];
        results.push({ ...error(origin, field, 'CONFIG_IGNORED', `ignored: ${ignored.why}`), severity: ignored.severity });
      }
      continue;
    }
    if (name === TUTOR_PLUGINS) {
      const plugins = pluginsOf(raw);
      if (typeof plugins === 'string') {
        results.push(error(origin, field, 'CONFIG_INVALID_VALUE', plugins));
        continue;
      }
      // config.yml's PLUGINS: extra plugins for the context, and drydock-backups switches backups on.
      setPath(spec, ['tutor', 'plugins'], plugins);
      if (plugins.includes(BACKUPS_PLUGIN)) setPath(spec, ['backups', 'enabled'], true);
      continue;
    }
    const target = names.get(name) ?? settingsByPath().get(name);
    if (!target) {
      const suggestion = closest(name, [...names.keys()]) ?? closest(name, [...settingsByPath().keys()]);
      results.push(error(origin, field, 'CONFIG_UNKNOWN_FIELD', `${UNKNOWN_KEY_PREFIX} ${JSON.stringify(name)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; see drydock-fn schema or docs/settings.md for the DRYDOCK_* names and the settings paths`));
      continue;
    }
    if (typeof raw !== 'string') {
      results.push(error(origin, field, 'CONFIG_INVALID_VALUE', `ConfigMap values must be strings (quote the value)`));
      continue;
    }
    const converted = convertDrydockValue(name, raw, target.setting);
    if (converted.error) {
      results.push(error(origin, field, 'CONFIG_INVALID_VALUE', converted.error));
      continue;
    }
    if (converted.value === undefined) continue;
    const lost = textLost(raw, converted, target.setting);
    if (lost) results.push({ ...error(origin, field, 'CONFIG_TEXT_LOST', textLostMessage(name, lost)), severity: 'warning' });
    const path = target.path.join('.');
    const overlapping = [...keyOfPath.entries()].find(([other]) => other === path || other.startsWith(`${path}.`) || path.startsWith(`${other}.`));
    if (overlapping) {
      results.push(error(origin, field, 'CONFIG_INVALID_VALUE', `sets ${path}, which data.${overlapping[1]} sets too: give each setting once`));
      continue;
    }
    keyOfPath.set(path, name);
    setPath(spec, target.path, converted.value);
    if (target.setting.doc.secret) secretPaths.add(path);
  }
  if (results.some((result) => result.severity === 'error')) return failed(results);
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
  return failed(results);
}

/**
 * A ConfigMap string read as Tutor reads the value in config.yml: YAML 1.1, as PyYAML's safe_load
 * (`yes` is true, `050` is 40). Text that is not YAML to PyYAML is its text; YAML that safe_load reads
 * as something no setting takes, or that drydock-fn cannot read as PyYAML does, is `unsupported`.
 */
function parseScalar(raw: string): unknown {
  const reading = safeLoad(raw);
  return reading.kind === 'value' ? reading.value : raw;
}

/** The error for a value safe_load reads as something no setting takes (never quoting the value). */
function unsupportedValue(reading: Extract<SafeLoadReading, { kind: 'unsupported' }>): string {
  return `read as YAML 1.1, as Tutor reads config.yml, the value holds ${reading.problem}; to give text, write it as a double-quoted YAML string inside the value, with JSON's escapes: '"…"'`;
}

/** What a scalar of another type than a string is, for messages about a string setting given one. */
const NOT_TEXT: Readonly<Record<Exclude<PyScalar['type'], 'str' | 'null'>, string>> = {
  bool: 'a boolean (yes, no, on, off, true, false), which Tutor writes True or False',
  int: 'an integer (a leading 0 is octal, 0x hexadecimal, 0b binary, colons base 60, underscores dropped), which Tutor writes in decimal',
  float: 'a floating-point number, which Tutor writes as Python does (0.5, 1e+16, inf)',
  timestamp: 'a date or a time, which Tutor writes as Python does (2001-12-14, 2001-12-14 21:59:43+00:00)',
};

interface ConvertedValue {
  readonly value?: unknown;
  readonly error?: string;
  /** The value's reading as YAML 1.1, where it was read so. */
  readonly reading?: SafeLoadReading;
}

function convertDrydockValue(name: string, raw: string, setting: AnySetting): ConvertedValue {
  const expectsString = hasType(setting, 'string');
  if (raw.includes('{{')) {
    // Tutor defaults written as Jinja (DRYDOCK_LETSENCRYPT_EMAIL: "{{ CONTACT_EMAIL }}") mean "the default".
    if (/^\s*\{\{\s*[A-Z0-9_]+\s*\}\}\s*$/.test(raw) && setting.defaultValue === null) return { value: undefined };
    return { error: `Jinja templates are not rendered by drydock-fn: give the rendered value` };
  }
  // Refused by key whatever the setting's type: no reading, and no message, may show such a value.
  const unwritable = unwritableCharacterProblem(raw);
  if (unwritable) return { error: unwritable };
  const reading = safeLoad(raw);
  if (reading.kind === 'unsupported') return { error: unsupportedValue(reading), reading };
  // Text that is not YAML to PyYAML (config.yml could not hold it so): the value is its text.
  const value = reading.kind === 'value' ? reading.value : raw;
  if (name === 'DRYDOCK_CUSTOM_CERTS') {
    if (value === null || (isPlainObject(value) && Object.keys(value).length === 0)) return { value: null, reading };
    if (!isPlainObject(value)) return { error: 'expected a mapping {secret_name, crt, key}' };
    const { secret_name: secretName, crt, key, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) return { error: `unknown key ${JSON.stringify(extra[0])}; expected secret_name, crt and key` };
    return { value: { ...(secretName !== undefined ? { secretName } : {}), ...(crt !== undefined ? { crt } : {}), ...(key !== undefined ? { key } : {}) }, reading };
  }
  if (expectsString && !hasType(setting, 'array')) {
    if (reading.kind !== 'value') return { value: raw, reading };
    const scalar = reading.scalar;
    // A list or mapping is the text it is written in: the registry credentials are the Docker config JSON
    // (Drydock rendered Python's form of it, which the kubelet cannot read).
    if (!scalar) return { value: raw, reading };
    // YAML's null spellings are null where the setting may be null; an empty value is the empty text.
    if (scalar.type === 'null') return { value: hasType(setting, 'null') && raw.trim() !== '' ? null : raw, reading };
    // A boolean, number or date: the text Tutor's templates render from it, as Drydock's did.
    return { value: scalar.text, reading };
  }
  if (hasType(setting, 'integer') && reading.kind === 'value' && reading.scalar?.type === 'float') {
    return { error: `read as YAML 1.1, as Tutor reads config.yml, the value is a floating-point number (Tutor writes it with a decimal point): give an integer`, reading };
  }
  return { value, reading };
}

/** YAML's spellings of null (core schema): a nullable string setting given one of them is null. */
const NULL_TEXT = /^(?:null|Null|NULL|~)$/;

/**
 * The documented way to give a ConfigMap value's text exactly: one double-quoted YAML string on one
 * line, with JSON's escapes. A value of this form is read as its string, without a warning.
 */
const EXPLICIT_STRING = /^"(?:[^"\\\r\n]|\\[^\r\n])*"$/;

/** What a value's reading lost, for the warning: the syntax it dropped, or the changes to its text. */
interface TextLost {
  /** Whether the setting takes the text itself (a string setting), rather than a value the text spells. */
  readonly asText: boolean;
  readonly what: readonly string[];
  /** A number YAML 1.1 reads otherwise than in decimal (`010`), rather than syntax dropped. */
  readonly number?: boolean;
  /** What YAML 1.1 reads a string setting's value as, when not text (`yes`: a boolean). */
  readonly readAs?: string;
}

const LOST_SYNTAX: Readonly<Record<YamlSyntax, string>> = {
  comment: 'a comment (# after a space or at the start)',
  anchor: 'an anchor (&name)',
  alias: 'an alias (*name)',
  tag: 'a tag (!…)',
  'document-marker': 'a document marker or directive (---, ..., %)',
  'single-quotes': 'its quotes',
  'double-quotes': 'its quotes',
  'block-scalar': 'a block scalar header (| or >)',
};

/** Syntax that is never part of a value, whatever its type; quotes and the like are, for a typed value, how it is spelt. */
const DROPPED_FROM_ANY_VALUE: ReadonlySet<YamlSyntax> = new Set(['comment', 'anchor', 'alias', 'tag', 'document-marker']);

/**
 * What reading the ConfigMap value `raw` as YAML 1.1 (as Tutor reads config.yml) lost or changed, or
 * undefined when nothing counts. A string setting must get the text exactly, except for the
 * documented forms: a double-quoted string on one line (EXPLICIT_STRING) and, where the setting may
 * be null, YAML's null spellings; a value YAML 1.1 reads as a boolean, number or date gets the text
 * Tutor renders from it (`yes` is `True`), said by the warning. A setting of another type (boolean,
 * number, list, group) is spelt in YAML: only syntax that is never part of a value (a comment, an
 * anchor or alias, a tag, a document marker) counts — `"true # on"` is true, and `"#50"` is no value
 * at all — and a number YAML 1.1 reads otherwise than its digits say in decimal (`010` is 8, `1:20`
 * is 80).
 */
function textLost(raw: string, converted: ConvertedValue, setting: AnySetting): TextLost | undefined {
  const value = converted.value;
  const scalar = converted.reading?.kind === 'value' ? converted.reading.scalar : undefined;
  if (hasType(setting, 'string') && !hasType(setting, 'array')) {
    if (value === raw) return undefined;
    if (value === null && NULL_TEXT.test(raw.trim())) return undefined;
    if (typeof value === 'string' && EXPLICIT_STRING.test(raw)) return undefined;
    const what = [...new Set(yamlSyntaxIn(raw).map((syntax) => LOST_SYNTAX[syntax]))];
    if (raw.trim() !== raw) what.push('spaces or line breaks at its start or end');
    if (/\S\s*[\r\n]\s*\S/.test(raw)) what.push('line breaks (folded into spaces)');
    const readAs = scalar && scalar.type !== 'str' && scalar.type !== 'null' ? NOT_TEXT[scalar.type] : undefined;
    return { asText: true, what: what.length > 0 || readAs ? what : ['part of its text'], ...(readAs ? { readAs } : {}) };
  }
  const renumbered = scalar?.type === 'int' || scalar?.type === 'float' ? renumberingOf(raw.trim()) : undefined;
  if (renumbered) return { asText: false, what: [renumbered], number: true };
  // A quick look first: the lexer (the `yaml` package) is loaded only for values that may need it.
  if (!/[#&*!%]|---|\.\.\./.test(raw)) return undefined;
  const what = [...new Set(yamlSyntaxIn(raw).filter((syntax) => DROPPED_FROM_ANY_VALUE.has(syntax)).map((syntax) => LOST_SYNTAX[syntax]))];
  return what.length > 0 ? { asText: false, what } : undefined;
}

/**
 * How YAML 1.1 reads a number otherwise than its digits say in decimal, for the warning: a leading 0
 * (octal) that changes the number, colons (base 60). Prefixes (0x, 0b) and underscores say what they do.
 */
function renumberingOf(text: string): string | undefined {
  const digits = text.replace(/_/g, '').replace(/^[-+]/, '');
  if (/^0[0-7]+$/.test(digits) && parseInt(digits, 8) !== parseInt(digits, 10)) return 'a number with a leading 0 is octal (010 is 8)';
  if (/^[0-9]+(?::[0-9]+)+(?:\.[0-9]*)?$/.test(digits)) return 'a number with colons is in base 60 (1:20 is 80)';
  return undefined;
}

/** The warning for a value that lost text: names the key and what was lost, never the value (it may be a secret). */
function textLostMessage(name: string, lost: TextLost): string {
  if (lost.number) return `read as YAML 1.1, as Tutor reads config.yml, ${lost.what.join(', ')}: the setting takes that number; write it in decimal`;
  const read = `read as YAML 1.1, as Tutor reads config.yml, ${[
    ...(lost.what.length > 0 ? [`the value lost ${lost.what.join(', ')}`] : []),
    ...(lost.readAs ? [`the value is ${lost.readAs}: the setting takes the text Tutor writes`] : []),
  ].join(', and ')}`;
  if (!lost.asText) return `${read}: the setting takes the value without it`;
  return `${read}; to keep its text as it is, write it as a double-quoted YAML string inside the value, with JSON's escapes: ${name}: '"…"' (drydock-fn config-from-tutor writes values so)`;
}

/**
 * The ConfigMap value that gives a string setting exactly `text`, without a warning: `text` itself
 * when it reads as itself and every character may stand raw in YAML on one line, else the documented
 * double-quoted form. For a setting of another type, `text` spells a value in YAML: returned as it is.
 */
export function configMapText(text: string, setting: AnySetting): string {
  if (!hasType(setting, 'string') || hasType(setting, 'array')) return text;
  const converted = convertDrydockValue('', text, setting);
  if (converted.error === undefined && converted.value === text && oneLine(text) === text && !/[\ufffe\uffff]/.test(text)) return text;
  return configMapJson(text);
}

/**
 * A value as JSON for a ConfigMap value, on one line: JSON's escapes also for the characters JSON
 * leaves raw and a reader may take for a line break or refuse (see oneLine; U+FFFE, U+FFFF), and for
 * `{{`, which would read as Jinja. YAML reads it as JSON does.
 */
export function configMapJson(value: unknown): string {
  return oneLine(JSON.stringify(value))
    .replace(/[\ufffe\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16)}`)
    .replace(/\{\{/g, '{\\u007b');
}

/** Whether a setting's JSON Schema type is or includes `type` ('string', 'null', 'array', 'integer' …). */
export function hasType(setting: AnySetting, type: string): boolean {
  const declared: unknown = setting.schema.type;
  return declared === type || (Array.isArray(declared) && declared.includes(type));
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** For tests and docs: the io-ts codec of the whole settings object. */
export const settingsCodec: t.Type<DrydockSettings, unknown, unknown> = SETTINGS.codec;

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
    return { ...error(origin, field, 'CONFIG_SETTING', message), severity };
  };
}
