/**
 * drydock-fn touches the Tutor instance it is given and nothing else: objects of Tutor's kinds and
 * names in other namespaces, or labelled for another instance, tool or application, come out as they
 * came in, and Tutor's objects come out as they would without them; when nothing tells Tutor's object
 * apart from another of its kind and name, the run stops with an error naming both namespaces.
 */
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { allFeaturesSpec, asItem, resourceList } from '../bench/inputs';
import { printYamlDocument } from '../src/krm/yaml11';
import { runFunction } from '../src/run';
import type { RunOutcome } from '../src/run';
import { drydockConfig, drydockConfigMap, find, itemsOf } from './support/run';
import { hostileString } from './support/hostile';
import { cleanup, copyTree, describeWithTools, kptEval, kustomizeBuild, objectsOf, packageObjects, tempDir, writeOverlay } from './support/orchestrators';
import { tutorObjects } from './support/tutor-objects';

type Item = Record<string, any>;

/** The ResourceList text of the items (each written as kustomize writes an item) and a config. */
function listOf(items: readonly Item[], functionConfig: unknown): string {
  return resourceList(items.map(chunkOf), functionConfig);
}

/** An item's text in the list. */
function chunkOf(item: Item): string {
  // As kustomize sends it: what YAML 1.1 readers read otherwise is escaped (raw, drydock-fn refuses it).
  return asItem(printYamlDocument(new YAML.Document(item), { blockQuote: 'literal', lineWidth: 0 }));
}

/** The text of the items section of a ResourceList (from `items:` to the next top-level key). */
function itemsSection(text: string): string {
  const start = text.indexOf('\nitems:\n');
  const end = text.slice(start + 1).search(/\n(?=[a-z])/);
  return text.slice(start, start + 1 + end);
}

const sameObject = (item: Item, kind: string, name: string, namespace: string | undefined): boolean =>
  item.kind === kind && item.metadata?.name === name && item.metadata?.namespace === namespace;

/** A Deployment of another team, not Tutor's: its own labels (or none), its own pods. */
function foreignDeployment(name: string, namespace: string, labels: Record<string, string> = {}, app = `other-${name}`): Item {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, ...(Object.keys(labels).length > 0 ? { labels } : {}) },
    spec: {
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name, image: 'registry.example.com/legacy:1', ports: [{ containerPort: 8080 }] }] } },
    },
  };
}

/** Checks common to every run with foreign objects: each comes out byte for byte, and no result is about it. */
function expectUntouched(outcome: RunOutcome, foreign: readonly Item[]): void {
  expect(outcome.exitCode).toBe(0);
  for (const item of foreign) expect(outcome.output).toContain(chunkOf(item));
  const about = (result: RunOutcome['results'][number]): boolean =>
    foreign.some((item) => result.resourceRef?.kind === item.kind && result.resourceRef?.name === item.metadata.name && result.resourceRef?.namespace === item.metadata.namespace);
  expect(outcome.results.filter(about)).toEqual([]);
}

/** Tutor's objects in the output of `outcome` are those of the run without the foreign objects. */
function expectTutorAsAlone(outcome: RunOutcome, alone: RunOutcome, foreign: readonly Item[]): void {
  const foreignIds = new Set(foreign.map((item) => `${item.kind}/${item.metadata.namespace}/${item.metadata.name}`));
  const own = itemsOf(outcome.output).filter((item) => !foreignIds.has(`${item.kind}/${item.metadata?.namespace}/${item.metadata?.name}`));
  expect(own).toEqual(itemsOf(alone.output));
}

const TUTOR = tutorObjects();

