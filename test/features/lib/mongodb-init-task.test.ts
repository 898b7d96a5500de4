/**
 * Drydock's MongoDB init task as a provider of the init Jobs (src/features/lib/mongodb-init-task.ts):
 * when it contributes a task, a `mongodb-job` template, both or neither, and the errors of its
 * settings. test/features/init-jobs.test.ts runs it through the whole function.
 */
import { MONGODB_ROOT_PASSWORD_ENV, mongodbInitScript, mongodbInitTask, mongodbJobTemplate } from '../../../src/features/lib/mongodb-init-task';
import type { InitTask } from '../../../src/tutor/init-tasks';
import { PRIORITY_HIGH } from '../../../src/tutor/init-tasks';
import { deriveTutorContext } from '../../../src/tutor/context';
import { tutorObjects } from '../../support/tutor-objects';
import type { TutorObjectsOptions } from '../../support/tutor-objects';
import { resourceSetOf, settingsOf } from '../../support/views';
import { mongoshArguments } from '../../support/client-parsers';
import { runWithStubClients } from '../../support/job-scripts';

type Item = Record<string, any>;

/** What the provider contributes for Tutor's test manifests (edited by `edit`) and these initJobs settings. */
function contribute(initJobs: Record<string, unknown> = {}, options: { objects?: Item[]; tasks?: InitTask[]; tutor?: Record<string, unknown>; manifest?: TutorObjectsOptions } = {}) {
  const settings = settingsOf({ initJobs: { enabled: true, ...initJobs }, ...(options.tutor ? { tutor: options.tutor } : {}) });
  const tutor = deriveTutorContext(resourceSetOf(options.objects ?? tutorObjects(options.manifest)).views(), settings);
  return mongodbInitTask.contribute({ settings, tutor, tasks: options.tasks ?? [], settingResult: (severity, path, message) => ({ severity, message: `${path.join('.')}: ${message}` }) });
}
const withoutMongodb = (objects: Item[]): Item[] => objects.filter((object) => !(object.kind === 'Deployment' && object.metadata.name === 'mongodb'));
const withoutSettings = (objects: Item[]): Item[] => objects.filter((object) => !(object.kind === 'ConfigMap' && object.metadata.name.startsWith('openedx-settings-lms')));

describe('the MongoDB init task', () => {
  test("Tutor's mongodb Deployment: one HIGH task of the mongodb service in CLI_DO_INIT_TASKS, and the mongodb-job template in its image", () => {
    const contribution = contribute();
    expect(contribution.results ?? []).toEqual([]);
    expect(contribution.tasks).toEqual([
      {
        service: 'mongodb',
        priority: PRIORITY_HIGH,
        filter: 'CLI_DO_INIT_TASKS',
        command: 'echo "Initialising MongoDB..."\nmongosh --host mongodb --port 27017  admin <<EOF\n  \n  \n  exit\nEOF',
      },
    ]);
    expect(Object.keys(contribution.templates ?? {})).toEqual(['mongodb']);
    expect(contribution.templates?.mongodb.spec).toEqual({ ttlSecondsAfterFinished: 100, template: expect.objectContaining({ spec: { restartPolicy: 'Never', containers: [{ name: 'mongodb', image: 'docker.io/mongo:7.0' }] } }) });
  });

  test('Tutor 17: the legacy mongo shell; Tutor 18: mongosh', () => {
    expect(contribute({}, { manifest: { version: '17.0.6' } }).tasks[0].command.split('\n')[1]).toBe('mongo --host mongodb  admin <<EOF');
    expect(contribute({}, { manifest: { version: '18.0.0' } }).tasks[0].command.split('\n')[1]).toBe('mongosh --host mongodb --port 27017  admin <<EOF');
  });

  test('no MongoDB in the deployment (no mongodb Deployment, no MongoDB settings): nothing at all', () => {
    expect(contribute({}, { objects: withoutSettings(withoutMongodb(tutorObjects())) })).toEqual({ tasks: [] });
  });

  test('MongoDB settings without a mongodb Deployment (an external MongoDB): the image must be given; then the task and template', () => {
    const external = withoutMongodb(tutorObjects());
    expect(contribute({}, { objects: external })).toEqual({
      tasks: [],
      results: [
        {
          severity: 'warning',
          tags: { code: 'RESOURCE_MISSING' },
          message: 'the MongoDB init task needs the MongoDB image and the input has no mongodb Deployment to take it from: set spec.tutor.images.mongodb (DOCKER_IMAGE_MONGODB); no drydock-mongodb-job is generated',
        },
      ],
    });
    // Off, and no task of Tutor's list for the service: nothing to say.
    expect(contribute({ mongodbTask: false }, { objects: external })).toEqual({ tasks: [] });
    const given = contribute({}, { objects: external, tutor: { images: { mongodb: 'mongo:8.0' } } });
    expect(given.tasks.map((task) => task.service)).toEqual(['mongodb']);
    expect((given.templates?.mongodb as Item).spec.template.spec.containers).toEqual([{ name: 'mongodb', image: 'mongo:8.0' }]);
  });

  test("the task off, or a mongodb task already in Tutor's list: the template only (the listed task runs in it)", () => {
    const off = contribute({ mongodbTask: false });
    expect(off.tasks).toEqual([]);
    expect(Object.keys(off.templates ?? {})).toEqual(['mongodb']);
    const listed = contribute({}, { tasks: [{ service: 'mongodb', command: 'echo listed', priority: 5, filter: 'CLI_DO_INIT_TASKS' }] });
    expect(listed.tasks).toEqual([]);
    expect(Object.keys(listed.templates ?? {})).toEqual(['mongodb']);
    // Listed, without an image: the warning still comes, since the listed task has no Job to run in.
    expect(contribute({ mongodbTask: false }, { objects: withoutMongodb(tutorObjects()), tasks: [{ service: 'mongodb', command: 'echo listed', priority: 5, filter: 'CLI_DO_INIT_TASKS' }] }).results).toEqual([
      expect.objectContaining({ severity: 'warning', tags: { code: 'RESOURCE_MISSING' } }),
    ]);
  });

  test("Tutor's MongoDB user gets readWrite on the forum's database only with the forum", () => {
    expect(contribute({}, { manifest: { mongodbUser: 'openedx' } }).tasks[0].command).not.toContain('cs_comments_service');
    expect(contribute({}, { manifest: { mongodbUser: 'openedx', forum: true } }).tasks[0].command).toContain('{ role: "readWrite", db: "cs_comments_service" },');
  });
});

