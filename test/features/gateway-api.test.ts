/**
 * Gateway API routes (spec.gatewayApi), through the whole function: the HTTPRoutes, the generated
 * Gateway with its certificates and Issuer, cut-over mode beside the Ingresses, the debug routes, and
 * the errors (with the items back unchanged). Every generated object validates strictly against the
 * Gateway API v1 and cert-manager schemas and uses only standard-channel fields.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { splitDocuments, wrapDocuments } from '../../src/io';
import { gatewayApi } from '../../src/features/gateway-api';
import { debugCookiePattern, listenerPlan } from '../../src/features/lib/gateway-objects';
import { runFunction } from '../../src/run';
import type { RunOutcome } from '../../src/run';
import { describeWithFixtures, fixturePath, readFixture } from '../support/fixtures';
import { experimentalFieldsOf, schemaProblems } from '../support/k8s-schema';
import { BUNDLE, ensureBundle } from '../support/orchestrators';
import { drydockConfig, drydockConfigMap, itemsOf } from '../support/run';
import { tutorObjects } from '../support/tutor-objects';
import { sharedInTests } from '../support/shared-in-tests';
import { runFeature, settingsOf } from '../support/views';
import type { TutorObjectsOptions } from '../support/tutor-objects';

type Item = Record<string, any>;

const GENERATED = 'drydock.io/generated-by';
const PLATFORM_GATEWAY = { parentRefs: [{ name: 'openedx', namespace: 'gateway-system' }] };
const OWN_GATEWAY = { gateway: { create: true, gatewayClassName: 'eg' } };

interface Rendered {
  readonly outcome: RunOutcome;
  readonly input: string;
  readonly items: Item[];
  readonly generated: Item[];
  readonly routes: Record<string, Item>;
}

function renderText(input: string): Rendered {
  const outcome = runFunction(input);
  const items = itemsOf(outcome.output);
  const generated = items.filter((item) => item.metadata?.annotations?.[GENERATED] === 'drydock-fn');
  const routes = Object.fromEntries(generated.filter((item) => item.kind === 'HTTPRoute').map((item) => [item.metadata.name, item]));
  return { outcome, input, items, generated, routes };
}

/** The small Tutor deployment of test/support/tutor-objects with a DrydockConfig spec, and extra input objects. */
function render(spec: unknown, options: TutorObjectsOptions = {}, extra: Item[] = []): Rendered {
  return renderText(wrapDocuments([...tutorObjects(options), ...extra].map((item) => YAML.stringify(item)), drydockConfig(spec)));
}

const kinds = (items: Item[]): string[] => items.map((item) => `${item.kind}/${item.metadata.name}`);
const errors = (rendered: Rendered) => rendered.outcome.results.filter((result) => result.severity === 'error');
/**
 * The results but the small deployment's own: it has no uwsgi ConfigMap, no caddy Service and no
 * probe ports (RESOURCE_MISSING, PROBE_PORT_NOT_EXPOSED), which the Tutor fixtures have.
 */
const ownResults = (rendered: Rendered) => rendered.outcome.results.filter((result) => !['RESOURCE_MISSING', 'PROBE_PORT_NOT_EXPOSED'].includes(String(result.tags?.code)));

/** Every generated object is schema-valid and standard-channel only; the run is clean. */
function expectValid(rendered: Rendered): void {
  expect(errors(rendered)).toEqual([]);
  expect(rendered.outcome.exitCode).toBe(0);
  expect(rendered.generated.flatMap(schemaProblems)).toEqual([]);
  expect(rendered.generated.flatMap(experimentalFieldsOf)).toEqual([]);
}

/** An error run: exit 1, the items exactly as they came in. */
function expectRefused(rendered: Rendered): void {
  expect(rendered.outcome.exitCode).toBe(1);
  expect(rendered.items).toEqual(itemsOf(rendered.input));
}

const DONE_WHEN_SPEC = { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['extra1.example.com'] } };
const DONE_WHEN_HOSTS = ['lms.example.com', 'studio.example.com', 'apps.lms.example.com', 'meilisearch.lms.example.com', 'extra1.example.com'];
const FIXTURE = 'tutor-v22/with-plugins/default';

describe('the feature', () => {
  test('is off by default (the output of every configuration without it stays as it was), on with gatewayApi.enabled', () => {
    expect([gatewayApi.isEnabled(settingsOf({})), gatewayApi.isEnabled(settingsOf({ gatewayApi: { enabled: true } }))]).toEqual([false, true]);
  });

  test('a listener per host, once each, named after the host as the Ingresses are (a wildcard as wildcard-)', () => {
    const rule = (host: string) => ({ host, paths: ['/'], origin: { kind: 'setting', path: ['ingress', 'extraHosts', 0] } as const });
    const route = (name: string, hosts: string[]) => ({ name, rules: hosts.map(rule), backend: { name: 'caddy', port: 80 }, origin: rule(hosts[0]).origin });
    expect(listenerPlan([route('a', ['a.example.org', '*.b.example.org']), route('c', ['a.example.org'])]).map(({ name, host, secretName }) => [name, host, secretName])).toEqual([
      ['https-a-example-org', 'a.example.org', 'a-example-org-gateway-tls'],
      ['https-wildcard-b-example-org', '*.b.example.org', 'wildcard-b-example-org-gateway-tls'],
    ]);
  });

  test('the debug cookie pattern escapes what a cookie name may hold that regular expressions read', () => {
    expect(debugCookiePattern("a.b*c+d^e|f$g'h")).toBe("(^|;\\s*)a\\.b\\*c\\+d\\^e\\|f\\$g'h=always(;|$)");
  });
});

