/**
 * What an item of the resource set keeps of its input value while changes apply: the input value of
 * each subtree a change alters, taken just before its first change (no copy of whole items). From them
 * the input item is rebuilt on request, and the writer learns where the item changed.
 */
import { ChangeError } from './changes';
import { getAt } from './json-path';
import type { InputItem } from './read';
import type { ChangeTree } from './change-tree';
import type { DeepReadonly, JsonValue, KubeObject, ObjectPath } from './types';
import { cloneJson, formatPath, jsonEqual } from './types';

/** An item's current value and what it keeps of its input value. */
export interface Recorded {
  value: KubeObject;
  /** Undefined for an object created in this run. */
  readonly input: InputItem | undefined;
  /**
   * The input values of the subtrees changed in this run, by path, taken just before their first
   * change; no path is a prefix of another. Undefined while the item is untouched.
   */
  snapshots: Snapshot[] | undefined;
  /** The input value rebuilt from the snapshots, on first request. */
  originalValue?: KubeObject;
}

interface Snapshot {
  readonly path: ObjectPath;
  /** The input value at `path`; undefined when there was none. */
  readonly before: JsonValue | undefined;
}

export function originalOf(entry: Recorded): DeepReadonly<KubeObject> | undefined {
  if (!entry.input) return undefined;
  if (entry.snapshots === undefined) return entry.value as DeepReadonly<KubeObject>;
  // The input value never changes: once rebuilt, it stays valid whatever later changes do.
  entry.originalValue ??= restored(cloneJson(entry.value) as unknown as JsonValue, [], entry.snapshots) as unknown as KubeObject;
  return entry.originalValue as DeepReadonly<KubeObject>;
}

/**
 * Records the input value at `path` before a change alters it, unless a recorded path already
 * covers it. Recorded paths below `path` are folded into the new record (their input values put back
 * into the copy), so no recorded path is a prefix of another.
 */
export function takeSnapshot(entry: Recorded, path: ObjectPath): void {
  if (!entry.input) return;
  const snapshots = (entry.snapshots ??= []);
  if (snapshots.some((snapshot) => isPrefix(snapshot.path, path))) return;
  const below = snapshots.filter((snapshot) => isPrefix(path, snapshot.path));
  const current = getAt(entry.value, path) as JsonValue | undefined;
  const before = below.length === 0 ? cloneJson(current) : restored(cloneJson(current) as JsonValue, path, below);
  entry.snapshots = [...snapshots.filter((snapshot) => !below.includes(snapshot)), { path, before }];
}

/** `value` (the current value at `at`, a copy) with the input values of the snapshots below `at` put back. */
function restored(value: JsonValue | undefined, at: ObjectPath, snapshots: readonly Snapshot[]): JsonValue | undefined {
  let out = value;
  for (const snapshot of snapshots) {
    const rest = snapshot.path.slice(at.length);
    if (rest.length === 0) {
      out = snapshot.before;
      continue;
    }
    const parent = getAt(out, rest.slice(0, -1)) as Record<string | number, unknown> | undefined;
    const key = rest[rest.length - 1];
    if (typeof parent !== 'object' || parent === null) throw new ChangeError(`cannot restore ${formatPath(snapshot.path)}`);
    if (snapshot.before === undefined) delete parent[key];
    else parent[key] = snapshot.before;
  }
  return out;
}

function isPrefix(prefix: ObjectPath, path: ObjectPath): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

/** Where an input item changed (only the snapshots whose value differs now); undefined when nothing did. */
export function changeTreeOf(entry: Recorded): ChangeTree | undefined {
  const changed = (entry.snapshots ?? []).filter((snapshot) => !jsonEqual(snapshot.before, getAt(entry.value, snapshot.path)));
  if (changed.length === 0) return undefined;
  const root: MutableTree = {};
  for (const snapshot of changed) {
    let node = root;
    for (const segment of snapshot.path) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) {
        child = {};
        node.children.set(segment, child);
      }
      node = child;
    }
    node.whole = { before: snapshot.before };
  }
  return root;
}

interface MutableTree {
  whole?: { readonly before: JsonValue | undefined };
  children?: Map<string | number, MutableTree>;
}
