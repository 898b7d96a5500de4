/**
 * Documentation of the settings beyond their descriptions: an example for each, the Tutor releases
 * where a setting's effect is limited, and the settings that become required once another is set.
 * The settings reference (docs.ts) and the JSON Schema (schema.ts) both read it; tests check that
 * every setting has an example that decodes, and that each requirement is enforced by an error
 * naming the setting. Kept beside settings.ts rather than in it so that the settings stay readable.
 */
import type { JsonValue } from '../krm/types';
import type { AnySetting } from './dsl';

/** Releases a setting applies to unless said otherwise: every release drydock-fn supports. */
export const ALL_RELEASES = '15–22';

/** An example value per settings path (as in docs/settings.md, `initJobs.tasks[].service` written `initJobs.tasks.service`). */
export const SETTING_EXAMPLES: Readonly<Record<string, JsonValue>> = {
  'tutor.namespace': 'openedx',
  'tutor.lmsHost': 'lms.example.com',
  'tutor.cmsHost': 'studio.example.com',
  'tutor.mfeHost': 'apps.lms.example.com',
  'tutor.previewLmsHost': 'preview.lms.example.com',
  'tutor.meilisearchHost': 'meilisearch.lms.example.com',
  'tutor.notesHost': 'notes.lms.example.com',
  'tutor.contactEmail': 'contact@example.com',
  'tutor.plugins': ['mfe', 'forum'],
  'tutor.mfeApps': ['authn', 'learning', 'account'],
  'tutor.images.openedx': 'registry.example.com/openedx:22.0.0',
  'tutor.images.mongodb': 'docker.io/mongo:7.0.35',
  'tutor.images.mysql': 'docker.io/mysql:8.4.9',
  'initJobs.enabled': true,
  'initJobs.migrateFrom': 18,
  'initJobs.mongodbTask': false,
  'initJobs.mongodbRootUsername': 'admin',
  'initJobs.mongodbRootPassword': '<MongoDB administrator password>',
  'initJobs.mongodbRootPasswordSecretRef': { name: 'mongodb-admin', key: 'password' },
  'initJobs.mongodbRootPasswordSecretRef.name': 'mongodb-admin',
  'initJobs.mongodbRootPasswordSecretRef.key': 'password',
  'initJobs.tasks': [{ service: 'lms', command: './manage.py lms migrate\n' }],
  'initJobs.tasks.service': 'lms',
  'initJobs.tasks.command': './manage.py lms migrate\n',
  'initJobs.tasks.priority': 5,
  'initJobs.tasks.filter': 'CLI_DO_INIT_TASKS',
  'initJobs.backoffLimit': 2,
  'initJobs.ttlSecondsAfterFinished': 86400,
  'initJobs.activeDeadlineSeconds': 14400,
  'tutorJobs.skip': false,
  'tutorJobs.ttlSecondsAfterFinished': 300,
  'syncWaves.enabled': false,
  'syncWaves.postInitDeployments': ['lms', 'cms', 'lms-worker', 'cms-worker'],
  'ingress.enabled': false,
  'ingress.className': 'traefik',
  'ingress.lmsExtraHosts': ['learn.example.com'],
  'ingress.annotations': { 'nginx.ingress.kubernetes.io/proxy-body-size': '100m' },
  'ingress.tls.auto': false,
  'ingress.tls.letsencryptEmail': 'ops@example.com',
  'ingress.tls.issuer.kind': 'ClusterIssuer',
  'ingress.tls.issuer.name': 'letsencrypt-prod',
  'ingress.tls.issuer.create': false,
  'ingress.tls.customCerts': { secretName: 'wildcard-example-com' },
  'ingress.tls.customCerts.secretName': 'wildcard-example-com',
  'ingress.tls.customCerts.crt': '<base64 PEM certificate>',
  'ingress.tls.customCerts.key': '<base64 PEM private key>',
  'podDisruptionBudgets.lms': 50,
  'podDisruptionBudgets.lmsWorker': 50,
  'podDisruptionBudgets.cms': 50,
  'podDisruptionBudgets.cmsWorker': 50,
  'podDisruptionBudgets.mfe': 50,
  'podDisruptionBudgets.forum': 50,
  'podDisruptionBudgets.caddy': 50,
  'registryCredentials.dockerConfigJson': '{"auths":{"registry.example.com":{"auth":"<base64 user:password>"}}}',
  'registryCredentials.secretName': 'registry-example-com',
  'registryCredentials.daemonSets': true,
  'registryCredentials.statefulSets': true,
  'newRelic.licenseKey': '<New Relic license key>',
  'newRelic.licenseKeySecretRef': { name: 'newrelic', key: 'license-key' },
  'newRelic.licenseKeySecretRef.name': 'newrelic',
  'newRelic.licenseKeySecretRef.key': 'license-key',
  'newRelic.appName': 'openedx-production',
  'newRelic.deployments': ['lms', 'cms'],
  'newRelic.extraConfig': 'distributed_tracing.enabled = true\n',
  'multitenancy.enabled': false,
  'scorm.enabled': false,
  'scorm.storage': 'minio',
  'scorm.minioHost': 'files.example.com',
  'scorm.minioBucket': 'openedxuploads',
  'scorm.s3Bucket': 'openedx-uploads',
  'scorm.s3Host': 's3.eu-central-1.amazonaws.com',
  'podLifecycle.enabled': false,
  'podLifecycle.deployments': ['lms', 'cms', 'lms-preview'],
  'podLifecycle.preStopSleepSeconds': 20,
  'podLifecycle.terminationGracePeriodSeconds': 90,
  'podLifecycle.antiAffinity': false,
  'djangoSettings.loggingTweaks': false,
  'djangoSettings.forumMongodbDatabase': 'cs_comments_service',
  'djangoSettings.mysqlUtf8mb4': true,
  'uwsgi.keepAlive': false,
  'celeryTuning.enabled': true,
  'celeryTuning.concurrency': 4,
  'celeryTuning.prefetchMultiplier': 2,
  'celeryTuning.maxTasksPerChild': 100,
  'celeryTuning.autoscale': '10,2',
  'celeryTuning.terminationGracePeriodSeconds': 600,
  'celeryTuning.acksLate': false,
  'sentry.enabled': true,
  'sentry.dsn': '<https://key@sentry.example.com/42>',
  'sentry.dsnSecretRef': { name: 'sentry', key: 'dsn' },
  'sentry.dsnSecretRef.name': 'sentry',
  'sentry.dsnSecretRef.key': 'dsn',
  'flower.enabled': true,
  'flower.image': 'docker.io/mher/flower:2.0.1',
  'flower.brokerUrlSecretRef': { name: 'celery-broker', key: 'broker-url' },
  'flower.brokerUrlSecretRef.name': 'celery-broker',
  'flower.brokerUrlSecretRef.key': 'broker-url',
  'flower.ingress.enabled': true,
  'flower.ingress.host': 'flower.example.com',
  'flower.ingress.basicAuthSecretRef': { name: 'flower-users', key: 'basic-auth' },
  'flower.ingress.basicAuthSecretRef.name': 'flower-users',
  'flower.ingress.basicAuthSecretRef.key': 'basic-auth',
  'debug.enabled': true,
  'debug.cookie': 'debug_me',
  'debug.canaryIngress': 'never',
  'backups.enabled': true,
  'backups.image': 'registry.example.com/ops/drydock-backups:21.0.0',
  'backups.schedule': '15 1 * * *',
  'backups.storage.service': 'azure-blob',
  'backups.storage.bucket': 'openedx-backups',
  'backups.storage.path': 'production',
  'backups.storage.endpoint': 'https://minio.example.com',
  'backups.storage.awsAccessKey': '<access key id>',
  'backups.storage.awsSecretKey': '<secret access key>',
  'backups.storage.azureContainerName': 'openedx-backups',
  'backups.storage.azureAccountName': 'examplebackups',
  'backups.storage.azureSasToken': '<SAS token>',
  'backups.storage.credentialsSecretName': 'backup-s3-credentials',
  'backups.ephemeralVolume.enabled': true,
  'backups.ephemeralVolume.size': '20Gi',
  'backups.ephemeralVolume.storageClass': 'fast-ssd',
  'backups.mysql.username': 'backup',
  'backups.mysql.password': '<MySQL backup password>',
  'backups.mysql.passwordSecretRef': { name: 'mysql-backup-user', key: 'password' },
  'backups.mysql.passwordSecretRef.name': 'mysql-backup-user',
  'backups.mysql.passwordSecretRef.key': 'password',
  'backups.mongodb.username': 'backup',
  'backups.mongodb.password': '<MongoDB backup password>',
  'backups.mongodb.passwordSecretRef': { name: 'mongodb-backup-user', key: 'password' },
  'backups.mongodb.passwordSecretRef.name': 'mongodb-backup-user',
  'backups.mongodb.passwordSecretRef.key': 'password',
  'backups.minioExpirationDays': 30,
  'backups.activeDeadlineSeconds': 43200,
  'validation.enabled': false,
  'validation.skip': ['PROBE_PORT_NOT_EXPOSED'],
};

