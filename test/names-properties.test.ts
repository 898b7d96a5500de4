/**
 * Properties of the hosts and routes drydock-fn writes (fast-check; PROPERTY_RUNS runs, 500 by
 * default as in CI; PROPERTY_SEED and PROPERTY_PATH replay a failure). The Tutor hosts of the
 * manifests (Caddy sites and LMS_BASE/CMS_BASE) and the host, class and annotation settings are drawn
 * from host-like strings in every form (capitals, international names, trailing dots, underscores,
 * wildcards, IP addresses, hosts equal to one another) mixed with the hostile alphabet of
 * test/support/hostile.ts. Whatever the input:
 * - every generated Ingress is one the API server takes: its hosts, TLS hosts, class, name and
 *   annotation keys pass Kubernetes' checks (test/support/k8s-names.ts), and every host label is at
 *   most 63 characters;
 * - no two generated rules share a host and path, but the debug canary, whose routes are all routes
 *   of the lms and cms Ingresses it shadows;
 * - no two generated Ingresses name one TLS Secret that cert-manager fills, and every cert-manager
 *   annotation names the Issuer generated beside it, or one referenced on purpose (`create: false`),
 *   also with `ingress.enabled: false` and Flower's Ingress;
 * - a Tutor host whose Ingress is not generated is reported (never silently left out);
 * - an error leaves the items as they came, and every error names a field and has a code.
 */
import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { wrapDocuments } from '../src/io';
import { runFunction } from '../src/run';
import { hostileString } from './support/hostile';
import { ingressApiProblems } from './support/k8s-names';
import { drydockConfig, drydockConfigMap } from './support/run';
import { tutorObjects } from './support/tutor-objects';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const PATH = process.env.PROPERTY_PATH;
const parameters = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) };

type Item = Record<string, any>;

/** Hosts a deployment or a person may write, valid or not, often equal to one another. */
const PLAIN_HOSTS = ['lms.example.com', 'studio.example.com', 'apps.lms.example.com', 'meilisearch.lms.example.com', 'courses.example.org', 'flower.example.org', 'learn.example.org'];
const plainHost = fc.constantFrom(...PLAIN_HOSTS);
const hostForm = fc.oneof(
  { weight: 6, arbitrary: plainHost },
  { weight: 2, arbitrary: plainHost.chain((host) => fc.constantFrom(host.toUpperCase(), host.replace(/^./, (c) => c.toUpperCase()), `${host}.`, host.replace('example', 'exämple'), host.replace('.', '_'), `*.${host}`, host.replace(/\.[a-z]+$/, '.COM.'))) },
  { weight: 1, arbitrary: fc.constantFrom('10.0.0.1', '010.001.002.003', 'localhost', 'lms.example.com:8000', `${'a'.repeat(64)}.example.com`, 'xn--zz.example.com', 'ｌｍｓ.example.com', '.') },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/) },
  { weight: 2, arbitrary: hostileString({ maxLength: 6 }) },
);
/** Hosts for settings: mostly valid and distinct (else every case would be refused), sometimes a Tutor host, sometimes anything. */
const settingHost = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('courses.example.org', 'learn.example.org', 'flower.example.org', 'tenant-a.example.org', '*.tenants.example.org', 'xn--exmple-cua.example.org') },
  // Extra hosts whose Ingress's TLS Secret is another Ingress's (lms-host-tls, flower-host-tls).
  { weight: 1, arbitrary: fc.constantFrom('lms.host', 'flower.host') },
  { weight: 1, arbitrary: plainHost },
  { weight: 1, arbitrary: hostForm },
);
/** Annotation keys: mostly valid ones, sometimes hostile ones and near misses. */
const annotationKey = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('example.com/team', 'Example.COM/Team', 'nginx.ingress.kubernetes.io/proxy-body-size', 'simple', 'kubernetes.io/ingress.class') },
  { weight: 1, arbitrary: fc.constantFrom('not a valid key!', '', 'a/b/c', 'example.com/', '/x', `x.io/${'n'.repeat(64)}`, 'exämple.com/x') },
  { weight: 1, arbitrary: hostileString({ maxLength: 4 }) },
);
const className = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('nginx', 'traefik', 'nginx-internal') }, { weight: 1, arbitrary: fc.constantFrom('Nginx Internal', 'nginx..x', '') }, { weight: 1, arbitrary: hostileString({ maxLength: 3 }) });

const deployment = fc.record({
  lmsHost: hostForm,
  cmsHost: hostForm,
  previewHost: fc.option(hostForm, { nil: undefined }),
  mfe: fc.boolean(),
  meilisearch: fc.boolean(),
  notes: fc.boolean(),
});