describe.each(['before', 'after'] as const)('objects of Tutor\'s names in other namespaces, listed %s Tutor\'s', (where) => {
  const around = (foreign: readonly Item[]): Item[] => (where === 'before' ? [...foreign, ...TUTOR] : [...TUTOR, ...foreign]);

  test('a Deployment lms in namespace legacy with New Relic on: Tutor\'s lms gets New Relic and the pod lifecycle, the other nothing', () => {
    const foreign = [foreignDeployment('lms', 'legacy')];
    const config = drydockConfig({ newRelic: { licenseKey: 'nr-key' } });
    const outcome = runFunction(listOf(around(foreign), config));
    const alone = runFunction(listOf(TUTOR, config));
    expectUntouched(outcome, foreign);
    expectTutorAsAlone(outcome, alone, foreign);
    const lms = itemsOf(outcome.output).find((item) => sameObject(item, 'Deployment', 'lms', 'openedx')) as Item;
    const pod = lms.spec.template.spec;
    expect(pod.containers[0].command).toEqual(['newrelic-admin', 'run-program']);
    expect(pod.containers[0].startupProbe.httpGet.path).toBe('/heartbeat');
    expect(pod.containers[0].livenessProbe.httpGet.path).toBe('/heartbeat');
    expect(pod.containers[0].lifecycle.preStop.exec.command[0]).toBe('sleep');
    expect(pod.terminationGracePeriodSeconds).toEqual(expect.any(Number));
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels).toEqual(lms.spec.selector.matchLabels);
    expect(find(itemsOf(outcome.output), 'ConfigMap', 'newrelic-cm')?.metadata.namespace).toBe('openedx');
    expect(outcome.results).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'info', tags: { code: 'INSTANCE_NONE' }, message: expect.stringContaining('Deployment lms in namespace legacy') })]),
    );
  });

  test('a Deployment caddy in namespace web and DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CADDY: caddy-pdb selects Tutor\'s caddy pods', () => {
    const foreign = [foreignDeployment('caddy', 'web', {}, 'other-caddy')];
    const config = drydockConfigMap({ DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CADDY: '50' });
    const outcome = runFunction(listOf(around(foreign), config));
    expectUntouched(outcome, foreign);
    expectTutorAsAlone(outcome, runFunction(listOf(TUTOR, config)), foreign);
    const pdb = find(itemsOf(outcome.output), 'PodDisruptionBudget', 'caddy-pdb') as Item;
    const caddy = TUTOR.find((item) => item.kind === 'Deployment' && item.metadata.name === 'caddy') as Item;
    expect(pdb.metadata.namespace).toBe('openedx');
    expect(pdb.spec.selector.matchLabels).toEqual(caddy.spec.selector.matchLabels);
    expect(pdb.spec.selector.matchLabels.app).toBeUndefined();
  });

  test('a ConfigMap caddy-config in namespace web with multitenancy on: Tutor\'s Caddyfile gets the catch-all site, the other keeps its own', () => {
    const tutorCaddy = TUTOR.find((item) => item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config')) as Item;
    const foreign = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'caddy-config', namespace: 'web' }, data: { Caddyfile: tutorCaddy.data.Caddyfile } }];
    const config = drydockConfig({ multitenancy: { enabled: true } });
    const outcome = runFunction(listOf(around(foreign), config));
    expectUntouched(outcome, foreign);
    expectTutorAsAlone(outcome, runFunction(listOf(TUTOR, config)), foreign);
    const edited = find(itemsOf(outcome.output), 'ConfigMap', tutorCaddy.metadata.name) as Item;
    expect(edited.data.Caddyfile).toContain('{$default_site_port} {');
  });

  test('every feature on, with a namesake of each of Tutor\'s objects in another namespace: none touched, Tutor\'s output as without them', () => {
    // Every namespaced object of Tutor's, copied into another namespace without Tutor's labels.
    const foreign = TUTOR.filter((item) => item.kind !== 'Namespace').map((item) => {
      const copy = JSON.parse(JSON.stringify(item)) as Item;
      copy.metadata.namespace = 'legacy';
      delete copy.metadata.labels;
      return copy;
    });
    const config = drydockConfig({
      newRelic: { licenseKey: 'nr-key' },
      podDisruptionBudgets: { lms: 50, cms: 50, caddy: 50 },
      registryCredentials: { dockerConfigJson: '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNzd29yZA=="}}}' },
      sentry: { enabled: true, dsnSecretRef: { name: 'sentry', key: 'dsn' } },
      scorm: { enabled: true },
      debug: { enabled: true },
      ingress: { enabled: true },
    });
    const outcome = runFunction(listOf(around(foreign), config));
    const alone = runFunction(listOf(TUTOR, config));
    expect(alone.exitCode).toBe(0);
    expectUntouched(outcome, foreign);
    expectTutorAsAlone(outcome, alone, foreign);
  });
});

