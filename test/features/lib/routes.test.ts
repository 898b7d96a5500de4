/**
 * The route table (src/features/lib/routes.ts) on its own: which Ingresses the settings plan, with
 * which rules, TLS Secrets and origins, and which shared routes and TLS Secrets are conflicts, with
 * the setting or item each error is about. test/overlaps.test.ts, test/features/ingress.test.ts and
 * test/features/gateway-api.test.ts check the same through the whole function.
 */
import {
  canaryIngressWanted,
  canaryPlan,
  extraHostIngressName,
  httpRouteTable,
  extraHostNameClash,
  extraHostPlan,
  flowerPlan,
  generatedIngresses,
  ingressesGenerated,
  ingressesReplaced,
  routeConflicts,
  routeTable,
  tlsSecretConflicts,
  tutorIngressPlan,
} from '../../../src/features/lib/routes';
import type { RouteTable, SecretClaim, TableIngress } from '../../../src/features/lib/routes';
import type { FeatureInput } from '../../../src/features/feature';
import { GENERATED_BY_ANNOTATION, GENERATED_BY_VALUE } from '../../../src/krm/annotations';
import { deriveTutorContext } from '../../../src/tutor/context';
import { tutorObjects } from '../../support/tutor-objects';
import type { TutorObjectsOptions } from '../../support/tutor-objects';
import { resourceSetOf, settingsOf } from '../../support/views';

type Item = Record<string, any>;

function inputOf(spec: Record<string, unknown> = {}, objects: Item[] = tutorObjects(), extra: Item[] = []): FeatureInput {
  const settings = settingsOf(spec);
  const resources = resourceSetOf([...objects, ...extra]).views();
  return { resources, settings, tutor: deriveTutorContext(resources, settings) };
}
const plans = (spec: Record<string, unknown> = {}, options: TutorObjectsOptions = {}) => {
  const input = inputOf(spec, tutorObjects(options));
  return generatedIngresses(input.settings, input.tutor).map((planned) => ({ name: planned.name, rules: planned.rules.map((rule) => [rule.host, ...rule.paths].join(' ')), tls: planned.tlsSecretName }));
};
const ingress = (name: string, rules: [string, string[]][], extra: { annotations?: Record<string, string>; className?: string; tls?: Item[]; generated?: boolean } = {}): Item => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'openedx', annotations: { ...(extra.annotations ?? {}), ...(extra.generated ? { [GENERATED_BY_ANNOTATION]: GENERATED_BY_VALUE } : {}) } },
  spec: { ...(extra.className ? { ingressClassName: extra.className } : {}), rules: rules.map(([host, paths]) => ({ host, http: { paths: paths.map((path) => ({ path, pathType: 'Prefix', backend: { service: { name: 'x', port: { number: 80 } } } })) } })), ...(extra.tls ? { tls: extra.tls } : {}) },
});

describe('names', () => {
  test('an extra host\'s Ingress: dots become dashes, a leading *. becomes wildcard-', () => {
    expect(extraHostIngressName('*.tenants.example.org')).toBe('wildcard-tenants-example-org');
    expect(extraHostIngressName('a.*.b')).toBe('a-*-b');
  });

  test('a name clash: with a name drydock-fn uses, with an earlier host\'s name; none for a host listed twice', () => {
    const hosts = ['lms', 'a.b', 'a-b', 'a.b'];
    expect(extraHostNameClash(hosts, 0, ['lms', 'cms'], 'Ingress')).toBe('host lms would be served by an Ingress named lms, a name drydock-fn uses for another Ingress');
    expect(extraHostNameClash(hosts, 1, ['lms'], 'Ingress')).toBeUndefined();
    expect(extraHostNameClash(hosts, 2, ['lms'], 'HTTPRoute')).toBe('hosts a.b and a-b would both be routed by an HTTPRoute named a-b');
    expect(extraHostNameClash(hosts, 3, ['lms'], 'Ingress')).toBeUndefined();
  });
});

