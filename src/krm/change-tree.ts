/**
 * Where an item changed, as the splicer and the writers read it: a tree of paths, and its expansion
 * into the entries of a collection that changed as a whole.
 */
import type { JsonValue } from './types';
import { isPlainObject, jsonEqual } from './types';

/**
 * Where an item changed: a tree of paths (map keys, sequence indexes). A node with `whole` changed as a
 * whole from `whole.before` (undefined: it did not exist); a node with `children` changed below.
 */
export interface ChangeTree {
  readonly whole?: { readonly before: JsonValue | undefined };
  readonly children?: ReadonlyMap<string | number, ChangeTree>;
}

/**
 * A change tree in which a collection that changed as a whole, and is still the same kind of
 * collection, is broken down into its entries that differ; an entry equal to its input is no change.
 */
export function expand(tree: ChangeTree, value: JsonValue): ChangeTree {
  const whole = tree.whole;
  if (whole === undefined) return tree;
  const before = whole.before;
  if (jsonEqual(before, value)) return {};
  if (isPlainObject(before) && isPlainObject(value)) {
    const children = new Map<string | number, ChangeTree>();
    const after = value as Record<string, JsonValue>;
    const old = before as Record<string, JsonValue>;
    for (const key of Object.keys(old)) if (!jsonEqual(old[key], after[key])) children.set(key, { whole: { before: old[key] } });
    for (const key of Object.keys(after)) if (!Object.prototype.hasOwnProperty.call(old, key)) children.set(key, { whole: { before: undefined } });
    return { children };
  }
  if (Array.isArray(before) && Array.isArray(value) && before.length === value.length) {
    const children = new Map<string | number, ChangeTree>();
    before.forEach((entry, index) => {
      if (!jsonEqual(entry, value[index])) children.set(index, { whole: { before: entry } });
    });
    return { children };
  }
  return tree;
}