describeWithFixtures('the Tutor 22 with-plugins fixture attached to a platform Gateway', () => {
  const manifests = readFixture(FIXTURE, 'built.yaml');
  const shared = sharedInTests(() => renderText(wrapDocuments(splitDocuments(manifests), drydockConfig(DONE_WHEN_SPEC))));

  test('exit 0: an HTTPRoute per host, each attached to gateway-system/openedx and routed to caddy:80; no Ingress, no Issuer', () => {
    const rendered = shared();
    expectValid(rendered);
    expect(Object.keys(rendered.routes)).toEqual(['lms', 'cms', 'mfe', 'meilisearch', 'extra1-example-com']);
    expect(Object.values(rendered.routes).flatMap((route) => route.spec.hostnames)).toEqual(DONE_WHEN_HOSTS);
    for (const route of Object.values(rendered.routes)) {
      expect({ name: route.metadata.name, namespace: route.metadata.namespace, parentRefs: route.spec.parentRefs, backends: route.spec.rules.map((rule: Item) => rule.backendRefs) }).toEqual({
        name: route.metadata.name,
        namespace: 'openedx',
        parentRefs: [{ name: 'openedx', namespace: 'gateway-system' }],
        backends: [[{ name: 'caddy', port: 80 }]],
      });
    }
    expect(rendered.items.filter((item) => ['Ingress', 'Issuer', 'Gateway', 'Certificate'].includes(item.kind))).toEqual([]);
  });

  test('the paths are the Ingresses\' (the LMS: /learning, the MFEs but authoring, then /; Studio: the authoring paths), as PathPrefix matches', () => {
    const rendered = shared();
    const paths = (name: string): string[] => rendered.routes[name].spec.rules[0].matches.map((match: Item) => `${match.path.type} ${match.path.value}`);
    expect(paths('lms')[0]).toBe('PathPrefix /learning');
    expect(paths('lms')[paths('lms').length - 1]).toBe('PathPrefix /');
    expect(paths('lms')).not.toContain('PathPrefix /authoring');
    expect(paths('cms')).toEqual(['PathPrefix /course-authoring', 'PathPrefix /authoring', 'PathPrefix /']);
    expect(paths('extra1-example-com')).toEqual(['PathPrefix /']);
  });

  test('an info result says the platform Gateway owns TLS', () => {
    const rendered = shared();
    expect(rendered.outcome.results).toEqual([
      { severity: 'info', message: 'DrydockConfig drydock: spec.gatewayApi.parentRefs: the HTTPRoutes attach to Gateway gateway-system/openedx, whose listeners own TLS: drydock-fn generates no Issuer and no certificate for them', field: { path: 'spec.gatewayApi.parentRefs' }, resourceRef: { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', name: 'drydock' }, tags: { code: 'CONFIG_SETTING' } },
    ]);
  });

  test('the ConfigMap form (settings paths as data keys) gives the same items', () => {
    const rendered = shared();
    const config = drydockConfigMap({ 'gatewayApi.enabled': 'true', 'gatewayApi.parentRefs': '[{name: openedx, namespace: gateway-system}]', DRYDOCK_INGRESS_EXTRA_HOSTS: '["extra1.example.com"]' });
    const fromConfigMap = renderText(wrapDocuments(splitDocuments(manifests), config));
    expect(fromConfigMap.outcome.exitCode).toBe(0);
    expect(fromConfigMap.items).toEqual(rendered.items);
  });

  test('a second run on the output changes nothing', () => {
    const rendered = shared();
    expect(runFunction(rendered.outcome.output).output).toBe(rendered.outcome.output);
  });

  test('drydock-fn render (the built bundle) prints the same routes and exits 0', () => {
    ensureBundle();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'drydock-fn-gateway-'));
    try {
      writeFileSync(path.join(dir, 'drydock.yaml'), YAML.stringify(drydockConfig(DONE_WHEN_SPEC)));
      const result = spawnSync(process.execPath, [BUNDLE, 'render', '--config', path.join(dir, 'drydock.yaml'), fixturePath(FIXTURE, 'built.yaml')], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(result.status).toBe(0);
      const documents = (YAML.parseAllDocuments(result.stdout).map((doc) => doc.toJS()) as Item[]).filter(Boolean);
      const routes = documents.filter((item) => item.kind === 'HTTPRoute');
      expect(routes.flatMap((route) => route.spec.hostnames)).toEqual(DONE_WHEN_HOSTS);
      expect(routes.every((route) => JSON.stringify(route.spec.parentRefs) === JSON.stringify(PLATFORM_GATEWAY.parentRefs))).toBe(true);
      expect(routes.every((route) => JSON.stringify(route.spec.rules[0].backendRefs) === '[{"name":"caddy","port":80}]')).toBe(true);
      expect(documents.filter((item) => item.kind === 'Ingress')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a generated Gateway', () => {
  const spec = { gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { extraHosts: ['courses.example.org', '*.tenants.example.org'], lmsExtraHosts: ['learn.example.org'], tls: { letsencryptEmail: 'ops@example.org', issuer: { create: false } } } };
  const shared = sharedInTests(() => render(spec, { mfeApps: ['learning', 'authoring'], meilisearch: true }));

  test('one HTTPS listener per host with its own Secret, the HTTP listener first, cert-manager\'s annotation', () => {
    const rendered = shared();
    expectValid(rendered);
    const gateway = rendered.generated.find((item) => item.kind === 'Gateway') as Item;
    expect(gateway.metadata.name).toBe('openedx');
    expect(gateway.metadata.namespace).toBe('openedx');
    expect(gateway.metadata.annotations['cert-manager.io/issuer']).toBe('letsencrypt');
    expect(gateway.spec.gatewayClassName).toBe('eg');
    const https = (name: string, hostname: string, secret: string) => ({ name, hostname, port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: secret }] } });
    expect(gateway.spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP' },
      https('https-lms-example-com', 'lms.example.com', 'lms-example-com-gateway-tls'),
      https('https-learn-example-org', 'learn.example.org', 'learn-example-org-gateway-tls'),
      https('https-studio-example-com', 'studio.example.com', 'studio-example-com-gateway-tls'),
      https('https-apps-lms-example-com', 'apps.lms.example.com', 'apps-lms-example-com-gateway-tls'),
      https('https-meilisearch-lms-example-com', 'meilisearch.lms.example.com', 'meilisearch-lms-example-com-gateway-tls'),
      https('https-courses-example-org', 'courses.example.org', 'courses-example-org-gateway-tls'),
      // A Gateway API wildcard matches any number of labels: a.tenants.example.org and a.b.tenants.example.org.
      https('https-wildcard-tenants-example-org', '*.tenants.example.org', 'wildcard-tenants-example-org-gateway-tls'),
    ]);
  });

  test('each route attaches to the HTTPS listener of each of its hosts (not to the HTTP one); the LMS aliases have a route of their own with every MFE path', () => {
    const rendered = shared();
    expect(Object.keys(rendered.routes)).toEqual(['https-redirect', 'lms', 'lms-extra-hosts', 'cms', 'mfe', 'meilisearch', 'courses-example-org', 'wildcard-tenants-example-org']);
    expect(rendered.routes.lms.spec.parentRefs).toEqual([{ name: 'openedx', sectionName: 'https-lms-example-com' }]);
    expect(rendered.routes['lms-extra-hosts'].spec).toMatchObject({ hostnames: ['learn.example.org'], parentRefs: [{ name: 'openedx', sectionName: 'https-learn-example-org' }] });
    expect(rendered.routes['lms-extra-hosts'].spec.rules[0].matches.map((match: Item) => match.path.value)).toEqual(['/learning', '/authoring', '/']);
    expect(rendered.routes.lms.spec.rules[0].matches.map((match: Item) => match.path.value)).toEqual(['/learning', '/']);
    expect(rendered.routes['wildcard-tenants-example-org'].spec).toMatchObject({ hostnames: ['*.tenants.example.org'], parentRefs: [{ name: 'openedx', sectionName: 'https-wildcard-tenants-example-org' }] });
  });

  test('the redirect route: the HTTP listener, every request to https with 301', () => {
    const rendered = shared();
    expect(rendered.routes['https-redirect'].spec).toEqual({
      parentRefs: [{ name: 'openedx', sectionName: 'http' }],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
  });

  test('an existing Issuer by reference: no Issuer generated, no Ingress', () => {
    const rendered = shared();
    expect(kinds(rendered.generated).filter((kind) => !kind.startsWith('HTTPRoute/'))).toEqual(['Gateway/openedx']);
  });

  test('the Issuer drydock-fn creates answers HTTP-01 on the Gateway\'s HTTP listener (gatewayHTTPRoute solver)', () => {
    const withIssuer = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls: { letsencryptEmail: 'ops@example.org' } } });
    expectValid(withIssuer);
    const issuer = withIssuer.generated.find((item) => item.kind === 'Issuer') as Item;
    expect(issuer.spec.acme).toEqual({
      email: 'ops@example.org',
      privateKeySecretRef: { name: 'openedx-letsencrypt-account-key' },
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'openedx', namespace: 'openedx', kind: 'Gateway', sectionName: 'http' }] } } }],
    });
    expect(ownResults(withIssuer)).toEqual([]);
  });

  test('a wildcard host with the HTTP-01 Issuer: a warning naming it (Let\'s Encrypt issues wildcards only through DNS-01)', () => {
    const wildcard = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { extraHosts: ['*.tenants.example.org'] } });
    expect(ownResults(wildcard)).toEqual([expect.objectContaining({ severity: 'warning', field: { path: 'spec.ingress.extraHosts[0]' }, message: expect.stringMatching(/only through DNS-01/) })]);
  });

  test('a ClusterIssuer by reference: the cluster-issuer annotation, no Issuer', () => {
    const clusterIssuer = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls: { issuer: { kind: 'ClusterIssuer', name: 'letsencrypt-prod', create: false } } } });
    expectValid(clusterIssuer);
    const gateway = clusterIssuer.generated.find((item) => item.kind === 'Gateway') as Item;
    expect(gateway.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(gateway.metadata.annotations['cert-manager.io/issuer']).toBeUndefined();
    expect(clusterIssuer.generated.filter((item) => item.kind === 'Issuer')).toEqual([]);
  });

  test('custom certificates: the Secret, in every listener, no cert-manager annotation, no Issuer; extra annotations of the settings', () => {
    const crt = Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64');
    const custom = render({ gatewayApi: { enabled: true, gateway: { ...OWN_GATEWAY.gateway, annotations: { 'example.com/team': 'learning' } } }, ingress: { tls: { customCerts: { secretName: 'wildcard-tls', crt, key: crt } } } });
    expectValid(custom);
    expect(kinds(custom.generated).filter((kind) => !kind.startsWith('HTTPRoute/'))).toEqual(['Secret/wildcard-tls', 'Gateway/openedx']);
    const gateway = custom.generated.find((item) => item.kind === 'Gateway') as Item;
    expect(gateway.metadata.annotations).toEqual({ 'example.com/team': 'learning', 'app.kubernetes.io/version': '22.0.0', [GENERATED]: 'drydock-fn', 'internal.config.kubernetes.io/index': '0', 'internal.config.kubernetes.io/path': 'drydock-fn/gateway_openedx.yaml' });
    expect(gateway.spec.listeners.slice(1).map((listener: Item) => listener.tls.certificateRefs)).toEqual([[{ kind: 'Secret', name: 'wildcard-tls' }], [{ kind: 'Secret', name: 'wildcard-tls' }]]);
  });

  test('custom certificates with cert-manager off (tls.auto false): the Gateway still terminates TLS, with the custom Secret', () => {
    const crt = Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64');
    const custom = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls: { auto: false, customCerts: { secretName: 'wildcard-tls', crt, key: crt } } } });
    expectValid(custom);
    const gateway = custom.generated.find((item) => item.kind === 'Gateway') as Item;
    expect(gateway.spec.listeners.filter((listener: Item) => listener.protocol === 'HTTPS').map((listener: Item) => [listener.hostname, listener.tls.certificateRefs])).toEqual([
      ['lms.example.com', [{ kind: 'Secret', name: 'wildcard-tls' }]],
      ['studio.example.com', [{ kind: 'Secret', name: 'wildcard-tls' }]],
    ]);
  });

  test('without TLS: the HTTP listener alone, every route on it, no redirect', () => {
    const plain = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls: { auto: false } } });
    expectValid(plain);
    expect((plain.generated.find((item) => item.kind === 'Gateway') as Item).spec.listeners).toEqual([{ name: 'http', port: 80, protocol: 'HTTP' }]);
    expect(Object.keys(plain.routes)).toEqual(['lms', 'cms']);
    expect(plain.routes.cms.spec.parentRefs).toEqual([{ name: 'openedx', sectionName: 'http' }]);
  });
});

