/** src/krm/read/item-problems.ts: what makes a list no ResourceList, or an item no Kubernetes object. */
import { FunctionInputError } from '../../src/krm/errors';
import { inputItemOf } from '../../src/krm/read/parsed';
import {
  InvalidItemsError,
  checkHeader,
  depthExceeds,
  duplicateIdProblems,
  isKubeObjectShape,
  isKustomizationKind,
  itemProblem,
  limitProblems,
  normaliseFunctionConfig,
} from '../../src/krm/read/item-problems';
import type { KubeObject, Result } from '../../src/krm/types';

const thrownBy = (action: () => unknown): Result => {
  try {
    action();
  } catch (error) {
    if (error instanceof FunctionInputError) return error.results[0];
    throw error;
  }
  throw new Error('nothing thrown');
};

describe('checkHeader', () => {
  test.each(['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1', 'config.kubernetes.io/v1alpha1'])('%s: its apiVersion', (apiVersion) => {
    expect(checkHeader({ apiVersion, kind: 'ResourceList' })).toBe(apiVersion);
  });

  test('another kind, or none', () => {
    expect(thrownBy(() => checkHeader({ apiVersion: 'config.kubernetes.io/v1', kind: 'List' }))).toEqual({
      message: 'not a ResourceList: kind is "List", expected "ResourceList" (the KRM functions specification\'s input)',
      severity: 'error',
      field: { path: 'kind', currentValue: 'List', proposedValue: 'ResourceList' },
      tags: { code: 'INPUT_NOT_RESOURCE_LIST' },
    });
    expect(thrownBy(() => checkHeader({ apiVersion: 'config.kubernetes.io/v1' }))).toMatchObject({ message: expect.stringContaining('kind is null,'), field: { currentValue: null } });
  });

  test('another apiVersion, one of another type, or none', () => {
    expect(thrownBy(() => checkHeader({ apiVersion: 'v1', kind: 'ResourceList' }))).toEqual({
      message: 'unsupported ResourceList apiVersion "v1": expected config.kubernetes.io/v1',
      severity: 'error',
      field: { path: 'apiVersion', currentValue: 'v1', proposedValue: 'config.kubernetes.io/v1' },
      tags: { code: 'INPUT_API_VERSION' },
    });
    expect(thrownBy(() => checkHeader({ apiVersion: 1, kind: 'ResourceList' })).message).toBe('unsupported ResourceList apiVersion 1: expected config.kubernetes.io/v1');
    expect(thrownBy(() => checkHeader({ kind: 'ResourceList' }))).toMatchObject({ message: 'unsupported ResourceList apiVersion null: expected config.kubernetes.io/v1', field: { currentValue: null } });
  });
});

