/**
 * src/krm/resource-set.ts on its own: which items are read-only, what a change may touch, what a
 * created object becomes (its marker and kpt place, a conflict with an object the user has, an object
 * regenerated from an earlier run), what is pruned, and the outcome of every input item.
 */
import { ChangeError, create, insert, remove, set } from '../../src/krm/changes';
import type { Change, Handle } from '../../src/krm/changes';
import { FunctionInputError } from '../../src/krm/errors';
import { inputItemOf } from '../../src/krm/read/parsed';
import type { InputItem } from '../../src/krm/read/parsed';
import { ResourceSet, isPassThroughObject } from '../../src/krm/resource-set';
import type { ResourceSetOptions } from '../../src/krm/resource-set';
import type { KubeObject } from '../../src/krm/types';

const GENERATED = { 'drydock.io/generated-by': 'drydock-fn' };

function object(kind: string, name: string, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, metadata: { name, ...metadata }, ...extra } as unknown as KubeObject;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Input items at positions 0, 1, 2 … (a copy of each object: the set changes its items in place). */
function itemsOf(...objects: KubeObject[]): InputItem[] {
  return objects.map((value, position) => inputItemOf(copy(value), position));
}

function setOf(objects: KubeObject[], options?: ResourceSetOptions): ResourceSet {
  return new ResourceSet(itemsOf(...objects), options);
}

const handleOf = (resources: ResourceSet, name: string): Handle => {
  const view = resources.views().find((candidate) => candidate.object.metadata.name === name);
  if (!view) throw new Error(`no ${name}`);
  return view.handle;
};

const outcomesOf = (resources: ResourceSet) => resources.inputOutcomes().map((outcome) => [outcome.input.value.metadata.name, outcome.kind]);

