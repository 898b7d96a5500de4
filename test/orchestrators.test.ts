/**
 * drydock-fn in the loop of every orchestrator its users run, over the real Tutor envs of the
 * fixtures: standalone kustomize (exec), kubectl kustomize (container, through the docker shim),
 * kpt fn eval --exec and kpt fn render --allow-exec. Each must give the objects the function gives
 * in-process on the same manifests.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { describeWithFixtures, fixturePath, readFixture, defaultCases } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import {
  ENV_INIT_TASKS,
  KUSTOMIZE,
  ROOT,
  addInitTasksToEnv,
  cleanup,
  copyTree,
  describeWithTools,
  envWithBin,
  kptEval,
  kptRender,
  kubectlKustomize,
  kustomizeBuild,
  objectsOf,
  packageObjects,
  tempDir,
  writeKptfile,
  writeOverlay,
} from './support/orchestrators';
import { drydockConfig, itemsOf, runOnManifests } from './support/run';

const CONFIG = drydockConfig({ syncWaves: { order: { 'kind:PersistentVolumeClaim': -1 } } }) as Record<string, any>;

/** In-process result on the fixture's built manifests: what every orchestrator must agree with. */
function expectedObjects(relative: string): Record<string, any>[] {
  const outcome = runOnManifests(readFixture(relative, 'built.yaml'), CONFIG);
  expect(outcome.exitCode).toBe(0);
  return itemsOf(outcome.output);
}

/**
 * Objects as every orchestrator ends up with them: kustomize drops the function's path and index
 * annotations and orders its output itself, kpt writes generated objects to files of their own; so
 * the comparison is on the objects without those annotations, in one order.
 */
