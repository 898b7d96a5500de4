/**
 * Parity of the generated platform resources (ingress and TLS, PodDisruptionBudgets, registry
 * credentials, Flower, debug) with Drydock's own output, over every Drydock case of the fixtures:
 * the Tutor-only manifests of the same flavour, run with the case's DRYDOCK_* settings, give the same
 * kinds, names and fields as Drydock for these resources, apart from the differences the README lists
 * (each one is a named normalisation below). Every generated object validates against its schema, and
 * a second run changes nothing.
 */
import * as path from 'path';
import { caseSettings, documentsOf } from './support/drydock-cases';
import { describeWithFixtures, fixtureCases, readFixture } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { schemaProblems } from './support/k8s-schema';
import { itemsOf, runOnManifests } from './support/run';
import { sharedInTests } from './support/shared-in-tests';
import { runFunction } from '../src/run';

type Item = Record<string, any>;

const key = (item: Item): string => `${item.kind}/${item.metadata.name}`;
const HASH = /-[a-z0-9]{10}$/;

/** Drydock's objects this issue generates, by kind and name. */
function inScope(item: Item): boolean {
  if (['Ingress', 'Issuer', 'PodDisruptionBudget'].includes(item.kind)) return true;
  if (item.kind === 'Secret') return item.type === 'kubernetes.io/dockerconfigjson' || item.type === 'kubernetes.io/tls';
  return ['Deployment', 'Service'].includes(item.kind) && ['flower-edxapp', 'lms-debug', 'cms-debug'].includes(item.metadata.name);
}

/** Drydock ≤ 21.1 names of the Ingresses, as Drydock 22 names them. */
function drydock22Name(name: string): string {
  if (name === 'ingress-debug') return name;
  return name.replace(/^ingress-(.*)-tls$/, '$1').replace(/^ingress-/, '');
}

/** What both sides are compared on: the object without the function's bookkeeping, with Drydock's quirks normalised. */
function comparable(item: Item, side: 'drydock' | 'ours'): Item {
  const copy = JSON.parse(JSON.stringify(item)) as Item;
  const annotations = copy.metadata.annotations ?? {};
  for (const name of Object.keys(annotations)) if (name === 'drydock.io/generated-by' || name.includes('config.kubernetes.io/')) delete annotations[name];
  if (side === 'drydock' && copy.kind === 'Ingress') {
    copy.metadata.name = drydock22Name(copy.metadata.name);
    if (copy.metadata.name === 'ingress-debug') {
      // README: the canary Ingress uses spec.ingressClassName, not the deprecated class annotation.
      copy.spec.ingressClassName = annotations['kubernetes.io/ingress.class'];
      delete annotations['kubernetes.io/ingress.class'];
    } else {
      for (const rule of copy.spec.rules) {
        // README: always through Caddy ("bypass Caddy" was dropped by Drydock 21.1); each path once.
        const seen = new Set<string>();
        rule.http.paths = rule.http.paths.filter((entry: Item) => !seen.has(entry.path) && seen.add(entry.path));
        for (const entry of rule.http.paths) entry.backend = { service: { name: 'caddy', port: { number: 80 } } };
      }
    }
  }
  if (copy.kind === 'Secret' && copy.stringData?.['.dockerconfigjson'] !== undefined) {
    // README: Drydock wrote the Python form of the parsed JSON ({'auths': …}); drydock-fn writes the JSON.
    const text = copy.stringData['.dockerconfigjson'];
    copy.stringData['.dockerconfigjson'] = JSON.parse(side === 'drydock' ? text.replace(/'/g, '"') : text);
  }
  if (copy.kind === 'Deployment') {
    // The debug pods mount Tutor's settings ConfigMaps, whose hash Drydock's other edits change.
    for (const volume of copy.spec.template.spec.volumes ?? []) if (volume.configMap) volume.configMap.name = volume.configMap.name.replace(HASH, '');
  }
  return copy;
}

/** Drydock 17 had the Ingresses off by default (on since 19.0): its cases without DRYDOCK_INGRESS had none. */
function settingsFor(relative: string): Record<string, string> {
  const data = caseSettings(relative);
  if (relative.startsWith('tutor-v17') && data.DRYDOCK_INGRESS === undefined) data.DRYDOCK_INGRESS = 'false';
  return data;
}

const WORKLOADS = ['Deployment', 'Job', 'CronJob'];
const pullSecretsOf = (item: Item): unknown => (item.kind === 'CronJob' ? item.spec.jobTemplate.spec.template.spec : item.spec.template.spec).imagePullSecrets;

describeWithFixtures('generated platform resources against Drydock', () => {
  const cases = fixtureCases((relative) => path.basename(relative).startsWith('drydock-') && !relative.includes('tutor-v15') && !relative.includes('tutor-v16'));

  test('the Drydock cases are there (Tutor 22 with and without plugins, Tutor 17 with plugins)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(cases)('%s', (relative) => {
    const flavour = path.dirname(relative);
    const drydock = documentsOf(readFixture(relative, 'built.yaml'));
    // The init tasks Tutor's plugin would export for the flavour (cases with DRYDOCK_INIT_JOBS need them).
    const tutorOnly = `${readFixture(flavour, 'default', 'built.yaml')}\n---\n${literalYaml(initTasksResource(fixtureInitTasks(`${flavour}/default`)))}`;
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data: settingsFor(relative) };
    const run = sharedInTests(() => {
      const outcome = runOnManifests(tutorOnly, config);
      return { outcome, ours: itemsOf(outcome.output) };
    });

    test('runs without error', () => {
      const { outcome } = run();
      expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
      expect(outcome.exitCode).toBe(0);
    });

    test('same kinds, names and fields for the generated resources', () => {
      const { ours } = run();
      // README: not reproduced — NGINX static cache Ingresses (dropped by Drydock 21.1).
      const expected = drydock.filter(inScope).filter((item) => !item.metadata.name.startsWith('ingress-static-')).map((item) => comparable(item, 'drydock'));
      // README: Flower gets a Service.
      const generated = ours.filter(inScope).filter((item) => key(item) !== 'Service/flower-edxapp').map((item) => comparable(item, 'ours'));
      expect(generated.map(key).sort()).toEqual(expected.map(key).sort());
      const byKey = new Map(expected.map((item) => [key(item), item]));
      for (const item of generated) expect(item).toEqual(byKey.get(key(item)));
    });

    test('the same workloads carry imagePullSecrets', () => {
      const { ours } = run();
      const drydockWorkloads = new Map(drydock.filter((item) => WORKLOADS.includes(item.kind)).map((item) => [key(item), pullSecretsOf(item)]));
      const compared = ours.filter((item) => WORKLOADS.includes(item.kind) && drydockWorkloads.has(key(item)));
      expect(compared.length).toBeGreaterThan(5);
      for (const item of compared) expect({ item: key(item), pullSecrets: pullSecretsOf(item) }).toEqual({ item: key(item), pullSecrets: drydockWorkloads.get(key(item)) });
    });

    test('every generated object validates against its schema', () => {
      const { ours } = run();
      const generated = ours.filter((item) => item.metadata.annotations?.['drydock.io/generated-by'] === 'drydock-fn');
      expect(generated.flatMap(schemaProblems)).toEqual([]);
    });

    test('idempotent', () => {
      const { outcome } = run();
      expect(runFunction(outcome.output).output).toBe(outcome.output);
    });
  });
});
