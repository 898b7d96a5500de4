/** The init Jobs: names, waves, labels, scripts, exclusions, inputs and their errors. */
import { runFunction } from '../../src/run';
import { initJobsFeature, mergeByPriority, NO_TASKS_MESSAGE } from '../../src/features/init-jobs';
import { mongodbInitScript, mongodbInitTask } from '../../src/features/lib/mongodb-init-task';
import { EXTRA_INIT_TASK_PROVIDERS } from '../../src/features/lib/init-task-providers';
import type { InitTaskProvider } from '../../src/features/lib/init-task-providers';
import type { InitTask } from '../../src/tutor/init-tasks';
import { tutorJobs } from '../../src/features/tutor-jobs';
import { syncWaves } from '../../src/features/sync-waves';
import { splitDocuments, wrapDocuments } from '../../src/io';
import { drydockConfig as fullConfig, drydockConfigMap as fullConfigMap, find, itemsOf, runOnManifests } from '../support/run';
import { CORE_TASKS, DEFAULT_MONGODB_PARAMETERS, smallTutor, tasksResource, withDocuments } from '../support/init-tasks';
import { sharedInTests } from '../support/shared-in-tests';
import { tutorObjects } from '../support/tutor-objects';
import { resourceSetOf, runFeature, settingsOf } from '../support/views';
import type { KubeObject } from '../../src/krm/types';
import { deriveTutorContext } from '../../src/tutor/context';

type Item = Record<string, any>;

// The small Tutor env holds what init Jobs need, not every ConfigMap the other features edit.
const drydockConfig = (spec: Record<string, unknown>): unknown => fullConfig({ validation: { skip: ['RESOURCE_MISSING'] }, ...spec });
const drydockConfigMap = (data: Record<string, string>): unknown => fullConfigMap({ 'validation.skip': '["RESOURCE_MISSING"]', ...data });

const ON = drydockConfig({ initJobs: { enabled: true } });
const MONGO_TUTOR = smallTutor({ deployments: ['mongodb'], mongodbParameters: DEFAULT_MONGODB_PARAMETERS });

function generatedJobs(output: string): Item[] {
  return itemsOf(output).filter((item) => item.kind === 'Job' && item.metadata.annotations?.['drydock.io/generated-by'] === 'drydock-fn');
}

function script(job: Item): string {
  const args = job.spec.template.spec.containers[0].args as string[];
  return args[args.length - 1];
}

describe('init Jobs from the TutorInitTasks resource', () => {
  // Computed in the first test that reads it (in each test under Stryker): see test/support/shared-in-tests.ts.
  const run = sharedInTests(() => {
    const outcome = runOnManifests(withDocuments(MONGO_TUTOR, tasksResource(CORE_TASKS, { tutorVersion: '22.0.0' })), ON);
    return { outcome, jobs: generatedJobs(outcome.output) };
  });

  test('runs cleanly', () => {
    const { outcome } = run();
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((result) => result.severity !== 'info')).toEqual([]);
  });

  test('one Job per task, with the MongoDB task after the HIGH tasks; i counts every task', () => {
    const { jobs } = run();
    expect(jobs.map((job) => job.metadata.name)).toEqual([
      'drydock-lms-job-0',
      'drydock-mongodb-job-1',
      'drydock-mysql-job-2',
      'drydock-lms-job-3',
      'drydock-lms-job-4',
      'drydock-cms-job-5',
    ]);
  });

  test('waves 1 + 2i, as strings, and the Sync hook annotations', () => {
    const { jobs } = run();
    for (const [index, job] of jobs.entries()) {
      const annotations = Object.fromEntries(Object.entries(job.metadata.annotations).filter(([key]) => !key.startsWith('internal.config.kubernetes.io/')));
      expect(annotations).toEqual({
        'app.kubernetes.io/version': '22.0.0',
        'argocd.argoproj.io/hook': 'Sync',
        'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded,BeforeHookCreation',
        'argocd.argoproj.io/sync-wave': String(1 + 2 * index),
        'drydock.io/generated-by': 'drydock-fn',
      });
    }
  });

  test("Drydock's labels: drydock-job component, target and runner service = the Job's own name", () => {
    const { jobs } = run();
    const job = find(jobs, 'Job', 'drydock-lms-job-3') as Item;
    expect(job.metadata.labels).toEqual({
      'app.kubernetes.io/instance': 'openedx-test',
      'app.kubernetes.io/part-of': 'openedx',
      'app.kubernetes.io/managed-by': 'tutor',
      'app.kubernetes.io/component': 'drydock-job',
      'drydock.io/target-service': 'drydock-lms-job-3',
      'drydock.io/runner-service': 'drydock-lms-job-3',
    });
    // Never Tutor's template label: Argo CD would skip the Job with the templates (Drydock bug #69).
    expect(jobs.every((item) => item.metadata.labels['app.kubernetes.io/component'] !== 'job')).toBe(true);
  });

  test('a copy of the template: image, env, mounts and volumes; sh -e -c with the script; limits', () => {
    const { outcome, jobs } = run();
    const job = find(jobs, 'Job', 'drydock-cms-job-5') as Item;
    const template = find(itemsOf(outcome.output), 'Job', 'cms-job') as Item;
    const container = job.spec.template.spec.containers[0];
    const templateContainer = template.spec.template.spec.containers[0];
    expect(container).toEqual({ ...templateContainer, args: ['sh', '-e', '-c', './manage.py cms migrate'] });
    expect(job.spec.template.spec.volumes).toEqual(template.spec.template.spec.volumes);
    expect(job.spec.template.metadata).toEqual(template.spec.template.metadata);
    expect(job.spec.backoffLimit).toBe(1);
    expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
    expect(job.metadata.namespace).toBe('openedx');
  });

  test("the MongoDB Job runs Drydock's script in the mongodb image", () => {
    const { jobs } = run();
    const job = find(jobs, 'Job', 'drydock-mongodb-job-1') as Item;
    expect(job.spec.template.spec.containers).toEqual([
      { name: 'mongodb', image: 'docker.io/mongo:7.0.35', args: ['sh', '-e', '-c', 'echo "Initialising MongoDB..."\nmongosh --host mongodb --port 27017  admin <<EOF\n  \n  \n  exit\nEOF'] },
    ]);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe('openedx-test');
  });

  test('the TutorInitTasks item passes through byte for byte', () => {
    const input = withDocuments(MONGO_TUTOR, tasksResource(CORE_TASKS));
    const wrapped = wrapDocuments(splitDocuments(input), ON);
    const output = runFunction(wrapped).output;
    const taskItem = (text: string): string => {
      const start = text.indexOf('- apiVersion: drydock.io/v1alpha1\n  kind: TutorInitTasks');
      const end = text.slice(start + 1).search(/\n(- |\S)/) + start + 1;
      return text.slice(start, end);
    };
    expect(taskItem(wrapped)).toContain('command: ./manage.py cms migrate');
    expect(taskItem(output)).toBe(taskItem(wrapped));
  });

  test('idempotent: a second run changes nothing', () => {
    const { outcome } = run();
    const second = runFunction(outcome.output);
    expect(second.exitCode).toBe(0);
    expect(second.output).toBe(outcome.output);
  });

  test('switched off later (kpt keeps generated files), the Jobs go', () => {
    const { outcome } = run();
    const off = runFunction(outcome.output.replace(/initJobs:\n\s+enabled: true/, 'initJobs:\n      enabled: false'));
    expect(off.output).not.toBe(outcome.output);
    expect(generatedJobs(off.output)).toEqual([]);
  });
});

