/**
 * Parity of the init and upgrade Jobs with Drydock's own output, through a real kustomize: the
 * Tutor-only `default` manifests of a fixture flavour, with drydock-fn as an exec transformer
 * configured by the Drydock case's settings.json (a DRYDOCK_* ConfigMap) and the TutorInitTasks the
 * Tutor plugin writes for the flavour's init tasks, give every Job Drydock generated, with the same
 * name, annotations, labels, image, command, args and spec, apart from the differences listed in the
 * README ("Intentional differences from Drydock", init and upgrade Jobs), which are applied to
 * Drydock's Jobs below before comparing, so any other difference fails.
 *
 * Tutor 17 goes in as Tutor's env/ (kustomize builds Tutor's kustomization, then runs drydock-fn
 * over it); Tutor 22 as its built manifests (standalone kustomize 4.5.4 cannot read Tutor 21+
 * kustomizations).
 */
import { copyFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { caseConfigMap, documentsOf } from './support/drydock-cases';
import { defaultCases, describeWithFixtures, fixturePath, readFixture } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { cleanup, kustomizeBuild, tempDir, writeOverlay } from './support/orchestrators';
import { drydockConfig, itemsOf, runOnManifests } from './support/run';
import { runFunction } from '../src/run';

type Item = Record<string, any>;

const GENERATED_BY = 'drydock.io/generated-by';

/** The Tutor release of a flavour and its loaded plugins: those whose init tasks are in its init-tasks.json. */
interface Flavour {
  readonly major: number;
  readonly plugins: readonly string[];
}

/** Drydock's Job as drydock-fn means to produce it: Drydock's, with the listed differences applied. */
function expectedFromDrydock(job: Item, flavour: Flavour): Item {
  const expected = JSON.parse(JSON.stringify(job)) as Item;
  // Init scripts are as `tutor k8s do init` runs them, stripped; Drydock keeps the blank lines Jinja leaves at either end.
  const args = expected.spec.template.spec.containers[0].args as string[];
  if (!/^drydock-upgrade-/.test(expected.metadata.name)) args[args.length - 1] = args[args.length - 1].trim();
  // Every generated Job has a deadline (initJobs.activeDeadlineSeconds, two hours by default); Drydock's have none.
  expected.spec.activeDeadlineSeconds = 7200;
  if (/^drydock-upgrade-(lms|cms)-job$/.test(expected.metadata.name)) {
    // Upgrade Jobs share the init Jobs' delete policy, backoffLimit and TTL.
    expected.metadata.annotations['argocd.argoproj.io/hook-delete-policy'] = 'HookSucceeded,BeforeHookCreation';
    expected.spec.backoffLimit = 1;
    expected.spec.ttlSecondsAfterFinished = 3600;
    // Tutor's Redwood → Sumac steps, which Drydock misses (every migrate case here upgrades from 13).
    if (expected.metadata.name === 'drydock-upgrade-lms-job' && flavour.major >= 19) {
      if (flavour.plugins.includes('mfe')) args[0] += './manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar\n';
      if (flavour.plugins.includes('forum')) {
        args[0] += '(./manage.py lms waffle_flag --list | grep forum_v2.enable_mysql_backend) || ./manage.py lms waffle_flag --create --deactivate forum_v2.enable_mysql_backend\n';
      }
    }
  }
  return normalise(expected);
}

/**
 * Drops drydock-fn's generated-by marker and the hash suffixes of mounted ConfigMaps: Drydock also
 * edits the Django settings ConfigMaps (another feature), so their content hashes differ here.
 */
function normalise(job: Item): Item {
  const copy = JSON.parse(JSON.stringify(job)) as Item;
  delete copy.metadata.annotations?.[GENERATED_BY];
  for (const volume of copy.spec?.template?.spec?.volumes ?? []) {
    if (volume.configMap?.name) volume.configMap.name = String(volume.configMap.name).replace(/-[a-z0-9]{10}$/, '');
  }
  return copy;
}

/** What the comparison covers, field by field, so a failure names the field. */
function view(job: Item): Item {
  const container = job.spec.template.spec.containers[0];
  return {
    name: job.metadata.name,
    namespace: job.metadata.namespace,
    annotations: job.metadata.annotations,
    labels: job.metadata.labels,
    image: container.image,
    command: container.command,
    args: container.args,
    spec: job.spec,
  };
}

const CASES: readonly { flavour: string; drydockCase: string; input: 'env' | 'built' }[] = [
  { flavour: 'tutor-v22', drydockCase: 'drydock-init-jobs', input: 'built' },
  { flavour: 'tutor-v22', drydockCase: 'drydock-init-jobs-excluded', input: 'built' },
  { flavour: 'tutor-v22', drydockCase: 'drydock-init-jobs-migrate13', input: 'built' },
  { flavour: 'tutor-v22/with-plugins', drydockCase: 'drydock-init-jobs', input: 'built' },
  { flavour: 'tutor-v22/with-plugins', drydockCase: 'drydock-init-jobs-excluded', input: 'built' },
  { flavour: 'tutor-v22/with-plugins', drydockCase: 'drydock-init-jobs-migrate13', input: 'built' },
  { flavour: 'tutor-v17/with-plugins', drydockCase: 'drydock-init-jobs', input: 'env' },
  { flavour: 'tutor-v17/with-plugins', drydockCase: 'drydock-init-jobs-migrate13', input: 'env' },
];

describeWithFixtures('init and upgrade Jobs against Drydock, through kustomize', () => {
  describe.each(CASES)('$flavour/$drydockCase', ({ flavour, drydockCase, input }) => {
    let ours: Item[];
    let stderr: string;
    let drydockJobs: Item[];
    let tutor: Flavour;

    beforeAll(() => {
      const tasks = fixtureInitTasks(`${flavour}/default`);
      const contexts = tasks.tasks.flatMap((task) => task.hook_contexts);
      tutor = { major: Number(tasks.tutor_version.split('.')[0]), plugins: contexts.filter((context) => context.startsWith('app:')).map((context) => context.slice(4)) };
      const dir = tempDir();
      try {
        writeFileSync(path.join(dir, 'init-tasks.yaml'), literalYaml(initTasksResource(tasks)));
        let base: string;
        if (input === 'built') {
          copyFileSync(fixturePath(flavour, 'default', 'built.yaml'), path.join(dir, 'tutor.yaml'));
          base = 'tutor.yaml';
        } else {
          base = path.relative(dir, fixturePath(flavour, 'default', 'env'));
        }
        writeOverlay(dir, [base, 'init-tasks.yaml'], caseConfigMap(`${flavour}/${drydockCase}`) as Record<string, any>, 'exec');
        const built = kustomizeBuild(dir);
        expect({ status: built.status, stderr: built.status === 0 ? '' : built.stderr }).toEqual({ status: 0, stderr: '' });
        ours = documentsOf(built.stdout);
        stderr = built.stderr;
      } finally {
        cleanup(dir);
      }
      drydockJobs = documentsOf(readFixture(flavour, drydockCase, 'built.yaml')).filter((item) => item.kind === 'Job' && String(item.metadata.name).startsWith('drydock-'));
    });

    test('Drydock generated Jobs here (the comparison is not empty)', () => {
      expect(drydockJobs.length).toBeGreaterThanOrEqual(5);
    });

    test('every Drydock Job is produced with the same fields', () => {
      for (const drydockJob of drydockJobs) {
        const job = ours.find((item) => item.kind === 'Job' && item.metadata.name === drydockJob.metadata.name);
        expect({ name: drydockJob.metadata.name, found: job !== undefined }).toEqual({ name: drydockJob.metadata.name, found: true });
        expect(view(normalise(job as Item))).toEqual(view(expectedFromDrydock(drydockJob, tutor)));
      }
    });

    test('no other Job is generated (other features generate other kinds)', () => {
      const generated = ours.filter((item) => item.kind === 'Job' && item.metadata.annotations?.[GENERATED_BY] === 'drydock-fn').map((item) => `${item.kind}/${item.metadata.name}`);
      expect(generated.sort()).toEqual(drydockJobs.map((item) => `Job/${item.metadata.name}`).sort());
    });

    test('kustomize leaves the TutorInitTasks resource out of its output', () => {
      expect(ours.filter((item) => item.kind === 'TutorInitTasks')).toEqual([]);
    });

    test('the function reported no error', () => {
      expect(stderr).not.toMatch(/drydock-fn: error/);
    });
  });
});

describeWithFixtures('init Jobs on every Tutor-only fixture (Tutor 15–22, with and without plugins)', () => {
  test.each(defaultCases())('%s: one Job per task and the MongoDB task, no warning, idempotent', (relative) => {
    const tasks = fixtureInitTasks(relative);
    const input = `${readFixture(relative, 'built.yaml')}\n---\n${literalYaml(initTasksResource(tasks))}`;
    const outcome = runOnManifests(input, drydockConfig({ initJobs: { enabled: true } }));
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const jobs = itemsOf(outcome.output).filter((item) => item.kind === 'Job' && item.metadata.annotations?.[GENERATED_BY] === 'drydock-fn');
    // Drydock's MongoDB task goes after Tutor's HIGH tasks (every release has exactly one, first).
    const services = tasks.tasks.map((task) => task.service);
    const expected = [services[0], 'mongodb', ...services.slice(1)].map((service, index) => `drydock-${service}-job-${index}`);
    expect(jobs.map((job) => job.metadata.name)).toEqual(expected);
    const scripts = jobs.filter((job) => job.metadata.name !== 'drydock-mongodb-job-1').map((job) => job.spec.template.spec.containers[0].args.at(-1));
    expect(scripts).toEqual(tasks.tasks.map((task) => task.command_rendered));
    const mongo = jobs.find((job) => job.metadata.name === 'drydock-mongodb-job-1') as Item;
    expect(mongo.spec.template.spec.containers[0].args[3]).toMatch(Number(tasks.tutor_version.split('.')[0]) >= 18 ? /^echo "Initialising MongoDB..."\nmongosh --host mongodb --port 27017 / : /^echo "Initialising MongoDB..."\nmongo --host mongodb  admin/);
    expect(runFunction(outcome.output).output).toBe(outcome.output);
  });
});

describeWithFixtures('the backup users as init Jobs (extension point), on Tutor 22', () => {
  test("after Tutor's tasks (LOW priority), in the mysql-job template and drydock-fn's mongodb-job", () => {
    const tasks = fixtureInitTasks('tutor-v22/default');
    const input = `${readFixture('tutor-v22', 'default', 'built.yaml')}\n---\n${literalYaml(initTasksResource(tasks))}`;
    const spec = {
      initJobs: { enabled: true },
      backups: { enabled: true, storage: { bucket: 'backups' }, mysql: { username: 'backup', password: 'pw' }, mongodb: { username: 'backup', password: 'pw' } },
    };
    const outcome = runOnManifests(input, drydockConfig(spec));
    expect(outcome.exitCode).toBe(0);
    const jobs = itemsOf(outcome.output).filter((item) => item.kind === 'Job' && item.metadata.annotations?.[GENERATED_BY] === 'drydock-fn');
    expect(jobs.map((job) => [job.metadata.name, job.metadata.annotations['argocd.argoproj.io/sync-wave']])).toEqual([
      ['drydock-lms-job-0', '1'],
      ['drydock-mongodb-job-1', '3'],
      ['drydock-mysql-job-2', '5'],
      ['drydock-lms-job-3', '7'],
      ['drydock-lms-job-4', '9'],
      ['drydock-cms-job-5', '11'],
      ['drydock-mysql-job-6', '13'],
      ['drydock-mongodb-job-7', '15'],
    ]);
    const script = (job: Item): string => job.spec.template.spec.containers[0].args[3];
    expect(script(jobs[6])).toMatch(/^echo "Creating the MySQL backup user..."/);
    expect(script(jobs[7])).toMatch(/^echo "Creating the MongoDB backup user..."/);
    expect(jobs[6].spec.template.spec.containers[0].image).toBe('docker.io/mysql:8.4.9');
    expect(jobs[7].spec.template.spec.containers[0].image).toBe('docker.io/mongo:7.0.35');
  });
});
