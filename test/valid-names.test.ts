/**
 * Valid names (issue 13, case 5): the names drydock-fn writes into Ingresses and the Issuer are ones
 * the API server takes. Settings: the IngressClass name, annotation keys, every host setting, given
 * in a bad form in both config forms, are CONFIG_INVALID_VALUE errors naming the field (a bad
 * annotation key by its own path), exit 1, the items back unchanged; what the settings take reaches
 * the Ingresses valid by Kubernetes' rules (test/support/k8s-names.ts) and schema.
 */
import * as YAML from 'yaml';
import { wrapDocuments } from '../src/io';
import { runFunction } from '../src/run';
import { IsValidLabelValue, JobNameProblems, ingressApiProblems } from './support/k8s-names';
import { tasksResource } from './support/init-tasks';
import { schemaProblems } from './support/k8s-schema';
import { describeWithFixtures, readFixture } from './support/fixtures';
import { drydockConfig, drydockConfigMap, itemsOf, runOnManifests } from './support/run';
import { tutorObjects } from './support/tutor-objects';
import type { TutorObjectsOptions } from './support/tutor-objects';

type Item = Record<string, any>;

/** A whole run over the small Tutor deployment of the test support. */
function run(config: unknown, options: TutorObjectsOptions = {}) {
  const input = wrapDocuments(tutorObjects(options).map((item) => YAML.stringify(item)), config);
  const outcome = runFunction(input);
  const items = itemsOf(outcome.output);
  return { outcome, input, items, ingresses: items.filter((item) => item.kind === 'Ingress') };
}

/** Every problem the API server would find with the generated Ingresses, and their schema problems. */
function ingressProblems(ingresses: readonly Item[]): string[] {
  return ingresses.flatMap((ingress) => [...ingressApiProblems(ingress), ...schemaProblems(ingress)].map((problem) => `${ingress.metadata.name}: ${problem}`));
}

const BAD_HOSTS: [string, RegExp][] = [
  ['Lms.Example.COM', /did you mean "lms\.example\.com"/],
  ['lms.exämple.com', /did you mean "lms\.xn--exmple-cua\.com"/],
  ['lms.example.com.', /did you mean "lms\.example\.com"/],
  ['lms_x.example.com', /expected a DNS host name/],
  ['*.lms.example.com', /no wildcard/],
  ['10.0.0.1', /IP address/],
];

