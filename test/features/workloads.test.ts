/** Pod lifecycle, New Relic, Sentry from a Secret and Celery tuning on Deployments shaped as Tutor's. */
import { celery, tunedWorkerArgs } from '../../src/features/celery';
import { newRelic, newRelicIni } from '../../src/features/new-relic';
import { podLifecycle } from '../../src/features/pod-lifecycle';
import { sentry } from '../../src/features/sentry';
import { kustomizeConfigMapHash } from '../../src/tutor/kustomize-hash';
import { create, set } from '../../src/krm/changes';
import { deriveTutorContext } from '../../src/tutor/context';
import { resourceSetOf, runFeature, settingsOf } from '../support/views';

type Item = Record<string, any>;

const LABELS = { 'app.kubernetes.io/instance': 'openedx-x', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' };

/** A Deployment as Tutor renders lms/cms (uwsgi.ini mounted from openedx-uwsgi-config). */
function web(name: string, options: { uwsgiMount?: string; sidecarFirst?: boolean; command?: string[]; uwsgiConfigMap?: string } = {}): Item {
  const container: Item = {
    name,
    image: 'docker.io/overhangio/openedx:22.0.0',
    env: [{ name: 'SERVICE_VARIANT', value: name }],
    ports: [{ containerPort: 8000 }],
    volumeMounts: [{ mountPath: options.uwsgiMount ?? '/openedx/uwsgi.ini', name: 'uwsgi-config', subPath: 'uwsgi.ini' }],
    ...(options.command ? { command: options.command } : {}),
  };
  const sidecar = { name: 'sidecar', image: 'busybox' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'openedx', labels: LABELS, annotations: { 'app.kubernetes.io/version': '22.0.0' } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': name, ...LABELS } },
      template: {
        spec: {
          containers: options.sidecarFirst ? [sidecar, container] : [container],
          volumes: [{ name: 'uwsgi-config', configMap: { name: options.uwsgiConfigMap ?? 'openedx-uwsgi-config', items: [{ key: 'uwsgi.ini', path: 'uwsgi.ini' }] } }],
        },
      },
    },
  };
}

function worker(name: string, args: string[]): Item {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'openedx' }, spec: { template: { spec: { containers: [{ name, image: 'x', args }] } } } };
}

const named = (objects: Item[], kind: string, name: string): Item => objects.find((object) => object.kind === kind && object.metadata.name === name)!;
const containerOf = (deployment: Item, name: string): Item => deployment.spec.template.spec.containers.find((container: Item) => container.name === name);

