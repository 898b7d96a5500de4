import { BACKUP_SECRET_NAME, backups } from '../../src/features/backups';
import { backupSources } from '../../src/features/lib/backup-sources';
import { deriveTutorContext } from '../../src/tutor/context';
import { schemaProblems } from '../support/k8s-schema';
import { byName, tutorObjects } from '../support/tutor-objects';
import type { TutorObjectsOptions } from '../support/tutor-objects';
import { resourceSetOf, runFeature, settingsOf } from '../support/views';

type Item = Record<string, any>;

const S3 = { storage: { bucket: 'backups-bucket', awsAccessKey: 'AKIAEXAMPLE', awsSecretKey: 'aws-secret-value' } };

function generate(spec: Record<string, unknown>, options: TutorObjectsOptions = {}, extra: Record<string, unknown> = {}) {
  const before = tutorObjects(options);
  const output = runFeature(backups, before, { backups: { enabled: true, ...spec }, ...extra });
  const added = output.objects.slice(before.length) as Item[];
  return { ...output, added, cronJobs: byName(added, 'CronJob'), secret: byName(added, 'Secret')[BACKUP_SECRET_NAME] };
}

const container = (cronJob: Item): Item => cronJob.spec.jobTemplate.spec.template.spec.containers[0];
const envOf = (cronJob: Item): Record<string, unknown> => Object.fromEntries(container(cronJob).env.map((entry: Item) => [entry.name, entry.value ?? entry.valueFrom]));
const decoded = (secret: Item): Record<string, string> => Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));

