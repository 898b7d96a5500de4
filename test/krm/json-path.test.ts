/** src/krm/json-path.ts: reading and changing plain data at a path, and what each change reports before it alters anything. */
import { ChangeError } from '../../src/krm/changes';
import { getAt, insertAt, removeAt, setAt } from '../../src/krm/json-path';
import type { ObjectPath } from '../../src/krm/types';

/** Runs a change, returning what it returned and the paths it announced. */
function run(change: (onMutate: (at: ObjectPath) => void) => boolean): { changed: boolean; announced: ObjectPath[] } {
  const announced: ObjectPath[] = [];
  const changed = change((at) => announced.push(at));
  return { changed, announced };
}

describe('getAt', () => {
  const root = { a: { b: [1, { c: null }] }, s: 'text' };
  test.each([
    [[], root],
    [['a', 'b', 0], 1],
    [['a', 'b', 1, 'c'], null],
    [['a', 'b', 2], undefined],
    [['a', 'x', 'y'], undefined],
    [['a', 'b', 1, 'c', 'd'], undefined],
    [['s', 'length'], undefined],
  ])('%j', (path, expected) => expect(getAt(root, path)).toEqual(expected));

  test('not an object at the root: undefined for any step', () => {
    expect(getAt(null, ['a'])).toBeUndefined();
    expect(getAt(5, ['a'])).toBeUndefined();
    expect(getAt(5, [])).toBe(5);
  });
});

describe('setAt', () => {
  test('an existing key: changed, announced at the path, the value copied', () => {
    const root: Record<string, unknown> = { a: { b: 1 } };
    const value = { x: [1] };
    expect(run((onMutate) => setAt(root, ['a', 'b'], value, onMutate))).toEqual({ changed: true, announced: [['a', 'b']] });
    expect(root).toEqual({ a: { b: { x: [1] } } });
    value.x.push(2);
    expect(root).toEqual({ a: { b: { x: [1] } } });
  });

  test('the same value already there: nothing changed, nothing announced', () => {
    const root: Record<string, unknown> = { a: { b: { c: [1, 2] } } };
    expect(run((onMutate) => setAt(root, ['a', 'b'], { c: [1, 2] }, onMutate))).toEqual({ changed: false, announced: [] });
  });

  test('missing maps are created; the first missing one is announced', () => {
    const root: Record<string, unknown> = { a: {} };
    expect(run((onMutate) => setAt(root, ['a', 'b', 'c', 'd'], 'v', onMutate))).toEqual({ changed: true, announced: [['a', 'b']] });
    expect(root).toEqual({ a: { b: { c: { d: 'v' } } } });
    const nulls: Record<string, unknown> = { a: null };
    expect(run((onMutate) => setAt(nulls, ['a', 'b'], 1, onMutate))).toEqual({ changed: true, announced: [['a']] });
    expect(nulls).toEqual({ a: { b: 1 } });
    const deeperNull: Record<string, unknown> = { a: null };
    expect(run((onMutate) => setAt(deeperNull, ['a', 'b', 'c'], 1, onMutate))).toEqual({ changed: true, announced: [['a']] });
    expect(deeperNull).toEqual({ a: { b: { c: 1 } } });
  });

  test('an element of a sequence, and a map created inside an existing element', () => {
    const root: Record<string, unknown> = { list: [{ name: 'a' }, null] };
    expect(run((onMutate) => setAt(root, ['list', 0, 'name'], 'b', onMutate))).toEqual({ changed: true, announced: [['list', 0, 'name']] });
    expect(run((onMutate) => setAt(root, ['list', 1, 'name'], 'c', onMutate))).toEqual({ changed: true, announced: [['list', 1]] });
    expect(run((onMutate) => setAt(root, ['list', 1], 'd', onMutate))).toEqual({ changed: true, announced: [['list', 1]] });
    expect(root).toEqual({ list: [{ name: 'b' }, 'd'] });
  });

  test.each([
    ['the whole item', {}, [], 'cannot replace a whole item with set'],
    ['a sequence to create', { a: {} }, ['a', 'b', 0], 'cannot create a sequence at a.b'],
    ['a scalar on the way', { a: 'text' }, ['a', 'b'], 'a is a string, not a collection'],
    ['a sequence where a mapping is needed', { a: [1] }, ['a', 'b'], 'a is not a mapping'],
    ['a mapping where a sequence is needed', { a: { b: 1 } }, ['a', 0], 'a is not a sequence'],
    ['an index past the end', { a: [1] }, ['a', 1], 'index 1 out of range at a[1]'],
    ['a key in a sequence', { a: [1] }, ['a', 'k'], 'a is not a mapping'],
    ['a map to create in a missing element', { a: [] }, ['a', 0, 'b'], 'index 0 out of range at a'],
    ['a map to create under a key of a sequence', { a: [1] }, ['a', 'x', 'y'], 'a is not a mapping'],
    ['a scalar deeper on the way', { a: { b: 'x' } }, ['a', 'b', 'c'], 'a.b is a string, not a collection'],
    ['a sequence deeper where a mapping is needed', { a: { b: [1] } }, ['a', 'b', 'k'], 'a.b is not a mapping'],
  ])('%s: a ChangeError, nothing changed or announced', (_name, root, path, message) => {
    const before = JSON.stringify(root);
    const announced: ObjectPath[] = [];
    expect(() => setAt(root as Record<string, unknown>, path, 'v', (at) => announced.push(at))).toThrow(new ChangeError(message));
    expect(JSON.stringify(root)).toBe(before);
    expect(announced).toEqual([]);
  });
});