describe('pod lifecycle', () => {
  test('Drydock 22\'s probes, preStop, grace period and anti-affinity on the container named as the Deployment', () => {
    const { objects, results } = runFeature(podLifecycle, [web('lms', { sidecarFirst: true }), web('cms')]);
    expect(results).toEqual([]);
    const lms = named(objects as Item[], 'Deployment', 'lms');
    expect(lms.spec.template.spec.containers[0]).toEqual({ name: 'sidecar', image: 'busybox' });
    const container = containerOf(lms, 'lms');
    const httpGet = { httpHeaders: [{ name: 'Host', value: 'lms' }], path: '/heartbeat', port: 8000 };
    expect(container.startupProbe).toEqual({ httpGet, initialDelaySeconds: 1, timeoutSeconds: 3, periodSeconds: 1, failureThreshold: 30 });
    expect(container.livenessProbe).toEqual({ httpGet, initialDelaySeconds: 3, timeoutSeconds: 30, periodSeconds: 60, failureThreshold: 2, successThreshold: 1 });
    expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '15'] } } });
    expect(lms.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    expect(lms.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
      { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'lms', ...LABELS } }, topologyKey: 'kubernetes.io/hostname' } },
    ]);
    expect(containerOf(named(objects as Item[], 'Deployment', 'cms'), 'cms').startupProbe.httpGet.httpHeaders).toEqual([{ name: 'Host', value: 'cms' }]);
  });

  test('other Deployments from the config use their own port; the knobs apply; anti-affinity can be off', () => {
    const mfe = web('mfe');
    mfe.spec.template.spec.containers[0].ports = [{ containerPort: 8002 }];
    const spec = { podLifecycle: { deployments: ['mfe'], preStopSleepSeconds: 5, terminationGracePeriodSeconds: 30, antiAffinity: false } };
    const [after] = runFeature(podLifecycle, [mfe], spec).objects as Item[];
    expect(containerOf(after, 'mfe').livenessProbe.httpGet.port).toBe(8002);
    expect(containerOf(after, 'mfe').lifecycle.preStop.exec.command).toEqual(['sleep', '5']);
    expect(after.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(after.spec.template.spec.affinity).toBeUndefined();
  });

  test('a listed Deployment that is missing, or without its container, is a warning; idempotent', () => {
    const renamed = web('lms');
    renamed.spec.template.spec.containers[0].name = 'app';
    const { results } = runFeature(podLifecycle, [renamed], { podLifecycle: { deployments: ['lms', 'forum'] } });
    expect(results.map((result) => [result.severity, result.message])).toEqual([
      ['warning', expect.stringContaining('no container named lms')],
      ['warning', 'spec.podLifecycle.deployments[1]: Deployment forum not found; no pod lifecycle added to it'],
    ]);
    const once = runFeature(podLifecycle, [web('lms')]).objects;
    expect(runFeature(podLifecycle, once).objects).toEqual(once);
  });

  test('on by default (Drydock 22), off with podLifecycle.enabled: false', () => {
    expect(podLifecycle.isEnabled(settingsOf())).toBe(true);
    expect(podLifecycle.isEnabled(settingsOf({ podLifecycle: { enabled: false } }))).toBe(false);
  });

  test("Drydock's own pair missing (partial manifests) or a stub without containers: skipped without a word; a container elsewhere named: the warning whole", () => {
    expect(runFeature(podLifecycle, [web('lms')]).results).toEqual([]);
    const stub = web('lms');
    stub.spec.template.spec.containers = [];
    expect(runFeature(podLifecycle, [stub]).results).toEqual([]);
    const renamed = web('lms');
    renamed.spec.template.spec.containers[0].name = 'app';
    expect(runFeature(podLifecycle, [renamed]).results.map((result) => [result.severity, result.resourceRef?.name, result.field?.path, result.message])).toEqual([
      ['warning', 'lms', 'spec.template.spec.containers', 'pod lifecycle: no container named lms (the probes go on the container named as the Deployment); not changed'],
    ]);
  });

  test('the port: 8000 without ports, else the first numeric containerPort', () => {
    const bare = web('lms');
    delete bare.spec.template.spec.containers[0].ports;
    const named8080 = web('cms');
    named8080.spec.template.spec.containers[0].ports = [{ name: 'http' }, { containerPort: 8080 }];
    const objects = runFeature(podLifecycle, [bare, named8080]).objects as Item[];
    expect(containerOf(named(objects, 'Deployment', 'lms'), 'lms').startupProbe.httpGet.port).toBe(8000);
    expect(containerOf(named(objects, 'Deployment', 'cms'), 'cms').startupProbe.httpGet.port).toBe(8080);
  });

  test('anti-affinity on the Deployment\'s own selector; app.kubernetes.io/name of the Deployment without a selector or with an empty one', () => {
    const noSelector = web('lms');
    delete noSelector.spec.selector;
    const emptySelector = web('cms');
    emptySelector.spec.selector = { matchLabels: {} };
    const objects = runFeature(podLifecycle, [noSelector, emptySelector]).objects as Item[];
    const termOf = (name: string) => named(objects, 'Deployment', name).spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
    expect(termOf('lms')).toEqual({ labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'lms' } }, topologyKey: 'kubernetes.io/hostname' });
    expect(termOf('cms').labelSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'cms' } });
  });
});