const settings = fc.record(
  {
    tutor: fc.oneof({ weight: 3, arbitrary: fc.constant({} as { lmsHost?: string; cmsHost?: string; mfeHost?: string }) }, { weight: 1, arbitrary: fc.record({ lmsHost: settingHost, cmsHost: settingHost, mfeHost: settingHost }, { requiredKeys: [] }) }),
    ingress: fc.record(
      {
        enabled: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        className,
        extraHosts: fc.array(settingHost, { maxLength: 2 }),
        lmsExtraHosts: fc.array(settingHost, { maxLength: 1 }),
        annotations: fc.dictionary(annotationKey, fc.oneof(fc.constantFrom('nginx', '8m'), hostileString({ maxLength: 4 })), { maxKeys: 3 }),
        tls: fc.record({ issuer: fc.record({ create: fc.boolean() }) }),
      },
      { requiredKeys: [] },
    ),
    flower: fc.record({ enabled: fc.boolean(), ingress: fc.record({ enabled: fc.constant(true), host: settingHost, basicAuthSecretRef: fc.constant({ name: 'flower-users' }) }) }),
    debug: fc.record({ enabled: fc.boolean(), canaryIngress: fc.constantFrom('auto', 'always') }),
  },
  { requiredKeys: [] },
);

/** The features that do not write Ingresses are off: they cost time and are not what this property is about. */
const OTHERS_OFF = {
  tutorJobs: { skip: false },
  syncWaves: { enabled: false },
  multitenancy: { enabled: false },
  scorm: { enabled: false },
  podLifecycle: { enabled: false },
  djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' },
  uwsgi: { keepAlive: false },
  validation: { enabled: false },
};

const Case = fc.record({ deployment, settings: settings.map((spec) => ({ ...OTHERS_OFF, ...spec })), configMap: fc.boolean() });

/** YAML of each object, kept: most objects are the same from one case to the next. */
const dumped = new Map<string, string>();
function documentOf(item: Item): string {
  const key = JSON.stringify(item);
  let text = dumped.get(key);
  if (text === undefined) {
    text = jsyaml.dump(item, { lineWidth: -1 });
    dumped.set(key, text);
  }
  return text;
}

/** The text of a ResourceList up to its functionConfig (and results): the items. */
function itemsText(resourceList: string): string {
  const end = resourceList.search(/^(functionConfig|results):/m);
  return end < 0 ? resourceList : resourceList.slice(0, end);
}

/**
 * The items a run added (and, when the input items were printed again, all items): with every
 * feature but the Ingress ones off, the output's items are the input's, byte for byte, followed by
 * the new ones, so only those are read (js-yaml; through the yaml
 * package when js-yaml refuses the text, e.g. a hostile annotation value written raw, which the YAML
 * writer's own tests are about).
 */
function addedItems(input: string, output: string): Item[] {
  const before = itemsText(input);
  const after = itemsText(output);
  // A hostile setting may send the whole stream through the yaml package, which prints every item again: read them all.
  const text = after.startsWith(before) ? `items:\n${after.slice(before.length)}` : after;
  let parsed: { items: Item[] | null };
  try {
    parsed = jsyaml.load(text) as typeof parsed;
  } catch {
    parsed = YAML.parse(text) as typeof parsed;
  }
  return parsed.items ?? [];
}

/** A host that keeps the Caddyfile's structure (one site, one address): its site is always found. */
const keepsCaddyfileShape = (host: string): boolean => /^[^\s{}#,"'\\]+$/.test(host);

/** The settings as a ConfigMap's data (paths as keys, values as YAML), for half the cases. */
function asConfigMap(spec: Record<string, any>): unknown {
  const data: Record<string, string> = {};
  const walk = (value: unknown, path: string[]): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(path.join('.') === 'ingress.annotations') && !path.join('.').endsWith('SecretRef')) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
      return;
    }
    data[path.join('.')] = typeof value === 'string' ? value : JSON.stringify(value);
  };
  walk(spec, []);
  return drydockConfigMap(data);
}

function routesOf(ingress: Item): string[] {
  return (ingress.spec.rules ?? []).flatMap((rule: Item) => (rule.http?.paths ?? []).map((path: Item) => `${rule.host} ${path.path}`));
}

