/** Decoding the functionConfig: defaults, both forms, every Drydock name, errors, the JSON Schema. */
import Ajv2020 from 'ajv/dist/2020';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { drydockNames } from '../src/config/configmap-form';
import { decodeFunctionConfig } from '../src/config/decode';
import { drydockConfigSchema } from '../src/config/schema';
import { DEFAULT_SETTINGS } from '../src/config/settings';
import { ANNOTATIONS_SIZE_LIMIT, annotationsSize } from '../src/krm/names';
import { drydockConfig, drydockConfigMap } from './support/run';

const get = (value: unknown, keys: readonly string[]): unknown => keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], value);

describe('defaults', () => {
  test.each([
    ['no functionConfig', undefined],
    ['kpt eval without config (an empty function-input ConfigMap)', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: {} }],
    ['a DrydockConfig without spec', drydockConfig(undefined)],
    ['a DrydockConfig with an empty spec', drydockConfig({})],
  ])('%s gives Drydock 22 defaults', (_name, config) => {
    const decoded = decodeFunctionConfig(config);
    expect(decoded.results).toEqual([]);
    expect(decoded.settings).toEqual(DEFAULT_SETTINGS);
  });

  test('the defaults are Drydock 22\'s', () => {
    expect(DEFAULT_SETTINGS.initJobs.enabled).toBe(false);
    expect(DEFAULT_SETTINGS.ingress.enabled).toBe(true);
    expect(DEFAULT_SETTINGS.ingress.className).toBe('nginx');
    expect(DEFAULT_SETTINGS.ingress.tls.auto).toBe(true);
    expect(DEFAULT_SETTINGS.multitenancy.enabled).toBe(true);
    expect(DEFAULT_SETTINGS.scorm.enabled).toBe(true);
    expect(DEFAULT_SETTINGS.podLifecycle.enabled).toBe(true);
    expect(DEFAULT_SETTINGS.syncWaves.postInitDeployments).toEqual(['lms', 'cms', 'forum', 'lms-worker', 'cms-worker', 'superset', 'superset-worker', 'superset-celery-beat']);
    // Features Drydock dropped stay, opt-in.
    expect([DEFAULT_SETTINGS.flower.enabled, DEFAULT_SETTINGS.celeryTuning.enabled, DEFAULT_SETTINGS.sentry.enabled, DEFAULT_SETTINGS.debug.enabled, DEFAULT_SETTINGS.backups.enabled]).toEqual([false, false, false, false, false]);
  });

  test('partial groups keep the defaults of the fields not given', () => {
    const decoded = decodeFunctionConfig(drydockConfig({ ingress: { className: 'traefik' } }));
    expect(decoded.settings.ingress).toEqual({ ...DEFAULT_SETTINGS.ingress, className: 'traefik' });
  });
});