describe('cut-over mode (keepIngresses)', () => {
  const spec = { gatewayApi: { enabled: true, keepIngresses: true, ...OWN_GATEWAY }, ingress: { extraHosts: ['courses.example.org'] } };
  const shared = sharedInTests(() => render(spec));

  test('the Ingresses and the HTTPRoutes side by side, with Secrets of their own, and one Issuer that keeps the ingress solver', () => {
    const rendered = shared();
    expectValid(rendered);
    expect(kinds(rendered.generated)).toEqual([
      'Issuer/letsencrypt',
      'Ingress/lms',
      'Ingress/cms',
      'Ingress/courses-example-org',
      'Gateway/openedx',
      'HTTPRoute/https-redirect',
      'HTTPRoute/lms',
      'HTTPRoute/cms',
      'HTTPRoute/courses-example-org',
    ]);
    const ingressSecrets = rendered.generated.filter((item) => item.kind === 'Ingress').map((item) => item.spec.tls[0].secretName);
    const gatewaySecrets = (rendered.generated.find((item) => item.kind === 'Gateway') as Item).spec.listeners.slice(1).map((listener: Item) => listener.tls.certificateRefs[0].name);
    expect(ingressSecrets).toEqual(['lms-host-tls', 'cms-host-tls', 'courses-example-org-tls']);
    expect(gatewaySecrets).toEqual(['lms-example-com-gateway-tls', 'studio-example-com-gateway-tls', 'courses-example-org-gateway-tls']);
    expect((rendered.generated[0] as Item).spec.acme.solvers).toEqual([{ http01: { ingress: { class: 'nginx' } } }]);
    expect(ownResults(rendered)).toEqual([expect.objectContaining({ severity: 'info', field: { path: 'spec.gatewayApi.keepIngresses' }, message: expect.stringMatching(/set keepIngresses to false once DNS points to the Gateway/) })]);
  });

  test('a Certificate of the input filling a Secret of a listener: TLS_SECRET_CONFLICT on the Certificate, the items unchanged', () => {
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'studio', namespace: 'openedx' }, spec: { secretName: 'studio-example-com-gateway-tls', dnsNames: ['studio.example.com'], issuerRef: { name: 'letsencrypt' } } };
    const conflict = render(spec, {}, [certificate]);
    expectRefused(conflict);
    expect(errors(conflict)).toEqual([expect.objectContaining({ field: { path: 'spec.secretName' }, tags: { code: 'TLS_SECRET_CONFLICT' }, message: expect.stringMatching(/^this Certificate names the TLS Secret studio-example-com-gateway-tls, which cert-manager fills for Gateway openedx listener https-studio-example-com, /) })]);
  });
});