describe(`hosts and routes of generated Ingresses (${RUNS} runs)`, () => {
  test('every generated Ingress is one the API server takes; no two routes share a host and path but the canary; no Ingress is left out silently', () => {
    let generated = 0;
    let refused = 0;
    const codes = new Set<string>();
    fc.assert(
      fc.property(Case, ({ deployment: tutor, settings: spec, configMap }) => {
        const objects = tutorObjects({
          lmsHost: tutor.lmsHost,
          cmsHost: tutor.cmsHost,
          previewHost: tutor.previewHost,
          mfeApps: tutor.mfe ? ['learning', 'authoring'] : undefined,
          meilisearch: tutor.meilisearch,
          notes: tutor.notes,
          version: tutor.previewHost ? '19.0.5' : '22.0.0',
        });
        const input = wrapDocuments(objects.map(documentOf), configMap ? asConfigMap(spec) : drydockConfig(spec));
        const outcome = runFunction(input);
        for (const result of outcome.results) {
          expect(result.tags?.code).toEqual(expect.any(String));
          codes.add(result.tags?.code as string);
        }
        if (outcome.exitCode !== 0) {
          refused++;
          // Byte for byte as a rule; the same objects when a hostile setting sent the whole stream through the yaml package.
          if (itemsText(outcome.output) !== itemsText(input)) expect(YAML.parse(itemsText(outcome.output))).toEqual(YAML.parse(itemsText(input)));
          for (const error of outcome.results.filter((result) => result.severity === 'error')) expect(error.field?.path).toEqual(expect.any(String));
          return;
        }
        const ingresses = addedItems(input, outcome.output).filter((item) => item.kind === 'Ingress');
        generated += ingresses.length;
        for (const ingress of ingresses) {
          expect(ingressApiProblems(ingress)).toEqual([]);
          const hosts = [...(ingress.spec.rules ?? []).map((rule: Item) => rule.host), ...(ingress.spec.tls ?? []).flatMap((tls: Item) => tls.hosts)];
          for (const host of hosts) expect(host.split('.').every((label: string) => label.length <= 63)).toBe(true);
        }
        const canary = ingresses.find((ingress) => ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/canary'] === 'true');
        const primary = ingresses.filter((ingress) => ingress !== canary).flatMap(routesOf);
        expect(primary.filter((route, index) => primary.indexOf(route) !== index)).toEqual([]);
        if (canary) {
          const shadowed = ingresses.filter((ingress) => ['lms', 'cms'].includes(ingress.metadata.name)).flatMap(routesOf);
          for (const route of routesOf(canary)) expect(shadowed).toContain(route);
        }
        // cert-manager fills a Secret for one Ingress only, from the issuer its annotation names.
        const issued = ingresses.filter((ingress) => ingress.metadata.annotations?.['cert-manager.io/issuer'] || ingress.metadata.annotations?.['cert-manager.io/cluster-issuer']);
        const secretsOf = (ingress: Item): string[] => (ingress.spec.tls ?? []).map((tls: Item) => tls.secretName);
        for (const ingress of issued) {
          const others = ingresses.filter((other) => other !== ingress).flatMap(secretsOf);
          expect(secretsOf(ingress).filter((secret) => others.includes(secret))).toEqual([]);
          const issuer = ingress.metadata.annotations['cert-manager.io/issuer'];
          if (issuer !== undefined && spec.ingress?.tls?.issuer?.create !== false) {
            expect(addedItems(input, outcome.output).filter((item) => item.kind === 'Issuer' && item.metadata.name === issuer)).toHaveLength(1);
          }
        }
        // A Tutor site of the manifests without its Ingress is reported (when the hosts keep the Caddyfile's shape, so that the sites are there to read).
        if (spec.ingress?.enabled === false || ![tutor.lmsHost, tutor.cmsHost, tutor.previewHost ?? 'x'].every(keepsCaddyfileShape)) return;
        const names = ingresses.map((ingress) => ingress.metadata.name);
        const fromManifests: [string, boolean][] = [
          ['lms', !spec.tutor?.lmsHost],
          ['cms', !spec.tutor?.cmsHost],
          ['meilisearch', tutor.meilisearch],
          ['notes', tutor.notes],
        ];
        for (const [name, expected] of fromManifests) {
          if (!expected || names.includes(name)) continue;
          const said = outcome.results.filter((result) => result.severity === 'warning' && (result.message.includes(`the ${name} Ingress is not generated`) || (name === 'lms' && /lmsHost|LMS_HOST/.test(result.field?.path ?? ''))));
          expect(said).not.toEqual([]);
        }
      }),
      parameters,
    );
    // The generator must reach every outcome, or the property proves little.
    expect(generated).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    if (RUNS >= 100) for (const code of ['HOST_NORMALIZED', 'HOST_INVALID', 'ROUTE_CONFLICT', 'TLS_SECRET_CONFLICT', 'CONFIG_INVALID_VALUE']) expect(codes).toContain(code);
  });
});