describe('templates', () => {
  test('command: [] in the template: command sh -e -c, the script as the only arg', () => {
    const manifests = smallTutor({ emptyCommand: ['cms-job'] });
    expect(manifests).toContain('command: []');
    const outcome = runOnManifests(withDocuments(manifests, tasksResource(CORE_TASKS)), ON);
    const container = (find(generatedJobs(outcome.output), 'Job', 'drydock-cms-job-4') as Item).spec.template.spec.containers[0];
    expect(container.command).toEqual(['sh', '-e', '-c']);
    expect(container.args).toEqual(['./manage.py cms migrate']);
  });

  test('annotations are replaced: no template or orchestrator annotation is copied', () => {
    const manifests = smallTutor().replace(
      /(name: lms-job\n\s+namespace: openedx\n[\s\S]*?annotations:\n)/,
      "$1    custom.example.com/note: kept-on-template\n    kustomize.config.k8s.io/id: |\n      kind: Job\n    config.k8s.io/id: '7'\n    internal.config.kubernetes.io/path: k8s/jobs.yml\n    config.kubernetes.io/index: '3'\n",
    );
    expect(manifests).toContain('custom.example.com/note');
    const outcome = runOnManifests(withDocuments(manifests, tasksResource(CORE_TASKS)), ON);
    expect(outcome.exitCode).toBe(0);
    const job = find(generatedJobs(outcome.output), 'Job', 'drydock-lms-job-0') as Item;
    const keys = Object.keys(job.metadata.annotations);
    expect(keys).not.toContain('custom.example.com/note');
    expect(keys.filter((key) => /kustomize\.config|config\.k8s\.io\/id|^config\.kubernetes\.io/.test(key))).toEqual([]);
    expect(job.metadata.annotations['internal.config.kubernetes.io/path']).toBe('drydock-fn/job_drydock-lms-job-0.yaml');
  });

  test("the template's own labels are kept on the generated Job, its component label replaced", () => {
    const labels = { 'app.kubernetes.io/instance': 'openedx-test', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor', 'app.kubernetes.io/component': 'job', 'team.example.com/owner': 'data' };
    const mysqlJob = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'mysql-job', namespace: 'openedx', labels }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'mysql', image: 'docker.io/mysql:8.4.9' }] } } } };
    const outcome = runOnManifests(withDocuments(smallTutor({ withoutTemplates: ['mysql-job'] }), mysqlJob, tasksResource(CORE_TASKS)), ON);
    expect(outcome.exitCode).toBe(0);
    expect((find(generatedJobs(outcome.output), 'Job', 'drydock-mysql-job-1') as Item).metadata.labels).toEqual({
      'app.kubernetes.io/instance': 'openedx-test',
      'app.kubernetes.io/part-of': 'openedx',
      'app.kubernetes.io/managed-by': 'tutor',
      'app.kubernetes.io/component': 'drydock-job',
      'team.example.com/owner': 'data',
      'drydock.io/target-service': 'drydock-mysql-job-1',
      'drydock.io/runner-service': 'drydock-mysql-job-1',
    });
  });

  test('a task whose template is missing: a warning, the others keep their index', () => {
    const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource([...CORE_TASKS, { service: 'notes', priority: 10, command: 'x' }])), ON);
    expect(outcome.exitCode).toBe(0);
    expect(generatedJobs(outcome.output).map((job) => job.metadata.name)).toEqual(['drydock-lms-job-0', 'drydock-mysql-job-1', 'drydock-lms-job-2', 'drydock-lms-job-3', 'drydock-cms-job-4']);
    expect(outcome.diagnostics).toEqual(['drydock-fn: warning: init task 5 (service notes) has no notes-job template in the input: drydock-notes-job-5 is not generated']);
    expect(outcome.results.filter((result) => result.severity === 'warning').map((result) => result.tags)).toEqual([{ code: 'RESOURCE_MISSING' }]);
  });

  test('a template without containers is an error naming the item and the field; the input comes back unchanged', () => {
    const manifests = smallTutor({ withoutTemplates: ['mysql-job'] });
    const broken = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'mysql-job', namespace: 'openedx' }, spec: { template: { spec: { containers: [] } } } };
    const input = withDocuments(manifests, broken, tasksResource(CORE_TASKS));
    const wrapped = wrapDocuments(splitDocuments(input), ON);
    const outcome = runFunction(wrapped);
    expect(outcome.exitCode).toBe(1);
    const error = outcome.results.find((result) => result.severity === 'error');
    expect(error).toMatchObject({ resourceRef: { kind: 'Job', name: 'mysql-job' }, field: { path: 'spec.template.spec.containers' } });
    expect(itemsOf(outcome.output)).toEqual(itemsOf(wrapped));
  });
});

