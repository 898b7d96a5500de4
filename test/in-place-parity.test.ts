/**
 * Parity of the in-place features with Drydock: the Tutor-only manifests of a fixture, run through
 * drydock-fn with a Drydock case's settings, give every ConfigMap (name and data, so the kustomize
 * hash too) and every Deployment Drydock's own output has. Three ways in:
 * - built manifests in process (names carry hashes: drydock-fn renames edited ConfigMaps itself);
 * - a kustomize overlay on Tutor's env/ (standalone kustomize 4.5 for Tutor 17, kubectl kustomize
 *   5.5 for Tutor 22, which kustomize 4.5 cannot read): kustomize hashes the edited content;
 * - kpt fn eval over the built manifests.
 * Every Deployment is compared, those of the other features (registry credentials, Flower, debug)
 * included: their ConfigMap references must follow the renames too.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { caseSettings, documentsOf, holdsOldDrydockIngresses } from './support/drydock-cases';
import { describeWithFixtures, fixtureCases, fixturePath, readFixture } from './support/fixtures';
import { cleanup, copyTree, describeWithTools, kptEval, kubectlKustomize, kustomizeBuild, packageObjects, tempDir, writeOverlay } from './support/orchestrators';
import { unwrapItems } from '../src/io';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

/** Every Drydock case (Drydock 22 and 17, with and without plugins) and its Tutor-only manifests. */
const CASES: [drydockCase: string, tutorOnly: string][] = fixtureCases((relative) => /^tutor-v(22|17)\/(with-plugins\/)?drydock-/.test(relative)).map((relative) => [
  relative,
  path.join(path.dirname(relative), 'default'),
]);

/**
 * A case's settings as Drydock applied them: Drydock 17 had Celery tuning and Sentry on by default,
 * which drydock-fn makes opt-in (README), so they are named for the Tutor 17 cases.
 */
function drydockSettings(drydockCase: string): Item {
  const data = caseSettings(drydockCase);
  if (drydockCase.startsWith('tutor-v17/')) {
    data.DRYDOCK_ENABLE_CELERY_TUNING ??= 'true';
    data.DRYDOCK_ENABLE_SENTRY ??= 'true';
  }
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data };
}

/** Tutor's init tasks for a fixture folder, as the TutorInitTasks resource the Tutor plugin writes. */
const initTasks = (tutorOnly: string): string => literalYaml(initTasksResource(fixtureInitTasks(tutorOnly)));

/** The bookkeeping drydock-fn adds to objects it generates (Flower, debug): not Drydock's. */
function withoutBookkeeping(deployment: Item): Item {
  const copy = JSON.parse(JSON.stringify(deployment));
  const annotations = copy.metadata.annotations ?? {};
  for (const key of Object.keys(annotations)) if (key === 'drydock.io/generated-by' || key.startsWith('internal.config.kubernetes.io/')) delete annotations[key];
  return copy;
}

/** Every ConfigMap by name (hash included) with its data, and every Deployment of this area. */
function view(items: Item[]): { configMaps: Record<string, unknown>; deployments: Record<string, Item>; jobConfigMaps: Record<string, string[]> } {
  const configMaps: Record<string, unknown> = {};
  const deployments: Record<string, Item> = {};
  const jobConfigMaps: Record<string, string[]> = {};
  for (const item of items) {
    if (item.kind === 'ConfigMap') configMaps[item.metadata.name] = item.data;
    if (item.kind === 'Deployment') deployments[item.metadata.name] = withoutBookkeeping(item);
    // Jobs (Tutor's templates, init and upgrade Jobs): the ConfigMaps they mount must follow the renames.
    if (item.kind === 'Job') jobConfigMaps[item.metadata.name] = (item.spec.template.spec.volumes ?? []).flatMap((volume: Item) => (volume.configMap ? [volume.configMap.name] : [])).sort();
  }
  return { configMaps, deployments, jobConfigMaps };
}

/** `now` is `was` with one newline inserted somewhere. */
function isOneNewlineMore(was: string, now: string): boolean {
  if (now.length !== was.length + 1) return false;
  let i = 0;
  while (i < was.length && was[i] === now[i]) i++;
  return now[i] === '\n' && now.slice(i + 1) === was.slice(i);
}