describe('the ConfigMap form with Drydock\'s names', () => {
  const cases: [string, string, string[], unknown][] = [
    ['DRYDOCK_INIT_JOBS', 'true', ['initJobs', 'enabled'], true],
    ['DRYDOCK_INIT_JOBS_EXCLUDED', '["mysql-job", "drydock-lms-job-3"]', ['initJobs', 'excluded'], ['mysql-job', 'drydock-lms-job-3']],
    ['DRYDOCK_MIGRATE_FROM', '13', ['initJobs', 'migrateFrom'], 13],
    ['DRYDOCK_INGRESS', 'false', ['ingress', 'enabled'], false],
    ['DRYDOCK_INGRESS_CLASS', 'nginx-internal', ['ingress', 'className'], 'nginx-internal'],
    ['DRYDOCK_INGRESS_EXTRA_HOSTS', '["extra1.example.com", "extra2.example.com"]', ['ingress', 'extraHosts'], ['extra1.example.com', 'extra2.example.com']],
    ['DRYDOCK_INGRESS_LMS_EXTRA_HOSTS', '[lms-alias.example.com]', ['ingress', 'lmsExtraHosts'], ['lms-alias.example.com']],
    ['DRYDOCK_AUTO_TLS', 'False', ['ingress', 'tls', 'auto'], false],
    ['DRYDOCK_LETSENCRYPT_EMAIL', 'ops@example.com', ['ingress', 'tls', 'letsencryptEmail'], 'ops@example.com'],
    ['DRYDOCK_LETSENCRYPT_EMAIL', '{{ CONTACT_EMAIL }}', ['ingress', 'tls', 'letsencryptEmail'], null],
    ['DRYDOCK_CUSTOM_CERTS', '{"secret_name": "my-tls", "crt": "Y3J0", "key": "a2V5"}', ['ingress', 'tls', 'customCerts'], { secretName: 'my-tls', crt: 'Y3J0', key: 'a2V5' }],
    ['DRYDOCK_CUSTOM_CERTS', '{}', ['ingress', 'tls', 'customCerts'], null],
    ['DRYDOCK_NEWRELIC_LICENSE_KEY', 'abc123', ['newRelic', 'licenseKey'], 'abc123'],
    ['DRYDOCK_ENABLE_MULTITENANCY', 'false', ['multitenancy', 'enabled'], false],
    ['DRYDOCK_ENABLE_SCORM', 'false', ['scorm', 'enabled'], false],
    ['DRYDOCK_POD_LIFECYCLE', 'false', ['podLifecycle', 'enabled'], false],
    ['DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CADDY', '50', ['podDisruptionBudgets', 'caddy'], 50],
    ['DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS_WORKER', '25', ['podDisruptionBudgets', 'lmsWorker'], 25],
    ['DRYDOCK_POST_INIT_DEPLOYMENTS', '["lms", "cms"]', ['syncWaves', 'postInitDeployments'], ['lms', 'cms']],
    ['DRYDOCK_REGISTRY_CREDENTIALS', '{"auths":{"r.example.com":{"auth":"dTpw"}}}', ['registryCredentials', 'dockerConfigJson'], '{"auths":{"r.example.com":{"auth":"dTpw"}}}'],
    ['DRYDOCK_FLOWER', 'true', ['flower', 'enabled'], true],
    ['DRYDOCK_ENABLE_CELERY_TUNING', 'true', ['celeryTuning', 'enabled'], true],
    ['DRYDOCK_ENABLE_SENTRY', 'true', ['sentry', 'enabled'], true],
    ['DRYDOCK_SENTRY_DSN', 'https://k@sentry.example.com/1', ['sentry', 'dsn'], 'https://k@sentry.example.com/1'],
    ['DRYDOCK_DEBUG', 'true', ['debug', 'enabled'], true],
    ['OPENEDX_DEBUG_COOKIE', 'my_cookie', ['debug', 'cookie'], 'my_cookie'],
    ['BACKUP_CRON_SCHEDULE', '30 3 * * *', ['backups', 'schedule'], '30 3 * * *'],
    ['BACKUP_STORAGE_SERVICE', 'azure-blob', ['backups', 'storage', 'service'], 'azure-blob'],
    ['BACKUP_K8S_USE_EPHEMERAL_VOLUMES', 'true', ['backups', 'ephemeralVolume', 'enabled'], true],
    ['LMS_HOST', 'learn.example.com', ['tutor', 'lmsHost'], 'learn.example.com'],
    ['K8S_NAMESPACE', 'openedx-prod', ['tutor', 'namespace'], 'openedx-prod'],
  ];

  test.each(cases)('%s: %s', (name, value, settingPath, expected) => {
    const decoded = decodeFunctionConfig(drydockConfigMap({ [name]: value }));
    expect(decoded.results).toEqual([]);
    expect(get(decoded.settings, settingPath)).toEqual(expected);
  });

  test('every Drydock setting is accepted', () => {
    const reference = [
      'DRYDOCK_INIT_JOBS', 'DRYDOCK_INIT_JOBS_EXCLUDED', 'DRYDOCK_AUTO_TLS', 'DRYDOCK_MIGRATE_FROM', 'DRYDOCK_INGRESS', 'DRYDOCK_INGRESS_CLASS',
      'DRYDOCK_INGRESS_EXTRA_HOSTS', 'DRYDOCK_INGRESS_LMS_EXTRA_HOSTS', 'DRYDOCK_NEWRELIC_LICENSE_KEY', 'DRYDOCK_CUSTOM_CERTS', 'DRYDOCK_LETSENCRYPT_EMAIL',
      'DRYDOCK_ENABLE_MULTITENANCY', 'DRYDOCK_ENABLE_SCORM', 'DRYDOCK_POD_LIFECYCLE', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS',
      'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS_WORKER', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CMS', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CMS_WORKER',
      'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_MFE', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_FORUM', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CADDY',
      'DRYDOCK_POST_INIT_DEPLOYMENTS', 'DRYDOCK_REGISTRY_CREDENTIALS',
      // dropped by Drydock since, kept here (§2.3), and drydock-backups (§2.5)
      'DRYDOCK_FLOWER', 'DRYDOCK_DEBUG', 'DRYDOCK_ENABLE_CELERY_TUNING', 'DRYDOCK_ENABLE_SENTRY', 'DRYDOCK_SENTRY_DSN',
      'BACKUP_DOCKER_IMAGE', 'BACKUP_CRON_SCHEDULE', 'BACKUP_STORAGE_SERVICE', 'BACKUP_AWS_ACCESS_KEY', 'BACKUP_AWS_SECRET_KEY', 'BACKUP_BUCKET_NAME',
      'BACKUP_BUCKET_PATH', 'BACKUP_CUSTOM_STORAGE_ENDPOINT', 'BACKUP_AZURE_CONTAINER_NAME', 'BACKUP_AZURE_CONTAINER_SAS_TOKEN', 'BACKUP_AZURE_ACCOUNT_NAME',
      'BACKUP_K8S_USE_EPHEMERAL_VOLUMES', 'BACKUP_K8S_EPHEMERAL_VOLUME_SIZE', 'BACKUP_K8S_EPHEMERAL_VOLUME_STORAGE_CLASS', 'BACKUP_MINIO_EXPIRATION_DAYS',
      'BACKUP_MYSQL_USERNAME', 'BACKUP_MYSQL_PASSWORD', 'BACKUP_MONGO_USERNAME', 'BACKUP_MONGO_PASSWORD',
    ];
    const known = drydockNames();
    expect(reference.filter((name) => !known.has(name))).toEqual([]);
  });

  test('Drydock settings drydock-fn does not implement are warnings when set, silent when off', () => {
    const on = decodeFunctionConfig(drydockConfigMap({ DRYDOCK_BYPASS_CADDY: 'true', DRYDOCK_VERSION: '22.0.0' }));
    expect(on.results.map((result) => [result.severity, result.field?.path])).toEqual([
      ['warning', 'data.DRYDOCK_BYPASS_CADDY'],
      ['info', 'data.DRYDOCK_VERSION'],
    ]);
    expect(decodeFunctionConfig(drydockConfigMap({ DRYDOCK_BYPASS_CADDY: 'false', DRYDOCK_NGINX_STATIC_CACHE_CONFIG: '{}' })).results).toEqual([]);
  });

  test('PLUGINS, as in config.yml: plugins for the context, and drydock-backups switches backups on', () => {
    const decoded = decodeFunctionConfig(drydockConfigMap({ PLUGINS: '["drydock", "drydock-backups", "mfe"]' }));
    expect(decoded.results).toEqual([]);
    expect(decoded.settings.tutor.plugins).toEqual(['drydock', 'drydock-backups', 'mfe']);
    expect(decoded.settings.backups.enabled).toBe(true);
    expect(decodeFunctionConfig(drydockConfigMap({ PLUGINS: '[mfe]' })).settings.backups.enabled).toBe(false);
    expect(decodeFunctionConfig(drydockConfigMap({ PLUGINS: 'mfe' })).results[0].message).toMatch(/data\.PLUGINS: expected a list of plugin names/);
  });

  test('a Jinja template other than a default is refused', () => {
    const decoded = decodeFunctionConfig(drydockConfigMap({ DRYDOCK_INGRESS_CLASS: '{{ INGRESS }}-x' }));
    expect(decoded.results[0].message).toMatch(/data\.DRYDOCK_INGRESS_CLASS: Jinja templates are not rendered/);
  });

  test('both forms decode to the same settings', () => {
    const fromMap = decodeFunctionConfig(drydockConfigMap({ DRYDOCK_INIT_JOBS: 'true', DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '50', DRYDOCK_INGRESS_EXTRA_HOSTS: '["a.example.com"]' }));
    const fromKind = decodeFunctionConfig(drydockConfig({ initJobs: { enabled: true }, podDisruptionBudgets: { lms: 50 }, ingress: { extraHosts: ['a.example.com'] } }));
    expect(fromMap.settings).toEqual(fromKind.settings);
  });
});