describe('Ingresses replaced', () => {
  test('Flower\'s route goes to its own Service; no Ingress for it, nor an Issuer for Ingresses', () => {
    const spec = { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.org', basicAuthSecretRef: { name: 'flower-users' } } } };
    const rendered = render(spec);
    expectValid(rendered);
    expect(rendered.routes['flower-edxapp'].spec).toMatchObject({ hostnames: ['flower.example.org'], rules: [{ backendRefs: [{ name: 'flower-edxapp', port: 5555 }] }] });
    expect(rendered.generated.filter((item) => item.kind === 'Ingress' || item.kind === 'Issuer')).toEqual([]);
  });

  test('debug without debugRoute: the debug pods, no canary Ingress, no debug route, an info naming gatewayApi.debugRoute', () => {
    const rendered = render({ gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, debug: { enabled: true } });
    expectValid(rendered);
    expect(kinds(rendered.generated).filter((kind) => /debug/.test(kind))).toEqual(['Deployment/lms-debug', 'Deployment/cms-debug', 'Service/lms-debug', 'Service/cms-debug']);
    expect(ownResults(rendered).map((result) => result.field?.path)).toEqual(['spec.gatewayApi.debugRoute', 'spec.gatewayApi.parentRefs']);
  });
});

describe('hosts of the manifests', () => {
  test('an LMS host in upper case is routed lower-cased, with the Ingress feature\'s finding worded for HTTPRoutes (once: no Ingress feature runs)', () => {
    const rendered = render({ gatewayApi: { enabled: true, ...PLATFORM_GATEWAY } }, { lmsHost: 'LMS.Example.com' });
    expectValid(rendered);
    expect(rendered.routes.lms.spec.hostnames).toEqual(['lms.example.com']);
    const findings = rendered.outcome.results.filter((result) => result.tags?.code === 'HOST_NORMALIZED');
    expect(findings.map((result) => [result.severity, result.message.replace(/^.*; the /, 'the ')])).toEqual([['info', 'the HTTPRoutes route lms.example.com, the same host in lower case (DNS and Caddy match host names in any case)']]);
  });
});

describe('hosts no HTTPRoute can take', () => {
  test('the LMS and CMS hosts are not host names: a warning on each worded for HTTPRoutes, no route, and no "no Tutor host" info', () => {
    const rendered = render({ gatewayApi: { enabled: true, ...PLATFORM_GATEWAY } }, { lmsHost: 'lms_x.example.com', cmsHost: 'studio_x.example.com' });
    expect(errors(rendered)).toEqual([]);
    expect(rendered.routes).toEqual({});
    const invalid = rendered.outcome.results.filter((result) => result.tags?.code === 'HOST_INVALID');
    expect(invalid.map((result) => result.message.replace(/^.*, which/, 'which').replace(/: it .*; the/, '; the').replace(/ is not generated.*/, ' is not generated'))).toEqual([
      'which no HTTPRoute can route; the lms HTTPRoute is not generated',
      'which no HTTPRoute can route; the cms HTTPRoute is not generated',
    ]);
    expect(ownResults(rendered).filter((result) => result.field?.path === 'spec.gatewayApi.enabled')).toEqual([]);
  });
});

describe('the namespace of the Gateway\'s Issuer route', () => {
  const spec = { gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls: { letsencryptEmail: 'ops@example.org' } } };
  const solverParentRefs = (rendered: Rendered) => (rendered.generated.find((item) => item.kind === 'Issuer') as Item).spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs;

  test('the Tutor namespace, where the Gateway is generated', () => {
    const objects = tutorObjects().map((item) => ({ ...item, metadata: { ...item.metadata, namespace: 'tenant-a' } }));
    const rendered = renderText(wrapDocuments(objects.map((item) => YAML.stringify(item)), drydockConfig(spec)));
    expectValid(rendered);
    expect((rendered.generated.find((item) => item.kind === 'Gateway') as Item).metadata.namespace).toBe('tenant-a');
    expect(solverParentRefs(rendered)).toEqual([{ name: 'openedx', namespace: 'tenant-a', kind: 'Gateway', sectionName: 'http' }]);
  });
});

describe('infos', () => {
  test('no Tutor host: no HTTPRoute, an info naming gatewayApi.enabled', () => {
    const rendered = renderText(wrapDocuments([YAML.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'openedx' } })], drydockConfig({ gatewayApi: { enabled: true, ...PLATFORM_GATEWAY } })));
    expect(rendered.generated).toEqual([]);
    expect(rendered.outcome.results.map((result) => [result.severity, result.field?.path])).toEqual([['info', 'spec.gatewayApi.enabled'], ['info', 'spec.gatewayApi.parentRefs']]);
    expect(rendered.outcome.results[0].message).toBe('DrydockConfig drydock: spec.gatewayApi.enabled: no Tutor host in the manifests (no Caddy site, no LMS_BASE): no HTTPRoute generated');
  });

  test('several Gateways: the info names each, with its namespace when it has one', () => {
    const rendered = render({ gatewayApi: { enabled: true, parentRefs: [{ name: 'shared' }, { name: 'openedx', namespace: 'gateway-system', sectionName: 'https' }] } });
    expect(errors(rendered)).toEqual([]);
    expect(rendered.routes.lms.spec.parentRefs).toEqual([{ name: 'shared' }, { name: 'openedx', namespace: 'gateway-system', sectionName: 'https' }]);
    expect(ownResults(rendered).map((result) => result.message)).toEqual([
      'DrydockConfig drydock: spec.gatewayApi.parentRefs: the HTTPRoutes attach to Gateway shared, gateway-system/openedx, whose listeners own TLS: drydock-fn generates no Issuer and no certificate for them',
    ]);
  });

  test('debugRoute without debug.enabled: no debug route, an info naming gatewayApi.debugRoute', () => {
    const rendered = render({ gatewayApi: { enabled: true, debugRoute: true, ...PLATFORM_GATEWAY } });
    expect(Object.keys(rendered.routes)).toEqual(['lms', 'cms']);
    expect(ownResults(rendered).map((result) => [result.severity, result.field?.path, result.message.replace(/^.*: /, '')])).toEqual([
      ['info', 'spec.gatewayApi.debugRoute', 'no debug pods, no debug routes'],
      ['info', 'spec.gatewayApi.parentRefs', 'drydock-fn generates no Issuer and no certificate for them'],
    ]);
  });
});

