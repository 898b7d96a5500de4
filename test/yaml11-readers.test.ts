/**
 * What drydock-fn writes means the same to kustomize's reader (go-yaml, YAML 1.1) as to drydock-fn's
 * own (the `yaml` package, YAML 1.2): every output is read by a real kustomize (kubectl kustomize 5.5,
 * or the standalone kustomize 4.5.4 where kubectl is missing) as a plain resource file, and kustomize's
 * objects must equal drydock-fn's reading of the same text, object for object, keyed by
 * group/kind/namespace/name. What kustomize itself changes, and only that, is left out of the
 * comparison: the order of keys (a deep comparison ignores it), local-config objects (the
 * TutorInitTasks resource, which it drops) and the internal.config.kubernetes.io annotations (its own
 * record of files, which it removes). See test/support/kustomize-reader.ts for how its printed
 * output is read back.
 */
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { allFeaturesSpec } from '../bench/inputs';
import { splitDocuments, wrapDocuments } from '../src/io';
import { escapeRawCharacters, firstUnportableCharacter } from '../src/krm/yaml11';
import { runFunction } from '../src/run';
import { configMapJson } from '../src/config/configmap-values';
import { jsString } from '../src/encoders/javascript';
import { defaultCases, describeWithFixtures, fixturePath, readFixture } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { kustomizeManyObjects, kustomizeObjects, kustomizes, objectId, readAsYaml11 } from './support/kustomize-reader';
import type { Kustomize } from './support/kustomize-reader';
import { BUNDLE, cleanup, describeWithTools, ensureBundle, kustomizeBuild, tempDir, writeOverlay } from './support/orchestrators';

type Item = Record<string, any>;

/** drydock-fn's reading of YAML text it wrote: the `yaml` package, objects keyed by id (a ResourceList's items). */
function drydockReading(text: string): Map<string, Item> {
  const objects = new Map<string, Item>();
  for (const doc of YAML.parseAllDocuments(text)) {
    expect(doc.errors).toEqual([]);
    const value = doc.toJS() as Item | null;
    if (!value) continue;
    for (const object of value.kind === 'ResourceList' ? (value.items ?? []) : [value]) {
      // kustomize leaves local-config objects (the TutorInitTasks resource) out of its output, and
      // drops the internal.config.kubernetes.io annotations (its own record of files) from the others.
      if (object.metadata?.annotations?.['config.kubernetes.io/local-config'] === 'true') continue;
      const annotations = object.metadata?.annotations as Record<string, string> | undefined;
      if (annotations) {
        for (const key of Object.keys(annotations)) if (key.startsWith('internal.config.kubernetes.io/')) delete annotations[key];
        if (Object.keys(annotations).length === 0) delete object.metadata.annotations;
      }
      expect({ duplicate: objectId(object), seen: objects.has(objectId(object)) }).toEqual({ duplicate: objectId(object), seen: false });
      objects.set(objectId(object), object);
    }
  }
  return objects;
}

/** kustomize's objects equal drydock-fn's, object for object. */
function expectSameReading(kustomize: Kustomize, texts: readonly string[]): Map<string, Item> {
  const ours = new Map<string, Item>();
  for (const text of texts) for (const [id, object] of drydockReading(text)) ours.set(id, object);
  const theirs = kustomizeObjects(kustomize, texts);
  expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
  for (const [id, object] of ours) expect({ id, object: theirs.get(id) }).toEqual({ id, object });
  return theirs;
}

/** One kustomize reads (both share kyaml's reader): kubectl kustomize where it is installed, else the standalone one. */
const { available, missing } = kustomizes();
const KUSTOMIZES = available.slice(0, 1);
if (KUSTOMIZES.length === 0) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED yaml11-readers: no kustomize (${missing.join('; ')})`);
  test.skip(`kustomize's reading (skipped: ${missing.join('; ')})`, () => undefined);
}

