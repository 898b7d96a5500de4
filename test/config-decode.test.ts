/**
 * decodeFunctionConfig's own errors, on the source (the CLI tests see them only through dist/): the
 * kind and apiVersion checks, settings beside `spec:`, ConfigMap data that is no mapping, the
 * `{{ VAR }}` placeholder of the ConfigMap form, and the kpt file every config result names.
 */
import { decodeFunctionConfig, settingResultFor } from '../src/config/decode';
import { DEFAULT_SETTINGS } from '../src/config/settings';
import { drydockConfig, drydockConfigMap } from './support/run';

const DRYDOCK_REF = { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', name: 'drydock' };
const CONFIGMAP_REF = { apiVersion: 'v1', kind: 'ConfigMap', name: 'drydock' };

describe('the kind and apiVersion of the functionConfig', () => {
  test('a DrydockConfig of another apiVersion: CONFIG_API_VERSION on apiVersion, the defaults', () => {
    const decoded = decodeFunctionConfig({ ...(drydockConfig({ initJobs: { enabled: true } }) as object), apiVersion: 'drydock.io/v1' });
    expect(decoded.results).toEqual([
      {
        severity: 'error',
        tags: { code: 'CONFIG_API_VERSION' },
        message: 'DrydockConfig drydock: apiVersion: unsupported apiVersion "drydock.io/v1" for DrydockConfig: use drydock.io/v1alpha1',
        resourceRef: { ...DRYDOCK_REF, apiVersion: 'drydock.io/v1' },
        field: { path: 'apiVersion' },
      },
    ]);
    expect(decoded.settings).toEqual(DEFAULT_SETTINGS);
  });

  test('a DrydockConfig without apiVersion: named as null', () => {
    const { apiVersion: _omitted, ...config } = drydockConfig({}) as Record<string, unknown>;
    expect(decodeFunctionConfig(config).results.map((result) => [result.tags?.code, result.field?.path, result.message])).toEqual([
      ['CONFIG_API_VERSION', 'apiVersion', 'DrydockConfig drydock: apiVersion: unsupported apiVersion null for DrydockConfig: use drydock.io/v1alpha1'],
    ]);
  });

  test.each([
    ['a Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'drydock' } }, 'Secret drydock: kind: unsupported functionConfig kind "Secret"'],
    ['a ConfigMap of another apiVersion', { apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'drydock' }, data: {} }, 'ConfigMap drydock: kind: unsupported functionConfig kind "ConfigMap"'],
    ['no kind at all', { metadata: { name: 'drydock' }, spec: {} }, 'functionConfig: kind: unsupported functionConfig kind null'],
  ])('%s: CONFIG_KIND on kind, saying what to use', (_name, config, start) => {
    const { results, settings } = decodeFunctionConfig(config);
    expect(results.map((result) => [result.tags?.code, result.field?.path, result.message])).toEqual([
      ['CONFIG_KIND', 'kind', `${start}: use kind DrydockConfig (apiVersion drydock.io/v1alpha1) or a ConfigMap with DRYDOCK_* keys`],
    ]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  test('a ConfigMap without apiVersion is read as v1', () => {
    const { apiVersion: _omitted, ...config } = drydockConfigMap({ DRYDOCK_INIT_JOBS: 'true' }) as Record<string, unknown>;
    const decoded = decodeFunctionConfig(config);
    expect(decoded.results).toEqual([]);
    expect(decoded.settings.initJobs.enabled).toBe(true);
  });

  test.each([
    ['a list', ['spec'], 'functionConfig must be a DrydockConfig or a ConfigMap, found a list'],
    ['a string', 'spec', 'functionConfig must be a DrydockConfig or a ConfigMap, found a string'],
  ])('a functionConfig that is %s: CONFIG_KIND', (_name, config, message) => {
    expect(decodeFunctionConfig(config).results.map((result) => [result.severity, result.tags?.code, result.message])).toEqual([['error', 'CONFIG_KIND', message]]);
  });
});

describe('settings beside spec: instead of under it', () => {
  test('a settings group at the top level is an error naming it, with the path under spec; the rest is not applied', () => {
    const config = { ...(drydockConfig({ ingress: { className: 'traefik' } }) as object), initJobs: { enabled: true } };
    const decoded = decodeFunctionConfig(config);
    expect(decoded.results).toEqual([
      {
        severity: 'error',
        tags: { code: 'CONFIG_UNKNOWN_FIELD' },
        message: 'DrydockConfig drydock: initJobs: unknown field "initJobs" (did you mean spec.initJobs?); settings go under spec',
        resourceRef: DRYDOCK_REF,
        field: { path: 'initJobs' },
      },
    ]);
    expect(decoded.settings).toEqual(DEFAULT_SETTINGS);
  });

  test('a single setting at the top level: the path of the setting under spec', () => {
    const { apiVersion, kind, metadata } = drydockConfig({}) as Record<string, unknown>;
    expect(decodeFunctionConfig({ apiVersion, kind, metadata, className: 'traefik' }).results.map((result) => [result.tags?.code, result.field?.path, result.message])).toEqual([
      ['CONFIG_UNKNOWN_FIELD', 'className', 'DrydockConfig drydock: className: unknown field "className" (did you mean spec.ingress.className?); settings go under spec'],
    ]);
  });

  test('spec misspelt: did you mean spec', () => {
    const { apiVersion, kind, metadata } = drydockConfig({}) as Record<string, unknown>;
    expect(decodeFunctionConfig({ apiVersion, kind, metadata, sepc: { initJobs: { enabled: true } } }).results.map((result) => [result.tags?.code, result.field?.path, result.message])).toEqual([
      ['CONFIG_UNKNOWN_FIELD', 'sepc', 'DrydockConfig drydock: sepc: unknown field "sepc" (did you mean spec?); settings go under spec'],
    ]);
  });

  test('a top-level field close to no setting and no top-level field: the message without a suggestion', () => {
    const { apiVersion, kind, metadata } = drydockConfig({}) as Record<string, unknown>;
    expect(decodeFunctionConfig({ apiVersion, kind, metadata, zzzzqqqq: true }).results.map((result) => [result.tags?.code, result.field?.path, result.message])).toEqual([
      ['CONFIG_UNKNOWN_FIELD', 'zzzzqqqq', 'DrydockConfig drydock: zzzzqqqq: unknown field "zzzzqqqq"; settings go under spec'],
    ]);
  });
});

describe('the ConfigMap form', () => {
  test.each([
    ['a list', ['DRYDOCK_INIT_JOBS=true']],
    ['a string', 'DRYDOCK_INIT_JOBS: "true"'],
  ])('data that is %s, not a mapping: CONFIG_INVALID_VALUE on data', (_name, data) => {
    const decoded = decodeFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data });
    expect(decoded.results).toEqual([
      {
        severity: 'error',
        tags: { code: 'CONFIG_INVALID_VALUE' },
        message: 'ConfigMap drydock: data: ConfigMap data must be a mapping of DRYDOCK_* names to values',
        resourceRef: CONFIGMAP_REF,
        field: { path: 'data' },
      },
    ]);
    expect(decoded.settings).toEqual(DEFAULT_SETTINGS);
  });

  test('data: null is no data: the defaults, no result', () => {
    expect(decodeFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data: null })).toEqual({ settings: DEFAULT_SETTINGS, results: [] });
  });

  // Tutor writes some defaults as a reference to another setting; drydock-fn renders no Jinja.
  test.each(['{{ CONTACT_EMAIL }}', '{{CONTACT_EMAIL}}', '  {{ CONTACT_EMAIL }} ', '{{ SMTP_2 }}'])('the placeholder %j of a setting without a default: the default', (raw) => {
    const decoded = decodeFunctionConfig(drydockConfigMap({ DRYDOCK_LETSENCRYPT_EMAIL: raw }));
    expect(decoded.results).toEqual([]);
    expect(decoded.settings.ingress.tls.letsencryptEmail).toBeNull();
  });

  test.each([
    ['a placeholder with text around it', 'DRYDOCK_LETSENCRYPT_EMAIL', 'ops@{{ LMS_HOST }}'],
    ['a placeholder in lower case (no Tutor setting)', 'DRYDOCK_LETSENCRYPT_EMAIL', '{{ contact_email }}'],
    ['a filter', 'DRYDOCK_LETSENCRYPT_EMAIL', '{{ CONTACT_EMAIL | lower }}'],
    ['a placeholder for a setting that has a default', 'DRYDOCK_INGRESS_CLASS', '{{ INGRESS_CLASS }}'],
  ])('%s: an error on the key, never the default', (_name, key, raw) => {
    const decoded = decodeFunctionConfig(drydockConfigMap({ [key]: raw }));
    expect(decoded.results.map((result) => [result.tags?.code, result.field?.path, result.message])).toEqual([
      ['CONFIG_INVALID_VALUE', `data.${key}`, `ConfigMap drydock: data.${key}: Jinja templates are not rendered by drydock-fn: give the rendered value`],
    ]);
  });
});