describe('itemProblem', () => {
  const lineOf = () => 7;
  const problem = (value: unknown, line: () => number | undefined = lineOf) => itemProblem(value, 3, line);
  const base = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };

  test('a Kubernetes object: none', () => {
    expect(problem(base)).toBeUndefined();
    expect(problem({ ...base, metadata: { name: 'a', namespace: null, labels: null, annotations: { x: 'y' } } })).toBeUndefined();
    expect(problem({ ...base, metadata: { name: 'a', namespace: 'openedx' } })).toBeUndefined();
    expect(isKubeObjectShape(base)).toBe(true);
  });

  test.each([
    ['a list', [1], 'ITEM_NOT_OBJECT', 'items[3] (line 7): expected a Kubernetes object (a mapping), found a list', 'items[3]'],
    ['null', null, 'ITEM_NOT_OBJECT', 'items[3] (line 7): expected a Kubernetes object (a mapping), found a null', 'items[3]'],
    ['no apiVersion', { kind: 'ConfigMap', metadata: { name: 'a' } }, 'ITEM_MISSING_FIELD', 'items[3] (line 7): apiVersion is missing or not a string', 'items[3].apiVersion'],
    ['an empty apiVersion', { ...base, apiVersion: '' }, 'ITEM_MISSING_FIELD', 'items[3] (line 7): apiVersion is missing or not a string', 'items[3].apiVersion'],
    ['a number for kind', { ...base, kind: 1 }, 'ITEM_MISSING_FIELD', 'items[3] (line 7): kind is missing or not a string', 'items[3].kind'],
    ['an empty kind', { ...base, kind: '' }, 'ITEM_MISSING_FIELD', 'items[3] (line 7): kind is missing or not a string', 'items[3].kind'],
    ['metadata a list', { ...base, metadata: [] }, 'ITEM_INVALID_METADATA', 'items[3] (line 7): metadata must be a mapping', 'items[3].metadata'],
    ['metadata text', { ...base, metadata: 'a' }, 'ITEM_INVALID_METADATA', 'items[3] (line 7): metadata must be a mapping', 'items[3].metadata'],
    ['no metadata', { apiVersion: 'v1', kind: 'ConfigMap' }, 'ITEM_MISSING_FIELD', 'items[3] (line 7): ConfigMap has no metadata.name', 'items[3].metadata.name'],
    ['null metadata', { apiVersion: 'v1', kind: 'ConfigMap', metadata: null }, 'ITEM_MISSING_FIELD', 'items[3] (line 7): ConfigMap has no metadata.name', 'items[3].metadata.name'],
    ['an empty name', { ...base, metadata: { name: '' } }, 'ITEM_MISSING_FIELD', 'items[3] (line 7): ConfigMap has no metadata.name', 'items[3].metadata.name'],
    ['a number for a name', { ...base, metadata: { name: 5 } }, 'ITEM_MISSING_FIELD', 'items[3] (line 7): ConfigMap has no metadata.name', 'items[3].metadata.name'],
    ['a mapping for a namespace', { ...base, metadata: { name: 'a', namespace: {} } }, 'ITEM_INVALID_METADATA', 'items[3] (line 7): metadata.namespace must be a string, found a mapping', 'items[3].metadata.namespace'],
    ['labels a list', { ...base, metadata: { name: 'a', labels: ['x'] } }, 'ITEM_INVALID_METADATA', 'items[3] (line 7): metadata.labels must be a mapping of strings', 'items[3].metadata.labels'],
    ['a label a number', { ...base, metadata: { name: 'a', labels: { ok: 'x', n: 1 } } }, 'ITEM_INVALID_METADATA', 'items[3] (line 7): metadata.labels.n must be a string, found a number (quote it)', 'items[3].metadata.labels.n'],
    ['an annotation a boolean', { ...base, metadata: { name: 'a', annotations: { b: true } } }, 'ITEM_INVALID_METADATA', 'items[3] (line 7): metadata.annotations.b must be a string, found a boolean (quote it)', 'items[3].metadata.annotations.b'],
    ['annotations text', { ...base, metadata: { name: 'a', labels: { x: 'y' }, annotations: 'x' } }, 'ITEM_INVALID_METADATA', 'items[3] (line 7): metadata.annotations must be a mapping of strings', 'items[3].metadata.annotations'],
  ])('%s', (_name, value, code, message, path) => {
    expect(problem(value)).toEqual({ message, severity: 'error', field: { path }, tags: { code } });
    expect(isKubeObjectShape(value)).toBe(false);
  });

  test('without a line, the message names the position alone; the line is looked up only for a problem', () => {
    expect(problem([], () => undefined)?.message).toBe('items[3]: expected a Kubernetes object (a mapping), found a list');
    let lookups = 0;
    problem(base, () => ++lookups);
    expect(lookups).toBe(0);
  });

  test('a Kustomization or Component of kustomize.config.k8s.io needs no name; other kinds of that group do', () => {
    expect(problem({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' })).toBeUndefined();
    expect(problem({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', metadata: {} })).toBeUndefined();
    expect(problem({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Other' })?.tags?.code).toBe('ITEM_MISSING_FIELD');
    expect(problem({ apiVersion: 'example.com/v1', kind: 'Kustomization' })?.tags?.code).toBe('ITEM_MISSING_FIELD');
    expect(isKustomizationKind('kustomize.config.k8s.io/v1beta1', 'Kustomization')).toBe(true);
    expect(isKustomizationKind('x.kustomize.config.k8s.io/v1', 'Kustomization')).toBe(false);
  });
});

describe('duplicateIdProblems', () => {
  const item = (object: Record<string, unknown>, position: number) => inputItemOf(object as unknown as KubeObject, position);
  const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra } });

  test('the second of two items with one group, kind, namespace and name: an error naming both', () => {
    expect(duplicateIdProblems([item(cm('a'), 0), item(cm('b'), 1), item(cm('a'), 2)])).toEqual([
      {
        message: 'items[2]: ConfigMap a is also items[0]: every resource must appear once',
        severity: 'error',
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a' },
        field: { path: 'items[2].metadata.name' },
        tags: { code: 'ITEM_DUPLICATE_ID' },
      },
    ]);
    expect(duplicateIdProblems([item(cm('a', { namespace: 'n' }), 4), item(cm('a', { namespace: 'n' }), 5)])[0].message).toBe('items[5]: ConfigMap a (namespace n) is also items[4]: every resource must appear once');
  });

  test('the group counts, the version does not; namespaces and kinds tell items apart', () => {
    const deployment = (apiVersion: string) => ({ apiVersion, kind: 'Deployment', metadata: { name: 'a' } });
    expect(duplicateIdProblems([item(deployment('apps/v1'), 0), item(deployment('apps/v1beta1'), 1)])).toHaveLength(1);
    expect(duplicateIdProblems([item(deployment('apps/v1'), 0), item(deployment('extensions/v1'), 1)])).toEqual([]);
    expect(duplicateIdProblems([item(cm('a', { namespace: 'x' }), 0), item(cm('a', { namespace: 'y' }), 1), item(cm('a'), 2)])).toEqual([]);
    expect(duplicateIdProblems([item(cm('a'), 0), item({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' } }, 1)])).toEqual([]);
  });

  test('three of one identity: the second and third each name the first', () => {
    expect(duplicateIdProblems([item(cm('a'), 0), item(cm('a'), 1), item(cm('a'), 2)]).map((result) => result.message)).toEqual([
      'items[1]: ConfigMap a is also items[0]: every resource must appear once',
      'items[2]: ConfigMap a is also items[0]: every resource must appear once',
    ]);
  });

  test('local-config items and Kustomizations are left out', () => {
    const local = cm('a', { annotations: { 'config.kubernetes.io/local-config': 'true' } });
    expect(duplicateIdProblems([item(local, 0), item(local, 1)])).toEqual([]);
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', metadata: {} };
    expect(duplicateIdProblems([item(kustomization, 0), item(kustomization, 1)])).toEqual([]);
  });
});

describe('limitProblems: at most 20, then one line for the rest, with the code of the first left out', () => {
  const results = (count: number) => Array.from({ length: count }, (_, index): Result => ({ message: `p${index}`, severity: 'error', tags: { code: index === 20 ? 'ITEM_MISSING_FIELD' : 'ITEM_NOT_OBJECT' } }));

  test('20: all of them', () => expect(limitProblems(results(20))).toEqual(results(20)));

  test('21: 20 and "1 more item"', () => {
    const limited = limitProblems(results(21));
    expect(limited.slice(0, 20)).toEqual(results(20));
    expect(limited[20]).toEqual({ message: '1 more item with problems not listed', severity: 'error', tags: { code: 'ITEM_MISSING_FIELD' } });
    expect(limited).toHaveLength(21);
  });

  test('25: "5 more items"; a first left out without a known code: ITEM_NOT_OBJECT', () => {
    expect(limitProblems(results(25))[20].message).toBe('5 more items with problems not listed');
    const uncoded = results(22).map((result) => ({ ...result, tags: undefined }));
    expect(limitProblems(uncoded)[20].tags).toEqual({ code: 'ITEM_NOT_OBJECT' });
  });
});

describe('depthExceeds: more levels of mappings and lists than the limit', () => {
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : depth % 2 === 0 ? { k: nested(depth - 1) } : [nested(depth - 1)]);

  test.each([
    [0, 0, false],
    [2, 2, false],
    [3, 2, true],
    [10, 9, true],
    [10, 10, false],
  ])('%i levels, limit %i: %s', (depth, limit, expected) => expect(depthExceeds({ a: 1, deep: nested(depth) }, limit)).toBe(expected));

  test('a scalar or null: no levels', () => {
    expect(depthExceeds(null, 0)).toBe(false);
    expect(depthExceeds('text', 0)).toBe(false);
  });

  test('the deepest branch counts, wherever it is', () => {
    expect(depthExceeds({ a: { b: 1 }, c: [[[[1]]]] }, 3)).toBe(true);
    expect(depthExceeds([[[[[1]]]], { b: 1 }], 3)).toBe(true);
    expect(depthExceeds([[[[1]]], { b: 1 }], 3)).toBe(false);
    expect(depthExceeds([{ b: { c: null } }, [1]], 2)).toBe(false);
  });
});

test('normaliseFunctionConfig: null is no functionConfig', () => {
  expect(normaliseFunctionConfig(null)).toBeUndefined();
  expect(normaliseFunctionConfig(undefined)).toBeUndefined();
  expect(normaliseFunctionConfig({ a: 1 })).toEqual({ a: 1 });
});

test('InvalidItemsError: the results and the input text', () => {
  const error = new InvalidItemsError([{ message: 'm', severity: 'error' }], 'text');
  expect(error.name).toBe('InvalidItemsError');
  expect(error.text).toBe('text');
  expect(error.results).toEqual([{ message: 'm', severity: 'error' }]);
  expect(error).toBeInstanceOf(FunctionInputError);
});
