/**
 * The semantic checks over the output (src/features/validation.ts): each check fires on what it is
 * about, names the item and the field, is an error on drydock-fn's own objects and a warning on the
 * user's, and stays silent on real Tutor output (every Tutor-only fixture, defaults and every feature).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { create } from '../src/krm/changes';
import type { Feature } from '../src/features/feature';
import { validation } from '../src/features/validation';
import { PIPELINE } from '../src/pipeline';
import { runFunction } from '../src/run';
import type { RunOutcome } from '../src/run';
import type { Result } from '../src/krm/types';
import { wrapDocuments } from '../src/io';
import { defaultCases, describeWithFixtures, readFixture } from './support/fixtures';
import { drydockConfig, itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

/** The example Tutor env (Tutor 20, built). */
const TUTOR: Item[] = YAML.parseAllDocuments(readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8'))
  .map((doc) => doc.toJS() as Item)
  .filter(Boolean);

function run(items: readonly Item[], spec: object = {}, features?: readonly Feature[]): RunOutcome {
  const documents = items.map((item) => YAML.stringify(item, { lineWidth: 0 }));
  return runFunction(wrapDocuments(documents, drydockConfig(spec)), features ? { features } : {});
}

function checks(outcome: RunOutcome, code: string): Result[] {
  return outcome.results.filter((result) => result.tags?.code === code);
}

const LABELS = TUTOR[0].metadata.labels;
const lms = (): Item => JSON.parse(JSON.stringify(TUTOR.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms'))) as Item;
const hpa = (spec: Item, apiVersion = 'autoscaling/v2'): Item => ({
  apiVersion,
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'lms', namespace: 'openedx', labels: LABELS },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'lms' }, minReplicas: 1, maxReplicas: 3, ...spec },
});
const cpu = (utilization = 80): Item => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } });

/** A feature generating one object, to see how the checks treat drydock-fn's own objects. */
function generating(object: Item): Feature {
  return { name: 'test-generator', isEnabled: () => true, run: () => ({ changes: [create(object as never)], results: [] }) };
}

describe('HOOK_ON_NON_JOB: Argo CD hooks only on Jobs', () => {
  test("a user's HPA with a Sync hook: a warning naming the HPA and the annotation", () => {
    const object = hpa({ metrics: [cpu()] });
    object.metadata.annotations = { 'argocd.argoproj.io/hook': 'Sync' };
    const withRequest = lms();
    withRequest.spec.template.spec.containers[0].resources.requests.cpu = '500m';
    const outcome = run([...TUTOR.filter((item) => !(item.kind === 'Deployment' && item.metadata.name === 'lms')), withRequest, object]);
    expect(outcome.exitCode).toBe(0);
    expect(checks(outcome, 'HOOK_ON_NON_JOB')).toEqual([
      expect.objectContaining({ severity: 'warning', resourceRef: expect.objectContaining({ kind: 'HorizontalPodAutoscaler', name: 'lms' }), field: { path: 'metadata.annotations["argocd.argoproj.io/hook"]' } }),
    ]);
  });

  test('Skip is fine on any kind; hooks on Jobs are fine', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', annotations: { 'argocd.argoproj.io/hook': 'Skip' } }, spec: { ports: [{ port: 80 }] } };
    const outcome = run([...TUTOR, service], { initJobs: { enabled: true, tasks: [{ service: 'lms', command: './manage.py lms migrate' }] } });
    expect(outcome.exitCode).toBe(0);
    expect(checks(outcome, 'HOOK_ON_NON_JOB')).toEqual([]);
  });

  test('a generated Ingress made a hook through ingress.annotations: an error, the input comes back', () => {
    const outcome = run(TUTOR, { ingress: { annotations: { 'argocd.argoproj.io/hook': 'PreSync' } } });
    expect(outcome.exitCode).toBe(1);
    const errors = checks(outcome, 'HOOK_ON_NON_JOB');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((result) => result.severity === 'error' && result.resourceRef?.kind === 'Ingress')).toBe(true);
    expect(itemsOf(outcome.output)).toHaveLength(TUTOR.length);
  });
});