describe('objects labelled for another tool or instance in Tutor\'s namespace', () => {
  const helm = { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'monitoring' };

  test('are left as they are by the passes over every object (pull secrets, sync waves), and make no second instance', () => {
    const foreign = [foreignDeployment('lms-exporter', 'openedx', helm), foreignDeployment('lms-worker', 'monitoring', helm)];
    const config = drydockConfig({ registryCredentials: { secretName: 'pull' }, syncWaves: { order: { 'kind:Deployment': 7 } } });
    const outcome = runFunction(listOf([...TUTOR, ...foreign], config));
    expectUntouched(outcome, foreign);
    expectTutorAsAlone(outcome, runFunction(listOf(TUTOR, config)), foreign);
    const lms = itemsOf(outcome.output).find((item) => sameObject(item, 'Deployment', 'lms', 'openedx')) as Item;
    expect(lms.spec.template.spec.imagePullSecrets).toEqual([{ name: 'pull' }]);
  });

  test('an object of the name drydock-fn generates is not replaced: a warning, and no second object', () => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'lms', namespace: 'openedx', labels: helm },
      spec: { rules: [{ host: 'lms.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'other', port: { number: 80 } } } }] } }] },
    };
    const outcome = runFunction(listOf([...TUTOR, ingress], drydockConfig({ ingress: { enabled: true } })));
    expectUntouched(outcome, []);
    expect(outcome.output).toContain(chunkOf(ingress));
    expect(itemsOf(outcome.output).filter((item) => item.kind === 'Ingress' && item.metadata.name === 'lms')).toHaveLength(1);
    expect(outcome.results).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'warning', tags: { code: 'RESOURCE_CONFLICT' }, resourceRef: expect.objectContaining({ kind: 'Ingress', name: 'lms', namespace: 'openedx' }) })]),
    );
  });
});

describe('when Tutor\'s object cannot be told apart', () => {
  /** Tutor's lms with Tutor's labels, in another namespace (a second Tutor env with the same instance label). */
  const tutorLms = TUTOR.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms') as Item;
  const copyIn = (namespace: string, labels: boolean): Item => {
    const copy = JSON.parse(JSON.stringify(tutorLms)) as Item;
    copy.metadata.namespace = namespace;
    if (!labels) delete copy.metadata.labels;
    return copy;
  };

  const expectAmbiguous = (text: string, namespaces: readonly string[]): RunOutcome => {
    const outcome = runFunction(text);
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ tags: { code: 'INSTANCE_AMBIGUOUS' }, resourceRef: expect.objectContaining({ kind: 'Deployment', name: 'lms' }) })]);
    for (const namespace of namespaces) expect(errors[0].message).toContain(`namespace ${namespace}`);
    expect(itemsSection(outcome.output)).toBe(itemsSection(text));
    expect(outcome.diagnostics).toEqual([expect.stringMatching(/^drydock-fn: error: Deployment lms in namespace openedx: .*namespace legacy/)]);
    return outcome;
  };

  test('two Deployment lms with Tutor\'s labels in two namespaces: an error naming both, the items unchanged', () => {
    expectAmbiguous(listOf([copyIn('legacy', true), ...TUTOR], drydockConfig({})), ['openedx', 'legacy']);
  });

  test('plain manifests without Tutor\'s labels, lms in two namespaces: an error; tutor.namespace decides', () => {
    const plain = [...TUTOR.map((item) => ({ ...item, metadata: { ...item.metadata, labels: undefined } })), copyIn('legacy', false)].map((item) => JSON.parse(JSON.stringify(item)) as Item);
    expectAmbiguous(listOf(plain, drydockConfig({})), ['openedx', 'legacy']);
    const decided = runFunction(listOf(plain, drydockConfig({ tutor: { namespace: 'openedx' } })));
    expectUntouched(decided, [copyIn('legacy', false)]);
  });

  test('a Deployment lms in no namespace next to Tutor\'s: an error naming both, about Tutor\'s', () => {
    const loose = copyIn('legacy', false);
    delete loose.metadata.namespace;
    const text = listOf([loose, ...TUTOR], drydockConfig({}));
    const outcome = runFunction(text);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([
      expect.objectContaining({ tags: { code: 'INSTANCE_AMBIGUOUS' }, resourceRef: expect.objectContaining({ name: 'lms', namespace: 'openedx' }), message: expect.stringContaining('is in namespace openedx and in no namespace') }),
    ]);
    expect(itemsSection(outcome.output)).toBe(itemsSection(text));
  });

  test('tutor.namespace naming a namespace none of Tutor\'s objects is in: an error on the setting', () => {
    const outcome = runFunction(listOf(TUTOR, drydockConfigMap({ K8S_NAMESPACE: 'production' })));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([
      expect.objectContaining({ severity: 'error', tags: { code: 'CONFIG_SETTING' }, field: { path: 'data.K8S_NAMESPACE' }, message: expect.stringContaining('namespace openedx') }),
    ]);
  });
});

