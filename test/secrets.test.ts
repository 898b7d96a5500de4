/**
 * Secrets. Every secret-bearing setting has a Secret reference; with references the output holds no
 * secret value anywhere (the Secrets themselves may sit in the input: they pass through untouched);
 * and no result, stderr line or error message ever holds a secret value — of a setting (marker
 * values, both config forms, every feature, good and bad configurations) or of the manifests
 * (Tutor's own passwords).
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { settingPaths } from '../src/config/setting-paths';
import { decodeFunctionConfig } from '../src/config/decode';
import { REDACTED, redactSecrets, secretValuesIn } from '../src/config/secrets';
import type { Feature } from '../src/features/feature';
import { wrapDocuments } from '../src/io';
import { PIPELINE } from '../src/pipeline';
import { runFunction } from '../src/run';
import type { RunOutcome } from '../src/run';
import { BUNDLE, ensureBundle } from './support/orchestrators';
import { drydockConfig, drydockConfigMap, itemsOf } from './support/run';
import { tutorObjects } from './support/tutor-objects';

type Item = Record<string, any>;

/** The example Tutor env (Tutor 20, built). */
const TUTOR: Item[] = YAML.parseAllDocuments(readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8'))
  .map((doc) => doc.toJS() as Item)
  .filter(Boolean);
const TASKS = [
  { service: 'mysql', command: 'echo creating databases' },
  { service: 'lms', command: './manage.py lms migrate' },
  { service: 'cms', command: './manage.py cms migrate' },
];

/** Marker values: a secret that shows up anywhere it should not is found by its marker. */
const MARKER = {
  mongodbRootPassword: 'MONGOROOT-marker-7f3a',
  crt: Buffer.from('-----BEGIN CERTIFICATE-----\nCRT-marker-91bd\n-----END CERTIFICATE-----\n').toString('base64'),
  key: Buffer.from('-----BEGIN PRIVATE KEY-----\nKEY-marker-0c55\n-----END PRIVATE KEY-----\n').toString('base64'),
  dockerConfigJson: '{"auths": {"registry.example.com": {"auth": "UkVHSVNUUlktbWFya2VyLTRlMjE="}}}',
  licenseKey: 'NEWRELIC-marker-2b6f0123456789abcdef0123456',
  dsn: 'https://SENTRY-marker-5d90@o1.ingest.sentry.io/7',
  awsAccessKey: 'AKIA-AWSKEY-marker-e4c1',
  awsSecretKey: 'AWSSECRET-marker-a8d2/xyz',
  azureSasToken: 'sv=2024&sig=AZURESAS-marker-6b3e',
  mysqlPassword: 'MYSQLBACKUP-marker-1f77',
  mongodbPassword: 'MONGOBACKUP-marker-c2d4',
  brokerUrl: 'redis://:BROKER-marker-9e0a@redis:6379/0',
  flowerAuth: 'admin:FLOWER-marker-3c8b',
};
const MARKERS = Object.values(MARKER);
/** What a marker can look like in a manifest: itself, base64-encoded, or inside a base64 blob. */
const encodings = (value: string): string[] => [value, Buffer.from(value).toString('base64')];

/** Secret-bearing settings → the setting that replaces them with a reference to an existing Secret. */
const REFERENCE_FOR: Readonly<Record<string, string>> = {
  'initJobs.mongodbRootPassword': 'initJobs.mongodbRootPasswordSecretRef',
  'ingress.tls.customCerts.crt': 'ingress.tls.customCerts.secretName',
  'ingress.tls.customCerts.key': 'ingress.tls.customCerts.secretName',
  'registryCredentials.dockerConfigJson': 'registryCredentials.secretName',
  'newRelic.licenseKey': 'newRelic.licenseKeySecretRef',
  'sentry.dsn': 'sentry.dsnSecretRef',
  'backups.storage.awsAccessKey': 'backups.storage.credentialsSecretName',
  'backups.storage.awsSecretKey': 'backups.storage.credentialsSecretName',
  'backups.storage.azureSasToken': 'backups.storage.credentialsSecretName',
  'backups.mysql.password': 'backups.mysql.passwordSecretRef',
  'backups.mongodb.password': 'backups.mongodb.passwordSecretRef',
};

/** Every feature on, each secret given by reference. */
const REFERENCES_SPEC = {
  initJobs: { enabled: true, tasks: TASKS, mongodbRootUsername: 'root', mongodbRootPasswordSecretRef: { name: 'mongodb-root-secret' } },
  ingress: { tls: { customCerts: { secretName: 'tls-secret' } } },
  registryCredentials: { secretName: 'registry-secret' },
  newRelic: { licenseKeySecretRef: { name: 'newrelic-secret' } },
  sentry: { enabled: true, dsnSecretRef: { name: 'sentry-secret' } },
  celeryTuning: { enabled: true },
  flower: { enabled: true, brokerUrlSecretRef: { name: 'flower-broker-secret' }, ingress: { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower-auth-secret' } } },
  debug: { enabled: true },
  backups: {
    enabled: true,
    storage: { bucket: 'backups', credentialsSecretName: 'backup-storage-secret' },
    mysql: { username: 'backup', passwordSecretRef: { name: 'mysql-backup-secret' } },
    mongodb: { username: 'backup', passwordSecretRef: { name: 'mongodb-backup-secret' } },
  },
  podDisruptionBudgets: { lms: 50 },
};
const REFERENCED = ['mongodb-root-secret', 'tls-secret', 'registry-secret', 'newrelic-secret', 'sentry-secret', 'flower-broker-secret', 'flower-auth-secret', 'backup-storage-secret', 'mysql-backup-secret', 'mongodb-backup-secret'];

/** The same, in the ConfigMap form: Drydock names where there are, settings paths elsewhere. */
const REFERENCES_DATA: Record<string, string> = {
  DRYDOCK_INIT_JOBS: 'true',
  'initJobs.tasks': JSON.stringify(TASKS),
  MONGODB_ROOT_USERNAME: 'root',
  'initJobs.mongodbRootPasswordSecretRef': '{name: mongodb-root-secret}',
  DRYDOCK_CUSTOM_CERTS: '{"secret_name": "tls-secret"}',
  'registryCredentials.secretName': 'registry-secret',
  'newRelic.licenseKeySecretRef': '{name: newrelic-secret}',
  DRYDOCK_ENABLE_SENTRY: 'true',
  'sentry.dsnSecretRef': '{name: sentry-secret}',
  DRYDOCK_ENABLE_CELERY_TUNING: 'true',
  DRYDOCK_FLOWER: 'true',
  'flower.brokerUrlSecretRef': '{name: flower-broker-secret}',
  'flower.ingress': '{enabled: true, host: flower.example.com, basicAuthSecretRef: {name: flower-auth-secret}}',
  DRYDOCK_DEBUG: 'true',
  'backups.enabled': 'true',
  BACKUP_BUCKET_NAME: 'backups',
  'backups.storage.credentialsSecretName': 'backup-storage-secret',
  BACKUP_MYSQL_USERNAME: 'backup',
  'backups.mysql.passwordSecretRef': '{name: mysql-backup-secret}',
  BACKUP_MONGO_USERNAME: 'backup',
  'backups.mongodb.passwordSecretRef': '{name: mongodb-backup-secret}',
  DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '50',
};

/** Every feature on, each secret given as a (marker) value. */
const VALUES_SPEC = {
  initJobs: { enabled: true, tasks: TASKS, mongodbRootUsername: 'root', mongodbRootPassword: MARKER.mongodbRootPassword },
  ingress: { tls: { customCerts: { secretName: 'tls-generated', crt: MARKER.crt, key: MARKER.key } } },
  registryCredentials: { dockerConfigJson: MARKER.dockerConfigJson },
  newRelic: { licenseKey: MARKER.licenseKey },
  sentry: { enabled: true, dsn: MARKER.dsn },
  flower: { enabled: true },
  backups: {
    enabled: true,
    storage: { bucket: 'backups', awsAccessKey: MARKER.awsAccessKey, awsSecretKey: MARKER.awsSecretKey },
    mysql: { username: 'backup', password: MARKER.mysqlPassword },
    mongodb: { username: 'backup', password: MARKER.mongodbPassword },
  },
};
const VALUES_DATA: Record<string, string> = {
  DRYDOCK_INIT_JOBS: 'true',
  'initJobs.tasks': JSON.stringify(TASKS),
  MONGODB_ROOT_USERNAME: 'root',
  MONGODB_ROOT_PASSWORD: MARKER.mongodbRootPassword,
  DRYDOCK_CUSTOM_CERTS: JSON.stringify({ secret_name: 'tls-generated', crt: MARKER.crt, key: MARKER.key }),
  DRYDOCK_REGISTRY_CREDENTIALS: MARKER.dockerConfigJson,
  DRYDOCK_NEWRELIC_LICENSE_KEY: MARKER.licenseKey,
  DRYDOCK_ENABLE_SENTRY: 'true',
  DRYDOCK_SENTRY_DSN: MARKER.dsn,
  DRYDOCK_FLOWER: 'true',
  'backups.enabled': 'true',
  BACKUP_BUCKET_NAME: 'backups',
  BACKUP_AWS_ACCESS_KEY: MARKER.awsAccessKey,
  BACKUP_AWS_SECRET_KEY: MARKER.awsSecretKey,
  BACKUP_MYSQL_USERNAME: 'backup',
  BACKUP_MYSQL_PASSWORD: MARKER.mysqlPassword,
  BACKUP_MONGO_USERNAME: 'backup',
  BACKUP_MONGO_PASSWORD: MARKER.mongodbPassword,
};

/** The Secrets a user keeps next to the manifests, holding the marker values. */
function userSecrets(): Item[] {
  const secret = (name: string, values: Record<string, string>): Item => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'openedx' }, type: 'Opaque', stringData: values });
  return [
    secret('mongodb-root-secret', { password: MARKER.mongodbRootPassword }),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls-secret', namespace: 'openedx' }, type: 'kubernetes.io/tls', data: { 'tls.crt': MARKER.crt, 'tls.key': MARKER.key } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry-secret', namespace: 'openedx' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': MARKER.dockerConfigJson } },
    secret('newrelic-secret', { 'license-key': MARKER.licenseKey }),
    secret('sentry-secret', { dsn: MARKER.dsn }),
    secret('flower-broker-secret', { 'broker-url': MARKER.brokerUrl }),
    secret('flower-auth-secret', { 'basic-auth': MARKER.flowerAuth }),
    secret('backup-storage-secret', { AWS_ACCESS_KEY_ID: MARKER.awsAccessKey, AWS_SECRET_ACCESS_KEY: MARKER.awsSecretKey }),
    secret('mysql-backup-secret', { password: MARKER.mysqlPassword }),
    secret('mongodb-backup-secret', { password: MARKER.mongodbPassword }),
  ];
}

