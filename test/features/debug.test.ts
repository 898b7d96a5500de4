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

  test('no lms Deployment: an error', () => {
    const output = runFeature(debug, [], { debug: { enabled: true } });
    expect(output.results).toEqual([expect.objectContaining({ severity: 'error', field: { path: 'spec.debug.enabled' } })]);
  });
});