describe('read-only items', () => {
  test.each([
    ['a local-config item', object('ConfigMap', 'a', {}, { annotations: { 'config.kubernetes.io/local-config': 'true' } })],
    ['DrydockConfig', object('DrydockConfig', 'a')],
    ['TutorInitTasks', object('TutorInitTasks', 'a')],
    ['a Kptfile', { apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'a' } } as unknown as KubeObject],
    ['a Kustomization', { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', metadata: { name: 'a' } } as unknown as KubeObject],
    ['a kustomize Component', { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', metadata: { name: 'a' } } as unknown as KubeObject],
  ])('%s passes through: seen as such, and a change to it is refused', (_name, value) => {
    expect(isPassThroughObject(value)).toBe(true);
    const resources = setOf([value]);
    expect(resources.views().map((view) => view.passThrough)).toEqual([true]);
    expect(() => resources.apply([set(handleOf(resources, 'a'), ['data', 'x'], 'y')])).toThrow(
      new ChangeError(`set targets ${value.kind} a, which passes through unchanged`),
    );
  });

  test.each([
    ['a ConfigMap', object('ConfigMap', 'a')],
    ['a local-config annotation of "false"', object('ConfigMap', 'a', {}, { annotations: { 'config.kubernetes.io/local-config': 'false' } })],
    ['a Kustomization of another group', { apiVersion: 'example.com/v1', kind: 'Kustomization', metadata: { name: 'a' } } as unknown as KubeObject],
  ])('%s does not pass through', (_name, value) => {
    expect(isPassThroughObject(value)).toBe(false);
    expect(setOf([value]).views().map((view) => view.passThrough)).toEqual([false]);
  });

  test('shared items are seen in input order among the set\'s own, read-only, and have no outcome of this set', () => {
    const [a, c] = itemsOf(object('ConfigMap', 'a'), object('ConfigMap', 'c'));
    const shared = inputItemOf(object('ConfigMap', 'b'), 0.5);
    const resources = new ResourceSet([a, c], { shared: [shared] });
    expect(resources.views().map((view) => [view.object.metadata.name, view.passThrough])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
    expect(outcomesOf(resources)).toEqual([
      ['a', 'unchanged'],
      ['c', 'unchanged'],
    ]);
    expect(() => resources.apply([remove(handleOf(resources, 'b'), ['data'])])).toThrow('remove targets ConfigMap b, which passes through unchanged');
  });

  test('stale items are removed from the start: never seen, their outcome `removed`, no change may target them', () => {
    const [a] = itemsOf(object('ConfigMap', 'a'));
    const stale = inputItemOf(object('ConfigMap', 'old', {}, { annotations: GENERATED }), 1);
    const resources = new ResourceSet([a], { stale: [stale] });
    expect(resources.views().map((view) => view.object.metadata.name)).toEqual(['a']);
    expect(outcomesOf(resources)).toEqual([
      ['a', 'unchanged'],
      ['old', 'removed'],
    ]);
    expect(() => resources.apply([set(1 as Handle, ['data'], {})])).toThrow(new ChangeError('set targets an item that does not exist'));
    expect(() => resources.apply([set(7 as Handle, ['data'], {})])).toThrow(new ChangeError('set targets an item that does not exist'));
  });
});

describe('changes to input items', () => {
  test('set, insert and remove change the item; its view shows the new value, `original` the input', () => {
    const input = object('ConfigMap', 'a', { data: { k: 'v', list: ['x'] } });
    const resources = setOf([input]);
    const a = handleOf(resources, 'a');
    expect(resources.views()[0].original()).toBe(resources.views()[0].object);
    resources.apply([set(a, ['data', 'k'], 'w'), insert(a, ['data', 'list'], 0, 'first'), insert(a, ['data', 'list'], 'end', 'last'), remove(a, ['data', 'gone'])]);
    expect(resources.views()[0].object).toEqual(object('ConfigMap', 'a', { data: { k: 'w', list: ['first', 'x', 'last'] } }));
    expect(resources.views()[0].original()).toEqual(input);
    const [outcome] = resources.inputOutcomes();
    expect(outcome.kind).toBe('changed');
    if (outcome.kind !== 'changed') throw new Error('changed expected');
    expect(outcome.value).toEqual(object('ConfigMap', 'a', { data: { k: 'w', list: ['first', 'x', 'last'] } }));
    resources.apply([remove(a, ['data', 'k'])]);
    expect(resources.views()[0].object).toEqual(object('ConfigMap', 'a', { data: { list: ['first', 'x', 'last'] } }));
  });

  test('changes that alter nothing leave the item unchanged', () => {
    const resources = setOf([object('ConfigMap', 'a', { data: { k: 'v' } })]);
    const a = handleOf(resources, 'a');
    resources.apply([set(a, ['data', 'k'], 'v'), remove(a, ['data', 'absent'])]);
    expect(outcomesOf(resources)).toEqual([['a', 'unchanged']]);
  });

  test('a change to an orchestrator annotation is refused, whatever its prefix', () => {
    const resources = setOf([object('ConfigMap', 'a', {}, { annotations: { 'config.kubernetes.io/index': '0' } })]);
    const a = handleOf(resources, 'a');
    for (const key of ['config.kubernetes.io/index', 'internal.config.kubernetes.io/path', 'kustomize.config.k8s.io/id', 'config.k8s.io/id']) {
      expect(() => resources.apply([set(a, ['metadata', 'annotations', key], 'x')])).toThrow(
        new ChangeError(`changes to orchestrator annotation ${key} of ConfigMap a are not allowed`),
      );
      expect(() => resources.apply([remove(a, ['metadata', 'annotations', key])])).toThrow(ChangeError);
    }
    // Other annotations, and keys of the same name elsewhere, may change.
    resources.apply([
      set(a, ['metadata', 'annotations', 'example.com/x'], 'y'),
      set(a, ['metadata', 'labels', 'config.kubernetes.io/index'], 'z'),
      set(a, ['spec', 'annotations', 'config.kubernetes.io/index'], 'w'),
    ]);
    expect(resources.views()[0].object).toEqual({
      ...object('ConfigMap', 'a'),
      metadata: { name: 'a', annotations: { 'config.kubernetes.io/index': '0', 'example.com/x': 'y' }, labels: { 'config.kubernetes.io/index': 'z' } },
      spec: { annotations: { 'config.kubernetes.io/index': 'w' } },
    });
  });

  test('a change above the annotations that would alter an orchestrator annotation is refused; one that keeps them is not', () => {
    const resources = setOf([object('ConfigMap', 'a', {}, { annotations: { 'config.kubernetes.io/index': '0' } })]);
    const a = handleOf(resources, 'a');
    expect(() => resources.apply([set(a, ['metadata', 'annotations'], { other: 'x' })])).toThrow(
      new ChangeError('a change to ConfigMap a at metadata.annotations would alter orchestrator annotations'),
    );
    // (The check follows the change: a refused change is a programming error, and the run ends.)
    const other = setOf([object('ConfigMap', 'a', {}, { annotations: { 'config.kubernetes.io/index': '0' } })]);
    expect(() => other.apply([remove(handleOf(other, 'a'), ['metadata', 'annotations'])])).toThrow(ChangeError);
    const kept = setOf([object('ConfigMap', 'a', {}, { annotations: { 'config.kubernetes.io/index': '0' } })]);
    kept.apply([set(handleOf(kept, 'a'), ['metadata', 'annotations'], { 'config.kubernetes.io/index': '0', other: 'x' })]);
    expect(kept.views()[0].object.metadata.annotations).toEqual({ 'config.kubernetes.io/index': '0', other: 'x' });
  });
});

describe('unpaired surrogates are refused before they are written', () => {
  const lone = 'a\ud800b';
  const thrown = (resources: ResourceSet, change: Change): FunctionInputError => {
    try {
      resources.apply([change]);
    } catch (caught) {
      if (caught instanceof FunctionInputError) return caught;
      throw caught;
    }
    throw new Error('no error');
  };

  test.each<[string, (a: Handle) => Change, string]>([
    ['set', (a) => set(a, ['data', 'k'], lone), 'data.k'],
    ['set of a mapping', (a) => set(a, ['data'], { k: 'ok', list: ['ok', lone] }), 'data.list[1]'],
    ['a key', (a) => set(a, ['data'], { [lone]: 'ok' }), 'data'],
    ['insert at an index', (a) => insert(a, ['data', 'list'], 2, { x: lone }), 'data.list[2].x'],
    ['insert at the end', (a) => insert(a, ['data', 'list'], 'end', lone), 'data.list'],
  ])('%s: an error naming the item and the field', (_name, change, path) => {
    const resources = setOf([object('ConfigMap', 'a', { data: { list: [] } })]);
    const caught = thrown(resources, change(handleOf(resources, 'a')));
    expect(caught.results).toHaveLength(1);
    expect(caught.results[0]).toMatchObject({
      severity: 'error',
      tags: { code: 'VALUE_LONE_SURROGATE' },
      resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a' },
      field: { path },
    });
    expect(caught.results[0].message.startsWith(`ConfigMap a: ${path}: the value drydock-fn would write holds an unpaired UTF-16 surrogate`)).toBe(true);
    expect(outcomesOf(resources)).toEqual([['a', 'unchanged']]);
  });

  test('a created object: the error names it', () => {
    const resources = setOf([]);
    const caught = thrown(resources, create(object('ConfigMap', 'new', { data: { k: lone } })));
    expect(caught.results[0].field).toEqual({ path: 'data.k' });
    expect(caught.results[0].message.startsWith('ConfigMap new: data.k: ')).toBe(true);
    expect(resources.newObjects()).toEqual([]);
  });

  test('paired surrogates (a character outside the BMP), values that are no strings, and removals pass', () => {
    const resources = setOf([object('ConfigMap', 'a', { data: { k: 'v' } })]);
    const a = handleOf(resources, 'a');
    resources.apply([set(a, ['data', 'emoji'], 'x\ud83d\ude00'), remove(a, ['data', 'k']), set(a, ['spec'], { n: null, i: 1, b: true, list: [null, 2, false, 'ok'] })]);
    expect(resources.views()[0].object).toEqual(object('ConfigMap', 'a', { data: { emoji: 'x😀' }, spec: { n: null, i: 1, b: true, list: [null, 2, false, 'ok'] } }));
  });
});

describe('created objects', () => {
  test('are marked as generated, get a kpt place under drydock-fn/, and come in creation order', () => {
    const resources = setOf([object('ConfigMap', 'a')]);
    const asked = object('ConfigMap', 'b', { data: { k: 'v' } });
    resources.apply([create(asked), create(object('Service', 'c'))]);
    expect(asked.metadata.annotations).toBeUndefined();
    expect(resources.newObjects()).toEqual([
      object('ConfigMap', 'b', { data: { k: 'v' } }, { annotations: { ...GENERATED, 'internal.config.kubernetes.io/path': 'drydock-fn/configmap_b.yaml', 'internal.config.kubernetes.io/index': '0' } }),
      object('Service', 'c', {}, { annotations: { ...GENERATED, 'internal.config.kubernetes.io/path': 'drydock-fn/service_c.yaml', 'internal.config.kubernetes.io/index': '0' } }),
    ]);
    expect(resources.views().map((view) => [view.object.metadata.name, view.generated, view.original()])).toEqual([
      ['a', false, object('ConfigMap', 'a')],
      ['b', true, undefined],
      ['c', true, undefined],
    ]);
    expect(outcomesOf(resources)).toEqual([['a', 'unchanged']]);
    expect(resources.views().map((view) => view.passThrough)).toEqual([false, false, false]);
    // A created object can be changed further in the run.
    resources.apply([set(handleOf(resources, 'b'), ['data', 'k'], 'w')]);
    expect(resources.newObjects()[0].data).toEqual({ k: 'w' });
  });

  test('an item removed (stale) is no existing object: one of its identity is created anew', () => {
    const [a] = itemsOf(object('ConfigMap', 'a'));
    const stale = inputItemOf(object('ConfigMap', 'b', {}, { annotations: GENERATED }), 1);
    const resources = new ResourceSet([a], { stale: [stale], fileAnnotations: false });
    resources.apply([create(object('ConfigMap', 'b', { data: { k: 'v' } }))]);
    expect(resources.newObjects()).toEqual([object('ConfigMap', 'b', { data: { k: 'v' } }, { annotations: GENERATED })]);
    expect(outcomesOf(resources)).toEqual([
      ['a', 'unchanged'],
      ['b', 'removed'],
    ]);
  });

  test('a path of their own is kept; without file annotations they get none', () => {
    const resources = setOf([]);
    resources.apply([create(object('ConfigMap', 'b', {}, { annotations: { 'internal.config.kubernetes.io/path': 'mine.yaml' } }))]);
    expect(resources.newObjects()[0].metadata.annotations).toEqual({ 'internal.config.kubernetes.io/path': 'mine.yaml', ...GENERATED });
    const plain = setOf([], { fileAnnotations: false });
    plain.apply([create(object('ConfigMap', 'b'))]);
    expect(plain.newObjects()[0].metadata.annotations).toEqual(GENERATED);
  });

  test('a place another item holds is not taken twice', () => {
    const holder = object('ConfigMap', 'x', {}, { annotations: { 'internal.config.kubernetes.io/path': 'drydock-fn/configmap_b.yaml', 'internal.config.kubernetes.io/index': '0' } });
    const resources = setOf([holder]);
    resources.apply([create(object('ConfigMap', 'b'))]);
    expect(resources.newObjects()[0].metadata.annotations?.['internal.config.kubernetes.io/index']).toBe('1');
  });

  test('generating one object twice in a run is a programming error', () => {
    const resources = setOf([]);
    resources.apply([create(object('ConfigMap', 'b'))]);
    expect(() => resources.apply([create(object('ConfigMap', 'b', { data: {} }))])).toThrow(new ChangeError('ConfigMap b is generated twice in one run'));
  });

  test('an object the input has and drydock-fn did not generate: left as it is, with a warning', () => {
    const resources = setOf([object('ConfigMap', 'b', { data: { mine: 'yes' } })]);
    resources.apply([create(object('ConfigMap', 'b', { data: { k: 'v' } }))]);
    expect(resources.newObjects()).toEqual([]);
    expect(outcomesOf(resources)).toEqual([['b', 'unchanged']]);
    expect(resources.takeResults()).toEqual([
      {
        severity: 'warning',
        tags: { code: 'RESOURCE_CONFLICT' },
        message: 'ConfigMap b already exists in the input and was not generated by drydock-fn; it is left as it is and drydock-fn does not generate its own',
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'b' },
      },
    ]);
    expect(resources.takeResults()).toEqual([]);
  });

  test('a generated object that is read-only (local-config) is not regenerated over either', () => {
    const resources = setOf([object('ConfigMap', 'b', {}, { annotations: { ...GENERATED, 'config.kubernetes.io/local-config': 'true' } })]);
    resources.apply([create(object('ConfigMap', 'b', { data: { k: 'v' } }))]);
    expect(resources.newObjects()).toEqual([]);
    expect(resources.takeResults().map((result) => result.tags?.code)).toEqual(['RESOURCE_CONFLICT']);
  });

  test('objects of another kind, group, namespace or name are other objects', () => {
    const resources = setOf([object('ConfigMap', 'b', {}, { namespace: 'n' })], { fileAnnotations: false });
    resources.apply([
      create(object('Secret', 'b', {}, { namespace: 'n' })),
      create({ apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'n' } } as unknown as KubeObject),
      create(object('ConfigMap', 'b', {}, { namespace: 'm' })),
      create(object('ConfigMap', 'c', {}, { namespace: 'n' })),
    ]);
    expect(resources.newObjects()).toHaveLength(4);
    expect(resources.takeResults()).toEqual([]);
  });

  test('in the instance\'s namespace, an object written without one is the same object', () => {
    const resources = setOf([object('ConfigMap', 'b')], { namespace: 'n' });
    resources.apply([create(object('ConfigMap', 'b', {}, { namespace: 'n' }))]);
    expect(resources.newObjects()).toEqual([]);
    expect(resources.takeResults().map((result) => result.tags?.code)).toEqual(['RESOURCE_CONFLICT']);
  });

  test('an object of the list outside the set (another instance\'s): left as it is, with a warning naming the object asked for', () => {
    const resources = setOf([], { outside: [object('ConfigMap', 'b', {}, { namespace: 'n' })], namespace: 'n' });
    resources.apply([create(object('ConfigMap', 'b'))]);
    expect(resources.newObjects()).toEqual([]);
    expect(resources.takeResults()).toEqual([
      {
        severity: 'warning',
        tags: { code: 'RESOURCE_CONFLICT' },
        message: 'ConfigMap b already exists in the input, labelled for another instance, tool or application; it is left as it is and drydock-fn does not generate its own',
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'b' },
      },
    ]);
  });

  test('an object generated by an earlier run is updated: its value the new one, its orchestrator annotations kept', () => {
    const earlier = object('ConfigMap', 'b', { data: { old: 'x' } }, {
      annotations: { ...GENERATED, 'internal.config.kubernetes.io/path': 'drydock-fn/configmap_b.yaml', 'config.kubernetes.io/index': '3', 'example.com/old': 'x' },
    });
    const resources = setOf([earlier]);
    resources.apply([
      create(object('ConfigMap', 'b', { data: { k: 'v' } }, { annotations: { 'internal.config.kubernetes.io/path': 'elsewhere.yaml', 'kustomize.config.k8s.io/id': 'x', 'example.com/new': 'y' } })),
    ]);
    expect(resources.newObjects()).toEqual([]);
    expect(resources.takeResults()).toEqual([]);
    const [outcome] = resources.inputOutcomes();
    if (outcome.kind !== 'changed') throw new Error(`changed expected, not ${outcome.kind}`);
    expect(outcome.value).toEqual(
      object('ConfigMap', 'b', { data: { k: 'v' } }, {
        annotations: { 'example.com/new': 'y', ...GENERATED, 'internal.config.kubernetes.io/path': 'drydock-fn/configmap_b.yaml', 'config.kubernetes.io/index': '3' },
      }),
    );
    expect(resources.views()[0].original()).toEqual(earlier);
    // Regenerated now: not pruned, and generating it again in this run is an error.
    resources.pruneStaleGenerated();
    expect(outcomesOf(resources)).toEqual([['b', 'changed']]);
    resources.apply([create(object('ConfigMap', 'b', { data: { k: 'v' } }))]);
    expect(resources.takeResults()).toEqual([]);
  });

  test('regenerated to the same value, the item is unchanged', () => {
    const earlier = object('ConfigMap', 'b', { data: { k: 'v' } }, { annotations: { ...GENERATED, 'config.kubernetes.io/index': '3' } });
    const resources = setOf([earlier]);
    resources.apply([create(object('ConfigMap', 'b', { data: { k: 'v' } }))]);
    expect(outcomesOf(resources)).toEqual([['b', 'unchanged']]);
  });
});

describe('pruning generated objects no feature produced', () => {
  test('generated input items not produced in this run are removed; others stay', () => {
    const resources = setOf(
      [
        object('ConfigMap', 'mine'),
        object('ConfigMap', 'stale', {}, { annotations: { ...GENERATED, 'internal.config.kubernetes.io/path': 'drydock-fn/configmap_stale.yaml' } }),
        object('ConfigMap', 'kept', {}, { annotations: GENERATED }),
        object('ConfigMap', 'local', {}, { annotations: { ...GENERATED, 'config.kubernetes.io/local-config': 'true' } }),
      ],
      { fileAnnotations: false },
    );
    resources.apply([create(object('ConfigMap', 'kept')), create(object('ConfigMap', 'new'))]);
    resources.pruneStaleGenerated();
    expect(outcomesOf(resources)).toEqual([
      ['mine', 'unchanged'],
      ['stale', 'removed'],
      ['kept', 'unchanged'],
      ['local', 'unchanged'],
    ]);
    expect(resources.views().map((view) => view.object.metadata.name)).toEqual(['mine', 'kept', 'local', 'new']);
    expect(resources.newObjects().map((value) => value.metadata.name)).toEqual(['new']);
    // Under drydock-fn/ (or without a path) the file is drydock-fn's own: removed without a word.
    expect(resources.takeResults()).toEqual([]);
  });

  test('one in a file of the package\'s own: removed, with a note naming the file', () => {
    const resources = setOf([object('ConfigMap', 'copied', {}, { annotations: { ...GENERATED, 'internal.config.kubernetes.io/path': 'apps/copied.yaml' } })]);
    resources.pruneStaleGenerated();
    expect(outcomesOf(resources)).toEqual([['copied', 'removed']]);
    expect(resources.takeResults()).toEqual([
      {
        severity: 'info',
        tags: { code: 'GENERATED_PRUNED' },
        message:
          'ConfigMap copied in apps/copied.yaml carries drydock.io/generated-by: drydock-fn but no feature generates it now: it is removed, as generated objects no feature produces any more are (kpt deletes it from apps/copied.yaml); remove the annotation to keep it',
        resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'copied' },
      },
    ]);
    // Pruned once: a second pass says nothing more.
    resources.pruneStaleGenerated();
    expect(resources.takeResults()).toEqual([]);
  });

  test('a pruned item can no longer be changed', () => {
    const resources = setOf([object('ConfigMap', 'stale', {}, { annotations: GENERATED })]);
    const handle = handleOf(resources, 'stale');
    resources.pruneStaleGenerated();
    expect(() => resources.apply([set(handle, ['data'], {})])).toThrow(new ChangeError('set targets an item that does not exist'));
  });
});