function run(items: readonly Item[], functionConfig: unknown, features?: readonly Feature[]): RunOutcome {
  return runFunction(wrapDocuments(items.map((item) => YAML.stringify(item, { lineWidth: 0 })), functionConfig), features ? { features } : {});
}

/** Names of the Secrets the objects point at: secretKeyRef, imagePullSecrets, Ingress TLS, Secret volumes. */
function referencedSecrets(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((entry) => referencedSecrets(entry, out));
  else if (value && typeof value === 'object') {
    const object = value as Item;
    if (object.secretKeyRef?.name) out.add(object.secretKeyRef.name);
    if (typeof object.secretName === 'string') out.add(object.secretName);
    for (const pull of Array.isArray(object.imagePullSecrets) ? object.imagePullSecrets : []) out.add(pull.name);
    Object.values(object).forEach((entry) => referencedSecrets(entry, out));
  }
  return out;
}

/** Every string of a value, one per line (escaping in a printed form would hide a marker). */
function stringsOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(stringsOf).join('\n');
  if (value && typeof value === 'object') return Object.entries(value).map(([key, entry]) => `${key}\n${stringsOf(entry)}`).join('\n');
  return String(value);
}

function expectNoMarkerIn(text: string, markers: readonly string[] = MARKERS): void {
  for (const marker of markers) for (const form of encodings(marker)) expect({ marker, found: text.includes(form) }).toEqual({ marker, found: false });
}