describe('what the LMS settings give the task', () => {
  /** The test manifests with `lines` added to the LMS production settings. */
  const withProduction = (lines: string, manifest: TutorObjectsOptions = {}): Item[] =>
    tutorObjects(manifest).map((object: Item) => (object.kind === 'ConfigMap' && object.metadata.name.startsWith('openedx-settings-lms') ? { ...object, data: { 'production.py': `${object.data['production.py']}${lines}` } } : object));
  const only = (contribution: ReturnType<typeof contribute>) => ({ tasks: contribution.tasks, results: (contribution.results ?? []).map((result) => [result.severity, result.tags?.code, result.resourceRef?.kind, result.field?.path]) });

  test('a mongodb Deployment without the LMS settings: Tutor\'s defaults (host mongodb, port 27017, no user)', () => {
    const { tasks } = contribute({}, { objects: withoutSettings(tutorObjects()) });
    expect(tasks.map((task) => task.command)).toEqual(['echo "Initialising MongoDB..."\nmongosh --host mongodb --port 27017  admin <<EOF\n  \n  \n  exit\nEOF']);
  });

  test('a MongoDB user without a password: created with an empty one', () => {
    const { tasks } = contribute({}, { objects: withProduction('mongodb_parameters["user"] = "openedx"\n') });
    expect(tasks[0].command).toContain('        pwd:  "",');
    expect(tasks[0].command).toContain('      pwd: "",');
  });

  test('settings drydock-fn cannot evaluate, or a host no shell word carries: one error naming production.py, no task', () => {
    expect(only(contribute({}, { objects: withProduction('mongodb_parameters.update({"host": "elsewhere"})\n') }))).toEqual({ tasks: [], results: [['error', 'RESOURCE_INVALID', 'ConfigMap', 'data["production.py"]']] });
    expect(only(contribute({}, { objects: withProduction('mongodb_parameters["host"] = "mongo\\x00db"\n') }))).toEqual({ tasks: [], results: [['error', 'RESOURCE_INVALID', 'ConfigMap', 'data["production.py"]']] });
  });

  test("the forum's database when the LMS settings do not say it plainly: an error, unless djangoSettings.forumMongodbDatabase gives it", () => {
    const objects = withProduction('FORUM_MONGODB_DATABASE = os.environ["FORUM_DB"]\n', { mongodbUser: 'openedx', forum: true });
    expect(only(contribute({}, { objects }))).toEqual({ tasks: [], results: [['error', 'RESOURCE_INVALID', 'ConfigMap', 'data["production.py"]']] });
    const settings = settingsOf({ initJobs: { enabled: true }, djangoSettings: { forumMongodbDatabase: 'forum_db' } });
    const tutor = deriveTutorContext(resourceSetOf(objects).views(), settings);
    const given = mongodbInitTask.contribute({ settings, tutor, tasks: [], settingResult: () => ({ severity: 'error', message: 'unexpected' }) });
    expect(given.results ?? []).toEqual([]);
    expect(given.tasks[0].command).toContain('{ role: "readWrite", db: "forum_db" },');
  });

  test('manifests without a Tutor version: mongosh', () => {
    const bare = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'mongodb' }, spec: { template: { spec: { containers: [{ name: 'mongodb', image: 'mongo:7' }] } } } }];
    expect(contribute({}, { objects: bare }).tasks.map((task) => task.command.split('\n')[1])).toEqual(['mongosh --host mongodb --port 27017  admin <<EOF']);
  });
});

