/**
 * The checks of src/features/validation.ts one by one, on the items given (the validation feature
 * alone, no other feature before it): what each fires on and what it leaves alone, with its severity,
 * field and words. test/validation.test.ts runs them at the end of the whole function.
 */
import { validation } from '../../src/features/validation';
import { GENERATED_BY_ANNOTATION, GENERATED_BY_VALUE, LOCAL_CONFIG_ANNOTATION } from '../../src/krm/annotations';
import type { Result } from '../../src/krm/types';
import { tutorObjects } from '../support/tutor-objects';
import { resourceSetOf, runFeature, settingsOf } from '../support/views';
import { create, set } from '../../src/krm/changes';
import { deriveTutorContext } from '../../src/tutor/context';

type Item = Record<string, any>;

const GENERATED = { [GENERATED_BY_ANNOTATION]: GENERATED_BY_VALUE };

const CODES = ['HOOK_ON_NON_JOB', 'JOB_LIMITS_MISSING', 'CRONJOB_CONCURRENCY', 'HPA_NO_CPU_REQUEST', 'PROBE_PORT_NOT_EXPOSED', 'RESOURCE_MISSING', 'CADDY_DUPLICATE_SITE'];

/** Every result of the validation over `objects` (each a result with a check's code), and no change. */
function validate(objects: readonly Item[], spec: Record<string, unknown> = {}): readonly Result[] {
  const { results, changes } = runFeature(validation, objects, spec);
  expect(changes).toEqual([]);
  expect(results.filter((result) => typeof result !== 'object' || !CODES.includes(result.tags?.code ?? ''))).toEqual([]);
  return results;
}
function check(objects: readonly Item[], code: string, spec: Record<string, unknown> = {}): readonly Result[] {
  return validate(objects, spec).filter((result) => result.tags?.code === code);
}
const summary = (results: readonly Result[]) => results.map((result) => [result.severity, `${result.resourceRef?.kind} ${result.resourceRef?.name}`, result.field?.path, result.message]);

const deployment = (name: string, containers: Item[], extra: Item = {}): Item => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'openedx', ...extra },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
});
const hpa = (spec: Item, apiVersion = 'autoscaling/v2', metadata: Item = {}): Item => ({
  apiVersion,
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'openedx', ...metadata },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, ...spec },
});
const cpuMetric = (extra: Item = {}): Item => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 }, ...extra } });

describe('the feature', () => {
  test('a check stage, on by default, off with validation.enabled false', () => {
    expect(validation.stage).toBe('check');
    expect([validation.isEnabled(settingsOf({})), validation.isEnabled(settingsOf({ validation: { enabled: false } }))]).toEqual([true, false]);
  });

  test('objects every check accepts: no result at all', () => {
    const container = { name: 'web', ports: [{ name: 'http', containerPort: 8000 }], resources: { requests: { cpu: '1' } }, readinessProbe: { httpGet: { port: 'http' } } };
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', annotations: GENERATED }, spec: { concurrencyPolicy: 'Forbid', jobTemplate: { spec: { activeDeadlineSeconds: 60 } } } };
    const objects = [
      deployment('web', [container]),
      hpa({ metrics: [cpuMetric()] }),
      cronJob,
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', annotations: { ...GENERATED, 'argocd.argoproj.io/hook': 'PreSync' } }, spec: { backoffLimit: 1, ttlSecondsAfterFinished: 1, activeDeadlineSeconds: 1 } },
      { apiVersion: 'batch/v1', kind: 'Other', metadata: { name: 'o', annotations: GENERATED }, spec: {} },
      { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'openedx' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'caddy', annotations: GENERATED }, data: { Caddyfile: 'a.example.com {\n}\na.example.com {\n}\n' } },
    ];
    expect(validate(objects)).toEqual([]);
  });

  test('validation.skip leaves out the checks it lists, and only those', () => {
    const objects = [deployment('web', [{ name: 'web', livenessProbe: { tcpSocket: { port: 1 } } }]), hpa({})];
    expect(validate(objects).map((result) => result.tags?.code)).toEqual(['PROBE_PORT_NOT_EXPOSED', 'HPA_NO_CPU_REQUEST']);
    expect(validate(objects, { validation: { skip: ['PROBE_PORT_NOT_EXPOSED'] } }).map((result) => result.tags?.code)).toEqual(['HPA_NO_CPU_REQUEST']);
    expect(validate(objects, { validation: { skip: ['HPA_NO_CPU_REQUEST'] } }).map((result) => result.tags?.code)).toEqual(['PROBE_PORT_NOT_EXPOSED']);
  });
});

