/**
 * The Tutor plugin's real output (integrations/tutor/drydock_fn.py, run with python3 on the Tutor
 * stand-in of its tests) read by YAML parsers and by drydock-fn: the same tasks as every fixture's
 * init-tasks.json, and Jobs through kustomize and kpt.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { documentsOf } from './support/drydock-cases';
import { defaultCases, describeWithFixtures, fixturePath } from './support/fixtures';
import { fixtureInitTasks } from './support/init-tasks';
import { ROOT, cleanup, copyTree, kptEval, kubectlKustomize, kustomizeBuild, tempDir, toolMissing, writeOverlay } from './support/orchestrators';

const DRIVER = path.join(ROOT, 'integrations', 'tutor', 'tests', 'export_fixture.py');
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const pythonAvailable = python.status === 0;

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
  const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data: { DRYDOCK_INIT_JOBS: 'true' } };
  const index = (job: Record<string, any>): number => Number(/-(\d+)$/.exec(job.metadata.name)?.[1]);
  /** The generated init Jobs in task order (kustomize prints objects sorted by kind and name). */
  const initJobs = (items: Record<string, any>[]): Record<string, any>[] =>
    items.filter((item) => item.kind === 'Job' && item.metadata.labels?.['app.kubernetes.io/component'] === 'drydock-job').sort((a, b) => index(a) - index(b));
  const skipReason = (tool: 'kustomize' | 'kubectl' | 'kpt'): string => (toolMissing(tool) ? ` (skipped: ${toolMissing(tool)})` : '');
  const withTool = (tool: 'kustomize' | 'kubectl' | 'kpt') => (toolMissing(tool) ? test.skip : test);

  withTool('kustomize')(`kustomize 4: Tutor 20 env, the plugin's file listed in the overlay → one Job per task, with its script${skipReason('kustomize')}`, () => {
    const dir = tempDir();
    try {
      writeFileSync(path.join(dir, 'init-tasks.yml'), exportTasks([fixturePath('tutor-v20', 'default', 'init-tasks.json')]));
      writeOverlay(dir, [path.relative(dir, fixturePath('tutor-v20', 'default', 'env')), 'init-tasks.yml'], settings, 'exec');
      const result = kustomizeBuild(dir);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      const items = documentsOf(result.stdout);
      const jobs = initJobs(items);
      expect(jobs.map((job) => job.metadata.name)).toEqual(['drydock-lms-job-0', 'drydock-mongodb-job-1', 'drydock-mysql-job-2', 'drydock-lms-job-3', 'drydock-lms-job-4', 'drydock-cms-job-5']);
      const scripts = jobs.filter((job) => !job.metadata.name.startsWith('drydock-mongodb')).map((job) => job.spec.template.spec.containers[0].args[3]);
      expect(scripts).toEqual(fixtureInitTasks('tutor-v20/default').tasks.map((task) => task.command_rendered));
      // kustomize hashed Tutor's ConfigMaps after drydock-fn ran, and renamed the references in the new Jobs too.
      const configMaps = new Set(items.filter((item) => item.kind === 'ConfigMap').map((item) => item.metadata.name));
      const mounted = jobs.flatMap((job) => (job.spec.template.spec.volumes ?? []).map((volume: any) => volume.configMap.name as string));
      expect(mounted.length).toBeGreaterThan(0);
      expect(mounted.filter((name) => !configMaps.has(name) || !/-[a-z0-9]{10}$/.test(name))).toEqual([]);
      expect(items.some((item) => item.kind === 'TutorInitTasks')).toBe(false);
    } finally {
      cleanup(dir);
    }
  });

  withTool('kubectl')(`kubectl kustomize (kustomize 5): the file in Tutor 22's env, listed by Tutor's kustomization as the plugin does${skipReason('kubectl')}`, () => {
    const dir = tempDir();
    try {
      const env = path.join(dir, 'env');
      copyTree(fixturePath('tutor-v22', 'default', 'env'), env);
      const file = 'plugins/drydock-fn/k8s/init-tasks.yml';
      mkdirSync(path.join(env, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(env, file), exportTasks([fixturePath('tutor-v22', 'default', 'init-tasks.json')]));
      // What the plugin's kustomization-resources patch adds to Tutor's kustomization.yml.
      const kustomization = readFileSync(path.join(env, 'kustomization.yml'), 'utf8');
      writeFileSync(path.join(env, 'kustomization.yml'), kustomization.replace('- k8s/volumes.yml\n', `- k8s/volumes.yml\n- ${file}\n`));
      const overlay = path.join(dir, 'overlay');
      mkdirSync(overlay);
      writeOverlay(overlay, ['../env'], settings, 'container');
      const result = kubectlKustomize(overlay);
      expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
      const items = documentsOf(result.stdout);
      expect(initJobs(items).map((job) => job.metadata.name)).toEqual(['drydock-lms-job-0', 'drydock-mongodb-job-1', 'drydock-mysql-job-2', 'drydock-lms-job-3', 'drydock-lms-job-4', 'drydock-cms-job-5']);
      expect(items.some((item) => item.kind === 'TutorInitTasks')).toBe(false);
    } finally {
      cleanup(dir);
    }
  });

  // kubectl kustomize cannot carry U+FFFE or U+FFFF even escaped (its own round trip writes them raw and
  // fails: unwritableCharacterProblem); kpt, go-yaml too, reads the escapes and writes them back escaped.
  withTool('kpt')(`kpt (go-yaml) reads strings with U+FFFE and U+FFFF back, which it refuses raw ("control characters are not allowed")${skipReason('kpt')}`, () => {
    const strings = ['noncharacters \ufffe and \uffff', 'in a script \ufffe\nsecond line \uffff\n', 'plain\nscript\n'];
    const dir = tempDir();
    try {
      const text = exportTasks(['--strings', JSON.stringify(strings)]);
      expect(text).not.toMatch(/[\ufffe\uffff]/);
      writeFileSync(path.join(dir, 'init-tasks.yml'), text);
      const result = spawnSync('kpt', ['fn', 'source', dir], { encoding: 'utf8' });
      expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
      const list = YAML.parse(result.stdout, { version: '1.1' }) as { items: Record<string, any>[] };
      expect(list.items[0].spec.tasks.map((task: { command: string }) => task.command)).toEqual(strings);
    } finally {
      cleanup(dir);
    }
  });

  withTool('kpt')(`kpt fn eval --exec: Job files next to the package, the init-tasks file untouched, idempotent${skipReason('kpt')}`, () => {
    const dir = tempDir();
    try {
      const pkg = path.join(dir, 'pkg');
      mkdirSync(pkg);
      writeFileSync(path.join(pkg, 'built.yaml'), readFileSync(fixturePath('tutor-v22', 'default', 'built.yaml'), 'utf8'));
      const text = exportTasks([fixturePath('tutor-v22', 'default', 'init-tasks.json')]);
      writeFileSync(path.join(pkg, 'init-tasks.yml'), text);
      writeFileSync(path.join(dir, 'fn-config.yaml'), YAML.stringify(settings));
      const evalOnce = (): void => {
        const result = kptEval(pkg, path.join(dir, 'fn-config.yaml'));
        expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
      };
      evalOnce();
      expect(readdirSync(path.join(pkg, 'drydock-fn')).filter((file) => file.startsWith('job_')).sort()).toEqual(
        ['cms-job-5', 'lms-job-0', 'lms-job-3', 'lms-job-4', 'mongodb-job-1', 'mysql-job-2'].map((name) => `job_drydock-${name}.yaml`),
      );
      expect(readFileSync(path.join(pkg, 'init-tasks.yml'), 'utf8')).toBe(text);
      const snapshot = (): Record<string, string> =>
        Object.fromEntries(['built.yaml', 'init-tasks.yml', ...readdirSync(path.join(pkg, 'drydock-fn')).map((file) => `drydock-fn/${file}`)].map((file) => [file, readFileSync(path.join(pkg, file), 'utf8')]));
      const first = snapshot();
      evalOnce();
      expect(snapshot()).toEqual(first);
    } finally {
      cleanup(dir);
    }
  });
});
