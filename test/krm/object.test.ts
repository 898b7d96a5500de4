/**
 * src/krm/object.ts: the rules every layer reads an object by, and the operator tools (`waves`,
 * `compare`) and the function reading one object the same way.
 */
import { describe as describeObject, groupOf, identityKey, isGenerated, isLocalConfig, isOrchestratorAnnotation, kptPlaceOf, orchestratorAnnotationsOf, podLabelsOf, podSpecOf, refOf, resultFileOf } from '../../src/krm/object';
import type { DeepReadonly, KubeObject } from '../../src/krm/types';
import { compareCommand, wavesCommand } from '../../src/migration/commands';
import { resourceSetOf } from '../support/views';

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

describe('isLocalConfig: any value but "false", as kustomize and kpt read the annotation', () => {
  test.each([
    ['"true"', 'true', true],
    ['"yes"', 'yes', true],
    ['an empty value', '', true],
    ['"False" (the check is exact)', 'False', true],
    ['a YAML boolean true', true, true],
    ['"false"', 'false', false],
    ['a YAML boolean false', false, false],
    ['null', null, false],
  ])('%s', (_name, value, local) => {
    expect(isLocalConfig({ metadata: { annotations: { [LOCAL_CONFIG]: value } } })).toBe(local);
  });

  test('no annotation, no metadata, or not an object: not local', () => {
    expect(isLocalConfig({ metadata: { annotations: { other: 'true' } } })).toBe(false);
    expect(isLocalConfig({ kind: 'ConfigMap' })).toBe(false);
    expect(isLocalConfig('text')).toBe(false);
    expect(isLocalConfig({ metadata: { annotations: ['true'] } })).toBe(false);
  });
});

describe('the operator tools and the function agree on which objects are local configuration', () => {
  const hpa = (value: string): string =>
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: lms\n  annotations:\n    ${LOCAL_CONFIG}: ${value}\n    argocd.argoproj.io/sync-wave: "150"\nspec:\n  maxReplicas: 3\n`;
  const read = (text: string) => (): Buffer => Buffer.from(text);

  test.each([
    ['"yes"', '"yes"', true],
    ['"true"', '"true"', true],
    ['an empty string', '""', true],
    ['"false"', '"false"', false],
  ])('annotated %s', (_name, value, local) => {
    const object = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'lms', annotations: { [LOCAL_CONFIG]: JSON.parse(value) as string } } };
    // The function: a local-config item passes through, never changed.
    expect(resourceSetOf([object]).views()[0].passThrough).toBe(local);
    // waves: never applied, so in no wave.
    expect(wavesCommand(['m.yaml'], read(hpa(value))).stdout.includes('HorizontalPodAutoscaler/lms')).toBe(!local);
    // compare: never deployed, so not counted on either side.
    const comparison = JSON.parse(compareCommand(['--format', 'json', 'a.yaml', 'b.yaml'], read(hpa(value))).stdout) as { counted: { drydock: number; drydockFn: number } };
    expect(comparison.counted).toEqual(local ? { drydock: 0, drydockFn: 0 } : { drydock: 1, drydockFn: 1 });
  });
});

describe('isOrchestratorAnnotation: the keys kpt and kustomize own', () => {
  test.each([
    ['internal.config.kubernetes.io/path', true],
    ['config.kubernetes.io/index', true],
    ['config.kubernetes.io/local-config', true],
    ['config.k8s.io/id', true],
    ['kustomize.config.k8s.io/id', true],
    ['kustomize.config.k8s.io/needs-hash', true],
    ['config.k8s.io/other', false],
    ['argocd.argoproj.io/sync-wave', false],
    ['example.com/config.kubernetes.io', false],
  ])('%s: %s', (key, owned) => {
    expect(isOrchestratorAnnotation(key)).toBe(owned);
  });

  test('compare leaves them out of what it compares', () => {
    const configMap = (annotations: Record<string, string>): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: ${JSON.stringify(annotations)}\ndata: {a: b}\n`;
    const files: Record<string, string> = {
      'drydock.yaml': configMap({ 'kustomize.config.k8s.io/needs-hash': 'true', 'internal.config.kubernetes.io/path': 'a.yaml' }),
      'drydock-fn.yaml': configMap({ 'config.kubernetes.io/index': '3' }),
    };
    const outcome = compareCommand(['--format', 'json', 'drydock.yaml', 'drydock-fn.yaml'], (name) => Buffer.from(files[name]));
    expect((JSON.parse(outcome.stdout) as { objects: { status: string }[] }).objects.map((object) => object.status)).toEqual(['same']);
  });
});

