/**
 * Every object drydock-fn generates or changes validates, strictly, against the Kubernetes OpenAPI
 * schema (kubernetes-models) and, for cert-manager's Issuer and ClusterIssuer and Gateway API's
 * Gateway and HTTPRoute, against their CRD schemas (@kubernetes-models/cert-manager,
 * @kubernetes-models/gateway-api): types, formats, required fields, and no unknown field; Gateway
 * API objects also keep to the standard channel's fields. Over every Tutor-only fixture (Tutor
 * 15–22, with and without plugins) with the defaults, every feature on with Secret references, every
 * feature on with values, the settings of Drydock's all-features case and three Gateway API
 * configurations; and over the bundled example env when the fixtures are absent. Ingresses also
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
import { experimentalFieldsOf, schemaProblems } from './support/k8s-schema';
import { FEATURE_CONFIGS } from './support/feature-configs';
import { drydockConfig, itemsOf, runOnManifests } from './support/run';

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

  // Gateway API: routes to a platform Gateway, a generated Gateway with the Issuer and every route kind, cut-over mode.
  const GATEWAY_CONFIGS: Readonly<Record<string, unknown>> = {
    'Gateway API, a platform Gateway': drydockConfig({ gatewayApi: { enabled: true, parentRefs: [{ name: 'shared', namespace: 'gateway-system', sectionName: 'https' }] }, ingress: { extraHosts: ['courses.example.com', '*.tenants.example.com'] } }),
    'Gateway API, a generated Gateway, Flower and debug routes': drydockConfig({
      gatewayApi: { enabled: true, debugRoute: true, gateway: { create: true, gatewayClassName: 'eg', annotations: { 'example.com/team': 'learning' } } },
      ingress: { extraHosts: ['courses.example.com'], lmsExtraHosts: ['learn.example.com'], tls: { letsencryptEmail: 'ops@example.com' } },
      flower: { enabled: true, brokerUrlSecretRef: { name: 'broker' }, ingress: { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower-users' } } },
      debug: { enabled: true },
    }),
    'Gateway API cut-over, custom certificate': drydockConfig({ gatewayApi: { enabled: true, keepIngresses: true, gateway: { create: true, gatewayClassName: 'eg' } }, ingress: { tls: { customCerts: { secretName: 'tls', crt: 'eA==', key: 'eA==' } } } }),
  };
  for (const relative of cases) describe(`${relative}, Gateway API`, () => {
    const manifests = readFixture(relative, 'built.yaml');
    test.each(Object.keys(GATEWAY_CONFIGS))('%s: valid, standard-channel fields only', (name) => {
      expectValid(manifests, GATEWAY_CONFIGS[name]);
      const generated = itemsOf(runOnManifests(manifests, GATEWAY_CONFIGS[name]).output).filter((item) => item.apiVersion === 'gateway.networking.k8s.io/v1');
      expect(generated.length).toBeGreaterThanOrEqual(2);
      expect(generated.flatMap(experimentalFieldsOf)).toEqual([]);
    });
  });

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`schema: ${totals.objects} generated or changed objects validated, of ${totals.kinds.size} kinds (${[...totals.kinds].sort().join(', ')}); ${totals.ingresses} Ingresses by the API server's name checks too`);
  });
});