describe('settings that would write names the API server refuses are errors naming the field', () => {
  const cases: [string, unknown, string[], RegExp][] = [
    ['ingress.className with a space and capitals', drydockConfig({ ingress: { className: 'Nginx Internal' } }), ['spec.ingress.className'], /expected an IngressClass name/],
    ['the same in the ConfigMap form', drydockConfigMap({ DRYDOCK_INGRESS_CLASS: 'Nginx Internal' }), ['data.DRYDOCK_INGRESS_CLASS'], /expected an IngressClass name/],
    ['ingress.className of dots', drydockConfig({ ingress: { className: 'nginx..internal' } }), ['spec.ingress.className'], /IngressClass name/],
    [
      'annotation keys that are not qualified names, each by its own path',
      drydockConfig({ ingress: { annotations: { 'not a valid key!': 'x', '': 'y', 'example.com/ok': 'z' } } }),
      ['spec.ingress.annotations["not a valid key!"]', 'spec.ingress.annotations[""]'],
      /is not an annotation key/,
    ],
    ['the same in the ConfigMap form', drydockConfigMap({ 'ingress.annotations': '{"not a valid key!": x, "": y}' }), ['data.ingress.annotations', 'data.ingress.annotations'], /"(not a valid key!)?" is not an annotation key/],
    ['an annotation key with two slashes', drydockConfig({ ingress: { annotations: { 'a.io/b/c': 'x' } } }), ['spec.ingress.annotations["a.io/b/c"]'], /one "\/"/],
    ['an annotation key with a name of 64 characters', drydockConfig({ ingress: { annotations: { [`a.io/${'n'.repeat(64)}`]: 'x' } } }), [`spec.ingress.annotations["a.io/${'n'.repeat(64)}"]`], /longer than 63/],
    ['annotations beyond what the API server takes', drydockConfig({ ingress: { annotations: { 'example.com/big': 'x'.repeat(256 * 1024) } } }), ['spec.ingress.annotations'], /bytes, more than/],
    ['an annotation value that is not a string', drydockConfig({ ingress: { annotations: { 'example.com/n': 5 } } }), ['spec.ingress.annotations["example.com/n"]'], /expected a string/],
    ['an Issuer name too long for its label', drydockConfig({ ingress: { tls: { issuer: { name: 'i'.repeat(64) } } } }), ['spec.ingress.tls.issuer.name'], /at most 63 characters/],
    ['a Secret name of dots', drydockConfig({ ingress: { tls: { customCerts: { secretName: 'my..tls' } } } }), ['spec.ingress.tls.customCerts.secretName'], /Kubernetes object name/],
    ...BAD_HOSTS.flatMap(([host, message]): [string, unknown, string[], RegExp][] => [
      [`tutor.lmsHost ${JSON.stringify(host)}`, drydockConfig({ tutor: { lmsHost: host } }), ['spec.tutor.lmsHost'], message],
      [`LMS_HOST ${JSON.stringify(host)} in the ConfigMap form`, drydockConfigMap({ LMS_HOST: host }), ['data.LMS_HOST'], message],
    ]),
    ['flower.ingress.host as a wildcard', drydockConfig({ flower: { enabled: true, ingress: { enabled: true, host: '*.example.com', basicAuthSecretRef: { name: 'u' } } } }), ['spec.flower.ingress.host'], /no wildcard/],
    ['flower.ingress.host in capitals', drydockConfig({ flower: { enabled: true, ingress: { enabled: true, host: 'Flower.example.com', basicAuthSecretRef: { name: 'u' } } } }), ['spec.flower.ingress.host'], /did you mean "flower\.example\.com"/],
    ['an extra host with a wildcard inside', drydockConfigMap({ DRYDOCK_INGRESS_EXTRA_HOSTS: '["a.*.example.com"]' }), ['data.DRYDOCK_INGRESS_EXTRA_HOSTS'], /expected a DNS host name/],
    ['an extra host that is an IP address', drydockConfig({ ingress: { extraHosts: ['192.168.0.1'] } }), ['spec.ingress.extraHosts'], /IP address/],
    ['an LMS alias with a trailing dot', drydockConfig({ ingress: { lmsExtraHosts: ['learn.example.com.'] } }), ['spec.ingress.lmsExtraHosts'], /did you mean "learn\.example\.com"/],
    ['MINIO_HOST in capitals', drydockConfigMap({ MINIO_HOST: 'Files.example.com' }), ['data.MINIO_HOST'], /did you mean "files\.example\.com"/],
    ['S3_HOST as a wildcard', drydockConfig({ scorm: { s3Host: '*.amazonaws.com' } }), ['spec.scorm.s3Host'], /DNS host name/],
    // secretKeyRef.key is checked by IsConfigMapKey: no "." or "..", no ".." prefix, at most 253 characters.
    ['a Secret key starting with ".."', drydockConfig({ newRelic: { licenseKeySecretRef: { name: 'newrelic', key: '..data' } } }), ['spec.newRelic.licenseKeySecretRef.key'], /Secret data key/],
    ['a Secret key "."', drydockConfig({ sentry: { enabled: true, dsnSecretRef: { name: 'sentry', key: '.' } } }), ['spec.sentry.dsnSecretRef.key'], /Secret data key/],
    ['a Secret key ".."', drydockConfig({ flower: { enabled: true, brokerUrlSecretRef: { name: 'flower', key: '..' } } }), ['spec.flower.brokerUrlSecretRef.key'], /Secret data key/],
    ['a Secret key of 254 characters', drydockConfig({ initJobs: { mongodbRootUsername: 'root', mongodbRootPasswordSecretRef: { name: 'mongo', key: 'k'.repeat(254) } } }), ['spec.initJobs.mongodbRootPasswordSecretRef.key'], /Secret data key/],
  ];
  const featureCases: [string, unknown, string[], RegExp][] = [
    [
      'a kubernetes.io/ingress.class annotation other than ingress.className (the API server refuses the pair)',
      drydockConfig({ ingress: { className: 'traefik', annotations: { 'kubernetes.io/ingress.class': 'nginx' } } }),
      ['spec.ingress.annotations["kubernetes.io/ingress.class"]'],
      /must be ingress\.className \(traefik\) or absent/,
    ],
    ['the same in the ConfigMap form', drydockConfigMap({ DRYDOCK_INGRESS_CLASS: 'traefik', 'ingress.annotations': '{"kubernetes.io/ingress.class": nginx}' }), ['data.ingress.annotations'], /must be ingress\.className/],
    ['an extra host too long for its Ingress and TLS Secret names', drydockConfig({ ingress: { extraHosts: [`*.${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.org`] } }), ['spec.ingress.extraHosts[0]'], /too long for its Ingress and TLS Secret names/],
  ];

  test.each(featureCases)('%s (a setting only the ingress feature can judge)', (_name, config, fields, message) => {
    const { outcome, input, items } = run(config);
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors).toEqual(fields.map((field) => expect.objectContaining({ tags: { code: 'CONFIG_SETTING' }, field: { path: field }, message: expect.stringMatching(message) })));
    expect(items).toEqual(itemsOf(input));
  });

  test('a kubernetes.io/ingress.class annotation equal to ingress.className is taken', () => {
    const { outcome, ingresses } = run(drydockConfig({ ingress: { className: 'traefik', annotations: { 'kubernetes.io/ingress.class': 'traefik' } } }));
    expect(outcome.exitCode).toBe(0);
    expect(ingressProblems(ingresses)).toEqual([]);
  });

  test.each(cases)('%s', (_name, config, fields, message) => {
    const { outcome, input, items } = run(config);
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors.map((error) => error.field?.path)).toEqual(fields);
    for (const error of errors) {
      expect(error).toEqual(expect.objectContaining({ tags: { code: 'CONFIG_INVALID_VALUE' }, message: expect.stringMatching(message), resourceRef: expect.objectContaining({ name: 'drydock' }) }));
    }
    expect(items).toEqual(itemsOf(input));
    expect(outcome.diagnostics.filter((line) => line.startsWith('drydock-fn: error:'))).toHaveLength(fields.length);
  });

  test('the values the rules take reach every Ingress and the Issuer, and the API server takes them', () => {
    const spec = {
      tutor: { lmsHost: 'lms.xn--exmple-cua.com' },
      ingress: {
        className: 'nginx-internal.example',
        extraHosts: ['*.tenants.example.org', 'courses.example.org'],
        lmsExtraHosts: ['learn.example.org'],
        annotations: { 'Example.com/Team': 'learning', 'nginx.ingress.kubernetes.io/proxy-body-size': '100m', simple: 'a: b # c' },
        tls: { issuer: { name: 'i'.repeat(63) } },
      },
      flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.org', basicAuthSecretRef: { name: 'flower-users' } } },
      scorm: { minioHost: '', s3Host: 's3.eu-west-1.amazonaws.com' },
    };
    for (const config of [drydockConfig(spec)]) {
      const { outcome, items, ingresses } = run(config);
      expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
      expect(ingresses.map((ingress) => ingress.metadata.name).sort()).toEqual(['cms', 'courses-example-org', 'flower-edxapp', 'lms', 'wildcard-tenants-example-org']);
      for (const ingress of ingresses) {
        expect(ingress.spec.ingressClassName).toBe('nginx-internal.example');
        expect(ingress.metadata.annotations).toMatchObject(spec.ingress.annotations);
      }
      expect(ingresses.find((ingress) => ingress.metadata.name === 'lms')?.spec.rules.map((rule: Item) => rule.host)).toEqual(['lms.xn--exmple-cua.com', 'learn.example.org']);
      expect(ingressProblems(ingresses)).toEqual([]);
      const issuer = items.find((item) => item.kind === 'Issuer') as Item;
      expect(issuer.spec.acme.solvers).toEqual([{ http01: { ingress: { class: 'nginx-internal.example' } } }]);
      expect(schemaProblems(issuer)).toEqual([]);
      expect(ingressApiProblems({ metadata: { name: issuer.metadata.name, labels: issuer.metadata.labels }, spec: {} })).toEqual([]);
    }
  });
});