describe('New Relic', () => {
  const uwsgiConfigMap = (name: string, annotations: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'openedx', labels: LABELS, annotations },
    data: { 'uwsgi.ini': '[uwsgi]\n' },
  });
  const hashedUwsgi = `openedx-uwsgi-config-${kustomizeConfigMapHash({ 'uwsgi.ini': '[uwsgi]\n' })}`;

  test('as Drydock 22: the ini, newrelic-admin around uWSGI with the mounted ini, the config file env and mount at the head', () => {
    const { objects, results } = runFeature(newRelic, [uwsgiConfigMap(hashedUwsgi), web('lms', { uwsgiConfigMap: hashedUwsgi })], { newRelic: { licenseKey: 'key-1' } });
    expect(results).toEqual([]);
    const configMap = (objects as Item[]).find((object) => object.metadata.name.startsWith('newrelic-cm'))!;
    const ini = '[newrelic]\nlicense_key = key-1\napp_name = openedx\n';
    expect(configMap.data).toEqual({ 'newrelic.ini': ini });
    expect([configMap.apiVersion, configMap.kind]).toEqual(['v1', 'ConfigMap']);
    // Built manifests: the ConfigMap carries the hash kustomize would give it.
    expect(configMap.metadata.name).toBe(`newrelic-cm-${kustomizeConfigMapHash({ 'newrelic.ini': ini })}`);
    expect(configMap.metadata.labels).toEqual({ ...LABELS, 'app.kubernetes.io/name': 'openedx' });
    const lms = named(objects as Item[], 'Deployment', 'lms');
    const container = containerOf(lms, 'lms');
    expect(container.command).toEqual(['newrelic-admin', 'run-program']);
    expect(container.args).toEqual(['uwsgi', '/openedx/uwsgi.ini']);
    expect(container.env[0]).toEqual({ name: 'NEW_RELIC_CONFIG_FILE', value: '/openedx/newrelic/newrelic.ini' });
    expect(container.volumeMounts[0]).toEqual({ mountPath: '/openedx/newrelic/', name: 'newrelic-ini' });
    expect(lms.spec.template.spec.volumes[0]).toEqual({ configMap: { name: configMap.metadata.name }, name: 'newrelic-ini' });
  });

  test('in a kustomize overlay the ConfigMap asks kustomize for its hash; without hashes it is plain newrelic-cm', () => {
    const pending = runFeature(newRelic, [uwsgiConfigMap('openedx-uwsgi-config', { 'internal.config.kubernetes.io/needsHashSuffix': 'enabled' }), web('lms')], { newRelic: { licenseKey: 'k' } });
    const generated = (pending.objects as Item[]).find((object) => object.metadata.name === 'newrelic-cm')!;
    expect(generated.metadata.annotations['internal.config.kubernetes.io/needsHashSuffix']).toBe('enabled');
    const plain = runFeature(newRelic, [uwsgiConfigMap('openedx-uwsgi-config'), web('lms')], { newRelic: { licenseKey: 'k' } });
    const plainMap = (plain.objects as Item[]).find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('newrelic'))!;
    expect(plainMap.metadata.name).toBe('newrelic-cm');
    expect(plainMap.metadata.annotations['internal.config.kubernetes.io/needsHashSuffix']).toBeUndefined();
  });

  test("the ConfigMap's naming judged on the input's items: not on an edit earlier in the run, nor on an object generated in it", () => {
    const newRelicMapAfter = (objects: Item[], earlier: (views: ReturnType<ReturnType<typeof resourceSetOf>['views']>) => Parameters<ReturnType<typeof resourceSetOf>['apply']>[0]) => {
      const resources = resourceSetOf(objects);
      resources.apply(earlier(resources.views()));
      const views = resources.views();
      const settings = settingsOf({ newRelic: { licenseKey: 'k' } });
      const output = newRelic.run({ resources: views, settings, tutor: deriveTutorContext(views, settings) });
      expect(output.results).toEqual([]);
      resources.apply(output.changes);
      return (resources.views().map((view) => view.object) as Item[]).find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('newrelic'))!;
    };
    const ini = '[newrelic]\nlicense_key = k\napp_name = openedx\n';
    // The uWSGI ConfigMap edited before: its name no longer carries the hash of its content, the input's did.
    const edited = newRelicMapAfter([uwsgiConfigMap(hashedUwsgi), web('lms', { uwsgiConfigMap: hashedUwsgi })], (views) => [
      set(views.find((view) => view.object.kind === 'ConfigMap')!.handle, ['data', 'uwsgi.ini'], '[uwsgi]\nprocesses = 2\n'),
    ]);
    expect(edited.metadata.name).toBe(`newrelic-cm-${kustomizeConfigMapHash({ 'newrelic.ini': ini })}`);
    // A Tutor-named ConfigMap awaiting kustomize's hash, but generated in this run: the input's naming (plain) holds.
    const generated = newRelicMapAfter([web('lms')], () => [create(uwsgiConfigMap('openedx-uwsgi-config', { 'internal.config.kubernetes.io/needsHashSuffix': 'enabled' }) as never)]);
    expect(generated.metadata.name).toBe('newrelic-cm');
    expect(generated.metadata.annotations?.['internal.config.kubernetes.io/needsHashSuffix']).toBeUndefined();
  });

  test('license key from a Secret: no key in the ini, NEW_RELIC_LICENSE_KEY from the Secret', () => {
    const { objects } = runFeature(newRelic, [web('lms')], { newRelic: { licenseKeySecretRef: { name: 'newrelic' }, appName: 'courses' } });
    expect((objects as Item[]).find((object) => object.kind === 'ConfigMap')!.data['newrelic.ini']).toBe('[newrelic]\napp_name = courses\n');
    expect(containerOf(named(objects as Item[], 'Deployment', 'lms'), 'lms').env.slice(0, 2)).toEqual([
      { name: 'NEW_RELIC_CONFIG_FILE', value: '/openedx/newrelic/newrelic.ini' },
      { name: 'NEW_RELIC_LICENSE_KEY', valueFrom: { secretKeyRef: { name: 'newrelic', key: 'license-key' } } },
    ]);
    expect(JSON.stringify(objects)).not.toContain('license_key');
  });

  test('Tutor ≤ 17 mounts uwsgi.ini in edx-platform: `uwsgi uwsgi.ini` as Drydock 17; extra ini lines', () => {
    const { objects } = runFeature(newRelic, [web('lms', { uwsgiMount: '/openedx/edx-platform/uwsgi.ini' })], { newRelic: { licenseKey: 'k', extraConfig: 'monitor_mode = false\n' } });
    expect(containerOf(named(objects as Item[], 'Deployment', 'lms'), 'lms').args).toEqual(['uwsgi', 'uwsgi.ini']);
    expect(newRelicIni('k', 'openedx', 'monitor_mode = false\n')).toBe('[newrelic]\nlicense_key = k\napp_name = openedx\nmonitor_mode = false');
    expect(newRelicIni('k', 'openedx', 'monitor_mode = false')).toBe('[newrelic]\nlicense_key = k\napp_name = openedx\nmonitor_mode = false');
  });

  test('cms and workers opt in: a command is wrapped, worker args are kept; the container is found by name', () => {
    const spec = { newRelic: { licenseKey: 'k', deployments: ['lms', 'cms', 'lms-worker'] } };
    const { objects, results } = runFeature(newRelic, [web('lms', { sidecarFirst: true }), web('cms', { command: ['uwsgi', '/openedx/uwsgi.ini'] }), worker('lms-worker', ['celery', '--app=lms.celery', 'worker'])], spec);
    expect(results).toEqual([]);
    const lms = named(objects as Item[], 'Deployment', 'lms');
    expect(lms.spec.template.spec.containers[0]).toEqual({ name: 'sidecar', image: 'busybox' });
    expect(containerOf(lms, 'lms').command).toEqual(['newrelic-admin', 'run-program']);
    expect(containerOf(named(objects as Item[], 'Deployment', 'cms'), 'cms').args).toEqual(['uwsgi', '/openedx/uwsgi.ini']);
    const lmsWorker = containerOf(named(objects as Item[], 'Deployment', 'lms-worker'), 'lms-worker');
    expect([lmsWorker.command, lmsWorker.args]).toEqual([['newrelic-admin', 'run-program'], ['celery', '--app=lms.celery', 'worker']]);
    expect(lmsWorker.env).toEqual([{ name: 'NEW_RELIC_CONFIG_FILE', value: '/openedx/newrelic/newrelic.ini' }]);
  });

  test('idempotent: a second run wraps nothing twice and adds no second env, mount or volume', () => {
    const spec = { newRelic: { licenseKey: 'k', deployments: ['lms', 'cms'] } };
    const once = runFeature(newRelic, [web('lms'), web('cms', { command: ['uwsgi', 'x.ini'] })], spec).objects;
    expect(runFeature(newRelic, once, spec).objects).toEqual(once);
  });

  test('bad input: both a key and a Secret is an error; a missing container is an error naming the Deployment', () => {
    expect(runFeature(newRelic, [web('lms')], { newRelic: { licenseKey: 'k', licenseKeySecretRef: { name: 's' } } }).results.map((result) => result.severity)).toEqual(['error']);
    const renamed = web('lms');
    renamed.spec.template.spec.containers[0].name = 'app';
    const { results } = runFeature(newRelic, [renamed], { newRelic: { licenseKey: 'k' } });
    expect(results).toEqual([expect.objectContaining({ severity: 'error', resourceRef: expect.objectContaining({ name: 'lms' }), field: { path: 'spec.template.spec.containers' } })]);
    expect(JSON.stringify(results)).not.toContain('"k"');
  });
});