describe('what the settings plan', () => {
  test('ingressesReplaced and ingressesGenerated: Gateway API takes the Ingresses\' place unless keepIngresses; Flower\'s Ingress alone is enough', () => {
    const of = (spec: Record<string, unknown>) => [ingressesReplaced(settingsOf(spec)), ingressesGenerated(settingsOf(spec))];
    expect(of({})).toEqual([false, true]);
    expect(of({ gatewayApi: { enabled: true } })).toEqual([true, false]);
    expect(of({ gatewayApi: { enabled: true, keepIngresses: true } })).toEqual([false, true]);
    expect(of({ ingress: { enabled: false } })).toEqual([false, false]);
    expect(of({ ingress: { enabled: false }, flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.com' } } })).toEqual([false, true]);
  });

  test("Tutor's hosts in Drydock's order, the LMS aliases after the LMS host with every MFE path; each Ingress's TLS Secret", () => {
    expect(plans({ ingress: { lmsExtraHosts: ['learn.example.com'] } }, { mfeApps: ['authoring', 'learning', 'account'], previewHost: 'preview.example.com', notes: true })).toEqual([
      { name: 'lms', rules: ['lms.example.com /learning /account /', 'learn.example.com /learning /authoring /account /'], tls: 'lms-host-tls' },
      { name: 'lms-preview', rules: ['preview.example.com /'], tls: 'lms-preview-host-tls' },
      { name: 'cms', rules: ['studio.example.com /course-authoring /authoring /'], tls: 'cms-host-tls' },
      { name: 'mfe', rules: [expect.stringMatching(/ \/$/)], tls: 'mfe-host-tls' },
      { name: 'notes', rules: [expect.stringMatching(/ \/$/)], tls: 'notes-host-tls' },
    ]);
    // Without the authoring MFE, Studio gets / only.
    expect(plans({}, { mfeApps: ['learning'] }).find((planned) => planned.name === 'cms')?.rules).toEqual(['studio.example.com /']);
  });

  test('then the extra hosts, Flower\'s Ingress and the debug canary (TLS Secret named after the namespace)', () => {
    const spec = { ingress: { extraHosts: ['courses.example.org'] }, flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.com' } }, debug: { enabled: true } };
    expect(plans(spec).slice(2)).toEqual([
      { name: 'courses-example-org', rules: ['courses.example.org /'], tls: 'courses-example-org-tls' },
      { name: 'flower-edxapp', rules: ['flower.example.com /'], tls: 'flower-host-tls' },
      { name: 'ingress-debug', rules: ['lms.example.com /', 'studio.example.com /'], tls: 'openedx-tls' },
    ]);
    // With ingress.enabled false, Flower's Ingress only.
    expect(plans({ ...spec, ingress: { enabled: false } }).map((planned) => planned.name)).toEqual(['flower-edxapp']);
    // With HTTPRoutes in their place: none.
    expect(plans({ ...spec, gatewayApi: { enabled: true } })).toEqual([]);
  });

  test('the plans one by one: origins, the canary\'s primaries, Flower\'s conditions', () => {
    const input = inputOf({ ingress: { extraHosts: ['a.example.org'] }, debug: { enabled: true } });
    expect(extraHostPlan(input.settings)).toEqual([
      { name: 'a-example-org', rules: [{ host: 'a.example.org', paths: ['/'], origin: { kind: 'setting', path: ['ingress', 'extraHosts', 0] } }], tlsSecretName: 'a-example-org-tls', origin: { kind: 'setting', path: ['ingress', 'extraHosts', 0] } },
    ]);
    const canary = canaryPlan(input.settings, input.tutor);
    expect(canary).toMatchObject({ name: 'ingress-debug', canaryOf: ['lms', 'cms'], origin: { kind: 'setting', path: ['debug', 'canaryIngress'] } });
    expect(canary?.rules.map((rule) => rule.origin.kind)).toEqual(['manifest', 'manifest']);
    expect(canaryPlan(settingsOf({ debug: { enabled: false } }), input.tutor)).toBeUndefined();
    expect(canaryPlan(settingsOf({ debug: { enabled: true, canaryIngress: 'never' } }), input.tutor)).toBeUndefined();
    for (const flower of [{ enabled: false, ingress: { enabled: true, host: 'f.example.com' } }, { enabled: true, ingress: { enabled: false, host: 'f.example.com' } }, { enabled: true, ingress: { enabled: true } }]) {
      expect(flowerPlan(settingsOf({ flower }))).toBeUndefined();
    }
    expect(flowerPlan(settingsOf({ flower: { enabled: true, ingress: { enabled: true, host: 'f.example.com' } } }))?.origin).toEqual({ kind: 'setting', path: ['flower', 'ingress', 'host'] });
  });

  test('a host given as a setting is the origin of its rule; a plugin\'s host without the plugin has no Ingress', () => {
    const input = inputOf({ tutor: { lmsHost: 'learn.example.net' } });
    expect(tutorIngressPlan(input.settings, input.tutor)[0].rules[0]).toEqual({ host: 'learn.example.net', paths: ['/learning', '/'], origin: { kind: 'setting', path: ['tutor', 'lmsHost'] } });
    expect(plans({}, { meilisearch: false }).map((planned) => planned.name)).not.toContain('meilisearch');
  });
});

describe('the route table', () => {
  test("Tutor's hosts are served even with ingress.enabled false: by Caddy, with no class; the aliases are not", () => {
    const table = routeTable(inputOf({ ingress: { enabled: false, lmsExtraHosts: ['alias.example.com'] } }));
    expect(table.ingresses.map((entry) => [entry.name, entry.source, entry.className, entry.canary, entry.rules.map((rule) => rule.host)])).toEqual([
      ['lms', 'served', undefined, false, ['lms.example.com']],
      ['cms', 'served', undefined, false, ['studio.example.com']],
    ]);
    expect(table.secrets).toEqual([]);
  });

  test('the input\'s Ingresses (host in lower case, empty path as /, no rule without host, class from the annotation), then the generated ones with their issued Secrets', () => {
    const mine = ingress('mine', [['Shop.Example.com', ['', '/api']], ['', ['/x']]], { annotations: { 'kubernetes.io/ingress.class': 'nginx', 'nginx.ingress.kubernetes.io/canary': 'true', 'cert-manager.io/cluster-issuer': 'le' }, tls: [{ secretName: 'shop-tls' }, { secretName: '' }, {}] });
    const table = routeTable(inputOf({ ingress: { className: 'nginx' } }, tutorObjects(), [mine]));
    expect(table.ingresses.map((entry) => [entry.name, entry.source, entry.className, entry.canary])).toEqual([
      ['mine', 'input', 'nginx', true],
      ['lms', 'generated', 'nginx', false],
      ['cms', 'generated', 'nginx', false],
    ]);
    expect(table.ingresses[0].rules).toEqual([{ host: 'shop.example.com', paths: ['/', '/api'], origin: { kind: 'input', item: expect.anything(), field: 'spec.rules[0].host' } }]);
    expect(table.secrets.map((claim) => [claim.secretName, claim.owner, claim.generated, claim.issued])).toEqual([
      ['shop-tls', 'Ingress mine', false, true],
      ['lms-host-tls', 'Ingress lms', true, true],
      ['cms-host-tls', 'Ingress cms', true, true],
    ]);
    // ingressClassName wins over the annotation; no shim annotation: the Secret is not issued.
    const plain = routeTable(inputOf({}, tutorObjects(), [ingress('plain', [['x.example.com', ['/']]], { className: 'traefik', annotations: { 'kubernetes.io/ingress.class': 'nginx' }, tls: [{ secretName: 's' }] })]));
    expect([plain.ingresses[0].className, plain.secrets[0].issued]).toEqual(['traefik', false]);
    const acme = routeTable(inputOf({}, tutorObjects(), [ingress('acme', [['x.example.com', ['/']]], { annotations: { 'kubernetes.io/tls-acme': 'true' }, tls: [{ secretName: 's' }] })]));
    expect(acme.secrets[0].issued).toBe(true);
  });

  test('an Ingress of the input named like a generated one stands in its place; with custom certificates or without TLS, no generated Secret is issued', () => {
    const table = routeTable(inputOf({}, tutorObjects(), [ingress('lms', [['lms.example.com', ['/']]])]));
    expect(table.ingresses.map((entry) => `${entry.source} ${entry.name}`)).toEqual(['served lms', 'input lms', 'generated cms']);
    expect(routeTable(inputOf({ ingress: { tls: { auto: false } } })).secrets).toEqual([]);
    // An Ingress drydock-fn generated in an earlier run is not the input's.
    expect(routeTable(inputOf({}, tutorObjects(), [ingress('lms', [['lms.example.com', ['/']]], { generated: true })])).ingresses.map((entry) => entry.source)).toEqual(['generated', 'generated']);
  });

  test('Certificates of the input claim their Secret, issued', () => {
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'www', namespace: 'openedx' }, spec: { secretName: 'www-tls', dnsNames: ['www.example.com'], issuerRef: { name: 'le' } } };
    const claims = routeTable(inputOf({}, tutorObjects(), [certificate])).secrets;
    expect(claims[0]).toEqual({ secretName: 'www-tls', owner: 'Certificate www', generated: false, issued: true, origin: { kind: 'input', item: expect.anything(), field: 'spec.secretName' } });
  });
});

describe('the HTTPRoute table', () => {
  const httpRoute = (name: string, spec: Item, generated = false): Item => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'openedx', ...(generated ? { annotations: { [GENERATED_BY_ANNOTATION]: GENERATED_BY_VALUE } } : {}) },
    spec,
  });
  const generatedRoute = (name: string): TableIngress => ({ name, source: 'generated', rules: [{ host: `${name}.example.com`, paths: ['/'], origin: { kind: 'setting', path: ['ingress', 'extraHosts', 0] } }], className: undefined, canary: false, kind: 'HTTPRoute' });

  test("the input's HTTPRoutes first, each hostname (lower case) with the PathPrefix paths of its matches; a generated one named like an input's is left out", () => {
    const route = httpRoute('shop', {
      hostnames: ['Shop.Example.com', '', 'b.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }, { path: { value: '' } }, { path: { type: 'Exact', value: '/exact' } }, { headers: [{ name: 'x', value: 'y' }] }, { queryParams: [] }, { method: 'GET' }, 'junk'] },
        { matches: [] },
        {},
        'junk',
      ],
    });
    const table = httpRouteTable(inputOf({}, tutorObjects(), [route, httpRoute('old', { hostnames: ['o.example.com'] }, true)]), [generatedRoute('shop'), generatedRoute('lms')]);
    expect(table.map((entry) => [entry.name, entry.source, entry.kind, entry.className, entry.canary])).toEqual([
      ['shop', 'input', 'HTTPRoute', undefined, false],
      ['lms', 'generated', 'HTTPRoute', undefined, false],
    ]);
    expect(table[0].rules).toEqual([
      { host: 'shop.example.com', paths: ['/api', '/', '/', '/'], origin: { kind: 'input', item: expect.anything(), field: 'spec.hostnames[0]' } },
      { host: 'b.example.com', paths: ['/api', '/', '/', '/'], origin: { kind: 'input', item: expect.anything(), field: 'spec.hostnames[2]' } },
    ]);
  });

  test('an HTTPRoute without hostnames (its listeners\' hosts), or with no prefix path, claims no route', () => {
    const table = httpRouteTable(inputOf({}, tutorObjects(), [httpRoute('any', { rules: [{}] }), httpRoute('exact', { hostnames: ['e.example.com'], rules: [{ matches: [{ path: { type: 'Exact', value: '/' } }] }] })]), []);
    expect(table.map((entry) => [entry.name, entry.rules])).toEqual([
      ['any', []],
      ['exact', []],
    ]);
  });

  test('an input HTTPRoute sharing a generated one\'s route: the error is about the input\'s, naming the generated HTTPRoute and what to change', () => {
    const input = inputOf({}, tutorObjects(), [httpRoute('shop', { hostnames: ['lms.example.com'], rules: [{}] })]);
    const generated: TableIngress = { ...generatedRoute('lms'), rules: [{ host: 'lms.example.com', paths: ['/'], origin: { kind: 'setting', path: ['tutor', 'lmsHost'] } }] };
    const results = routeConflicts(input, { ingresses: httpRouteTable(input, [generated]), secrets: [] });
    expect(results.map((result) => [result.tags?.code, result.resourceRef?.kind, result.field?.path, result.message])).toEqual([
      [
        'ROUTE_CONFLICT',
        'HTTPRoute',
        'spec.hostnames[0]',
        'host lms.example.com, path /, is also routed by HTTPRoute lms, which drydock-fn generates (spec.tutor.lmsHost): a Gateway gives a host and path claimed twice to the older route, so the requests of one of the two reach the wrong Service; remove this route, or change that setting',
      ],
    ]);
  });
});

