/**
 * What drydock-fn writes means the same to kustomize's reader (go-yaml, YAML 1.1) as to drydock-fn's
 * own (the `yaml` package, YAML 1.2): every output is read by a real kustomize (kubectl kustomize 5.5,
 * or the standalone kustomize 4.5.4 where kubectl is missing) as a plain resource file, and kustomize's
 * objects must equal drydock-fn's reading of the same text, object for object, keyed by
 * group/kind/namespace/name. kustomize itself changes nothing in these objects but the order of
 * their keys, which a deep comparison ignores (see test/support/kustomize-reader.ts for how its
 * printed output is read back).
 */
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { describeWithFixtures, fixturePath } from './support/fixtures';
import { kustomizeObjects, kustomizes, objectId } from './support/kustomize-reader';
import type { Kustomize } from './support/kustomize-reader';
import { BUNDLE, cleanup, describeWithTools, ensureBundle, kustomizeBuild, tempDir, writeOverlay } from './support/orchestrators';
import { escapeRawCharacters } from '../src/krm/yaml11';
import { readAsYaml11 } from './support/kustomize-reader';

type Item = Record<string, any>;

/** drydock-fn's reading of YAML text it wrote: the `yaml` package, objects keyed by id (a ResourceList's items). */
function drydockReading(text: string): Map<string, Item> {
  const objects = new Map<string, Item>();
  for (const doc of YAML.parseAllDocuments(text)) {
    expect(doc.errors).toEqual([]);
    const value = doc.toJS() as Item | null;
    if (!value) continue;
    for (const object of value.kind === 'ResourceList' ? (value.items ?? []) : [value]) {
      expect(objects.has(objectId(object))).toBe(false);
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
          // A ConfigMap value is read as a YAML scalar: double quotes keep the whole password.
          BACKUP_MONGO_PASSWORD: JSON.stringify(BREAKOUT_PASSWORD),
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
      expect(script).toContain(JSON.stringify(BREAKOUT_PASSWORD).slice(1, -1));
    });
  }
});

/**
 * kustomize hands the functions it runs its own printing of the resources, where a string holding
 * U+2028 has it raw (a single-quoted scalar, or a literal block scalar for text of several lines).
 */
describeWithTools(['kustomize'], 'U+2028 as kustomize sends it to drydock-fn (exec function, kustomize 4.5.4)', () => {
  test('read as kustomize means it: a value drydock-fn copies into the init Job and the script of a task keep it', () => {
    const env = readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8');
    const at = env.indexOf('name: lms-job');
    // In the files kustomize reads, the character is written as an escape.
    const edited = env.slice(0, at) + env.slice(at).replace('          value: lms\n', '          value: "lms\\Lx"\n');
    expect(edited).not.toBe(env);
    const command = 'echo one\u2028  echo two\nexit 0';
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
      expect(JSON.stringify(container)).toContain(JSON.stringify(command).slice(1, -1));
    } finally {
      cleanup(dir);
    }
  });
});