describe('the debug routes (debugRoute)', () => {
  const shared = sharedInTests(() => render({ gatewayApi: { enabled: true, debugRoute: true, ...PLATFORM_GATEWAY }, debug: { enabled: true } }));

  test('lms-debug and cms-debug: the LMS and CMS hosts, a Cookie match by RegularExpression, to the debug Services, in wave 200', () => {
    const rendered = shared();
    expectValid(rendered);
    for (const [name, host] of [['lms-debug', 'lms.example.com'], ['cms-debug', 'studio.example.com']]) {
      expect(rendered.routes[name].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('200');
      expect(rendered.routes[name].spec).toEqual({
        parentRefs: PLATFORM_GATEWAY.parentRefs,
        hostnames: [host],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'RegularExpression', name: 'Cookie', value: '(^|;\\s*)ednx_enable_debug=always(;|$)' }] }], backendRefs: [{ name, port: 8000 }] }],
      });
    }
    expect(rendered.generated.filter((item) => item.kind === 'Ingress')).toEqual([]);
  });

  test('a CMS host no route can take (not a host name): lms-debug alone, no cms-debug', () => {
    const refused = render({ gatewayApi: { enabled: true, debugRoute: true, ...PLATFORM_GATEWAY }, debug: { enabled: true } }, { cmsHost: 'studio_x.example.com' });
    expect(errors(refused)).toEqual([]);
    expect(Object.keys(refused.routes).filter((name) => name.endsWith('-debug'))).toEqual(['lms-debug']);
  });

  test('the pattern matches the Cookie headers that carry the cookie set to always, and no other', () => {
    const rendered = shared();
    const pattern = new RegExp(rendered.routes['lms-debug'].spec.rules[0].matches[0].headers[0].value);
    const matching = ['ednx_enable_debug=always', 'csrftoken=x; ednx_enable_debug=always', 'a=b;ednx_enable_debug=always; c=d'];
    const other = ['ednx_enable_debug=never', 'xednx_enable_debug=always', 'ednx_enable_debug=alwaysx', 'csrftoken=ednx_enable_debug=always'];
    expect([...matching, ...other].filter((header) => pattern.test(header))).toEqual(matching);
  });

  test('a cookie name with regular-expression characters is matched literally', () => {
    const dotted = render({ gatewayApi: { enabled: true, debugRoute: true, ...PLATFORM_GATEWAY }, debug: { enabled: true, cookie: 'debug.me' } });
    const pattern = new RegExp(dotted.routes['lms-debug'].spec.rules[0].matches[0].headers[0].value);
    expect([pattern.test('debug.me=always'), pattern.test('debugXme=always')]).toEqual([true, false]);
  });
});