describe('conflicts', () => {
  const input = inputOf();
  const setting = (path: (string | number)[]) => ({ kind: 'setting' as const, path });
  const entry = (name: string, source: TableIngress['source'], host: string, paths: string[], extra: Partial<TableIngress> = {}, origin = setting(['ingress', 'extraHosts', 0])): TableIngress => ({
    name,
    source,
    rules: [{ host, paths, origin }],
    className: 'nginx',
    canary: false,
    ...extra,
  });
  const messages = (ingresses: TableIngress[]) => routeConflicts(input, { ingresses, secrets: [] }).map((result) => [result.tags?.code, result.field?.path, result.message]);

  test('two generated Ingresses on one host and path (a trailing slash does not count): one error, about the later setting, listed twice when both come from one list', () => {
    expect(messages([entry('a', 'generated', 'x.example.com', ['/app/']), entry('b', 'generated', 'x.example.com', ['/app'], {}, setting(['ingress', 'extraHosts', 1]))])).toEqual([
      ['ROUTE_CONFLICT', 'spec.ingress.extraHosts[1]', 'spec.ingress.extraHosts[1]: host x.example.com is listed twice (also spec.ingress.extraHosts[0])'],
    ]);
    // Several trailing slashes count for none.
    expect(messages([entry('a', 'generated', 'x.example.com', ['/app//']), entry('b', 'generated', 'x.example.com', ['/app'], {}, setting(['ingress', 'extraHosts', 1]))])).toHaveLength(1);
    // `/` keeps its slash: `/` and `` are not compared as the same path here, and other paths do not meet.
    expect(messages([entry('a', 'generated', 'x.example.com', ['/']), entry('b', 'generated', 'x.example.com', ['/other'])])).toEqual([]);
  });

  test('two Ingresses of the input, or of two classes: never a conflict of drydock-fn\'s', () => {
    expect(messages([entry('a', 'input', 'x.example.com', ['/']), entry('b', 'input', 'x.example.com', ['/'])])).toEqual([]);
    expect(messages([entry('a', 'generated', 'x.example.com', ['/']), entry('b', 'input', 'x.example.com', ['/'], { className: 'traefik' })])).toEqual([]);
    // No class on one side: the default class, which may be the other's.
    expect(messages([entry('a', 'generated', 'x.example.com', ['/']), entry('b', 'input', 'x.example.com', ['/'], { className: undefined })])).toHaveLength(1);
  });

  test('a canary shadows a primary: the generated canary only lms and cms; two canaries conflict', () => {
    const canary = (canaryOf: string[]) => entry('ingress-debug', 'generated', 'lms.example.com', ['/'], { canary: true, canaryOf }, setting(['debug', 'canaryIngress']));
    expect(messages([entry('lms', 'generated', 'lms.example.com', ['/']), canary(['lms', 'cms'])])).toEqual([]);
    expect(messages([entry('shop', 'input', 'lms.example.com', ['/']), canary(['lms', 'cms'])])).toHaveLength(1);
    expect(messages([entry('mine', 'input', 'lms.example.com', ['/'], { canary: true }), entry('lms', 'generated', 'lms.example.com', ['/'])])).toEqual([]);
    expect(messages([entry('mine', 'input', 'lms.example.com', ['/'], { canary: true }), canary(['lms', 'cms'])])).toHaveLength(1);
  });

  test('one error per pair of rules, however many paths they share; a route in conflict is not taken, so a third Ingress is compared with the first only', () => {
    const first = entry('a', 'generated', 'x.example.com', ['/', '/b']);
    const second = entry('b', 'generated', 'x.example.com', ['/', '/b'], {}, setting(['flower', 'ingress', 'host']));
    const third = entry('c', 'generated', 'x.example.com', ['/'], {}, setting(['ingress', 'extraHosts', 2]));
    expect(messages([first, second, third]).map(([, field]) => field)).toEqual(['spec.flower.ingress.host', 'spec.ingress.extraHosts[2]']);
  });

  test('the words: about the input\'s Ingress when the other comes from a setting (here tutor.lmsHost), naming what to change', () => {
    const tutorHost = { kind: 'setting' as const, path: ['tutor', 'lmsHost'] };
    const item = input.resources[0];
    const theirs = entry('shop', 'input', 'lms.example.com', ['/'], {}, { kind: 'input', item, field: 'spec.rules[0].host' } as never);
    const results = routeConflicts(input, { ingresses: [entry('lms', 'generated', 'lms.example.com', ['/'], {}, tutorHost), theirs], secrets: [] });
    expect(results.map((result) => [result.field?.path, result.message])).toEqual([
      [
        'spec.rules[0].host',
        'host lms.example.com, path /, is also routed by Ingress lms, which drydock-fn generates (spec.tutor.lmsHost): ingress-nginx refuses the second Ingress, and other controllers send the requests to either; remove this route or give this Ingress another class, or change that setting',
      ],
    ]);
  });

  test('TLS Secrets: one owner per issued Secret; two claims of one owner, two of the input, or two not issued are fine', () => {
    const claim = (secretName: string, owner: string, generated: boolean, issued: boolean, origin = setting(['ingress', 'extraHosts', 0])): SecretClaim => ({ secretName, owner, generated, issued, origin });
    const conflicts = (secrets: SecretClaim[]) => tlsSecretConflicts(input, { ingresses: [], secrets } as RouteTable).map((result) => [result.tags?.code, result.field?.path, result.message]);
    expect(conflicts([claim('s', 'Ingress a', true, true), claim('s', 'Ingress a', true, true)])).toEqual([]);
    expect(conflicts([claim('s', 'Ingress a', false, true), claim('s', 'Ingress b', false, true)])).toEqual([]);
    expect(conflicts([claim('s', 'Ingress a', true, false), claim('s', 'Ingress b', false, false)])).toEqual([]);
    expect(conflicts([claim('lms-host-tls', 'Ingress lms', true, true, setting(['tutor', 'lmsHost'])), claim('lms-host-tls', 'Ingress lms-host', true, true, setting(['ingress', 'extraHosts', 3]))])).toEqual([
      [
        'TLS_SECRET_CONFLICT',
        'spec.ingress.extraHosts[3]',
        'spec.ingress.extraHosts[3]: Ingress lms-host would name the TLS Secret lms-host-tls, which Ingress lms names too (spec.tutor.lmsHost): a Secret cert-manager fills has one owner ("certificate resource is not owned by this ingress"), so one of the two certificates is never issued, or is replaced by the other; choose another host, or give one certificate to every Ingress (ingress.tls.customCerts)',
      ],
    ]);
    expect(conflicts([claim('openedx-tls', 'Ingress x', false, false, setting(['ingress', 'extraHosts', 0])), claim('openedx-tls', 'Ingress ingress-debug', true, true, setting(['debug', 'canaryIngress']))])[0][2]).toBe(
      'spec.debug.canaryIngress: Ingress ingress-debug would name the TLS Secret openedx-tls, which Ingress x names too (spec.ingress.extraHosts[0], in the input): a Secret cert-manager fills has one owner ("certificate resource is not owned by this ingress"), so one of the two certificates is never issued, or is replaced by the other; leave the canary out (debug.canaryIngress: never), or give one certificate to every Ingress (ingress.tls.customCerts)',
    );
  });
});