describe('exclusions', () => {
  test('by template name (every task of the service) and by generated name; names and waves do not move', () => {
    const config = drydockConfigMap({ DRYDOCK_INIT_JOBS: 'true', DRYDOCK_INIT_JOBS_EXCLUDED: '["mysql-job", "drydock-lms-job-3"]' });
    const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource(CORE_TASKS)), config);
    expect(outcome.exitCode).toBe(0);
    const jobs = generatedJobs(outcome.output);
    expect(jobs.map((job) => [job.metadata.name, job.metadata.annotations['argocd.argoproj.io/sync-wave']])).toEqual([
      ['drydock-lms-job-0', '1'],
      ['drydock-lms-job-2', '5'],
      ['drydock-cms-job-4', '9'],
    ]);
  });

  test('an entry that matches nothing is a warning', () => {
    const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource(CORE_TASKS)), drydockConfig({ initJobs: { enabled: true, excluded: ['mysql', 'drydock-lms-job-0'] } }));
    expect(outcome.exitCode).toBe(0);
    expect(outcome.diagnostics).toEqual([
      'drydock-fn: warning: initJobs.excluded (DRYDOCK_INIT_JOBS_EXCLUDED): "mysql" matches no init Job: use a template name such as mysql-job or a generated name such as drydock-lms-job-0',
    ]);
    expect(outcome.results.filter((result) => result.severity === 'warning').map((result) => result.tags)).toEqual([{ code: 'CONFIG_SETTING' }]);
  });
});

