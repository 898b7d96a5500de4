/** Release upgrade Jobs (DRYDOCK_MIGRATE_FROM). */
import * as YAML from 'yaml';
import { upgradeJobs as upgradeJobsFeature } from '../../src/features/upgrade-jobs';
import { runFunction } from '../../src/run';
import { runFeature } from '../support/views';
import { drydockConfig as fullConfig, find, itemsOf, runOnManifests } from '../support/run';
import { CORE_TASKS, smallTutor, tasksResource, withDocuments } from '../support/init-tasks';

type Item = Record<string, any>;

// The small Tutor env holds what init Jobs need, not every ConfigMap the other features edit.
const drydockConfig = (spec: Record<string, unknown>): unknown => fullConfig({ validation: { skip: ['RESOURCE_MISSING'] }, ...spec });

function upgrade(options: { version?: string; deployments?: string[]; from: number; spec?: object; manifests?: string }) {
  const manifests = options.manifests ?? smallTutor({ version: options.version ?? '22.0.0', deployments: options.deployments });
  return runOnManifests(withDocuments(manifests, tasksResource(CORE_TASKS)), drydockConfig({ initJobs: { enabled: true, migrateFrom: options.from }, ...(options.spec ?? {}) }));
}

function upgradeJobs(output: string): Item[] {
  return itemsOf(output).filter((item) => item.kind === 'Job' && /^drydock-upgrade-/.test(item.metadata.name));
}

const scripts = (output: string): Record<string, string> =>
  Object.fromEntries(upgradeJobs(output).map((job) => [job.metadata.name, job.spec.template.spec.containers[0].args[0]]));

const SIDEBAR = './manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar';
const FORUM_V2 = '(./manage.py lms waffle_flag --list | grep forum_v2.enable_mysql_backend) || ./manage.py lms waffle_flag --create --deactivate forum_v2.enable_mysql_backend';

