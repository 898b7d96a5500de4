import { debug } from '../../src/features/debug';
import { canaryIngressWanted } from '../../src/features/lib/routes';
import { schemaProblems } from '../support/k8s-schema';
import { byName, tutorObjects } from '../support/tutor-objects';
import { runFeature, settingsOf } from '../support/views';

type Item = Record<string, any>;

function generate(spec: Record<string, unknown> = {}) {
  const before = tutorObjects();
  const output = runFeature(debug, before, { debug: { enabled: true }, ...spec });
  return { ...output, added: output.objects.slice(before.length) as Item[] };
}

describe('debug resources', () => {
  test('lms-debug and cms-debug Deployments and Services, and the canary Ingress with an nginx class', () => {
    const { added, results } = generate();
    expect(results).toEqual([]);
    expect(added.map((item) => `${item.kind}/${item.metadata.name}`)).toEqual(['Deployment/lms-debug', 'Deployment/cms-debug', 'Service/lms-debug', 'Service/cms-debug', 'Ingress/ingress-debug']);
    expect(added.flatMap(schemaProblems)).toEqual([]);
  });

  test('the debug pods run runserver as root with the LMS image and Tutor\'s settings volumes; only cms-debug sets its settings module', () => {
    const deployments = byName(generate().added, 'Deployment');
    const lms = deployments['lms-debug'].spec.template.spec;
    expect(lms.securityContext).toEqual({ runAsUser: 0, runAsGroup: 0 });
    expect(lms.containers[0]).toMatchObject({ image: 'docker.io/overhangio/openedx:22.0.0', command: ['/bin/bash', '-c'], args: ['./manage.py lms runserver 0.0.0.0:8000'], stdin: true, tty: true });
    expect(lms.containers[0].env).toBeUndefined();
    expect(lms.volumes.map((volume: Item) => volume.configMap.name)).toEqual(['openedx-settings-lms-aaaaaaaaaa', 'openedx-settings-cms-bbbbbbbbbb', 'openedx-config-cccccccccc']);
    expect(lms.containers[0].volumeMounts.map((mount: Item) => mount.mountPath)).toEqual(['/openedx/edx-platform/lms/envs/tutor/', '/openedx/edx-platform/cms/envs/tutor/', '/openedx/config']);
    expect(deployments['cms-debug'].spec.template.spec.containers[0].env).toEqual([{ name: 'SERVICE_VARIANT', value: 'cms' }, { name: 'DJANGO_SETTINGS_MODULE', value: 'cms.envs.tutor.production' }]);
  });

  test('the canary Ingress: cookie routing to the debug Services, the configured class, TLS as the other Ingresses', () => {
    const ingress = byName(generate({ debug: { enabled: true, cookie: 'debug_me' } }).added, 'Ingress')['ingress-debug'];
    expect(ingress.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-by-cookie': 'debug_me', 'cert-manager.io/issuer': 'letsencrypt' });
    expect(ingress.metadata.annotations['kubernetes.io/ingress.class']).toBeUndefined();
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules.map((rule: Item) => [rule.host, rule.http.paths[0].backend.service])).toEqual([
      ['lms.example.com', { name: 'lms-debug', port: { number: 8000 } }],
      ['studio.example.com', { name: 'cms-debug', port: { number: 8000 } }],
    ]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['lms.example.com', 'studio.example.com'], secretName: 'openedx-tls' }]);
  });

  test.each([
    ['nginx', 'auto', true],
    ['nginx-internal', 'auto', true],
    ['traefik', 'auto', false],
    ['traefik', 'always', true],
    ['nginx', 'never', false],
  ])('class %s, canaryIngress %s → canary Ingress %s', (className, canaryIngress, wanted) => {
    expect(canaryIngressWanted(settingsOf({ ingress: { className }, debug: { enabled: true, canaryIngress } }))).toBe(wanted);
  });

  test('another controller: no canary Ingress, an info result saying why', () => {
    const { added, results } = generate({ ingress: { className: 'traefik' } });
    expect(added.some((item) => item.kind === 'Ingress')).toBe(false);
    expect(results).toEqual([expect.objectContaining({ severity: 'info', field: { path: 'spec.debug.canaryIngress' }, message: expect.stringContaining('ingress-nginx') })]);
  });

  test('no lms Deployment: an error, even with the image given in the settings', () => {
    const message = 'spec.debug.enabled: the debug pods copy the lms Deployment (image and settings volumes), which is not in the manifests';
    const output = runFeature(debug, [], { debug: { enabled: true } });
    expect(output.results.map((result) => [result.severity, result.field?.path, result.message])).toEqual([['error', 'spec.debug.enabled', message]]);
    const withoutLms = tutorObjects().filter((item) => !(item.kind === 'Deployment' && item.metadata.name === 'lms'));
    const imageGiven = runFeature(debug, withoutLms, { debug: { enabled: true }, tutor: { images: { openedx: 'registry.example.com/openedx:22.0.0' } } });
    expect(imageGiven.changes).toEqual([]);
    expect(imageGiven.results.map((result) => result.message)).toEqual([message]);
  });

  test('off by default (Drydock ≤ 21.0 had it opt-in), on with debug.enabled', () => {
    expect(debug.isEnabled(settingsOf())).toBe(false);
    expect(debug.isEnabled(settingsOf({ debug: { enabled: true } }))).toBe(true);
  });

  test('the debug container whole: its name, the port, no privilege escalation', () => {
    const lms = byName(generate().added, 'Deployment')['lms-debug'].spec.template.spec.containers[0];
    expect({ ...lms, volumeMounts: undefined }).toEqual({
      name: 'lms-debug',
      image: 'docker.io/overhangio/openedx:22.0.0',
      command: ['/bin/bash', '-c'],
      args: ['./manage.py lms runserver 0.0.0.0:8000'],
      ports: [{ containerPort: 8000 }],
      securityContext: { allowPrivilegeEscalation: false },
      stdin: true,
      tty: true,
      volumeMounts: undefined,
    });
  });

  test('settings volumes the lms Deployment does not both declare and mount are left out, with a warning naming what the debug pods mount', () => {
    const objects = tutorObjects();
    const lms = objects.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms')!;
    const podSpec = lms.spec.template.spec;
    // settings-cms declared but not mounted.
    podSpec.containers[0].volumeMounts = podSpec.containers[0].volumeMounts.filter((mount: Item) => mount.name !== 'settings-cms');
    const output = runFeature(debug, objects, { debug: { enabled: true } });
    const debugPod = byName(output.objects as Item[], 'Deployment')['lms-debug'].spec.template.spec;
    expect(debugPod.volumes.map((volume: Item) => volume.name)).toEqual(['settings-lms', 'config']);
    expect(debugPod.containers[0].volumeMounts.map((mount: Item) => mount.name)).toEqual(['settings-lms', 'config']);
    expect(output.results.map((result) => [result.severity, result.message])).toEqual([
      ['warning', 'spec.debug.enabled: the lms Deployment does not mount all of settings-lms, settings-cms, config: the debug pods mount only settings-lms, config'],
    ]);
    // config mounted but not declared.
    const undeclared = tutorObjects();
    const undeclaredPod = undeclared.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms')!.spec.template.spec;
    undeclaredPod.volumes = undeclaredPod.volumes.filter((volume: Item) => volume.name !== 'config');
    const undeclaredOutput = runFeature(debug, undeclared, { debug: { enabled: true } });
    expect(byName(undeclaredOutput.objects as Item[], 'Deployment')['lms-debug'].spec.template.spec.containers[0].volumeMounts.map((mount: Item) => mount.name)).toEqual(['settings-lms', 'settings-cms']);
    expect(undeclaredOutput.results.map((result) => result.message)).toEqual(['spec.debug.enabled: the lms Deployment does not mount all of settings-lms, settings-cms, config: the debug pods mount only settings-lms, settings-cms']);
    // An lms Deployment without a pod template (the image given in the settings): nothing to mount.
    for (const spec of [{ spec: {} }, {}]) {
      const bare = tutorObjects().map((item) => (item.kind === 'Deployment' && item.metadata.name === 'lms' ? { apiVersion: item.apiVersion, kind: item.kind, metadata: item.metadata, ...spec } : item));
      const bareOutput = runFeature(debug, bare, { debug: { enabled: true }, tutor: { images: { openedx: 'registry.example.com/openedx:22.0.0' } } });
      expect(bareOutput.results.map((result) => result.message)).toEqual(['spec.debug.enabled: the lms Deployment does not mount all of settings-lms, settings-cms, config: the debug pods mount only none']);
    }
    const noContainers = tutorObjects().map((item) => (item.kind === 'Deployment' && item.metadata.name === 'lms' ? { ...item, spec: { template: { spec: { containers: [], volumes: item.spec.template.spec.volumes } } } } : item));
    expect(runFeature(debug, noContainers, { debug: { enabled: true }, tutor: { images: { openedx: 'registry.example.com/openedx:22.0.0' } } }).results.map((result) => result.message)).toEqual([
      'spec.debug.enabled: the lms Deployment does not mount all of settings-lms, settings-cms, config: the debug pods mount only none',
    ]);
  });

  test('with Gateway API routes in place of the Ingresses: no canary Ingress, and an info pointing to gatewayApi.debugRoute unless it is set', () => {
    const gateway = { ingress: { enabled: true }, gatewayApi: { enabled: true } };
    const { added, results } = generate(gateway);
    expect(added.some((item) => item.kind === 'Ingress')).toBe(false);
    expect(results.map((result) => [result.severity, result.field?.path, result.message])).toEqual([
      ['info', 'spec.gatewayApi.debugRoute', 'spec.gatewayApi.debugRoute: no ingress-debug canary Ingress with gatewayApi.enabled: set gatewayApi.debugRoute for cookie-routed HTTPRoutes to the debug pods, or reach them with kubectl port-forward'],
    ]);
    expect(generate({ ...gateway, gatewayApi: { ...gateway.gatewayApi, debugRoute: true } }).results).toEqual([]);
  });

  test.each([
    ['LMS', ['LMS_BASE'], [/lms\.example\.com\{\$default_site_port\} \{\n    import proxy "lms:8000"\n\}\n*/]],
    ['LMS and CMS', ['LMS_BASE', 'CMS_BASE'], [/lms\.example\.com\{\$default_site_port\} \{\n    import proxy "lms:8000"\n\}\n*/, /studio\.example\.com\{\$default_site_port\} \{\n    import proxy "cms:8000"\n\}\n*/]],
  ])('no %s host in the manifests: no canary Ingress, an info naming what is missing', (missing, envKeys, sites) => {
    const objects = tutorObjects().map((item) =>
      item.kind === 'ConfigMap' && item.data?.['lms.env.yml'] ? { ...item, data: { ...item.data, 'lms.env.yml': envKeys.reduce((text: string, key) => text.replace(new RegExp(`^${key}: .*\n`, 'm'), ''), item.data['lms.env.yml']) } } : item,
    );
    const caddy = objects.find((item) => item.kind === 'ConfigMap' && item.data?.Caddyfile);
    if (caddy) caddy.data.Caddyfile = sites.reduce((text: string, site) => text.replace(site, ''), caddy.data.Caddyfile);
    const output = runFeature(debug, objects, { debug: { enabled: true } });
    expect((output.objects as Item[]).some((item) => item.kind === 'Ingress')).toBe(false);
    expect(output.results.filter((result) => result.field?.path === 'spec.debug.canaryIngress').map((result) => [result.severity, result.message])).toEqual([
      ['info', `spec.debug.canaryIngress: ingress-debug is not generated: the manifests give no valid ${missing} host to route (set tutor.lmsHost and tutor.cmsHost)`],
    ]);
  });
});