function normalised(objects: Record<string, any>[]): Record<string, any>[] {
  const copies = objects.map((object) => {
    const copy = JSON.parse(JSON.stringify(object)) as Record<string, any>;
    const annotations = copy.metadata?.annotations;
    if (annotations) {
      for (const name of Object.keys(annotations)) if (name.startsWith('internal.config.kubernetes.io/') || name.startsWith('config.kubernetes.io/')) delete annotations[name];
      if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
    }
    return copy;
  });
  const order = (object: Record<string, any>): string => `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
  return copies.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

function tutorMajor(relative: string): number {
  return Number(/tutor-v(\d+)/.exec(relative)?.[1]);
}

/** Runs `build` on an overlay over the case's env, in a temporary folder. */
function buildOverlay(relative: string, mode: 'exec' | 'container', config: Record<string, any>, build: (dir: string) => { status: number; stdout: string; stderr: string }) {
  const dir = tempDir();
  try {
    writeOverlay(dir, [path.relative(dir, fixturePath(relative, 'env'))], config, mode);
    return build(dir);
  } finally {
    cleanup(dir);
  }
}

describeWithFixtures('orchestrators over the Tutor envs', () => {
  const cases = defaultCases();

  describeWithTools(['kustomize'], 'standalone kustomize 4.5.4, exec function (Tutor ≤ 20: it cannot read the labels of Tutor 21+ kustomizations)', () => {
    const readable = cases.filter((relative) => tutorMajor(relative) <= 20);
    test('covers the twelve Tutor 15–20 envs', () => expect(readable).toHaveLength(12));
    test.each(readable)('%s', (relative) => {
      const result = buildOverlay(relative, 'exec', CONFIG, kustomizeBuild);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(normalised(objectsOf(result.stdout))).toEqual(normalised(expectedObjects(relative)));
    });
  });

  describeWithTools(['kubectl'], 'kubectl kustomize 5.5, container function through the docker shim', () => {
    test.each(cases)('%s', (relative) => {
      const result = buildOverlay(relative, 'container', CONFIG, kubectlKustomize);
      expect(result.status).toBe(0);
      const objects = objectsOf(result.stdout);
      expect(normalised(objects)).toEqual(normalised(expectedObjects(relative)));
      expect(objects.filter((object) => object.metadata.annotations?.['argocd.argoproj.io/hook'] === 'Skip').length).toBeGreaterThanOrEqual(3);
    });
  });

  describeWithTools(['kustomize'], 'a bad config under kustomize', () => {
    test('fails the build and names the field on stderr', () => {
      const bad = drydockConfig({ ingress: { extraHost: ['courses.example.com'] } }) as Record<string, any>;
      const result = buildOverlay('tutor-v20/default', 'exec', bad, kustomizeBuild);
      expect(result.status).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('drydock-fn: error: DrydockConfig drydock: spec.ingress.extraHost: unknown field "extraHost" (did you mean extraHosts?)');
    });
  });

  describeWithTools(['kpt'], 'kpt fn eval --exec on a Tutor env (raw templates, kustomization included)', () => {
    test.each(['tutor-v15/default', 'tutor-v22/with-plugins/default'])('%s', (relative) => {
      const dir = tempDir();
      try {
        const env = path.join(dir, 'env');
        copyTree(fixturePath(relative, 'env'), env);
        // Tutor's env holds non-KRM files (settings, Caddyfile): kpt must not read them.
        writeFileSync(path.join(env, '.krmignore'), 'apps/\nplugins/*/apps/\nversion\n');
        const configFile = path.join(dir, 'drydock.yaml');
        writeFileSync(configFile, JSON.stringify(CONFIG));
        const first = kptEval(env, configFile);
        expect(first.stderr).toContain('[PASS]');
        expect(first.status).toBe(0);
        const objects = packageObjects(env);
        const waved = objects.filter((object) => object.kind === 'Deployment' && object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] === '100');
        expect(waved.map((object) => object.metadata.name).sort()).toEqual(expect.arrayContaining(['cms', 'cms-worker', 'lms', 'lms-worker']));
        const jobs = objects.filter((object) => object.kind === 'Job');
        expect(jobs.length).toBeGreaterThanOrEqual(3);
        for (const job of jobs) expect(job.metadata.annotations?.['argocd.argoproj.io/hook']).toBe('Skip');
        const pvcs = objects.filter((object) => object.kind === 'PersistentVolumeClaim');
        for (const pvc of pvcs) expect(pvc.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('-1');
        // The kustomization passes through unchanged (kpt re-indents files itself), and a second run changes nothing.
        expect(objectsOf(readFileSync(path.join(env, 'kustomization.yml'), 'utf8'))).toEqual(objectsOf(readFileSync(fixturePath(relative, 'env', 'kustomization.yml'), 'utf8')));
        const snapshot = JSON.stringify(packageObjects(env));
        expect(kptEval(env, configFile).status).toBe(0);
        expect(JSON.stringify(packageObjects(env))).toBe(snapshot);
      } finally {
        cleanup(dir);
      }
    });
  });

  describeWithTools(['kpt'], 'kpt fn render --allow-exec, Kptfile pipeline over rendered manifests', () => {
    test.each(['tutor-v17/with-plugins/default', 'tutor-v22/default'])('%s', (relative) => {
      const dir = tempDir();
      try {
        writeFileSync(path.join(dir, 'openedx.yaml'), readFixture(relative, 'built.yaml'));
        const config = { ...CONFIG, metadata: { name: 'drydock', annotations: { 'config.kubernetes.io/local-config': 'true' } } };
        writeFileSync(path.join(dir, 'drydock.yaml'), JSON.stringify(config, null, 2));
        writeKptfile(dir, 'openedx', 'drydock.yaml');
        const result = kptRender(dir);
        expect(result.stderr).toContain('Successfully executed 1 function');
        expect(result.status).toBe(0);
        // Tutor's objects stay in openedx.yaml; generated ones get files of their own under drydock-fn/.
        const rendered = packageObjects(dir).filter((object) => object.kind !== 'Kptfile' && object.kind !== 'DrydockConfig');
        expect(normalised(rendered)).toEqual(normalised(expectedObjects(relative)));
        const generated = expectedObjects(relative).filter((object) => object.metadata.annotations?.['drydock.io/generated-by']);
        expect(objectsOf(readFileSync(path.join(dir, 'openedx.yaml'), 'utf8'))).toHaveLength(expectedObjects(relative).length - generated.length);
        for (const object of generated) expect(existsSync(path.join(dir, object.metadata.annotations['internal.config.kubernetes.io/path']))).toBe(true);
        // The function's own config passes through untouched.
        expect(JSON.parse(JSON.stringify(objectsOf(readFileSync(path.join(dir, 'drydock.yaml'), 'utf8'))[0]))).toEqual(config);
      } finally {
        cleanup(dir);
      }
    });
  });
});

/**
 * Tutor's init tasks as the drydock-fn Tutor plugin leaves them in env/ (a local-config file Tutor's
 * kustomization lists), layout by layout, as README.md and docs/operations/init-jobs.md say each
 * kustomize reads them: kustomize 5 from the base as it is; kustomize 4.5 only when the overlay lists
 * the file again, from a folder that holds env/ (or with the load restrictor off). The env is
 * examples/tutor-env (Tutor 20) with the tasks of examples/init-jobs. No standalone kustomize 5 is
 * installed here: its exec layouts are held by kubectl kustomize 5.5 with the container function,
 * which builds bases the same way (the kind of function plays no part in what a base hands on).
 */
describe("init tasks from Tutor's env: which kustomize reads them, in which layout", () => {
  const INIT_CONFIG = drydockConfig({ initJobs: { enabled: true } }) as Record<string, any>;
  const EXAMPLES = path.join(ROOT, 'examples');
  const TASKS = readFileSync(path.join(EXAMPLES, 'init-jobs', 'init-tasks.yml'), 'utf8');
  /** examples/init-jobs' six Jobs: five Tutor tasks and Drydock's MongoDB task. */
  const SIX_JOBS = ['drydock-cms-job-5', 'drydock-lms-job-0', 'drydock-lms-job-3', 'drydock-lms-job-4', 'drydock-mongodb-job-1', 'drydock-mysql-job-2'];
  const initJobsOf = (stdout: string): string[] =>
    objectsOf(stdout)
      .filter((object) => object.kind === 'Job' && /^drydock-.+-job-\d+$/.test(object.metadata.name))
      .map((object) => object.metadata.name)
      .sort();

  let project = '';
  /** A Tutor project's root: env/ as saved with the plugin; overlays are made inside it. */
  beforeEach(() => {
    project = tempDir();
    copyTree(path.join(EXAMPLES, 'tutor-env'), path.join(project, 'env'));
    addInitTasksToEnv(path.join(project, 'env'), TASKS);
  });
  afterEach(() => cleanup(project));

  /** An overlay in `relative` (inside the project) over `resources`, running drydock-fn with init Jobs on. */
  const overlay = (relative: string, resources: readonly string[], mode: 'exec' | 'container'): string => {
    const dir = path.join(project, relative);
    mkdirSync(dir, { recursive: true });
    writeOverlay(dir, resources, INIT_CONFIG, mode);
    return dir;
  };

  describeWithTools(['kustomize'], 'standalone kustomize 4.5.4, exec function', () => {
    test('an overlay beside env/ gets no tasks: kustomize 4 drops the base\'s local-config file before the overlay\'s transformer runs', () => {
      const result = kustomizeBuild(overlay('overlay', ['../env'], 'exec'));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('init Jobs are on (initJobs.enabled, DRYDOCK_INIT_JOBS) but the input holds no init tasks');
    });

    test('nor from a component over the file: kustomize 4 drops local-config files at the end of every kustomization it builds', () => {
      writeFileSync(path.join(project, 'env', path.dirname(ENV_INIT_TASKS), 'kustomization.yml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [init-tasks.yml]\n');
      const dir = overlay('overlay', ['../env'], 'exec');
      writeFileSync(path.join(dir, 'kustomization.yaml'), `resources: [../env]\ncomponents: [../env/${path.dirname(ENV_INIT_TASKS)}]\ntransformers: [drydock.yaml]\n`);
      const result = kustomizeBuild(dir);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('but the input holds no init tasks');
    });

    test('listing the file again from an overlay beside env/ is refused by the load restrictor', () => {
      const result = kustomizeBuild(overlay('overlay', ['../env', `../env/${ENV_INIT_TASKS}`], 'exec'));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/init-tasks\.yml' is not in or below '.*overlay'/);
    });

    test('the documented layout: the overlay in the folder that holds env/, listing the file after env', () => {
      const result = kustomizeBuild(overlay('.', ['env', `env/${ENV_INIT_TASKS}`], 'exec'));
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(initJobsOf(result.stdout)).toEqual(SIX_JOBS);
      // Still local configuration: read by drydock-fn, left out of what kustomize prints.
      expect(objectsOf(result.stdout).filter((object) => object.kind === 'TutorInitTasks')).toEqual([]);
    });

    test('or an overlay beside env/ listing the file, built with --load-restrictor LoadRestrictionsNone', () => {
      const result = kustomizeBuild(overlay('overlay', ['../env', `../env/${ENV_INIT_TASKS}`], 'exec'), ['--load-restrictor', 'LoadRestrictionsNone']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(initJobsOf(result.stdout)).toEqual(SIX_JOBS);
    });

    test('without --enable-exec it runs no exec function, and says nothing: the manifests come out without drydock-fn', () => {
      const dir = overlay('overlay', ['../env'], 'exec');
      const result = spawnSync(KUSTOMIZE, ['build', '--enable-alpha-plugins', dir], { encoding: 'utf8', env: envWithBin(), maxBuffer: 1 << 28 });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('kind: Deployment');
      expect(result.stdout).not.toContain('argocd.argoproj.io/sync-wave');
    });
  });

  describeWithTools(['kubectl'], 'kubectl kustomize 5.5, container function through the docker shim', () => {
    test.each([
      ['beside env/ (the README)', 'overlay', '../env'],
      ['in the folder that holds env/ (docs/operations/init-jobs.md, Argo CD)', '.', 'env'],
    ])('an overlay %s gets the tasks from the base as it is', (_where, relative, env) => {
      const result = kubectlKustomize(overlay(relative, [env], 'container'));
      expect(result.status).toBe(0);
      expect(initJobsOf(result.stdout)).toEqual(SIX_JOBS);
      expect(objectsOf(result.stdout).filter((object) => object.kind === 'TutorInitTasks')).toEqual([]);
    });

    test("kustomize 4's layout is for kustomize 4 only: kustomize 5 gets the file twice (env's copy in Tutor's namespace), and drydock-fn stops", () => {
      const result = kubectlKustomize(overlay('.', ['env', `env/${ENV_INIT_TASKS}`], 'container'));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('TutorInitTasks tutor-init-tasks is in namespace openedx and in no namespace');
    });

    test('an exec function is never run by kubectl kustomize (no --enable-exec), and it says nothing', () => {
      const result = kubectlKustomize(overlay('overlay', ['../env'], 'exec'));
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('kind: Deployment');
      expect(result.stdout).not.toContain('argocd.argoproj.io/sync-wave');
    });
  });
});

describeWithFixtures("Tutor 21+ envs and the kustomize that reads them", () => {
  describeWithTools(['kustomize'], 'standalone kustomize 4.5.4', () => {
    test.each(['tutor-v21/default', 'tutor-v22/default'])('cannot read %s (labels.includeTemplates)', (relative) => {
      const result = spawnSync(KUSTOMIZE, ['build', fixturePath(relative, 'env')], { encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('json: unknown field "includeTemplates"');
    });
  });

  describeWithTools(['kubectl'], 'kubectl kustomize 5.5, container function', () => {
    test('reads Tutor 22 and the init tasks the plugin put in its env: one Job per task, and the MongoDB task', () => {
      const dir = tempDir();
      try {
        const env = path.join(dir, 'env');
        copyTree(fixturePath('tutor-v22/default', 'env'), env);
        const tasks = fixtureInitTasks('tutor-v22/default');
        addInitTasksToEnv(env, literalYaml(initTasksResource(tasks)));
        const overlayDir = path.join(dir, 'overlay');
        mkdirSync(overlayDir);
        writeOverlay(overlayDir, ['../env'], drydockConfig({ initJobs: { enabled: true } }) as Record<string, any>, 'container');
        const result = kubectlKustomize(overlayDir);
        expect(result.status).toBe(0);
        const jobs = objectsOf(result.stdout).filter((object) => object.kind === 'Job' && /^drydock-.+-job-\d+$/.test(object.metadata.name));
        expect(jobs).toHaveLength(tasks.tasks.length + 1);
        expect(jobs.map((job) => job.metadata.name)).toContain('drydock-mongodb-job-1');
      } finally {
        cleanup(dir);
      }
    });
  });
});
