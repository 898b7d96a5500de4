/**
 * src/krm/object.ts: the rules every layer reads an object by, and the operator tools (`waves`,
 * `compare`) and the function reading one object the same way.
 */
import { groupOf, isLocalConfig, isOrchestratorAnnotation, kptPlaceOf, resultFileOf } from '../../src/krm/object';
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

  test('no path, or one that is not text: no place', () => {
    expect(kptPlaceOf(annotated({ 'internal.config.kubernetes.io/index': '0' }))).toBeUndefined();
    expect(kptPlaceOf(annotated({ 'internal.config.kubernetes.io/path': 3 }))).toBeUndefined();
    expect(resultFileOf(annotated({ 'internal.config.kubernetes.io/path': '' }))).toBeUndefined();
  });
});

test('groupOf: the part before the first slash, "" for the core group', () => {
  expect([groupOf('v1'), groupOf('apps/v1'), groupOf('networking.k8s.io/v1'), groupOf('a/b/c')]).toEqual(['', 'apps', 'networking.k8s.io', 'a']);
});