describe('New Relic: the switch, the messages, the defaults', () => {
  test('off by default; on with a license key or a Secret for it', () => {
    expect(newRelic.isEnabled(settingsOf())).toBe(false);
    expect(newRelic.isEnabled(settingsOf({ newRelic: { licenseKey: 'k' } }))).toBe(true);
    expect(newRelic.isEnabled(settingsOf({ newRelic: { licenseKeySecretRef: { name: 's' } } }))).toBe(true);
  });

  test('both a key and a Secret: the error whole, on licenseKeySecretRef, nothing changed', () => {
    const { changes, results } = runFeature(newRelic, [web('lms')], { newRelic: { licenseKey: 'k', licenseKeySecretRef: { name: 's' } } });
    expect(changes).toEqual([]);
    expect(results.map((result) => [result.severity, result.field?.path, result.message])).toEqual([
      ['error', 'spec.newRelic.licenseKeySecretRef', 'spec.newRelic.licenseKeySecretRef: give the New Relic license key either as licenseKey or as licenseKeySecretRef, not both'],
    ]);
  });

  test('a listed Deployment that is missing: a warning, the others still get New Relic; one without its container: the error whole and nothing changed', () => {
    const { changes, results } = runFeature(newRelic, [web('lms')], { newRelic: { licenseKey: 'k', deployments: ['lms', 'cms'] } });
    expect(results.map((result) => [result.severity, result.message])).toEqual([['warning', 'spec.newRelic.deployments[1]: Deployment cms not found; New Relic is not added to it']]);
    expect(changes.length).toBeGreaterThan(1);
    const renamed = web('cms');
    renamed.spec.template.spec.containers[0].name = 'app';
    const broken = runFeature(newRelic, [web('lms'), renamed], { newRelic: { licenseKey: 'k', deployments: ['lms', 'cms'] } });
    expect(broken.changes).toEqual([]);
    expect(broken.results.map((result) => [result.severity, result.resourceRef?.name, result.message])).toEqual([['error', 'cms', 'new relic: no container named cms to run under newrelic-admin']]);
  });

  test("the app name: the namespace of Tutor's resources, 'openedx' without one; a namespace that cannot be an ini line is an error on newRelic.appName", () => {
    const iniOf = (objects: Item[], spec: Record<string, unknown> = {}) => (runFeature(newRelic, objects, { newRelic: { licenseKey: 'k', ...spec } }).objects as Item[]).find((object) => object.kind === 'ConfigMap')?.data['newrelic.ini'];
    const elsewhere = web('lms');
    elsewhere.metadata.namespace = 'courses';
    expect(iniOf([elsewhere])).toBe('[newrelic]\nlicense_key = k\napp_name = courses\n');
    const nowhere = web('lms');
    delete nowhere.metadata.namespace;
    expect(iniOf([nowhere])).toBe('[newrelic]\nlicense_key = k\napp_name = openedx\n');
    const hostile = web('lms');
    hostile.metadata.namespace = 'a\nlicense_key = other';
    const { changes, results } = runFeature(newRelic, [hostile], { newRelic: { licenseKey: 'k' } });
    expect(changes).toEqual([]);
    expect(results.map((result) => [result.severity, result.field?.path, result.message])).toEqual([
      ['error', 'spec.newRelic.appName', 'spec.newRelic.appName: the namespace of the Tutor resources, the default app name, cannot be a line of newrelic.ini: set newRelic.appName'],
    ]);
    expect(iniOf([hostile], { appName: 'courses' })).toBe('[newrelic]\nlicense_key = k\napp_name = courses\n');
  });

  test("uWSGI's ini: the mount of Tutor's uwsgi ConfigMap (hashed or not), not another volume's; without one, where the Tutor release puts it", () => {
    const argsOf = (deployment: Item) => containerOf(named(runFeature(newRelic, [deployment], { newRelic: { licenseKey: 'k' } }).objects as Item[], 'Deployment', 'lms'), 'lms').args;
    expect(argsOf(web('lms', { uwsgiMount: '/etc/uwsgi.ini', uwsgiConfigMap: 'openedx-uwsgi-config-5bt9g7h2kf' }))).toEqual(['uwsgi', '/etc/uwsgi.ini']);
    expect(argsOf(web('lms', { uwsgiMount: '/etc/uwsgi.ini', uwsgiConfigMap: 'my-uwsgi-config' }))).toEqual(['uwsgi', '/openedx/uwsgi.ini']);
    expect(argsOf(web('lms', { uwsgiMount: '/etc/uwsgi.ini', uwsgiConfigMap: 'openedx-uwsgi-config' }))).toEqual(['uwsgi', '/etc/uwsgi.ini']);
    for (const other of ['my-openedx-uwsgi-config', 'openedx-uwsgi-config-5bt9g7h2kfx', 'openedx-uwsgi-config-5BT9G7H2KF']) {
      expect({ other, args: argsOf(web('lms', { uwsgiMount: '/etc/uwsgi.ini', uwsgiConfigMap: other })) }).toEqual({ other, args: ['uwsgi', '/openedx/uwsgi.ini'] });
    }
    // A Secret volume beside it is no ConfigMap.
    const withSecret = web('lms', { uwsgiMount: '/etc/uwsgi.ini' });
    withSecret.spec.template.spec.volumes.unshift({ name: 'certs', secret: { secretName: 'certs' } });
    expect(argsOf(withSecret)).toEqual(['uwsgi', '/etc/uwsgi.ini']);
    const atVersion = (version: string | undefined): Item => {
      const deployment = web('lms', { uwsgiMount: '/etc/uwsgi.ini', uwsgiConfigMap: 'other' });
      deployment.metadata.annotations = version ? { 'app.kubernetes.io/version': version } : {};
      return deployment;
    };
    expect(argsOf(atVersion('17.0.6'))).toEqual(['uwsgi', 'uwsgi.ini']);
    expect(argsOf(atVersion('18.0.0'))).toEqual(['uwsgi', '/openedx/uwsgi.ini']);
    expect(argsOf(atVersion(undefined))).toEqual(['uwsgi', '/openedx/uwsgi.ini']);
  });

  test('a container already under newrelic-admin: left as it is, or its program moved into args; args alone are wrapped as they are', () => {
    const commandOf = (container: Item) => {
      const deployment = web('lms');
      Object.assign(deployment.spec.template.spec.containers[0], container);
      const after = containerOf(named(runFeature(newRelic, [deployment], { newRelic: { licenseKey: 'k' } }).objects as Item[], 'Deployment', 'lms'), 'lms');
      return [after.command, after.args];
    };
    expect(commandOf({ command: ['newrelic-admin', 'run-program'], args: ['uwsgi', 'x.ini'] })).toEqual([['newrelic-admin', 'run-program'], ['uwsgi', 'x.ini']]);
    expect(commandOf({ command: ['newrelic-admin', 'run-program', 'uwsgi'], args: ['x.ini'] })).toEqual([['newrelic-admin', 'run-program'], ['uwsgi', 'x.ini']]);
    expect(commandOf({ command: ['newrelic-admin'], args: ['x'] })).toEqual([['newrelic-admin', 'run-program'], ['newrelic-admin', 'x']]);
    expect(commandOf({ command: ['newrelic-admin', 'x'] })).toEqual([['newrelic-admin', 'run-program'], ['newrelic-admin', 'x']]);
    expect(commandOf({ command: ['newrelic-admin', 'run-program', 'uwsgi', 'x.ini'] })).toEqual([['newrelic-admin', 'run-program'], ['uwsgi', 'x.ini']]);
    expect(commandOf({ args: ['uwsgi', 'y.ini'] })).toEqual([['newrelic-admin', 'run-program'], ['uwsgi', 'y.ini']]);
    expect(commandOf({ command: [], args: [] })).toEqual([['newrelic-admin', 'run-program'], ['uwsgi', '/openedx/uwsgi.ini']]);
  });

  test('the variables, mount and volume: an entry of the same name replaced where it stands; into an empty list at the head, the key from a Secret second', () => {
    const deployment = web('lms');
    const container = deployment.spec.template.spec.containers[0];
    container.env = [{ name: 'A', value: '1' }, { name: 'NEW_RELIC_CONFIG_FILE', value: 'old' }];
    container.volumeMounts = [];
    delete deployment.spec.template.spec.volumes;
    const after = named(runFeature(newRelic, [deployment], { newRelic: { licenseKeySecretRef: { name: 'nr' } } }).objects as Item[], 'Deployment', 'lms');
    expect(containerOf(after, 'lms').env).toEqual([
      { name: 'A', value: '1' },
      { name: 'NEW_RELIC_LICENSE_KEY', valueFrom: { secretKeyRef: { name: 'nr', key: 'license-key' } } },
      { name: 'NEW_RELIC_CONFIG_FILE', value: '/openedx/newrelic/newrelic.ini' },
    ]);
    expect(containerOf(after, 'lms').volumeMounts).toEqual([{ mountPath: '/openedx/newrelic/', name: 'newrelic-ini' }]);
    expect(after.spec.template.spec.volumes).toEqual([{ configMap: { name: 'newrelic-cm' }, name: 'newrelic-ini' }]);
    const empty = web('lms');
    delete empty.spec.template.spec.containers[0].env;
    expect(containerOf(named(runFeature(newRelic, [empty], { newRelic: { licenseKeySecretRef: { name: 'nr' } } }).objects as Item[], 'Deployment', 'lms'), 'lms').env).toEqual([
      { name: 'NEW_RELIC_CONFIG_FILE', value: '/openedx/newrelic/newrelic.ini' },
      { name: 'NEW_RELIC_LICENSE_KEY', valueFrom: { secretKeyRef: { name: 'nr', key: 'license-key' } } },
    ]);
  });
});