describe('HOOK_ON_NON_JOB', () => {
  const service = (hook: string, annotations: Item = {}): Item => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', annotations: { 'argocd.argoproj.io/hook': hook, ...annotations } }, spec: { ports: [{ port: 80 }] } });

  test('every hook of the list but Skip is named; a warning on the user\'s object, an error on a generated one', () => {
    expect(summary(check([service('PreSync, Skip,PostSync')], 'HOOK_ON_NON_JOB'))).toEqual([
      [
        'warning',
        'Service web',
        'metadata.annotations["argocd.argoproj.io/hook"]',
        'Service web is an Argo CD PreSync, PostSync hook: hooks are for Jobs; Argo CD deletes and re-creates a hook on every sync instead of keeping it in sync',
      ],
    ]);
    expect(check([service('Sync', GENERATED)], 'HOOK_ON_NON_JOB').map((result) => result.severity)).toEqual(['error']);
  });

  test('Skip alone, an empty list, or a hook on a Job: nothing', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', annotations: { 'argocd.argoproj.io/hook': 'PreSync' } }, spec: {} };
    expect(check([service(' Skip '), service(' , '), job], 'HOOK_ON_NON_JOB')).toEqual([]);
  });

  test('pass-through items (local-config) are not checked', () => {
    expect(check([service('Sync', { [LOCAL_CONFIG_ANNOTATION]: 'true' })], 'HOOK_ON_NON_JOB')).toEqual([]);
  });
});

describe('JOB_LIMITS_MISSING', () => {
  const job = (spec: Item, annotations: Item = GENERATED, apiVersion = 'batch/v1'): Item => ({ apiVersion, kind: 'Job', metadata: { name: 'task', annotations }, spec });
  const cronJob = (jobSpec: Item, annotations: Item = GENERATED): Item => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'dump', annotations }, spec: { concurrencyPolicy: 'Forbid', jobTemplate: { spec: jobSpec } } });

  test('a generated Job: each limit that is not a number is an error naming it', () => {
    expect(summary(check([job({ backoffLimit: '1', activeDeadlineSeconds: 60 })], 'JOB_LIMITS_MISSING'))).toEqual([
      ['error', 'Job task', 'spec.backoffLimit', 'the generated Job task has no spec.backoffLimit'],
      ['error', 'Job task', 'spec.ttlSecondsAfterFinished', 'the generated Job task has no spec.ttlSecondsAfterFinished'],
    ]);
    expect(check([job({ backoffLimit: 1, ttlSecondsAfterFinished: 100, activeDeadlineSeconds: 60 })], 'JOB_LIMITS_MISSING')).toEqual([]);
  });

  test('initJobs.activeDeadlineSeconds null: a Job needs no deadline; a Job without spec misses every limit', () => {
    expect(check([job({ backoffLimit: 1, ttlSecondsAfterFinished: 100 })], 'JOB_LIMITS_MISSING', { initJobs: { activeDeadlineSeconds: null } })).toEqual([]);
    expect(check([{ ...job({}), spec: undefined }], 'JOB_LIMITS_MISSING').map((result) => result.field?.path)).toEqual(['spec.backoffLimit', 'spec.ttlSecondsAfterFinished', 'spec.activeDeadlineSeconds']);
  });

  test("the user's own Jobs, and Jobs of another API group, are not checked", () => {
    expect(check([job({}, {}), job({}, GENERATED, 'example.com/v1')], 'JOB_LIMITS_MISSING')).toEqual([]);
  });

  test('a generated CronJob: its runs need a deadline, unless backups.activeDeadlineSeconds is null', () => {
    expect(summary(check([cronJob({ activeDeadlineSeconds: '600' })], 'JOB_LIMITS_MISSING'))).toEqual([
      ['error', 'CronJob dump', 'spec.jobTemplate.spec.activeDeadlineSeconds', 'the runs of the generated CronJob dump have no deadline'],
    ]);
    expect(check([{ ...cronJob({}), spec: { concurrencyPolicy: 'Forbid' } }], 'JOB_LIMITS_MISSING')).toHaveLength(1);
    expect(check([cronJob({ activeDeadlineSeconds: 600 })], 'JOB_LIMITS_MISSING')).toEqual([]);
    expect(check([cronJob({})], 'JOB_LIMITS_MISSING', { backups: { activeDeadlineSeconds: null } })).toEqual([]);
    expect(check([cronJob({}, {})], 'JOB_LIMITS_MISSING')).toEqual([]);
  });
});

