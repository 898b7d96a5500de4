/**
 * Reading and changing plain JSON data at a path (map keys and sequence indexes): the operations the
 * resource set applies changes with. Each one that alters data returns whether anything changed and
 * first calls `onMutate` with the subtree it is about to alter, so the caller can keep its input value.
 */
import { ChangeError } from './changes';
import type { JsonValue, ObjectPath } from './types';
import { cloneJson, formatPath, jsonEqual } from './types';

/** Called with the path of the subtree a change is about to alter, before it alters it. */
export type OnMutate = (at: ObjectPath) => void;

/** The shortest prefix of `path` (shorter than it) holding nothing or null: where a change would create maps. */
function firstMissing(root: unknown, path: ObjectPath): ObjectPath | undefined {
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[path[i]] : undefined;
    if (node === undefined || node === null) return path.slice(0, i + 1);
  }
  return undefined;
}

/** The parent of `path`'s last segment, creating missing maps on the way (checkWalkable has checked that it can). */
function parentOf(root: Record<string, unknown>, path: ObjectPath): Record<string, unknown> | unknown[] {
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    let child = node[path[i]];
    if (child === undefined || child === null) {
      child = {};
      node[path[i]] = child;
    }
    node = child as Record<string | number, unknown>;
  }
  return node;
}

/** Checks that `path` can be walked (and created) without changing anything, so errors come before any change. */
function checkWalkable(root: Record<string, unknown>, path: ObjectPath): void {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const child = (node as Record<string | number, unknown>)[path[i]];
    if (child === undefined || child === null) {
      // In a sequence the segment is an index (the check one level up saw to it).
      if (Array.isArray(node) && (path[i] as number) >= node.length) throw new ChangeError(`index ${String(path[i])} out of range at ${formatPath(path.slice(0, i))}`);
      // From here on every container is a map to create: none can be a sequence.
      const index = path.findIndex((segment, at) => at > i && typeof segment === 'number');
      if (index >= 0) throw new ChangeError(`cannot create a sequence at ${formatPath(path.slice(0, index))}`);
      return;
    }
    if (typeof child !== 'object') throw new ChangeError(`${formatPath(path.slice(0, i + 1))} is a ${typeof child}, not a collection`);
    if (Array.isArray(child) !== (typeof path[i + 1] === 'number')) {
      throw new ChangeError(`${formatPath(path.slice(0, i + 1))} is not a ${typeof path[i + 1] === 'number' ? 'sequence' : 'mapping'}`);
    }
    node = child;
  }
}

export function setAt(root: Record<string, unknown>, path: ObjectPath, value: JsonValue, onMutate: OnMutate): boolean {
  if (path.length === 0) throw new ChangeError('cannot replace a whole item with set');
  if (jsonEqual(getAt(root, path), value)) return false;
  checkWalkable(root, path);
  checkLastIndex(root, path);
  const key = path[path.length - 1];
  onMutate(firstMissing(root, path) ?? path);
  const parent = parentOf(root, path) as Record<string | number, unknown>;
  parent[key] = cloneJson(value);
  return true;
}

/** Refuses a path whose last segment is not an element of the sequence it ends in (a hole would be left before it). */
function checkLastIndex(root: Record<string, unknown>, path: ObjectPath): void {
  const existingParent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(existingParent) && (typeof key !== 'number' || key >= existingParent.length)) throw new ChangeError(`index ${String(key)} out of range at ${formatPath(path)}`);
}

/** The value at `path`, or undefined when any step is missing. */
export function getAt(root: unknown, path: ObjectPath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

export function removeAt(root: Record<string, unknown>, path: ObjectPath, onMutate: OnMutate): boolean {
  const parentPath = path.slice(0, -1);
  const parent = getAt(root, parentPath) as Record<string | number, unknown> | undefined;
  if (typeof parent !== 'object' || parent === null) return false;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) {
    if (typeof key !== 'number' || key >= parent.length) return false;
    // Removing an element moves the ones after it: the sequence changes as a whole.
    onMutate(parentPath);
    parent.splice(key, 1);
    return true;
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) return false;
  onMutate(path);
  delete parent[key];
  return true;
}

export function insertAt(root: Record<string, unknown>, path: ObjectPath, index: number | 'end', value: JsonValue, onMutate: OnMutate): boolean {
  checkWalkable(root, path);
  const existing = getAt(root, path);
  if (existing !== undefined && existing !== null && !Array.isArray(existing)) throw new ChangeError(`${formatPath(path)} is not a sequence`);
  checkLastIndex(root, path);
  onMutate(firstMissing(root, path) ?? path);
  const parent = parentOf(root, path) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  let list = parent[key];
  if (list === undefined || list === null) {
    list = [];
    parent[key] = list;
  }
  const items = list as unknown[];
  const at = index === 'end' ? items.length : Math.min(index, items.length);
  items.splice(at, 0, cloneJson(value));
  return true;
}