describe('Sentry from a Secret', () => {
  test('SENTRY_DSN from the Secret on the four Django containers, once', () => {
    const spec = { sentry: { enabled: true, dsnSecretRef: { name: 'sentry', key: 'dsn' } } };
    const objects = [web('lms'), web('cms'), worker('lms-worker', ['celery']), worker('cms-worker', ['celery'])];
    const once = runFeature(sentry, objects, spec);
    expect(once.results).toEqual([]);
    for (const name of ['lms', 'cms', 'lms-worker', 'cms-worker']) {
      const env = containerOf(named(once.objects as Item[], 'Deployment', name), name).env;
      expect(env.filter((entry: Item) => entry.name === 'SENTRY_DSN')).toEqual([{ name: 'SENTRY_DSN', valueFrom: { secretKeyRef: { name: 'sentry', key: 'dsn' } } }]);
    }
    expect(runFeature(sentry, once.objects, spec).objects).toEqual(once.objects);
  });

  test('both a DSN and a Secret is an error; no DSN at all a warning', () => {
    expect(runFeature(sentry, [web('lms')], { sentry: { enabled: true, dsn: 'https://k@s/1', dsnSecretRef: { name: 's' } } }).results.map((result) => result.severity)).toEqual(['error']);
    expect(runFeature(sentry, [web('lms')], { sentry: { enabled: true } }).results.map((result) => result.severity)).toEqual(['warning']);
  });
});