describe('CRONJOB_CONCURRENCY', () => {
  const cronJob = (spec: Item | undefined, apiVersion = 'batch/v1'): Item => ({ apiVersion, kind: 'CronJob', metadata: { name: 'cleanup' }, ...(spec ? { spec } : {}) });

  test('the policy it has is named; none is Allow (the default)', () => {
    expect(summary(check([cronJob({ concurrencyPolicy: 'Replace' })], 'CRONJOB_CONCURRENCY'))).toEqual([
      ['warning', 'CronJob cleanup', 'spec.concurrencyPolicy', 'CronJob cleanup has concurrencyPolicy Replace: a run that outlasts the schedule overlaps the next one; use Forbid'],
    ]);
    expect(check([cronJob(undefined)], 'CRONJOB_CONCURRENCY').map((result) => result.message)).toEqual([
      'CronJob cleanup has concurrencyPolicy Allow (the default): a run that outlasts the schedule overlaps the next one; use Forbid',
    ]);
  });

  test('a CronJob of another API group is not Kubernetes\' and is not checked', () => {
    expect(check([cronJob({}, 'example.com/v1')], 'CRONJOB_CONCURRENCY')).toEqual([]);
  });
});

describe('HPA_NO_CPU_REQUEST', () => {
  const web = (containers: Item[] = [{ name: 'web', image: 'nginx' }], metadata: Item = {}) => deployment('web', containers, metadata);

  test('the words: the HPA, its target, every container without a CPU request', () => {
    const containers = [{ name: 'web', image: 'nginx' }, { image: 'sidecar' }, { name: 'ok', image: 'x', resources: { requests: { cpu: '1' } } }];
    expect(summary(check([web(containers), hpa({ metrics: [cpuMetric()] })], 'HPA_NO_CPU_REQUEST'))).toEqual([
      [
        'warning',
        'HorizontalPodAutoscaler web',
        'spec.metrics[0]',
        'HorizontalPodAutoscaler web scales Deployment web on CPU utilization, but its containers web, (unnamed) have no CPU request: the HPA cannot compute a utilization and never scales (Argo CD keeps it Progressing)',
      ],
    ]);
    expect(check([web(), hpa({ metrics: [cpuMetric()] })], 'HPA_NO_CPU_REQUEST')[0].message).toContain('but its container web has no CPU request');
  });

  test('a CPU request of null is none; a request in a container that is not an object is ignored', () => {
    expect(check([web([{ name: 'web', resources: { requests: { cpu: null } } }]), hpa({})], 'HPA_NO_CPU_REQUEST')).toHaveLength(1);
    expect(check([web([{ name: 'web', resources: { limits: { cpu: null } } }]), hpa({})], 'HPA_NO_CPU_REQUEST')).toHaveLength(1);
    expect(check([web([{ name: 'web', resources: { limits: { cpu: '2' } } }, 'junk' as never]), hpa({})], 'HPA_NO_CPU_REQUEST')).toEqual([]);
  });

  test('a ContainerResource metric counts only its container', () => {
    const containers = [{ name: 'web', resources: { requests: { cpu: '1' } } }, { name: 'proxy' }];
    const metric = (container: string) => ({ type: 'ContainerResource', containerResource: { name: 'cpu', container, target: { type: 'Utilization', averageUtilization: 60 } } });
    expect(check([web(containers), hpa({ metrics: [metric('web')] })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web(containers), hpa({ metrics: [metric('proxy')] })], 'HPA_NO_CPU_REQUEST').map((result) => result.message)).toEqual([expect.stringContaining('its container proxy has no CPU request')]);
  });

  test('the older targetAverageUtilization form counts; an AverageValue target, another resource or metric type, or junk do not', () => {
    const old = { type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: 70 } };
    expect(check([web(), hpa({ metrics: ['junk', { type: 'Pods', pods: { name: 'cpu' } }, old] }, 'autoscaling/v2beta1')], 'HPA_NO_CPU_REQUEST').map((result) => result.field?.path)).toEqual(['spec.metrics[2]']);
    const averageValue = { type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '500m' } } };
    const noTarget = { type: 'Resource', resource: { name: 'cpu' } };
    expect(check([web(), hpa({ metrics: [averageValue, noTarget, { type: 'Resource', resource: 'cpu' }] })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
  });

  test('autoscaling/v1 without a target percentage scales on CPU too: the field is spec; with one, that field; v2 without metrics: spec.metrics', () => {
    expect(check([web(), hpa({}, 'autoscaling/v1')], 'HPA_NO_CPU_REQUEST').map((result) => result.field?.path)).toEqual(['spec']);
    expect(check([web(), hpa({ targetCPUUtilizationPercentage: 50 }, 'autoscaling/v1')], 'HPA_NO_CPU_REQUEST').map((result) => result.field?.path)).toEqual(['spec.targetCPUUtilizationPercentage']);
    expect(check([web(), hpa({})], 'HPA_NO_CPU_REQUEST').map((result) => result.field?.path)).toEqual(['spec.metrics']);
    expect(check([web(), hpa({ metrics: [] })], 'HPA_NO_CPU_REQUEST').map((result) => result.field?.path)).toEqual(['spec.metrics']);
  });

  test('metrics that are null, of memory, or with a source of another type than their own: not CPU', () => {
    const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } };
    const misplaced = { type: 'Object', containerResource: { name: 'cpu', container: 'web', target: { type: 'Utilization', averageUtilization: 80 } } };
    expect(check([web(), hpa({ metrics: [null, memory, misplaced] })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web(), hpa({ metrics: [null, memory, cpuMetric()] })], 'HPA_NO_CPU_REQUEST').map((result) => result.field?.path)).toEqual(['spec.metrics[2]']);
  });

  test('requests without cpu are no CPU request; a ContainerResource metric whose container is not text counts every container', () => {
    expect(check([web([{ name: 'web', resources: { requests: { memory: '1Gi' } } }]), hpa({})], 'HPA_NO_CPU_REQUEST')).toHaveLength(1);
    const metric = { type: 'ContainerResource', containerResource: { name: 'cpu', container: 5, target: { type: 'Utilization', averageUtilization: 60 } } };
    expect(check([web(), hpa({ metrics: [metric] })], 'HPA_NO_CPU_REQUEST').map((result) => result.message)).toEqual([expect.stringContaining('its container web has no CPU request')]);
  });

  test('the target must be the named object of that kind in the HPA\'s namespace; an HPA of another group, or without a target, is not checked', () => {
    expect(check([web(), hpa({}, 'autoscaling/v2', { namespace: 'other' })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web([{ name: 'web' }], { namespace: undefined }), hpa({}, 'autoscaling/v2', { namespace: undefined })], 'HPA_NO_CPU_REQUEST')).toHaveLength(1);
    expect(check([web(), hpa({ scaleTargetRef: { kind: 'StatefulSet', name: 'web' } })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web(), hpa({ scaleTargetRef: { kind: 'Deployment', name: 'other' } })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web(), hpa({ scaleTargetRef: { kind: 'Deployment' } })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web(), hpa({ scaleTargetRef: { name: 'web' } })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web(), hpa({ scaleTargetRef: undefined })], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web(), hpa({}, 'example.com/v1')], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    // Another kind of the autoscaling group, shaped like an HPA: not an HPA.
    expect(check([web(), { ...hpa({}, 'autoscaling/v1'), kind: 'Scale' }], 'HPA_NO_CPU_REQUEST')).toEqual([]);
    expect(check([web([{ name: 'web' }], { annotations: { [LOCAL_CONFIG_ANNOTATION]: 'true' } }), hpa({})], 'HPA_NO_CPU_REQUEST')).toEqual([]);
  });
});