describe('the JSON Schema', () => {
  const schema = drydockConfigSchema();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);

  test('is a valid draft 2020-12 schema carrying the descriptions', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const spec = (schema.properties as Record<string, any>).spec;
    expect(spec.properties.initJobs.properties.enabled.description).toMatch(/init tasks/);
    expect(spec.properties.initJobs.properties.enabled.default).toBe(false);
  });

  test('secret settings carry no default in the schema', () => {
    const spec = (schema.properties as Record<string, any>).spec;
    expect(spec.properties.newRelic.properties.licenseKey.default).toBeUndefined();
  });

  const examples = readdirSync(path.join(__dirname, '..', 'fn-config')).filter((file) => file.endsWith('.yaml'));
  test.each(examples)('fn-config/%s decodes without problems (and DrydockConfigs match the schema)', (file) => {
    const config = YAML.parse(readFileSync(path.join(__dirname, '..', 'fn-config', file), 'utf8'));
    expect(decodeFunctionConfig(config).results).toEqual([]);
    if (config.kind === 'DrydockConfig') expect({ valid: validate(config), errors: validate.errors }).toEqual({ valid: true, errors: null });
  });

  test('the schema rejects what the decoder rejects', () => {
    for (const spec of [{ ingress: { extraHost: [] } }, { podDisruptionBudgets: { lms: 101 } }, { initJobs: { enabled: 'yes' } }]) {
      expect(validate(drydockConfig(spec))).toBe(false);
      expect(decodeFunctionConfig(drydockConfig(spec)).results.length).toBeGreaterThan(0);
    }
  });
});