describe('more of the table and its words', () => {
  const setting = (path: (string | number)[]) => ({ kind: 'setting' as const, path });
  const generatedEntry = (name: string, host: string, origin: any, extra: Partial<TableIngress> = {}): TableIngress => ({ name, source: 'generated', rules: [{ host, paths: ['/'], origin }], className: 'nginx', canary: false, ...extra });
  const said = (input: FeatureInput, ingresses: TableIngress[]) => routeConflicts(input, { ingresses, secrets: [] }).map((result) => [result.severity, result.tags?.code, result.resourceRef?.kind, result.field?.path, result.message]);

  test('a clash with the first extra host\'s name; the canary is wanted with an nginx class or always, never without ingress or in Gateway API\'s place', () => {
    expect(extraHostNameClash(['a.b', 'a-b'], 1, [], 'Ingress')).toBe('hosts a.b and a-b would both be served by an Ingress named a-b');
    const wanted = (spec: Record<string, unknown>) => canaryIngressWanted(settingsOf(spec));
    expect([wanted({}), wanted({ ingress: { className: 'traefik' } }), wanted({ ingress: { className: 'traefik' }, debug: { canaryIngress: 'always' } }), wanted({ debug: { canaryIngress: 'never' } })]).toEqual([true, false, true, false]);
    expect([wanted({ ingress: { enabled: false }, debug: { canaryIngress: 'always' } }), wanted({ gatewayApi: { enabled: true }, debug: { canaryIngress: 'always' } })]).toEqual([false, false]);
  });

  test("a plugin's host without the plugin's Deployment: no Ingress; with it, one named after the plugin", () => {
    const without = (name: string) => tutorObjects({ meilisearch: true, notes: true }).filter((item: Item) => !(item.kind === 'Deployment' && item.metadata.name === name));
    const names = (objects: Item[]) => { const input = inputOf({}, objects); return generatedIngresses(input.settings, input.tutor).map((planned) => `${planned.name} ${planned.tlsSecretName}`); };
    expect(names(tutorObjects({ meilisearch: true, notes: true }))).toEqual(['lms lms-host-tls', 'cms cms-host-tls', 'meilisearch meilisearch-host-tls', 'notes notes-host-tls']);
    expect(names(without('meilisearch'))).toEqual(['lms lms-host-tls', 'cms cms-host-tls', 'notes notes-host-tls']);
    expect(names(without('notes'))).toEqual(['lms lms-host-tls', 'cms cms-host-tls', 'meilisearch meilisearch-host-tls']);
  });

  test("an LMS alias's origin is its place in lmsExtraHosts; the canary's Secret is named after the namespace, openedx without one", () => {
    const input = inputOf({ ingress: { lmsExtraHosts: ['a.example.com', 'b.example.com'] } });
    expect(tutorIngressPlan(input.settings, input.tutor)[0].rules.map((rule) => rule.origin)).toEqual([expect.objectContaining({ kind: 'manifest' }), setting(['ingress', 'lmsExtraHosts', 0]), setting(['ingress', 'lmsExtraHosts', 1])]);
    const inNamespace = (namespace: string | undefined) =>
      tutorObjects().map((item: Item) => ({ ...item, metadata: { ...item.metadata, namespace } }));
    const tlsOf = (objects: Item[]) => { const plain = inputOf({ debug: { enabled: true } }, objects); return canaryPlan(plain.settings, plain.tutor)?.tlsSecretName; };
    expect(tlsOf(inNamespace(undefined))).toBe('openedx-tls');
    expect(tlsOf(inNamespace('school'))).toBe('school-tls');
  });

  test("Tutor's host given as tutor.lmsHost is served with ingress.enabled false; the generated debug canary is a canary of lms and cms in the table", () => {
    expect(routeTable(inputOf({ ingress: { enabled: false }, tutor: { lmsHost: 'learn.example.net' } })).ingresses[0].rules.map((rule) => rule.host)).toEqual(['learn.example.net']);
    // Its aliases are drydock-fn's own Ingress rules, not served by Tutor: left out with the Ingress off.
    expect(routeTable(inputOf({ ingress: { enabled: false, lmsExtraHosts: ['alias.example.net'] }, tutor: { lmsHost: 'learn.example.net' } })).ingresses.flatMap((entry) => entry.rules.map((rule) => rule.host))).not.toContain('alias.example.net');
    const table = routeTable(inputOf({ debug: { enabled: true } }));
    expect(table.ingresses.map((entry) => [entry.name, entry.canary, entry.canaryOf])).toEqual([
      ['lms', false, undefined],
      ['cms', false, undefined],
      ['ingress-debug', true, ['lms', 'cms']],
    ]);
  });

  test("the input's Ingresses and Certificates whatever their shape: junk rules, paths and TLS entries are skipped; the issuer annotation issues; a generated Certificate or one without secretName claims nothing", () => {
    const odd = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'odd', annotations: { 'nginx.ingress.kubernetes.io/canary': 'false', 'cert-manager.io/issuer': 'own' } }, spec: { rules: ['junk', { host: 5 }, { host: 'a.example.com', http: { paths: 'junk' } }, { host: 'b.example.com', http: { paths: ['junk', { path: 5 }, { path: '/x' }] } }], tls: ['junk', { secretName: 's' }] } };
    const bare = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'bare' } };
    const certificates = [
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'nospec' } },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'nosecret' }, spec: { secretName: 5 } },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'ours', annotations: { [GENERATED_BY_ANNOTATION]: GENERATED_BY_VALUE } }, spec: { secretName: 'ours-tls' } },
    ];
    const table = routeTable(inputOf({ ingress: { enabled: false } }, tutorObjects(), [odd, bare, ...certificates]));
    const inputs = table.ingresses.filter((entry) => entry.source === 'input');
    expect(inputs.map((entry) => [entry.name, entry.canary, entry.className, entry.rules.map((rule) => [rule.host, ...rule.paths].join(' '))])).toEqual([
      ['odd', false, undefined, ['a.example.com', 'b.example.com / / /x']],
      ['bare', false, undefined, []],
    ]);
    expect(table.secrets).toEqual([{ secretName: 's', owner: 'Ingress odd', generated: false, issued: true, origin: { kind: 'input', item: expect.anything(), field: 'spec.tls[1].secretName' } }]);
    const routes = httpRouteTable(inputOf({}, tutorObjects(), [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' } }, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'n' }, spec: { hostnames: [5, 'ok.example.com'], rules: [{}] } }]), []);
    expect(routes.map((entry) => [entry.name, entry.rules.map((rule) => `${rule.host} ${(rule.origin as { field: string }).field}`)])).toEqual([
      ['r', []],
      ['n', ['ok.example.com spec.hostnames[1]']],
    ]);
  });

  test('who already routes it, in words: a Tutor host served by Caddy, an Ingress of the input, a generated Ingress; a Tutor host of the manifests as the later one is named first', () => {
    const input = inputOf({ ingress: { enabled: false } });
    const served = routeTable(input).ingresses;
    const lmsOrigin = served[0].rules[0].origin as any;
    const where = `LMS_HOST, from ${lmsOrigin.source.where}`;
    expect(said(input, [...served, generatedEntry('x', 'lms.example.com', setting(['ingress', 'extraHosts', 0]))])).toEqual([
      ['error', 'ROUTE_CONFLICT', undefined, 'spec.ingress.extraHosts[0]', `spec.ingress.extraHosts[0]: host lms.example.com, path /, is Tutor's LMS host (${where}), served whether drydock-fn generates its Ingress or not; Ingress x may not route it too, or its requests could reach the wrong Service: choose another host`],
    ]);
    expect(said(input, [...served, generatedEntry('y', 'lms.example.com', lmsOrigin, { kind: 'HTTPRoute' })])).toEqual([
      ['error', 'ROUTE_CONFLICT', 'ConfigMap', lmsOrigin.source.field, `${where}: host lms.example.com, path /, is Tutor's LMS host (${where}), served whether drydock-fn generates its Ingress or not; HTTPRoute y may not route it too, or its requests could reach the wrong Service: choose another host`],
    ]);
    // The LMS preview host, named as such.
    const previewInput = inputOf({ ingress: { enabled: false } }, tutorObjects({ previewHost: 'preview.example.com' }));
    const previewServed = routeTable(previewInput).ingresses;
    const previewRule = previewServed.flatMap((entry) => entry.rules).find((rule) => rule.host === 'preview.example.com')!;
    const previewWhere = `PREVIEW_LMS_HOST, from ${(previewRule.origin as any).source.where}`;
    expect(said(previewInput, [...previewServed, generatedEntry('x', 'preview.example.com', setting(['ingress', 'extraHosts', 0]))]).map((row) => row[4])).toEqual([
      `spec.ingress.extraHosts[0]: host preview.example.com, path /, is Tutor's LMS preview host (${previewWhere}), served whether drydock-fn generates its Ingress or not; Ingress x may not route it too, or its requests could reach the wrong Service: choose another host`,
    ]);
    const item = input.resources[0];
    const theirs: TableIngress = { name: 'shop', source: 'input', rules: [{ host: 'x.example.com', paths: ['/'], origin: { kind: 'input', item, field: 'spec.rules[0].host' } }], className: undefined, canary: false };
    expect(said(input, [theirs, generatedEntry('a', 'x.example.com', setting(['flower', 'ingress', 'host']))])[0][4]).toBe(
      "spec.flower.ingress.host: host x.example.com, path /, is already served by Ingress shop of the input (spec.rules[0].host); Ingress a may not route it too, or its requests could reach the wrong Service: choose another host",
    );
    expect(said(input, [generatedEntry('a', 'x.example.com', setting(['ingress', 'extraHosts', 0])), generatedEntry('b', 'x.example.com', setting(['flower', 'ingress', 'host']))])[0][4]).toBe(
      'spec.flower.ingress.host: host x.example.com, path /, is already served by Ingress a (spec.ingress.extraHosts[0]); Ingress b may not route it too, or its requests could reach the wrong Service: choose another host',
    );
    // The input's Ingress first, without class, then a generated one of class nginx: a conflict too.
    expect(said(input, [theirs, generatedEntry('c', 'x.example.com', setting(['ingress', 'extraHosts', 0]))])).toHaveLength(1);
  });

  test("what the input's route should do instead: leave the canary out, turn the Ingresses or HTTPRoutes off", () => {
    const input = inputOf({ ingress: { enabled: false } });
    const lmsOrigin = routeTable(input).ingresses[0].rules[0].origin;
    const item = input.resources[0];
    const theirs = (extra: Partial<TableIngress> = {}): TableIngress => ({ name: 'shop', source: 'input', rules: [{ host: 'lms.example.com', paths: ['/'], origin: { kind: 'input', item, field: 'spec.rules[0].host' } }], className: undefined, canary: false, ...extra });
    const tail = (ingresses: TableIngress[]) => String(said(input, ingresses)[0][4]).replace(/^.*, or /, 'or ');
    // The canary's rules come from Tutor's hosts (canaryPlan), so the error is about the input's route.
    expect(tail([generatedEntry('ingress-debug', 'lms.example.com', lmsOrigin, { canary: true, canaryOf: ['lms', 'cms'] }), theirs({ canary: true })])).toBe('or leave the debug canary out (debug.canaryIngress: never)');
    expect(tail([generatedEntry('lms', 'lms.example.com', lmsOrigin), theirs()])).toBe('or set ingress.enabled to false');
    expect(tail([generatedEntry('lms', 'lms.example.com', lmsOrigin, { kind: 'HTTPRoute' }), theirs({ kind: 'HTTPRoute' })])).toBe('or set gatewayApi.enabled to false');
  });

  test('errors about the input\'s route or Secret are errors; an input route before a generated one of a Tutor host is the one named; a setting\'s route against a generated HTTPRoute', () => {
    const input = inputOf({ ingress: { enabled: false } });
    const lmsOrigin = routeTable(input).ingresses[0].rules[0].origin;
    const item = input.resources[0];
    const theirs: TableIngress = { name: 'shop', source: 'input', rules: [{ host: 'lms.example.com', paths: ['/'], origin: { kind: 'input', item, field: 'spec.rules[0].host' } }], className: undefined, canary: false };
    expect(said(input, [theirs, generatedEntry('lms', 'lms.example.com', lmsOrigin)]).map(([severity, code, kind, field]) => [severity, code, kind, field])).toEqual([['error', 'ROUTE_CONFLICT', item.object.kind, 'spec.rules[0].host']]);
    expect(said(input, [generatedEntry('r', 'x.example.com', setting(['ingress', 'extraHosts', 0]), { kind: 'HTTPRoute' }), generatedEntry('f', 'x.example.com', setting(['flower', 'ingress', 'host']))])[0][4]).toBe(
      'spec.flower.ingress.host: host x.example.com, path /, is already served by HTTPRoute r (spec.ingress.extraHosts[0]); Ingress f may not route it too, or its requests could reach the wrong Service: choose another host',
    );
    const tls = tlsSecretConflicts(input, {
      ingresses: [],
      secrets: [
        { secretName: 's', owner: 'Ingress shop', generated: false, issued: true, origin: { kind: 'input', item, field: 'spec.tls[0].secretName' } },
        { secretName: 's', owner: 'Ingress lms', generated: true, issued: true, origin: { kind: 'setting', path: ['tutor', 'lmsHost'] } },
        { secretName: 't', owner: 'Ingress a', generated: true, issued: true, origin: setting(['ingress', 'extraHosts', 0]) },
        { secretName: 't', owner: 'Ingress b', generated: true, issued: true, origin: { kind: 'setting', path: ['tutor', 'cmsHost'] } },
      ],
    });
    expect(tls.map((result) => [result.severity, result.field?.path])).toEqual([
      ['error', 'spec.tls[0].secretName'],
      ['error', 'spec.ingress.extraHosts[0]'],
    ]);
  });

  test("a TLS Secret of the input's Ingress that a generated Ingress has issued, or names while the input's has it issued: the error is about the input's Ingress", () => {
    const input = inputOf();
    const item = input.resources[0];
    const tutorHost = { kind: 'setting' as const, path: ['tutor', 'lmsHost'] };
    const claims = (generatedIssued: boolean, inputIssued: boolean): SecretClaim[] => [
      { secretName: 'lms-host-tls', owner: 'Ingress lms', generated: true, issued: generatedIssued, origin: tutorHost },
      { secretName: 'lms-host-tls', owner: 'Ingress shop', generated: false, issued: inputIssued, origin: { kind: 'input', item, field: 'spec.tls[0].secretName' } },
    ];
    const why = 'a Secret cert-manager fills has one owner ("certificate resource is not owned by this ingress"), so one of the two certificates is never issued, or is replaced by the other';
    const conflict = (secrets: SecretClaim[]) => tlsSecretConflicts(input, { ingresses: [], secrets }).map((result) => [result.tags?.code, result.field?.path, result.message]);
    expect(conflict(claims(true, false))).toEqual([
      ['TLS_SECRET_CONFLICT', 'spec.tls[0].secretName', `this Ingress names the TLS Secret lms-host-tls, which cert-manager fills for Ingress lms, which drydock-fn generates (spec.tutor.lmsHost): ${why}; name another Secret here`],
    ]);
    expect(conflict(claims(false, true))).toEqual([
      ['TLS_SECRET_CONFLICT', 'spec.tls[0].secretName', `this Ingress names the TLS Secret lms-host-tls, which Ingress lms, which drydock-fn generates (spec.tutor.lmsHost), names too, while cert-manager fills it for this Ingress: ${why}; name another Secret here`],
    ]);
  });

  test("a TLS conflict about a Tutor host of the manifests: the error is on the ConfigMap's field that gives the host, with the host's words first", () => {
    const input = inputOf({ ingress: { enabled: false } });
    const lmsOrigin = routeTable(input).ingresses[0].rules[0].origin as any;
    const where = `LMS_HOST, from ${lmsOrigin.source.where}`;
    const why = 'a Secret cert-manager fills has one owner ("certificate resource is not owned by this ingress"), so one of the two certificates is never issued, or is replaced by the other';
    const results = tlsSecretConflicts(input, {
      ingresses: [],
      secrets: [
        { secretName: 'shared-tls', owner: 'Ingress cms', generated: true, issued: true, origin: { kind: 'setting', path: ['tutor', 'cmsHost'] } },
        { secretName: 'shared-tls', owner: 'Ingress lms', generated: true, issued: true, origin: lmsOrigin },
      ],
    });
    expect(results.map((result) => [result.severity, result.tags?.code, result.resourceRef?.kind, result.field?.path, result.message])).toEqual([
      [
        'error',
        'TLS_SECRET_CONFLICT',
        'ConfigMap',
        lmsOrigin.source.field,
        `${where}: Ingress lms would name the TLS Secret shared-tls, which Ingress cms names too (spec.tutor.cmsHost): ${why}; choose another host, or give one certificate to every Ingress (ingress.tls.customCerts)`,
      ],
    ]);
  });
});