describe('the kpt file of the functionConfig, on every result about it', () => {
  const inFile = (config: unknown, annotations: Record<string, string>): unknown => {
    const object = config as { metadata: Record<string, unknown> };
    return { ...object, metadata: { ...object.metadata, annotations } };
  };

  test('path and index of a decoding error', () => {
    const config = inFile(drydockConfig({ initJobs: { enabled: 'yes' } }), { 'internal.config.kubernetes.io/path': 'fn/drydock.yaml', 'internal.config.kubernetes.io/index': '2' });
    expect(decodeFunctionConfig(config).results.map((result) => result.file)).toEqual([{ path: 'fn/drydock.yaml', index: 2 }]);
  });

  test('the legacy annotations; an index that is no number is left out', () => {
    const legacy = inFile(drydockConfigMap({ DRYDOCK_INIT_JOBS: 'maybe' }), { 'config.kubernetes.io/path': 'drydock.yaml', 'config.kubernetes.io/index': '0' });
    expect(decodeFunctionConfig(legacy).results.map((result) => result.file)).toEqual([{ path: 'drydock.yaml', index: 0 }]);
    const odd = inFile(drydockConfigMap({ DRYDOCK_INIT_JOBS: 'maybe' }), { 'internal.config.kubernetes.io/path': 'drydock.yaml', 'internal.config.kubernetes.io/index': 'first' });
    expect(decodeFunctionConfig(odd).results.map((result) => result.file)).toEqual([{ path: 'drydock.yaml' }]);
  });

  test('a result a feature raises about a setting names the file too, and the field as the user wrote it', () => {
    const annotations = { 'internal.config.kubernetes.io/path': 'fn/drydock.yaml', 'internal.config.kubernetes.io/index': '1' };
    expect(settingResultFor(inFile(drydockConfig({}), annotations))('warning', ['ingress', 'extraHosts', 1], 'a message')).toEqual({
      severity: 'warning',
      tags: { code: 'CONFIG_SETTING' },
      message: 'DrydockConfig drydock: spec.ingress.extraHosts[1]: a message',
      resourceRef: DRYDOCK_REF,
      field: { path: 'spec.ingress.extraHosts[1]' },
      file: { path: 'fn/drydock.yaml', index: 1 },
    });
    expect(settingResultFor(inFile(drydockConfigMap({}), annotations))('info', ['ingress', 'extraHosts', 1], 'a message')).toMatchObject({
      field: { path: 'data.DRYDOCK_INGRESS_EXTRA_HOSTS' },
      file: { path: 'fn/drydock.yaml', index: 1 },
    });
  });

  test('no kpt annotations: no file', () => {
    expect(decodeFunctionConfig(drydockConfig({ initJobs: { enabled: 'yes' } })).results.map((result) => result.file)).toEqual([undefined]);
  });
});

