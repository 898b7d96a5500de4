/**
 * Several Tutor deployments in one ResourceList (an operator building many Open edX instances from
 * one repository, an ApplicationSet rendering them together): each is treated on its own, with its
 * own Tutor context, and the features run over its resources only.
 *
 * An instance is the value of the `app.kubernetes.io/instance` label Tutor puts on every resource.
 * With one instance (or none) everything in the list is that one deployment, as it always was. With
 * several:
 * - an item with the label belongs to its instance;
 * - an item without it belongs to the instance whose namespace it is in (a Namespace object, to the
 *   instance deployed into it);
 * - any other item without it (cluster-scoped, or in a namespace of no instance) is left as it is;
 *   read-only ones (local-config, a TutorInitTasks, a Kustomization) are visible to every instance;
 * - two instances in one namespace is an error: their generated objects would collide.
 */
import { COMMON_LABEL_KEYS, mostCommon } from './context';
import { isPassThroughObject } from '../krm/resource-set';
import { errorResult } from '../krm/errors';
import type { InputItem } from '../krm/read';
import type { KubeObject, Result } from '../krm/types';

export const INSTANCE_LABEL = COMMON_LABEL_KEYS[0];

/** The items of one Tutor instance. */
export interface InstanceScope {
  /** The instance label; undefined when the list has none. */
  readonly instance: string | undefined;
  readonly namespace: string | undefined;
  /** Its items, in input order. */
  readonly items: readonly InputItem[];
}

export interface InstancePartition {
  readonly scopes: readonly InstanceScope[];
  /** Read-only items of no instance, seen by every instance. */
  readonly shared: readonly InputItem[];
  /** Items of no instance, left as they are. */
  readonly outside: readonly InputItem[];
  readonly results: readonly Result[];
}

// A Kustomization item has no metadata at all.
const instanceOf = (header: KubeObject): string | undefined => {
  const value = header.metadata?.labels?.[INSTANCE_LABEL];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The namespace an item is deployed into: its own, or the one a Namespace object names. */
const namespaceOf = (header: KubeObject): string | undefined =>
  header.kind === 'Namespace' && header.apiVersion === 'v1' ? header.metadata?.name : (header.metadata?.namespace ?? undefined);

/**
 * Sorts the items into Tutor instances by their headers alone (no item is read whole here).
 * Guarantees: every item is in exactly one scope, in `shared` or in `outside`; scopes come in the
 * order their instances first appear; with fewer than two instances there is one scope holding
 * every item.
 */
export function partitionByInstance(items: readonly InputItem[]): InstancePartition {
  const instances: string[] = [];
  const byInstance = new Map<string, InputItem[]>();
  for (const item of items) {
    const instance = instanceOf(item.header);
    if (instance === undefined) continue;
    let list = byInstance.get(instance);
    if (!list) {
      list = [];
      byInstance.set(instance, list);
      instances.push(instance);
    }
    list.push(item);
  }
  if (instances.length <= 1) {
    return { scopes: [{ instance: instances[0], namespace: undefined, items }], shared: [], outside: [], results: [] };
  }

  const namespaces = new Map<string, string | undefined>();
  const byNamespace = new Map<string, string>();
  const results: Result[] = [];
  for (const instance of instances) {
    const namespace = mostCommon((byInstance.get(instance) ?? []).filter((item) => item.header.kind !== 'Namespace').map((item) => item.header.metadata?.namespace ?? undefined));
    namespaces.set(instance, namespace);
    const other = byNamespace.get(namespace ?? '');
    if (other !== undefined) {
      results.push(
        errorResult(
          'INSTANCE_NAMESPACE',
          `Tutor instances ${other} and ${instance} (app.kubernetes.io/instance) are both in ${namespace ? `namespace ${namespace}` : 'no namespace'}: drydock-fn treats each instance on its own and needs one namespace per instance (their generated objects would have the same names)`,
        ),
      );
    } else byNamespace.set(namespace ?? '', instance);
  }
  if (results.length > 0) return { scopes: [], shared: [], outside: items, results };

  const shared: InputItem[] = [];
  const outside: InputItem[] = [];
  for (const item of items) {
    if (instanceOf(item.header) !== undefined) continue;
    const namespace = namespaceOf(item.header);
    const owner = namespace === undefined ? undefined : byNamespace.get(namespace);
    if (owner !== undefined) (byInstance.get(owner) as InputItem[]).push(item);
    else if (isPassThroughObject(item.header)) shared.push(item);
    else outside.push(item);
  }
  if (outside.length > 0) {
    const named = outside.slice(0, 5).map((item) => `${item.header.kind} ${item.header.metadata?.name ?? '(unnamed)'}`);
    results.push({
      severity: 'info',
      tags: { code: 'INSTANCE_NONE' },
      message: `${outside.length} item(s) belong to none of the ${instances.length} Tutor instances (no app.kubernetes.io/instance label, not in an instance's namespace) and are left as they are: ${named.join(', ')}${outside.length > named.length ? ', …' : ''}`,
    });
  }
  const scopes = instances.map((instance) => ({
    instance,
    namespace: namespaces.get(instance),
    items: (byInstance.get(instance) as InputItem[]).sort((a, b) => a.position - b.position),
  }));
  return { scopes, shared, outside, results };
}