describe('JOB_LIMITS_MISSING: generated Jobs are bounded', () => {
  const tasks = [{ service: 'lms', command: './manage.py lms migrate' }];

  test('init Jobs carry backoffLimit, ttlSecondsAfterFinished and activeDeadlineSeconds (7200 by default)', () => {
    const outcome = run(TUTOR, { initJobs: { enabled: true, tasks } });
    expect(outcome.exitCode).toBe(0);
    const job = itemsOf(outcome.output).find((item) => /^drydock-lms-job-\d+$/.test(item.metadata.name)) as Item;
    expect({ backoffLimit: job.spec.backoffLimit, ttl: job.spec.ttlSecondsAfterFinished, deadline: job.spec.activeDeadlineSeconds }).toEqual({ backoffLimit: 1, ttl: 3600, deadline: 7200 });
    expect(checks(outcome, 'JOB_LIMITS_MISSING')).toEqual([]);
  });

  test('the deadline is a setting; null sets none and the check accepts it', () => {
    const set = run(TUTOR, { initJobs: { enabled: true, tasks, activeDeadlineSeconds: 600 } });
    expect((itemsOf(set.output).find((item) => /^drydock-lms-job-\d+$/.test(item.metadata.name)) as Item).spec.activeDeadlineSeconds).toBe(600);
    const none = run(TUTOR, { initJobs: { enabled: true, tasks, activeDeadlineSeconds: null } });
    expect(none.exitCode).toBe(0);
    expect((itemsOf(none.output).find((item) => /^drydock-lms-job-\d+$/.test(item.metadata.name)) as Item).spec.activeDeadlineSeconds).toBeUndefined();
  });

  test('a generated Job without limits is an error naming each missing field', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'unbounded' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'busybox' }] } } } };
    const outcome = run(TUTOR, {}, [generating(job), validation]);
    expect(outcome.exitCode).toBe(1);
    expect(checks(outcome, 'JOB_LIMITS_MISSING').map((result) => [result.severity, result.field?.path])).toEqual([
      ['error', 'spec.backoffLimit'],
      ['error', 'spec.ttlSecondsAfterFinished'],
      ['error', 'spec.activeDeadlineSeconds'],
    ]);
  });

  test('backup CronJobs: Forbid, and a deadline on each run (backups.activeDeadlineSeconds, 21600 by default)', () => {
    const outcome = run(TUTOR, { backups: { enabled: true, storage: { bucket: 'backups', credentialsSecretName: 'keys' } } });
    expect(outcome.exitCode).toBe(0);
    const cronJobs = itemsOf(outcome.output).filter((item) => item.kind === 'CronJob');
    expect(cronJobs.map((item) => [item.spec.concurrencyPolicy, item.spec.jobTemplate.spec.activeDeadlineSeconds])).toEqual([
      ['Forbid', 21600],
      ['Forbid', 21600],
    ]);
    expect([...checks(outcome, 'JOB_LIMITS_MISSING'), ...checks(outcome, 'CRONJOB_CONCURRENCY')]).toEqual([]);
  });
});

describe('CRONJOB_CONCURRENCY: CronJobs do not overlap', () => {
  const cronJob = (policy?: string): Item => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cleanup', namespace: 'openedx' },
    spec: { schedule: '0 3 * * *', ...(policy ? { concurrencyPolicy: policy } : {}), jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
  });

  test("a user's CronJob without a policy: a warning naming spec.concurrencyPolicy", () => {
    const outcome = run([...TUTOR, cronJob()]);
    expect(checks(outcome, 'CRONJOB_CONCURRENCY')).toEqual([
      expect.objectContaining({ severity: 'warning', field: { path: 'spec.concurrencyPolicy' }, message: expect.stringContaining('Allow (the default)') }),
    ]);
    expect(checks(run([...TUTOR, cronJob('Forbid')]), 'CRONJOB_CONCURRENCY')).toEqual([]);
  });

  test('a generated CronJob that allows overlaps: an error', () => {
    const outcome = run(TUTOR, {}, [generating(cronJob('Replace')), validation]);
    expect(outcome.exitCode).toBe(1);
    expect(checks(outcome, 'CRONJOB_CONCURRENCY')).toEqual([expect.objectContaining({ severity: 'error' })]);
  });
});