describe('where the tasks come from', () => {
  test('inline in the config', () => {
    const outcome = runOnManifests(smallTutor(), drydockConfig({ initJobs: { enabled: true, tasks: [{ service: 'mysql', command: 'echo hi' }] } }));
    expect(outcome.exitCode).toBe(0);
    expect(generatedJobs(outcome.output).map((job) => [job.metadata.name, script(job)])).toEqual([['drydock-mysql-job-0', 'echo hi']]);
  });

  test('an inline task without a command is an error', () => {
    const outcome = runOnManifests(smallTutor(), drydockConfig({ initJobs: { enabled: true, tasks: [{ service: 'mysql' }] } }));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([{ severity: 'error', message: 'spec.initJobs.tasks[0].command: required', field: { path: 'spec.initJobs.tasks[0].command' }, tags: { code: 'CONFIG_INVALID_VALUE' } }]);
  });

  test('the resource wins over the config, with an info result', () => {
    const config = drydockConfig({ initJobs: { enabled: true, tasks: [{ service: 'mysql', command: 'echo inline' }] } });
    const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource([{ service: 'cms', command: 'echo resource' }])), config);
    expect(generatedJobs(outcome.output).map((job) => job.metadata.name)).toEqual(['drydock-cms-job-0']);
    // Only results about the tasks (other default features may report on this small deployment).
    expect(outcome.results.filter((result) => /init|task/i.test(result.message))).toEqual([
      expect.objectContaining({ severity: 'info', message: expect.stringContaining('spec.initJobs.tasks in the config are ignored'), resourceRef: expect.objectContaining({ kind: 'TutorInitTasks' }) }),
    ]);
  });

  test('no tasks at all: an error that says how to provide them; the items come back unchanged', () => {
    const wrapped = wrapDocuments(splitDocuments(smallTutor()), ON);
    const outcome = runFunction(wrapped);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([{ severity: 'error', message: NO_TASKS_MESSAGE, tags: { code: 'RESOURCE_MISSING' } }]);
    expect(NO_TASKS_MESSAGE).toMatch(/Tutor plugin.*tutor config save.*TutorInitTasks.*spec\.initJobs\.tasks/);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(wrapped));
  });

  test('init Jobs off: the tasks are ignored and nothing is generated', () => {
    const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource(CORE_TASKS)));
    expect(outcome.exitCode).toBe(0);
    expect(generatedJobs(outcome.output)).toEqual([]);
  });

  test.each([
    ['a wrong apiVersion', { ...(tasksResource(CORE_TASKS) as Item), apiVersion: 'drydock.io/v1' }, 'apiVersion', /unsupported apiVersion "drydock.io\/v1": use drydock.io\/v1alpha1/],
    ['a task without a command', tasksResource([CORE_TASKS[0], { service: 'lms' }]), 'spec.tasks[1].command', /required: the rendered shell script/],
    ['an empty command', tasksResource([{ service: 'lms', command: '' }]), 'spec.tasks[0].command', /expected a non-empty string/],
    ['a service that is no name', tasksResource([{ service: 'LMS job', command: 'x' }]), 'spec.tasks[0].service', /expected a DNS label/],
    ['a misspelt task field', tasksResource([{ service: 'lms', comand: 'x', command: 'y' }]), 'spec.tasks[0].comand', /unknown field "comand" \(did you mean command\?\)/],
    ['a misspelt spec field', { ...(tasksResource([]) as Item), spec: { task: [] } }, 'spec.task', /did you mean spec.tasks\?/],
    ['tasks that are not a list', { ...(tasksResource([]) as Item), spec: { tasks: 'lms' } }, 'spec.tasks', /expected a list/],
    ['a priority that is no integer', tasksResource([{ service: 'lms', command: 'x', priority: 'high' }]), 'spec.tasks[0].priority', /expected an integer/],
  ])('%s: an error naming the item and the field, exit 1, items unchanged', (_name, resource, field, message) => {
    const wrapped = wrapDocuments(splitDocuments(withDocuments(smallTutor(), resource as object)), ON);
    const outcome = runFunction(wrapped);
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors.map((result) => result.field?.path)).toContain(field);
    const error = errors.find((result) => result.field?.path === field);
    expect(error?.resourceRef).toMatchObject({ kind: 'TutorInitTasks', name: 'tutor-init-tasks' });
    expect(error?.message).toMatch(message);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(wrapped));
  });

  test('two TutorInitTasks items: an error on the second', () => {
    const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource(CORE_TASKS), tasksResource(CORE_TASKS, { name: 'other' })), ON);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([
      expect.objectContaining({ resourceRef: expect.objectContaining({ name: 'other' }), message: expect.stringContaining('more than one TutorInitTasks') }),
    ]);
  });

  test('a resource without the local-config annotation: a warning (kustomize would deploy it)', () => {
    const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource(CORE_TASKS, { annotations: {} })), ON);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.diagnostics).toEqual([expect.stringMatching(/^drydock-fn: warning: TutorInitTasks tutor-init-tasks: metadata.annotations: is not annotated config.kubernetes.io\/local-config/)]);
  });

  test('tasks of another Tutor release than the manifests: a warning', () => {
    const outcome = runOnManifests(withDocuments(smallTutor({ version: '21.0.8' }), tasksResource(CORE_TASKS, { tutorVersion: '22.0.0' })), ON);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((result) => result.severity === 'warning')).toEqual([
      {
        severity: 'warning',
        tags: { code: 'RESOURCE_INVALID' },
        message: 'the init tasks (TutorInitTasks tutor-init-tasks) were rendered by Tutor 22.0.0 but the manifests are Tutor 21.0.8: run `tutor config save` again so both come from the same release',
      },
    ]);
  });

  test.each([
    ['another minor and patch release', '22.1.3', '22.0.0'],
    ['a leading v', '22.0.1', 'v22.0.0'],
  ])('tasks of the same major release (%s): no warning', (_name, manifests, tasks) => {
    const outcome = runOnManifests(withDocuments(smallTutor({ version: manifests }), tasksResource(CORE_TASKS, { tutorVersion: tasks })), ON);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((result) => result.severity === 'warning')).toEqual([]);
  });

  test.each([
    ['a version that is no number', 'nightly'],
    ['a number inside another word', 'release-22.0.0'],
  ])('tasks of %s: compared whole, so another release than 22.0.0: a warning', (_name, tasks) => {
    const outcome = runOnManifests(withDocuments(smallTutor({ version: '22.0.0' }), tasksResource(CORE_TASKS, { tutorVersion: tasks })), ON);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((result) => result.severity === 'warning').map((result) => result.message)).toEqual([expect.stringContaining(`were rendered by Tutor ${tasks} but the manifests are Tutor 22.0.0`)]);
  });
});

