/**
 * Jobs built from Tutor's job templates (init and upgrade Jobs): which input Jobs are templates, the
 * copy's name, labels, annotations, namespace, script invocation, Secret variables and limits, the
 * template left as it was, and the error for a template without a container.
 */
import { inputJobTemplates, isResult, jobFromTemplate, RUNNER_SERVICE_LABEL, TARGET_SERVICE_LABEL, TUTOR_JOB_COMPONENT } from '../../../src/features/lib/generated-jobs';
import type { GeneratedJobSpec, JobTemplate } from '../../../src/features/lib/generated-jobs';
import type { KubeObject, Result } from '../../../src/krm/types';
import { deriveTutorContext } from '../../../src/tutor/context';
import { tutorObjects } from '../../support/tutor-objects';
import { resourceSetOf, settingsOf } from '../../support/views';

type Item = Record<string, any>;

const LABELS = { 'app.kubernetes.io/instance': 'openedx-TEST', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' };

/** Tutor's lms-job template, with what a copy must not keep (its wave, an annotation of another tool, a status). */
function lmsJob(overrides: Item = {}): Item {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'lms-job', namespace: 'jobs', labels: { ...LABELS, 'app.kubernetes.io/component': 'job' }, annotations: { 'argocd.argoproj.io/sync-wave': '5', 'example.com/owner': 'team' } },
    spec: {
      backoffLimit: 9,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'lms', image: 'docker.io/overhangio/openedx:22.0.0', env: [{ name: 'SERVICE_VARIANT', value: 'lms' }, { name: 'DB_PASSWORD', value: 'plain' }, 'junk'] }],
        },
      },
    },
    status: { succeeded: 1 },
    ...overrides,
  };
}

const JOB: GeneratedJobSpec = { name: 'drydock-lms-job-0', labels: { 'drydock.io/target-service': 'lms', 'drydock.io/runner-service': 'lms' }, wave: 1, script: 'echo hello', invocation: 'sh-e-c' };

/** Builds a Job from `template` among Tutor's objects. */
function build(template: Item, job: GeneratedJobSpec = JOB, spec: Record<string, unknown> = {}) {
  const settings = settingsOf(spec);
  const views = resourceSetOf([...tutorObjects(), template]).views();
  const view = views[views.length - 1];
  const before = JSON.parse(JSON.stringify(view.object));
  const built = jobFromTemplate({ object: view.object, view }, job, settings, deriveTutorContext(views, settings));
  expect(view.object).toEqual(before);
  return built as Item;
}

describe('the labels', () => {
  test("Drydock's labels on its Jobs, and the component value of Tutor's job templates", () => {
    expect([TARGET_SERVICE_LABEL, RUNNER_SERVICE_LABEL]).toEqual(['drydock.io/target-service', 'drydock.io/runner-service']);
    expect(TUTOR_JOB_COMPONENT).toBe(lmsJob().metadata.labels['app.kubernetes.io/component']);
  });
});

describe('inputJobTemplates', () => {
  test("the input's Jobs of a batch API group, by name, the first of a name; not generated ones, nor other kinds or groups", () => {
    const generated = { ...lmsJob(), metadata: { name: 'drydock-lms-job-0', annotations: { 'drydock.io/generated-by': 'drydock-fn' } } };
    const otherGroup = { ...lmsJob(), apiVersion: 'example.com/v1', metadata: { name: 'other-group-job' } };
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cms-job' }, spec: {} };
    const second = { ...lmsJob(), metadata: { name: 'lms-job', labels: { copy: 'second' } } };
    const mysql = { ...lmsJob(), apiVersion: 'batch/v1beta1', metadata: { name: 'mysql-job' } };
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'notes-job' }, spec: {} };
    const views = resourceSetOf([lmsJob(), generated, otherGroup, deployment, second, mysql, cronJob]).views();
    const templates = inputJobTemplates(views);
    expect([...templates.keys()]).toEqual(['lms-job', 'mysql-job']);
    expect(templates.get('lms-job')).toEqual({ object: views[0].object, view: views[0] });
    expect(templates.get('mysql-job')?.view).toBe(views[5]);
  });
});

