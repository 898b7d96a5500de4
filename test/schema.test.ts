/**
 * Every object drydock-fn generates or changes validates, strictly, against the Kubernetes OpenAPI
 * schema (kubernetes-models) and, for cert-manager's Issuer and ClusterIssuer, against their CRD
 * schema (@kubernetes-models/cert-manager): types, formats, required fields, and no unknown field.
 * Over every Tutor-only fixture (Tutor 15–22, with and without plugins) with the defaults, every
 * feature on with Secret references, every feature on with values, and the settings of Drydock's
 * all-features case; and over the bundled example env when the fixtures are absent. Ingresses also
 * pass the API server's checks of their names (hosts, TLS hosts, class, annotation keys), which the
 * schema does not make (test/support/k8s-names.ts).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { caseConfigMap } from './support/drydock-cases';
import { defaultCases, fixturesAvailable, readFixture } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { ingressApiProblems } from './support/k8s-names';
import { schemaProblems } from './support/k8s-schema';
import { FEATURE_CONFIGS } from './support/feature-configs';
import { itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

interface Checked {
  readonly objects: number;
  readonly problems: string[];
  readonly kinds: Set<string>;
}

/** Validates every object of the output that drydock-fn generated or changed. */
function check(manifests: string, functionConfig: unknown): Checked {
  const before = (YAML.parseAllDocuments(manifests).map((doc) => doc.toJS()) as Item[]).filter(Boolean).filter((item) => item.kind !== 'TutorInitTasks');
  const outcome = runOnManifests(manifests, functionConfig);
  expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
  const after = itemsOf(outcome.output).filter((item) => item.kind !== 'TutorInitTasks');
  const touched = after.filter((item, index) => index >= before.length || JSON.stringify(item) !== JSON.stringify(before[index]));
  // The schema does not check names: Ingresses also go through the API server's host, class and annotation checks.
  const problems = touched.flatMap((item) => [...schemaProblems(item), ...(item.kind === 'Ingress' ? ingressApiProblems(item).map((problem) => `Ingress ${item.metadata.name}: ${problem}`) : [])]);
  totals.ingresses += touched.filter((item) => item.kind === 'Ingress').length;
  return { objects: touched.length, problems, kinds: new Set(touched.map((item) => `${item.apiVersion}/${item.kind}`)) };
}

const totals = { objects: 0, ingresses: 0, kinds: new Set<string>() };

function expectValid(manifests: string, functionConfig: unknown): void {
  const checked = check(manifests, functionConfig);
  expect(checked.problems).toEqual([]);
  expect(checked.objects).toBeGreaterThan(0);
  totals.objects += checked.objects;
  checked.kinds.forEach((kind) => totals.kinds.add(kind));
}

describe('generated and changed objects validate against their schemas', () => {
  const example = readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8');

  test.each(Object.keys(FEATURE_CONFIGS))('the bundled example env (Tutor 20): %s', (name) => {
    expectValid(example, FEATURE_CONFIGS[name](false));
  });

  // A loop, not describe.each: jest refuses an empty table, and without fixtures there are no cases.
  const cases = fixturesAvailable ? defaultCases() : [];
  if (!fixturesAvailable) test.skip('the Tutor-only fixtures (skipped: no fixtures; see test/support/fixtures.ts)', () => undefined);
  for (const relative of cases) describe(relative, () => {
    const manifests = `${readFixture(relative, 'built.yaml')}\n---\n${literalYaml(initTasksResource(fixtureInitTasks(relative)))}`;

    test.each(Object.keys(FEATURE_CONFIGS))('%s', (name) => {
      expectValid(manifests, FEATURE_CONFIGS[name](true));
    });

    test("Drydock's all-features settings (ConfigMap form)", () => {
      const flavour = relative.replace(/\/default$/, '');
      const allFeatures = `${flavour}/drydock-all-features`;
      let settings: unknown;
      try {
        settings = caseConfigMap(allFeatures);
      } catch {
        settings = caseConfigMap('tutor-v22/drydock-all-features');
      }
      expectValid(manifests, settings);
    });
  });

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`schema: ${totals.objects} generated or changed objects validated, of ${totals.kinds.size} kinds (${[...totals.kinds].sort().join(', ')}); ${totals.ingresses} Ingresses by the API server's name checks too`);
  });
});