/** Drydock's inert `mongodb-job` template, which drydock-fn does not add (known difference mongodb-job-template). */
const JOBS_NOT_PRODUCED = ['mongodb-job'];

function expectDrydockParity(ours: Item[], drydockCase: string): void {
  const expected = view(documentsOf(readFixture(drydockCase, 'built.yaml')));
  const actual = view(ours);
  expect(Object.keys(actual.configMaps).sort()).toEqual(Object.keys(expected.configMaps).sort());
  for (const name of Object.keys(expected.configMaps)) expect({ name, data: actual.configMaps[name] }).toEqual({ name, data: expected.configMaps[name] });
  expect(Object.keys(actual.deployments).sort()).toEqual(Object.keys(expected.deployments).sort());
  for (const name of Object.keys(expected.deployments)) expect(actual.deployments[name]).toEqual(expected.deployments[name]);
  const expectedJobs = Object.keys(expected.jobConfigMaps).filter((name) => !JOBS_NOT_PRODUCED.includes(name));
  expect(Object.keys(actual.jobConfigMaps).sort()).toEqual(expectedJobs.sort());
  for (const name of expectedJobs) expect({ job: name, configMaps: actual.jobConfigMaps[name] }).toEqual({ job: name, configMaps: expected.jobConfigMaps[name] });
}

