/** The drydock-fn command as users run it: the bundled file, real processes, real stdin/stdout. */
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { BUNDLE, ENV_INIT_TASKS, VERSION, addInitTasksToEnv, copyTree, describeWithTools, ensureBundle } from './support/orchestrators';

const EXAMPLES = path.join(__dirname, '..', 'examples');

function cli(args: string[], input = '') {
  ensureBundle();
  const result = spawnSync(process.execPath, [BUNDLE, ...args], { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: lms # comment kept
spec:
  replicas: 1
---
apiVersion: batch/v1
kind: Job
metadata:
  name: lms-job
  labels:
    app.kubernetes.io/component: job
spec:
  template: {}
`;

describe('drydock-fn', () => {
  test('--version prints the package version', () => {
    expect(cli(['--version'])).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(cli(['-v']).stdout).toBe(`${VERSION}\n`);
  });

  test('--help describes the modes and the config', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const text of ['render', 'schema', 'DrydockConfig', 'DRYDOCK_INIT_JOBS', 'Exit status', 'local-config objects', 'PLUGINS, LMS_HOST, CMS_HOST, MONGODB_ROOT_']) expect(help.stdout).toContain(text);
  });

  test('schema prints the JSON Schema', () => {
    const schema = cli(['schema']);
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout).title).toBe('DrydockConfig');
  });

  test('an unknown command is a usage error (exit 2) that says where help is', () => {
    const result = cli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('drydock-fn: unknown command or option "frobnicate"\nRun "drydock-fn --help" for usage.\n');
  });

  test('without arguments it is a KRM function on stdin/stdout', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${MANIFESTS.split('---\n').map((doc) => `- ${doc.trimEnd().split('\n').join('\n  ')}\n`).join('')}`;
    const result = cli([], input);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = YAML.parse(result.stdout);
    expect(output.items[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('100');
    expect(output.items[1].metadata.annotations['argocd.argoproj.io/hook']).toBe('Skip');
    expect(result.stdout).toContain('name: lms # comment kept');
  });

  test('a bad config: exit 1, the error on stderr, the input items on stdout', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n  data: {DRYDOCK_INGRES: "false"}\n';
    const result = cli([], input);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('drydock-fn: error: ConfigMap x: data.DRYDOCK_INGRES: unknown field "DRYDOCK_INGRES" (did you mean DRYDOCK_INGRESS?); see drydock-fn schema or docs/settings.md for the DRYDOCK_* names and the settings paths\n');
    expect(YAML.parse(result.stdout).results[0].severity).toBe('error');
  });

  describe('render', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'drydock-fn-cli-'));
      writeFileSync(path.join(dir, 'manifests.yaml'), MANIFESTS);
      writeFileSync(path.join(dir, 'config.yaml'), 'apiVersion: drydock.io/v1alpha1\nkind: DrydockConfig\nmetadata: {name: d}\nspec:\n  syncWaves: {enabled: false}\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('prints the manifests drydock-fn produces, untouched documents as they were', () => {
      const result = cli(['render', path.join(dir, 'manifests.yaml')]);
      expect(result.status).toBe(0);
      const [deployment, job] = result.stdout.split('---\n');
      expect(deployment).toContain('  name: lms # comment kept\n');
      expect(deployment).toContain('argocd.argoproj.io/sync-wave: "100"');
      expect(YAML.parse(job).metadata.annotations).toEqual({ 'argocd.argoproj.io/hook': 'Skip', 'argocd.argoproj.io/hook-delete-policy': 'HookFailed' });
    });

    test('--config and stdin', () => {
      const result = cli(['render', '--config', path.join(dir, 'config.yaml'), '-'], MANIFESTS);
      expect(result.status).toBe(0);
      expect(result.stdout).not.toContain('sync-wave');
    });

    test('--set with Drydock names', () => {
      const result = cli(['render', '--set', 'DRYDOCK_POST_INIT_DEPLOYMENTS=["cms"]', path.join(dir, 'manifests.yaml')]);
      expect(result.status).toBe(0);
      expect(result.stdout.split('---\n')[0]).toBe(MANIFESTS.split('---\n')[0]);
    });

    test('generated objects carry no kpt file annotations in plain manifests', () => {
      const manifests = path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml');
      const result = cli(['render', manifests]);
      expect(result.status).toBe(0);
      const objects = YAML.parseAllDocuments(result.stdout).map((doc) => doc.toJS());
      const generated = objects.filter((object) => object.metadata.annotations?.['drydock.io/generated-by'] === 'drydock-fn');
      expect(generated.length).toBeGreaterThan(0);
      expect(result.stdout).not.toContain('internal.config.kubernetes.io/path');
    });

    test('local-config objects (the TutorInitTasks, a config among the files) are left out of the output, as kustomize leaves them out', () => {
      const root = path.join(__dirname, '..', 'examples');
      // The annotation's value "false" is the one value that does not make an object local (kustomize, kpt).
      const notLocal = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: openedx\n  annotations:\n    config.kubernetes.io/local-config: "false"\n';
      const local = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-notes\n  namespace: openedx\n  annotations:\n    config.kubernetes.io/local-config: ""\n';
      writeFileSync(path.join(dir, 'local.yaml'), `${notLocal}---\n${local}`);
      const inputs = [path.join(root, 'kpt', 'openedx', 'openedx.yaml'), path.join(root, 'init-jobs', 'init-tasks.yml'), path.join(root, 'kpt', 'openedx', 'drydock.yaml'), path.join(dir, 'local.yaml')];
      const result = cli(['render', '--set', 'DRYDOCK_INIT_JOBS=true', ...inputs]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const objects = YAML.parseAllDocuments(result.stdout).map((doc) => doc.toJS());
      expect(objects.filter((object) => 'config.kubernetes.io/local-config' in (object.metadata.annotations ?? {})).map((object) => object.metadata.name)).toEqual(['applied']);
      expect(objects.filter((object) => ['TutorInitTasks', 'DrydockConfig'].includes(object.kind))).toEqual([]);
      // The tasks were read before they were left out: one init Job each.
      expect(objects.filter((object) => object.kind === 'Job' && /^drydock-.*-job-\d+$/.test(object.metadata.name))).toHaveLength(6);
    });

    describeWithTools(['kubectl'], '--tutor-env: the init tasks from Tutor\'s env, after kustomize left them out', () => {
      let env: string;
      let built: string;
      beforeAll(() => {
        // Tutor's env as `tutor config save` leaves it with the drydock-fn Tutor plugin: the tasks file listed in its kustomization.
        env = path.join(dir, 'env');
        copyTree(path.join(EXAMPLES, 'tutor-env'), env);
        addInitTasksToEnv(env, readFileSync(path.join(EXAMPLES, 'init-jobs', 'init-tasks.yml'), 'utf8'));
        const kustomize = spawnSync('kubectl', ['kustomize', env], { encoding: 'utf8', maxBuffer: 1 << 28 });
        expect(kustomize.status).toBe(0);
        built = kustomize.stdout;
      });
      const initJobs = (stdout: string): string[] =>
        YAML.parseAllDocuments(stdout)
          .map((doc) => doc.toJS())
          .filter((object) => object.kind === 'Job' && /^drydock-.*-job-\d+$/.test(object.metadata.name))
          .map((object) => object.metadata.name);

      test('kubectl kustomize env | drydock-fn render --tutor-env env: one init Job per task, as with the tasks file itself', () => {
        expect(built).not.toContain('TutorInitTasks');
        const withEnv = cli(['render', '--set', 'DRYDOCK_INIT_JOBS=true', '--tutor-env', env, '-'], built);
        expect(withEnv.stderr).toBe('');
        expect(withEnv.status).toBe(0);
        expect(initJobs(withEnv.stdout)).toHaveLength(6);
        expect(withEnv.stdout).not.toContain('TutorInitTasks');
        const withFile = cli(['render', '--set', 'DRYDOCK_INIT_JOBS=true', '-', path.join(env, ENV_INIT_TASKS)], built);
        expect(withFile.stdout).toBe(withEnv.stdout);
        expect(cli(['render', '--set', 'DRYDOCK_INIT_JOBS=true', `--tutor-env=${path.join(env, ENV_INIT_TASKS)}`], built).stdout).toBe(withEnv.stdout);
        // Without it, kustomize's output alone has no tasks: no init Job.
        expect(initJobs(cli(['render', '--set', 'DRYDOCK_INIT_JOBS=true', '-'], built).stdout)).toEqual([]);
      });

      test('an env without the plugin\'s file is a usage error that says what writes it', () => {
        const result = cli(['render', '--tutor-env', path.join(EXAMPLES, 'tutor-env'), '-'], built);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(`drydock-fn: --tutor-env ${path.join(EXAMPLES, 'tutor-env')}: no plugins/drydock-fn/k8s/init-tasks.yml there (the drydock-fn Tutor plugin writes it on tutor config save)\nRun "drydock-fn --help" for usage.\n`);
        expect(cli(['render', '--tutor-env']).status).toBe(2);
      });
    });

    test('a missing file is a usage error', () => {
      const result = cli(['render', path.join(dir, 'nope.yaml')]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/cannot read .*nope\.yaml: ENOENT/);
    });

    test('a raw U+2028 in a manifest or the config: exit 1, the file, line and column named, nothing on stdout', () => {
      writeFileSync(path.join(dir, 'separator.yaml'), `${MANIFESTS}# a comment\u2028kind: Secret\n`);
      const result = cli(['render', path.join(dir, 'manifests.yaml'), path.join(dir, 'separator.yaml')]);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      const lines = MANIFESTS.split('\n').length;
      expect(result.stderr).toBe(
        `drydock-fn: error: ${path.join(dir, 'separator.yaml')}: line ${lines}, column 12: raw U+2028 (LINE SEPARATOR): YAML 1.1 readers (kustomize, kpt, Argo CD, PyYAML) read it as a line break, drydock-fn's YAML 1.2 readers as an ordinary character (raw, it is read only in a single-quoted scalar on one line or a literal block scalar, where kustomize writes it); write it as the escape \\L inside a double-quoted string\n`,
      );
      writeFileSync(path.join(dir, 'separator-config.yaml'), 'apiVersion: drydock.io/v1alpha1\nkind: DrydockConfig\nmetadata: {name: d}\nspec:\n  sentry: {enabled: true, dsn: a\u0085b}\n');
      const config = cli(['render', '--config', path.join(dir, 'separator-config.yaml'), path.join(dir, 'manifests.yaml')]);
      expect(config.status).toBe(1);
      expect(config.stderr).toContain('separator-config.yaml: line 5, column 33: raw U+0085 (NEXT LINE)');
    });

    test('a bad setting: exit 1, the error on stderr, nothing on stdout', () => {
      const result = cli(['render', '--set', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS=250', path.join(dir, 'manifests.yaml')]);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/data\.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: expected an integer in 0\.\.100, got 250/);
    });
  });
});
