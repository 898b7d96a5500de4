/**
 * Field-by-field differences between two Kubernetes objects, for the migration check. Lists of
 * objects are matched by a key their items share (`name`, `host`, `path` …) so that a difference
 * names the item (`containers[name=lms]`) instead of an index that shifts.
 */
import { isPlainObject } from '../krm/types';

/** One field that differs: `path` as `spec.template.spec.containers[name=lms].image`. */
export interface FieldDifference {
  readonly path: string;
  /** Absent when only the other side has the field. */
  readonly drydock?: unknown;
  readonly drydockFn?: unknown;
}

/** Keys that identify the items of a list, tried in this order. */
const LIST_KEYS = ['name', 'host', 'path', 'mountPath', 'containerPort', 'key', 'ip'];

/** Deep equality of plain JSON-like values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => deepEqual(value, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** The key every item of both lists has, with distinct values on each side; undefined when none fits. */
function listKey(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  for (const key of LIST_KEYS) {
    const fits = (list: readonly unknown[]): boolean => {
      const seen = new Set<string>();
      for (const item of list) {
        if (!isPlainObject(item)) return false;
        const value = item[key];
        if (typeof value !== 'string' && typeof value !== 'number') return false;
        if (seen.has(String(value))) return false;
        seen.add(String(value));
      }
      return true;
    };
    if (a.length + b.length > 0 && fits(a) && fits(b)) return key;
  }
  return undefined;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** Every differing field of `drydock` and `drydockFn`, in document order. */
export function diffValues(drydock: unknown, drydockFn: unknown, path = ''): FieldDifference[] {
  if (deepEqual(drydock, drydockFn)) return [];
  if (isPlainObject(drydock) && isPlainObject(drydockFn)) {
    const out: FieldDifference[] = [];
    const keys = [...Object.keys(drydock), ...Object.keys(drydockFn).filter((key) => !Object.prototype.hasOwnProperty.call(drydock, key))];
    for (const key of keys) {
      const inDrydock = Object.prototype.hasOwnProperty.call(drydock, key);
      const inOurs = Object.prototype.hasOwnProperty.call(drydockFn, key);
      const childPath = join(path, key);
      if (inDrydock && inOurs) out.push(...diffValues(drydock[key], drydockFn[key], childPath));
      else if (inDrydock) out.push({ path: childPath, drydock: drydock[key] });
      else out.push({ path: childPath, drydockFn: drydockFn[key] });
    }
    return out;
  }
  if (Array.isArray(drydock) && Array.isArray(drydockFn)) {
    const key = listKey(drydock, drydockFn);
    if (key === undefined) {
      if (drydock.length !== drydockFn.length || !drydock.every((item) => isPlainObject(item))) return [{ path, drydock, drydockFn }];
      return drydock.flatMap((item, index) => diffValues(item, drydockFn[index], `${path}[${index}]`));
    }
    const out: FieldDifference[] = [];
    const ours = new Map(drydockFn.map((item) => [String((item as Record<string, unknown>)[key]), item]));
    const theirs = new Map(drydock.map((item) => [String((item as Record<string, unknown>)[key]), item]));
    for (const [id, item] of theirs) {
      const itemPath = `${path}[${key}=${id}]`;
      if (ours.has(id)) out.push(...diffValues(item, ours.get(id), itemPath));
      else out.push({ path: itemPath, drydock: item });
    }
    for (const [id, item] of ours) if (!theirs.has(id)) out.push({ path: `${path}[${key}=${id}]`, drydockFn: item });
    const order = (list: readonly unknown[]): string[] => list.map((item) => String((item as Record<string, unknown>)[key])).filter((id) => theirs.has(id) && ours.has(id));
    if (out.length === 0 && !deepEqual(order(drydock), order(drydockFn))) out.push({ path: `${path} (order)`, drydock: order(drydock), drydockFn: order(drydockFn) });
    return out;
  }
  return [{ path, drydock, drydockFn }];
}
