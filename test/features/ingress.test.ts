import { ingress } from '../../src/features/ingress';
import { extraHostIngressName } from '../../src/features/lib/routes';
import { schemaProblems } from '../support/k8s-schema';
import { byName, tutorObjects } from '../support/tutor-objects';
import type { TutorObjectsOptions } from '../support/tutor-objects';
import { runFeature, settingsOf } from '../support/views';

type Item = Record<string, any>;

function generate(options: TutorObjectsOptions = {}, spec: unknown = {}) {
  const before = tutorObjects(options);
  const output = runFeature(ingress, before, spec);
  const added = output.objects.slice(before.length) as Item[];
  return { ...output, added, ingresses: byName(added, 'Ingress') };
}

const paths = (ingressObject: Item, rule = 0): string[] => ingressObject.spec.rules[rule].http.paths.map((entry: Item) => entry.path);

describe('Ingresses per Tutor host', () => {
  const cases: [string, TutorObjectsOptions, string[]][] = [
    ['Tutor 22 without plugins', {}, ['lms', 'cms']],
    ['Meilisearch served by Caddy', { meilisearch: true }, ['lms', 'cms', 'meilisearch']],
    ['tutor-mfe', { mfeApps: ['learning', 'account'] }, ['lms', 'cms', 'mfe']],
    ['tutor-notes', { notes: true }, ['lms', 'cms', 'notes']],
    ['Tutor ≤ 20 with the preview host', { version: '19.0.5', previewHost: 'preview.lms.example.com' }, ['lms', 'lms-preview', 'cms']],
  ];
  test.each(cases)('%s', (_name, options, names) => {
    const { added, results } = generate(options);
    expect(results).toEqual([]);
    expect(added.filter((item) => item.kind === 'Ingress').map((item) => item.metadata.name)).toEqual(names);
    expect(added[0]).toMatchObject({ kind: 'Issuer', metadata: { name: 'letsencrypt' } });
  });

  test('every Ingress routes to caddy:80 with Prefix paths, class, issuer annotation, TLS per host, Tutor labels and namespace', () => {
    const { ingresses } = generate({ meilisearch: true });
    expect(ingresses.meilisearch).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'meilisearch',
        namespace: 'openedx',
        labels: { 'app.kubernetes.io/instance': 'openedx-TEST', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' },
        annotations: { 'app.kubernetes.io/version': '22.0.0', 'cert-manager.io/issuer': 'letsencrypt', 'drydock.io/generated-by': 'drydock-fn', 'internal.config.kubernetes.io/index': '0', 'internal.config.kubernetes.io/path': 'drydock-fn/ingress_meilisearch.yaml' },
      },
      spec: {
        ingressClassName: 'nginx',
        rules: [{ host: 'meilisearch.lms.example.com', http: { paths: [{ pathType: 'Prefix', path: '/', backend: { service: { name: 'caddy', port: { number: 80 } } } }] } }],
        tls: [{ hosts: ['meilisearch.lms.example.com'], secretName: 'meilisearch-host-tls' }],
      },
    });
  });

  test('LMS paths: /learning, each MFE but authoring (once each), then /; LMS aliases get every MFE; Studio gets the authoring paths', () => {
    const { ingresses } = generate({ mfeApps: ['authn', 'authoring', 'learning', 'profile'] }, { ingress: { lmsExtraHosts: ['courses.example.org'] } });
    expect(paths(ingresses.lms, 0)).toEqual(['/learning', '/authn', '/profile', '/']);
    expect(ingresses.lms.spec.rules[1].host).toBe('courses.example.org');
    expect(paths(ingresses.lms, 1)).toEqual(['/learning', '/authn', '/authoring', '/profile', '/']);
    expect(ingresses.lms.spec.tls).toEqual([{ hosts: ['lms.example.com', 'courses.example.org'], secretName: 'lms-host-tls' }]);
    expect(paths(ingresses.cms)).toEqual(['/course-authoring', '/authoring', '/']);
  });

  test('settings.tutor.mfeApps overrides the apps read from the MFE Caddyfile', () => {
    const { ingresses } = generate({ mfeApps: ['learning', 'account'] }, { tutor: { mfeApps: ['gradebook'] } });
    expect(paths(ingresses.lms)).toEqual(['/learning', '/gradebook', '/']);
  });

  test('one Ingress per extra host, named after the host', () => {
    const { ingresses } = generate({}, { ingress: { extraHosts: ['courses.example.org', '*.tenants.example.org'], tls: { issuer: { create: false } } } });
    expect(ingresses['courses-example-org'].spec.rules[0].host).toBe('courses.example.org');
    expect(ingresses['courses-example-org'].spec.tls).toEqual([{ hosts: ['courses.example.org'], secretName: 'courses-example-org-tls' }]);
    expect(ingresses['wildcard-tenants-example-org'].spec.rules[0].host).toBe('*.tenants.example.org');
    expect(extraHostIngressName('a.b.c')).toBe('a-b-c');
  });

  test('ingress class and extra annotations from the config', () => {
    const { ingresses, added } = generate({}, { ingress: { className: 'traefik', annotations: { 'example.com/team': 'learning' } } });
    expect(ingresses.lms.spec.ingressClassName).toBe('traefik');
    expect(ingresses.lms.metadata.annotations['example.com/team']).toBe('learning');
    expect(added[0].spec.acme.solvers).toEqual([{ http01: { ingress: { class: 'traefik' } } }]);
  });

  test('the Issuer: e-mail from the config, else CONTACT_EMAIL; account key named after the namespace', () => {
    expect(generate({}, { ingress: { tls: { letsencryptEmail: 'ops@example.com' } } }).added[0].spec.acme).toMatchObject({ email: 'ops@example.com', privateKeySecretRef: { name: 'openedx-letsencrypt-account-key' } });
    expect(generate().added[0].spec.acme.email).toBe('contact@lms.example.com');
    const withoutEmail = generate({ contactEmail: null });
    expect(withoutEmail.added[0].spec.acme.email).toBeUndefined();
    expect(withoutEmail.results).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: { path: 'spec.ingress.tls.letsencryptEmail' },
        message: "spec.ingress.tls.letsencryptEmail: no e-mail for the Let's Encrypt account (no CONTACT_EMAIL address in the manifests): Let's Encrypt cannot warn about expiring certificates",
      }),
    ]);
  });

  test("manifests without a namespace: the account key is named after Tutor's default namespace, openedx (K8S_NAMESPACE)", () => {
    const before = tutorObjects().filter((item) => item.kind !== 'Namespace').map((item) => ({ ...item, metadata: { ...item.metadata, namespace: undefined } }));
    const output = runFeature(ingress, JSON.parse(JSON.stringify(before)), {});
    const issuer = output.objects.find((item) => item.kind === 'Issuer') as Item;
    expect(issuer.metadata.namespace).toBeUndefined();
    expect(issuer.spec.acme.privateKeySecretRef).toEqual({ name: 'openedx-letsencrypt-account-key' });
  });

  test("the Issuer whole: Let's Encrypt's production ACME server, HTTP-01 through the ingress class, its name label", () => {
    const issuer = generate({}, { ingress: { className: 'traefik', tls: { issuer: { name: 'le' } } } }).added[0];
    expect(issuer).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: expect.objectContaining({ name: 'le', namespace: 'openedx', labels: expect.objectContaining({ 'app.kubernetes.io/name': 'le' }) }),
      spec: {
        acme: {
          email: 'contact@lms.example.com',
          privateKeySecretRef: { name: 'openedx-le-account-key' },
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          solvers: [{ http01: { ingress: { class: 'traefik' } } }],
        },
      },
    });
  });

  test('an existing ClusterIssuer by reference: no Issuer created, cluster-issuer annotation', () => {
    const { added, ingresses } = generate({}, { ingress: { tls: { issuer: { kind: 'ClusterIssuer', name: 'letsencrypt-prod', create: false } } } });
    expect(added.some((item) => item.kind === 'Issuer')).toBe(false);
    expect(ingresses.lms.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(ingresses.lms.metadata.annotations['cert-manager.io/issuer']).toBeUndefined();
  });

  test('an existing Issuer by reference', () => {
    const { added, ingresses } = generate({}, { ingress: { tls: { issuer: { name: 'shared', create: false } } } });
    expect(added.some((item) => item.kind === 'Issuer')).toBe(false);
    expect(ingresses.cms.metadata.annotations['cert-manager.io/issuer']).toBe('shared');
  });

  test('custom certificates: the TLS Secret, every Ingress uses it, no cert-manager annotation (the Issuer stays, as in Drydock)', () => {
    const crt = Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64');
    const { added, ingresses } = generate({}, { ingress: { tls: { customCerts: { secretName: 'my-tls', crt, key: crt } } } });
    const secret = added.find((item) => item.kind === 'Secret');
    expect(secret).toMatchObject({ type: 'kubernetes.io/tls', metadata: { name: 'my-tls', namespace: 'openedx' }, data: { 'tls.crt': crt, 'tls.key': crt } });
    expect(ingresses.lms.spec.tls).toEqual([{ hosts: ['lms.example.com'], secretName: 'my-tls' }]);
    expect(ingresses.lms.metadata.annotations['cert-manager.io/issuer']).toBeUndefined();
    expect(added.some((item) => item.kind === 'Issuer')).toBe(true);
  });

  test('custom certificates from an existing Secret: no Secret generated', () => {
    const { added, ingresses } = generate({}, { ingress: { tls: { auto: false, customCerts: { secretName: 'wildcard-tls' } } } });
    expect(added.map((item) => item.kind)).toEqual(['Ingress', 'Ingress']);
    expect(ingresses.cms.spec.tls[0].secretName).toBe('wildcard-tls');
  });

  test('without TLS: no Issuer, no spec.tls, no annotation', () => {
    const { added, ingresses } = generate({}, { ingress: { tls: { auto: false } } });
    expect(added.map((item) => item.kind)).toEqual(['Ingress', 'Ingress']);
    expect(ingresses.lms.spec.tls).toBeUndefined();
    expect(ingresses.lms.metadata.annotations['cert-manager.io/issuer']).toBeUndefined();
  });

  test('input that is not a Tutor deployment: nothing generated, an info result', () => {
    const output = runFeature(ingress, [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } }]);
    expect(output.changes).toEqual([]);
    expect(output.results).toEqual([
      expect.objectContaining({ severity: 'info', field: { path: 'spec.ingress.enabled' }, message: 'spec.ingress.enabled: no Tutor host in the manifests (no Caddy site, no LMS_BASE): no Ingress generated' }),
    ]);
  });

  test('a wildcard extra host with the HTTP-01 Issuer: a warning', () => {
    const { results } = generate({}, { ingress: { extraHosts: ['*.example.org'] } });
    expect(results).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: { path: 'spec.ingress.extraHosts[0]' },
        message: "spec.ingress.extraHosts[0]: Let's Encrypt issues wildcard certificates (*.example.org) only through DNS-01; the Issuer drydock-fn creates uses HTTP-01: use an existing DNS-01 issuer (ingress.tls.issuer.create: false)",
      }),
    ]);
  });

  test.each([
    ['a custom certificate', { customCerts: { secretName: 'wildcard-tls' } }],
    ['no TLS', { auto: false }],
    ['an issuer of the user', { issuer: { name: 'dns01', create: false } }],
  ])('a wildcard extra host with %s: no warning (no HTTP-01 Issuer is involved)', (_name, tls) => {
    expect(generate({}, { ingress: { extraHosts: ['*.example.org'], tls } }).results).toEqual([]);
  });

  test('on with ingress.enabled, or for Flower\'s Ingress alone', () => {
    expect(ingress.isEnabled(settingsOf({}))).toBe(true);
    expect(ingress.isEnabled(settingsOf({ ingress: { enabled: false } }))).toBe(false);
    expect(ingress.isEnabled(settingsOf({ ingress: { enabled: false }, flower: { enabled: true } }))).toBe(false);
    expect(ingress.isEnabled(settingsOf({ ingress: { enabled: false }, flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower-auth' } } } }))).toBe(true);
  });

  test('a wildcard LMS alias with the HTTP-01 Issuer: a warning (the lms certificate, which it shares, fails); none with a DNS-01 issuer of the user', () => {
    const { results } = generate({}, { ingress: { lmsExtraHosts: ['learn.example.org', '*.tenants.example.org'] } });
    expect(results).toEqual([expect.objectContaining({ severity: 'warning', field: { path: 'spec.ingress.lmsExtraHosts[1]' }, message: expect.stringMatching(/one certificate for the LMS host and its aliases/) })]);
    expect(generate({}, { ingress: { lmsExtraHosts: ['*.tenants.example.org'], tls: { issuer: { create: false } } } }).results).toEqual([]);
  });

  test('extra hosts without any Tutor host: their Ingresses and the Issuer, and the warning that the LMS has none', () => {
    const before = [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'openedx' } }];
    const output = runFeature(ingress, before, { ingress: { extraHosts: ['courses.example.org'], tls: { letsencryptEmail: 'ops@example.org' } } });
    const added = output.objects.slice(before.length) as Item[];
    expect(added.map((item) => [item.kind, item.metadata.name])).toEqual([
      ['Issuer', 'letsencrypt'],
      ['Ingress', 'courses-example-org'],
    ]);
    expect(added[1].spec.rules.map((rule: Item) => rule.host)).toEqual(['courses.example.org']);
    expect(output.results).toEqual([
      {
        severity: 'warning',
        message: 'spec.tutor.lmsHost: no LMS host in the manifests (no Caddy site proxying to lms, no LMS_BASE): the lms Ingress is not generated; set tutor.lmsHost',
        field: { path: 'spec.tutor.lmsHost' },
        tags: { code: 'CONFIG_SETTING' },
      },
    ]);
  });

  test('a Tutor deployment without an LMS host: the other Ingresses and a warning naming tutor.lmsHost', () => {
    const before = tutorObjects();
    const caddy = before.find((item) => item.metadata.name.startsWith('caddy-config-')) as Item;
    caddy.data.Caddyfile = caddy.data.Caddyfile.replace('lms.example.com{$default_site_port} {\n    import proxy "lms:8000"\n}\n\n', '');
    const config = before.find((item) => item.metadata.name.startsWith('openedx-config-')) as Item;
    config.data['lms.env.yml'] = config.data['lms.env.yml'].replace('LMS_BASE: "lms.example.com"\n', '');
    expect(JSON.stringify([caddy.data, config.data])).not.toMatch(/lms\.example\.com\{|LMS_BASE/);
    const output = runFeature(ingress, before, {});
    expect(output.objects.slice(before.length).map((item) => [item.kind, item.metadata.name])).toEqual([
      ['Issuer', 'letsencrypt'],
      ['Ingress', 'cms'],
    ]);
    expect(output.results).toEqual([
      {
        severity: 'warning',
        message: 'spec.tutor.lmsHost: no LMS host in the manifests (no Caddy site proxying to lms, no LMS_BASE): the lms Ingress is not generated; set tutor.lmsHost',
        field: { path: 'spec.tutor.lmsHost' },
        tags: { code: 'CONFIG_SETTING' },
      },
    ]);
  });

  test('no LMS host and a refused Studio host: the warning about the Studio host does not stand for the LMS one', () => {
    const before = tutorObjects({ cmsHost: 'studio_x.example.com' });
    const caddy = before.find((item) => item.metadata.name.startsWith('caddy-config-')) as Item;
    caddy.data.Caddyfile = caddy.data.Caddyfile.replace('lms.example.com{$default_site_port} {\n    import proxy "lms:8000"\n}\n\n', '');
    const config = before.find((item) => item.metadata.name.startsWith('openedx-config-')) as Item;
    config.data['lms.env.yml'] = config.data['lms.env.yml'].replace('LMS_BASE: "lms.example.com"\n', '');
    // An extra host, so that some Ingress is generated (with none, an info says there is nothing to route).
    const output = runFeature(ingress, before, { ingress: { extraHosts: ['courses.example.org'] } });
    expect(output.results.map((result) => [result.tags?.code, result.field?.path])).toEqual([
      ['HOST_INVALID', 'data.Caddyfile'],
      ['CONFIG_SETTING', 'spec.tutor.lmsHost'],
    ]);
  });

  test('a namespace other than openedx: every object in it, the account key named after it', () => {
    const before = tutorObjects().map((item) => (item.kind === 'Namespace' ? { ...item, metadata: { ...item.metadata, name: 'school' } } : { ...item, metadata: { ...item.metadata, namespace: 'school' } }));
    const output = runFeature(ingress, before, {});
    const added = output.objects.slice(before.length) as Item[];
    expect(output.results).toEqual([]);
    expect(added.map((item) => [item.kind, item.metadata.name, item.metadata.namespace])).toEqual([
      ['Issuer', 'letsencrypt', 'school'],
      ['Ingress', 'lms', 'school'],
      ['Ingress', 'cms', 'school'],
    ]);
    expect(added[0].spec.acme.privateKeySecretRef).toEqual({ name: 'school-letsencrypt-account-key' });
  });

  test('custom certificates in base64 wrapped over lines (as base64(1) writes them): accepted, the Secret holds them without the line breaks', () => {
    const crt = 'LS0tLS1CRUdJTiBD\nRVJUSUZJQ0FURS0t\nLS0tCg==\n';
    const { added, results } = generate({}, { ingress: { tls: { customCerts: { secretName: 'my-tls', crt, key: ' eA== ' } } } });
    expect(results).toEqual([]);
    expect(added.find((item) => item.kind === 'Secret')?.data).toEqual({ 'tls.crt': 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==', 'tls.key': 'eA==' });
  });

  test('every generated object validates against its schema', () => {
    const crt = Buffer.from('x').toString('base64');
    for (const spec of [{ ingress: { extraHosts: ['a.example.org'], lmsExtraHosts: ['b.example.org'] } }, { ingress: { tls: { customCerts: { crt, key: crt } } } }]) {
      const { added } = generate({ mfeApps: ['learning', 'authoring'], meilisearch: true, notes: true, version: '19.0.5', previewHost: 'preview.lms.example.com' }, spec);
      expect(added.length).toBeGreaterThanOrEqual(7);
      expect(added.flatMap(schemaProblems)).toEqual([]);
    }
  });
});

describe('settings the codecs cannot judge', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['an extra host listed twice', { ingress: { extraHosts: ['a.example.org', 'a.example.org'] } }, 'spec.ingress.extraHosts[1]', /listed twice/],
    ['an extra host that is the LMS host', { ingress: { extraHosts: ['lms.example.com'] } }, 'spec.ingress.extraHosts[0]', /already served by Ingress lms/],
    ['an extra host that is an LMS alias', { ingress: { extraHosts: ['b.example.org'], lmsExtraHosts: ['b.example.org'] } }, 'spec.ingress.extraHosts[0]', /already served by Ingress lms/],
    ['an LMS alias that is the Studio host', { ingress: { lmsExtraHosts: ['studio.example.com'] } }, 'spec.ingress.lmsExtraHosts[0]', /already served by Ingress cms/],
    ['an extra host named like a generated Ingress', { ingress: { extraHosts: ['mfe'] } }, 'spec.ingress.extraHosts[0]', /named mfe/],
    ['two extra hosts with one Ingress name', { ingress: { extraHosts: ['a-b.example.org', 'a.b.example.org'] } }, 'spec.ingress.extraHosts[1]', /both be served by an Ingress named a-b-example-org/],
    ['half a custom certificate', { ingress: { tls: { customCerts: { crt: 'eA==' } } } }, 'spec.ingress.tls.customCerts.key', /both crt and key/],
    ['a certificate that is not base64', { ingress: { tls: { customCerts: { crt: '-----BEGIN', key: 'eA==' } } } }, 'spec.ingress.tls.customCerts.crt', /base64/],
    ['a key that is not base64', { ingress: { tls: { customCerts: { crt: 'eA==', key: 'eA!=' } } } }, 'spec.ingress.tls.customCerts.key', /^spec\.ingress\.tls\.customCerts\.key: expected base64 \(the PEM file encoded with base64, as in a Secret's data\)$/],
    ['base64 cut short (not a multiple of 4 characters)', { ingress: { tls: { customCerts: { crt: 'eA=', key: 'eA==' } } } }, 'spec.ingress.tls.customCerts.crt', /expected base64/],
    ['base64 with three padding characters', { ingress: { tls: { customCerts: { crt: 'e===', key: 'eA==' } } } }, 'spec.ingress.tls.customCerts.crt', /expected base64/],
    ['base64 of only white space', { ingress: { tls: { customCerts: { crt: ' \n ', key: 'eA==' } } } }, 'spec.ingress.tls.customCerts.crt', /expected base64/],
    ['padding inside the value', { ingress: { tls: { customCerts: { crt: 'eA==eA==', key: 'eA==' } } } }, 'spec.ingress.tls.customCerts.crt', /expected base64/],
    ['an LMS alias listed twice', { ingress: { lmsExtraHosts: ['b.example.org', 'b.example.org'] } }, 'spec.ingress.lmsExtraHosts[1]', /listed twice/],
    ['creating a ClusterIssuer', { ingress: { tls: { issuer: { kind: 'ClusterIssuer' } } } }, 'spec.ingress.tls.issuer.create', /ClusterIssuer/],
  ];
  test.each(cases)('%s', (_name, spec, field, message) => {
    const { results, changes } = generate({}, spec);
    expect(changes).toEqual([]);
    expect(results).toEqual([expect.objectContaining({ severity: 'error', field: { path: field }, message: expect.stringMatching(message) })]);
  });

  test('a certificate never appears in a message', () => {
    const { results } = generate({}, { ingress: { tls: { customCerts: { crt: 'SECRET-VALUE', key: 'eA==' } } } });
    expect(JSON.stringify(results)).not.toContain('SECRET-VALUE');
  });
});

describe('hosts of the manifests an Ingress takes only changed, or not at all', () => {
  const caddyConfig = { apiVersion: 'v1', kind: 'ConfigMap', name: 'caddy-config-dddddddddd', namespace: 'openedx' };
  const site = (host: string, line: number): string => `the Caddy site "${host}{$default_site_port}" (line ${line}) names the host "${host}"`;

  test('in capitals: the Ingresses route it in lower case, an info result on the Caddyfile naming the setting', () => {
    const { ingresses, results } = generate({ lmsHost: 'Lms.Example.COM' });
    expect(ingresses.lms.spec.rules[0].host).toBe('lms.example.com');
    expect(results).toEqual([
      {
        severity: 'info',
        message: `${site('Lms.Example.COM', 9)} (LMS_HOST); the Ingresses route lms.example.com, the same host in lower case (DNS and Caddy match host names in any case)`,
        tags: { code: 'HOST_NORMALIZED' },
        resourceRef: caddyConfig,
        field: { path: 'data.Caddyfile' },
      },
    ]);
  });

  test('with a trailing dot and capitals: a warning giving both changes and the form to write in Tutor\'s config', () => {
    const { ingresses, results } = generate({ lmsHost: 'Lms.Example.COM.' });
    expect(ingresses.lms.spec.rules[0].host).toBe('lms.example.com');
    expect(results.map((result) => [result.severity, result.tags?.code, result.message])).toEqual([
      [
        'warning',
        'HOST_NORMALIZED',
        `${site('Lms.Example.COM.', 9)} (LMS_HOST); the Ingresses route lms.example.com, the same host without its trailing dot and in lower case (DNS and Caddy match host names in any case); Caddy may match the site only as written: write LMS_HOST as lms.example.com in Tutor's config`,
      ],
    ]);
  });

  test('in Unicode: punycode in the Ingresses and a warning, for every host of the plugin too (MEILISEARCH_HOST)', () => {
    const { ingresses, results } = generate({ lmsHost: 'lms.exämple.com', meilisearch: true });
    expect([ingresses.lms.spec.rules[0].host, ingresses.meilisearch.spec.rules[0].host]).toEqual(['lms.xn--exmple-cua.com', 'meilisearch.lms.xn--exmple-cua.com']);
    expect(results.map((result) => [result.severity, result.tags?.code, result.message])).toEqual([
      ['warning', 'HOST_NORMALIZED', `${site('lms.exämple.com', 9)} (LMS_HOST); the Ingresses route lms.xn--exmple-cua.com, the same host in punycode, what browsers send; Caddy may match the site only as written: write LMS_HOST as lms.xn--exmple-cua.com in Tutor's config`],
      [
        'warning',
        'HOST_NORMALIZED',
        `${site('meilisearch.lms.exämple.com', 17)} (MEILISEARCH_HOST); the Ingresses route meilisearch.lms.xn--exmple-cua.com, the same host in punycode, what browsers send; Caddy may match the site only as written: write MEILISEARCH_HOST as meilisearch.lms.xn--exmple-cua.com in Tutor's config`,
      ],
    ]);
  });

  test('the host of a plugin whose Deployment is absent (the site left in the Caddyfile): no Ingress for it, and no finding about it', () => {
    const before = tutorObjects({ lmsHost: 'lms.exämple.com', meilisearch: true }).filter((item) => !(item.kind === 'Deployment' && item.metadata.name === 'meilisearch'));
    const output = runFeature(ingress, before, {});
    const added = output.objects.slice(before.length) as Item[];
    expect(added.filter((item) => item.kind === 'Ingress').map((item) => item.metadata.name)).toEqual(['lms', 'cms']);
    expect(output.results.map((result) => [result.tags?.code, result.message.match(/\((\w+_HOST)\)/)?.[1]])).toEqual([['HOST_NORMALIZED', 'LMS_HOST']]);
  });

  test('not a host name: no lms Ingress, a warning saying what to correct, and no second warning about a missing LMS host', () => {
    const { ingresses, results } = generate({ lmsHost: 'lms_x.example.com' });
    expect(Object.keys(ingresses)).toEqual(['cms']);
    expect(results).toEqual([
      {
        severity: 'warning',
        message: `${site('lms_x.example.com', 9)} (LMS_HOST), which no Ingress can route: it must be a host name: lower case letters, digits, "-" and ".", starting and ending with a letter or digit (no "_", no port, no scheme); the lms Ingress is not generated: correct LMS_HOST in Tutor's config, or set tutor.lmsHost`,
        tags: { code: 'HOST_INVALID' },
        resourceRef: caddyConfig,
        field: { path: 'data.Caddyfile' },
      },
    ]);
  });

  test('every host of the manifests refused: no Ingress, the warnings about them, and no info that the manifests hold no host', () => {
    const { changes, results } = generate({ lmsHost: 'lms_x.example.com', cmsHost: 'studio_x.example.com' });
    expect(changes).toEqual([]);
    expect(results.map((result) => [result.severity, result.tags?.code, result.message.match(/\((\w+_HOST)\)/)?.[1]])).toEqual([
      ['warning', 'HOST_INVALID', 'LMS_HOST'],
      ['warning', 'HOST_INVALID', 'CMS_HOST'],
    ]);
  });
});

describe('settings checked against each other', () => {
  test('a kubernetes.io/ingress.class annotation other than ingress.className: an error naming the annotation, nothing generated', () => {
    const { results, changes } = generate({}, { ingress: { annotations: { 'kubernetes.io/ingress.class': 'traefik' } } });
    expect(changes).toEqual([]);
    expect(results).toEqual([
      {
        severity: 'error',
        message:
          'spec.ingress.annotations["kubernetes.io/ingress.class"]: kubernetes.io/ingress.class must be ingress.className (nginx) or absent: the API server refuses an Ingress whose annotation and spec.ingressClassName differ; drydock-fn sets spec.ingressClassName from ingress.className',
        field: { path: 'spec.ingress.annotations["kubernetes.io/ingress.class"]' },
        tags: { code: 'CONFIG_SETTING' },
      },
    ]);
  });

  test('the same annotation naming ingress.className: accepted and written', () => {
    const { results, ingresses } = generate({}, { ingress: { className: 'traefik', annotations: { 'kubernetes.io/ingress.class': 'traefik' } } });
    expect(results).toEqual([]);
    expect(ingresses.lms.metadata.annotations['kubernetes.io/ingress.class']).toBe('traefik');
    expect(ingresses.lms.spec.ingressClassName).toBe('traefik');
  });

  test('an extra host whose TLS Secret name would pass 253 characters: an error; 249 characters still fit', () => {
    const labels = ['a', 'b', 'c', 'd'].map((char) => char.repeat(61)).join('.');
    const { results, changes } = generate({}, { ingress: { extraHosts: [`${labels}.org`] } });
    expect(changes).toEqual([]);
    expect(results).toEqual([
      expect.objectContaining({
        severity: 'error',
        field: { path: 'spec.ingress.extraHosts[0]' },
        message: `spec.ingress.extraHosts[0]: host ${labels}.org is too long for its Ingress and TLS Secret names (${labels.replace(/\./g, '-')}-org-tls has 255 characters; Kubernetes takes 253)`,
      }),
    ]);
    // Listed twice: the name error once, at the first (the second is a route conflict, reported apart).
    const twice = generate({}, { ingress: { extraHosts: [`${labels}.org`, `${labels}.org`] } });
    expect(twice.results.filter((result) => /too long/.test(result.message)).map((result) => result.field?.path)).toEqual(['spec.ingress.extraHosts[0]']);
    const fits = generate({}, { ingress: { extraHosts: [`${labels}.o`] } });
    expect(fits.results).toEqual([]);
    expect(fits.ingresses[`${labels.replace(/\./g, '-')}-o`].spec.tls[0].secretName).toBe(`${labels.replace(/\./g, '-')}-o-tls`);
  });

  test('with ingress.enabled false the extra hosts get no Ingress, so their names are not checked', () => {
    const { results, changes } = generate({}, { ingress: { enabled: false, extraHosts: ['mfe'] } });
    expect(results).toEqual([]);
    expect(changes).toEqual([]);
  });
});