/**
 * Tutor releases where a setting has an effect, where that is not every release drydock-fn supports:
 * the Tutor feature it is about exists only there.
 */
export const SETTING_RELEASES: Readonly<Record<string, string>> = {
  'tutor.previewLmsHost': '15–20',
  'tutor.meilisearchHost': '19–22',
};

/** A setting that must be given once another one is: what the settings reference lists as required. */
export interface Requirement {
  /** The required setting. */
  readonly path: string;
  /** When, in words. */
  readonly when: string;
  /** A spec where the condition holds and the setting is missing (tests: an error names the setting). */
  readonly spec: JsonValue;
}

export const REQUIREMENTS: readonly Requirement[] = [
  {
    path: 'flower.ingress.host',
    when: 'flower.ingress.enabled is true',
    spec: { flower: { enabled: true, ingress: { enabled: true, basicAuthSecretRef: { name: 'flower-users' } } } },
  },
  {
    path: 'flower.ingress.basicAuthSecretRef',
    when: 'flower.ingress.enabled is true',
    spec: { flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.com' } } },
  },
  {
    path: 'backups.storage.bucket',
    when: 'backups.enabled is true with the aws-s3 storage',
    spec: { backups: { enabled: true, storage: { credentialsSecretName: 'backup-s3-credentials' } } },
  },
  {
    path: 'backups.storage.azureContainerName',
    when: 'backups.enabled is true with the azure-blob storage',
    spec: { backups: { enabled: true, storage: { service: 'azure-blob', azureAccountName: 'examplebackups', credentialsSecretName: 'backup-azure' } } },
  },
  {
    path: 'backups.storage.azureAccountName',
    when: 'backups.enabled is true with the azure-blob storage',
    spec: { backups: { enabled: true, storage: { service: 'azure-blob', azureContainerName: 'openedx-backups', credentialsSecretName: 'backup-azure' } } },
  },
  {
    path: 'initJobs.mongodbRootUsername',
    when: 'initJobs.mongodbRootPasswordSecretRef is given (the user the password belongs to)',
    spec: { initJobs: { enabled: true, tasks: [{ service: 'lms', command: './manage.py lms migrate' }], mongodbRootPasswordSecretRef: { name: 'mongodb-admin' } } },
  },
  {
    path: 'ingress.tls.customCerts.key',
    when: 'ingress.tls.customCerts.crt is given (the certificate and its key go together)',
    spec: { ingress: { tls: { customCerts: { crt: 'Y2VydA==' } } } },
  },
];

/** The example of a setting (its own, else the examples table), by path with or without `[]`. */
export function exampleOf(path: string, setting: AnySetting): unknown {
  return setting.doc.example !== undefined ? setting.doc.example : SETTING_EXAMPLES[path.replace(/\[\]/g, '')];
}

/** Tutor releases a setting applies to. */
export function releasesOf(path: string, setting: AnySetting): string {
  return SETTING_RELEASES[path.replace(/\[\]/g, '')] ?? setting.doc.tutor ?? ALL_RELEASES;
}