describe('settings beside data: of the ConfigMap form, instead of under it', () => {
  const configMap = (fields: Record<string, unknown>): unknown => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, ...fields });

  test.each([
    ['a Drydock name', { data: { DRYDOCK_INGRESS: 'false' }, DRYDOCK_INIT_JOBS: 'true' }, 'DRYDOCK_INIT_JOBS', ' (did you mean data.DRYDOCK_INIT_JOBS?)'],
    ['a settings path', { 'initJobs.enabled': 'true' }, 'initJobs.enabled', ' (did you mean data.initJobs.enabled?)'],
    ['PLUGINS', { PLUGINS: '[mfe]' }, 'PLUGINS', ' (did you mean data.PLUGINS?)'],
    ["a DrydockConfig's spec", { spec: { initJobs: { enabled: true } } }, 'spec', ''],
    ['data misspelt', { date: { DRYDOCK_INIT_JOBS: 'true' } }, 'date', ' (did you mean data?)'],
  ])('%s: an error on that key, the defaults', (_name, fields, key, suggestion) => {
    const decoded = decodeFunctionConfig(configMap(fields));
    expect(decoded.results).toEqual([
      {
        severity: 'error',
        tags: { code: 'CONFIG_UNKNOWN_FIELD' },
        message: `ConfigMap drydock: ${key}: unknown field ${JSON.stringify(key)}${suggestion}; a ConfigMap's settings go under data (spec is for kind DrydockConfig)`,
        resourceRef: CONFIGMAP_REF,
        field: { path: key },
      },
    ]);
    expect(decoded.settings).toEqual(DEFAULT_SETTINGS);
  });

  test("a ConfigMap's own fields are no settings: binaryData and immutable pass", () => {
    const decoded = decodeFunctionConfig(configMap({ data: { DRYDOCK_INIT_JOBS: 'true' }, binaryData: {}, immutable: true }));
    expect(decoded.results).toEqual([]);
    expect(decoded.settings.initJobs.enabled).toBe(true);
  });
});