describe('refused settings and routes: an error naming the field, exit 1, the items unchanged', () => {
  const cases: [string, unknown, string, string, RegExp][] = [
    ['no Gateway at all', { gatewayApi: { enabled: true } }, 'spec.gatewayApi.parentRefs', 'CONFIG_SETTING', /need a Gateway/],
    ['parentRefs and a generated Gateway', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY, ...OWN_GATEWAY } }, 'spec.gatewayApi.parentRefs', 'CONFIG_SETTING', /not both/],
    ['a generated Gateway without its class', { gatewayApi: { enabled: true, gateway: { create: true } } }, 'spec.gatewayApi.gateway.gatewayClassName', 'CONFIG_SETTING', /GatewayClass/],
    ['the HTTP-01 Issuer without the HTTP listener', { gatewayApi: { enabled: true, gateway: { ...OWN_GATEWAY.gateway, httpRedirect: false } } }, 'spec.gatewayApi.gateway.httpRedirect', 'CONFIG_SETTING', /HTTP listener/],
    ['an IP address as a host', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['10.0.0.1'] } }, 'spec.ingress.extraHosts', 'CONFIG_INVALID_VALUE', /IP address/],
    ['a host with a trailing dot', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['courses.example.org.'] } }, 'spec.ingress.extraHosts', 'CONFIG_INVALID_VALUE', /host name/],
    ['a wildcard that is not the first label', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['a.*.example.org'] } }, 'spec.ingress.extraHosts', 'CONFIG_INVALID_VALUE', /wildcard/],
    ['an extra host that is Studio\'s', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['studio.example.com'] } }, 'spec.ingress.extraHosts[0]', 'ROUTE_CONFLICT', /already served by HTTPRoute cms/],
    ['an extra host listed twice', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['a.example.org', 'a.example.org'] } }, 'spec.ingress.extraHosts[1]', 'ROUTE_CONFLICT', /listed twice/],
    ['an extra host named like another route', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['https.redirect'] } }, 'spec.ingress.extraHosts[0]', 'CONFIG_SETTING', /HTTPRoute named https-redirect/],
    ['two LMS aliases with one listener name', { gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { lmsExtraHosts: ['a-b.example.org', 'a.b.example.org'], tls: { issuer: { create: false } } } }, 'spec.ingress.lmsExtraHosts[1]', 'CONFIG_SETTING', /listener named https-a-b-example-org/],
    ['an extra host named like a Tutor host\'s route (no MFE here)', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['mfe'] } }, 'spec.ingress.extraHosts[0]', 'CONFIG_SETTING', /HTTPRoute named mfe, a name drydock-fn uses for another HTTPRoute/],
    ['two extra hosts with one route name', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { extraHosts: ['a-b.example.org', 'a.b.example.org'] } }, 'spec.ingress.extraHosts[1]', 'CONFIG_SETTING', /^DrydockConfig drydock: spec\.ingress\.extraHosts\[1\]: hosts a-b\.example\.org and a\.b\.example\.org would both be routed by an HTTPRoute named a-b-example-org$/],
    ['a host too long for its listener and Secret names', { gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { extraHosts: [`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(59)}.org`], tls: { issuer: { create: false } } } }, 'spec.ingress.extraHosts[0]', 'CONFIG_SETTING', /too long for its Gateway listener and Secret names \(a+-b+-c+-d+-org-gateway-tls has 258 characters; Kubernetes takes 253\)/],
    ['half a custom certificate for the generated Gateway', { gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls: { customCerts: { secretName: 'wildcard-tls', crt: 'QUJD' } } } }, 'spec.ingress.tls.customCerts.key', 'CONFIG_SETTING', /give both crt and key/],
    ['a ClusterIssuer to create for the generated Gateway', { gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls: { issuer: { kind: 'ClusterIssuer' } } } }, 'spec.ingress.tls.issuer.create', 'CONFIG_SETTING', /only a namespaced Issuer/],
    ['more parentRefs than an HTTPRoute takes', { gatewayApi: { enabled: true, parentRefs: Array.from({ length: 33 }, (_, index) => ({ name: `g${index}` })) } }, 'spec.gatewayApi.parentRefs', 'CONFIG_SETTING', /at most 32 parentRefs; 33 are given/],
    ['more LMS aliases than the LMS route has room for (they share its paths without MFEs)', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { lmsExtraHosts: Array.from({ length: 16 }, (_, index) => `l${index}.example.org`) } }, 'spec.ingress.lmsExtraHosts', 'CONFIG_SETTING', /the lms HTTPRoute would have 17 hostnames \(the LMS aliases and the LMS host\); an HTTPRoute takes at most 16$/],
  ];
  test.each(cases)('%s', (_name, spec, field, code, message) => {
    const rendered = render(spec);
    expectRefused(rendered);
    expect(errors(rendered)).toEqual([expect.objectContaining({ field: { path: field }, tags: { code }, message: expect.stringMatching(message) })]);
  });

  test('an HTTPRoute of the input routing the LMS host\'s /: ROUTE_CONFLICT on its hostname; one matching a header only narrows it and is no conflict', () => {
    const route = (name: string, match: Item): Item => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: 'openedx' }, spec: { hostnames: ['courses.example.org', 'lms.example.com'], rules: [{ matches: [match], backendRefs: [{ name: 'other', port: 80 }] }] } });
    const conflict = render({ gatewayApi: { enabled: true, ...PLATFORM_GATEWAY } }, {}, [route('mine', { path: { type: 'PathPrefix', value: '/' } })]);
    expectRefused(conflict);
    expect(errors(conflict)).toEqual([expect.objectContaining({ field: { path: 'spec.hostnames[1]' }, tags: { code: 'ROUTE_CONFLICT' }, message: expect.stringMatching(/^host lms\.example\.com, path \/, is also routed by HTTPRoute lms, which drydock-fn generates \(LMS_HOST, .*\): a Gateway gives a host and path claimed twice to the older route/), resourceRef: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', name: 'mine', namespace: 'openedx' } })]);
    const narrower = render({ gatewayApi: { enabled: true, ...PLATFORM_GATEWAY } }, {}, [route('mine', { path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', value: '1' }] })]);
    expectValid(narrower);
  });

  test('the limits themselves are taken: 32 parentRefs, 16 hostnames (the LMS and 15 aliases; 16 aliases in a route of their own with MFEs)', () => {
    const aliases = (count: number) => Array.from({ length: count }, (_, index) => `l${index}.example.org`);
    const atLimits = render({ gatewayApi: { enabled: true, parentRefs: Array.from({ length: 32 }, (_, index) => ({ name: `g${index}` })) }, ingress: { lmsExtraHosts: aliases(15) } });
    expectValid(atLimits);
    expect([atLimits.routes.lms.spec.parentRefs.length, atLimits.routes.lms.spec.hostnames.length]).toEqual([32, 16]);
    const ownRoute = render({ gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { lmsExtraHosts: aliases(16) } }, { mfeApps: ['authoring'] });
    expectValid(ownRoute);
    expect(ownRoute.routes['lms-extra-hosts'].spec.hostnames).toHaveLength(16);
    const tooMany = render({ gatewayApi: { enabled: true, ...PLATFORM_GATEWAY }, ingress: { lmsExtraHosts: aliases(17) } }, { mfeApps: ['authoring'] });
    expectRefused(tooMany);
    expect(errors(tooMany).map((result) => [result.field?.path, result.message.replace(/^[^:]*: [^:]*: /, '')])).toEqual([['spec.ingress.lmsExtraHosts', 'the lms-extra-hosts HTTPRoute would have 17 hostnames (the LMS aliases); an HTTPRoute takes at most 16']]);
  });

  test('at most 64 listeners: beside the HTTP listener, 63 hosts (LMS, Studio, 61 extra hosts) take them all, 64 are refused naming ingress.extraHosts', () => {
    const hosts = (count: number) => Array.from({ length: count }, (_, index) => `t${index}.example.org`);
    const spec = (count: number) => ({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { extraHosts: hosts(count), tls: { issuer: { create: false } } } });
    const fits = render(spec(61));
    expectValid(fits);
    expect((fits.generated.find((item) => item.kind === 'Gateway') as Item).spec.listeners).toHaveLength(64);
    const tooMany = render(spec(62));
    expectRefused(tooMany);
    expect(errors(tooMany)).toEqual([expect.objectContaining({ field: { path: 'spec.ingress.extraHosts' }, message: expect.stringMatching(/65 listeners .*at most 64/) })]);
  });
});

describe('who owns TLS: the generated Gateway alone, or the Ingress feature beside it (cut-over)', () => {
  const crt = Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64');
  const cutOver = (ingress: Item = {}, gateway: Item = {}) => ({ gatewayApi: { enabled: true, keepIngresses: true, gateway: { ...OWN_GATEWAY.gateway, ...gateway } }, ingress });
  const warnings = (rendered: Rendered) => ownResults(rendered).filter((result) => result.severity === 'warning');

  test('cut-over: the Issuer is the Ingress feature\'s (ingress solver), so a Gateway without the HTTP listener (httpRedirect false) is no error', () => {
    const rendered = render(cutOver({}, { httpRedirect: false }));
    expectValid(rendered);
    expect(kinds(rendered.generated).filter((kind) => /^(Issuer|Gateway)\//.test(kind))).toEqual(['Issuer/letsencrypt', 'Gateway/openedx']);
    expect((rendered.generated.find((item) => item.kind === 'Issuer') as Item).spec.acme.solvers).toEqual([{ http01: { ingress: { class: 'nginx' } } }]);
    expect((rendered.generated.find((item) => item.kind === 'Gateway') as Item).spec.listeners.map((listener: Item) => listener.protocol)).toEqual(['HTTPS', 'HTTPS']);
    expect(Object.keys(rendered.routes)).toEqual(['lms', 'cms']);
  });

  test('cut-over with a wildcard extra host: one warning about its certificate (the Ingress feature\'s), not a second one for the Gateway', () => {
    const rendered = render(cutOver({ extraHosts: ['*.tenants.example.org'] }));
    expect(errors(rendered)).toEqual([]);
    expect(warnings(rendered).map((result) => result.field?.path)).toEqual(['spec.ingress.extraHosts[0]']);
  });

  test('cut-over with half a custom certificate: one error (the Ingress feature checks the TLS settings), the items unchanged', () => {
    const rendered = render(cutOver({ tls: { customCerts: { secretName: 'wildcard-tls', crt } } }));
    expectRefused(rendered);
    expect(errors(rendered).map((result) => result.field?.path)).toEqual(['spec.ingress.tls.customCerts.key']);
  });

  test.each([
    ['half a custom certificate', { tls: { customCerts: { secretName: 'wildcard-tls', crt } } }],
    ['a ClusterIssuer to create', { tls: { issuer: { kind: 'ClusterIssuer' } } }],
  ])('cut-over with %s: the feature alone reports no TLS setting problem (the Ingress feature, which runs beside it, does)', (_name, ingress) => {
    const output = runFeature(gatewayApi, tutorObjects(), cutOver(ingress));
    expect(output.results.filter((result) => result.severity === 'error')).toEqual([]);
  });

  test('cut-over with a custom certificate: its Secret is generated once, and both the Ingresses and the listeners name it', () => {
    const rendered = render(cutOver({ tls: { customCerts: { secretName: 'wildcard-tls', crt, key: crt } } }));
    expectValid(rendered);
    expect(kinds(rendered.generated).filter((kind) => kind.startsWith('Secret/'))).toEqual(['Secret/wildcard-tls']);
    const gateway = rendered.generated.find((item) => item.kind === 'Gateway') as Item;
    expect(gateway.spec.listeners.slice(1).map((listener: Item) => listener.tls.certificateRefs[0].name)).toEqual(['wildcard-tls', 'wildcard-tls']);
    expect(rendered.generated.filter((item) => item.kind === 'Ingress').map((item) => item.spec.tls[0].secretName)).toEqual(['wildcard-tls', 'wildcard-tls']);
    // No Issuer answers HTTP-01 through the ingress class for the Gateway: cert-manager issues nothing.
    expect(ownResults(rendered).filter((result) => result.field?.path === 'spec.gatewayApi.keepIngresses')).toEqual([]);
  });

  test.each([
    ['an existing issuer (issuer.create false)', { tls: { issuer: { create: false } } }, ['Gateway/openedx']],
    ['no TLS (tls.auto false)', { tls: { auto: false } }, ['Gateway/openedx']],
  ])('cut-over with %s: no Issuer generated, no info about the Issuer\'s solver', (_name, ingress, objects) => {
    const rendered = render(cutOver(ingress));
    expectValid(rendered);
    expect(kinds(rendered.generated).filter((kind) => /^(Issuer|Gateway)\//.test(kind))).toEqual(objects);
    expect(ownResults(rendered)).toEqual([]);
  });

  test('keepIngresses with no Ingress to keep (ingress.enabled false, no Flower): the Gateway owns TLS, its Issuer answers on the HTTP listener', () => {
    const rendered = render({ ...cutOver({ enabled: false }), ingress: { enabled: false } });
    expectValid(rendered);
    expect(kinds(rendered.generated).filter((kind) => !kind.startsWith('HTTPRoute/'))).toEqual(['Issuer/letsencrypt', 'Gateway/openedx']);
    expect((rendered.generated[0] as Item).spec.acme.solvers).toEqual([{ http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'openedx', namespace: 'openedx', kind: 'Gateway', sectionName: 'http' }] } } }]);
    expect(ownResults(rendered)).toEqual([]);
  });

  test('keepIngresses with only Flower\'s Ingress kept: the Ingress feature owns the Issuer (ingress solver) and checks the TLS settings', () => {
    const flower = { enabled: true, ingress: { enabled: true, host: 'flower.example.org', basicAuthSecretRef: { name: 'flower-users' } } };
    const rendered = render({ ...cutOver({ enabled: false }), ingress: { enabled: false }, flower });
    expectValid(rendered);
    expect(kinds(rendered.generated).filter((kind) => /^(Issuer|Ingress|Gateway)\//.test(kind))).toEqual(['Issuer/letsencrypt', 'Ingress/flower-edxapp', 'Gateway/openedx']);
    expect((rendered.generated[0] as Item).spec.acme.solvers).toEqual([{ http01: { ingress: { class: 'nginx' } } }]);
  });

  test('the generated Gateway\'s own HTTP-01 Issuer and a wildcard extra host and LMS alias: a warning on each naming the host and DNS-01', () => {
    const rendered = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { extraHosts: ['courses.example.org', '*.tenants.example.org'], lmsExtraHosts: ['*.learn.example.org', 'learn.example.org'] } });
    expect(errors(rendered)).toEqual([]);
    const http01 = 'the Issuer drydock-fn creates uses HTTP-01: use an existing DNS-01 issuer (ingress.tls.issuer.create: false)';
    expect(warnings(rendered).map((result) => [result.field?.path, result.message])).toEqual([
      ['spec.ingress.extraHosts[1]', `DrydockConfig drydock: spec.ingress.extraHosts[1]: Let's Encrypt issues wildcard certificates (*.tenants.example.org) only through DNS-01; ${http01}`],
      ['spec.ingress.lmsExtraHosts[0]', `DrydockConfig drydock: spec.ingress.lmsExtraHosts[0]: Let's Encrypt issues wildcard certificates (*.learn.example.org) only through DNS-01; ${http01}`],
    ]);
  });

  test('an existing issuer (issuer.create false) with a wildcard host: no warning (it may solve DNS-01)', () => {
    const rendered = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { extraHosts: ['*.tenants.example.org'], tls: { issuer: { create: false } } } });
    expectValid(rendered);
    expect(warnings(rendered)).toEqual([]);
  });
});

describe('the listeners\' limits and names', () => {
  const ownGateway = (ingress: Item, gateway: Item = {}) => ({ gatewayApi: { enabled: true, gateway: { ...OWN_GATEWAY.gateway, ...gateway } }, ingress: { ...ingress, tls: { issuer: { create: false } } } });
  const hosts = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index}.example.org`);
  const listenerCount = (rendered: Rendered) => (rendered.generated.find((item) => item.kind === 'Gateway') as Item).spec.listeners.length;

  test('too many listeners from LMS aliases alone: the error names ingress.lmsExtraHosts', () => {
    // The LMS, its 61 aliases, Studio and the MFE host: 64 HTTPS listeners and the HTTP one (the aliases' route has too many hostnames too).
    const rendered = render(ownGateway({ lmsExtraHosts: hosts('l', 61) }), { mfeApps: ['authoring'] });
    expectRefused(rendered);
    const listeners = errors(rendered).filter((result) => /listeners/.test(result.message));
    expect(listeners.map((result) => [result.field?.path, result.message.replace(/^[^:]*: [^:]*: /, '')])).toEqual([
      ['spec.ingress.lmsExtraHosts', 'the generated Gateway would have 65 listeners (one per host, and the HTTP listener); a Gateway takes at most 64: route the tenant hosts with a wildcard (*.example.com), or attach to a platform Gateway (gatewayApi.parentRefs)'],
    ]);
  });

  test('without the HTTP listener (httpRedirect false), 64 hosts take the 64 listeners; 65 are refused, the count without an HTTP listener', () => {
    const fits = render(ownGateway({ extraHosts: hosts('t', 62) }, { httpRedirect: false }));
    expectValid(fits);
    expect(listenerCount(fits)).toBe(64);
    const tooMany = render(ownGateway({ extraHosts: hosts('t', 63) }, { httpRedirect: false }));
    expectRefused(tooMany);
    expect(errors(tooMany).map((result) => [result.field?.path, result.message.replace(/^[^:]*: [^:]*: /, '').replace(/;.*/, '')])).toEqual([['spec.ingress.extraHosts', 'the generated Gateway would have 65 listeners (one per host)']]);
  });

  // A listener's name (https-<host with dashes>) and its Secret's (<host with dashes>-gateway-tls) are at most 253 characters (SectionName, a Secret's name).
  const hostOfLength = (length: number) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 196)}.org`;

  test('a host whose Secret name has exactly 253 characters is taken; one character more is refused', () => {
    expect([hostOfLength(241).length, hostOfLength(242).length]).toEqual([241, 242]);
    const fits = render(ownGateway({ extraHosts: [hostOfLength(241)] }));
    expectValid(fits);
    const listener = (fits.generated.find((item) => item.kind === 'Gateway') as Item).spec.listeners.find((candidate: Item) => candidate.hostname === hostOfLength(241));
    expect([listener.name.length, listener.tls.certificateRefs[0].name.length]).toEqual([247, 253]);
    const tooLong = render(ownGateway({ extraHosts: [hostOfLength(242)] }));
    expectRefused(tooLong);
    expect(errors(tooLong)).toEqual([expect.objectContaining({ field: { path: 'spec.ingress.extraHosts[0]' }, message: expect.stringMatching(/-gateway-tls has 254 characters; Kubernetes takes 253\)$/) })]);
  });

  test('a Tutor host too long for its listener: the error is about the manifest that holds it (the Caddy site)', () => {
    const rendered = render(ownGateway({}), { lmsHost: hostOfLength(242) });
    expectRefused(rendered);
    expect(errors(rendered)).toEqual([expect.objectContaining({ field: { path: 'data.Caddyfile' }, message: expect.stringMatching(/^the Caddy site ".*" \(line \d+\): host a+\.b+\.c+\.d+\.org is too long for its Gateway listener and Secret names \(a+-b+-c+-d+-org-gateway-tls has 254 characters; Kubernetes takes 253\)$/) })]);
  });

  test('a Tutor host whose listener name an LMS alias takes first: the error is about the manifest that holds the Tutor host', () => {
    const rendered = render(ownGateway({ lmsExtraHosts: ['studio-example.com'] }));
    expectRefused(rendered);
    const named = errors(rendered).filter((result) => /listener named/.test(result.message));
    expect(named).toEqual([expect.objectContaining({ field: { path: 'data.Caddyfile' }, message: expect.stringMatching(/^the Caddy site "studio\.example\.com.*" \(line \d+\): hosts studio-example\.com and studio\.example\.com would both have a Gateway listener named https-studio-example-com$/) })]);
  });
});

