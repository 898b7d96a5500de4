/** The Tutor context derived from every Tutor-only fixture, and config overrides. */
import { deriveTutorContext, parseVersion } from '../../src/tutor/context';
import { parseCaddySites } from '../../src/tutor/caddyfile';
import { defaultCases, describeWithFixtures, readFixture } from '../support/fixtures';
import { documentsOf } from '../support/drydock-cases';
import { resourceSetOf, settingsOf } from '../support/views';

describeWithFixtures('derived from the fixtures', () => {
  test.each(defaultCases())('%s', (relative) => {
    const objects = documentsOf(readFixture(relative, 'built.yaml'));
    const tutor = deriveTutorContext(resourceSetOf(objects).views(), settingsOf());
    const major = Number(/tutor-v(\d+)/.exec(relative)?.[1]);
    expect(tutor.version?.major).toBe(major);
    expect(tutor.version?.raw).toBe(readFixture(relative, 'env', 'version').trim());
    expect(tutor.namespace).toBe('openedx');
    expect(Object.keys(tutor.commonLabels).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/part-of']);
    expect(tutor.commonLabels['app.kubernetes.io/instance']).toMatch(/^openedx-/);
    expect(tutor.commonAnnotations).toEqual({ 'app.kubernetes.io/version': tutor.version?.raw });
    expect(tutor.hosts.lms).toBe('lms.example.com');
    expect(tutor.hosts.cms).toBe('studio.example.com');
    expect(tutor.contactEmail).toBe('contact@lms.example.com');
    expect(tutor.images.openedx).toMatch(/^docker\.io\/overhangio\/openedx:/);
    expect(tutor.images.mysql).toMatch(/mysql/);
    expect(tutor.images.mongodb).toMatch(/mongo/);
    const withPlugins = relative.includes('with-plugins');
    expect(tutor.plugins.has('mfe')).toBe(withPlugins);
    expect(tutor.hosts.mfe).toBe(withPlugins ? 'apps.lms.example.com' : undefined);
    // Tutor 21 dropped the preview site; Meilisearch has its own site since Tutor 19.
    expect(tutor.hosts.previewLms).toBe(major <= 20 ? 'preview.lms.example.com' : undefined);
    expect(tutor.hosts.meilisearch).toBe(major >= 19 ? 'meilisearch.lms.example.com' : undefined);
  });
});

describe('overrides and sources', () => {
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'lms', namespace: 'a', annotations: { 'app.kubernetes.io/version': '18.1.0' }, labels: { 'app.kubernetes.io/managed-by': 'tutor' } }, spec: { template: { spec: { containers: [{ name: 'lms', image: 'img:1' }] } } } };

  test('config values win over the manifests', () => {
    const tutor = deriveTutorContext(resourceSetOf([deployment]).views(), settingsOf({ tutor: { version: '19.0.0', namespace: 'b', lmsHost: 'x.example.com', images: { openedx: 'mine:2' } } }));
    expect([tutor.version?.major, tutor.namespace, tutor.hosts.lms, tutor.images.openedx]).toEqual([19, 'b', 'x.example.com', 'mine:2']);
  });

  test('a raw Tutor env under kpt: the kustomization gives namespace, labels and version', () => {
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: 'openedx', commonAnnotations: { 'app.kubernetes.io/version': '20.0.5' }, labels: [{ pairs: { 'app.kubernetes.io/instance': 'openedx-x', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' } }] };
    const raw = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'lms', labels: { 'app.kubernetes.io/name': 'lms' } } };
    const tutor = deriveTutorContext(resourceSetOf([raw, kustomization]).views(), settingsOf());
    expect([tutor.version?.raw, tutor.namespace, tutor.commonLabels['app.kubernetes.io/instance']]).toEqual(['20.0.5', 'openedx', 'openedx-x']);
    expect(tutor.decorate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }).metadata).toEqual({
      name: 's',
      namespace: 'openedx',
      labels: { 'app.kubernetes.io/instance': 'openedx-x', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' },
      annotations: { 'app.kubernetes.io/version': '20.0.5' },
    });
  });

  test('versions', () => {
    expect(parseVersion('22.0.0')).toEqual({ raw: '22.0.0', major: 22, minor: 0, patch: 0 });
    expect(parseVersion('v18.2')).toMatchObject({ major: 18, minor: 2, patch: 0 });
    expect(parseVersion('nightly')).toBeUndefined();
  });

  test('Caddy sites: hosts and upstreams, snippets and globals skipped', () => {
    const sites = parseCaddySites('{\n  debug\n}\n(proxy) {\n  reverse_proxy {args.0}\n}\nlms.example.com{$default_site_port}, preview.lms.example.com{$default_site_port} {\n  import proxy "lms:8000"\n  handle_path /x/* {\n  }\n}\napps.example.com:443 {\n  reverse_proxy mfe:8002\n}\n');
    expect(sites.map((site) => [site.hosts, site.upstreams, site.proxied])).toEqual([
      [['lms.example.com', 'preview.lms.example.com'], ['lms:8000'], ['lms:8000']],
      [['apps.example.com'], ['mfe:8002'], []],
    ]);
  });

  test('a service\'s host is the site that imports its proxy, not a site that routes a path to it', () => {
    const caddyfile = 'lms.example.com {\n  route /scorm-proxy/* {\n    reverse_proxy minio:9000\n  }\n  import proxy "lms:8000"\n}\napps.example.com {\n  reverse_proxy /api/mfe_config/v1* lms:8000\n  import proxy "mfe:8002"\n}\nfiles.example.com {\n  import proxy "minio:9000"\n}\n';
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'caddy-config' }, data: { Caddyfile: caddyfile } };
    const tutor = deriveTutorContext(resourceSetOf([configMap]).views(), settingsOf());
    expect([tutor.hosts.lms, tutor.hosts.mfe, tutor.hosts.minio]).toEqual(['lms.example.com', 'apps.example.com', 'files.example.com']);
  });
});
