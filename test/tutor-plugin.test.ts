/**
 * The Tutor plugin's real output (integrations/tutor/drydock_fn.py, run with python3 on the Tutor
 * stand-in of its tests) read by YAML parsers and by drydock-fn: the same tasks as every fixture's
 * init-tasks.json, and Jobs through kustomize and kpt.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { documentsOf } from './support/drydock-cases';
import { defaultCases, describeWithFixtures, fixturePath } from './support/fixtures';
import { FUNCTION, REPO, execConfigMap, fixtureInitTasks, kustomizeBuild, tempOverlay } from './support/init-tasks';

const DRIVER = path.join(REPO, 'integrations', 'tutor', 'tests', 'export_fixture.py');
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const pythonAvailable = python.status === 0;
const kpt = spawnSync('kpt', ['version'], { encoding: 'utf8' });
const kptAvailable = kpt.status === 0;

function exportTasks(args: string[]): string {
  const run = spawnSync('python3', [DRIVER, ...args], { encoding: 'utf8', cwd: path.dirname(DRIVER) });
  if (run.status !== 0) throw new Error(`export_fixture.py failed: ${run.stderr}`);
  return run.stdout;
}

/** `describe` when python3 runs; otherwise a skipped test saying why. */
function describeWithPython(name: string, body: () => void): void {
  if (pythonAvailable) {
    describeWithFixtures(name, body);
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED Tutor plugin tests: python3 is not available (${python.error?.message ?? python.stderr})`);
  test.skip(`${name} (skipped: python3 not available)`, () => undefined);
}

describeWithPython('the Tutor plugin output', () => {
  describe.each(defaultCases())('%s', (relative) => {
    const fixture = fixtureInitTasks(relative);
    const text = exportTasks([fixturePath(relative, 'init-tasks.json')]);

    test.each(['1.2', '1.1'] as const)('YAML %s readers get every task of init-tasks.json back', (version) => {
      const resource = YAML.parse(text, { version }) as Record<string, any>;
      expect(resource.kind).toBe('TutorInitTasks');
      expect(resource.metadata.annotations).toEqual({ 'config.kubernetes.io/local-config': 'true' });
      expect(resource.spec.tutorVersion).toBe(fixture.tutor_version);
      expect(resource.spec.tasks).toEqual(fixture.tasks.map((task) => ({ service: task.service, priority: task.priority, filter: task.filter, command: task.command_rendered })));
    });
  });

  test('strings that are hard to write in YAML read back the same', () => {
    const strings = ['a\n  \nb', ' leading', 'tabs\t\n\tx', 'quote " \\ $x `y`', 'é ✓ 😀\n', 'a\n\n\n', '\r\n', 'yes', '0777', '- x\n# y\n---', ''];
    const resource = YAML.parse(exportTasks(['--strings', JSON.stringify(strings)]), { version: '1.1' }) as Record<string, any>;
    expect(resource.spec.tasks.map((task: { command: string }) => task.command)).toEqual(strings);
  });
});

describeWithPython('the plugin output through kustomize and kpt', () => {
  test('kustomize: Tutor 20 env + the init-tasks file the plugin writes → one Job per task, with its script', () => {
    const text = exportTasks([fixturePath('tutor-v20', 'default', 'init-tasks.json')]);
    const dir = tempOverlay({ 'init-tasks.yml': text, 'drydock.yaml': execConfigMap({ DRYDOCK_INIT_JOBS: 'true' }) });
    try {
      const env = path.relative(dir, fixturePath('tutor-v20', 'default', 'env'));
      writeFileSync(path.join(dir, 'kustomization.yaml'), `resources:\n- ${env}\n- init-tasks.yml\ntransformers:\n- drydock.yaml\n`);
      const items = documentsOf(kustomizeBuild(dir).stdout);
      const index = (job: Record<string, any>): number => Number(/-(\d+)$/.exec(job.metadata.name)?.[1]);
      // kustomize prints objects sorted by kind and name: order them by their task index.
      const jobs = items.filter((item) => item.kind === 'Job' && item.metadata.labels?.['app.kubernetes.io/component'] === 'drydock-job').sort((a, b) => index(a) - index(b));
      const tasks = fixtureInitTasks('tutor-v20/default').tasks;
      expect(jobs.map((job) => job.metadata.name)).toEqual(['drydock-lms-job-0', 'drydock-mongodb-job-1', 'drydock-mysql-job-2', 'drydock-lms-job-3', 'drydock-lms-job-4', 'drydock-cms-job-5']);
      const scripts = jobs.filter((job) => !job.metadata.name.startsWith('drydock-mongodb')).map((job) => job.spec.template.spec.containers[0].args[3]);
      expect(scripts).toEqual(tasks.map((task) => task.command_rendered));
      // kustomize hashed Tutor's ConfigMaps after drydock-fn ran and renamed the references in the new Jobs too.
      const configMaps = new Set(items.filter((item) => item.kind === 'ConfigMap').map((item) => item.metadata.name));
      const mounted = jobs.flatMap((job) => (job.spec.template.spec.volumes ?? []).map((volume: any) => volume.configMap.name));
      expect(mounted.length).toBeGreaterThan(0);
      expect(mounted.filter((name) => !configMaps.has(name))).toEqual([]);
      expect(mounted.every((name) => /-[a-z0-9]{10}$/.test(name))).toBe(true);
      expect(items.some((item) => item.kind === 'TutorInitTasks')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  (kptAvailable ? test : test.skip)(`kpt fn eval --exec: Job files next to the package, the init-tasks file untouched, idempotent${kptAvailable ? '' : ' (skipped: kpt not available)'}`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'drydock-fn-kpt-'));
    try {
      const pkg = path.join(dir, 'pkg');
      cpSync(fixturePath('tutor-v22', 'default', 'built.yaml'), path.join(pkg, 'built.yaml'));
      const text = exportTasks([fixturePath('tutor-v22', 'default', 'init-tasks.json')]);
      writeFileSync(path.join(pkg, 'init-tasks.yml'), text);
      writeFileSync(path.join(dir, 'fn-config.yaml'), YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data: { DRYDOCK_INIT_JOBS: 'true' } }));
      const evalOnce = (): void => {
        const run = spawnSync('kpt', ['fn', 'eval', pkg, '--exec', FUNCTION, '--fn-config', path.join(dir, 'fn-config.yaml')], { encoding: 'utf8' });
        expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
      };
      evalOnce();
      expect(readdirSync(path.join(pkg, 'drydock-fn')).sort()).toEqual(
        ['cms-job-5', 'lms-job-0', 'lms-job-3', 'lms-job-4', 'mongodb-job-1', 'mysql-job-2'].map((name) => `job_drydock-${name}.yaml`),
      );
      expect(readFileSync(path.join(pkg, 'init-tasks.yml'), 'utf8')).toBe(text);
      const snapshot = (): Record<string, string> =>
        Object.fromEntries(['built.yaml', 'init-tasks.yml', ...readdirSync(path.join(pkg, 'drydock-fn')).map((file) => `drydock-fn/${file}`)].map((file) => [file, readFileSync(path.join(pkg, file), 'utf8')]));
      const first = snapshot();
      evalOnce();
      expect(snapshot()).toEqual(first);
      expect(existsSync(path.join(pkg, 'drydock-fn', 'job_drydock-upgrade-lms-job.yaml'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