describe('characters no output can carry to the cluster are refused in every string, both forms', () => {
  const refused: [string, string][] = [
    ['an unpaired surrogate', '\ud800'],
    ['DEL', '\x7f'],
    ['U+0085 (kustomize turns it into a space)', '\u0085'],
    ['a C1 control', '\x9f'],
    ['U+FFFE', '\ufffe'],
    ['U+FFFF', '\uffff'],
  ];
  test.each(refused)('%s: CONFIG_INVALID_VALUE naming the field, not the value', (_name, char) => {
    const password = `secret${char}value`;
    const forms: [unknown, string][] = [
      [drydockConfig({ backups: { mongodb: { password } } }), 'spec.backups.mongodb.password'],
      [drydockConfigMap({ BACKUP_MONGO_PASSWORD: password }), 'data.BACKUP_MONGO_PASSWORD'],
      [drydockConfigMap({ BACKUP_MONGO_PASSWORD: JSON.stringify(password) }), 'data.BACKUP_MONGO_PASSWORD'],
      [drydockConfig({ ingress: { annotations: { [`key${char}`]: 'v' } } }), `spec.ingress.annotations[${JSON.stringify(`key${char}`)}]`],
      [drydockConfigMap({ 'initJobs.tasks': JSON.stringify([{ service: 'lms', command: `echo ${password}` }]) }), 'data.initJobs.tasks'],
    ];
    for (const [config, field] of forms) {
      const { results } = decodeFunctionConfig(config);
      expect(results.map((result) => [result.tags?.code, result.field?.path])).toEqual([['CONFIG_INVALID_VALUE', field]]);
      expect(results[0].message).not.toContain('secret');
    }
  });

  test('an annotation of several lines starting with a tab, which kustomize cannot carry in metadata', () => {
    // Such a key is no annotation key at all; such a value is refused for kustomize's sake.
    const key = decodeFunctionConfig(drydockConfig({ ingress: { annotations: { '\tkey\n': 'v' } } })).results;
    expect(key.map((result) => [result.tags?.code, result.field?.path])).toEqual([['CONFIG_INVALID_VALUE', 'spec.ingress.annotations["\\tkey\\n"]']]);
    const { results } = decodeFunctionConfig(drydockConfig({ ingress: { annotations: { ok: '\tvalue\n' } } }));
    expect(results.map((result) => [result.tags?.code, result.field?.path, result.message])).toEqual([
      ['CONFIG_INVALID_VALUE', 'spec.ingress.annotations["ok"]', 'DrydockConfig drydock: spec.ingress.annotations["ok"]: has several lines and starts with a tab, which kustomize cannot carry in metadata'],
    ]);
    // Elsewhere (a task's script) such a string is written double-quoted, which kustomize reads.
    expect(decodeFunctionConfig(drydockConfig({ initJobs: { tasks: [{ service: 'lms', command: '\tif true\nthen :; fi' }] } })).results).toEqual([]);
  });

  test('U+2028, U+2029, C0 controls and a byte order mark are written escaped, so they are accepted', () => {
    const password = 'a\u2028b\u2029c\x01d\x1be\ufefff\r\n';
    expect(decodeFunctionConfig(drydockConfig({ backups: { mongodb: { password } } })).results).toEqual([]);
  });
});

describe('ingress.annotations: their size counted as the API server counts it (UTF-8 bytes of keys and values)', () => {
  const limit = ANNOTATIONS_SIZE_LIMIT - 4096;
  const annotationsOf = (bytes: number): Record<string, string> => ({ 'example.com/a': 'x'.repeat(bytes - 'example.com/a'.length - 'example.com/b'.length - 4), 'example.com/b': 'ä' + 'é' });
  test.each([
    [limit, 0],
    [limit + 1, 1],
  ])('annotations of %i bytes: %i errors', (bytes, errors) => {
    const annotations = annotationsOf(bytes);
    expect(annotationsSize(annotations)).toBe(bytes);
    const { results } = decodeFunctionConfig(drydockConfig({ ingress: { annotations } }));
    const found = results.filter((result) => result.severity === 'error');
    expect(found).toHaveLength(errors);
    if (errors) expect(found[0].message).toContain(`the keys and values hold ${bytes} bytes, more than the ${limit} allowed`);
  });
});
