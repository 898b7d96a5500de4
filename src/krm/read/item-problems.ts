/**
 * What makes a read list not a ResourceList, or an item not a Kubernetes object: the checks both
 * readers make, and the results that say so.
 */
import { codeOf } from '../codes';
import { describeType } from '../describe';
import type { ResultCode } from '../codes';
import { FunctionInputError, errorResult } from '../errors';
import { groupOf, isLocalConfig, refOf } from '../object';
import type { KubeObject, Result } from '../types';
import { isPlainObject } from '../types';
import type { InputItem } from './parsed';

const RESOURCE_LIST_VERSIONS = new Set(['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1', 'config.kubernetes.io/v1alpha1']);

/**
 * Items that are not Kubernetes objects, or two items with one identity. The ResourceList itself was
 * read, so the output can hold the input items as they came in, with the results.
 */
export class InvalidItemsError extends FunctionInputError {
  constructor(
    results: readonly Result[],
    /** The input text, to be echoed. */
    readonly text: string,
  ) {
    super(results);
    this.name = 'InvalidItemsError';
  }
}

/**
 * Two items with the same group, kind, namespace and name would make every "the lms Deployment" of a
 * feature ambiguous: an error naming both. Local-config items and Kustomizations (no name) are not
 * deployed and are left out.
 */
export function duplicateIdProblems(items: readonly InputItem[]): Result[] {
  const seen = new Map<string, number>();
  const problems: Result[] = [];
  for (const item of items) {
    const object = item.header;
    if (isKustomizationKind(object.apiVersion, object.kind) || isLocalConfig(object)) continue;
    const group = groupOf(object.apiVersion);
    const namespace = object.metadata.namespace ?? '';
    const id = JSON.stringify([group, object.kind, namespace, object.metadata.name]);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, item.position);
      continue;
    }
    problems.push(
      errorResult('ITEM_DUPLICATE_ID', `items[${item.position}]: ${object.kind} ${object.metadata.name}${namespace ? ` (namespace ${namespace})` : ''} is also items[${first}]: every resource must appear once`, {
        resourceRef: refOf(object),
        field: { path: `items[${item.position}].metadata.name` },
      }),
    );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Checks shared by both readers

export function checkHeader(header: Record<string, unknown>): string {
  const { apiVersion, kind } = header;
  if (kind !== 'ResourceList') {
    throw new FunctionInputError(
      errorResult('INPUT_NOT_RESOURCE_LIST', `not a ResourceList: kind is ${JSON.stringify(kind ?? null)}, expected "ResourceList" (the KRM functions specification's input)`, {
        field: { path: 'kind', currentValue: kind === undefined ? null : (kind as never), proposedValue: 'ResourceList' },
      }),
    );
  }
  if (typeof apiVersion !== 'string' || !RESOURCE_LIST_VERSIONS.has(apiVersion)) {
    throw new FunctionInputError(
      errorResult('INPUT_API_VERSION', `unsupported ResourceList apiVersion ${JSON.stringify(apiVersion ?? null)}: expected config.kubernetes.io/v1`, {
        field: { path: 'apiVersion', currentValue: apiVersion === undefined ? null : (apiVersion as never), proposedValue: 'config.kubernetes.io/v1' },
      }),
    );
  }
  return apiVersion;
}

/** What is wrong with an item that is not a Kubernetes object, or undefined when it is one. */
export function itemProblem(value: unknown, position: number, lineOfItem: () => number | undefined): Result | undefined {
  const fail = (code: ResultCode, message: string, field: string): Result => {
    // The line is only looked up for the message: counting lines for every item would be quadratic.
    const line = lineOfItem();
    const where = `items[${position}]${line ? ` (line ${line})` : ''}`;
    return errorResult(code, `${where}: ${message}`, { field: { path: `items[${position}]${field}` } });
  };
  if (!isPlainObject(value)) return fail('ITEM_NOT_OBJECT', `expected a Kubernetes object (a mapping), found a ${describeType(value)}`, '');
  const object = value as Record<string, unknown>;
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') return fail('ITEM_MISSING_FIELD', 'apiVersion is missing or not a string', '.apiVersion');
  if (typeof object.kind !== 'string' || object.kind === '') return fail('ITEM_MISSING_FIELD', 'kind is missing or not a string', '.kind');
  if (object.metadata !== undefined && object.metadata !== null && !isPlainObject(object.metadata)) return fail('ITEM_INVALID_METADATA', 'metadata must be a mapping', '.metadata');
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const nameless = isKustomizationKind(object.apiVersion as string, object.kind as string);
  if (!nameless && (typeof metadata.name !== 'string' || metadata.name === '')) {
    return fail('ITEM_MISSING_FIELD', `${object.kind as string} has no metadata.name`, '.metadata.name');
  }
  if (metadata.namespace !== undefined && metadata.namespace !== null && typeof metadata.namespace !== 'string') {
    return fail('ITEM_INVALID_METADATA', `metadata.namespace must be a string, found a ${describeType(metadata.namespace)}`, '.metadata.namespace');
  }
  for (const field of ['annotations', 'labels'] as const) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map)) return fail('ITEM_INVALID_METADATA', `metadata.${field} must be a mapping of strings`, `.metadata.${field}`);
    for (const [key, entry] of Object.entries(map as Record<string, unknown>)) {
      if (typeof entry !== 'string') return fail('ITEM_INVALID_METADATA', `metadata.${field}.${key} must be a string, found a ${describeType(entry)} (quote it)`, `.metadata.${field}.${key}`);
    }
  }
  return undefined;
}

export function isKubeObjectShape(value: unknown): value is KubeObject {
  return itemProblem(value, 0, () => undefined) === undefined;
}

/** Kustomization files carry no metadata.name; kpt passes them through as items. */
export function isKustomizationKind(apiVersion: string, kind: string): boolean {
  return (kind === 'Kustomization' || kind === 'Component') && apiVersion.startsWith('kustomize.config.k8s.io/');
}

export function normaliseFunctionConfig(value: unknown): unknown {
  return value === null ? undefined : value;
}

/** At most this many item problems are reported (a list of 10,000 scalars needs no 10,000 lines). */
const MAX_ITEM_PROBLEMS = 20;

export function limitProblems(problems: Result[]): Result[] {
  if (problems.length <= MAX_ITEM_PROBLEMS) return problems;
  const rest = problems.length - MAX_ITEM_PROBLEMS;
  return [...problems.slice(0, MAX_ITEM_PROBLEMS), errorResult(codeOf(problems[MAX_ITEM_PROBLEMS]) ?? 'ITEM_NOT_OBJECT', `${rest} more item${rest === 1 ? '' : 's'} with problems not listed`)];
}

export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > limit) return true;
    if (typeof node === 'object' && node !== null) {
      for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