describe('the functionConfig a result names (resourceRef)', () => {
  const invalid = { DRYDOCK_INIT_JOBS: 'maybe' };

  test('none at all: the defaults and no result, for a missing and a null functionConfig alike', () => {
    expect(decodeFunctionConfig(undefined)).toEqual({ settings: DEFAULT_SETTINGS, results: [] });
    expect(decodeFunctionConfig(null)).toEqual({ settings: DEFAULT_SETTINGS, results: [] });
  });

  test('a ConfigMap without apiVersion is named v1; its namespace is named when it has one', () => {
    const [result] = decodeFunctionConfig({ kind: 'ConfigMap', metadata: { name: 'drydock', namespace: 'ops' }, data: invalid }).results;
    expect(result.resourceRef).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'drydock', namespace: 'ops' });
    expect(result.message).toBe('ConfigMap drydock: data.DRYDOCK_INIT_JOBS: expected true or false, got string "maybe"');
  });

  test('a namespace that is no string is left out', () => {
    const [result] = decodeFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock', namespace: 3 }, data: invalid }).results;
    expect(result.resourceRef).toEqual(CONFIGMAP_REF);
  });

  test('a name that is no string: no resourceRef, the message says functionConfig', () => {
    const [result] = decodeFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 7 }, data: invalid }).results;
    expect(result.resourceRef).toBeUndefined();
    expect(result.message).toBe('functionConfig: data.DRYDOCK_INIT_JOBS: expected true or false, got string "maybe"');
  });
});

describe('the field of a result about a setting, in the ConfigMap form', () => {
  const fieldOf = (path: (string | number)[]): string | undefined => settingResultFor(drydockConfigMap({}))('info', path, 'a message').field?.path;

  test.each([
    ['the Drydock key of the setting itself', ['podDisruptionBudgets', 'lms'], 'data.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS'],
    ["the Drydock key of a setting it is part of (the longest that has one)", ['ingress', 'tls', 'customCerts', 'crt'], 'data.DRYDOCK_CUSTOM_CERTS'],
    ["Tutor's own key", ['tutor', 'lmsHost'], 'data.LMS_HOST'],
    ['list indexes left out', ['ingress', 'extraHosts', 12], 'data.DRYDOCK_INGRESS_EXTRA_HOSTS'],
    ['no Drydock key: the settings path, without indexes', ['validation', 'skip', 12], 'data.validation.skip'],
    ['no Drydock key: the settings path, without the map key', ['ingress', 'annotations', '["kubernetes.io/ingress.class"]'], 'data.ingress.annotations'],
  ])('%s', (_name, path, field) => {
    expect(fieldOf(path)).toBe(field);
  });
});

