/**
 * Configurations that switch every feature on in its forms (Secrets by reference, values, custom
 * certificate values), shared by the tests that run them over every fixture.
 */
import { drydockConfig } from './run';

const TASKS = [
  { service: 'mysql', command: 'echo creating databases' },
  { service: 'lms', command: './manage.py lms migrate' },
  { service: 'cms', command: './manage.py cms migrate' },
];
const CERT = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
const KEY = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n').toString('base64');

/** Waves on every kind Tutor renders, so that sync waves change them all. */
const EVERY_KIND_WAVES = { 'kind:Namespace': -10, 'kind:ConfigMap': -5, 'kind:Service': -1, 'kind:PersistentVolumeClaim': -1, 'kind:Job': 0, 'horizontalpodautoscalers:all': 150 };

/**
 * Each configuration by name; `tasks`: the input holds a TutorInitTasks resource (else the init tasks
 * are given inline).
 */
export const FEATURE_CONFIGS: Readonly<Record<string, (tasks: boolean) => unknown>> = {
  defaults: () => undefined,
  'every feature on, Secrets by reference': (tasks) =>
    drydockConfig({
      initJobs: { enabled: true, migrateFrom: 13, ...(tasks ? {} : { tasks: TASKS }), mongodbRootUsername: 'root', mongodbRootPasswordSecretRef: { name: 'mongodb-root' } },
      syncWaves: { order: EVERY_KIND_WAVES },
      ingress: { extraHosts: ['courses.example.com'], lmsExtraHosts: ['learn.example.com'], tls: { customCerts: { secretName: 'tls' } } },
      podDisruptionBudgets: { lms: 50, lmsWorker: 50, cms: 50, cmsWorker: 50, mfe: 50, forum: 50, caddy: 50 },
      registryCredentials: { secretName: 'regcred', statefulSets: true, daemonSets: true },
      newRelic: { licenseKeySecretRef: { name: 'newrelic' }, deployments: ['lms', 'cms', 'lms-worker', 'cms-worker'] },
      celeryTuning: { enabled: true, autoscale: '4,1' },
      sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } },
      flower: { enabled: true, brokerUrlSecretRef: { name: 'broker' }, ingress: { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower' } } },
      debug: { enabled: true, canaryIngress: 'always' },
      backups: {
        enabled: true,
        storage: { bucket: 'backups', credentialsSecretName: 'backup-keys' },
        mysql: { username: 'backup', passwordSecretRef: { name: 'mysql-backup' } },
        mongodb: { username: 'backup', passwordSecretRef: { name: 'mongodb-backup' } },
        ephemeralVolume: { enabled: true, storageClass: 'standard' },
      },
    }),
  'every feature on, values': (tasks) =>
    drydockConfig({
      initJobs: { enabled: true, ...(tasks ? {} : { tasks: TASKS }), mongodbRootUsername: 'root', mongodbRootPassword: 'root-password' },
      ingress: { className: 'traefik', tls: { letsencryptEmail: 'ops@example.com', issuer: { kind: 'ClusterIssuer', name: 'letsencrypt-prod', create: false } } },
      registryCredentials: { dockerConfigJson: '{"auths": {"registry.example.com": {"auth": "dXNlcjpwYXNz"}}}' },
      newRelic: { licenseKey: '0123456789abcdef0123456789abcdef01234567', appName: 'openedx' },
      sentry: { enabled: true, dsn: 'https://key@o1.ingest.sentry.io/1' },
      flower: { enabled: true },
      backups: { enabled: true, storage: { service: 'azure-blob', azureContainerName: 'backups', azureAccountName: 'account', azureSasToken: 'sv=1&sig=x' }, mysql: { username: 'backup', password: 'pw' } },
      podLifecycle: { deployments: ['lms', 'cms', 'caddy'] },
    }),
  'custom certificate values': () => drydockConfig({ ingress: { tls: { customCerts: { secretName: 'custom-tls', crt: CERT, key: KEY } } } }),
};