describe('kpt places', () => {
  const annotated = (annotations: Record<string, unknown>): unknown => ({ metadata: { annotations } });

  test("kpt's annotations first, the legacy ones else; an index that is no number is left out of a result", () => {
    expect(kptPlaceOf(annotated({ 'internal.config.kubernetes.io/path': 'a.yaml', 'config.kubernetes.io/path': 'b.yaml', 'config.kubernetes.io/index': '2' }))).toEqual({ path: 'a.yaml', index: '2' });
    expect(resultFileOf(annotated({ 'config.kubernetes.io/path': 'b.yaml', 'internal.config.kubernetes.io/index': '1' }))).toEqual({ path: 'b.yaml', index: 1 });
    expect(resultFileOf(annotated({ 'internal.config.kubernetes.io/path': 'a.yaml', 'internal.config.kubernetes.io/index': 'x' }))).toEqual({ path: 'a.yaml' });
  });

  test('an index absent or null: a place without one; a number: as text', () => {
    expect(kptPlaceOf(annotated({ 'internal.config.kubernetes.io/path': 'a.yaml' }))).toEqual({ path: 'a.yaml' });
    expect(kptPlaceOf(annotated({ 'internal.config.kubernetes.io/path': 'a.yaml', 'internal.config.kubernetes.io/index': null }))).toEqual({ path: 'a.yaml' });
    expect(kptPlaceOf(annotated({ 'internal.config.kubernetes.io/path': 'a.yaml', 'internal.config.kubernetes.io/index': 3 }))).toEqual({ path: 'a.yaml', index: '3' });
    expect(kptPlaceOf(annotated({ 'config.kubernetes.io/path': 'a.yaml', 'config.kubernetes.io/index': null }))).toEqual({ path: 'a.yaml' });
    expect(resultFileOf(annotated({ 'internal.config.kubernetes.io/path': 'a.yaml' }))).toEqual({ path: 'a.yaml' });
  });

  test.each([
    ['12', { index: 12 }],
    ['0', { index: 0 }],
    ['1x', {}],
    ['x1', {}],
    ['-1', {}],
    ['', {}],
  ])('a result names index %j only when it is a whole number', (index, expected) => {
    expect(resultFileOf(annotated({ 'internal.config.kubernetes.io/path': 'a.yaml', 'internal.config.kubernetes.io/index': index }))).toEqual({ path: 'a.yaml', ...expected });
  });

  test('no path, or one that is not text: no place', () => {
    expect(kptPlaceOf(annotated({ 'internal.config.kubernetes.io/index': '0' }))).toBeUndefined();
    expect(kptPlaceOf(annotated({ 'internal.config.kubernetes.io/path': 3 }))).toBeUndefined();
    expect(resultFileOf(annotated({ 'internal.config.kubernetes.io/path': '' }))).toBeUndefined();
  });
});

test('groupOf: the part before the first slash, "" for the core group', () => {
  expect([groupOf('v1'), groupOf('apps/v1'), groupOf('networking.k8s.io/v1'), groupOf('a/b/c')]).toEqual(['', 'apps', 'networking.k8s.io', 'a']);
});