describe('the root password from a Secret', () => {
  test('with the user: the Job gets the password in MONGODB_ROOT_PASSWORD from the Secret, and the script reads it from there', () => {
    const { tasks, results } = contribute({ mongodbRootUsername: 'admin', mongodbRootPasswordSecretRef: { name: 'mongo-root', key: 'pw' } });
    expect(results ?? []).toEqual([]);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].secretEnv).toEqual([{ name: MONGODB_ROOT_PASSWORD_ENV, secretName: 'mongo-root', key: 'pw' }]);
    expect(MONGODB_ROOT_PASSWORD_ENV).toBe('MONGODB_ROOT_PASSWORD');
    expect(tasks[0].command).toContain('$MONGODB_ROOT_PASSWORD');
    expect(tasks[0].command).toContain('-u admin');
  });

  test('a literal root password: no Secret variable', () => {
    const { tasks } = contribute({ mongodbRootUsername: 'admin', mongodbRootPassword: 'pw' });
    expect(tasks[0]).not.toHaveProperty('secretEnv');
    expect(tasks[0].command.split('\n')[1]).toBe('mongosh --host mongodb --port 27017 -u admin -p pw admin <<EOF');
  });

  test('both a password and a Secret, or a Secret without the user: an error about the setting, no task', () => {
    expect(contribute({ mongodbRootUsername: 'admin', mongodbRootPassword: 'pw', mongodbRootPasswordSecretRef: { name: 'mongo-root' } })).toEqual({
      tasks: [],
      results: [{ severity: 'error', message: 'initJobs.mongodbRootPasswordSecretRef: give either mongodbRootPassword or mongodbRootPasswordSecretRef, not both' }],
    });
    expect(contribute({ mongodbRootPasswordSecretRef: { name: 'mongo-root' } })).toEqual({
      tasks: [],
      results: [{ severity: 'error', message: 'initJobs.mongodbRootUsername: required with mongodbRootPasswordSecretRef: the MongoDB user the password belongs to' }],
    });
  });

  test('run with the password in the variable, the script gives mongosh that password whatever it starts with', () => {
    const script = mongodbInitScript({ connection: { host: 'mongodb', port: 27017, database: 'openedx' }, client: 'mongosh', rootUsername: 'admin', rootPassword: { env: 'MONGODB_ROOT_PASSWORD' } });
    for (const password of ['plain', '-starts-with-dash', "it's $HOME"]) {
      const [run] = runWithStubClients([script], { MONGODB_ROOT_PASSWORD: password });
      expect({ password, status: run.status }).toEqual({ password, status: 0 });
      expect(run.calls.map((call) => [call.program, mongoshArguments(call.args)])).toEqual([['mongosh', { options: { host: 'mongodb', port: '27017', username: 'admin', password }, positional: ['admin'] }]]);
    }
  });
});

describe('the mongodb-job template', () => {
  test("Tutor's labels on the Job and its pods, the job component label on the Job, the version annotation on the pods, the namespace", () => {
    const tutor = deriveTutorContext(resourceSetOf(tutorObjects()).views(), settingsOf({}));
    const template = mongodbJobTemplate('mongo:7', tutor);
    const labels = { 'app.kubernetes.io/instance': 'openedx-TEST', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' };
    expect(template).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'mongodb-job', namespace: 'openedx', labels: { ...labels, 'app.kubernetes.io/component': 'job' } },
      spec: {
        ttlSecondsAfterFinished: 100,
        template: {
          metadata: { annotations: { 'app.kubernetes.io/version': '22.0.0' }, labels },
          spec: { restartPolicy: 'Never', containers: [{ name: 'mongodb', image: 'mongo:7' }] },
        },
      },
    });
  });

  test('manifests without namespace, labels or version: none on the template, and no pod metadata', () => {
    const bare = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'mongodb' }, spec: { template: { spec: { containers: [{ name: 'mongodb', image: 'mongo:7' }] } } } }];
    const tutor = deriveTutorContext(resourceSetOf(bare).views(), settingsOf({}));
    expect(mongodbJobTemplate('mongo:7', tutor)).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'mongodb-job', labels: { 'app.kubernetes.io/component': 'job' } },
      spec: { ttlSecondsAfterFinished: 100, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'mongodb', image: 'mongo:7' }] } } },
    });
  });
});