describe('HPA_NO_CPU_REQUEST: an HPA on CPU needs CPU requests', () => {
  const withoutLms = TUTOR.filter((item) => !(item.kind === 'Deployment' && item.metadata.name === 'lms'));

  test("Tutor's lms (no CPU request) under a CPU HPA: a warning naming the HPA, the metric and the container", () => {
    const outcome = run([...TUTOR, hpa({ metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '2Gi' } } }, cpu()] })]);
    expect(checks(outcome, 'HPA_NO_CPU_REQUEST')).toEqual([
      expect.objectContaining({ severity: 'warning', resourceRef: expect.objectContaining({ kind: 'HorizontalPodAutoscaler', name: 'lms' }), field: { path: 'spec.metrics[1]' }, message: expect.stringContaining('container lms has no CPU request') }),
    ]);
  });

  test('no metrics (Kubernetes then scales on CPU) and autoscaling/v1 count as CPU', () => {
    expect(checks(run([...TUTOR, hpa({})]), 'HPA_NO_CPU_REQUEST')).toHaveLength(1);
    expect(checks(run([...TUTOR, hpa({ targetCPUUtilizationPercentage: 70 }, 'autoscaling/v1')]), 'HPA_NO_CPU_REQUEST')).toEqual([expect.objectContaining({ field: { path: 'spec.targetCPUUtilizationPercentage' } })]);
  });

  test('a CPU request, a CPU limit (the request then equals it), a memory-only HPA or a target not in the list: nothing', () => {
    const requested = lms();
    requested.spec.template.spec.containers[0].resources.requests.cpu = '1';
    const limited = lms();
    limited.spec.template.spec.containers[0].resources.limits = { cpu: '2' };
    expect(checks(run([...withoutLms, requested, hpa({ metrics: [cpu()] })]), 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(checks(run([...withoutLms, limited, hpa({ metrics: [cpu()] })]), 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(checks(run([...TUTOR, hpa({ metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }] })]), 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(checks(run([...withoutLms, hpa({ metrics: [cpu()] })]), 'HPA_NO_CPU_REQUEST')).toEqual([]);
  });
});

describe('PROBE_PORT_NOT_EXPOSED: probes check a port their container declares', () => {
  test('pod lifecycle on a Deployment whose container declares no port: a warning per probe, naming the field', () => {
    const bare = lms();
    delete bare.spec.template.spec.containers[0].ports;
    const outcome = run([...TUTOR.filter((item) => !(item.kind === 'Deployment' && item.metadata.name === 'lms')), bare]);
    expect(checks(outcome, 'PROBE_PORT_NOT_EXPOSED').map((result) => [result.severity, result.resourceRef?.name, result.field?.path])).toEqual([
      ['warning', 'lms', 'spec.template.spec.containers[0].startupProbe.httpGet.port'],
      ['warning', 'lms', 'spec.template.spec.containers[0].livenessProbe.httpGet.port'],
    ]);
  });

  test("Tutor's lms and cms declare 8000: nothing", () => {
    expect(checks(run(TUTOR), 'PROBE_PORT_NOT_EXPOSED')).toEqual([]);
  });

  test('named ports match by name; a wrong name or number is reported', () => {
    const statefulSet = (probe: Item): Item => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'es', namespace: 'openedx' },
      spec: { serviceName: 'es', selector: { matchLabels: { app: 'es' } }, template: { metadata: { labels: { app: 'es' } }, spec: { containers: [{ name: 'es', image: 'es:8', ports: [{ name: 'http', containerPort: 9200 }], readinessProbe: probe }] } } },
    });
    expect(checks(run([...TUTOR, statefulSet({ httpGet: { path: '/', port: 'http' } })]), 'PROBE_PORT_NOT_EXPOSED')).toEqual([]);
    expect(checks(run([...TUTOR, statefulSet({ tcpSocket: { port: 9300 } })]), 'PROBE_PORT_NOT_EXPOSED')).toEqual([
      expect.objectContaining({ field: { path: 'spec.template.spec.containers[0].readinessProbe.tcpSocket.port' }, message: expect.stringContaining('port 9300') }),
    ]);
    expect(checks(run([...TUTOR, statefulSet({ grpc: { port: 'grpc' } })]), 'PROBE_PORT_NOT_EXPOSED')).toHaveLength(1);
  });
});