/** Tutor 22's own output (its Caddyfile serves lms.example.com, studio.example.com, meilisearch.lms.example.com). */
function fixtureWithLmsHost(form: string): string {
  const documents = YAML.parseAllDocuments(readFixture('tutor-v22', 'default', 'built.yaml')).map((document) => document.toJS() as Item);
  const caddy = documents.find((item) => item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config-')) as Item;
  // Only the Caddyfile changes: LMS_BASE in the env files keeps the plain host.
  caddy.data.Caddyfile = caddy.data.Caddyfile.replaceAll('lms.example.com{', `${form}{`);
  return documents.map((item) => YAML.stringify(item)).join('---\n');
}

describeWithFixtures('hosts of the manifests in every bad form (Tutor 22 with its Caddyfile edited)', () => {
  const caddyConfig = expect.objectContaining({ kind: 'ConfigMap', name: expect.stringMatching(/^caddy-config-/) });
  const cases: [string, { lms?: string; meilisearch?: string; severity: string; code: string; message: RegExp }][] = [
    ['Lms.Example.COM', { lms: 'lms.example.com', meilisearch: 'meilisearch.lms.example.com', severity: 'info', code: 'HOST_NORMALIZED', message: /route (meilisearch\.)?lms\.example\.com, the same host in lower case/ }],
    ['lms.exämple.com', { lms: 'lms.xn--exmple-cua.com', meilisearch: 'meilisearch.lms.xn--exmple-cua.com', severity: 'warning', code: 'HOST_NORMALIZED', message: /in punycode.*write (LMS|MEILISEARCH)_HOST as (meilisearch\.)?lms\.xn--exmple-cua\.com/ }],
    ['lms.example.com.', { lms: 'lms.example.com', meilisearch: 'meilisearch.lms.example.com', severity: 'warning', code: 'HOST_NORMALIZED', message: /without its trailing dot/ }],
    ['lms_x.example.com', { severity: 'warning', code: 'HOST_INVALID', message: /which no Ingress can route: it must be a host name.*the (lms|meilisearch) Ingress is not generated/ }],
    ['*.lms.example.com', { severity: 'warning', code: 'HOST_INVALID', message: /which no Ingress can route: it (is a wildcard|must be a host name)/ }],
  ];

  test.each(cases)('%s', (form, expected) => {
    const outcome = runOnManifests(fixtureWithLmsHost(form));
    expect(outcome.exitCode).toBe(0);
    const ingresses = itemsOf(outcome.output).filter((item) => item.kind === 'Ingress');
    const hostOf = (name: string): string | undefined => ingresses.find((ingress) => ingress.metadata.name === name)?.spec.rules[0].host;
    expect(hostOf('lms')).toBe(expected.lms);
    expect(hostOf('meilisearch')).toBe(expected.meilisearch);
    expect(hostOf('cms')).toBe('studio.example.com');
    expect(ingressProblems(ingresses)).toEqual([]);
    // One result for the LMS site and one for the Meilisearch site, each naming the ConfigMap, its key and the site.
    const about = outcome.results.filter((result) => result.tags?.code === expected.code);
    expect(about).toHaveLength(2);
    for (const result of about) {
      expect(result).toEqual(expect.objectContaining({ severity: expected.severity, resourceRef: caddyConfig, field: { path: 'data.Caddyfile' }, message: expect.stringMatching(expected.message) }));
    }
    expect(about[0].message).toMatch(/^the Caddy site "[^"]*lms[^"]*\{\$default_site_port\}" \(line \d+\) names the host .*\(LMS_HOST\)/i);
    expect(about[1].message).toMatch(/^the Caddy site "meilisearch\.[^"]*" \(line \d+\) names the host .*\(MEILISEARCH_HOST\)/);
    expect(outcome.diagnostics.filter((line) => line.includes(expected.code) || line.includes('names the host'))).toHaveLength(expected.severity === 'info' ? 0 : 2);
  });

  test('an Ingress whose host cannot be made valid is reported, never silently left out', () => {
    const outcome = runOnManifests(fixtureWithLmsHost('lms_x.example.com'), drydockConfig({ debug: { enabled: true, canaryIngress: 'always' } }));
    const names = itemsOf(outcome.output).filter((item) => item.kind === 'Ingress').map((item) => item.metadata.name);
    expect(names).toEqual(['cms']);
    expect(outcome.results.filter((result) => result.tags?.code === 'HOST_INVALID').map((result) => result.message.match(/the (\S+) Ingress is not generated/)?.[1])).toEqual(['lms', 'meilisearch']);
    expect(outcome.results).toContainEqual(expect.objectContaining({ severity: 'info', field: { path: 'spec.debug.canaryIngress' }, message: expect.stringMatching(/ingress-debug is not generated: the manifests give no valid LMS host/) }));
  });
});

describe('no two routes claim the same host and path (case 6)', () => {
  const flower = (host: string) => ({ enabled: true, ingress: { enabled: true, host, basicAuthSecretRef: { name: 'flower-users' } } });
  const flowerData = (host: string) => ({ DRYDOCK_FLOWER: 'true', 'flower.ingress.enabled': 'true', 'flower.ingress.host': host, 'flower.ingress.basicAuthSecretRef': '{name: flower-users}' });
  const cases: [string, unknown, TutorObjectsOptions, string, RegExp][] = [
    ['Flower on the LMS host', drydockConfig({ flower: flower('lms.example.com') }), {}, 'spec.flower.ingress.host', /host lms\.example\.com, path \/, is already served by Ingress lms \(LMS_HOST, from the Caddy site "lms\.example\.com\{\$default_site_port\}" \(line \d+\)\)/],
    ['the same in the ConfigMap form', drydockConfigMap(flowerData('lms.example.com')), {}, 'data.flower.ingress.host', /is already served by Ingress lms \(LMS_HOST/],
    ['Flower on an extra host', drydockConfig({ ingress: { extraHosts: ['ops.example.com'] }, flower: flower('ops.example.com') }), {}, 'spec.flower.ingress.host', /already served by Ingress ops-example-com \(spec\.ingress\.extraHosts\[0\]\)/],
    ['the same in the ConfigMap form', drydockConfigMap({ DRYDOCK_INGRESS_EXTRA_HOSTS: '["ops.example.com"]', ...flowerData('ops.example.com') }), {}, 'data.flower.ingress.host', /already served by Ingress ops-example-com \(data\.DRYDOCK_INGRESS_EXTRA_HOSTS\)/],
    ['Flower on an LMS alias', drydockConfig({ ingress: { lmsExtraHosts: ['learn.example.com'] }, flower: flower('learn.example.com') }), {}, 'spec.flower.ingress.host', /already served by Ingress lms \(spec\.ingress\.lmsExtraHosts\[0\]\)/],
    ['Flower on the Studio host, which the debug canary routes too', drydockConfig({ flower: flower('studio.example.com'), debug: { enabled: true } }), {}, 'spec.flower.ingress.host', /already served by Ingress cms/],
    ['Flower on the MFE host', drydockConfig({ flower: flower('apps.lms.example.com') }), { mfeApps: ['learning'] }, 'spec.flower.ingress.host', /already served by Ingress mfe \(MFE_HOST/],
    ['an extra host that is the Meilisearch host', drydockConfig({ ingress: { extraHosts: ['meilisearch.lms.example.com'] } }), { meilisearch: true }, 'spec.ingress.extraHosts[0]', /already served by Ingress meilisearch/],
    ['an LMS alias listed twice', drydockConfig({ ingress: { lmsExtraHosts: ['learn.example.com', 'learn.example.com'] } }), {}, 'spec.ingress.lmsExtraHosts[1]', /listed twice \(also spec\.ingress\.lmsExtraHosts\[0\]\)/],
    ['tutor.cmsHost set to the LMS host of the Caddyfile', drydockConfig({ tutor: { cmsHost: 'lms.example.com' } }), {}, 'spec.tutor.cmsHost', /already served by Ingress lms \(LMS_HOST, from the Caddy site/],
    ['the preview host given as the LMS host', drydockConfig({ tutor: { previewLmsHost: 'lms.example.com' } }), {}, 'spec.tutor.previewLmsHost', /already served by Ingress lms/],
  ];

  test.each(cases)('%s: an error naming both, exit 1, the items unchanged', (_name, config, options, field, message) => {
    const { outcome, input, items } = run(config, options);
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ tags: { code: 'ROUTE_CONFLICT' }, field: { path: field }, message: expect.stringMatching(message) })]);
    expect(items).toEqual(itemsOf(input));
  });

  test('two Tutor hosts of the manifests that are one (LMS_HOST = CMS_HOST): an error on the ConfigMap that holds them', () => {
    const { outcome } = run(drydockConfig({}), { cmsHost: 'lms.example.com' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([
      expect.objectContaining({
        tags: { code: 'ROUTE_CONFLICT' },
        resourceRef: expect.objectContaining({ kind: 'ConfigMap', name: 'caddy-config-dddddddddd' }),
        field: { path: 'data.Caddyfile' },
        message: expect.stringMatching(/^CMS_HOST, from the Caddy site "lms\.example\.com\{\$default_site_port\}" \(line \d+\): host lms\.example\.com, path \/, is already served by Ingress lms \(LMS_HOST, from the Caddy site/),
      }),
    ]);
  });

  test('the debug canary is the one Ingress that repeats routes, those of lms and cms; everything else is unique', () => {
    const spec = {
      ingress: { extraHosts: ['courses.example.org'], lmsExtraHosts: ['learn.example.org'] },
      flower: flower('flower.example.org'),
      debug: { enabled: true },
    };
    const { outcome, ingresses } = run(drydockConfig(spec), { mfeApps: ['learning', 'authoring'], meilisearch: true, notes: true });
    expect(outcome.exitCode).toBe(0);
    const canary = ingresses.find((ingress) => ingress.metadata.name === 'ingress-debug') as Item;
    expect(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary']).toBe('true');
    const routes = (ingress: Item): string[] => ingress.spec.rules.flatMap((rule: Item) => rule.http.paths.map((path: Item) => `${rule.host}${path.path}`));
    const primary = ingresses.filter((ingress) => ingress !== canary).flatMap(routes);
    expect(new Set(primary).size).toBe(primary.length);
    const shadowed = ingresses.filter((ingress) => ['lms', 'cms'].includes(ingress.metadata.name)).flatMap(routes);
    expect(routes(canary)).toEqual(['lms.example.com/', 'studio.example.com/']);
    for (const route of routes(canary)) expect(shadowed).toContain(route);
    expect(ingressProblems(ingresses)).toEqual([]);
  });
});

describe("generated Job names fit the API server's limits (their pods' job-name label, the drydock.io/target-service label)", () => {
  const service = 'a'.repeat(55);
  /** The small deployment with a `<service>-job` template for the long service (a copy of lms-job). */
  const withTemplate = (): Item[] => {
    const objects = tutorObjects();
    const lmsJob = objects.find((object) => object.kind === 'Job' && object.metadata.name === 'lms-job') as Item;
    return [...objects, { ...structuredClone(lmsJob), metadata: { ...structuredClone(lmsJob.metadata), name: `${service}-job` } }];
  };
  const runWith = (objects: readonly Item[], config: unknown) => {
    const input = wrapDocuments(objects.map((item) => YAML.stringify(item)), config);
    return { input, outcome: runFunction(input) };
  };

  // The second task is Job 2: drydock-fn's MongoDB task (the deployment runs MongoDB) is Job 0.
  test('an inline init task whose Job name would have 69 characters: an error naming the task\'s service, exit 1, the items unchanged', () => {
    const { input, outcome } = runWith(withTemplate(), drydockConfig({ initJobs: { enabled: true, tasks: [{ service: 'lms', command: 'true' }, { service, command: 'true' }] } }));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([
      expect.objectContaining({ field: { path: 'spec.initJobs.tasks[1].service' }, message: expect.stringMatching(/drydock-a{55}-job-2, which has 69 characters; Kubernetes takes 63/) }),
    ]);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(input));
  });

  test('the same task in a TutorInitTasks resource: the error names the resource and its field', () => {
    const tasks = tasksResource([{ service: 'lms', command: 'true' }, { service, command: 'true' }]);
    const { outcome } = runWith([...withTemplate(), tasks as Item], drydockConfig({ initJobs: { enabled: true } }));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([
      expect.objectContaining({ resourceRef: expect.objectContaining({ kind: 'TutorInitTasks' }), field: { path: 'spec.tasks[1].service' }, tags: { code: 'RESOURCE_INVALID' } }),
    ]);
  });

  test('the longest service that fits gives Job names and label values the API server takes', () => {
    // Task 2: drydock-fn's MongoDB task comes first.
    const fits = 'b'.repeat(63 - 'drydock--job-2'.length);
    const objects = tutorObjects();
    const lmsJob = objects.find((object) => object.kind === 'Job' && object.metadata.name === 'lms-job') as Item;
    const { outcome } = runWith([...objects, { ...structuredClone(lmsJob), metadata: { ...structuredClone(lmsJob.metadata), name: `${fits}-job` } }], drydockConfig({ initJobs: { enabled: true, tasks: [{ service: 'lms', command: 'true' }, { service: fits, command: 'true' }] } }));
    expect(outcome.exitCode).toBe(0);
    const jobs = itemsOf(outcome.output).filter((item) => item.kind === 'Job' && item.metadata.annotations?.['drydock.io/generated-by'] === 'drydock-fn');
    expect(jobs.map((job) => job.metadata.name)).toContain(`drydock-${fits}-job-2`);
    for (const job of jobs) {
      expect(JobNameProblems(job.metadata.name)).toEqual([]);
      for (const value of Object.values(job.metadata.labels as Record<string, string>)) expect(IsValidLabelValue(value)).toEqual([]);
    }
  });
});