describe('jobFromTemplate', () => {
  test("a copy with its own name, the given labels, Tutor's version annotation and the hook annotations only, the template's namespace, the limits of the settings, no status", () => {
    const job = build(lmsJob());
    expect(job).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'drydock-lms-job-0',
        namespace: 'jobs',
        labels: { ...LABELS, 'drydock.io/target-service': 'lms', 'drydock.io/runner-service': 'lms' },
        annotations: {
          'app.kubernetes.io/version': '22.0.0',
          'argocd.argoproj.io/hook': 'Sync',
          'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded,BeforeHookCreation',
          'argocd.argoproj.io/sync-wave': '1',
        },
      },
      spec: {
        backoffLimit: 1,
        ttlSecondsAfterFinished: 3600,
        activeDeadlineSeconds: 7200,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'lms', image: 'docker.io/overhangio/openedx:22.0.0', env: [{ name: 'SERVICE_VARIANT', value: 'lms' }, { name: 'DB_PASSWORD', value: 'plain' }, 'junk'], args: ['sh', '-e', '-c', 'echo hello'] }],
          },
        },
      },
    });
    expect(isResult(job as KubeObject)).toBe(false);
  });

  test("a template without a namespace: the instance's; the limits as set, no deadline when null", () => {
    const template = lmsJob();
    delete template.metadata.namespace;
    const job = build(template, { ...JOB, wave: 7 }, { initJobs: { backoffLimit: 3, ttlSecondsAfterFinished: 60, activeDeadlineSeconds: null } });
    expect(job.metadata.namespace).toBe('openedx');
    expect(job.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('7');
    expect(job.spec).toMatchObject({ backoffLimit: 3, ttlSecondsAfterFinished: 60 });
    expect(job.spec).not.toHaveProperty('activeDeadlineSeconds');
    expect(build(lmsJob(), JOB, { initJobs: { activeDeadlineSeconds: 600 } }).spec.activeDeadlineSeconds).toBe(600);
  });

  test('the script: after sh -e -c in args; in args alone behind command [sh, -e, -c] when the template has `command: []`; a command of the template kept; /bin/sh -c -e for bin-sh', () => {
    const containerOf = (job: Item): Item => job.spec.template.spec.containers[0];
    const withCommand = (command: string[]): Item => {
      const template = lmsJob();
      template.spec.template.spec.containers[0].command = command;
      return template;
    };
    expect(containerOf(build(withCommand([])))).toMatchObject({ command: ['sh', '-e', '-c'], args: ['echo hello'] });
    expect(containerOf(build(withCommand(['tini', '--'])))).toMatchObject({ command: ['tini', '--'], args: ['sh', '-e', '-c', 'echo hello'] });
    expect(containerOf(build(withCommand(['tini', '--']), { ...JOB, invocation: 'bin-sh' }))).toMatchObject({ command: ['/bin/sh', '-c', '-e'], args: ['echo hello'] });
    expect(containerOf(build(lmsJob(), { ...JOB, invocation: 'bin-sh' }))).toMatchObject({ command: ['/bin/sh', '-c', '-e'], args: ['echo hello'] });
  });

  test("variables from Secrets: an entry of the same name replaced, the others kept, the Secret's entries last; none given: the env as it was", () => {
    const secretEnv = [
      { name: 'DB_PASSWORD', secretName: 'db', key: 'password' },
      { name: 'API_TOKEN', secretName: 'api', key: 'token' },
    ];
    expect(build(lmsJob(), { ...JOB, secretEnv }).spec.template.spec.containers[0].env).toEqual([
      { name: 'SERVICE_VARIANT', value: 'lms' },
      'junk',
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
    ]);
    expect(build(lmsJob(), { ...JOB, secretEnv: [] }).spec.template.spec.containers[0].env).toEqual([{ name: 'SERVICE_VARIANT', value: 'lms' }, { name: 'DB_PASSWORD', value: 'plain' }, 'junk']);
    const noEnv = lmsJob();
    delete noEnv.spec.template.spec.containers[0].env;
    expect(build(noEnv, { ...JOB, secretEnv: [] }).spec.template.spec.containers[0]).not.toHaveProperty('env');
    expect(build(noEnv, { ...JOB, secretEnv: secretEnv.slice(1) }).spec.template.spec.containers[0].env).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }]);
  });

  test.each([
    ['no spec', { spec: undefined }],
    ['a pod template that is not a mapping', { spec: { template: null } }],
    ['no pod spec', { spec: { template: {} } }],
    ['containers not a list', { spec: { template: { spec: { containers: { name: 'lms' } } } } }],
    ['no containers', { spec: { template: { spec: { containers: [] } } } }],
    ['a first container that is not a mapping', { spec: { template: { spec: { containers: ['lms', { name: 'lms' }] } } } }],
    ['containers a mapping with a key 0', { spec: { template: { spec: { containers: { 0: { name: 'lms' } } } } } }],
  ])('a template with %s: an error naming it and the field, no Job', (_name, overrides) => {
    const result = build(lmsJob(overrides)) as unknown as Result;
    expect(isResult(result as unknown as KubeObject)).toBe(true);
    expect(result).toEqual(
      expect.objectContaining({
        severity: 'error',
        message: 'Job lms-job: spec.template.spec.containers: the job template has no container to run drydock-lms-job-0 in',
        tags: expect.objectContaining({ code: 'RESOURCE_INVALID' }),
        resourceRef: expect.objectContaining({ kind: 'Job', name: 'lms-job' }),
        field: expect.objectContaining({ path: 'spec.template.spec.containers' }),
      }),
    );
  });

  test('a template drydock-fn supplies itself (no input item): the error without a reference', () => {
    const settings = settingsOf();
    const views = resourceSetOf(tutorObjects()).views();
    const template: JobTemplate = { object: lmsJob({ spec: { template: { spec: { containers: [] } } } }) as KubeObject };
    expect(jobFromTemplate(template, JOB, settings, deriveTutorContext(views, settings))).toEqual({
      severity: 'error',
      message: 'Job lms-job: spec.template.spec.containers: the job template has no container to run drydock-lms-job-0 in',
      tags: { code: 'RESOURCE_INVALID' },
    });
  });
});

describe('isResult', () => {
  test('a result, not an object, even one with a top-level severity field', () => {
    expect(isResult({ severity: 'warning', message: 'm' } as unknown as KubeObject)).toBe(true);
    expect(isResult({ apiVersion: 'monitoring.example.com/v1', kind: 'Alert', metadata: { name: 'a' }, severity: 'high' } as unknown as KubeObject)).toBe(false);
    expect(isResult({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } })).toBe(false);
  });
});