describe("Drydock's MongoDB task", () => {
  const run = (manifests: string, spec: object = {}, tasks: readonly object[] = CORE_TASKS) =>
    runOnManifests(withDocuments(manifests, tasksResource(tasks)), drydockConfig({ initJobs: { enabled: true, ...spec } }));

  test('only when MongoDB is part of the deployment', () => {
    expect(generatedJobs(run(smallTutor()).output).map((job) => job.metadata.name)).not.toContain('drydock-mongodb-job-1');
    expect(generatedJobs(run(smallTutor({ deployments: ['mongodb'] })).output).map((job) => job.metadata.name)).toContain('drydock-mongodb-job-1');
  });

  test('switched off by initJobs.mongodbTask', () => {
    const names = generatedJobs(run(MONGO_TUTOR, { mongodbTask: false }).output).map((job) => job.metadata.name);
    expect(names).toEqual(['drydock-lms-job-0', 'drydock-mysql-job-1', 'drydock-lms-job-2', 'drydock-lms-job-3', 'drydock-cms-job-4']);
  });

  test('not added twice when the tasks already hold a mongodb task (Drydock installed in Tutor): that one runs, in our template', () => {
    const tasks = [CORE_TASKS[0], { service: 'mongodb', priority: 5, command: 'echo from drydock' }, ...CORE_TASKS.slice(1)];
    const jobs = generatedJobs(run(MONGO_TUTOR, {}, tasks).output);
    expect(jobs.filter((job) => job.metadata.name.startsWith('drydock-mongodb-job')).map((job) => [job.metadata.name, script(job), job.spec.template.spec.containers[0].image])).toEqual([
      ['drydock-mongodb-job-1', 'echo from drydock', 'docker.io/mongo:7.0.35'],
    ]);
  });

  test('an external MongoDB (no mongodb Deployment): a warning until the image is given', () => {
    const external = smallTutor({ mongodbParameters: DEFAULT_MONGODB_PARAMETERS.replace('"host": "mongodb"', '"host": "mongo.example.com"') });
    const withoutImage = run(external);
    expect(withoutImage.exitCode).toBe(0);
    expect(withoutImage.diagnostics).toEqual([expect.stringContaining('set spec.tutor.images.mongodb (DOCKER_IMAGE_MONGODB)')]);
    const withImage = runOnManifests(withDocuments(external, tasksResource(CORE_TASKS)), drydockConfig({ initJobs: { enabled: true }, tutor: { images: { mongodb: 'mongo:7.0' } } }));
    const job = find(generatedJobs(withImage.output), 'Job', 'drydock-mongodb-job-1') as Item;
    expect(job.spec.template.spec.containers[0].image).toBe('mongo:7.0');
    expect(script(job)).toContain('mongosh --host mongo.example.com --port 27017');
  });

  test('Tutor ≤ 17: the mongo shell, as Drydock 17', () => {
    const job = find(generatedJobs(run(smallTutor({ version: '17.0.6', deployments: ['mongodb'], mongodbParameters: DEFAULT_MONGODB_PARAMETERS })).output), 'Job', 'drydock-mongodb-job-1') as Item;
    expect(script(job)).toBe('echo "Initialising MongoDB..."\nmongo --host mongodb  admin <<EOF\n  \n  \n  exit\nEOF');
  });

  test('a user with the forum: both roles, root credentials, replica set and port from the settings', () => {
    const parameters = DEFAULT_MONGODB_PARAMETERS.replace('"user": None', '"user": "openedx"')
      .replace('"password": None', '"password": "pw1"')
      .replace('"replicaSet": None', '"replicaSet": "rs0"')
      .replace('"port": 27017', '"port": 27018');
    const manifests = smallTutor({ deployments: ['mongodb', 'forum'], mongodbParameters: parameters });
    const outcome = run(manifests, { mongodbRootUsername: 'root', mongodbRootPassword: 'rootpw' });
    const job = find(generatedJobs(outcome.output), 'Job', 'drydock-mongodb-job-1') as Item;
    expect(script(job)).toBe(
      [
        'echo "Initialising MongoDB..."',
        'mongosh --host rs0/mongodb --port 27018 -u root -p rootpw admin <<EOF',
        '  ',
        '  if (db.getUser("openedx") == null) {',
        '    db.createUser({',
        '        user: "openedx",',
        '        pwd:  "pw1",',
        '        roles: [',
        '          { role: "readWrite", db: "openedx" },',
        '          { role: "readWrite", db: "cs_comments_service" },',
        '        ]',
        '    })',
        '  } else {',
        '    db.updateUser("openedx", {',
        '      pwd: "pw1",',
        '      roles: [',
        '        { role: "readWrite", db: "openedx" },',
        '        { role: "readWrite", db: "cs_comments_service" },',
        '      ]',
        '    })',
        '  }',
        '  ',
        '  ',
        '  exit',
        'EOF',
      ].join('\n'),
    );
    expect(JSON.stringify(outcome.results)).not.toContain('rootpw');
  });

  test('a host in the manifests no shell word can carry (NUL): an error naming the settings ConfigMap, never the value', () => {
    const manifests = smallTutor({ deployments: ['mongodb'], mongodbParameters: DEFAULT_MONGODB_PARAMETERS.replace('"host": "mongodb"', '"host": "mongo\u0000hidden"') });
    // A YAML escape in the manifests, a NUL in the settings text drydock-fn reads.
    expect(manifests).toMatch(/\\0|\\x00|\\u0000/);
    const outcome = run(manifests);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([
      expect.objectContaining({ tags: { code: 'RESOURCE_INVALID' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap' }), field: { path: 'data["production.py"]' } }),
    ]);
    expect(JSON.stringify(outcome.results)).not.toContain('hidden');
  });

  test('MongoDB settings changed after the literal by statements drydock-fn does not evaluate: an error naming production.py, never the old host; a key assignment is followed', () => {
    const changed = (lines: string) => smallTutor({ deployments: ['mongodb'], mongodbParameters: DEFAULT_MONGODB_PARAMETERS, lmsSettings: lines });
    for (const lines of ['mongodb_parameters.update({"host": "mongo-ha.example.net"})\n', 'DOC_STORE_CONFIG = {"host": "mongo-ha.example.net"}\n', 'mongodb_parameters["password"] = "p\\N{DIGIT ONE}x"\n']) {
      const outcome = run(changed(lines));
      expect(outcome.exitCode).toBe(1);
      expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([
        expect.objectContaining({ tags: { code: 'RESOURCE_INVALID' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap' }), field: { path: 'data["production.py"]' }, message: expect.stringContaining('mongodb_parameters') }),
      ]);
      expect(JSON.stringify(outcome.results)).not.toMatch(/mongo-ha|p\\\\N/);
    }
    const job = find(generatedJobs(run(changed('mongodb_parameters["host"] = "mongo-ha.example.net"\n')).output), 'Job', 'drydock-mongodb-job-1') as Item;
    expect(script(job)).toContain('mongosh --host mongo-ha.example.net --port 27017');
  });
});

describe('mongodbInitScript', () => {
  const connection = { host: 'mongodb', port: 27017, database: 'openedx' };

  test('the mongo shell gets the port and replica set when they are not the defaults (Drydock 17 omits them)', () => {
    expect(mongodbInitScript({ connection: { ...connection, port: 27018, replicaSet: 'rs0' }, client: 'mongo' }).split('\n')[1]).toBe('mongo --host rs0/mongodb --port 27018  admin <<EOF');
    expect(mongodbInitScript({ connection, client: 'mongo', rootUsername: 'r', rootPassword: 'p' }).split('\n')[1]).toBe('mongo --host mongodb  -u r -p p  admin <<EOF');
  });

  test('root credentials only when both are set', () => {
    expect(mongodbInitScript({ connection, client: 'mongosh', rootUsername: 'root' }).split('\n')[1]).toBe('mongosh --host mongodb --port 27017  admin <<EOF');
  });

  test('values that would break the shell or JavaScript are escaped and the here-document quoted', () => {
    const text = mongodbInitScript({ connection: { ...connection, username: 'u', password: 'p"$(x)' }, client: 'mongosh', rootUsername: 'root', rootPassword: "it's $HOME" });
    expect(text.split('\n')[1]).toBe(`mongosh --host mongodb --port 27017 -u root -p 'it'\\''s $HOME' admin <<'EOF'`);
    expect(text).toContain('pwd:  "p\\"$(x)",');
  });
});

describe('task order', () => {
  const task = (service: string, priority: number | null, filter: string | null = 'CLI_DO_INIT_TASKS'): InitTask => ({ service, command: service, priority, filter });

  test.each([
    ['HIGH: after the HIGH tasks', [task('a', 5), task('b', 10)], task('x', 5), ['a', 'x', 'b']],
    ['LOW: after every main task, before COMMANDS_INIT', [task('p', 10, 'COMMANDS_PRE_INIT'), task('a', 5), task('b', 10), task('z', 10, 'COMMANDS_INIT')], task('x', 50), ['p', 'a', 'b', 'x', 'z']],
    ['HIGH with no HIGH task: after COMMANDS_PRE_INIT', [task('p', 10, 'COMMANDS_PRE_INIT'), task('b', 10)], task('x', 5), ['p', 'x', 'b']],
    ['unknown priorities count as DEFAULT', [task('a', null, null), task('b', null, null)], task('x', 5), ['x', 'a', 'b']],
    ['no main task at all', [task('p', 10, 'COMMANDS_PRE_INIT'), task('z', 10, 'COMMANDS_INIT')], task('x', 5), ['p', 'x', 'z']],
    // The two fallbacks differ only where the first main task is not right after the COMMANDS_PRE_INIT tasks.
    ['HIGH with no HIGH task: before the first main task, behind a task of another filter', [task('p', 10, 'COMMANDS_PRE_INIT'), task('o', 10, 'OTHER'), task('b', 10)], task('x', 5), ['p', 'o', 'x', 'b']],
    ['HIGH with no HIGH task: before the first main task, even when it comes first', [task('b', 10), task('p', 10, 'COMMANDS_PRE_INIT')], task('x', 5), ['x', 'b', 'p']],
    ['no main task: after as many tasks as there are COMMANDS_PRE_INIT tasks', [task('p', 10, 'COMMANDS_PRE_INIT'), task('q', 10, 'COMMANDS_PRE_INIT'), task('z', 10, 'COMMANDS_INIT')], task('x', 5), ['p', 'q', 'x', 'z']],
    // Where the last task is not right after the COMMANDS_PRE_INIT ones: "before the last task" would read the same above.
    ['no main task, two COMMANDS_INIT tasks: still right after the COMMANDS_PRE_INIT tasks', [task('p', 10, 'COMMANDS_PRE_INIT'), task('y', 10, 'COMMANDS_INIT'), task('z', 10, 'COMMANDS_INIT')], task('x', 5), ['p', 'x', 'y', 'z']],
  ])('%s', (_name, tasks, added, order) => {
    expect(mergeByPriority(tasks, added).map((entry) => entry.service)).toEqual(order);
  });
});

describe('the extension point for other features', () => {
  test('holds the backup tasks; the MongoDB task is not in it (it runs first, always)', () => {
    expect(EXTRA_INIT_TASK_PROVIDERS.map((provider) => provider.name)).toEqual(['backup-init-tasks']);
  });

  test("the backup tasks join Tutor's CLI_DO_INIT_TASKS; none while the backups use Tutor's own users", () => {
    const [backupTasks] = EXTRA_INIT_TASK_PROVIDERS;
    const contributionOf = (backups: Record<string, unknown>) => {
      const settings = settingsOf({ initJobs: { enabled: true }, backups: { enabled: true, storage: { bucket: 'b' }, ...backups } });
      return backupTasks.contribute({ settings, tutor: deriveTutorContext(resourceSetOf(tutorObjects()).views(), settings), tasks: [], settingResult: () => { throw new Error('no setting result expected'); } });
    };
    const contribution = contributionOf({ mysql: { username: 'backup', password: 'pw' } });
    expect(contribution.results).toEqual([]);
    expect(contribution.tasks.map((entry) => [entry.service, entry.filter])).toEqual([['mysql', 'CLI_DO_INIT_TASKS']]);
    expect(contributionOf({}).tasks).toEqual([]);
  });

  test("a provider's HIGH tasks go after the MongoDB task, in its own template when Tutor has none", () => {
    const backupUsers: InitTaskProvider = {
      name: 'backup-users',
      contribute: ({ tasks }) => ({
        tasks: [{ service: 'mongodb-backup', command: `echo after ${tasks.map((entry) => entry.service).join(',')}`, priority: 5, filter: 'CLI_DO_INIT_TASKS' }],
        templates: {
          'mongodb-backup': { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'mongodb-backup-job' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'mongodb', image: 'mongo:7' }] } } } },
        },
      }),
    };
    const features = [tutorJobs, initJobsFeature([mongodbInitTask, backupUsers]), syncWaves];
    const input = wrapDocuments(splitDocuments(withDocuments(MONGO_TUTOR, tasksResource(CORE_TASKS))), ON);
    const outcome = runFunction(input, { features });
    expect(outcome.exitCode).toBe(0);
    const jobs = generatedJobs(outcome.output);
    expect(jobs.slice(0, 3).map((job) => job.metadata.name)).toEqual(['drydock-lms-job-0', 'drydock-mongodb-job-1', 'drydock-mongodb-backup-job-2']);
    const backup = jobs[2];
    expect(script(backup)).toBe('echo after lms,mongodb,mysql,lms,lms,cms');
    expect(backup.metadata.namespace).toBe('openedx');
    expect(backup.metadata.labels['app.kubernetes.io/instance']).toBe('openedx-test');
  });

  test("a provider's error stops the run with the items unchanged", () => {
    const failing: InitTaskProvider = { name: 'failing', contribute: () => ({ tasks: [], results: [{ severity: 'error', message: 'backups: bad settings' }] }) };
    const input = wrapDocuments(splitDocuments(withDocuments(MONGO_TUTOR, tasksResource(CORE_TASKS))), ON);
    const outcome = runFunction(input, { features: [initJobsFeature([failing])] });
    expect(outcome.exitCode).toBe(1);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(input));
  });

  test("a provider's error is the only result: the tasks are not looked at further (no warning about a missing template)", () => {
    const failing: InitTaskProvider = { name: 'failing', contribute: () => ({ tasks: [{ service: 'nowhere', command: 'echo', priority: 50, filter: 'CLI_DO_INIT_TASKS' }], results: [{ severity: 'error', message: 'backups: bad settings' }] }) };
    const input = wrapDocuments(splitDocuments(withDocuments(MONGO_TUTOR, tasksResource(CORE_TASKS, { tutorVersion: '22.0.0' }))), ON);
    const outcome = runFunction(input, { features: [initJobsFeature([failing])] });
    expect(outcome.results).toEqual([{ severity: 'error', message: 'backups: bad settings' }]);
  });
});