describe('PROBE_PORT_NOT_EXPOSED', () => {
  test('the words: the probe, the container, the port, and the ports it does declare', () => {
    const container = { name: 'web', ports: [{ name: 'http', containerPort: 8000 }, { containerPort: 9000 }], readinessProbe: { httpGet: { path: '/', port: 8080 } }, livenessProbe: { tcpSocket: { port: 'http' } } };
    expect(summary(check([deployment('web', [container])], 'PROBE_PORT_NOT_EXPOSED'))).toEqual([
      ['warning', 'Deployment web', 'spec.template.spec.containers[0].readinessProbe.httpGet.port', 'the readinessProbe of container web checks port 8080, which the container does not expose (ports: http, 9000)'],
    ]);
    expect(check([deployment('web', [{ image: 'x', startupProbe: { grpc: { port: 9090 } } }])], 'PROBE_PORT_NOT_EXPOSED').map((result) => result.message)).toEqual([
      'the startupProbe of container (unnamed) checks port 9090, which the container does not expose (ports: none)',
    ]);
  });

  test('a port by number matches containerPort, by name the port\'s name; probes without a port, exec probes and junk are left alone', () => {
    const container = { name: 'web', ports: [{ name: 'http', containerPort: 8000 }, 'junk'], startupProbe: { httpGet: { port: 8000 } }, livenessProbe: { exec: { command: ['true'] } }, readinessProbe: { httpGet: { path: '/' } } };
    expect(check([deployment('web', [container, 'junk' as never])], 'PROBE_PORT_NOT_EXPOSED')).toEqual([]);
    expect(check([deployment('web', [{ name: 'web', ports: [null, { containerPort: 8000 }], startupProbe: { httpGet: { port: 8000 } } }])], 'PROBE_PORT_NOT_EXPOSED')).toEqual([]);
    expect(check([deployment('web', [{ name: 'web', ports: [null], startupProbe: { httpGet: { port: 'http' } } }])], 'PROBE_PORT_NOT_EXPOSED').map((result) => result.message)).toEqual([
      'the startupProbe of container web checks port http, which the container does not expose (ports: none)',
    ]);
    expect(check([deployment('web', [{ name: 'web', ports: [{ containerPort: 8000 }], livenessProbe: { httpGet: { port: '8000' } } }])], 'PROBE_PORT_NOT_EXPOSED')).toHaveLength(1);
    expect(check([deployment('web', [{ name: 'web', ports: [{ name: 8000 }], livenessProbe: 'junk', readinessProbe: { httpGet: { port: 8000 } } }])], 'PROBE_PORT_NOT_EXPOSED')).toHaveLength(1);
  });

  test('the second container is named by its index; objects without a pod spec are not checked', () => {
    const containers = [{ name: 'a', ports: [{ containerPort: 1 }] }, { name: 'b', livenessProbe: { tcpSocket: { port: 2 } } }];
    expect(check([deployment('web', containers)], 'PROBE_PORT_NOT_EXPOSED').map((result) => result.field?.path)).toEqual(['spec.template.spec.containers[1].livenessProbe.tcpSocket.port']);
    expect(check([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} }], 'PROBE_PORT_NOT_EXPOSED')).toEqual([]);
  });
});

