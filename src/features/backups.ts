/**
 * Database backups (drydock-backups): the `backup-mysql-cron` and
 * `backup-mongo-cron` CronJobs that dump MySQL and MongoDB and upload the dumps to S3 (or an
 * S3-compatible endpoint) or Azure Blob, optionally through a generic ephemeral volume.
 *
 * Beyond drydock-backups: `concurrencyPolicy: Forbid` (two dumps of one database never overlap) and
 * an `activeDeadlineSeconds` on each run (a hung dump would otherwise hold back every later one);
 * every credential reaches the container from a Secret (an existing one by reference, or
 * `backup-credentials`, generated from the values given), never as a literal in the pod spec; S3
 * credentials may be left out for pods that get them from their identity; and missing storage
 * settings are errors instead of CronJobs that fail every night.
 */
import { COMPONENT_LABEL } from '../krm/annotations';
import { create } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { JsonObject, Result } from '../krm/types';
import type { DrydockSettings } from '../config/settings';
import type { ValueSource } from '../tutor/datastores';
import type { BackupDatabase } from './lib/backup-sources';
import { backupSources } from './lib/backup-sources';
import { planBackupInitTasks } from './lib/backup-init-tasks';
import type { Feature, FeatureInput } from './feature';
import { settingResult } from './feature';

/** The Secret drydock-fn generates for credentials given as values. */
export const BACKUP_SECRET_NAME = 'backup-credentials';
const COMPONENT_LABEL_VALUE = 'cronjob';

type EnvVar = JsonObject;

/** Collects the literal secret values into the generated Secret and turns every source into an env entry. */
class CredentialEnv {
  readonly generated: Record<string, string> = {};

  entry(name: string, source: ValueSource): EnvVar {
    if ('secretKeyRef' in source) return { name, valueFrom: { secretKeyRef: { name: source.secretKeyRef.name, key: source.secretKeyRef.key } } };
    this.generated[name] = source.value;
    return { name, valueFrom: { secretKeyRef: { name: BACKUP_SECRET_NAME, key: name } } };
  }
}

/** Storage env entries shared by both CronJobs; errors for settings that cannot work. */
function storageEnv(input: FeatureInput, credentials: CredentialEnv, results: Result[]): EnvVar[] {
  const storage = input.settings.backups.storage;
  const error = (path: string, message: string): void => void results.push(settingResult(input, 'error', ['backups', 'storage', path], message));
  const env: EnvVar[] = [
    { name: 'BACKUP_STORAGE_SERVICE', value: storage.service },
    { name: 'BUCKET_PATH', value: storage.path },
  ];
  const existing = storage.credentialsSecretName;
  const fromExisting = (key: string): ValueSource => ({ secretKeyRef: { name: existing as string, key } });
  if (storage.service === 'aws-s3') {
    if (storage.bucket === '') error('bucket', 'the S3 bucket is required with aws-s3 storage');
    if (existing) {
      env.push(credentials.entry('AWS_ACCESS_KEY_ID', fromExisting('AWS_ACCESS_KEY_ID')), credentials.entry('AWS_SECRET_ACCESS_KEY', fromExisting('AWS_SECRET_ACCESS_KEY')));
    } else if (storage.awsAccessKey !== '' && storage.awsSecretKey !== '') {
      env.push(credentials.entry('AWS_ACCESS_KEY_ID', { value: storage.awsAccessKey }), credentials.entry('AWS_SECRET_ACCESS_KEY', { value: storage.awsSecretKey }));
    } else if (storage.awsAccessKey !== '' || storage.awsSecretKey !== '') {
      error(storage.awsAccessKey === '' ? 'awsAccessKey' : 'awsSecretKey', 'give both the S3 access key and the secret key, or credentialsSecretName');
    } else {
      results.push(
        settingResult(input, 'warning', ['backups', 'storage', 'credentialsSecretName'], 'no S3 credentials given: the backup pods rely on their own identity (IRSA, instance profile) to write to the bucket'),
      );
    }
    env.push({ name: 'S3_BUCKET_NAME', value: storage.bucket });
    if (storage.endpoint) env.push({ name: 'BACKUP_CUSTOM_STORAGE_ENDPOINT', value: storage.endpoint });
  } else {
    if (storage.azureContainerName === '') error('azureContainerName', 'the Azure container is required with azure-blob storage');
    if (storage.azureAccountName === '') error('azureAccountName', 'the Azure storage account is required with azure-blob storage');
    env.push({ name: 'AZURE_CONTAINER_NAME', value: storage.azureContainerName });
    if (existing) env.push(credentials.entry('AZURE_CONTAINER_SAS_TOKEN', fromExisting('AZURE_CONTAINER_SAS_TOKEN')));
    else if (storage.azureSasToken !== '') env.push(credentials.entry('AZURE_CONTAINER_SAS_TOKEN', { value: storage.azureSasToken }));
    else error('azureSasToken', 'the Azure SAS token is required with azure-blob storage (or credentialsSecretName)');
    env.push({ name: 'AZURE_ACCOUNT_NAME', value: storage.azureAccountName });
  }
  return env;
}