describe('Job names the API server would refuse', () => {
  // drydock-<service>-job-<i> holds 14 characters around a one-digit index: a service of 50 makes 64, one over the limit.
  const LONG = 's'.repeat(50);
  const tooLong = (index: number): string => `init task ${index} (service ${LONG}) would be the Job drydock-${LONG}-job-${index}, which has 64 characters; Kubernetes takes 63 (the job-name label of its pods holds it): use a shorter service name and its template`;

  test('a task of the config: an error naming its service field, no Job, the items unchanged', () => {
    const input = wrapDocuments(splitDocuments(smallTutor()), drydockConfig({ initJobs: { enabled: true, tasks: [{ service: 'mysql', command: 'echo a' }, { service: LONG, command: 'echo b' }] } }));
    const outcome = runFunction(input, { features: [initJobsFeature([])] });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([{ severity: 'error', message: `DrydockConfig drydock: spec.initJobs.tasks[1].service: ${tooLong(1)}`, field: { path: 'spec.initJobs.tasks[1].service' }, tags: { code: 'CONFIG_SETTING' }, resourceRef: expect.objectContaining({ kind: 'DrydockConfig' }) }]);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(input));
  });

  test('a task of the TutorInitTasks resource: an error on that item and its spec.tasks[i].service', () => {
    const input = wrapDocuments(splitDocuments(withDocuments(smallTutor(), tasksResource([{ service: LONG, command: 'echo a' }]))), ON);
    const outcome = runFunction(input, { features: [initJobsFeature([])] });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([expect.objectContaining({ severity: 'error', message: tooLong(0), field: { path: 'spec.tasks[0].service' }, resourceRef: expect.objectContaining({ kind: 'TutorInitTasks' }) })]);
  });

  test('a task another feature contributes: an error without a field (no setting or item holds it)', () => {
    const provider: InitTaskProvider = { name: 'long', contribute: () => ({ tasks: [{ service: LONG, command: 'echo b', priority: 50, filter: 'CLI_DO_INIT_TASKS' }] }) };
    const input = wrapDocuments(splitDocuments(withDocuments(smallTutor(), tasksResource([{ service: 'mysql', command: 'echo a' }]))), ON);
    const outcome = runFunction(input, { features: [initJobsFeature([provider])] });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([{ severity: 'error', message: tooLong(1), tags: { code: 'RESOURCE_INVALID' } }]);
  });
});