describe('listener names checked only where listeners are generated', () => {
  const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(50)}.org`;

  test.each([
    ['a platform Gateway', { gatewayApi: { enabled: true, ...PLATFORM_GATEWAY } }],
    ['a generated Gateway without TLS (the HTTP listener alone)', { gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls: { auto: false } } }],
  ])('%s: a host too long for a listener\'s Secret name is routed (its HTTPRoute name is short enough)', (_name, spec) => {
    const rendered = render({ ...spec, ingress: { ...((spec as Item).ingress ?? {}), extraHosts: [long] } });
    expectValid(rendered);
    expect(rendered.routes[long.replace(/\./g, '-')].spec.hostnames).toEqual([long]);
  });

  test('an LMS alias whose listener name is the LMS host\'s (the first listener): an error on the alias', () => {
    const rendered = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { lmsExtraHosts: ['a.b.example.org'], tls: { issuer: { create: false } } } }, { lmsHost: 'a-b.example.org' });
    expectRefused(rendered);
    expect(errors(rendered).filter((result) => /listener named/.test(result.message))).toEqual([expect.objectContaining({ field: { path: 'spec.ingress.lmsExtraHosts[0]' }, message: expect.stringMatching(/hosts a-b\.example\.org and a\.b\.example\.org would both have a Gateway listener named https-a-b-example-org$/) })]);
  });
});

describe('the listeners\' Secrets when cert-manager fills none', () => {
  const crt = Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64');
  const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'lms', namespace: 'openedx' }, spec: { secretName: 'lms-example-com-gateway-tls', dnsNames: ['lms.example.com'], issuerRef: { name: 'letsencrypt' } } };

  test.each([
    ['a custom certificate', { customCerts: { secretName: 'wildcard-tls', crt, key: crt } }],
    ['a custom certificate, cert-manager off', { auto: false, customCerts: { secretName: 'wildcard-tls', crt, key: crt } }],
  ])('%s: a Certificate of the input filling a Secret named like a listener\'s is no conflict (the listeners name the custom Secret)', (_name, tls) => {
    const rendered = render({ gatewayApi: { enabled: true, ...OWN_GATEWAY }, ingress: { tls } }, {}, [certificate]);
    expectValid(rendered);
  });
});