function said(outcome: RunOutcome): string {
  return `${stringsOf(outcome.results)}\n${outcome.diagnostics.join('\n')}`;
}

describe('every secret-bearing setting accepts a Secret reference', () => {
  test('the settings marked secret are exactly those with a reference here', () => {
    const secret = settingPaths().filter(({ setting }) => setting.doc.secret === true).map(({ path }) => path.join('.'));
    expect(secret.sort()).toEqual(Object.keys(REFERENCE_FOR).sort());
    const all = new Set(settingPaths().map(({ path }) => path.join('.')));
    for (const reference of Object.values(REFERENCE_FOR)) expect(all.has(reference)).toBe(true);
  });
});

describe.each([
  ['DrydockConfig', drydockConfig(REFERENCES_SPEC)],
  ['ConfigMap', drydockConfigMap(REFERENCES_DATA)],
])('every feature on, every secret by reference (%s)', (_form, functionConfig) => {
  const input = [...TUTOR, ...userSecrets()];
  const outcome = run(input, functionConfig);
  const output = itemsOf(outcome.output);

  test('runs cleanly', () => {
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
    expect(outcome.exitCode).toBe(0);
  });

  test('every reference is used: the objects point at each Secret', () => {
    const referenced = referencedSecrets(output.filter((item) => item.kind !== 'Secret'));
    for (const name of REFERENCED) expect({ name, referenced: referenced.has(name) }).toEqual({ name, referenced: true });
  });

  test('no secret value anywhere in the output but in the user\'s own Secrets, which pass through untouched', () => {
    const secretNames = new Set(userSecrets().map((secret) => secret.metadata.name));
    const rest = output.filter((item) => !(item.kind === 'Secret' && secretNames.has(item.metadata.name)));
    expectNoMarkerIn(stringsOf(rest));
    expectNoMarkerIn(said(outcome));
    for (const secret of userSecrets()) expect(output.find((item) => item.kind === 'Secret' && item.metadata.name === secret.metadata.name)).toEqual(secret);
  });

  test('drydock-fn generates no Secret of its own', () => {
    expect(output.filter((item) => item.kind === 'Secret' && item.metadata.annotations?.['drydock.io/generated-by'])).toEqual([]);
  });
});