describe('what a result of the spec names: code, field and suggestion', () => {
  const named = (spec: unknown): [unknown, unknown, string][] => decodeFunctionConfig(drydockConfig(spec)).results.map((result) => [result.tags?.code, result.field?.path, result.message]);
  const INGRESS_FIELDS = 'known fields: enabled, className, extraHosts, lmsExtraHosts, annotations, tls';

  test('an unknown field whose near miss is in its own group: CONFIG_UNKNOWN_FIELD, the group\'s suggestion alone', () => {
    expect(named({ ingress: { extraHost: [] } })).toEqual([
      ['CONFIG_UNKNOWN_FIELD', 'spec.ingress.extraHost', `DrydockConfig drydock: spec.ingress.extraHost: unknown field "extraHost" (did you mean extraHosts?); ${INGRESS_FIELDS}`],
    ]);
  });

  test('an unknown field that is a setting of another group: the suggestion is its whole path under spec', () => {
    expect(named({ ingress: { letsencryptEmail: 'ops@example.com' } })).toEqual([
      ['CONFIG_UNKNOWN_FIELD', 'spec.ingress.letsencryptEmail', `DrydockConfig drydock: spec.ingress.letsencryptEmail: unknown field "letsencryptEmail" (did you mean spec.ingress.tls.letsencryptEmail?); ${INGRESS_FIELDS}`],
    ]);
  });

  test('an unknown field near no setting: no suggestion', () => {
    expect(named({ ingress: { zzzzqqqq: 'x' } })).toEqual([
      ['CONFIG_UNKNOWN_FIELD', 'spec.ingress.zzzzqqqq', `DrydockConfig drydock: spec.ingress.zzzzqqqq: unknown field "zzzzqqqq"; ${INGRESS_FIELDS}`],
    ]);
  });

  test('a value refused with a message holding a semicolon: CONFIG_INVALID_VALUE, no suggestion of another setting', () => {
    // The suggestion search is for unknown fields; on this message it would insert one before the `;`
    // (spec.initJobs.tasks.command, the setting of the key itself).
    expect(named({ initJobs: { tasks: [{ service: 'lms', command: 'true\r' }] } })).toEqual([
      ['CONFIG_INVALID_VALUE', 'spec.initJobs.tasks[0].command', 'DrydockConfig drydock: spec.initJobs.tasks[0].command: expected lines of text; the value holds a control character other than a line feed or a tab (CR, NUL, NEL, U+2028 …)'],
    ]);
  });

  test('a character kustomize cannot carry, in a string inside a list: named by its index', () => {
    // U+FFFE passes the task's own text rule (lines of text) and is refused for kustomize's sake.
    expect(named({ initJobs: { tasks: [{ service: 'lms', command: 'true' }, { service: 'cms', command: 'echo \ufffe' }] } })).toEqual([
      ['CONFIG_INVALID_VALUE', 'spec.initJobs.tasks[1].command', 'DrydockConfig drydock: spec.initJobs.tasks[1].command: holds U+FFFE, which kustomize cannot carry to the cluster, even escaped (it fails on U+007F–U+009F, U+FFFE and U+FFFF and turns U+0085 into a space)'],
    ]);
  });

  test('such a character in a key of a mapping setting that is not metadata (the wave order): named by the key, as a key', () => {
    const field = `spec.syncWaves.order[${JSON.stringify('lms\x7f')}]`;
    expect(named({ syncWaves: { order: { 'Deployment/lms': 3, 'lms\x7f': 1 } } })).toEqual([
      ['CONFIG_INVALID_VALUE', field, `DrydockConfig drydock: ${field}: a key holds U+007F, which kustomize cannot carry to the cluster, even escaped (it fails on U+007F–U+009F, U+FFFE and U+FFFF and turns U+0085 into a space)`],
    ]);
  });
});