describeWithFixtures('in-place features: parity with Drydock', () => {
  test('the cases: every Drydock case of Tutor 22 and 17', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(CASES)('%s', (drydockCase, tutorOnly) => {
    const built = readFixture(tutorOnly, 'built.yaml');

    test('built manifests: the same ConfigMaps (names and data), Deployments and Jobs as Drydock', () => {
      const outcome = runOnManifests(`${built}---\n${initTasks(tutorOnly)}`, drydockSettings(drydockCase));
      expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
      expectDrydockParity(itemsOf(outcome.output), drydockCase);
    });

    // An empty Drydock patch next to another plugin's lines only adds a joining newline, which the
    // text alone cannot tell from the plugin's own (README): drydock-fn records it on the ConfigMaps it
    // edits, but Drydock's own output carries no such record.
    const emptyPatchBesidePlugins = drydockCase.startsWith('tutor-v22/with-plugins/') || drydockCase === 'tutor-v17/with-plugins/drydock-all-off';

    test('Drydock\'s own output with the same settings: the edits are recognised and left as they are', () => {
      const drydockBuilt = readFixture(drydockCase, 'built.yaml');
      const settings = drydockSettings(drydockCase);
      if (holdsOldDrydockIngresses(drydockCase)) settings.data.DRYDOCK_INGRESS = 'false';
      const outcome = runOnManifests(`${drydockBuilt}---\n${initTasks(tutorOnly)}`, settings);
      expect(outcome.exitCode).toBe(0);
      const before = Object.values(view(documentsOf(drydockBuilt)).configMaps) as Record<string, string>[];
      const after = Object.values(view(itemsOf(outcome.output)).configMaps) as Record<string, string>[];
      expect(after).toHaveLength(before.length);
      const differences = before.flatMap((data, index) => Object.keys(data).filter((key) => data[key] !== after[index][key]).map((key) => [data[key], after[index][key]]));
      if (!emptyPatchBesidePlugins) {
        expect(differences).toEqual([]);
        return;
      }
      // Here: at most the joining newline of an empty patch, added once.
      expect(differences.length).toBeGreaterThan(0);
      for (const [was, now] of differences) expect(isOneNewlineMore(was, now)).toBe(true);
      // Once more on the items: nothing changes (the added newline is recorded on the ConfigMap).
      const items = unwrapItems(outcome.output);
      expect(unwrapItems(runOnManifests(items, settings).output)).toBe(items);
    });

    test('switched off, the text edits come out of Drydock\'s output: Tutor\'s own ConfigMaps again, names included', () => {
      const off = { multitenancy: { enabled: false }, scorm: { enabled: false }, djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' }, uwsgi: { keepAlive: false } };
      const ingress = holdsOldDrydockIngresses(drydockCase) ? { ingress: { enabled: false } } : {};
      const outcome = runOnManifests(readFixture(drydockCase, 'built.yaml'), { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'off' }, spec: { ...off, ...ingress } });
      expect(outcome.exitCode).toBe(0);
      const tutor = view(documentsOf(built)).configMaps;
      // newrelic-cm is Drydock's object, not one drydock-fn generated: it stays.
      const after = Object.fromEntries(Object.entries(view(itemsOf(outcome.output)).configMaps).filter(([name]) => !name.startsWith('newrelic-cm-')));
      if (!emptyPatchBesidePlugins) {
        expect(after).toEqual(tutor);
        return;
      }
      // Drydock's unrecorded empty patch keeps its joining newline; everything else is Tutor's again.
      const byBase = (configMaps: Record<string, unknown>) => Object.fromEntries(Object.entries(configMaps).map(([name, data]) => [name.replace(/-[a-z0-9]{10}$/, ''), data as Record<string, string>]));
      const [tutorByBase, afterByBase] = [byBase(tutor), byBase(after)];
      expect(Object.keys(afterByBase).sort()).toEqual(Object.keys(tutorByBase).sort());
      for (const [base, data] of Object.entries(tutorByBase)) {
        for (const key of Object.keys(data)) expect({ base, key, ok: data[key] === afterByBase[base][key] || isOneNewlineMore(data[key], afterByBase[base][key]) }).toEqual({ base, key, ok: true });
      }
    });
  });
});

describeWithFixtures('in-place features: parity through the orchestrators', () => {
  describeWithTools(['kustomize'], 'standalone kustomize 4.5 overlay on Tutor 17 env/ (exec function)', () => {
    test('tutor-v17/with-plugins/drydock-all-features: kustomize hashes the edited content to Drydock\'s names', () => {
      const dir = tempDir();
      try {
        copyTree(fixturePath('tutor-v17/with-plugins/default', 'env'), path.join(dir, 'env'));
        writeFileSync(path.join(dir, 'init-tasks.yaml'), initTasks('tutor-v17/with-plugins/default'));
        writeOverlay(dir, ['env', 'init-tasks.yaml'], drydockSettings('tutor-v17/with-plugins/drydock-all-features'), 'exec');
        const result = kustomizeBuild(dir);
        expect(result.status).toBe(0);
        expectDrydockParity(documentsOf(result.stdout), 'tutor-v17/with-plugins/drydock-all-features');
      } finally {
        cleanup(dir);
      }
    });
  });

  describeWithTools(['kubectl'], 'kubectl kustomize 5.5 overlay on Tutor 22 env/ (container function)', () => {
    test.each(['tutor-v22/drydock-defaults', 'tutor-v22/drydock-all-features'])('%s: kustomize hashes the edited content to Drydock\'s names', (drydockCase) => {
      const dir = tempDir();
      try {
        copyTree(fixturePath('tutor-v22/default', 'env'), path.join(dir, 'env'));
        writeFileSync(path.join(dir, 'init-tasks.yaml'), initTasks('tutor-v22/default'));
        writeOverlay(dir, ['env', 'init-tasks.yaml'], drydockSettings(drydockCase), 'container');
        const result = kubectlKustomize(dir);
        expect(result.status).toBe(0);
        expectDrydockParity(documentsOf(result.stdout), drydockCase);
      } finally {
        cleanup(dir);
      }
    });
  });

  describeWithTools(['kpt'], 'kpt fn eval over built manifests', () => {
    test('tutor-v22/drydock-all-features: drydock-fn renames the edited ConfigMaps and their references itself', () => {
      const dir = tempDir();
      const configDir = tempDir();
      try {
        writeFileSync(path.join(dir, 'openedx.yaml'), `${readFixture('tutor-v22/default', 'built.yaml')}---\n${initTasks('tutor-v22/default')}`);
        const config = path.join(configDir, 'drydock.yaml');
        writeFileSync(config, JSON.stringify(drydockSettings('tutor-v22/drydock-all-features')));
        const result = kptEval(dir, config);
        expect(result.status).toBe(0);
        expectDrydockParity(packageObjects(dir), 'tutor-v22/drydock-all-features');
      } finally {
        cleanup(dir);
        cleanup(configDir);
      }
    });
  });
});