describe('RESOURCE_MISSING: Tutor resources the enabled features work on', () => {
  const without = (kind: string, prefix: string): Item[] => TUTOR.filter((item) => !(item.kind === kind && item.metadata.name.startsWith(prefix)));

  test.each([
    ['Deployment', 'lms', 'spec.podLifecycle.deployments[0]'],
    ['ConfigMap', 'caddy-config', 'spec.multitenancy.enabled'],
    ['ConfigMap', 'openedx-settings-lms', 'spec.djangoSettings.loggingTweaks'],
    ['ConfigMap', 'openedx-uwsgi-config', 'spec.uwsgi.keepAlive'],
    ['Service', 'caddy', 'spec.ingress.enabled'],
  ])('no %s %s: a warning naming it and the setting %s', (kind, name, field) => {
    const outcome = run(without(kind, name));
    expect(outcome.exitCode).toBe(0);
    expect(checks(outcome, 'RESOURCE_MISSING')).toEqual([expect.objectContaining({ severity: 'warning', field: { path: field }, message: expect.stringContaining(`${kind} ${name} `) })]);
  });

  test('nothing for manifests that are not Tutor\'s, or when the feature is off', () => {
    const foreign = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } } }];
    expect(checks(run(foreign), 'RESOURCE_MISSING')).toEqual([]);
    expect(checks(run(without('ConfigMap', 'caddy-config'), { multitenancy: { enabled: false }, scorm: { enabled: false } }), 'RESOURCE_MISSING')).toEqual([]);
  });
});

describe('CADDY_DUPLICATE_SITE: no two sites of a Caddyfile drydock-fn writes share an address', () => {
  const withCaddyfile = (edit: (caddyfile: string) => string): Item[] =>
    TUTOR.map((item) => (item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config') ? { ...item, data: { ...item.data, Caddyfile: edit(item.data.Caddyfile) } } : item));

  test("the user's own :80 catch-all, and the multitenancy site ({$default_site_port}, :80 in Tutor's caddy Deployment): an error, the input comes back", () => {
    const items = withCaddyfile((caddyfile) => `${caddyfile}\n:80 {\n    respond "other catch-all"\n}\n`);
    const outcome = run(items);
    expect(outcome.exitCode).toBe(1);
    expect(checks(outcome, 'CADDY_DUPLICATE_SITE')).toEqual([
      expect.objectContaining({ severity: 'error', resourceRef: expect.objectContaining({ kind: 'ConfigMap' }), field: { path: 'data.Caddyfile' }, message: expect.stringContaining('":80"') }),
    ]);
    expect(itemsOf(outcome.output)).toEqual(items.map((item) => expect.objectContaining({ kind: item.kind })));
    expect(checks(run(items, { validation: { skip: ['CADDY_DUPLICATE_SITE'] } }), 'CADDY_DUPLICATE_SITE')).toEqual([]);
  });

  test('a duplicate the input already had: a warning when drydock-fn edits the file, nothing when it does not', () => {
    const items = withCaddyfile((caddyfile) => `${caddyfile}\nfiles.example.com{$default_site_port} {\n    respond 1\n}\n\nfiles.example.com:80 {\n    respond 2\n}\n`);
    expect(checks(run(items), 'CADDY_DUPLICATE_SITE')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('"files.example.com:80"') })]);
    // No Drydock text at all: the Caddyfile comes back as it came in, and is not checked.
    const textOff = { multitenancy: { enabled: false }, scorm: { enabled: false }, uwsgi: { keepAlive: false }, djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' } };
    expect(checks(run(items, textOff), 'CADDY_DUPLICATE_SITE')).toEqual([]);
  });
});

