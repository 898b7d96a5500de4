/**
 * Plain-data types shared by the krm layer, the features and the tests.
 *
 * Kubernetes object shapes come from the kpt TypeScript SDK where it has them (core/v1 and
 * meta/v1); the SDK's runtime (`run()`, `Configs`) is not used, see README "Why not kpt-functions' run()".
 */
import type { ObjectMeta } from 'kpt-functions/dist/src/gen/io.k8s.apimachinery.pkg.apis.meta.v1';

export type { ObjectMeta };

/** Any value that can appear in a JSON/YAML document after parsing with the core schema. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Deeply read-only view of a value; features only ever see objects through this. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? ReadonlyArray<DeepReadonly<E>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The minimum every KRM item has. Extra fields are kept as plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string };
  [field: string]: unknown;
}

/** A path into an object: map keys are strings, sequence indexes are numbers. */
export type PathSegment = string | number;
export type ObjectPath = readonly PathSegment[];

/** Identity of a resource as kustomize sees it (group/kind/namespace/name). */
export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** A result as the KRM functions specification (v1) defines it. */
export interface Result {
  readonly message: string;
  readonly severity: Severity;
  readonly resourceRef?: ResourceRef;
  readonly field?: { readonly path: string; readonly currentValue?: JsonValue; readonly proposedValue?: JsonValue };
  readonly file?: { readonly path: string; readonly index?: number };
  readonly tags?: Readonly<Record<string, string>>;
}

/** Formats a path the way Kubernetes tools print field paths: `spec.template.spec.containers[0].args`. */
export function formatPath(path: ObjectPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of two JSON values (key order ignored for maps, kept for sequences). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, index) => jsonEqual(value, b[index]));
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a as object);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(bRecord).length) return false;
  return aKeys.every((key) => Object.prototype.hasOwnProperty.call(bRecord, key) && jsonEqual((a as Record<string, unknown>)[key], bRecord[key]));
}

/**
 * Deep copy of a JSON value, as a JSON round trip would make it (undefined and functions dropped from
 * mappings and null in sequences, non-finite numbers null) but without printing and parsing: strings,
 * which cannot change, are shared (a ConfigMap's text is not copied character by character).
 */
export function cloneJson<T>(value: T): T {
  if (value === undefined) return value;
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null; // -0 becomes 0, as in JSON
  if (typeof value !== 'object') return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return copyValue(json.call(value));
  if (Array.isArray(value)) return value.map(copyValue);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value: copyValue(entry), enumerable: true, writable: true, configurable: true });
    else out[key] = copyValue(entry);
  }
  return out;
}