describe('backup CronJobs', () => {
  test('backup-mysql-cron and backup-mongo-cron as drydock-backups writes them, with concurrencyPolicy Forbid', () => {
    const { cronJobs, results } = generate(S3);
    expect(results).toEqual([]);
    expect(Object.keys(cronJobs)).toEqual(['backup-mysql-cron', 'backup-mongo-cron']);
    const mysql = cronJobs['backup-mysql-cron'];
    expect(mysql.metadata).toMatchObject({ namespace: 'openedx', labels: { 'app.kubernetes.io/component': 'cronjob', 'app.kubernetes.io/part-of': 'openedx' } });
    expect(mysql.spec).toMatchObject({ suspend: false, schedule: '0 2 * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 900, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 });
    expect(mysql.spec.jobTemplate.spec.template.spec).toMatchObject({ restartPolicy: 'OnFailure', securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch' } });
    expect(container(mysql)).toMatchObject({ name: 'backup', image: 'docker.io/ednxops/drydock-backups:v21.0.0', args: ['mysql'] });
    expect(container(cronJobs['backup-mongo-cron']).args).toEqual(['mongo']);
  });

  test('MySQL: Tutor\'s host and port, root with the mysql Deployment\'s password, every credential from a Secret', () => {
    const { cronJobs, secret } = generate(S3);
    const ref = (key: string) => ({ secretKeyRef: { name: BACKUP_SECRET_NAME, key } });
    expect(envOf(cronJobs['backup-mysql-cron'])).toEqual({
      MYSQL_HOST: 'mysql',
      MYSQL_PORT: '3306',
      MYSQL_ROOT_USERNAME: 'root',
      MYSQL_ROOT_PASSWORD: ref('MYSQL_ROOT_PASSWORD'),
      BACKUP_STORAGE_SERVICE: 'aws-s3',
      BUCKET_PATH: 'backups',
      AWS_ACCESS_KEY_ID: ref('AWS_ACCESS_KEY_ID'),
      AWS_SECRET_ACCESS_KEY: ref('AWS_SECRET_ACCESS_KEY'),
      S3_BUCKET_NAME: 'backups-bucket',
    });
    expect(decoded(secret)).toEqual({ MYSQL_ROOT_PASSWORD: 'root-password', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'aws-secret-value' });
    expect(JSON.stringify(cronJobs)).not.toContain('root-password');
    expect(JSON.stringify(cronJobs)).not.toContain('aws-secret-value');
  });

  test('MongoDB without authentication: empty credentials, as drydock-backups passes them', () => {
    expect(envOf(generate(S3).cronJobs['backup-mongo-cron'])).toMatchObject({ MONGODB_HOST: 'mongodb', MONGODB_PORT: '27017', MONGODB_USERNAME: '', MONGODB_PASSWORD: '' });
  });

  test('MongoDB with Tutor\'s user: its password through the generated Secret', () => {
    const { cronJobs, secret } = generate(S3, { mongodbUser: 'openedx' });
    expect(envOf(cronJobs['backup-mongo-cron'])).toMatchObject({ MONGODB_USERNAME: 'openedx', MONGODB_PASSWORD: { secretKeyRef: { name: BACKUP_SECRET_NAME, key: 'MONGODB_PASSWORD' } } });
    expect(decoded(secret).MONGODB_PASSWORD).toBe('mongo-password');
  });

  test('credentials from existing Secrets by reference: nothing generated', () => {
    const { cronJobs, secret } = generate({
      storage: { bucket: 'b', credentialsSecretName: 's3-creds', endpoint: 'https://minio.example.com' },
      mysql: { username: 'backup', passwordSecretRef: { name: 'mysql-backup' } },
      mongodb: { username: 'backup', passwordSecretRef: { name: 'mongo-backup', key: 'pw' } },
    });
    expect(secret).toBeUndefined();
    expect(envOf(cronJobs['backup-mysql-cron'])).toMatchObject({
      MYSQL_ROOT_USERNAME: 'backup',
      MYSQL_ROOT_PASSWORD: { secretKeyRef: { name: 'mysql-backup', key: 'password' } },
      AWS_ACCESS_KEY_ID: { secretKeyRef: { name: 's3-creds', key: 'AWS_ACCESS_KEY_ID' } },
      AWS_SECRET_ACCESS_KEY: { secretKeyRef: { name: 's3-creds', key: 'AWS_SECRET_ACCESS_KEY' } },
      BACKUP_CUSTOM_STORAGE_ENDPOINT: 'https://minio.example.com',
    });
    expect(envOf(cronJobs['backup-mongo-cron'])).toMatchObject({ MONGODB_USERNAME: 'backup', MONGODB_PASSWORD: { secretKeyRef: { name: 'mongo-backup', key: 'pw' } } });
  });

  test('Azure Blob: container, account and SAS token; no S3 variables', () => {
    const { cronJobs, secret } = generate({ storage: { service: 'azure-blob', azureContainerName: 'backups', azureAccountName: 'acct', azureSasToken: 'sv=2024&sig=secret' } });
    const env = envOf(cronJobs['backup-mysql-cron']);
    expect(env).toMatchObject({ BACKUP_STORAGE_SERVICE: 'azure-blob', AZURE_CONTAINER_NAME: 'backups', AZURE_ACCOUNT_NAME: 'acct', AZURE_CONTAINER_SAS_TOKEN: { secretKeyRef: { name: BACKUP_SECRET_NAME, key: 'AZURE_CONTAINER_SAS_TOKEN' } } });
    expect(Object.keys(env).filter((name) => name.startsWith('AWS_') || name.startsWith('S3_'))).toEqual([]);
    expect(decoded(secret).AZURE_CONTAINER_SAS_TOKEN).toBe('sv=2024&sig=secret');
  });

  test('S3 without credentials: the pods use their own identity; a warning says so', () => {
    const { cronJobs, results } = generate({ storage: { bucket: 'b' } });
    expect(Object.keys(envOf(cronJobs['backup-mysql-cron'])).filter((name) => name.startsWith('AWS_'))).toEqual([]);
    expect(results).toEqual([expect.objectContaining({ severity: 'warning', field: { path: 'spec.backups.storage.credentialsSecretName' } })]);
  });

  test('schedule, image and the ephemeral volume', () => {
    const { cronJobs } = generate({ ...S3, schedule: '30 3 * * 0', image: 'registry.example.com/backups:1', ephemeralVolume: { enabled: true, size: '20Gi', storageClass: 'fast' } });
    const cron = cronJobs['backup-mongo-cron'];
    expect(cron.spec.schedule).toBe('30 3 * * 0');
    expect(container(cron)).toMatchObject({ image: 'registry.example.com/backups:1', volumeMounts: [{ mountPath: '/data/', name: 'backup-volume' }] });
    expect(cron.spec.jobTemplate.spec.template.spec.volumes).toEqual([
      { name: 'backup-volume', ephemeral: { volumeClaimTemplate: { spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } } } },
    ]);
  });

  test('every generated object validates against its schema', () => {
    for (const spec of [S3, { ...S3, ephemeralVolume: { enabled: true } }, { storage: { service: 'azure-blob', azureContainerName: 'c', azureAccountName: 'a', azureSasToken: 't' } }]) {
      const { added } = generate(spec, { mongodbUser: 'openedx' });
      expect(added.length).toBe(3);
      expect(added.flatMap(schemaProblems)).toEqual([]);
    }
  });

  const bad: [string, Record<string, unknown>, TutorObjectsOptions, string][] = [
    ['S3 without a bucket', {}, {}, 'spec.backups.storage.bucket'],
    ['half the S3 credentials', { storage: { bucket: 'b', awsAccessKey: 'k' } }, {}, 'spec.backups.storage.awsSecretKey'],
    ['Azure without a container', { storage: { service: 'azure-blob', azureAccountName: 'a', azureSasToken: 't' } }, {}, 'spec.backups.storage.azureContainerName'],
    ['Azure without a SAS token', { storage: { service: 'azure-blob', azureContainerName: 'c', azureAccountName: 'a' } }, {}, 'spec.backups.storage.azureSasToken'],
    ['no MySQL root password in the manifests', S3, { mysqlRootPassword: null }, 'spec.backups.mysql.password'],
    ['a MySQL backup user without a password', { ...S3, mysql: { username: 'backup' } }, {}, 'spec.backups.mysql.password'],
    ['a MongoDB backup user without a password', { ...S3, mongodb: { username: 'backup' } }, {}, 'spec.backups.mongodb.password'],
    ['a referenced Secret named like the generated one', { storage: { bucket: 'b', credentialsSecretName: BACKUP_SECRET_NAME } }, {}, 'spec.backups.storage.credentialsSecretName'],
  ];
  test("MongoDB settings changed after the literal: a key assignment is followed; update() is an error naming production.py, no CronJob for the old host", () => {
    const withLines = (lines: string) =>
      tutorObjects().map((object: Item) => (object.kind === 'ConfigMap' && object.metadata.name.startsWith('openedx-settings-lms') ? { ...object, data: { 'production.py': `${object.data['production.py']}${lines}` } } : object));
    const spec = { backups: { enabled: true, ...S3 } };
    const followed = runFeature(backups, withLines('mongodb_parameters["host"] = "mongo-ha.example.net"\n'), spec);
    expect(followed.results).toEqual([]);
    expect(envOf(byName(followed.objects as Item[], 'CronJob')['backup-mongo-cron'])).toMatchObject({ MONGODB_HOST: 'mongo-ha.example.net' });
    const refused = runFeature(backups, withLines('mongodb_parameters.update({"host": "mongo-ha.example.net"})\n'), spec);
    expect(refused.changes).toEqual([]);
    expect(refused.results).toEqual([expect.objectContaining({ severity: 'error', tags: { code: 'RESOURCE_INVALID' }, field: { path: 'data["production.py"]' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap' }) })]);
    expect(JSON.stringify(refused.results)).not.toContain('mongo-ha');
  });

  test('on with backups.enabled only', () => {
    expect([backups.isEnabled(settingsOf({})), backups.isEnabled(settingsOf({ backups: { enabled: true } }))]).toEqual([false, true]);
  });

  test('BACKUP_CUSTOM_STORAGE_ENDPOINT only when an endpoint is given', () => {
    const names = (cronJob: Item): string[] => container(cronJob).env.map((entry: Item) => entry.name);
    expect(names(generate(S3).cronJobs['backup-mysql-cron'])).not.toContain('BACKUP_CUSTOM_STORAGE_ENDPOINT');
    expect(names(generate({ storage: { ...S3.storage, endpoint: 'https://s3.example.com' } }).cronJobs['backup-mysql-cron'])).toContain('BACKUP_CUSTOM_STORAGE_ENDPOINT');
  });

  test('each run ends after backups.activeDeadlineSeconds (six hours by default); null sets no deadline', () => {
    const runSpec = (cronJob: Item): Item => cronJob.spec.jobTemplate.spec;
    expect(runSpec(generate(S3).cronJobs['backup-mysql-cron']).activeDeadlineSeconds).toBe(21600);
    expect(runSpec(generate({ ...S3, activeDeadlineSeconds: 43200 }).cronJobs['backup-mongo-cron']).activeDeadlineSeconds).toBe(43200);
    const none = generate({ ...S3, activeDeadlineSeconds: null }).cronJobs['backup-mysql-cron'];
    expect(Object.keys(runSpec(none))).toEqual(['template']);
  });

  test('no scratch volume unless ephemeralVolume.enabled; without a storage class, the claim names none (the cluster default)', () => {
    const plain = generate(S3).cronJobs['backup-mysql-cron'];
    expect(container(plain)).not.toHaveProperty('volumeMounts');
    expect(plain.spec.jobTemplate.spec.template.spec).not.toHaveProperty('volumes');
    const defaults = generate({ ...S3, ephemeralVolume: { enabled: true } }).cronJobs['backup-mysql-cron'];
    expect(defaults.spec.jobTemplate.spec.template.spec.volumes).toEqual([
      { name: 'backup-volume', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } } } } } },
    ]);
  });

  test('the generated Secret: Opaque, named backup-credentials, in the instance\'s namespace with its labels', () => {
    const { secret } = generate(S3);
    expect(secret).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'backup-credentials', namespace: 'openedx', labels: { 'app.kubernetes.io/part-of': 'openedx' } } });
  });

  test('the errors and the warning, word for word (they say what to do, and never hold a secret)', () => {
    const messages = (spec: Record<string, unknown>, options: TutorObjectsOptions = {}) => generate(spec, options).results.map((result) => [result.severity, result.field?.path, result.message]);
    const at = (path: string, message: string, severity = 'error') => [severity, `spec.backups.${path}`, `spec.backups.${path}: ${message}`];
    expect(messages({ storage: { bucket: 'b' } })).toEqual([
      at('storage.credentialsSecretName', 'no S3 credentials given: the backup pods rely on their own identity (IRSA, instance profile) to write to the bucket', 'warning'),
    ]);
    expect(messages({ storage: { bucket: '', awsSecretKey: 's' } })).toEqual([
      at('storage.bucket', 'the S3 bucket is required with aws-s3 storage'),
      at('storage.awsAccessKey', 'give both the S3 access key and the secret key, or credentialsSecretName'),
    ]);
    expect(messages({ storage: { service: 'azure-blob' } })).toEqual([
      at('storage.azureContainerName', 'the Azure container is required with azure-blob storage'),
      at('storage.azureAccountName', 'the Azure storage account is required with azure-blob storage'),
      at('storage.azureSasToken', 'the Azure SAS token is required with azure-blob storage (or credentialsSecretName)'),
    ]);
    expect(messages(S3, { mysqlRootPassword: null })).toEqual([at('mysql.password', 'no password for the MySQL backup user root: give passwordSecretRef (or password); the manifests hold no MySQL root password')]);
    expect(messages({ ...S3, mysql: { username: 'backup' }, mongodb: { username: 'dumper' } })).toEqual([
      at('mysql.password', 'no password for the MySQL backup user backup: give passwordSecretRef (or password)'),
      at('mongodb.password', 'no password for the MongoDB backup user dumper: give passwordSecretRef (or password)'),
    ]);
  });

  test('an Azure Secret by reference gives the SAS token; the setting\'s token is then not used', () => {
    const { cronJobs, secret } = generate({ storage: { service: 'azure-blob', azureContainerName: 'c', azureAccountName: 'a', azureSasToken: 'ignored', credentialsSecretName: 'azure-creds' } });
    expect(envOf(cronJobs['backup-mongo-cron'])).toMatchObject({ AZURE_CONTAINER_SAS_TOKEN: { secretKeyRef: { name: 'azure-creds', key: 'AZURE_CONTAINER_SAS_TOKEN' } } });
    expect(decoded(secret)).toEqual({ MYSQL_ROOT_PASSWORD: 'root-password' });
  });

  test('a password Secret named like the generated one: the error names the setting that names it', () => {
    const pathOf = (spec: Record<string, unknown>) => generate({ ...S3, ...spec }).results.filter((result) => result.severity === 'error').map((result) => [result.field?.path, result.message]);
    const message = (path: string) => `${path}: backup-credentials is the Secret drydock-fn generates for the backups: give your Secret another name`;
    expect(pathOf({ mysql: { username: 'backup', passwordSecretRef: { name: BACKUP_SECRET_NAME } } })).toEqual([['spec.backups.mysql.passwordSecretRef.name', message('spec.backups.mysql.passwordSecretRef.name')]]);
    expect(pathOf({ mongodb: { username: 'backup', passwordSecretRef: { name: BACKUP_SECRET_NAME } } })).toEqual([['spec.backups.mongodb.passwordSecretRef.name', message('spec.backups.mongodb.passwordSecretRef.name')]]);
  });

  test('without the MySQL or MongoDB settings in the manifests: an error about backups.enabled naming what is missing', () => {
    const without = (prefix: string) => tutorObjects().filter((object: Item) => !(object.kind === 'ConfigMap' && object.metadata.name.startsWith(prefix)));
    const errors = (objects: Item[]) => runFeature(backups, objects, { backups: { enabled: true, ...S3 } }).results.map((result) => [result.severity, result.field?.path, result.message]);
    expect(errors(without('openedx-config'))).toEqual([
      ['error', 'spec.backups.enabled', 'spec.backups.enabled: the MySQL settings (DATABASES of the LMS env in the openedx-config ConfigMap) are not in the manifests'],
    ]);
    expect(errors(without('openedx-settings-lms'))).toEqual([
      ['error', 'spec.backups.enabled', 'spec.backups.enabled: the MongoDB settings (mongodb_parameters of the LMS production settings) are not in the manifests'],
    ]);
  });

  test('backup init tasks that cannot be written: a warning about the setting, with init jobs on; the CronJobs still come', () => {
    const { cronJobs, results } = generate({ ...S3, mysql: { username: 'backup', passwordSecretRef: { name: 'mysql-backup' } } }, {}, { initJobs: { enabled: true } });
    expect(Object.keys(cronJobs)).toEqual(['backup-mysql-cron', 'backup-mongo-cron']);
    expect(results).toEqual([
      {
        severity: 'warning',
        message: 'spec.backups.mysql.passwordSecretRef: the MySQL backup password is only in a Secret, which an init task cannot read: create the MySQL backup user yourself',
        field: { path: 'spec.backups.mysql.passwordSecretRef' },
        tags: { code: 'CONFIG_SETTING' },
      },
    ]);
    expect(generate({ ...S3, mysql: { username: 'backup', passwordSecretRef: { name: 'mysql-backup' } } }).results).toEqual([]);
  });

  test.each(bad)('bad config: %s', (_name, spec, options, field) => {
    const { results, changes } = generate(spec, options);
    expect(changes).toEqual([]);
    expect(results).toContainEqual(expect.objectContaining({ severity: 'error', field: { path: field } }));
    expect(JSON.stringify(results)).not.toMatch(/root-password|aws-secret-value/);
  });
});