describe('results name the namespace when the list holds several', () => {
  test('in the message and on the stderr line; not with one namespace', () => {
    const config = drydockConfig({});
    const one = runFunction(listOf(TUTOR, config));
    const several = runFunction(listOf([...TUTOR, foreignDeployment('lms', 'legacy')], config));
    // Tutor's test objects declare no port: the probe check warns about cms.
    const probe = (outcome: RunOutcome) => outcome.results.find((result) => result.tags?.code === 'PROBE_PORT_NOT_EXPOSED' && result.resourceRef?.name === 'cms');
    expect(probe(one)?.message).toMatch(/^the startupProbe/);
    expect(probe(several)?.message).toMatch(/^Deployment cms in namespace openedx: the startupProbe/);
    expect(one.diagnostics).toContain(`drydock-fn: warning: Deployment cms: ${probe(one)?.message}`);
    expect(several.diagnostics).toContain(`drydock-fn: warning: ${probe(several)?.message}`);
  });

  test('the built command prints them so on stderr', () => {
    const text = listOf([...TUTOR, foreignDeployment('lms', 'legacy')], drydockConfig({}));
    const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'dist', 'drydock-fn.js')], { input: text, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('drydock-fn: warning: Deployment cms in namespace openedx: the startupProbe of container cms');
    expect(result.stderr).not.toContain('legacy');
  });
});

