/**
 * What drydock-fn generates never overlaps what the input already holds, or itself, where the
 * programs that read both would misbehave:
 * - routes: ingress-nginx's admission webhook refuses an Ingress whose host and path another Ingress
 *   of its class already defines (a canary beside a primary excepted), and other controllers send the
 *   requests to either. Tutor's hosts are served whatever `ingress.enabled` says (by Caddy's own
 *   Service or the user's Ingresses), and the input's Ingresses count like generated ones;
 * - TLS Secrets: cert-manager's ingress-shim issues a Secret for one Ingress only ("certificate
 *   resource is not owned by this ingress"), so two Ingresses naming it leave one without its
 *   certificate, and it overwrites a Secret another Ingress or Certificate fills;
 * - cert-manager annotations name an Issuer that the output holds, or one referenced on purpose;
 * - PodDisruptionBudgets: the eviction API answers 500 for a pod two budgets select, so node drains
 *   stop; a generated budget selects exactly the pods of its Deployment (matchExpressions included).
 * Each is an error naming the setting or the item and field, exit 1, the items as they came.
 */
import * as YAML from 'yaml';
import { unwrapItems } from '../src/io';
import { caseSettings, documentsOf } from './support/drydock-cases';
import { describeWithFixtures, readFixture } from './support/fixtures';
import { schemaProblems } from './support/k8s-schema';
import { drydockConfig, drydockConfigMap, find, itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

const INSTANCE_LABELS = { 'app.kubernetes.io/instance': 'openedx-EwhS7prRYZfhwCfQLLaxEMcD', 'app.kubernetes.io/managed-by': 'tutor', 'app.kubernetes.io/part-of': 'openedx' };

/** An Ingress of the user in Tutor's namespace: one rule per [host, path]. */
function usersIngress(name: string, routes: [string, string][], extra: { className?: string | null; annotations?: Record<string, string>; tls?: Item[] } = {}): Item {
  const className = extra.className === undefined ? 'nginx' : extra.className;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'openedx', ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      ...(className ? { ingressClassName: className } : {}),
      rules: routes.map(([host, path]) => ({ ...(host ? { host } : {}), http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'caddy', port: { number: 80 } } } }] } })),
      ...(extra.tls ? { tls: extra.tls } : {}),
    },
  };
}

const flower = (host: string) => ({ enabled: true, ingress: { enabled: true, host, basicAuthSecretRef: { name: 'flower-auth', key: 'auth' } } });