describe('RESOURCE_MISSING', () => {
  // The test manifests with the two objects they leave out that the checks look for: uwsgi.ini's ConfigMap and caddy's Service.
  const tutor = (): Item[] => {
    const objects = tutorObjects();
    const metadata = (name: string): Item => ({ ...objects[0].metadata, name });
    return [...objects, { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata('openedx-uwsgi-config'), data: { 'uwsgi.ini': '[uwsgi]\n' } }, { apiVersion: 'v1', kind: 'Service', metadata: metadata('caddy'), spec: { ports: [{ port: 80 }] } }];
  };
  const without = (kind: string, prefix: string): Item[] => tutor().filter((item: Item) => !(item.kind === kind && item.metadata.name.startsWith(prefix)));
  const missing = (objects: Item[], spec: Record<string, unknown> = {}) => summary(check(objects, 'RESOURCE_MISSING', spec)).map(([severity, , field, message]) => [severity, field, message]);

  test("Tutor's own manifests as the tests build them lack nothing", () => {
    expect(missing(tutor())).toEqual([]);
    // No Tutor manifests at all (not Tutor's output): nothing can be said to be missing.
    expect(missing([], { podLifecycle: { deployments: ['lms'] } })).toEqual([]);
  });

  test('podLifecycle: lms or cms missing, at its index of the list; other Deployments the feature reports itself', () => {
    expect(missing(without('Deployment', 'cms'), { podLifecycle: { deployments: ['lms-worker', 'cms', 'absent'] } })).toEqual([
      ['warning', 'spec.podLifecycle.deployments[1]', 'spec.podLifecycle.deployments[1]: Deployment cms is not in the manifests: it gets no probes, preStop hook or anti-affinity'],
    ]);
    expect(missing(without('Deployment', 'cms'), { podLifecycle: { enabled: false } })).toEqual([]);
    expect(missing(without('Deployment', 'lms'), { podLifecycle: { deployments: ['lms'] } })).toEqual([
      ['warning', 'spec.podLifecycle.deployments[0]', 'spec.podLifecycle.deployments[0]: Deployment lms is not in the manifests: it gets no probes, preStop hook or anti-affinity'],
    ]);
  });

  test('the Caddyfile: about multitenancy, else scorm; nothing with both off', () => {
    const noCaddy = without('ConfigMap', 'caddy-config');
    const message = 'ConfigMap caddy-config is not in the manifests: the multitenancy catch-all site and the SCORM routes are not added to the Caddyfile';
    expect(missing(noCaddy)).toEqual([['warning', 'spec.multitenancy.enabled', `spec.multitenancy.enabled: ${message}`]]);
    expect(missing(noCaddy, { multitenancy: { enabled: false } })).toEqual([['warning', 'spec.scorm.enabled', `spec.scorm.enabled: ${message}`]]);
    expect(missing(noCaddy, { multitenancy: { enabled: false }, scorm: { enabled: false } })).toEqual([]);
  });

  test('the Django settings: one warning per service, about loggingTweaks, else scorm', () => {
    const noSettings = without('ConfigMap', 'openedx-settings-');
    const words = (service: string) => `ConfigMap openedx-settings-${service} is not in the manifests: Drydock's Django settings for the ${service.toUpperCase()} are not added`;
    expect(missing(noSettings)).toEqual([
      ['warning', 'spec.djangoSettings.loggingTweaks', `spec.djangoSettings.loggingTweaks: ${words('lms')}`],
      ['warning', 'spec.djangoSettings.loggingTweaks', `spec.djangoSettings.loggingTweaks: ${words('cms')}`],
    ]);
    expect(missing(noSettings, { djangoSettings: { loggingTweaks: false } }).map(([, field]) => field)).toEqual(['spec.scorm.enabled', 'spec.scorm.enabled']);
    expect(missing(noSettings, { djangoSettings: { loggingTweaks: false }, scorm: { enabled: false } })).toEqual([]);
  });

  test('uwsgi.ini: about uwsgi.keepAlive, nothing with it off', () => {
    const noUwsgi = without('ConfigMap', 'openedx-uwsgi-config');
    expect(missing(noUwsgi)).toEqual([
      ['warning', 'spec.uwsgi.keepAlive', 'spec.uwsgi.keepAlive: ConfigMap openedx-uwsgi-config is not in the manifests: the keep-alive and graceful shutdown settings are not added to uwsgi.ini'],
    ]);
    expect(missing(noUwsgi, { uwsgi: { keepAlive: false } })).toEqual([]);
  });

  test('the env files: about Sentry, else about CELERY_ACKS_LATE (Celery tuning with acksLate), else nothing', () => {
    const noConfig = without('ConfigMap', 'openedx-config');
    expect(missing(noConfig, { sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } }, celeryTuning: { enabled: true } })).toEqual([
      ['warning', 'spec.sentry.enabled', 'spec.sentry.enabled: ConfigMap openedx-config is not in the manifests: the eox-core Sentry settings are not added to the LMS and CMS env files'],
    ]);
    expect(missing(noConfig, { celeryTuning: { enabled: true } })).toEqual([
      ['warning', 'spec.celeryTuning.acksLate', 'spec.celeryTuning.acksLate: ConfigMap openedx-config is not in the manifests: CELERY_ACKS_LATE is not added to the LMS and CMS env files'],
    ]);
    expect(missing(noConfig, { celeryTuning: { enabled: true, acksLate: false } })).toEqual([]);
    expect(missing(noConfig)).toEqual([]);
  });

  test("caddy's Service: about the Ingresses, or the HTTPRoutes with Gateway API; nothing with both off", () => {
    const noService = without('Service', 'caddy');
    expect(missing(noService)).toEqual([
      ['warning', 'spec.ingress.enabled', 'spec.ingress.enabled: Service caddy is not in the manifests: the generated Ingresses route to caddy:80, which nothing serves'],
    ]);
    expect(missing(noService, { ingress: { enabled: false }, gatewayApi: { enabled: true } })).toEqual([
      ['warning', 'spec.gatewayApi.enabled', 'spec.gatewayApi.enabled: Service caddy is not in the manifests: the generated HTTPRoutes route to caddy:80, which nothing serves'],
    ]);
    expect(missing(noService, { ingress: { enabled: false } })).toEqual([]);
  });

  test("manifests without Tutor's managed-by label: nothing is expected of them; validation.skip RESOURCE_MISSING: nothing either", () => {
    const foreign = without('Service', 'caddy').map((item: Item) => ({ ...item, metadata: { ...item.metadata, labels: { ...item.metadata.labels, 'app.kubernetes.io/managed-by': 'helm' } } }));
    expect(missing(foreign)).toEqual([]);
    const unlabelled = without('Service', 'caddy').map((item: Item) => ({ ...item, metadata: { ...item.metadata, labels: undefined } }));
    expect(missing(unlabelled)).toEqual([]);
    // One object of Tutor's with its label is enough to tell Tutor's manifests.
    const [first, ...rest] = without('Service', 'caddy');
    expect(missing([{ ...first, metadata: { ...first.metadata, labels: {} } }, ...rest]).map(([, field]) => field)).toEqual(['spec.ingress.enabled']);
    expect(missing([{ ...first, metadata: { ...first.metadata, labels: { ...first.metadata.labels, 'app.kubernetes.io/managed-by': 'helm' } } }, ...rest]).map(([, field]) => field)).toEqual(['spec.ingress.enabled']);
    expect(missing(without('Service', 'caddy'), { validation: { skip: ['RESOURCE_MISSING'] } })).toEqual([]);
  });
});