describe('an object in no namespace is, to kubectl and Argo CD, an object of the namespace it is applied to: the instance\'s', () => {
  /** The user's own object of a kind and name drydock-fn generates, written without a namespace (and so deployed into the instance's). */
  const loose = (apiVersion: string, kind: string, name: string, spec: Item, field = 'spec'): Item => ({ apiVersion, kind, metadata: { name }, [field]: spec });
  const cases: [string, Item, unknown][] = [
    [
      'Ingress lms',
      loose('networking.k8s.io/v1', 'Ingress', 'lms', {
        ingressClassName: 'nginx',
        rules: [{ host: 'lms.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'my-lms-proxy', port: { number: 80 } } } }] } }],
      }),
      drydockConfig({ ingress: { enabled: true } }),
    ],
    ['Issuer letsencrypt', loose('cert-manager.io/v1', 'Issuer', 'letsencrypt', { selfSigned: {} }), drydockConfig({ ingress: { enabled: true } })],
    [
      'Secret openedx-image-pull-secret',
      loose('v1', 'Secret', 'openedx-image-pull-secret', { '.dockerconfigjson': 'e30=' }, 'data'),
      drydockConfig({ registryCredentials: { dockerConfigJson: '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNzd29yZA=="}}}' } }),
    ],
    ['PodDisruptionBudget lms-pdb', loose('policy/v1', 'PodDisruptionBudget', 'lms-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'mine' } } }), drydockConfig({ podDisruptionBudgets: { lms: 50 } })],
  ];

  test.each(cases)('%s of the user, in no namespace: left as it is, none generated beside it, RESOURCE_CONFLICT', (name, object, config) => {
    const outcome = runFunction(listOf([...TUTOR, object], config));
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toContain(chunkOf(object));
    const namesakes = itemsOf(outcome.output).filter((item) => item.kind === object.kind && item.metadata.name === object.metadata.name);
    expect(namesakes).toHaveLength(1);
    expect(outcome.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', tags: { code: 'RESOURCE_CONFLICT' }, resourceRef: { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name }, message: expect.stringContaining(name) }),
      ]),
    );
    expect(outcome.results.filter((result) => result.tags?.code === 'RESOURCE_CONFLICT')).toHaveLength(1);
  });

  describeWithTools(['kustomize'], 'through kustomize', () => {
    test('an overlay adding the user\'s Ingress lms without a namespace to Tutor\'s env builds one Ingress lms, the user\'s', () => {
      const dir = tempDir();
      try {
        const overlay = path.join(dir, 'overlay');
        mkdirSync(overlay);
        copyTree(path.join(__dirname, '..', 'examples', 'tutor-env'), path.join(dir, 'env'));
        writeFileSync(path.join(overlay, 'my-ingress.yaml'), YAML.stringify(cases[0][1]));
        writeOverlay(overlay, ['../env', 'my-ingress.yaml'], drydockConfig({ ingress: { enabled: true } }) as Item, 'exec');
        const built = kustomizeBuild(overlay);
        expect(built.stderr).toContain('Ingress lms already exists in the input');
        expect(built.status).toBe(0);
        const ingresses = objectsOf(built.stdout).filter((object) => object.kind === 'Ingress' && object.metadata.name === 'lms');
        expect(ingresses).toEqual([cases[0][1]]);
      } finally {
        cleanup(dir);
      }
    });
  });

  test('an object an earlier run generated, its namespace since taken off: updated in place, not generated twice', () => {
    const first = itemsOf(runFunction(listOf(TUTOR, drydockConfig({ ingress: { enabled: true } }))).output);
    const issuer = JSON.parse(JSON.stringify(find(first, 'Issuer', 'letsencrypt'))) as Item;
    delete issuer.metadata.namespace;
    const outcome = runFunction(listOf([...TUTOR, issuer], drydockConfig({ ingress: { enabled: true } })));
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((result) => result.tags?.code === 'RESOURCE_CONFLICT')).toEqual([]);
    const issuers = itemsOf(outcome.output).filter((item) => item.kind === 'Issuer');
    expect(issuers.map((item) => item.metadata.namespace)).toEqual(['openedx']);
  });
});

describe('Tutor\'s env read as it is (kpt over env/): its objects have no labels yet, the Kustomization has them', () => {
  const COMMON = ['app.kubernetes.io/instance', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by'];
  /** Tutor's objects as Tutor's templates write them: no namespace and no common labels (the Kustomization adds both). */
  const RAW = TUTOR.map((item) => {
    const copy = JSON.parse(JSON.stringify(item)) as Item;
    delete copy.metadata.namespace;
    for (const key of COMMON) delete copy.metadata.labels?.[key];
    return copy;
  });
  const TUTOR_LABELS = Object.fromEntries(COMMON.map((key) => [key, TUTOR[0].metadata.labels[key]]));
  const kustomization = (form: 'commonLabels' | 'labels'): Item => ({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['k8s/deployments.yml'],
    namespace: 'openedx',
    ...(form === 'commonLabels' ? { commonLabels: TUTOR_LABELS } : { labels: [{ pairs: TUTOR_LABELS, includeSelectors: true }] }),
  });
  /** Another team's Caddy config: Helm's labels, its own sites for its own lms and cms. */
  const teamB: Item = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'caddy-config',
      labels: { 'app.kubernetes.io/name': 'caddy', 'app.kubernetes.io/instance': 'team-b-proxy', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/part-of': 'team-b' },
    },
    data: { Caddyfile: '(proxy) {\n    reverse_proxy {args.0}\n}\n\nteamb.example.net{$default_site_port} {\n    import proxy "lms:8000"\n}\n\nstudio.teamb.example.net{$default_site_port} {\n    import proxy "cms:8000"\n}\n' },
  };
  const config = drydockConfig({ ingress: { enabled: true }, multitenancy: { enabled: true }, podDisruptionBudgets: { lms: 50 } });

  test.each(['commonLabels', 'labels'] as const)('with the Kustomization\'s %s: another team\'s labelled caddy-config is left as it is, and generated objects carry Tutor\'s labels', (form) => {
    const items = [teamB, kustomization(form), ...RAW];
    const outcome = runFunction(listOf(items, config));
    const alone = runFunction(listOf([kustomization(form), ...RAW], config));
    expectUntouched(outcome, [teamB]);
    expectTutorAsAlone(outcome, alone, [teamB]);
    const output = itemsOf(outcome.output);
    const hosts = output.filter((item) => item.kind === 'Ingress').flatMap((item) => item.spec.rules.map((rule: Item) => rule.host));
    expect(hosts).toEqual(expect.arrayContaining(['lms.example.com', 'studio.example.com']));
    expect(hosts.filter((host: string) => host.includes('teamb'))).toEqual([]);
    const generated = output.filter((item) => item.metadata?.annotations?.['drydock.io/generated-by'] === 'drydock-fn');
    expect(generated.length).toBeGreaterThan(0);
    for (const object of generated) expect({ object: `${object.kind} ${object.metadata.name}`, labels: object.metadata.labels }).toEqual({ object: `${object.kind} ${object.metadata.name}`, labels: expect.objectContaining(TUTOR_LABELS) });
  });

  describeWithTools(['kpt'], 'through kpt fn eval', () => {
    test('the bundled env with another team\'s caddy-config in the package: that file comes out as it was, and no object gets its labels or its hosts', () => {
      const dir = tempDir();
      try {
        const pkg = path.join(dir, 'pkg');
        copyTree(path.join(__dirname, '..', 'examples', 'tutor-env'), pkg);
        writeFileSync(path.join(pkg, '.krmignore'), 'apps/\nversion\n');
        writeFileSync(path.join(pkg, 'team-b-caddy.yaml'), YAML.stringify(teamB));
        const fnConfig = path.join(dir, 'fn.yaml');
        writeFileSync(fnConfig, YAML.stringify(drydockConfig({ ingress: { enabled: true }, multitenancy: { enabled: true } })));
        const result = kptEval(pkg, fnConfig);
        expect(result.stderr).toContain('[PASS]');
        expect(readFileSync(path.join(pkg, 'team-b-caddy.yaml'), 'utf8')).toBe(YAML.stringify(teamB));
        const objects = packageObjects(pkg).filter((object) => object.kind !== 'Kustomization');
        expect(objects.filter((object) => object.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'Helm')).toEqual([teamB]);
        expect(objects.filter((object) => object.kind === 'Ingress')).toEqual([]);
      } finally {
        cleanup(dir);
      }
    });
  });

  test('two other teams\' objects, each with its own instance label, make no Tutor instances: the Kustomization names Tutor\'s', () => {
    const teamC: Item = { ...JSON.parse(JSON.stringify(teamB)), metadata: { name: 'proxy-config', labels: { 'app.kubernetes.io/instance': 'team-c', 'app.kubernetes.io/managed-by': 'Helm' } } };
    const outcome = runFunction(listOf([teamB, kustomization('labels'), ...RAW, teamC], config));
    expectUntouched(outcome, [teamB, teamC]);
    expectTutorAsAlone(outcome, runFunction(listOf([kustomization('labels'), ...RAW], config)), [teamB, teamC]);
  });

  test('another team\'s Kustomization listed first (its own labels and namespace): Tutor\'s is the one that says managed-by tutor', () => {
    const teamLabels = { 'app.kubernetes.io/instance': 'team-b-proxy', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/part-of': 'team-b' };
    const theirs: Item = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['caddy.yaml'], namespace: 'team-b', commonLabels: teamLabels };
    const outcome = runFunction(listOf([theirs, teamB, kustomization('commonLabels'), ...RAW], config));
    expectUntouched(outcome, [teamB]);
    expectTutorAsAlone(outcome, runFunction(listOf([theirs, kustomization('commonLabels'), ...RAW], config)), [teamB]);
    const generated = itemsOf(outcome.output).filter((item) => item.metadata?.annotations?.['drydock.io/generated-by'] === 'drydock-fn');
    expect(generated.length).toBeGreaterThan(0);
    for (const object of generated) expect([object.metadata.namespace, object.metadata.labels]).toEqual(['openedx', expect.objectContaining(TUTOR_LABELS)]);
  });

  test('with Tutor\'s own caddy-config missing, as kpt reads env/ (the ConfigMaps are generated by kustomize): no Ingress for the other team\'s hosts', () => {
    const raw = RAW.filter((item) => !(item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config')) && !(item.kind === 'ConfigMap' && item.metadata.name.startsWith('openedx-config')));
    const outcome = runFunction(listOf([...raw, kustomization('commonLabels'), teamB], config));
    expectUntouched(outcome, [teamB]);
    const output = itemsOf(outcome.output);
    expect(output.filter((item) => item.kind === 'Ingress')).toEqual([]);
    for (const object of output.filter((item) => item.metadata?.annotations?.['drydock.io/generated-by'] === 'drydock-fn')) expect(object.metadata.labels).toEqual(expect.objectContaining(TUTOR_LABELS));
  });
});

// ---------------------------------------------------------------------------------------------
// Property: namesakes of Tutor's objects anywhere in the list change nothing but themselves.

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const PATH = process.env.PROPERTY_PATH;
const parameters = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) };

/** Real Tutor objects (the bundled example env, Tutor 20, namespace openedx) and its init tasks. */
const ENV: Item[] = [
  ...YAML.parseAllDocuments(readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8')).map((document) => document.toJS() as Item).filter(Boolean),
  {
    apiVersion: 'drydock.io/v1alpha1',
    kind: 'TutorInitTasks',
    metadata: { name: 'tutor-init-tasks', annotations: { 'config.kubernetes.io/local-config': 'true' } },
    spec: { tutorVersion: '20.0.5', tasks: [{ service: 'lms', priority: 10, filter: 'CLI_DO_INIT_TASKS', command: './manage.py lms migrate' }] },
  },
];
/** Tutor's namespaced objects, whose kinds and names the foreign objects take. */
const NAMESAKES = ENV.filter((item) => item.metadata?.namespace === 'openedx');

/** The configurations tried: the defaults, and every feature on. */
const CONFIGS: readonly unknown[] = [drydockConfig({}), drydockConfig(allFeaturesSpec())];
// Texts written once: printing YAML costs more than a run of the function.
const ENV_CHUNKS = ENV.map(chunkOf);
const EMPTY_LIST = resourceList([]);
const CONFIG_TEXTS = CONFIGS.map((config) => resourceList([], config).slice(EMPTY_LIST.length));
const listText = (chunks: readonly string[], config: number): string => `${EMPTY_LIST}${chunks.join('')}${CONFIG_TEXTS[config]}`;
const BASELINES = new Map<number, RunOutcome>();
const baseline = (config: number): RunOutcome => {
  let outcome = BASELINES.get(config);
  if (!outcome) BASELINES.set(config, (outcome = runFunction(listText(ENV_CHUNKS, config))));
  return outcome;
};

type Labels = 'none' | 'other-tool' | 'other-application' | 'tutor';

interface ForeignChoice {
  readonly source: number;
  readonly namespace: string;
  readonly labels: Labels;
  readonly position: number;
  readonly note: string | null;
}

const foreignChoice: fc.Arbitrary<ForeignChoice> = fc.record({
  source: fc.nat({ max: NAMESAKES.length - 1 }),
  namespace: fc.oneof(fc.constantFrom('legacy', 'web', 'openedx-staging', 'kube-system'), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/)).filter((namespace) => namespace !== 'openedx'),
  // Tutor's own labels on a copy elsewhere: nothing tells which is Tutor's (rarer, it ends the run).
  labels: fc.oneof(
    { weight: 8, arbitrary: fc.constant<Labels>('none') },
    { weight: 8, arbitrary: fc.constant<Labels>('other-tool') },
    { weight: 3, arbitrary: fc.constant<Labels>('other-application') },
    { weight: 1, arbitrary: fc.constant<Labels>('tutor') },
  ),
  position: fc.nat({ max: ENV.length }),
  note: fc.option(hostileString(), { nil: null }),
});

/** The foreign object of a choice: a whole copy of Tutor's object, in another namespace, with other labels (or Tutor's). */
function foreignObject(choice: ForeignChoice): Item {
  const copy = JSON.parse(JSON.stringify(NAMESAKES[choice.source])) as Item;
  copy.metadata.namespace = choice.namespace;
  const labels: Record<Labels, Record<string, string> | undefined> = {
    none: undefined,
    'other-tool': { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'legacy-release', 'app.kubernetes.io/name': copy.metadata.name },
    'other-application': { 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'tutor' },
    tutor: copy.metadata.labels,
  };
  if (labels[choice.labels]) copy.metadata.labels = labels[choice.labels];
  else delete copy.metadata.labels;
  if (choice.note !== null) copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), 'example.com/note': choice.note };
  return copy;
}