describeWithFixtures('routes, TLS Secrets and PodDisruptionBudgets against the input and each other', () => {
  const built = readFixture('tutor-v22', 'default', 'built.yaml');

  function run(config: unknown, extra: readonly Item[] = [], manifests = built) {
    const input = `${manifests}${extra.map((item) => `---\n${YAML.stringify(item)}`).join('')}`;
    const outcome = runOnManifests(input, config);
    return { outcome, items: itemsOf(outcome.output), inputItems: documentsOf(input), errors: outcome.results.filter((result) => result.severity === 'error') };
  }

  describe('routes: Tutor\'s hosts and the input\'s Ingresses are in the route table', () => {
    const lmsIngress = usersIngress('openedx', [['lms.example.com', '/']]);

    test.each([
      ['with the user\'s own Ingress for the LMS host', [lmsIngress]],
      ['without any Ingress (Caddy\'s own Service serves the LMS host)', []],
    ])('ingress.enabled false, Flower on the LMS host %s: an error naming LMS_HOST, exit 1, the items unchanged', (_name, extra) => {
      const { outcome, items, inputItems, errors } = run(drydockConfig({ ingress: { enabled: false }, flower: flower('lms.example.com') }), extra);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          tags: { code: 'ROUTE_CONFLICT' },
          field: { path: 'spec.flower.ingress.host' },
          message: expect.stringMatching(/host lms\.example\.com, path \/, is Tutor's LMS host \(LMS_HOST, from the Caddy site "lms\.example\.com\{\$default_site_port\}" \(line \d+\)\), served whether drydock-fn generates its Ingress or not; Ingress flower-edxapp may not route it too/),
        }),
      ]);
      expect(items).toEqual(inputItems);
    });

    test('the same in the ConfigMap form: the error names the key', () => {
      const { outcome, errors } = run(drydockConfigMap({ DRYDOCK_INGRESS: 'false', DRYDOCK_FLOWER: 'true', 'flower.ingress.enabled': 'true', 'flower.ingress.host': 'studio.example.com', 'flower.ingress.basicAuthSecretRef': '{name: flower-auth}' }));
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([expect.objectContaining({ tags: { code: 'ROUTE_CONFLICT' }, field: { path: 'data.flower.ingress.host' }, message: expect.stringMatching(/is Tutor's CMS host \(CMS_HOST/) })]);
    });

    test('Flower on a host the user\'s Ingress routes: an error naming that Ingress and its field', () => {
      const { outcome, errors } = run(drydockConfig({ ingress: { enabled: false }, flower: flower('ops.example.com') }), [usersIngress('ops', [['ops.example.com', '/']])]);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({ tags: { code: 'ROUTE_CONFLICT' }, field: { path: 'spec.flower.ingress.host' }, message: expect.stringMatching(/host ops\.example\.com, path \/, is already served by Ingress ops of the input \(spec\.rules\[0\]\.host\); Ingress flower-edxapp may not route it too/) }),
      ]);
    });

    test('ingress.enabled true beside the user\'s Ingress for the LMS host: an error on the user\'s Ingress, naming the lms Ingress drydock-fn generates', () => {
      const { outcome, items, inputItems, errors } = run(drydockConfig({}), [lmsIngress]);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          tags: { code: 'ROUTE_CONFLICT' },
          resourceRef: expect.objectContaining({ kind: 'Ingress', name: 'openedx', namespace: 'openedx' }),
          field: { path: 'spec.rules[0].host' },
          message: expect.stringMatching(/host lms\.example\.com, path \/, is also routed by Ingress lms, which drydock-fn generates \(LMS_HOST, from the Caddy site .*\): .*set ingress\.enabled to false/),
        }),
      ]);
      expect(items).toEqual(inputItems);
    });

    test('an extra host the user\'s Ingress already routes: an error naming the setting and that Ingress', () => {
      const { outcome, errors } = run(drydockConfig({ ingress: { extraHosts: ['courses.example.com'] } }), [usersIngress('courses', [['courses.example.com', '/']])]);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([expect.objectContaining({ tags: { code: 'ROUTE_CONFLICT' }, field: { path: 'spec.ingress.extraHosts[0]' }, message: expect.stringMatching(/already served by Ingress courses of the input/) })]);
    });

    test.each([
      ['the user\'s Ingress for the LMS host with ingress.enabled false (how the user serves it)', { ingress: { enabled: false } }, usersIngress('openedx', [['lms.example.com', '/']])],
      ['an Ingress of another class for the LMS host (another controller)', {}, usersIngress('internal', [['lms.example.com', '/']], { className: 'internal' })],
      ['the same by the deprecated class annotation', {}, usersIngress('internal', [['lms.example.com', '/']], { className: null, annotations: { 'kubernetes.io/ingress.class': 'internal' } })],
      ['an ingress-nginx canary of the user on the LMS host', {}, usersIngress('lms-canary', [['lms.example.com', '/']], { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' } })],
      ['an Ingress without host (the controller\'s default server)', {}, usersIngress('fallback', [['', '/']])],
      ['another path of the LMS host', {}, usersIngress('status', [['lms.example.com', '/status']])],
    ])('no conflict: %s', (_name, spec, extra) => {
      const { outcome, items, errors } = run(drydockConfig(spec), [extra]);
      expect(errors).toEqual([]);
      expect(outcome.exitCode).toBe(0);
      expect(find(items, 'Ingress', extra.metadata.name)).toEqual(extra);
    });

    test('a canary of the user where drydock-fn\'s debug canary goes: two canaries on one route, which ingress-nginx refuses', () => {
      const theirs = usersIngress('lms-canary', [['lms.example.com', '/']], { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true' } });
      const { errors } = run(drydockConfig({ debug: { enabled: true } }), [theirs]);
      expect(errors).toEqual([
        expect.objectContaining({ tags: { code: 'ROUTE_CONFLICT' }, resourceRef: expect.objectContaining({ name: 'lms-canary' }), message: expect.stringMatching(/also routed by Ingress ingress-debug, which drydock-fn generates .*debug\.canaryIngress: never/) }),
      ]);
    });

    test('an Ingress of the input without class is served by the default class, which may be drydock-fn\'s: a conflict', () => {
      const { errors } = run(drydockConfig({}), [usersIngress('openedx', [['lms.example.com', '/']], { className: null })]);
      expect(errors).toEqual([expect.objectContaining({ tags: { code: 'ROUTE_CONFLICT' }, resourceRef: expect.objectContaining({ name: 'openedx' }) })]);
    });

    test('Drydock 17\'s own output (ingress-lms, ingress-cms …) with its settings: an error for each route and TLS Secret drydock-fn\'s Ingresses would take from Drydock\'s', () => {
      const drydockCase = 'tutor-v17/with-plugins/drydock-all-features';
      const outcome = runOnManifests(readFixture(drydockCase, 'built.yaml'), drydockConfigMap({ ...caseSettings(drydockCase), DRYDOCK_INIT_JOBS: 'false' }));
      expect(outcome.exitCode).toBe(1);
      const errors = outcome.results.filter((result) => result.severity === 'error');
      expect(new Set(errors.map((result) => result.tags?.code))).toEqual(new Set(['ROUTE_CONFLICT', 'TLS_SECRET_CONFLICT']));
      const named = (code: string) => errors.filter((result) => result.tags?.code === code).map((result) => result.message.match(/Ingress (ingress-[a-z0-9-]+)/)?.[1] ?? result.resourceRef?.name).sort();
      expect(named('ROUTE_CONFLICT')).toEqual(['ingress-cms', 'ingress-extra1-example-com-tls', 'ingress-extra2-example-com-tls', 'ingress-lms', 'ingress-lms', 'ingress-lms-preview', 'ingress-mfe']);
      expect(named('TLS_SECRET_CONFLICT')).toEqual(['ingress-cms', 'ingress-extra1-example-com-tls', 'ingress-extra2-example-com-tls', 'ingress-lms', 'ingress-lms-preview', 'ingress-mfe']);
    });

    test.each(['tutor-v22/drydock-all-features', 'tutor-v22/with-plugins/drydock-all-features'])('%s (Drydock 22\'s own output): its Ingresses have drydock-fn\'s names and stand in their place, no conflict', (drydockCase) => {
      const outcome = runOnManifests(readFixture(drydockCase, 'built.yaml'), drydockConfigMap({ ...caseSettings(drydockCase), DRYDOCK_INIT_JOBS: 'false' }));
      expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
      expect(outcome.results.filter((result) => result.tags?.code === 'RESOURCE_CONFLICT').map((result) => result.resourceRef?.name)).toEqual(expect.arrayContaining(['lms', 'cms', 'extra1-example-com', 'lms-pdb']));
    });

    test('the output of an earlier run is no conflict with itself: the second run gives the same bytes', () => {
      const config = drydockConfig({ ingress: { extraHosts: ['courses.example.com'] }, flower: flower('flower.example.com'), debug: { enabled: true } });
      const first = runOnManifests(built, config);
      expect(first.exitCode).toBe(0);
      const items = unwrapItems(first.output);
      const second = runOnManifests(items, config);
      expect(second.results.filter((result) => result.severity === 'error')).toEqual([]);
      expect(unwrapItems(second.output)).toBe(items);
    });
  });

  describe('cert-manager annotations name an Issuer of the output, or one referenced on purpose', () => {
    /** Every cert-manager issuer annotation of the output, and whether the output holds that Issuer. */
    function issuerReferences(items: readonly Item[]): { ingress: string; issuer: string; inOutput: boolean }[] {
      return items
        .filter((item) => item.kind === 'Ingress' && item.metadata.annotations?.['cert-manager.io/issuer'])
        .map((item) => {
          const issuer = item.metadata.annotations['cert-manager.io/issuer'];
          return { ingress: item.metadata.name, issuer, inOutput: items.some((other) => other.kind === 'Issuer' && other.metadata.name === issuer && other.metadata.namespace === item.metadata.namespace) };
        });
    }

    test('ingress.enabled false with Flower\'s Ingress: the Issuer it names is generated', () => {
      const { outcome, items } = run(drydockConfig({ ingress: { enabled: false }, flower: flower('flower.example.com') }));
      expect(outcome.exitCode).toBe(0);
      expect(issuerReferences(items)).toEqual([{ ingress: 'flower-edxapp', issuer: 'letsencrypt', inOutput: true }]);
      expect(items.filter((item) => item.kind === 'Ingress').map((item) => item.metadata.name)).toEqual(['flower-edxapp']);
      const issuer = find(items, 'Issuer', 'letsencrypt') as Item;
      expect(issuer.spec.acme.solvers).toEqual([{ http01: { ingress: { class: 'nginx' } } }]);
      expect(schemaProblems(issuer)).toEqual([]);
    });

    test('the same with a custom certificate given as values: its Secret is generated, no cert-manager annotation', () => {
      const crt = Buffer.from('certificate').toString('base64');
      const { outcome, items } = run(drydockConfig({ ingress: { enabled: false, tls: { customCerts: { secretName: 'flower-tls', crt, key: crt } } }, flower: flower('flower.example.com') }));
      expect(outcome.exitCode).toBe(0);
      expect(find(items, 'Secret', 'flower-tls')).toMatchObject({ type: 'kubernetes.io/tls' });
      expect(find(items, 'Ingress', 'flower-edxapp')?.spec.tls).toEqual([{ hosts: ['flower.example.com'], secretName: 'flower-tls' }]);
      expect(issuerReferences(items)).toEqual([]);
    });

    test('an existing ClusterIssuer by reference: annotated, nothing generated', () => {
      const { outcome, items } = run(drydockConfig({ ingress: { enabled: false, tls: { issuer: { kind: 'ClusterIssuer', name: 'letsencrypt-prod', create: false } } }, flower: flower('flower.example.com') }));
      expect(outcome.exitCode).toBe(0);
      expect(find(items, 'Ingress', 'flower-edxapp')?.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
      expect(items.filter((item) => item.kind === 'Issuer')).toEqual([]);
    });

    test('ingress and Flower\'s Ingress off: no Issuer', () => {
      const { items } = run(drydockConfig({ ingress: { enabled: false }, flower: { enabled: true } }));
      expect(items.filter((item) => item.kind === 'Issuer' || item.kind === 'Ingress')).toEqual([]);
    });
  });

  describe('no two Ingresses name one TLS Secret that cert-manager issues', () => {
    test('an extra host whose Secret is the lms Ingress\'s (lms.host → lms-host-tls): an error naming both', () => {
      const { outcome, items, inputItems, errors } = run(drydockConfig({ ingress: { extraHosts: ['lms.host'] } }));
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          tags: { code: 'TLS_SECRET_CONFLICT' },
          field: { path: 'spec.ingress.extraHosts[0]' },
          message: expect.stringMatching(/Ingress lms-host would name the TLS Secret lms-host-tls, which Ingress lms names too \(LMS_HOST, from the Caddy site/),
        }),
      ]);
      expect(items).toEqual(inputItems);
    });

    test('the debug canary, whose Secret is named after the namespace, beside an extra host of that name: an error naming both', () => {
      const renamed = built.replace(/namespace: openedx$/gm, 'namespace: courses-example-com').replace(/^ {2}name: openedx$/gm, '  name: courses-example-com');
      const { outcome, errors } = run(drydockConfig({ tutor: { namespace: 'courses-example-com' }, ingress: { extraHosts: ['courses.example.com'] }, debug: { enabled: true } }), [], renamed);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          tags: { code: 'TLS_SECRET_CONFLICT' },
          field: { path: 'spec.debug.canaryIngress' },
          message: expect.stringMatching(/Ingress ingress-debug would name the TLS Secret courses-example-com-tls, which Ingress courses-example-com names too \(spec\.ingress\.extraHosts\[0\]\)/),
        }),
      ]);
    });

    test('the user\'s Ingress naming a Secret drydock-fn has cert-manager issue: an error on the user\'s Ingress', () => {
      const theirs = usersIngress('status', [['status.example.com', '/']], { tls: [{ hosts: ['status.example.com'], secretName: 'cms-host-tls' }] });
      const { outcome, errors } = run(drydockConfig({}), [theirs]);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({ tags: { code: 'TLS_SECRET_CONFLICT' }, resourceRef: expect.objectContaining({ kind: 'Ingress', name: 'status' }), field: { path: 'spec.tls[0].secretName' }, message: expect.stringMatching(/Ingress cms, which drydock-fn generates/) }),
      ]);
    });

    test('a Certificate of the input filling that Secret: an error on the Certificate', () => {
      const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'lms', namespace: 'openedx' }, spec: { secretName: 'lms-host-tls', dnsNames: ['lms.example.com'], issuerRef: { name: 'letsencrypt' } } };
      const { outcome, errors } = run(drydockConfig({}), [certificate]);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([expect.objectContaining({ tags: { code: 'TLS_SECRET_CONFLICT' }, resourceRef: expect.objectContaining({ kind: 'Certificate', name: 'lms' }), field: { path: 'spec.secretName' } })]);
    });

    test('with a custom certificate every Ingress shares its Secret on purpose (cert-manager is not involved): no conflict', () => {
      const { outcome, items } = run(drydockConfig({ ingress: { extraHosts: ['lms.host'], tls: { customCerts: { secretName: 'tls' } } } }));
      expect(outcome.exitCode).toBe(0);
      expect(new Set(items.filter((item) => item.kind === 'Ingress').map((item) => item.spec.tls[0].secretName))).toEqual(new Set(['tls']));
    });
  });

  describe('PodDisruptionBudgets: one budget per pod', () => {
    const pdb = (name: string, selector: unknown, apiVersion = 'policy/v1'): Item => ({
      apiVersion,
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: 'openedx', labels: INSTANCE_LABELS },
      spec: { maxUnavailable: 1, selector },
    });

    test('a budget of the input selecting the lms pods: an error naming it, exit 1, the items unchanged', () => {
      const { outcome, items, inputItems, errors } = run(drydockConfigMap({ DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '50' }), [pdb('lms', { matchLabels: { 'app.kubernetes.io/name': 'lms' } })]);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          tags: { code: 'PDB_OVERLAP' },
          field: { path: 'data.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS' },
          message: expect.stringMatching(/PodDisruptionBudget lms of the input already selects the pods of Deployment lms; lms-pdb would select them too/),
        }),
      ]);
      expect(items).toEqual(inputItems);
    });

    test('a budget of the input over every Tutor pod (matchExpressions): an error per generated budget', () => {
      const { errors } = run(drydockConfig({ podDisruptionBudgets: { lms: 50, cms: 50 } }), [pdb('all', { matchExpressions: [{ key: 'app.kubernetes.io/part-of', operator: 'In', values: ['openedx'] }] })]);
      expect(errors.map((result) => [result.tags?.code, result.field?.path])).toEqual([
        ['PDB_OVERLAP', 'spec.podDisruptionBudgets.lms'],
        ['PDB_OVERLAP', 'spec.podDisruptionBudgets.cms'],
      ]);
    });

    test.each([
      ['an empty selector selects every pod of the namespace (policy/v1)', pdb('all', {}), 1],
      ['an empty selector selects none in policy/v1beta1', pdb('all', {}, 'policy/v1beta1'), 0],
      ['a null selector selects none', pdb('none', null), 0],
      ['a budget of other pods', pdb('forum', { matchLabels: { 'app.kubernetes.io/name': 'forum' } }), 0],
      ['a budget excluding lms by NotIn', pdb('not-lms', { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['lms'] }] }), 0],
      ['a budget selecting lms by Exists', pdb('named', { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'Exists' }] }), 1],
    ])('%s', (_name, theirs, errorCount) => {
      const { errors } = run(drydockConfig({ podDisruptionBudgets: { lms: 50 } }), [theirs]);
      expect(errors.filter((result) => result.tags?.code === 'PDB_OVERLAP')).toHaveLength(errorCount);
    });

    test('Drydock\'s own lms-pdb in the input: kept, drydock-fn does not generate its own (no second budget, no overlap)', () => {
      const theirs = pdb('lms-pdb', { matchLabels: { ...INSTANCE_LABELS, 'app.kubernetes.io/name': 'lms' } });
      const { outcome, items } = run(drydockConfig({ podDisruptionBudgets: { lms: 50 } }), [theirs]);
      expect(outcome.exitCode).toBe(0);
      expect(outcome.results).toContainEqual(expect.objectContaining({ tags: { code: 'RESOURCE_CONFLICT' } }));
      expect(items.filter((item) => item.kind === 'PodDisruptionBudget').map((item) => item.metadata.name)).toEqual(['lms-pdb']);
    });
  });
});