describe('the ConfigMap form: data keys and values', () => {
  const decoded = (data: Record<string, unknown>) => decodeFunctionConfig({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data });
  const named = (data: Record<string, unknown>): [unknown, unknown, unknown, string][] => decoded(data).results.map((result) => [result.severity, result.tags?.code, result.field?.path, result.message]);
  const SEE_NAMES = 'see drydock-fn schema or docs/settings.md for the DRYDOCK_* names and the settings paths';

  test("Tutor's own settings pasted along from config.yml give the Tutor context", () => {
    const { results, settings } = decoded({
      LMS_HOST: 'learn.example.com', CMS_HOST: 'studio.example.com', MFE_HOST: 'apps.learn.example.com', PREVIEW_LMS_HOST: 'preview.learn.example.com',
      MEILISEARCH_HOST: 'search.learn.example.com', NOTES_HOST: 'notes.learn.example.com', CONTACT_EMAIL: 'ops@example.com', TUTOR_VERSION: '22.0.0',
      K8S_NAMESPACE: 'openedx-prod', DOCKER_IMAGE_OPENEDX: 'registry.example.com/openedx:22.0.0', DOCKER_IMAGE_MONGODB: 'docker.io/mongo:7.0.7', DOCKER_IMAGE_MYSQL: 'docker.io/mysql:8.4.0',
    });
    expect(results).toEqual([]);
    expect(settings.tutor).toMatchObject({
      lmsHost: 'learn.example.com', cmsHost: 'studio.example.com', mfeHost: 'apps.learn.example.com', previewLmsHost: 'preview.learn.example.com',
      meilisearchHost: 'search.learn.example.com', notesHost: 'notes.learn.example.com', contactEmail: 'ops@example.com', version: '22.0.0', namespace: 'openedx-prod',
      images: { openedx: 'registry.example.com/openedx:22.0.0', mongodb: 'docker.io/mongo:7.0.7', mysql: 'docker.io/mysql:8.4.0' },
    });
  });

  test.each([
    ['DRYDOCK_VERSION', '22.0.0', 'info', 'informational in Drydock'],
    ['DRYDOCK_CMS_SSO_USER', 'cms', 'info', 'unused since Drydock 15.8.0'],
    ['DRYDOCK_NEWRELIC', 'true', 'info', 'a dead flag in Drydock; a license key enables New Relic'],
    ['DRYDOCK_BYPASS_CADDY', 'true', 'warning', 'removed in Drydock 21.1.0 with the ingress-nginx-specific features; drydock-fn always routes through Caddy'],
    ['DRYDOCK_NGINX_STATIC_CACHE_CONFIG', '{"lms": {"paths": ["/static"]}}', 'warning', 'removed in Drydock 21.1.0 with the ingress-nginx-specific features; not implemented'],
  ])('%s=%s, a Drydock setting drydock-fn does without: CONFIG_IGNORED saying why; the other settings apply', (key, value, severity, why) => {
    const { results, settings } = decoded({ [key]: value, DRYDOCK_INIT_JOBS: 'true' });
    expect(results.map((result) => [result.severity, result.tags?.code, result.field?.path, result.message])).toEqual([[severity, 'CONFIG_IGNORED', `data.${key}`, `ConfigMap drydock: data.${key}: ignored: ${why}`]]);
    expect(settings.initJobs.enabled).toBe(true);
  });

  test.each([
    ['false', 'false'], ['an empty string', ''], ['an empty string quoted', '""'], ['null', 'null'], ['0', '0'], ['an empty mapping', '{}'],
    ['false unquoted in the YAML (not a string)', false], ['0 unquoted', 0], ['null unquoted', null], ['{} unquoted', {}],
  ])('an ignored setting that is off (%s): no result', (_name, value) => {
    expect(named({ DRYDOCK_BYPASS_CADDY: value, DRYDOCK_NEWRELIC: value })).toEqual([]);
  });

  test('an ignored setting that is on, unquoted in the YAML: the same result as quoted', () => {
    expect(named({ DRYDOCK_BYPASS_CADDY: true })).toEqual(named({ DRYDOCK_BYPASS_CADDY: 'true' }));
    expect(named({ DRYDOCK_BYPASS_CADDY: true })).toHaveLength(1);
  });

  test('PLUGINS as a YAML list (not a string) is read as config.yml has it', () => {
    const { results, settings } = decoded({ PLUGINS: ['mfe', 'drydock-backups'] });
    expect(results).toEqual([]);
    expect([settings.tutor.plugins, settings.backups.enabled]).toEqual([['mfe', 'drydock-backups'], true]);
  });

  test.each([
    ['a name', 'mfe'],
    ['an empty name in the list', '["mfe", ""]'],
    ['a number in the list', '["mfe", 3]'],
    ['a mapping', '{"mfe": true}'],
  ])('PLUGINS that is %s, not a list of names: CONFIG_INVALID_VALUE on data.PLUGINS, the defaults', (_name, value) => {
    const { results, settings } = decoded({ PLUGINS: value });
    expect(results.map((result) => [result.severity, result.tags?.code, result.field?.path, result.message])).toEqual([
      ['error', 'CONFIG_INVALID_VALUE', 'data.PLUGINS', 'ConfigMap drydock: data.PLUGINS: expected a list of plugin names, as in config.yml: \'["drydock-backups", "mfe"]\''],
    ]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  test.each([
    ['a misspelt Drydock name: the Drydock name', 'DRYDOCK_INGRES', ' (did you mean DRYDOCK_INGRESS?)'],
    ['a misspelt settings path: the settings path', 'ingress.classNam', ' (did you mean ingress.className?)'],
    ['a key near nothing: no suggestion', 'ZZZZ_QQQQ', ''],
  ])('an unknown data key, %s: CONFIG_UNKNOWN_FIELD, the defaults', (_name, key, suggestion) => {
    const { results, settings } = decoded({ [key]: 'true' });
    expect(results.map((result) => [result.severity, result.tags?.code, result.field?.path, result.message])).toEqual([
      ['error', 'CONFIG_UNKNOWN_FIELD', `data.${key}`, `ConfigMap drydock: data.${key}: unknown field ${JSON.stringify(key)}${suggestion}; ${SEE_NAMES}`],
    ]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  test('a value unquoted in the YAML (a boolean, not a string): CONFIG_INVALID_VALUE asking to quote it', () => {
    expect(named({ DRYDOCK_INIT_JOBS: true })).toEqual([['error', 'CONFIG_INVALID_VALUE', 'data.DRYDOCK_INIT_JOBS', 'ConfigMap drydock: data.DRYDOCK_INIT_JOBS: ConfigMap values must be strings (quote the value)']]);
  });

  test('a value that loses text when read as config.yml is read (a comment): CONFIG_TEXT_LOST, a warning on the key; the value is applied', () => {
    const { results, settings } = decoded({ DRYDOCK_INGRESS_CLASS: 'nginx # internal' });
    expect(results.map((result) => [result.severity, result.tags?.code, result.field?.path])).toEqual([['warning', 'CONFIG_TEXT_LOST', 'data.DRYDOCK_INGRESS_CLASS']]);
    expect(settings.ingress.className).toBe('nginx');
  });

  test('two settings of one group, from two keys: both applied', () => {
    const { results, settings } = decoded({ DRYDOCK_INIT_JOBS: 'true', DRYDOCK_MIGRATE_FROM: '13', 'initJobs.backoffLimit': '3' });
    expect(results).toEqual([]);
    expect([settings.initJobs.enabled, settings.initJobs.migrateFrom, settings.initJobs.backoffLimit]).toEqual([true, 13, 3]);
  });

  test.each([
    ['the same setting by its Drydock name and its path', { DRYDOCK_INIT_JOBS: 'true', 'initJobs.enabled': 'true' }, 'initJobs.enabled', 'initJobs.enabled', 'DRYDOCK_INIT_JOBS'],
    ['a setting, then a group holding it', { 'ingress.tls.customCerts.secretName': 'a', DRYDOCK_CUSTOM_CERTS: '{"secret_name": "b"}' }, 'DRYDOCK_CUSTOM_CERTS', 'ingress.tls.customCerts', 'ingress.tls.customCerts.secretName'],
    ['a group, then a setting in it', { DRYDOCK_CUSTOM_CERTS: '{"secret_name": "b"}', 'ingress.tls.customCerts.secretName': 'a' }, 'ingress.tls.customCerts.secretName', 'ingress.tls.customCerts.secretName', 'DRYDOCK_CUSTOM_CERTS'],
    ['PLUGINS and its settings path', { PLUGINS: '["mfe"]', 'tutor.plugins': '["notes"]' }, 'tutor.plugins', 'tutor.plugins', 'PLUGINS'],
    ['the settings path of PLUGINS, then PLUGINS', { 'tutor.plugins': '["notes"]', PLUGINS: '["mfe"]' }, 'PLUGINS', 'tutor.plugins', 'tutor.plugins'],
  ])('%s: an error on the second key naming the first, the defaults', (_name, data, second, path, first) => {
    const { results, settings } = decoded(data);
    expect(results.map((result) => [result.severity, result.tags?.code, result.field?.path, result.message])).toEqual([
      ['error', 'CONFIG_INVALID_VALUE', `data.${second}`, `ConfigMap drydock: data.${second}: sets ${path}, which data.${first} sets too: give each setting once`],
    ]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  test('a setting whose path starts with another\'s letters but not its segments is no overlap (lms, lmsWorker)', () => {
    for (const data of [
      { DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '50', DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS_WORKER: '25' },
      { DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS_WORKER: '25', DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '50' },
    ]) {
      const { results, settings } = decoded(data);
      expect(results).toEqual([]);
      expect([settings.podDisruptionBudgets.lms, settings.podDisruptionBudgets.lmsWorker]).toEqual([50, 25]);
    }
  });

  test('a refused value named by its data key, when other keys came first (the refused one, not another)', () => {
    expect(named({ DRYDOCK_INIT_JOBS: 'true', DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '101' })).toEqual([
      ['error', 'CONFIG_INVALID_VALUE', 'data.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS', 'ConfigMap drydock: data.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: expected an integer in 0..100, got 101'],
    ]);
    // podDisruptionBudgets.lmsWorker is longer than, and starts with the letters of, podDisruptionBudgets.lms
    expect(named({ DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS_WORKER: '25', DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '101' }).map(([, , field]) => field)).toEqual(['data.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS']);
  });

  test('a refused part of a group set by one key (a field of DRYDOCK_CUSTOM_CERTS, an item of a list): named by that key', () => {
    expect(named({ DRYDOCK_INIT_JOBS: 'true', DRYDOCK_CUSTOM_CERTS: '{"secret_name": "Bad_Name"}' }).map(([severity, code, field]) => [severity, code, field])).toEqual([['error', 'CONFIG_INVALID_VALUE', 'data.DRYDOCK_CUSTOM_CERTS']]);
    expect(named({ DRYDOCK_INGRESS_EXTRA_HOSTS: '["ok.example.com", "Bad Host"]' })).toEqual([
      ['error', 'CONFIG_INVALID_VALUE', 'data.DRYDOCK_INGRESS_EXTRA_HOSTS', 'ConfigMap drydock: data.DRYDOCK_INGRESS_EXTRA_HOSTS: item 1: expected a DNS host name (lower case, international names in punycode, no trailing dot; a leading "*." for a wildcard, e.g. courses.example.com), got "Bad Host"'],
    ]);
  });

  test('a character kustomize cannot carry in a PLUGINS list: named data.PLUGINS, the key the user wrote', () => {
    expect(named({ PLUGINS: ['mfe\ufffe'] }).map(([severity, code, field]) => [severity, code, field])).toEqual([['error', 'CONFIG_INVALID_VALUE', 'data.PLUGINS']]);
  });
});