describe('init Jobs, the feature alone', () => {
  /** The objects of a small Tutor env and a TutorInitTasks resource, as the feature sees them. */
  const objectsOf = (manifests: string, ...documents: object[]): Record<string, unknown>[] => itemsOf(wrapDocuments(splitDocuments(withDocuments(manifests, ...documents)), ON));
  const template = (image: string): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'backup-job' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'backup', image }] } } } });
  const backupTask: InitTask = { service: 'backup', command: 'echo backup', priority: 50, filter: 'CLI_DO_INIT_TASKS' };

  test('manifests without a Tutor version and tasks with one: no version warning, the Jobs generated', () => {
    const objects = objectsOf(smallTutor(), tasksResource(CORE_TASKS, { tutorVersion: '22.0.0' })).map((object: Item) => {
      if (object.metadata?.annotations) delete object.metadata.annotations['app.kubernetes.io/version'];
      return object;
    });
    const output = runFeature(initJobsFeature([]), objects, { initJobs: { enabled: true } });
    expect(output.results.filter((result) => result.severity !== 'info')).toEqual([]);
    expect(output.changes).toHaveLength(CORE_TASKS.length);
  });

  test("a provider's result about a setting names the setting as the config holds it", () => {
    const provider: InitTaskProvider = { name: 'checks', contribute: ({ settingResult }) => ({ tasks: [], results: [settingResult('warning', ['initJobs', 'excluded', 0], 'a note')] }) };
    const output = runFeature(initJobsFeature([provider]), objectsOf(smallTutor(), tasksResource(CORE_TASKS)), { initJobs: { enabled: true } });
    expect(output.results.filter((result) => result.severity === 'warning')).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('a note'), field: { path: 'spec.initJobs.excluded[0]' } }),
    ]);
  });

  test('two providers with a template for one service: the first one\'s is used', () => {
    const first: InitTaskProvider = { name: 'first', contribute: () => ({ tasks: [backupTask], templates: { backup: template('first:1') } }) };
    const second: InitTaskProvider = { name: 'second', contribute: () => ({ tasks: [], templates: { backup: template('second:1') } }) };
    const output = runFeature(initJobsFeature([first, second]), objectsOf(smallTutor(), tasksResource(CORE_TASKS)), { initJobs: { enabled: true } });
    const job = output.objects.find((object) => object.kind === 'Job' && object.metadata.name === 'drydock-backup-job-5') as Item;
    expect(job.spec.template.spec.containers[0].image).toBe('first:1');
  });

  test('a task of a filter whose template is missing: the warning names its filter', () => {
    const provider: InitTaskProvider = { name: 'nowhere', contribute: () => ({ tasks: [{ ...backupTask, service: 'nowhere' }] }) };
    const output = runFeature(initJobsFeature([provider]), objectsOf(smallTutor(), tasksResource(CORE_TASKS)), { initJobs: { enabled: true } });
    expect(output.results.filter((result) => result.severity === 'warning').map((result) => result.message)).toEqual([
      'init task 5 (service nowhere, CLI_DO_INIT_TASKS) has no nowhere-job template in the input: drydock-nowhere-job-5 is not generated',
    ]);
  });

  test('a template without containers: the error, and no change at all (not even the other Jobs)', () => {
    const broken = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'mysql-job', namespace: 'openedx' }, spec: { template: { spec: { containers: [] } } } };
    const output = runFeature(initJobsFeature([]), objectsOf(smallTutor({ withoutTemplates: ['mysql-job'] }), broken, tasksResource(CORE_TASKS)), { initJobs: { enabled: true } });
    expect(output.results.filter((result) => result.severity === 'error')).toEqual([expect.objectContaining({ field: { path: 'spec.template.spec.containers' } })]);
    expect(output.changes).toEqual([]);
  });
});