describe('backup sources: what the manifests give the backups', () => {
  const sourcesOf = (objects: Item[], backupsSpec: Record<string, unknown> = {}) => {
    const settings = settingsOf({ backups: { enabled: true, ...S3, ...backupsSpec } });
    return backupSources(settings, deriveTutorContext(resourceSetOf(objects).views(), settings));
  };
  const withoutConfigMap = (prefix: string): Item[] => tutorObjects().filter((object: Item) => !(object.kind === 'ConfigMap' && object.metadata.name.startsWith(prefix)));
  const withProduction = (edit: (text: string) => string, options: TutorObjectsOptions = {}): Item[] =>
    tutorObjects(options).map((object: Item) => (object.kind === 'ConfigMap' && object.metadata.name.startsWith('openedx-settings-lms') ? { ...object, data: { 'production.py': edit(object.data['production.py']) } } : object));

  test("no MySQL without the LMS env's DATABASES, no MongoDB without the LMS settings; the root password still known", () => {
    expect(sourcesOf(withoutConfigMap('openedx-config'))).toEqual({
      mongodb: expect.objectContaining({ server: { host: 'mongodb', port: 27017 }, username: '' }),
      mysqlRoot: { value: 'root-password' },
    });
    expect(sourcesOf(withoutConfigMap('openedx-settings-lms'))).toEqual({
      mysql: { server: { host: 'mysql', port: 3306 }, username: 'root', password: { value: 'root-password' } },
      mysqlRoot: { value: 'root-password' },
    });
  });

  test('MongoDB settings the LMS reads differently: the problem, and no MongoDB source', () => {
    const sources = sourcesOf(withProduction((text) => `${text}mongodb_parameters.update({"host": "mongo-ha.example.net"})\n`));
    expect(sources.mongodb).toBeUndefined();
    expect(sources.mongodbProblem).toEqual(expect.objectContaining({ severity: 'error', field: { path: 'data["production.py"]' } }));
    expect(Object.keys(sources).sort()).toEqual(['mongodbProblem', 'mysql', 'mysqlRoot']);
  });

  test("Tutor's MongoDB user with an empty password: the user, no password", () => {
    const sources = sourcesOf(withProduction((text) => text.replace('"password": "mongo-password"', '"password": ""'), { mongodbUser: 'openedx' }));
    expect(sources.mongodb).toEqual(expect.objectContaining({ username: 'openedx' }));
    expect(sources.mongodb).not.toHaveProperty('password');
    expect(sourcesOf(tutorObjects({ mongodbUser: 'openedx' })).mongodb).toEqual(expect.objectContaining({ username: 'openedx', password: { value: 'mongo-password' } }));
  });

  test("a MongoDB backup user of the settings other than Tutor's, without a password: never Tutor's user's password", () => {
    const sources = sourcesOf(tutorObjects({ mongodbUser: 'openedx' }), { mongodb: { username: 'backup' } });
    expect(sources.mongodb).toEqual(expect.objectContaining({ username: 'backup' }));
    expect(sources.mongodb).not.toHaveProperty('password');
  });
});