describe('identity, references and names', () => {
  const object = (apiVersion: string, kind: string, metadata: Record<string, unknown>) => ({ apiVersion, kind, metadata }) as unknown as KubeObject;

  test('identityKey: kind, group, namespace (or the one given for none) and name', () => {
    expect(identityKey(object('apps/v1', 'Deployment', { name: 'lms', namespace: 'openedx' }))).toBe('Deployment|apps|openedx|lms');
    expect(identityKey(object('v1', 'ConfigMap', { name: 'a' }))).toBe('ConfigMap|||a');
    expect(identityKey(object('v1', 'ConfigMap', { name: 'a' }), 'openedx')).toBe('ConfigMap||openedx|a');
    expect(identityKey(object('v1', 'ConfigMap', { name: 'a', namespace: '' }), 'openedx')).toBe('ConfigMap||openedx|a');
    expect(identityKey(object('v1', 'ConfigMap', { name: 'a', namespace: 'x' }), 'openedx')).toBe('ConfigMap||x|a');
    expect(identityKey({ apiVersion: 'v1', kind: 'ConfigMap' } as unknown as KubeObject, 'n')).toBe('ConfigMap||n|');
  });

  test('refOf: apiVersion, kind, name, and the namespace only when there is one', () => {
    expect(refOf(object('apps/v1', 'Deployment', { name: 'lms', namespace: 'openedx', labels: { a: 'b' } }))).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'lms', namespace: 'openedx' });
    expect(refOf(object('v1', 'ConfigMap', { name: 'a' }))).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a' });
    expect(refOf(object('v1', 'ConfigMap', { name: 'a', namespace: '' }))).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'a' });
  });

  test('describe: kind and name, "(unnamed)" without one', () => {
    expect(describeObject(object('apps/v1', 'Deployment', { name: 'lms' }))).toBe('Deployment lms');
    expect(describeObject(object('kustomize.config.k8s.io/v1beta1', 'Kustomization', {}))).toBe('Kustomization (unnamed)');
  });

  test('isGenerated: the generated-by annotation with the value drydock-fn, nothing else', () => {
    expect(isGenerated({ metadata: { annotations: { 'drydock.io/generated-by': 'drydock-fn' } } })).toBe(true);
    expect(isGenerated({ metadata: { annotations: { 'drydock.io/generated-by': 'someone-else' } } })).toBe(false);
    expect(isGenerated({ metadata: { annotations: { other: 'drydock-fn' } } })).toBe(false);
    expect(isGenerated({ metadata: {} })).toBe(false);
    expect(isGenerated(null)).toBe(false);
  });

  test("orchestratorAnnotationsOf: the orchestrators' annotations only, none without annotations or metadata", () => {
    const annotations = { 'internal.config.kubernetes.io/path': 'a.yaml', 'config.k8s.io/id': '1', 'app.kubernetes.io/version': '20', 'kustomize.config.k8s.io/id': 'x' };
    expect(orchestratorAnnotationsOf(object('v1', 'ConfigMap', { name: 'a', annotations }))).toEqual({ 'internal.config.kubernetes.io/path': 'a.yaml', 'config.k8s.io/id': '1', 'kustomize.config.k8s.io/id': 'x' });
    expect(orchestratorAnnotationsOf(object('v1', 'ConfigMap', { name: 'a' }))).toEqual({});
    expect(orchestratorAnnotationsOf({ apiVersion: 'v1', kind: 'ConfigMap' } as unknown as KubeObject)).toEqual({});
  });
});

describe('pod specs and pod labels, where each workload kind of the Kubernetes API keeps them', () => {
  const spec = { containers: [{ name: 'c' }] };
  const labels = { app: 'x' };
  const template = { metadata: { labels }, spec };
  const workloads: [string, Record<string, unknown>, string[]][] = [
    ['Pod', { metadata: { name: 'p', labels }, spec }, ['spec']],
    ['Deployment', { spec: { template } }, ['spec', 'template', 'spec']],
    ['StatefulSet', { spec: { template } }, ['spec', 'template', 'spec']],
    ['DaemonSet', { spec: { template } }, ['spec', 'template', 'spec']],
    ['ReplicaSet', { spec: { template } }, ['spec', 'template', 'spec']],
    ['ReplicationController', { spec: { template } }, ['spec', 'template', 'spec']],
    ['Job', { spec: { template } }, ['spec', 'template', 'spec']],
    ['CronJob', { spec: { jobTemplate: { spec: { template } } } }, ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  ];

  test.each(workloads)('%s', (kind, fields, path) => {
    const object = { apiVersion: 'v1', kind, metadata: { name: 'w' }, ...fields } as unknown as DeepReadonly<KubeObject>;
    const found = podSpecOf(object);
    expect(found?.path).toEqual(path);
    expect(found?.spec).toBe(spec);
    expect(podLabelsOf(object)).toEqual(labels);
  });

  test('kinds without pods: none', () => {
    const object = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { template: { spec } } } as unknown as DeepReadonly<KubeObject>;
    expect(podSpecOf(object)).toBeUndefined();
    expect(podLabelsOf(object)).toBeUndefined();
  });

  test('a spec that is not a mapping where it should be: no pod spec; no labels there: empty; labels that are not text left out', () => {
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: ['x'] } } } as unknown as DeepReadonly<KubeObject>;
    expect(podSpecOf(broken)).toBeUndefined();
    expect(podLabelsOf(broken)).toEqual({});
    const noTemplate = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: 'x' } as unknown as DeepReadonly<KubeObject>;
    expect(podSpecOf(noTemplate)).toBeUndefined();
    expect(podLabelsOf(noTemplate)).toEqual({});
    const mixed = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { outer: 'o' } }, spec: { template: { metadata: { labels: { a: 'b', n: 1, t: true } }, spec } } } as unknown as DeepReadonly<KubeObject>;
    expect(podLabelsOf(mixed)).toEqual({ a: 'b' });
  });
});
