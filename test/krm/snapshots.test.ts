/** src/krm/snapshots.ts: an item's input value rebuilt from the subtrees kept before each first change, and where it changed. */
import { ChangeError } from '../../src/krm/changes';
import type { ChangeTree } from '../../src/krm/change-tree';
import { inputItemOf } from '../../src/krm/read/parsed';
import { changeTreeOf, originalOf, takeSnapshot } from '../../src/krm/snapshots';
import type { Recorded } from '../../src/krm/snapshots';
import type { KubeObject, ObjectPath } from '../../src/krm/types';

const INPUT = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { x: '1' } }, data: { k: 'v', list: ['a', 'b'] } } as unknown as KubeObject;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function entryOf(value: KubeObject = copy(INPUT)): Recorded {
  return { value, input: inputItemOf(copy(value), 0), snapshots: undefined };
}

/** Takes the snapshot at `path`, then sets the value there (deleting it when `value` is undefined). */
function change(entry: Recorded, path: ObjectPath, value: unknown): void {
  takeSnapshot(entry, path);
  let node = entry.value as unknown as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = (node[segment] ??= {}) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  if (value === undefined) delete node[key];
  else node[key] = value;
}

/** A change tree as plain data: the paths changed, each with its input value. */
function flatten(tree: ChangeTree | undefined, at: (string | number)[] = [], out: [string, unknown][] = []): [string, unknown][] {
  if (!tree) return out;
  if (tree.whole) out.push([at.join('.'), tree.whole.before]);
  for (const [segment, child] of tree.children ?? []) flatten(child, [...at, segment], out);
  return out;
}

test('an untouched item: its value is its input value, and it changed nowhere', () => {
  const entry = entryOf();
  expect(originalOf(entry)).toBe(entry.value);
  expect(changeTreeOf(entry)).toBeUndefined();
  takeSnapshot(entry, ['data', 'k']);
  expect(changeTreeOf(entry)).toBeUndefined();
});

test('an object created in this run keeps nothing and has no input value', () => {
  const entry: Recorded = { value: copy(INPUT), input: undefined, snapshots: undefined };
  takeSnapshot(entry, ['data']);
  expect(entry.snapshots).toBeUndefined();
  expect(originalOf(entry)).toBeUndefined();
});

test('a changed key: the input rebuilt, the change tree at that key with its input value', () => {
  const entry = entryOf();
  change(entry, ['data', 'k'], 'w');
  expect(originalOf(entry)).toEqual(INPUT);
  expect(entry.value.data).toEqual({ k: 'w', list: ['a', 'b'] });
  expect(flatten(changeTreeOf(entry))).toEqual([['data.k', 'v']]);
});

test('a key added where there was none, and one removed: both restored', () => {
  const entry = entryOf();
  // a change that creates maps is announced where the first one is missing (json-path.ts)
  change(entry, ['metadata', 'annotations'], { n: 'new' });
  change(entry, ['metadata', 'labels', 'x'], undefined);
  expect(originalOf(entry)).toEqual(INPUT);
  // not there at all, as in the input (toEqual would take a key holding undefined for none)
  expect(Object.keys(originalOf(entry)?.metadata ?? {})).toEqual(['name', 'labels']);
  expect(flatten(changeTreeOf(entry))).toEqual([
    ['metadata.annotations', undefined],
    ['metadata.labels.x', '1'],
  ]);
});

test('a path below one already kept: nothing more kept, the first input value stays', () => {
  const entry = entryOf();
  change(entry, ['data'], { k: 'w', list: ['c'] });
  change(entry, ['data', 'k'], 'z');
  expect(entry.snapshots?.map((snapshot) => snapshot.path)).toEqual([['data']]);
  expect(originalOf(entry)).toEqual(INPUT);
  expect(flatten(changeTreeOf(entry))).toEqual([['data', INPUT.data]]);
});

test('a path above ones kept: they are folded into it, with their input values put back', () => {
  const entry = entryOf();
  change(entry, ['data', 'k'], 'w');
  change(entry, ['data', 'list', 1], 'B');
  change(entry, ['metadata', 'name'], 'renamed');
  change(entry, ['data'], { other: true });
  expect(entry.snapshots?.map((snapshot) => snapshot.path)).toEqual([['metadata', 'name'], ['data']]);
  expect(originalOf(entry)).toEqual(INPUT);
  expect(flatten(changeTreeOf(entry))).toEqual([
    ['metadata.name', 'a'],
    ['data', INPUT.data],
  ]);
});

test('a path that shares a prefix with a kept one but is no prefix of it: kept beside it', () => {
  const entry = entryOf();
  change(entry, ['data', 'k'], 'w');
  change(entry, ['data', 'list'], []);
  expect(entry.snapshots?.map((snapshot) => snapshot.path)).toEqual([['data', 'k'], ['data', 'list']]);
  expect(originalOf(entry)).toEqual(INPUT);
});

test('a longer path is no prefix of a shorter one', () => {
  const entry = entryOf();
  change(entry, ['data', 'list', 0], {});
  change(entry, ['data', 'list', 0, 'deeper'], 'y');
  expect(entry.snapshots?.map((snapshot) => snapshot.path)).toEqual([['data', 'list', 0]]);
});

test('a change undone: the item changed nowhere', () => {
  const entry = entryOf();
  change(entry, ['data', 'k'], 'w');
  change(entry, ['data', 'list'], ['x']);
  change(entry, ['data', 'k'], 'v');
  expect(flatten(changeTreeOf(entry))).toEqual([['data.list', ['a', 'b']]]);
  change(entry, ['data', 'list'], ['a', 'b']);
  expect(changeTreeOf(entry)).toBeUndefined();
});

test('the input value, once rebuilt, stays as it was whatever changes come later', () => {
  const entry = entryOf();
  change(entry, ['data', 'k'], 'w');
  const original = originalOf(entry);
  change(entry, ['metadata', 'name'], 'b');
  (entry.value.data as Record<string, unknown>).k = 'again';
  expect(originalOf(entry)).toBe(original);
  expect(original).toEqual(INPUT);
});

test('the snapshots are copies: later changes inside a kept subtree do not reach them', () => {
  const entry = entryOf();
  takeSnapshot(entry, ['data']);
  (entry.value.data as { list: string[] }).list.push('c');
  expect(originalOf(entry)).toEqual(INPUT);
});

test('a kept path whose parent is no longer a collection (the value changed without a snapshot): a ChangeError naming the path', () => {
  const entry = entryOf();
  change(entry, ['data', 'k'], 'w');
  (entry.value as unknown as Record<string, unknown>).data = 'text';
  expect(() => takeSnapshot(entry, ['data'])).toThrow(new ChangeError('cannot restore data.k'));
  (entry.value as unknown as Record<string, unknown>).data = null;
  expect(() => takeSnapshot(entry, ['data'])).toThrow(new ChangeError('cannot restore data.k'));
});