/** Runs `drydock-fn render --config` on files, through the built command as a user runs it. */
function render(config: Item, manifests: readonly string[]): { status: number; stdout: string; stderr: string } {
  ensureBundle();
  const dir = tempDir();
  try {
    const configFile = path.join(dir, 'config.yaml');
    // JSON is YAML; with U+2028 escaped, as in any file YAML 1.1 and 1.2 readers must agree on.
    writeFileSync(configFile, escapeRawCharacters(JSON.stringify(config), true));
    const result = spawnSync(process.execPath, [BUNDLE, 'render', '--config', configFile, ...manifests], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  } finally {
    cleanup(dir);
  }
}

/** Issue 13, case 1: a password that, read as YAML 1.1, breaks out of its block scalar into the pod spec. */
const BREAKOUT_PASSWORD = 'pw\u2028      hostNetwork: true\u2028      serviceAccountName: cluster-admin #';

describeWithFixtures('issue 13, case 1: U+2028 in a setting that lands in a block scalar', () => {
  const built = fixturePath('tutor-v22', 'default', 'built.yaml');
  const forms: [string, Item][] = [
    [
      'DrydockConfig',
      {
        apiVersion: 'drydock.io/v1alpha1',
        kind: 'DrydockConfig',
        metadata: { name: 'drydock' },
        spec: {
          initJobs: { enabled: true, tasks: [{ service: 'lms', command: 'echo hi' }] },
          backups: { enabled: true, storage: { bucket: 'b' }, mysql: { password: 'x' }, mongodb: { username: 'bk', password: BREAKOUT_PASSWORD } },
        },
      },
    ],
    [
      'ConfigMap form',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'drydock-settings' },
        data: {
          DRYDOCK_INIT_JOBS: 'true',
          'initJobs.tasks': '[{service: lms, command: echo hi}]',
          PLUGINS: '["drydock-backups"]',
          BACKUP_BUCKET_NAME: 'b',
          BACKUP_MYSQL_PASSWORD: 'x',
          BACKUP_MONGO_USERNAME: 'bk',
          // A ConfigMap value is read as YAML 1.1, as Tutor reads config.yml: the documented double-quoted
          // form, U+2028 escaped, keeps the whole password (raw, YAML 1.1 folds the spaces after it away).
          BACKUP_MONGO_PASSWORD: configMapJson(BREAKOUT_PASSWORD),
        },
      },
    ],
  ];

  for (const kustomize of KUSTOMIZES) {
    test.each(forms)(`%s: ${kustomize.name} reads the MongoDB user's Job as drydock-fn does: the password stays in the script`, (_form, config) => {
      const result = render(config, [built]);
      expect(result.stderr).not.toMatch(/error/);
      expect(result.status).toBe(0);
      const objects = expectSameReading(kustomize, [result.stdout]);
      const jobs = [...objects.values()].filter((object) => object.kind === 'Job' && JSON.stringify(object).includes('db.createUser'));
      expect(jobs).toHaveLength(1);
      const pod = jobs[0].spec.template.spec;
      expect(pod.hostNetwork).toBeUndefined();
      expect(pod.serviceAccountName).toBeUndefined();
      const script = JSON.stringify(pod.containers);
      // The password is a JavaScript string inside the script (jsString escapes U+2028 for the legacy mongo shell).
      expect(script).toContain(JSON.stringify(jsString(BREAKOUT_PASSWORD)).slice(1, -1));
    });
  }
});

/**
 * kustomize hands the functions it runs its own printing of the resources, where a string holding
 * U+2028 has it raw (a single-quoted scalar, or a literal block scalar for text of several lines).
 */
describeWithTools(['kustomize'], 'U+2028 as kustomize sends it to drydock-fn (exec function, kustomize 4.5.4)', () => {
  test('read as kustomize means it: values drydock-fn copies into the init Job keep it, on one line and in a block', () => {
    const env = readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8');
    const at = env.indexOf('name: lms-job');
    // In the files kustomize reads, the character is written as an escape.
    // Two shapes: one line (kustomize writes it single-quoted) and several lines (a literal block).
    const edited = env.slice(0, at) + env.slice(at).replace('          value: lms\n', '          value: "lms\\Lx"\n        - name: EXTRA\n          value: "one\\L  two\\nthree"\n');
    expect(edited).not.toBe(env);
    // A task's script is lines of text: line feeds and tabs only (src/encoders/text.ts).
    const command = 'echo one\n  echo two\nexit 0';
    const tasks = {
      apiVersion: 'drydock.io/v1alpha1',
      kind: 'TutorInitTasks',
      metadata: { name: 'tutor-init-tasks', annotations: { 'config.kubernetes.io/local-config': 'true' } },
      spec: { tutorVersion: '20.0.5', tasks: [{ service: 'lms', priority: 10, filter: 'CLI_DO_INIT_TASKS', command }] },
    };
    const dir = tempDir();
    try {
      writeFileSync(path.join(dir, 'env.yaml'), `${edited}---\n${escapeRawCharacters(JSON.stringify(tasks), true)}\n`);
      writeOverlay(dir, ['env.yaml'], { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec: { initJobs: { enabled: true } } }, 'exec');
      const result = kustomizeBuild(dir);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const jobs = readAsYaml11(result.stdout).filter((object) => object.kind === 'Job' && JSON.stringify(object).includes('echo two'));
      expect(jobs.map((job) => job.metadata.name)).toEqual(['drydock-lms-job-1']);
      const container = jobs[0].spec.template.spec.containers[0];
      expect(container.env.find((entry: Item) => entry.name === 'SERVICE_VARIANT')).toEqual({ name: 'SERVICE_VARIANT', value: 'lms\u2028x' });
      expect(container.env.find((entry: Item) => entry.name === 'EXTRA')).toEqual({ name: 'EXTRA', value: 'one\u2028  two\nthree' });
      expect(JSON.stringify(container)).toContain(JSON.stringify(command).slice(1, -1));
    } finally {
      cleanup(dir);
    }
  });
});