describe('upgrade Jobs', () => {
  test("from Maple (13): Drydock's two Jobs and commands", () => {
    const outcome = upgrade({ from: 13 });
    expect(outcome.exitCode).toBe(0);
    expect(scripts(outcome.output)).toEqual({
      'drydock-upgrade-lms-job': './manage.py lms backpopulate_user_tours\n./manage.py lms compute_grades -v1 --all_courses\n',
      'drydock-upgrade-cms-job': './manage.py cms backfill_course_tabs\n./manage.py cms simulate_publish\n',
    });
  });

  test("Drydock's labels, waves 50 and 51, /bin/sh -c -e, a copy of the lms-job and cms-job templates", () => {
    const outcome = upgrade({ from: 13 });
    const lms = find(upgradeJobs(outcome.output), 'Job', 'drydock-upgrade-lms-job') as Item;
    const cms = find(upgradeJobs(outcome.output), 'Job', 'drydock-upgrade-cms-job') as Item;
    expect(lms.metadata.labels).toEqual({
      'app.kubernetes.io/instance': 'openedx-test',
      'app.kubernetes.io/part-of': 'openedx',
      'app.kubernetes.io/managed-by': 'tutor',
      'drydock.io/component': 'job',
      'drydock.io/target-service': 'lms',
      'drydock.io/runner-service': 'lms',
    });
    expect(lms.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('50');
    expect(cms.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('51');
    expect(lms.metadata.annotations['argocd.argoproj.io/hook']).toBe('Sync');
    expect(lms.metadata.annotations['argocd.argoproj.io/hook-delete-policy']).toBe('HookSucceeded,BeforeHookCreation');
    const template = find(itemsOf(outcome.output), 'Job', 'cms-job') as Item;
    expect(cms.spec.template.spec.containers[0]).toEqual({ ...template.spec.template.spec.containers[0], command: ['/bin/sh', '-c', '-e'], args: [expect.any(String)] });
    expect(cms.spec.template.spec.volumes).toEqual(template.spec.template.spec.volumes);
    expect(cms.spec.backoffLimit).toBe(1);
    expect(cms.spec.ttlSecondsAfterFinished).toBe(3600);
  });

  test('from Nutmeg (14): only the LMS has something to run, so no CMS Job', () => {
    expect(scripts(upgrade({ from: 14 }).output)).toEqual({ 'drydock-upgrade-lms-job': './manage.py lms compute_grades -v1 --all_courses\n' });
  });

  test("from Redwood (18) to Sumac and later: Tutor's waffle flags, for the plugins present", () => {
    expect(scripts(upgrade({ from: 18, deployments: ['mfe'] }).output)).toEqual({ 'drydock-upgrade-lms-job': `${SIDEBAR}\n` });
    expect(scripts(upgrade({ from: 18, deployments: ['mfe', 'forum'] }).output)).toEqual({ 'drydock-upgrade-lms-job': `${SIDEBAR}\n${FORUM_V2}\n` });
    expect(scripts(upgrade({ from: 18 }).output)).toEqual({});
  });

  test('the forum of tutor-forum 19+ (no Deployment, settings in the LMS) counts', () => {
    const manifests = smallTutor({ mongodbParameters: '    "host": "mongodb",\n', lmsSettings: '# Forum configuration\nFORUM_SEARCH_BACKEND = "forum.search.meilisearch.MeilisearchBackend"\n' });
    expect(scripts(upgrade({ from: 18, manifests }).output)).toEqual({ 'drydock-upgrade-lms-job': `${FORUM_V2}\n` });
  });

  test('release order: Maple, Nutmeg, then Redwood steps in one LMS Job', () => {
    expect(scripts(upgrade({ from: 13, deployments: ['mfe'] }).output)['drydock-upgrade-lms-job']).toBe(
      `./manage.py lms backpopulate_user_tours\n./manage.py lms compute_grades -v1 --all_courses\n${SIDEBAR}\n`,
    );
  });

  test('the target release bounds the steps: Redwood steps only when upgrading past Redwood', () => {
    expect(scripts(upgrade({ from: 14, version: '18.2.2', deployments: ['mfe'] }).output)).toEqual({ 'drydock-upgrade-lms-job': './manage.py lms compute_grades -v1 --all_courses\n' });
  });

  test('nothing to run (Olive to Quince): no Job; the MongoDB upgrade Tutor leaves to the operator is a warning', () => {
    const outcome = upgrade({ from: 15, version: '17.0.6', deployments: ['mongodb'] });
    expect(outcome.exitCode).toBe(0);
    expect(upgradeJobs(outcome.output)).toEqual([]);
    expect(outcome.diagnostics).toEqual([expect.stringContaining('Olive → Palm: upgrade MongoDB to 4.2 then 4.4')]);
  });

  test('manual MySQL and MongoDB steps when the databases run in the cluster', () => {
    const outcome = upgrade({ from: 13, deployments: ['mongodb', 'mysql'] });
    expect(outcome.diagnostics.map((line) => line.replace(/^.*to do by hand: /, '').slice(0, 22))).toEqual(['Olive → Palm: upgrade ', 'Olive → Redwood and la', 'Quince → Redwood: upgr']);
    expect(upgrade({ from: 13 }).diagnostics).toEqual([]);
  });

  test('migrateFrom not older than the manifests: a warning, no Job', () => {
    const outcome = upgrade({ from: 22 });
    expect(upgradeJobs(outcome.output)).toEqual([]);
    expect(outcome.diagnostics).toEqual([expect.stringContaining('is 22, not older than the manifests\' Tutor 22')]);
  });

  test('before Maple: a warning, and the steps from Maple on', () => {
    const outcome = upgrade({ from: 12 });
    expect(Object.keys(scripts(outcome.output))).toEqual(['drydock-upgrade-lms-job', 'drydock-upgrade-cms-job']);
    expect(outcome.diagnostics).toEqual([expect.stringContaining('before Maple (13)')]);
  });

  test('Tutor version unknown: Maple and Nutmeg steps only, with a warning', () => {
    const manifests = smallTutor({ deployments: ['mfe'] }).replace(/\n\s+app\.kubernetes\.io\/version: 22\.0\.0/g, '');
    expect(manifests).not.toContain('app.kubernetes.io/version');
    const outcome = upgrade({ from: 13, manifests });
    expect(scripts(outcome.output)['drydock-upgrade-lms-job']).toBe('./manage.py lms backpopulate_user_tours\n./manage.py lms compute_grades -v1 --all_courses\n');
    expect(outcome.diagnostics).toEqual([expect.stringContaining('Tutor version of the manifests is unknown')]);
  });

  test('only with init Jobs on, as in Drydock', () => {
    const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource(CORE_TASKS)), drydockConfig({ initJobs: { migrateFrom: 13 } }));
    expect(upgradeJobs(outcome.output)).toEqual([]);
  });

  test('a wave from the sync-wave order wins', () => {
    const outcome = upgrade({ from: 13, spec: { syncWaves: { order: { 'Job/drydock-upgrade-lms-job': 60 } } } });
    expect((find(upgradeJobs(outcome.output), 'Job', 'drydock-upgrade-lms-job') as Item).metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('60');
  });

  test('no lms-job template: a warning, the CMS Job still comes', () => {
    const outcome = upgrade({ from: 13, manifests: smallTutor({ withoutTemplates: ['lms-job'] }) });
    expect(Object.keys(scripts(outcome.output))).toEqual(['drydock-upgrade-cms-job']);
    expect(outcome.diagnostics.some((line) => line.includes('no lms-job template: drydock-upgrade-lms-job'))).toBe(true);
  });

  test('idempotent', () => {
    const first = upgrade({ from: 13, deployments: ['mfe'] });
    expect(runFunction(first.output).output).toBe(first.output);
  });

  describe('the warnings, whole', () => {
    const warnings = (outcome: ReturnType<typeof upgrade>) => outcome.results.filter((result) => result.severity === 'warning').map((result) => [result.tags?.code, result.message]);
    const MONGO_PALM = 'Olive → Palm: upgrade MongoDB to 4.2 then 4.4 (DOCKER_IMAGE_MONGODB, then setFeatureCompatibilityVersion), as `tutor k8s upgrade` explains';
    const MYSQL = 'Olive → Redwood and later: MySQL 5.7 must go through 8.1 before 8.4 (run MySQL 8.1 on the data once, as `tutor k8s upgrade --from=olive` does)';

    test.each([
      [13, '16.2.0', 'Maple (13)', 'Palm (16)'],
      [14, '16.2.0', 'Nutmeg (14)', 'Palm (16)'],
      [15, '16.2.0', 'Olive (15)', 'Palm (16)'],
      [15, '17.0.6', 'Olive (15)', 'Quince (17)'],
      [15, '19.0.5', 'Olive (15)', 'Sumac (19)'],
      [15, '20.0.5', 'Olive (15)', 'Teak (20)'],
      [15, '21.0.8', 'Olive (15)', 'Ulmo (21)'],
      [15, '22.0.0', 'Olive (15)', 'Verawood (22)'],
      [12, '16.2.0', 'release (12)', 'Palm (16)'],
    ])('from %s to Tutor %s: the releases named %s and %s', (from, version, fromName, toName) => {
      const manual = warnings(upgrade({ from, version, deployments: ['mongodb'] })).filter(([code]) => code === 'UPGRADE_MANUAL_STEP');
      expect(manual[0]).toEqual(['UPGRADE_MANUAL_STEP', `upgrading from ${fromName} to ${toName}, to do by hand: ${MONGO_PALM}`]);
    });

    test("MySQL's step only when upgrading to Redwood (18) or later, with MySQL in the cluster", () => {
      const mysqlSteps = (version: string, deployments: string[]) => warnings(upgrade({ from: 15, version, deployments })).filter(([, message]) => (message as string).endsWith(MYSQL));
      expect(mysqlSteps('17.0.6', ['mysql'])).toEqual([]);
      expect(mysqlSteps('18.2.2', ['mysql'])).toEqual([['UPGRADE_MANUAL_STEP', `upgrading from Olive (15) to Redwood (18), to do by hand: ${MYSQL}`]]);
      expect(mysqlSteps('18.2.2', [])).toEqual([]);
    });

    test('a step of a release not upgraded from or past is no warning', () => {
      expect(warnings(upgrade({ from: 16, version: '17.0.6', deployments: ['mongodb', 'mysql'] }))).toEqual([]);
      expect(warnings(upgrade({ from: 13, version: '15.3.0', deployments: ['mongodb', 'mysql'] }))).toEqual([]);
    });

    test('the settings and template warnings', () => {
      expect(warnings(upgrade({ from: 22 }))).toEqual([['CONFIG_SETTING', "initJobs.migrateFrom (DRYDOCK_MIGRATE_FROM) is 22, not older than the manifests' Tutor 22: no upgrade Jobs"]]);
      expect(warnings(upgrade({ from: 12 }))).toEqual([
        ['CONFIG_SETTING', "initJobs.migrateFrom (DRYDOCK_MIGRATE_FROM) is 12: upgrades from releases before Maple (13) need Tutor's manual steps first; the upgrade Jobs cover Maple onwards"],
      ]);
      const manifests = smallTutor({ deployments: ['mfe'] }).replace(/\n\s+app\.kubernetes\.io\/version: 22\.0\.0/g, '');
      expect(warnings(upgrade({ from: 13, manifests }))).toEqual([['CONFIG_SETTING', 'the Tutor version of the manifests is unknown (set spec.tutor.version): the upgrade Jobs hold only the Maple and Nutmeg steps']]);
      expect(warnings(upgrade({ from: 13, manifests: smallTutor({ withoutTemplates: ['lms-job'] }) })).filter(([, message]) => (message as string).includes('drydock-upgrade-'))).toEqual([
        ['RESOURCE_MISSING', 'the input has no lms-job template: drydock-upgrade-lms-job (upgrade steps 2) is not generated'],
      ]);
    });

    test('init Jobs on without migrateFrom: no upgrade Job and no warning', () => {
      const outcome = runOnManifests(withDocuments(smallTutor(), tasksResource(CORE_TASKS)), drydockConfig({ initJobs: { enabled: true } }));
      expect(upgradeJobs(outcome.output)).toEqual([]);
      expect(outcome.results.filter((result) => /migrateFrom|upgrade/.test(result.message))).toEqual([]);
    });
  });

  describe('the feature on its own', () => {
    const objectsOf = (text: string): Item[] => YAML.parseAllDocuments(text).map((document) => document.toJSON() as Item);
    const SPEC = { initJobs: { enabled: true, migrateFrom: 13 } };

    test("the template's own labels but its component label are kept", () => {
      const objects = objectsOf(smallTutor());
      const template = objects.find((object) => object.kind === 'Job' && object.metadata.name === 'lms-job')!;
      template.metadata.labels['example.com/team'] = 'platform';
      const { objects: after } = runFeature(upgradeJobsFeature, objects, SPEC);
      const lms = (after as Item[]).find((object) => object.metadata.name === 'drydock-upgrade-lms-job')!;
      expect(lms.metadata.labels).toMatchObject({ 'example.com/team': 'platform', 'drydock.io/component': 'job' });
      expect(lms.metadata.labels).not.toHaveProperty(['app.kubernetes.io/component']);
    });

    test('a template without a container: its error, and neither upgrade Job', () => {
      const objects = objectsOf(smallTutor());
      objects.find((object) => object.kind === 'Job' && object.metadata.name === 'cms-job')!.spec.template.spec.containers = [];
      const { changes, results } = runFeature(upgradeJobsFeature, objects, SPEC);
      expect(changes).toEqual([]);
      expect(results.filter((result) => result.severity === 'error').map((result) => result.message)).toEqual([
        'Job cms-job: spec.template.spec.containers: the job template has no container to run drydock-upgrade-cms-job in',
      ]);
    });
  });
});