describe.each([
  ['DrydockConfig', drydockConfig(VALUES_SPEC)],
  ['ConfigMap', drydockConfigMap(VALUES_DATA)],
])('every feature on, every secret as a value (%s)', (_form, functionConfig) => {
  const outcome = run(TUTOR, functionConfig);
  const output = itemsOf(outcome.output);

  test('no result or stderr line holds a value', () => {
    expect(outcome.exitCode).toBe(0);
    expectNoMarkerIn(said(outcome));
  });

  test('values go where Drydock puts them: Secrets, and only the files and arguments Drydock writes them to', () => {
    const holders = new Map<string, string[]>();
    for (const item of output) {
      const text = stringsOf(item);
      for (const [name, marker] of Object.entries(MARKER)) {
        if (encodings(marker).some((form) => text.includes(form))) holders.set(name, [...(holders.get(name) ?? []), `${item.kind}/${item.metadata.name.replace(/-[0-9a-z]{10}$/, '')}`]);
      }
    }
    expect(Object.fromEntries(holders)).toEqual({
      // As with Drydock; mongodbRootPasswordSecretRef keeps it out.
      mongodbRootPassword: [expect.stringMatching(/^Job\/drydock-mongodb-job-\d+$/)],
      crt: ['Secret/tls-generated'],
      key: ['Secret/tls-generated'],
      dockerConfigJson: ['Secret/openedx-image-pull-secret'],
      // newrelic.ini, as with Drydock; licenseKeySecretRef keeps it out.
      licenseKey: ['ConfigMap/newrelic-cm'],
      // eox-core reads it from the env files, as with Drydock; dsnSecretRef keeps it out.
      dsn: ['ConfigMap/openedx-config'],
      awsAccessKey: ['Secret/backup-credentials'],
      awsSecretKey: ['Secret/backup-credentials'],
      mysqlPassword: expect.arrayContaining(['Secret/backup-credentials']),
      mongodbPassword: expect.arrayContaining(['Secret/backup-credentials']),
    });
    // The backup users' passwords also reach the init tasks that create those users, as Tutor's own tasks hold theirs.
    expect([...(holders.get('mysqlPassword') ?? []), ...(holders.get('mongodbPassword') ?? [])].every((holder) => /^(Secret\/backup-credentials|Job\/drydock-(mysql|mongodb)-job-\d+)$/.test(holder))).toBe(true);
  });
});