describe('the validation settings', () => {
  const bare = lms();
  delete bare.spec.template.spec.containers[0].ports;
  const items = [...TUTOR.filter((item) => !(item.kind === 'Deployment' && item.metadata.name === 'lms')), bare, hpa({})];

  test('validation.skip turns single checks off; validation.enabled: false all of them', () => {
    expect(checks(run(items), 'PROBE_PORT_NOT_EXPOSED').length).toBeGreaterThan(0);
    const skipped = run(items, { validation: { skip: ['PROBE_PORT_NOT_EXPOSED'] } });
    expect(checks(skipped, 'PROBE_PORT_NOT_EXPOSED')).toEqual([]);
    expect(checks(skipped, 'HPA_NO_CPU_REQUEST')).toHaveLength(1);
    expect(run(items, { validation: { enabled: false } }).results.filter((result) => /^(PROBE|HPA|HOOK|JOB|CRONJOB)_/.test(result.tags?.code ?? ''))).toEqual([]);
  });

  test('an unknown check code is a config error', () => {
    const outcome = run(items, { validation: { skip: ['NO_SUCH_CHECK'] } });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results[0]).toEqual(expect.objectContaining({ field: { path: 'spec.validation.skip' }, tags: { code: 'CONFIG_INVALID_VALUE' } }));
  });

  test('the checks run last, after everything else, and change nothing', () => {
    expect(PIPELINE[PIPELINE.length - 1]).toBe(validation);
    expect(validation.stage).toBe('check');
  });
});

describeWithFixtures('no check fires on real Tutor output (every Tutor-only fixture)', () => {
  const allFeatures = {
    initJobs: { enabled: true, migrateFrom: 13, tasks: [{ service: 'lms', command: './manage.py lms migrate' }, { service: 'cms', command: './manage.py cms migrate' }] },
    ingress: { extraHosts: ['courses.example.com'] },
    podDisruptionBudgets: { lms: 50, cms: 50, lmsWorker: 50, cmsWorker: 50, caddy: 50 },
    registryCredentials: { secretName: 'regcred', statefulSets: true },
    newRelic: { licenseKeySecretRef: { name: 'newrelic' }, deployments: ['lms', 'cms'] },
    celeryTuning: { enabled: true },
    sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } },
    flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower' } } },
    debug: { enabled: true },
    backups: { enabled: true, storage: { bucket: 'backups', credentialsSecretName: 'backup-keys' }, mysql: { passwordSecretRef: { name: 'mysql' } }, mongodb: { username: 'backup', passwordSecretRef: { name: 'mongodb' } } },
  };
  const CHECK = /^(RESOURCE_MISSING|HOOK_ON_NON_JOB|JOB_LIMITS_MISSING|CRONJOB_CONCURRENCY|HPA_NO_CPU_REQUEST|PROBE_PORT_NOT_EXPOSED|CADDY_DUPLICATE_SITE)$/;

  test.each(defaultCases())('%s: defaults, and every feature on', (relative) => {
    const built = readFixture(relative, 'built.yaml');
    for (const spec of [{}, allFeatures]) {
      const outcome = runOnManifests(built, drydockConfig(spec));
      expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
      expect(outcome.results.filter((result) => CHECK.test(result.tags?.code ?? ''))).toEqual([]);
    }
  });
});