/** A fixture's manifests in `namespace` instead of Tutor's openedx, so that many cases share one kustomize build. */
function inNamespace(manifests: string, namespace: string): string {
  return manifests
    .split(/^---\n/m)
    .map((document) => {
      const renamed = document.replace(/^(\s+)namespace: openedx$/gm, `$1namespace: ${namespace}`);
      return /^kind: Namespace$/m.test(renamed) ? renamed.replace(/^ {2}name: openedx$/m, `  name: ${namespace}`) : renamed;
    })
    .join('---\n');
}

const TASKS = [
  { service: 'mysql', command: 'echo creating databases' },
  { service: 'lms', command: './manage.py lms migrate' },
  { service: 'cms', command: './manage.py cms migrate' },
];
const BACKUPS = {
  enabled: true,
  storage: { bucket: 'backups', awsAccessKey: 'AKIAEXAMPLE', awsSecretKey: 'aws-secret' },
  mysql: { username: 'backup', password: 'mysql-pw' },
  mongodb: { username: 'backup', password: 'mongo-pw' },
};
const drydock = (spec: Item): Item => ({ apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec });

/** Representative configurations: the defaults, every feature on (with the fixture's init tasks), init Jobs with tasks, backups. */
const CONFIGS: Readonly<Record<string, { config?: Item; initTasks?: boolean }>> = {
  defaults: {},
  'every feature on': { config: drydock({ ...allFeaturesSpec(), backups: { ...BACKUPS, ephemeralVolume: { enabled: true } } }), initTasks: true },
  'init Jobs with tasks': { config: drydock({ initJobs: { enabled: true, tasks: TASKS, mongodbRootUsername: 'root', mongodbRootPassword: 'root-password' } }) },
  backups: { config: drydock({ initJobs: { enabled: true, tasks: TASKS }, backups: BACKUPS }) },
};

describeWithFixtures('every Tutor fixture × representative configurations, through kustomize\'s reader', () => {
  for (const kustomize of KUSTOMIZES) {
    test(`${kustomize.name}: the output objects are the ones drydock-fn reads, object for object`, async () => {
      const cases = defaultCases();
      const files: { text: string; objects: number }[] = [];
      const ours = new Map<string, Item>();
      const caseOf = new Map<string, string>();
      let index = 0;
      for (const relative of cases) {
        for (const [name, { config, initTasks }] of Object.entries(CONFIGS)) {
          index++;
          const namespace = `fixture-${index}`;
          const manifests = inNamespace(readFixture(relative, 'built.yaml'), namespace) + (initTasks ? `---\n${literalYaml(initTasksResource(fixtureInitTasks(relative), `init-tasks-${index}`))}` : '');
          const outcome = runFunction(wrapDocuments(splitDocuments(manifests), config));
          expect({ case: `${relative}, ${name}`, errors: outcome.results.filter((result) => result.severity === 'error') }).toEqual({ case: `${relative}, ${name}`, errors: [] });
          expect(firstUnportableCharacter(Buffer.from(outcome.output, 'utf8'))).toBe(-1);
          const read = drydockReading(outcome.output);
          for (const [id, object] of read) {
            expect({ duplicate: id, seen: ours.has(id) }).toEqual({ duplicate: id, seen: false });
            ours.set(id, object);
            caseOf.set(id, `${relative}, ${name}`);
          }
          files.push({ text: outcome.output, objects: read.size });
        }
      }
      const theirs = await kustomizeManyObjects(kustomize, files);
      expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
      for (const [id, object] of ours) expect({ case: caseOf.get(id), id, object: theirs.get(id) }).toEqual({ case: caseOf.get(id), id, object });
      // eslint-disable-next-line no-console
      console.log(`yaml11-readers: ${ours.size} objects of ${files.length} runs (${cases.length} fixtures × ${Object.keys(CONFIGS).length} configurations) read by ${kustomize.name} as drydock-fn reads them`);
    });
  }
});
