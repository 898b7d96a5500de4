/**
 * The generated platform resources through real orchestrators, on the real Tutor envs: every feature
 * of this area on (Drydock's all-features settings plus Flower and debug; the backups are in the
 * golden example examples/backups), under kubectl kustomize 5.5 (container function, Tutor 22),
 * standalone kustomize 4.5.4 (exec, Tutor 17) and kpt fn eval (exec). Each gives the objects the
 * function gives in-process on the built manifests.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { caseSettings } from './support/drydock-cases';
import { describeWithFixtures, fixturePath, readFixture } from './support/fixtures';
import { cleanup, copyTree, describeWithTools, kptEval, kubectlKustomize, kustomizeBuild, objectsOf, packageObjects, tempDir, writeOverlay } from './support/orchestrators';
import { itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

/** Drydock's all-features settings of a case, with this area's opt-in features on too, init Jobs off. */
function configFor(relative: string): Item {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'drydock' },
    data: {
      ...caseSettings(relative),
      DRYDOCK_FLOWER: 'true',
      DRYDOCK_DEBUG: 'true',
      DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CADDY: '50',
      // Init Jobs need the TutorInitTasks resource; they go through the orchestrators in test/tutor-plugin.test.ts.
      DRYDOCK_INIT_JOBS: 'false',
    },
  };
}

/** Objects without the function's path annotations (kustomize drops them), in one order. */
function normalised(objects: Item[]): Item[] {
  const text = JSON.stringify(objects).replace(/"internal\.config\.kubernetes\.io\/(path|index)":"[^"]*",?/g, '').replace(/,}/g, '}');
  const order = (object: Item): string => `${object.kind}/${object.metadata.name}`;
  return (JSON.parse(text) as Item[]).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

function inProcess(relative: string, config: Item): Item[] {
  const outcome = runOnManifests(readFixture(path.dirname(relative), 'default', 'built.yaml'), config);
  expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
  return itemsOf(outcome.output);
}

const generatedKinds = (objects: Item[]): string[] => objects.filter((object) => object.metadata.annotations?.['drydock.io/generated-by']).map((object) => `${object.kind}/${object.metadata.name}`).sort();

describeWithFixtures('platform resources through the orchestrators', () => {
  describeWithTools(['kubectl'], 'kubectl kustomize, container function, Tutor 22 with plugins', () => {
    test('same objects as in-process, every area resource there', () => {
      const relative = 'tutor-v22/with-plugins/drydock-all-features';
      const config = configFor(relative);
      const dir = tempDir();
      try {
        writeOverlay(dir, [path.relative(dir, fixturePath(path.dirname(relative), 'default', 'env'))], config, 'container');
        const result = kubectlKustomize(dir);
        expect(result.stderr).not.toContain('error');
        expect(result.status).toBe(0);
        const built = objectsOf(result.stdout);
        expect(normalised(built)).toEqual(normalised(inProcess(relative, config)));
        expect(generatedKinds(built)).toEqual(expect.arrayContaining(['Deployment/flower-edxapp', 'Deployment/lms-debug', 'Ingress/ingress-debug', 'Ingress/mfe', 'Issuer/letsencrypt', 'PodDisruptionBudget/mfe-pdb', 'Secret/openedx-image-pull-secret']));
      } finally {
        cleanup(dir);
      }
    });
  });

  describeWithTools(['kustomize'], 'standalone kustomize 4.5.4, exec function, Tutor 17 with plugins', () => {
    test('same objects as in-process; the debug pods mount the ConfigMaps under the names kustomize gives them', () => {
      const relative = 'tutor-v17/with-plugins/drydock-all-features';
      const config = configFor(relative);
      const dir = tempDir();
      try {
        writeOverlay(dir, [path.relative(dir, fixturePath(path.dirname(relative), 'default', 'env'))], config, 'exec');
        const result = kustomizeBuild(dir);
        expect(result.status).toBe(0);
        const built = objectsOf(result.stdout);
        expect(normalised(built)).toEqual(normalised(inProcess(relative, config)));
        const debug = built.find((object) => object.kind === 'Deployment' && object.metadata.name === 'lms-debug') as Item;
        const names = new Set(built.filter((object) => object.kind === 'ConfigMap').map((object) => object.metadata.name));
        for (const volume of debug.spec.template.spec.volumes) expect(names.has(volume.configMap.name)).toBe(true);
      } finally {
        cleanup(dir);
      }
    });
  });

  describeWithTools(['kpt'], 'kpt fn eval --exec over built manifests', () => {
    test('generated objects land in files of their own; a second run changes nothing', () => {
      const relative = 'tutor-v22/drydock-all-features';
      const dir = tempDir();
      try {
        const pkg = path.join(dir, 'pkg');
        copyTree(fixturePath('tutor-v22', 'default'), pkg);
        for (const extra of ['env', 'config.yml', 'init-tasks.json', 'tutor-k8s-do-init-jobs.yaml']) cleanup(path.join(pkg, extra));
        const configFile = path.join(dir, 'drydock.yaml');
        const config = configFor(relative);
        writeFileSync(configFile, JSON.stringify(config));
        const first = kptEval(pkg, configFile);
        expect(first.status).toBe(0);
        const objects = packageObjects(pkg);
        expect(normalised(objects)).toEqual(normalised(inProcess(relative, config)));
        expect(readFileSync(path.join(pkg, 'drydock-fn', 'ingress_lms.yaml'), 'utf8')).toContain('lms-alias.example.com');
        const snapshot = JSON.stringify(packageObjects(pkg));
        expect(kptEval(pkg, configFile).status).toBe(0);
        expect(JSON.stringify(packageObjects(pkg))).toBe(snapshot);
      } finally {
        cleanup(dir);
      }
    });
  });
});