describe('Sentry: the feature\'s rules', () => {
  const REF = { name: 'sentry', key: 'dsn' };
  const FROM_SECRET = { name: 'SENTRY_DSN', valueFrom: { secretKeyRef: REF } };

  test('off by default (Drydock 18.2.0 dropped it), on with sentry.enabled', () => {
    expect([sentry.isEnabled(settingsOf({})), sentry.isEnabled(settingsOf({ sentry: { enabled: true } }))]).toEqual([false, true]);
  });

  test('both a DSN and a Secret: an error on sentry.dsnSecretRef saying to give one, no change', () => {
    const output = runFeature(sentry, [web('lms')], { sentry: { enabled: true, dsn: 'https://k@sentry.example.com/1', dsnSecretRef: REF } });
    expect(output.changes).toEqual([]);
    expect(output.results).toEqual([
      { severity: 'error', tags: { code: 'CONFIG_SETTING' }, field: { path: 'spec.sentry.dsnSecretRef' }, message: 'spec.sentry.dsnSecretRef: give the Sentry DSN either as dsn or as dsnSecretRef, not both' },
    ]);
    expect(JSON.stringify(output.results)).not.toContain('sentry.example.com');
  });

  test('neither: a warning on sentry.dsn that eox-core reports nothing, no change', () => {
    const output = runFeature(sentry, [web('lms')], { sentry: { enabled: true } });
    expect(output.changes).toEqual([]);
    expect(output.results).toEqual([
      { severity: 'warning', tags: { code: 'CONFIG_SETTING' }, field: { path: 'spec.sentry.dsn' }, message: 'spec.sentry.dsn: Sentry is enabled without a DSN or a DSN Secret: eox-core gets an empty DSN and reports nothing' },
    ]);
  });

  test('a DSN in the settings: nothing on the Deployments (the env files carry it), no result', () => {
    expect(runFeature(sentry, [web('lms')], { sentry: { enabled: true, dsn: 'https://k@sentry.example.com/1' } })).toMatchObject({ changes: [], results: [] });
  });

  test('a SENTRY_DSN the container has already is replaced where it stands, not given twice', () => {
    const lms = web('lms');
    lms.spec.template.spec.containers[0].env = [{ name: 'SERVICE_VARIANT', value: 'lms' }, { name: 'SENTRY_DSN', value: 'https://old@sentry.example.com/1' }, { name: 'LAST', value: 'x' }];
    const { objects, results } = runFeature(sentry, [lms], { sentry: { enabled: true, dsnSecretRef: REF } });
    expect(results).toEqual([]);
    expect(containerOf(named(objects as Item[], 'Deployment', 'lms'), 'lms').env).toEqual([{ name: 'SERVICE_VARIANT', value: 'lms' }, FROM_SECRET, { name: 'LAST', value: 'x' }]);
  });

  test('a Deployment without the container of its name: an error naming it and the containers; the others still get the variable; absent ones are skipped', () => {
    const cms = web('cms');
    cms.spec.template.spec.containers[0].name = 'studio';
    const { objects, results } = runFeature(sentry, [web('lms'), cms], { sentry: { enabled: true, dsnSecretRef: REF } });
    expect(results).toEqual([
      expect.objectContaining({ severity: 'error', message: 'sentry: no container named cms to give SENTRY_DSN', resourceRef: expect.objectContaining({ kind: 'Deployment', name: 'cms' }), field: { path: 'spec.template.spec.containers' } }),
    ]);
    expect(containerOf(named(objects as Item[], 'Deployment', 'lms'), 'lms').env).toEqual([{ name: 'SERVICE_VARIANT', value: 'lms' }, FROM_SECRET]);
    expect(containerOf(named(objects as Item[], 'Deployment', 'cms'), 'studio').env).toEqual([{ name: 'SERVICE_VARIANT', value: 'cms' }]);
  });
});