describe('removeAt', () => {
  test('a key: removed, announced at its path', () => {
    const root: Record<string, unknown> = { a: { b: 1, c: 2 } };
    expect(run((onMutate) => removeAt(root, ['a', 'b'], onMutate))).toEqual({ changed: true, announced: [['a', 'b']] });
    expect(root).toEqual({ a: { c: 2 } });
    const deep: Record<string, unknown> = { a: { b: { c: 1, d: 2 } } };
    expect(run((onMutate) => removeAt(deep, ['a', 'b', 'c'], onMutate))).toEqual({ changed: true, announced: [['a', 'b', 'c']] });
    expect(deep).toEqual({ a: { b: { d: 2 } } });
  });

  test('an element: removed, the whole sequence announced', () => {
    const root: Record<string, unknown> = { a: [1, 2, 3] };
    expect(run((onMutate) => removeAt(root, ['a', 1], onMutate))).toEqual({ changed: true, announced: [['a']] });
    expect(root).toEqual({ a: [1, 3] });
  });

  test.each([
    ['a missing key', { a: { b: 1 } }, ['a', 'x']],
    ['a missing parent', { a: {} }, ['a', 'x', 'y']],
    ['a parent that is a scalar', { a: 'text' }, ['a', 'length']],
    ['a null parent', { a: null }, ['a', 'b']],
    ['an index past the end', { a: [1] }, ['a', 1]],
    ['a key in a sequence', { a: [1] }, ['a', 'x']],
    ['an inherited key', { a: {} }, ['a', 'toString']],
  ])('%s: nothing changed, nothing announced', (_name, root, path) => {
    const before = JSON.stringify(root);
    expect(run((onMutate) => removeAt(root as Record<string, unknown>, path, onMutate))).toEqual({ changed: false, announced: [] });
    expect(JSON.stringify(root)).toBe(before);
  });
});