describe('no error message holds a secret value', () => {
  const bad: [string, unknown][] = [
    ['a certificate that is not base64', drydockConfig({ ingress: { tls: { customCerts: { crt: `${MARKER.crt}!`, key: MARKER.key } } } })],
    ['half a certificate', drydockConfigMap({ DRYDOCK_CUSTOM_CERTS: JSON.stringify({ crt: MARKER.crt }) })],
    ['registry credentials that are not JSON', drydockConfigMap({ DRYDOCK_REGISTRY_CREDENTIALS: `{"auths": ${MARKER.licenseKey}` })],
    ['registry credentials and a Secret name', drydockConfig({ registryCredentials: { dockerConfigJson: MARKER.dockerConfigJson, secretName: 'registry-secret' } })],
    ['a license key and its Secret', drydockConfig({ newRelic: { licenseKey: MARKER.licenseKey, licenseKeySecretRef: { name: 'nr' } } })],
    ['a license key of the wrong type', drydockConfig({ newRelic: { licenseKey: [MARKER.licenseKey] } })],
    ['a DSN of the wrong type', drydockConfigMap({ DRYDOCK_SENTRY_DSN: `{{ ${MARKER.dsn} }}` })],
    ['a MongoDB root password and its Secret', drydockConfig({ initJobs: { enabled: true, tasks: TASKS, mongodbRootUsername: 'root', mongodbRootPassword: MARKER.mongodbRootPassword, mongodbRootPasswordSecretRef: { name: 'x' } } })],
    ['an access key without its secret key', drydockConfig({ backups: { enabled: true, storage: { bucket: 'b', awsAccessKey: MARKER.awsAccessKey } } })],
    ['a secret key without its access key', drydockConfigMap({ 'backups.enabled': 'true', BACKUP_BUCKET_NAME: 'b', BACKUP_AWS_SECRET_KEY: MARKER.awsSecretKey })],
    ['a SAS token for S3', drydockConfig({ backups: { enabled: true, storage: { service: 'azure-blob', azureSasToken: MARKER.azureSasToken } } })],
    ['a backup password of the wrong type', drydockConfig({ backups: { mysql: { password: { value: MARKER.mysqlPassword } } } })],
    ['a backup password and an unknown field', drydockConfigMap({ BACKUP_MONGO_PASSWORD: MARKER.mongodbPassword, DRYDOCK_NOT_A_SETTING: 'x' })],
  ];

  test.each(bad)('%s', (_name, functionConfig) => {
    const outcome = run(TUTOR, functionConfig);
    expect(outcome.exitCode).toBe(1);
    expectNoMarkerIn(said(outcome));
    // The input items come back, so the output holds only what the input held.
    expect(itemsOf(outcome.output)).toHaveLength(TUTOR.length);
  });

  test('a feature that fails quoting a secret value: the internal error comes out redacted', () => {
    const leaky: Feature = {
      name: 'leaky',
      isEnabled: () => true,
      run: ({ settings }) => {
        throw new Error(`could not use ${settings.newRelic.licenseKey}`);
      },
    };
    const outcome = run(TUTOR, drydockConfig({ newRelic: { licenseKey: MARKER.licenseKey } }), [leaky, ...PIPELINE]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results[0]).toEqual(expect.objectContaining({ tags: { code: 'INTERNAL_ERROR' }, message: expect.stringContaining(`could not use ${REDACTED}`) }));
    expectNoMarkerIn(said(outcome));
  });

  test('the secret values of a config are found in both forms, also inside DRYDOCK_CUSTOM_CERTS', () => {
    expect(secretValuesIn(drydockConfig(VALUES_SPEC)).sort()).toEqual(
      [MARKER.mongodbRootPassword, MARKER.crt, MARKER.key, MARKER.dockerConfigJson, MARKER.licenseKey, MARKER.dsn, MARKER.awsAccessKey, MARKER.awsSecretKey, MARKER.mysqlPassword, MARKER.mongodbPassword].sort(),
    );
    expect(secretValuesIn(drydockConfigMap(VALUES_DATA)).sort()).toEqual(expect.arrayContaining([MARKER.crt, MARKER.key, MARKER.mongodbRootPassword, MARKER.dsn]));
    expect(redactSecrets([{ severity: 'error', message: `a ${MARKER.dsn} b`, field: { path: 'x', currentValue: MARKER.dsn } }], [MARKER.dsn])).toEqual([
      { severity: 'error', message: `a ${REDACTED} b`, field: { path: 'x', currentValue: REDACTED } },
    ]);
  });
});