/** A backup CronJob as drydock-backups writes it, with concurrencyPolicy Forbid. */
function backupCronJob(settings: DrydockSettings, name: string, database: 'mysql' | 'mongo', env: EnvVar[]): JsonObject {
  const config = settings.backups;
  const ephemeral = config.ephemeralVolume;
  const container: JsonObject = {
    name: 'backup',
    image: config.image,
    args: [database],
    env,
    ...(ephemeral.enabled ? { volumeMounts: [{ mountPath: '/data/', name: 'backup-volume' }] } : {}),
  };
  const volumes = ephemeral.enabled
    ? [
        {
          name: 'backup-volume',
          ephemeral: {
            volumeClaimTemplate: {
              spec: { ...(ephemeral.storageClass ? { storageClassName: ephemeral.storageClass } : {}), accessModes: ['ReadWriteOnce'], resources: { requests: { storage: ephemeral.size } } },
            },
          },
        },
      ]
    : undefined;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, labels: { [COMPONENT_LABEL]: COMPONENT_LABEL_VALUE } },
    spec: {
      suspend: false,
      schedule: config.schedule,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 900,
      successfulJobsHistoryLimit: 0,
      failedJobsHistoryLimit: 0,
      jobTemplate: {
        spec: {
          // With Forbid, a run that hangs would hold back every later one: a deadline ends it.
          ...(config.activeDeadlineSeconds !== null ? { activeDeadlineSeconds: config.activeDeadlineSeconds } : {}),
          template: {
            spec: {
              securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: 'OnRootMismatch' },
              restartPolicy: 'OnFailure',
              containers: [container],
              ...(volumes ? { volumes } : {}),
            },
          },
        },
      },
    },
  };
}

function databaseEnv(prefix: 'MYSQL' | 'MONGODB', database: BackupDatabase, credentials: CredentialEnv): EnvVar[] {
  const user = prefix === 'MYSQL' ? 'MYSQL_ROOT_USERNAME' : 'MONGODB_USERNAME';
  const password = prefix === 'MYSQL' ? 'MYSQL_ROOT_PASSWORD' : 'MONGODB_PASSWORD';
  return [
    { name: `${prefix}_HOST`, value: database.server.host },
    { name: `${prefix}_PORT`, value: String(database.server.port) },
    { name: user, value: database.username },
    // MongoDB without authentication: drydock-backups passes empty credentials.
    database.password ? credentials.entry(password, database.password) : { name: password, value: '' },
  ];
}

export const backups: Feature = {
  name: 'backups',
  isEnabled: (settings) => settings.backups.enabled,
  run(input) {
    const { settings, tutor } = input;
    const results: Result[] = [];
    const credentials = new CredentialEnv();
    const sources = backupSources(settings, tutor);
    const referenced = [settings.backups.storage.credentialsSecretName, settings.backups.mysql.passwordSecretRef?.name, settings.backups.mongodb.passwordSecretRef?.name];
    if (referenced.includes(BACKUP_SECRET_NAME)) {
      const path = referenced.indexOf(BACKUP_SECRET_NAME) === 0 ? ['backups', 'storage', 'credentialsSecretName'] : ['backups', referenced.indexOf(BACKUP_SECRET_NAME) === 1 ? 'mysql' : 'mongodb', 'passwordSecretRef', 'name'];
      results.push(settingResult(input, 'error', path, `${BACKUP_SECRET_NAME} is the Secret drydock-fn generates for the backups: give your Secret another name`));
    }
    if (!sources.mysql) results.push(settingResult(input, 'error', ['backups', 'enabled'], 'the MySQL settings (DATABASES of the LMS env in the openedx-config ConfigMap) are not in the manifests'));
    else if (!sources.mysql.password) {
      results.push(
        settingResult(input, 'error', ['backups', 'mysql', 'password'], `no password for the MySQL backup user ${sources.mysql.username}: give passwordSecretRef (or password)${sources.mysql.username === 'root' ? '; the manifests hold no MySQL root password' : ''}`),
      );
    }
    if (sources.mongodbProblem) results.push(sources.mongodbProblem);
    else if (!sources.mongodb) results.push(settingResult(input, 'error', ['backups', 'enabled'], 'the MongoDB settings (mongodb_parameters of the LMS production settings) are not in the manifests'));
    else if (sources.mongodb.username !== '' && !sources.mongodb.password) {
      results.push(settingResult(input, 'error', ['backups', 'mongodb', 'password'], `no password for the MongoDB backup user ${sources.mongodb.username}: give passwordSecretRef (or password)`));
    }
    const storage = storageEnv(input, credentials, results);
    if (results.some((result) => result.severity === 'error')) return { changes: [], results };

    const mysqlEnv = databaseEnv('MYSQL', sources.mysql!, credentials);
    const mongoEnv = databaseEnv('MONGODB', sources.mongodb!, credentials);
    const changes: Change[] = [];
    if (Object.keys(credentials.generated).length > 0) {
      const data = Object.fromEntries(Object.entries(credentials.generated).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]));
      changes.push(create(tutor.decorate({ apiVersion: 'v1', kind: 'Secret', metadata: { name: BACKUP_SECRET_NAME }, type: 'Opaque', data })));
    }
    changes.push(
      create(tutor.decorate(backupCronJob(settings, 'backup-mysql-cron', 'mysql', [...mysqlEnv, ...storage]) as never)),
      create(tutor.decorate(backupCronJob(settings, 'backup-mongo-cron', 'mongo', [...mongoEnv, ...storage]) as never)),
    );
    for (const skipped of planBackupInitTasks(settings, tutor).skipped) results.push(settingResult(input, 'warning', skipped.path, skipped.reason));
    return { changes, results };
  },
};
