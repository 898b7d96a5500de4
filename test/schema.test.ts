/**
 * Every object drydock-fn generates or changes validates, strictly, against the Kubernetes OpenAPI
 * schema (kubernetes-models) and, for cert-manager's Issuer and ClusterIssuer, against their CRD
 * schema (@kubernetes-models/cert-manager): types, formats, required fields, and no unknown field.
 * Over every Tutor-only fixture (Tutor 15–22, with and without plugins) with the defaults, every
 * feature on with Secret references, every feature on with values, and the settings of Drydock's
 * all-features case; and over the bundled example env when the fixtures are absent. Ingresses also
 * pass the API server's checks of their names (hosts, TLS hosts, class, annotation keys), which the
 * schema does not make (test/support/k8s-names.ts).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { caseConfigMap } from './support/drydock-cases';
import { defaultCases, fixturesAvailable, readFixture } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { ingressApiProblems } from './support/k8s-names';
import { schemaProblems } from './support/k8s-schema';
import { drydockConfig, itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

const TASKS = [
  { service: 'mysql', command: 'echo creating databases' },
  { service: 'lms', command: './manage.py lms migrate' },
  { service: 'cms', command: './manage.py cms migrate' },
];
const CERT = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
const KEY = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n').toString('base64');

/** Waves on every kind Tutor renders, so that sync waves change them all. */
const EVERY_KIND_WAVES = { 'kind:Namespace': -10, 'kind:ConfigMap': -5, 'kind:Service': -1, 'kind:PersistentVolumeClaim': -1, 'kind:Job': 0, 'horizontalpodautoscalers:all': 150 };

const CONFIGS: Readonly<Record<string, (tasks: boolean) => unknown>> = {
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

interface Checked {
  readonly objects: number;
  readonly problems: string[];
  readonly kinds: Set<string>;
}

/** Validates every object of the output that drydock-fn generated or changed. */
function check(manifests: string, functionConfig: unknown): Checked {
  const before = (YAML.parseAllDocuments(manifests).map((doc) => doc.toJS()) as Item[]).filter(Boolean).filter((item) => item.kind !== 'TutorInitTasks');
  const outcome = runOnManifests(manifests, functionConfig);
  expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
  const after = itemsOf(outcome.output).filter((item) => item.kind !== 'TutorInitTasks');
  const touched = after.filter((item, index) => index >= before.length || JSON.stringify(item) !== JSON.stringify(before[index]));
  // The schema does not check names: Ingresses also go through the API server's host, class and annotation checks.
  const problems = touched.flatMap((item) => [...schemaProblems(item), ...(item.kind === 'Ingress' ? ingressApiProblems(item).map((problem) => `Ingress ${item.metadata.name}: ${problem}`) : [])]);
  totals.ingresses += touched.filter((item) => item.kind === 'Ingress').length;
  return { objects: touched.length, problems, kinds: new Set(touched.map((item) => `${item.apiVersion}/${item.kind}`)) };
}

const totals = { objects: 0, ingresses: 0, kinds: new Set<string>() };

function expectValid(manifests: string, functionConfig: unknown): void {
  const checked = check(manifests, functionConfig);
  expect(checked.problems).toEqual([]);
  expect(checked.objects).toBeGreaterThan(0);
  totals.objects += checked.objects;
  checked.kinds.forEach((kind) => totals.kinds.add(kind));
}

describe('generated and changed objects validate against their schemas', () => {
  const example = readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8');

  test.each(Object.keys(CONFIGS))('the bundled example env (Tutor 20): %s', (name) => {
    expectValid(example, CONFIGS[name](false));
  });

  // A loop, not describe.each: jest refuses an empty table, and without fixtures there are no cases.
  const cases = fixturesAvailable ? defaultCases() : [];
  if (!fixturesAvailable) test.skip('the Tutor-only fixtures (skipped: no fixtures; see test/support/fixtures.ts)', () => undefined);
  for (const relative of cases) describe(relative, () => {
    const manifests = `${readFixture(relative, 'built.yaml')}\n---\n${literalYaml(initTasksResource(fixtureInitTasks(relative)))}`;

    test.each(Object.keys(CONFIGS))('%s', (name) => {
      expectValid(manifests, CONFIGS[name](true));
    });

    test("Drydock's all-features settings (ConfigMap form)", () => {
      const flavour = relative.replace(/\/default$/, '');
      const allFeatures = `${flavour}/drydock-all-features`;
      let settings: unknown;
      try {
        settings = caseConfigMap(allFeatures);
      } catch {
        settings = caseConfigMap('tutor-v22/drydock-all-features');
      }
      expectValid(manifests, settings);
    });
  });

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`schema: ${totals.objects} generated or changed objects validated, of ${totals.kinds.size} kinds (${[...totals.kinds].sort().join(', ')}); ${totals.ingresses} Ingresses by the API server's name checks too`);
  });
});