describe('renamed items', () => {
  test('input items whose name changed, keyed by kind, namespace and input name', () => {
    const resources = setOf([object('ConfigMap', 'a-1', { data: { k: 'v' } }, { namespace: 'n' }), object('ConfigMap', 'b'), object('Secret', 'c'), object('ConfigMap', 'gone', {}, { annotations: GENERATED })]);
    resources.apply([
      set(handleOf(resources, 'a-1'), ['metadata', 'name'], 'a-2'),
      set(handleOf(resources, 'b'), ['metadata', 'name'], 'b-2'),
      set(handleOf(resources, 'c'), ['data'], { k: 'v' }),
      set(handleOf(resources, 'gone'), ['metadata', 'name'], 'gone-2'),
      create(object('ConfigMap', 'new')),
    ]);
    resources.pruneStaleGenerated();
    expect(resources.renames().map(({ object: value, from }) => [value.metadata.name, from])).toEqual([
      ['a-2', 'a-1'],
      ['b-2', 'b'],
    ]);
    expect(resources.renamedItems()).toEqual(
      new Map([
        ['ConfigMap/n/a-1', 'a-2'],
        ['ConfigMap//b', 'b-2'],
      ]),
    );
  });

  test('a name changed and changed back is no rename', () => {
    const resources = setOf([object('ConfigMap', 'a')]);
    const a = handleOf(resources, 'a');
    resources.apply([set(a, ['metadata', 'name'], 'b'), set(a, ['metadata', 'name'], 'a')]);
    expect(resources.renamedItems()).toEqual(new Map());
  });
});