describe('CADDY_DUPLICATE_SITE', () => {
  /** The validation's results after an edit of Tutor's Caddyfile (as another feature would make it), `caddyEnv` the caddy container's env. */
  function afterEdit(edit: (caddyfile: string) => string, options: { input?: (caddyfile: string) => string; caddyEnv?: unknown[] } = {}) {
    const objects = tutorObjects().map((item: Item) => {
      if (item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config') && options.input) return { ...item, data: { Caddyfile: options.input(item.data.Caddyfile) } };
      if (item.kind === 'Deployment' && item.metadata.name === 'caddy' && options.caddyEnv) item.spec.template.spec.containers[0].env = options.caddyEnv;
      return item;
    });
    const settings = settingsOf({});
    const resources = resourceSetOf(objects);
    const caddy = resources.views().find((view) => view.object.kind === 'ConfigMap' && view.object.metadata.name.startsWith('caddy-config'))!;
    resources.apply([set(caddy.handle, ['data', 'Caddyfile'], edit((caddy.object.data as Item).Caddyfile))]);
    const views = resources.views();
    return validation.run({ resources: views, settings, tutor: deriveTutorContext(views, settings) }).results.filter((result) => result.tags?.code === 'CADDY_DUPLICATE_SITE');
  }
  // Tutor's caddy Deployment sets default_site_port to ":80" (its sites are `host{$default_site_port}`).
  const PORT_80 = [{ name: 'default_site_port', value: ':80' }];
  const site = (address: string) => (caddyfile: string) => `${caddyfile}\n${address} {\n    respond 1\n}\n`;

  test('a duplicate the edit brought: an error naming the address', () => {
    expect(summary(afterEdit(site('studio.example.com:80'), { caddyEnv: PORT_80 }))).toEqual([
      ['error', 'ConfigMap caddy-config-dddddddddd', 'data.Caddyfile', 'the Caddyfile has more than one site for "studio.example.com:80" after drydock-fn\'s edit: Caddy refuses it (ambiguous site definition)'],
    ]);
  });

  test('a duplicate the input already had, in a file the edit changed: a warning; an edit without a duplicate: nothing', () => {
    expect(summary(afterEdit(site('other.example.com'), { input: site('studio.example.com:80'), caddyEnv: PORT_80 }))).toEqual([
      ['warning', 'ConfigMap caddy-config-dddddddddd', 'data.Caddyfile', 'the Caddyfile has more than one site for "studio.example.com:80" (as it came in): Caddy refuses it (ambiguous site definition)'],
    ]);
    expect(afterEdit(site('other.example.com'), { caddyEnv: PORT_80 })).toEqual([]);
  });

  test('two duplicates, one the input had: an error naming both, since the edit brought one', () => {
    expect(afterEdit(site('lms.example.com:80'), { input: site('studio.example.com:80'), caddyEnv: PORT_80 }).map((result) => [result.severity, result.message])).toEqual([
      ['error', 'the Caddyfile has more than one site for "studio.example.com:80", "lms.example.com:80" after drydock-fn\'s edit: Caddy refuses it (ambiguous site definition)'],
    ]);
  });

  test('a duplicate in a Caddyfile nobody edited: nothing (it is the user\'s); without a caddy Deployment, {$VAR} stays unknown', () => {
    const objects = tutorObjects().map((item: Item) => (item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config') ? { ...item, data: { Caddyfile: site('x.example.com')(site('x.example.com')(item.data.Caddyfile)) } } : item));
    expect(check(objects, 'CADDY_DUPLICATE_SITE')).toEqual([]);
    const withoutCaddy = tutorObjects().filter((item: Item) => !(item.kind === 'Deployment' && item.metadata.name === 'caddy'));
    expect(check(withoutCaddy, 'CADDY_DUPLICATE_SITE')).toEqual([]);
  });

  test('an edited Caddyfile without a caddy Deployment: {$VAR} stays unknown, no duplicate', () => {
    const settings = settingsOf({});
    const resources = resourceSetOf(tutorObjects().filter((item: Item) => !(item.kind === 'Deployment' && item.metadata.name === 'caddy')));
    const caddy = resources.views().find((view) => view.object.kind === 'ConfigMap' && view.object.metadata.name.startsWith('caddy-config'))!;
    resources.apply([set(caddy.handle, ['data', 'Caddyfile'], site('studio.example.com:80')((caddy.object.data as Item).Caddyfile))]);
    const views = resources.views();
    expect(validation.run({ resources: views, settings, tutor: deriveTutorContext(views, settings) }).results.filter((result) => result.tags?.code === 'CADDY_DUPLICATE_SITE')).toEqual([]);
  });

  test('a Caddyfile ConfigMap created in this run: its duplicates are the edit\'s; a Secret holding a Caddyfile is not checked', () => {
    const settings = settingsOf({});
    const resources = resourceSetOf(tutorObjects());
    const text = 'a.example.com {\n}\n\na.example.com {\n}\n';
    resources.apply([
      create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra-caddy', namespace: 'openedx' }, data: { Caddyfile: text } }),
      create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'caddy-secret', namespace: 'openedx' }, data: { Caddyfile: text } as never }),
    ]);
    const views = resources.views();
    const results = validation.run({ resources: views, settings, tutor: deriveTutorContext(views, settings) }).results.filter((result) => result.tags?.code === 'CADDY_DUPLICATE_SITE');
    expect(results.map((result) => [result.severity, result.resourceRef?.kind, result.resourceRef?.name])).toEqual([['error', 'ConfigMap', 'extra-caddy']]);
  });

  test("{$VAR} in an address is the caddy container's literal env value", () => {
    const env = [{ name: 'default_site_port', value: ':81' }, { name: 'from_secret', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, 'junk'];
    expect(afterEdit(site('studio.example.com:81'), { caddyEnv: env }).map((result) => result.message)).toEqual([expect.stringContaining('"studio.example.com:81"')]);
    expect(afterEdit(site('studio.example.com:81'))).toEqual([]);
    // A variable from a Secret has no literal value: an address using it is not the text "undefined".
    expect(afterEdit((caddyfile) => site('xundefined.example.com')(site('x{$from_secret}.example.com')(caddyfile)), { caddyEnv: env })).toEqual([]);
    // Entries Kubernetes would refuse (null, no name) set no variable: {$undefined} stays as written.
    const odd = [{ name: 'default_site_port', value: ':81' }, null, { value: 'lms.example.com' }];
    expect(afterEdit((caddyfile) => site('lms.example.com')(site('{$undefined}')(caddyfile)), { caddyEnv: odd })).toEqual([]);
  });
});