/** The item texts of an items section, each beginning with `- ` after a line feed (not after U+2028, which a regular expression's ^ also takes for a line start). */
const chunksOf = (section: string): string[] => section.replace(/^\nitems:\n/, '').split(/(?<=\n)(?=- )/);

/** A result with its message as it reads without the namespace naming of lists of several namespaces. */
function withoutSubject(result: RunOutcome['results'][number]): RunOutcome['results'][number] {
  const ref = result.resourceRef;
  if (!ref) return result;
  const prefixes = [`${ref.kind} ${ref.name} in namespace ${ref.namespace}: `, `${ref.kind} ${ref.name}: `];
  const prefix = prefixes.find((candidate) => result.message.startsWith(candidate));
  return prefix ? { ...result, message: result.message.slice(prefix.length) } : result;
}

describe(`namesakes of Tutor's objects in other namespaces, anywhere in the list (${RUNS} runs; PROPERTY_SEED and PROPERTY_PATH replay a failure)`, () => {
  test('come out byte for byte, and Tutor\'s objects and results are those of the run without them; or, with Tutor\'s labels, INSTANCE_AMBIGUOUS and the items unchanged', () => {
    fc.assert(
      fc.property(fc.nat({ max: CONFIGS.length - 1 }), fc.array(foreignChoice, { minLength: 1, maxLength: 5 }), (config, choices) => {
        // The list: Tutor's items in order, each foreign object at its position (one per kind, name and namespace).
        const order: ({ tutor: number } | { foreign: string })[] = ENV.map((_, index) => ({ tutor: index }));
        const seen = new Set<string>();
        const foreign: Item[] = [];
        for (const choice of choices) {
          const object = foreignObject(choice);
          const id = `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
          if (seen.has(id)) continue;
          seen.add(id);
          foreign.push(object);
          order.splice(Math.min(choice.position, order.length), 0, { foreign: chunkOf(object) });
        }
        const text = listText(order.map((entry) => ('tutor' in entry ? ENV_CHUNKS[entry.tutor] : entry.foreign)), config);
        const outcome = runFunction(text);

        if (foreign.some((object) => hasTutorLabelsOf(object))) {
          expect(outcome.exitCode).toBe(1);
          expect(outcome.results.length).toBeGreaterThan(0);
          for (const result of outcome.results) expect([result.severity, result.tags?.code]).toEqual(['error', 'INSTANCE_AMBIGUOUS']);
          for (const result of outcome.results) expect(result.message).toMatch(/namespace openedx and in namespace /);
          expect(itemsSection(outcome.output)).toBe(itemsSection(text));
          return;
        }
        const alone = baseline(config);
        expect(outcome.exitCode).toBe(alone.exitCode);
        // Byte for byte: Tutor's items as the run without the namesakes writes them, the namesakes as they came, new objects after.
        const aloneChunks = chunksOf(itemsSection(alone.output));
        const expected = [...order.map((entry) => ('tutor' in entry ? aloneChunks[entry.tutor] : entry.foreign)), ...aloneChunks.slice(ENV.length)];
        expect(chunksOf(itemsSection(outcome.output))).toEqual(expected);
        // The same results, and a word about the namesakes.
        const info = outcome.results.filter((result) => result.tags?.code === 'INSTANCE_NONE');
        expect(info).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringContaining(`item(s) have the kind and name of an object of the Tutor instance`) })]);
        expect(outcome.results.filter((result) => result.tags?.code !== 'INSTANCE_NONE').map(withoutSubject)).toEqual(alone.results.map(withoutSubject));
      }),
      parameters,
    );
  });
});

function hasTutorLabelsOf(object: Item): boolean {
  return object.metadata.labels?.['app.kubernetes.io/managed-by'] === 'tutor' && object.metadata.labels?.['app.kubernetes.io/part-of'] === 'openedx';
}
