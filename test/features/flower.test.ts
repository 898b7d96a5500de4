import { flower } from '../../src/features/flower';
import { schemaProblems } from '../support/k8s-schema';
import { byName, tutorObjects } from '../support/tutor-objects';
import { runFeature, settingsOf } from '../support/views';

type Item = Record<string, any>;

function generate(spec: Record<string, unknown>, options = {}) {
  const before = tutorObjects(options);
  const output = runFeature(flower, before, { flower: { enabled: true, ...spec } });
  return { ...output, added: output.objects.slice(before.length) as Item[] };
}

describe('Flower', () => {
  test('the Deployment as Drydock had it, with the broker URL of the LMS settings, and a Service', () => {
    const { added, results } = generate({});
    expect(results).toEqual([]);
    expect(added.map((item) => `${item.kind}/${item.metadata.name}`)).toEqual(['Deployment/flower-edxapp', 'Service/flower-edxapp']);
    const [deployment, service] = added;
    const labels = { 'app.kubernetes.io/instance': 'openedx-TEST', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor', 'app.kubernetes.io/name': 'flower-edxapp' };
    expect(deployment.metadata.labels).toEqual(labels);
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(deployment.spec.template.metadata.labels).toEqual(labels);
    expect(deployment.spec.template.spec.containers).toEqual([
      {
        name: 'flower-edxapp',
        image: 'docker.io/mher/flower:0.9.5',
        ports: [{ containerPort: 5555 }],
        env: [{ name: 'CELERY_BROKER_URL', value: 'redis://:@redis:6379/0' }, { name: 'FLOWER_PORT', value: '5555' }],
      },
    ]);
    expect(service.spec).toEqual({ type: 'ClusterIP', ports: [{ name: 'http', port: 5555, protocol: 'TCP', targetPort: 5555 }], selector: labels });
    expect(added.flatMap(schemaProblems)).toEqual([]);
  });

  test("Tutor's version annotation, as Tutor's commonAnnotations give it, on the Deployment and its pod template; none without it", () => {
    const version = { 'app.kubernetes.io/version': '22.0.0' };
    const [deployment, service] = generate({}).added;
    expect(deployment.metadata.annotations).toMatchObject(version);
    expect(deployment.spec.template.metadata.annotations).toEqual(version);
    expect(service.metadata.annotations).toMatchObject(version);
    const unannotated = tutorObjects().map((item) => ({ ...item, metadata: { ...item.metadata, annotations: undefined } }));
    const [bare] = runFeature(flower, unannotated, { flower: { enabled: true } }).objects.slice(unannotated.length) as Item[];
    expect(bare.metadata.annotations).not.toHaveProperty(['app.kubernetes.io/version']);
    expect(Object.keys(bare.spec.template.metadata)).toEqual(['labels']);
  });

  test('a Redis password is percent-encoded in the URL; the image is configurable', () => {
    const { added } = generate({ image: 'docker.io/mher/flower:2.0' }, { redisPassword: 'p@ss/word' });
    expect(added[0].spec.template.spec.containers[0]).toMatchObject({ image: 'docker.io/mher/flower:2.0', env: [{ name: 'CELERY_BROKER_URL', value: 'redis://:p%40ss%2Fword@redis:6379/0' }, { name: 'FLOWER_PORT', value: '5555' }] });
  });

  test('a broker host or database that would move the URL\'s parts is an error naming openedx-config and brokerUrlSecretRef, never the value; a Secret URL is used as it is', () => {
    for (const [key, value] of [['CELERY_BROKER_HOSTNAME', 'evil.example@redis:6379'], ['CELERY_BROKER_VHOST', '0/../1?x'], ['CELERY_BROKER_TRANSPORT', 'redis://evil.example']]) {
      const objects = tutorObjects();
      const env = objects.find((item) => item.metadata.name.startsWith('openedx-config'))!;
      env.data['lms.env.yml'] = env.data['lms.env.yml'].replace(new RegExp(`^${key}: .*$`, 'm'), () => `${key}: "${value}"`);
      const { results, changes } = runFeature(flower, objects, { flower: { enabled: true } });
      expect(changes).toEqual([]);
      expect(results).toEqual([expect.objectContaining({ severity: 'error', tags: { code: 'RESOURCE_INVALID' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap' }), field: { path: 'data["lms.env.yml"]' }, message: expect.stringContaining(key) })]);
      expect(results[0].message).not.toContain(value);
      // It names the text the value cannot go into, and the way around it.
      expect(results[0].message).toContain("cannot be written into Flower's broker URL (or give it through flower.brokerUrlSecretRef)");
      expect(runFeature(flower, objects, { flower: { enabled: true, brokerUrlSecretRef: { name: 'broker' } } }).results).toEqual([]);
    }
  });

  test('the broker URL from a Secret', () => {
    const { added } = generate({ brokerUrlSecretRef: { name: 'celery', key: 'url' } });
    expect(added[0].spec.template.spec.containers[0].env[0]).toEqual({ name: 'CELERY_BROKER_URL', valueFrom: { secretKeyRef: { name: 'celery', key: 'url' } } });
  });

  test('the Ingress: Flower\'s own basic auth from a Secret, the class and TLS of the other Ingresses, nothing controller-specific', () => {
    const { added } = generate({ ingress: { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower-users' } } });
    const ingress = byName(added, 'Ingress')['flower-edxapp'];
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'flower.example.com', http: { paths: [{ pathType: 'Prefix', path: '/', backend: { service: { name: 'flower-edxapp', port: { number: 5555 } } } }] } }],
      tls: [{ hosts: ['flower.example.com'], secretName: 'flower-host-tls' }],
    });
    expect(Object.keys(ingress.metadata.annotations).filter((name) => name.includes('nginx'))).toEqual([]);
    expect(ingress.metadata.annotations['cert-manager.io/issuer']).toBe('letsencrypt');
    expect(added[0].spec.template.spec.containers[0].env[2]).toEqual({ name: 'FLOWER_BASIC_AUTH', valueFrom: { secretKeyRef: { name: 'flower-users', key: 'basic-auth' } } });
    expect(added.flatMap(schemaProblems)).toEqual([]);
  });

  test('off by default (Drydock 18.2.2 dropped it), on with flower.enabled', () => {
    expect([flower.isEnabled(settingsOf({})), flower.isEnabled(settingsOf({ flower: { enabled: true } }))]).toEqual([false, true]);
  });

  test('basic auth named but the Ingress off: no FLOWER_BASIC_AUTH, no Ingress', () => {
    const { added, results } = generate({ ingress: { enabled: false, basicAuthSecretRef: { name: 'flower-users' } } });
    expect(results).toEqual([]);
    expect(added.map((item) => item.kind)).toEqual(['Deployment', 'Service']);
    expect(added[0].spec.template.spec.containers[0].env.map((entry: Item) => entry.name)).toEqual(['CELERY_BROKER_URL', 'FLOWER_PORT']);
  });

  test('with Gateway API routes in place of the Ingresses, no Flower Ingress (its HTTPRoute is the gateway-api feature\'s); in cut-over mode, the Ingress', () => {
    const ingress = { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower-users' } };
    const kindsWith = (gatewayApi: Record<string, unknown>): string[] => {
      const before = tutorObjects();
      const output = runFeature(flower, before, { flower: { enabled: true, ingress }, gatewayApi: { enabled: true, parentRefs: [{ name: 'openedx' }], ...gatewayApi } });
      expect(output.results).toEqual([]);
      return output.objects.slice(before.length).map((item) => item.kind);
    };
    expect(kindsWith({})).toEqual(['Deployment', 'Service']);
    expect(kindsWith({ keepIngresses: true })).toEqual(['Deployment', 'Service', 'Ingress']);
  });

  test('the errors say what to give', () => {
    expect(generate({ ingress: { enabled: true } }).results.map((result) => result.message)).toEqual([
      'spec.flower.ingress.host: the Flower Ingress needs a host',
      'spec.flower.ingress.basicAuthSecretRef: the Flower Ingress needs basic auth: name the Secret holding user:password',
    ]);
    const output = runFeature(flower, [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'lms' }, spec: {} }], { flower: { enabled: true } });
    expect(output.results.map((result) => result.message)).toEqual([
      'spec.flower.brokerUrlSecretRef: the manifests hold no Celery broker (CELERY_BROKER_* of the LMS env in the openedx-config ConfigMap): give the broker URL through brokerUrlSecretRef',
    ]);
  });

  const bad: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['an Ingress without a host', { ingress: { enabled: true, basicAuthSecretRef: { name: 'u' } } }, {}, 'spec.flower.ingress.host'],
    ['an Ingress without basic auth', { ingress: { enabled: true, host: 'flower.example.com' } }, {}, 'spec.flower.ingress.basicAuthSecretRef'],
  ];
  test.each(bad)('bad config: %s', (_name, spec, options, field) => {
    const { results, changes } = generate(spec, options);
    expect(changes).toEqual([]);
    expect(results).toEqual([expect.objectContaining({ severity: 'error', field: { path: field } })]);
  });

  test('no broker in the manifests and no Secret: an error naming brokerUrlSecretRef', () => {
    const output = runFeature(flower, [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'lms' }, spec: {} }], { flower: { enabled: true } });
    expect(output.results).toEqual([expect.objectContaining({ severity: 'error', field: { path: 'spec.flower.brokerUrlSecretRef' } })]);
  });
});