describe("the manifests' own secrets stay out of the results", () => {
  const manifestMarkers = ['MYSQLROOT-marker-44aa', 'REDIS-marker-55bb'];
  const manifests = tutorObjects({ mysqlRootPassword: manifestMarkers[0], redisPassword: manifestMarkers[1] });

  test.each([
    ['defaults', drydockConfig({})],
    ['backups, which read the MySQL root password from the mysql Deployment', drydockConfig({ initJobs: { enabled: true, tasks: TASKS }, backups: { enabled: true, storage: { bucket: 'b' }, mysql: { username: 'backup', passwordSecretRef: { name: 'x' } } } })],
    ['Flower, which reads the broker from the LMS env', drydockConfig({ flower: { enabled: true } })],
    ['a bad config', drydockConfig({ backups: { enabled: true } })],
  ])('%s', (_name, functionConfig) => {
    const outcome = run(manifests, functionConfig);
    expectNoMarkerIn(said(outcome), manifestMarkers);
  });
});

describe('stderr of the command', () => {
  test('every feature on with secret values, and a bad field: no value on stderr', () => {
    ensureBundle();
    const config = drydockConfigMap({ ...VALUES_DATA, DRYDOCK_INGRES: 'true' });
    const input = wrapDocuments(TUTOR.map((item) => YAML.stringify(item, { lineWidth: 0 })), config);
    const result = spawnSync(process.execPath, [BUNDLE], { input, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DRYDOCK_INGRES/);
    expectNoMarkerIn(result.stderr);
    const good = spawnSync(process.execPath, [BUNDLE], { input: wrapDocuments(TUTOR.map((item) => YAML.stringify(item, { lineWidth: 0 })), drydockConfigMap(VALUES_DATA)), encoding: 'utf8' });
    expect(good.status).toBe(0);
    expectNoMarkerIn(good.stderr);
  });
});

describe('a secret value in the ConfigMap form is redacted, whatever form the value takes', () => {
  /** A feature that reports the DSN the settings hold, as a buggy message might. */
  const echo: Feature = {
    name: 'echo-dsn',
    isEnabled: () => true,
    run: ({ settings }) => ({ changes: [], results: [{ severity: 'warning', message: `using DSN ${JSON.stringify(settings.sentry.dsn)}` }] }),
  };

  // Each value, with the text the setting gets from it (YAML 1.1, as Tutor reads config.yml).
  test.each([
    ['a YAML 1.1 boolean', 'yes', 'True'],
    ['a number with a leading 0 (octal)', '01234567', '342391'],
    ['a number with colons (base 60)', '1:20:30:40', '289840'],
    ['a float with an underscore', '1_000.50', '1000.5'],
    ['a timestamp', '2001-12-14t21:59:43Z', '2001-12-14 21:59:43+00:00'],
    ['a double-quoted string', '"p@ss #1 word"', 'p@ss #1 word'],
    ['a single-quoted string', "'it''s the secret'", "it's the secret"],
    ['text and a comment', 'dsn-secret-text # a comment', 'dsn-secret-text'],
    ['a flow list', '[alpha-secret, beta-secret]', '[alpha-secret, beta-secret]'],
  ])('%s: %s', (_name, raw, value) => {
    const functionConfig = drydockConfigMap({ DRYDOCK_SENTRY_DSN: raw });
    expect(decodeFunctionConfig(functionConfig).settings.sentry.dsn).toBe(value);
    const outcome = run(TUTOR, functionConfig, [echo]);
    expect({ exit: outcome.exitCode, results: outcome.results.filter((r) => r.severity === 'error') }).toEqual({ exit: 0, results: [] });
    expect(outcome.results).toContainEqual({ severity: 'warning', message: expect.stringMatching(/^using DSN "?\[redacted\]"?$/) });
    for (const form of [raw, value].filter((text) => text.length >= 4)) expect({ form, found: said(outcome).includes(form) }).toEqual({ form, found: false });
  });
});