describe('insertAt', () => {
  test('at an index, at the end, past the end (appended); values copied', () => {
    const root: Record<string, unknown> = { a: [1, 2] };
    expect(run((onMutate) => insertAt(root, ['a'], 0, 0, onMutate))).toEqual({ changed: true, announced: [['a']] });
    expect(run((onMutate) => insertAt(root, ['a'], 'end', 3, onMutate))).toEqual({ changed: true, announced: [['a']] });
    expect(run((onMutate) => insertAt(root, ['a'], 2, 1.5, onMutate))).toEqual({ changed: true, announced: [['a']] });
    const value = { v: 9 };
    insertAt(root, ['a'], 99, value, () => undefined);
    value.v = 10;
    expect(root).toEqual({ a: [0, 1, 1.5, 2, 3, { v: 9 }] });
  });

  test('a missing or null sequence is created, with its missing maps; the first missing one announced', () => {
    const root: Record<string, unknown> = { spec: {} };
    expect(run((onMutate) => insertAt(root, ['spec', 'template', 'imagePullSecrets'], 'end', { name: 'r' }, onMutate))).toEqual({ changed: true, announced: [['spec', 'template']] });
    expect(root).toEqual({ spec: { template: { imagePullSecrets: [{ name: 'r' }] } } });
    const nulls: Record<string, unknown> = { list: null };
    expect(run((onMutate) => insertAt(nulls, ['list'], 0, 'x', onMutate))).toEqual({ changed: true, announced: [['list']] });
    expect(nulls).toEqual({ list: ['x'] });
  });

  test('a sequence at an index past its parent sequence\'s end is refused, as setAt refuses it: no hole left before it', () => {
    const root: Record<string, unknown> = { spec: { ports: [null] } };
    expect(() => insertAt(root, ['spec', 'ports', 2], 0, 'x', () => undefined)).toThrow(new ChangeError('index 2 out of range at spec.ports[2]'));
    expect(() => insertAt(root, ['spec', 'ports', 1], 0, 'x', () => undefined)).toThrow(new ChangeError('index 1 out of range at spec.ports[1]'));
    expect(root).toEqual({ spec: { ports: [null] } });
    // An element that is null becomes the sequence.
    insertAt(root, ['spec', 'ports', 0], 0, 'x', () => undefined);
    expect(root).toEqual({ spec: { ports: [['x']] } });
  });

  test('into a sequence inside a sequence element', () => {
    const root: Record<string, unknown> = { containers: [{ name: 'c', env: [{ name: 'A' }] }] };
    insertAt(root, ['containers', 0, 'env'], 0, { name: 'B' }, () => undefined);
    expect(root).toEqual({ containers: [{ name: 'c', env: [{ name: 'B' }, { name: 'A' }] }] });
  });

  test.each([
    ['a mapping there', { a: { b: 1 } }, ['a'], 'a is not a sequence'],
    ['a scalar there', { a: 'x' }, ['a'], 'a is not a sequence'],
    ['a scalar on the way', { a: 'x' }, ['a', 'b'], 'a is a string, not a collection'],
    ['a sequence to create on the way', { a: {} }, ['a', 'b', 0, 'c'], 'cannot create a sequence at a.b'],
  ])('%s: a ChangeError, nothing changed or announced', (_name, root, path, message) => {
    const before = JSON.stringify(root);
    const announced: ObjectPath[] = [];
    expect(() => insertAt(root as Record<string, unknown>, path, 0, 'v', (at) => announced.push(at))).toThrow(new ChangeError(message));
    expect(JSON.stringify(root)).toBe(before);
    expect(announced).toEqual([]);
  });
});

test('a sequence to create below a missing map: refused before anything is created or announced', () => {
  for (const change of [
    (root: Record<string, unknown>, onMutate: (at: ObjectPath) => void) => setAt(root, ['a', 'b', 0], 'v', onMutate),
    (root: Record<string, unknown>, onMutate: (at: ObjectPath) => void) => insertAt(root, ['a', 'b', 0, 'c'], 0, 'v', onMutate),
  ]) {
    const root: Record<string, unknown> = { x: 1 };
    const announced: ObjectPath[] = [];
    expect(() => change(root, (at) => announced.push(at))).toThrow(new ChangeError('cannot create a sequence at a.b'));
    expect(root).toEqual({ x: 1 });
    expect(announced).toEqual([]);
  }
});