describe('Celery tuning', () => {
  const tuning = (spec: unknown = {}) => settingsOf({ celeryTuning: { enabled: true, ...(spec as object) } }).celeryTuning;

  test.each([
    [
      'Tutor 17 lms-worker: exactly Drydock 17\'s arguments',
      ['celery', '--app=lms.celery', 'worker', '--loglevel=info', '--hostname=edx.lms.core.default.%%h', '--max-tasks-per-child=100', '--exclude-queues=edx.cms.core.default'],
      {},
      ['celery', '--app=lms.celery', 'worker', '--loglevel=info', '--concurrency=1', '--hostname=edx.lms.core.default.%%h', '--max-tasks-per-child=1', '--prefetch-multiplier=1', '--exclude-queues=edx.cms.core.default'],
    ],
    [
      'Tutor 17 cms-worker, whose option takes two words',
      ['celery', '--app=cms.celery', 'worker', '--loglevel=info', '--hostname=edx.cms.core.default.%%h', '--max-tasks-per-child', '100', '--exclude-queues=edx.lms.core.default'],
      {},
      ['celery', '--app=cms.celery', 'worker', '--loglevel=info', '--concurrency=1', '--hostname=edx.cms.core.default.%%h', '--max-tasks-per-child=1', '--prefetch-multiplier=1', '--exclude-queues=edx.lms.core.default'],
    ],
    [
      'Tutor 22: Tutor\'s queues and flags stay',
      ['celery', '--app=lms.celery', 'worker', '--loglevel=info', '--hostname=edx.lms.core.default.%h', '--queues=edx.lms.core.default,edx.lms.core.high', '--max-tasks-per-child=100', '--prefetch-multiplier=1', '--without-gossip', '--without-mingle'],
      { concurrency: 4, maxTasksPerChild: 50, prefetchMultiplier: 2 },
      ['celery', '--app=lms.celery', 'worker', '--loglevel=info', '--concurrency=4', '--hostname=edx.lms.core.default.%h', '--queues=edx.lms.core.default,edx.lms.core.high', '--max-tasks-per-child=50', '--prefetch-multiplier=2', '--without-gossip', '--without-mingle'],
    ],
    [
      'autoscale replaces the concurrency',
      ['celery', 'worker', '--concurrency=2', '--hostname=h'],
      { autoscale: '10,1' },
      ['celery', 'worker', '--autoscale=10,1', '--hostname=h', '--max-tasks-per-child=1', '--prefetch-multiplier=1'],
    ],
    [
      'autoscale where the concurrency stood, not before --hostname',
      ['celery', 'worker', '--concurrency', '2', '--loglevel=info', '--hostname=h'],
      { autoscale: '8,2' },
      ['celery', 'worker', '--autoscale=8,2', '--loglevel=info', '--hostname=h', '--max-tasks-per-child=1', '--prefetch-multiplier=1'],
    ],
    [
      'autoscale without a concurrency: before --hostname',
      ['celery', 'worker', '--hostname=h', '--loglevel=info'],
      { autoscale: '8,2' },
      ['celery', 'worker', '--autoscale=8,2', '--hostname=h', '--loglevel=info', '--max-tasks-per-child=1', '--prefetch-multiplier=1'],
    ],
    [
      'options as the first arguments (the command says `celery worker`) are replaced in place',
      ['--concurrency=2', '--loglevel=info', '--hostname=h'],
      { autoscale: '8,2' },
      ['--autoscale=8,2', '--loglevel=info', '--hostname=h', '--max-tasks-per-child=1', '--prefetch-multiplier=1'],
    ],
    [
      '--hostname first: the concurrency before it',
      ['--hostname=h', '--loglevel=info'],
      {},
      ['--concurrency=1', '--hostname=h', '--loglevel=info', '--max-tasks-per-child=1', '--prefetch-multiplier=1'],
    ],
    [
      'an option without its value (the last argument, or before another option) is replaced alone',
      ['celery', 'worker', '--hostname=h', '--max-tasks-per-child', '--without-gossip', '--prefetch-multiplier'],
      {},
      ['celery', 'worker', '--concurrency=1', '--hostname=h', '--max-tasks-per-child=1', '--without-gossip', '--prefetch-multiplier=1'],
    ],
    [
      'an option given as --flag=value takes the next word with it only when written as two words',
      ['celery', '--concurrency=4', 'worker', '--hostname=h'],
      {},
      ['celery', '--concurrency=1', 'worker', '--hostname=h', '--max-tasks-per-child=1', '--prefetch-multiplier=1'],
    ],
  ])('%s', (_name, args, spec, expected) => {
    expect(tunedWorkerArgs(args, tuning(spec))).toEqual(expected);
    expect(tunedWorkerArgs(expected, tuning(spec))).toEqual(expected);
  });

  test('the workers get the arguments and a 300 s grace period; a missing worker is a warning', () => {
    const { objects, results } = runFeature(celery, [worker('lms-worker', ['celery', 'worker'])], { celeryTuning: { enabled: true } });
    const lmsWorker = named(objects as Item[], 'Deployment', 'lms-worker');
    expect(lmsWorker.spec.template.spec.terminationGracePeriodSeconds).toBe(300);
    expect(containerOf(lmsWorker, 'lms-worker').args).toEqual(['celery', 'worker', '--concurrency=1', '--max-tasks-per-child=1', '--prefetch-multiplier=1']);
    expect(results.map((result) => [result.severity, result.message])).toEqual([['warning', 'spec.celeryTuning.enabled: Deployment cms-worker not found; it is not tuned']]);
  });

  test('off by default (drydock-fn has it opt-in), on with celeryTuning.enabled', () => {
    expect(celery.isEnabled(settingsOf())).toBe(false);
    expect(celery.isEnabled(settingsOf({ celeryTuning: { enabled: true } }))).toBe(true);
  });

  test('a worker without its container, without args, or with args that are not all words: an error naming it and the containers, the other worker still tuned', () => {
    const renamed = worker('lms-worker', ['celery', 'worker']);
    renamed.spec.template.spec.containers[0].name = 'app';
    const noArgs = worker('lms-worker', []);
    delete noArgs.spec.template.spec.containers[0].args;
    const notWords = worker('lms-worker', ['celery', 'worker']);
    notWords.spec.template.spec.containers[0].args = ['celery', 'worker', 4];
    for (const broken of [renamed, noArgs, notWords]) {
      const { changes, results, objects } = runFeature(celery, [broken, worker('cms-worker', ['celery', 'worker'])], { celeryTuning: { enabled: true } });
      expect(results.map((result) => [result.severity, result.resourceRef?.name, result.field?.path, result.message])).toEqual([
        ['error', 'lms-worker', 'spec.template.spec.containers', 'celery: no container named lms-worker with its celery arguments (args) to tune'],
      ]);
      expect(changes).toHaveLength(2);
      expect(containerOf(named(objects as Item[], 'Deployment', 'cms-worker'), 'cms-worker').args).toEqual(['celery', 'worker', '--concurrency=1', '--max-tasks-per-child=1', '--prefetch-multiplier=1']);
    }
  });
});
