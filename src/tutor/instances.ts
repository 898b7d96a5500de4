/**
 * Which items of a ResourceList are the Tutor instance drydock-fn works on: the one home of that rule.
 * Every feature sees the instance's items only, so every lookup by kind and name (Deployments,
 * ConfigMaps, Services, the Caddy config, PDB targets, job templates, images, data stores) and every
 * pass over all workloads (pull secrets, sync waves, ConfigMap references, checks) stays inside it.
 *
 * Several Tutor deployments may share one list (an operator building many Open edX instances from one
 * repository, an ApplicationSet rendering them together): an instance is the value of the
 * `app.kubernetes.io/instance` label Tutor puts on every resource, and each is treated on its own,
 * with its own Tutor context. With several:
 * - an item with the label belongs to its instance;
 * - an item without it belongs to the instance whose namespace it is in (a Namespace object, to the
 *   instance deployed into it);
 * - any other item without it (cluster-scoped, or in a namespace of no instance) is left as it is;
 *   read-only ones (local-config, a TutorInitTasks, a Kustomization) are visible to every instance;
 * - two instances in one namespace is an error: their generated objects would collide;
 * - an object drydock-fn generated never makes an instance: one labelled for a Tutor instance no
 *   Tutor object of the list belongs to (removed from a kpt package, or relabelled) is removed.
 *
 * Within an instance (also when the list holds one instance, or none), an item is the instance's when
 * it is in the instance's namespace or in none, and carries no label of another instance, tool or
 * application ({@link outsideInstance}). The other items are left exactly as they are. When an item of
 * the instance has the kind and name of one outside it and nothing tells which is Tutor's, the run
 * stops with an error naming both namespaces ({@link ambiguities}).
 */
import type { SettingResult } from '../config/decode';
import { isPassThroughObject } from '../krm/resource-set';
import { groupOf, isGenerated, refOf } from '../krm/object';
import { errorResult } from '../krm/errors';
import { isKustomizationKind } from '../krm/read';
import type { InputItem } from '../krm/read';
import type { DeepReadonly, KubeObject, Result } from '../krm/types';
import { isPlainObject } from '../krm/types';

/** Labels Tutor's kustomization puts on every resource, which generated objects carry too. */
export const COMMON_LABEL_KEYS = ['app.kubernetes.io/instance', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by'] as const;
export const INSTANCE_LABEL = COMMON_LABEL_KEYS[0];
const MANAGED_BY_LABEL = COMMON_LABEL_KEYS[2];

/** An object as far as instance membership goes: its kind and metadata (an item's header suffices). */
type Header = DeepReadonly<KubeObject> | KubeObject;

/** The items of one Tutor instance. */
export interface InstanceScope {
  /** The instance label; undefined when the list has none. */
  readonly instance: string | undefined;
  readonly namespace: string | undefined;
  /** Its items, in input order. */
  readonly items: readonly InputItem[];
  /**
   * Objects drydock-fn generated for the instance (its marker, the instance's labels) in a namespace
   * the instance has left, e.g. kept by kpt from a render before the namespace changed: they are
   * removed, as objects no feature produces any more are (and they hold the files the new ones take).
   */
  readonly stale: readonly InputItem[];
}

export interface InstancePartition {
  readonly scopes: readonly InstanceScope[];
  /** Read-only items of no instance, seen by every instance. */
  readonly shared: readonly InputItem[];
  /** Items of no instance, left as they are. */
  readonly outside: readonly InputItem[];
  readonly results: readonly Result[];
}

export interface PartitionOptions {
  /** `tutor.namespace` of the config: the instance's namespace when the list holds one instance. */
  readonly namespace?: string | null;
  /** Results about a setting, with its path as the user wrote it. */
  readonly settingResult?: SettingResult;
}

/**
 * The value found most often, empty and undefined values apart; on a tie, the one that appears first.
 * Undefined when there is none.
 */
export function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== undefined && value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [value, n] of counts) {
    if (n > bestCount) {
      best = value;
      bestCount = n;
    }
  }
  return best;
}

/** True for an object Tutor labelled as its own (`app.kubernetes.io/managed-by: tutor`). */
export function hasTutorLabels(object: Header): boolean {
  return object.metadata?.labels?.[MANAGED_BY_LABEL] === 'tutor';
}

/** True for an object an earlier run of drydock-fn generated. */
/** True for the items that describe the Tutor deployment: not read-only, not generated by drydock-fn. */
export function isTutorCandidate(object: Header): boolean {
  return !isPassThroughObject(object as KubeObject) && !isGenerated(object);
}

/** Where the instance's namespace was read, from the most to the least certain. */
export type NamespaceSource = 'config' | 'tutor-labels' | 'kustomization' | 'majority';

export interface InstanceNamespace {
  readonly name: string | undefined;
  readonly source: NamespaceSource;
}

/**
 * The namespace of a Tutor instance: `tutor.namespace` of the config; else the namespace most of
 * Tutor's labelled objects are in; else the Kustomization's `namespace` (Tutor's env read as it is,
 * where objects have none yet); else the namespace most objects are in, or the Namespace object's name
 * (plain manifests without Tutor's labels). `candidates` are the Tutor candidates
 * ({@link isTutorCandidate}).
 */
export function instanceNamespace(candidates: readonly Header[], kustomizationNamespace: string | undefined, override: string | null | undefined): InstanceNamespace {
  if (override) return { name: override, source: 'config' };
  const labelled = candidates.filter(hasTutorLabels);
  const fromLabels = mostCommon(labelled.map((object) => object.metadata?.namespace ?? undefined));
  if (fromLabels) return { name: fromLabels, source: 'tutor-labels' };
  if (kustomizationNamespace) return { name: kustomizationNamespace, source: 'kustomization' };
  const fromObjects = mostCommon(candidates.map((object) => object.metadata?.namespace ?? undefined));
  const namespaceObject = (labelled.length > 0 ? labelled : candidates).find((object) => object.kind === 'Namespace' && object.apiVersion === 'v1');
  return { name: fromObjects ?? namespaceObject?.metadata?.name, source: 'majority' };
}

/**
 * Tutor's labels ({@link COMMON_LABEL_KEYS}): as most of Tutor's labelled objects carry them; else as
 * the Kustomization gives them (Tutor's env read as it is, whose objects get them only from kustomize);
 * empty when neither says (other objects' labels then tell nothing). The one rule for the labels that
 * tell the instance's objects from others and the labels generated objects carry.
 */
export function instanceLabels(candidates: readonly Header[], fromKustomization: Readonly<Record<string, string>> = {}): Readonly<Record<string, string>> {
  const labelled = candidates.filter(hasTutorLabels);
  const labels: Record<string, string> = {};
  for (const key of COMMON_LABEL_KEYS) {
    const value = mostCommon(labelled.map((object) => object.metadata?.labels?.[key])) ?? fromKustomization[key];
    if (value !== undefined) labels[key] = value;
  }
  return labels;
}

/** The labels a Kustomization (its value) puts on every object: `labels[].pairs` and `commonLabels`, string values only. */
export function kustomizationLabels(kustomization: unknown): Record<string, string> {
  const labels: Record<string, unknown> = {};
  if (!isPlainObject(kustomization)) return {};
  for (const entry of Array.isArray(kustomization.labels) ? kustomization.labels : []) if (isPlainObject(entry) && isPlainObject(entry.pairs)) Object.assign(labels, entry.pairs);
  if (isPlainObject(kustomization.commonLabels)) Object.assign(labels, kustomization.commonLabels);
  return Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** What makes an instance: its namespace and Tutor's labels. */
export interface InstanceIdentity {
  readonly namespace: InstanceNamespace;
  readonly labels: Readonly<Record<string, string>>;
}

/** The namespace an item is deployed into: its own, or the one a Namespace object names. */
const namespaceOf = (header: Header): string | undefined =>
  header.kind === 'Namespace' && header.apiVersion === 'v1' ? header.metadata?.name : (header.metadata?.namespace ?? undefined) || undefined;

/**
 * Why an item is not the instance's, or undefined when it is: it is in another namespace than the
 * instance's (an item in no namespace is the instance's), or it carries one of Tutor's common labels
 * with another value than Tutor's objects (another instance, another tool's `managed-by`, another
 * application's `part-of`).
 */
export function outsideInstance(header: Header, identity: InstanceIdentity): 'namespace' | 'labels' | undefined {
  for (const [key, value] of Object.entries(identity.labels)) {
    const own = header.metadata?.labels?.[key];
    if (own !== undefined && own !== value) return 'labels';
  }
  const namespace = namespaceOf(header);
  if (namespace !== undefined && identity.namespace.name !== undefined && namespace !== identity.namespace.name) return 'namespace';
  return undefined;
}

/**
 * Tutor's Kustomization among Kustomizations (as plain data): the first whose labels say
 * `managed-by: tutor`, as Tutor's env/kustomization.yml does; else the first. A package may hold
 * another team's Kustomization too, whose labels and namespace are not Tutor's.
 */
export function tutorKustomization(kustomizations: readonly unknown[]): unknown {
  return kustomizations.find((kustomization) => kustomizationLabels(kustomization)[MANAGED_BY_LABEL] === 'tutor') ?? kustomizations[0];
}

/** Tutor's Kustomization among the items (Tutor's env read as it is), as plain data, if any. */
function kustomizationOf(items: readonly InputItem[]): unknown {
  return tutorKustomization(items.filter((item) => isKustomizationKind(item.header.apiVersion, item.header.kind)).map((item) => item.value));
}

/** The Kustomization's `namespace` among the items, if any. */
function kustomizationNamespace(items: readonly InputItem[]): string | undefined {
  const namespace = (kustomizationOf(items) as { namespace?: unknown } | undefined)?.namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/** The identity of the instance whose candidate items these are. */
function identityOf(items: readonly InputItem[], override: string | null | undefined): InstanceIdentity {
  const candidates = items.map((item) => item.header).filter(isTutorCandidate);
  return { namespace: instanceNamespace(candidates, kustomizationNamespace(items), override), labels: instanceLabels(candidates, kustomizationLabels(kustomizationOf(items))) };
}

/**
 * True for an object drydock-fn generated for this instance, found outside it only by its namespace:
 * its marker, and exactly the instance's labels, which generated objects carry (none when the
 * instance has none).
 */
function isStaleGenerated(header: Header, identity: InstanceIdentity): boolean {
  return isGenerated(header) && outsideInstance(header, identity) === 'namespace' && COMMON_LABEL_KEYS.every((key) => header.metadata?.labels?.[key] === identity.labels[key]);
}

/** Kind, API group and name: what two objects of one name in different namespaces share. */
const nameKey = (header: Header): string => `${header.kind}|${groupOf(header.apiVersion)}|${header.metadata?.name ?? ''}`;

const where = (namespace: string | undefined): string => (namespace === undefined ? 'no namespace' : `namespace ${namespace}`);

/** `Deployment lms in namespace legacy`: an object named with its namespace, for messages. */
export function describeWithNamespace(header: Header): string {
  const namespace = header.metadata?.namespace;
  return `${header.kind} ${header.metadata?.name ?? '(unnamed)'}${namespace ? ` in namespace ${namespace}` : ''}`;
}

/**
 * Errors for items of the instance that have the kind and name of another item that nothing tells
 * apart from it: two of the instance (one in its namespace, one in none), or one outside it that is
 * not clearly foreign. An item outside is clearly foreign when it carries another instance's or tool's
 * labels, or when the instance's namespace is certain (set in the config or by the Kustomization), or
 * when it lacks Tutor's labels while Tutor's labelled objects gave the namespace.
 */
function ambiguities(items: readonly InputItem[], identity: InstanceIdentity): Result[] {
  const byName = new Map<string, InputItem[]>();
  for (const item of items) {
    // A Kustomization has no name; another tool's or instance's object is never the instance's, nor
    // one generated for it in a namespace it has left.
    if (!item.header.metadata?.name || outsideInstance(item.header, identity) === 'labels' || isStaleGenerated(item.header, identity)) continue;
    const key = nameKey(item.header);
    const list = byName.get(key);
    if (list) list.push(item);
    else byName.set(key, [item]);
  }
  const certain = identity.namespace.source === 'config' || identity.namespace.source === 'kustomization';
  const clearlyForeign = (item: InputItem): boolean => certain || (identity.namespace.source === 'tutor-labels' && !hasTutorLabels(item.header));
  const results: Result[] = [];
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    // The one in the instance's namespace first: the result is about it.
    const inside = group.filter((item) => outsideInstance(item.header, identity) === undefined).sort((a, b) => Number(namespaceOf(a.header) === undefined) - Number(namespaceOf(b.header) === undefined));
    if (inside.length === 0) continue;
    const rivals = inside.length > 1 ? inside.slice(1) : group.filter((item) => !inside.includes(item) && !clearlyForeign(item));
    if (rivals.length === 0) continue;
    const chosen = inside[0].header;
    const namespaces = [chosen, ...rivals.map((item) => item.header)].map((header) => where(namespaceOf(header)));
    results.push(
      errorResult(
        'INSTANCE_AMBIGUOUS',
        `${describeWithNamespace(chosen)}: ${chosen.kind} ${chosen.metadata?.name} is in ${namespaces.join(' and in ')}, and nothing tells which one is the Tutor instance's` +
          ` (the instance's namespace is ${where(identity.namespace.name)}, read from ${SOURCE_WORDS[identity.namespace.source]}): set tutor.namespace (K8S_NAMESPACE), give Tutor's objects their labels (app.kubernetes.io/managed-by: tutor), or leave the other object out of the list`,
        { resourceRef: refOf(chosen) },
      ),
    );
  }
  return results;
}

const SOURCE_WORDS: Readonly<Record<NamespaceSource, string>> = {
  config: 'tutor.namespace (K8S_NAMESPACE)',
  'tutor-labels': "Tutor's labelled objects",
  kustomization: 'the Kustomization',
  majority: 'where most objects are, as no object carries Tutor\'s labels',
};

/**
 * An error when `tutor.namespace` names a namespace none of the Tutor candidates is in while they are
 * in others: every object would then be outside the instance and nothing would be done.
 */
function namespaceMismatch(items: readonly InputItem[], override: string, options: PartitionOptions): Result | undefined {
  const candidates = items.map((item) => item.header).filter(isTutorCandidate);
  const labelled = candidates.filter(hasTutorLabels);
  const namespaces = [...new Set((labelled.length > 0 ? labelled : candidates).map((object) => object.metadata?.namespace).filter((namespace): namespace is string => !!namespace))];
  if (namespaces.length === 0 || namespaces.includes(override)) return undefined;
  const message = `the Tutor instance is said to be in namespace ${override}, but its objects are in ${namespaces.length > 1 ? 'namespaces' : 'namespace'} ${namespaces.slice(0, 3).join(', ')}${namespaces.length > 3 ? ', …' : ''}: drydock-fn would find none of them; set it to their namespace, or leave it unset`;
  return namespaceSettingError(message, options);
}

/** An error about `tutor.namespace`, named as the user wrote it. */
function namespaceSettingError(message: string, options: PartitionOptions): Result {
  return options.settingResult ? options.settingResult('error', ['tutor', 'namespace'], message) : errorResult('CONFIG_SETTING', `spec.tutor.namespace: ${message}`, { field: { path: 'spec.tutor.namespace' } });
}

/**
 * Sorts the items into Tutor instances by their headers (only a Kustomization is read whole here).
 * Guarantees: every item is in exactly one scope (its items or its stale ones), in `shared` or in `outside`; scopes come in the
 * order their instances first appear; a scope's items are its instance's ({@link outsideInstance});
 * with fewer than two instances there is at most one scope.
 */
export function partitionByInstance(allItems: readonly InputItem[], options: PartitionOptions = {}): InstancePartition {
  const instanceOf = tutorInstanceOf(allItems);
  const orphans = allItems.filter((item) => isOrphanGenerated(item.header, instanceOf));
  const items = orphans.length === 0 ? allItems : allItems.filter((item) => !orphans.includes(item));
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
  if (instances.length <= 1) return withinInstances([{ instance: instances[0], items }], [], [], options, orphans);

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
  if (results.length > 0) return { scopes: [], shared: [], outside: [...allItems], results };

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
  const scopes = instances.map((instance) => ({ instance, items: (byInstance.get(instance) as InputItem[]).sort((a, b) => a.position - b.position) }));
  return withinInstances(scopes, shared, outside, options, orphans, instances.length);
}

// A Kustomization item has no metadata at all.
function instanceLabelOf(header: KubeObject): string | undefined {
  const value = header.metadata?.labels?.[INSTANCE_LABEL];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The Tutor instance an item's label names, if any. Helm and Argo CD use the instance label too: when
 * some objects carry Tutor's labels, only the instances of those objects are Tutor instances, and an
 * item labelled for another one is treated as an item of no instance.
 */
function tutorInstanceOf(items: readonly InputItem[]): (header: KubeObject) => string | undefined {
  // What drydock-fn generated (kept by kpt from an earlier render) carries an instance's labels but
  // never makes one: the instance it was generated for may be gone, or carry a new label.
  const tutorItems = items.filter((item) => !isGenerated(item.header));
  const labelled = tutorItems.filter((item) => hasTutorLabels(item.header));
  // Tutor's env read as it is: its objects have no labels yet, the Kustomization names the instance.
  const fromKustomization = labelled.length === 0 ? kustomizationLabels(kustomizationOf(items))[INSTANCE_LABEL] : undefined;
  const tutorInstances = new Set(fromKustomization !== undefined ? [fromKustomization] : (labelled.length > 0 ? labelled : tutorItems).map((item) => instanceLabelOf(item.header)));
  return (header) => {
    const instance = instanceLabelOf(header);
    return instance !== undefined && tutorInstances.has(instance) ? instance : undefined;
  };
}

/**
 * True for an object drydock-fn generated for a Tutor instance (its marker, Tutor's labels) that the
 * list no longer holds: the instance was removed from the package, or its label changed (a new
 * Tutor ID). It is removed, as generated objects no feature produces any more are.
 */
function isOrphanGenerated(header: KubeObject, instanceOf: (header: KubeObject) => string | undefined): boolean {
  return isGenerated(header) && hasTutorLabels(header) && instanceLabelOf(header) !== undefined && instanceOf(header) === undefined;
}

/**
 * Keeps in each scope the items that are its instance's, moves the others to `outside`, and reports
 * them (info), the items nothing tells apart (error) and a config namespace no object is in (error).
 */
function withinInstances(
  candidates: readonly { instance: string | undefined; items: readonly InputItem[] }[],
  shared: readonly InputItem[],
  outsideAlready: readonly InputItem[],
  options: PartitionOptions,
  orphans: readonly InputItem[],
  instanceCount = candidates.length,
): InstancePartition {
  const results: Result[] = [];
  const outside: InputItem[] = [...outsideAlready];
  const scopes: InstanceScope[] = [];
  if (instanceCount > 1 && options.namespace) {
    // Each instance needs a namespace of its own: one namespace for all of them cannot be right.
    const message = `names one namespace (${options.namespace}) for the ${instanceCount} Tutor instances of the list, which each need their own: leave it unset, and each instance's namespace is that of its objects`;
    return { scopes: [], shared: [], outside: [...shared, ...outsideAlready, ...candidates.flatMap((candidate) => candidate.items), ...orphans], results: [namespaceSettingError(message, options)] };
  }
  for (const candidate of candidates) {
    const override = options.namespace;
    const mismatch = override ? namespaceMismatch(candidate.items, override, options) : undefined;
    if (mismatch) {
      results.push(mismatch);
      continue;
    }
    const identity = identityOf(candidate.items, override);
    results.push(...ambiguities(candidate.items, identity));
    const own: InputItem[] = [];
    const stale: InputItem[] = [];
    for (const item of candidate.items) (outsideInstance(item.header, identity) === undefined ? own : isStaleGenerated(item.header, identity) ? stale : outside).push(item);
    const pruned = staleInfo(stale, identity.namespace.name);
    if (pruned) results.push(pruned);
    scopes.push({ instance: candidate.instance, namespace: identity.namespace.name, items: own, stale });
  }
  if (results.some((result) => result.severity === 'error')) return { scopes: [], shared: [], outside: [...shared, ...outside, ...scopes.flatMap((scope) => scope.stale), ...orphans].sort((a, b) => a.position - b.position), results };
  if (orphans.length > 0) {
    // The first instance's run removes them (and frees their kpt files): every item is in one place.
    scopes[0] = { ...scopes[0], stale: [...scopes[0].stale, ...orphans] };
    results.push(orphanInfo(orphans));
  }
  outside.sort((a, b) => a.position - b.position);
  const info = instanceCount > 1 ? outsideInfo(outside, instanceCount) : namesakesInfo(outside, scopes[0]);
  if (info) results.push(info);
  return { scopes, shared, outside, results };
}

/** The instance's generated objects in a namespace it has left, which the run removes (info). */
function staleInfo(stale: readonly InputItem[], namespace: string | undefined): Result | undefined {
  if (stale.length === 0) return undefined;
  const left = [...new Set(stale.map((item) => where(namespaceOf(item.header))))];
  return {
    severity: 'info',
    tags: { code: 'GENERATED_PRUNED' },
    message: `${stale.length} object(s) drydock-fn generated for the Tutor instance in ${left.join(' and ')}, which the instance has left (it is in ${where(namespace)}), are removed, as generated objects no feature produces any more are (kpt deletes their files): ${listed(stale)}`,
  };
}

/** Generated objects of Tutor instances the list no longer holds, which the run removes (info). */
function orphanInfo(orphans: readonly InputItem[]): Result {
  const instances = [...new Set(orphans.map((item) => instanceLabelOf(item.header)))];
  return {
    severity: 'info',
    tags: { code: 'GENERATED_PRUNED' },
    message: `${orphans.length} object(s) drydock-fn generated for Tutor instance(s) ${instances.join(', ')} (app.kubernetes.io/instance), which no Tutor object of the list belongs to any more (the instance was removed, or its label changed), are removed, as generated objects no feature produces any more are (kpt deletes their files): ${listed(orphans)}`,
  };
}

/** With several instances: the items of none of them (info). */
function outsideInfo(outside: readonly InputItem[], instanceCount: number): Result | undefined {
  if (outside.length === 0) return undefined;
  return {
    severity: 'info',
    tags: { code: 'INSTANCE_NONE' },
    message: `${outside.length} item(s) belong to none of the ${instanceCount} Tutor instances (no app.kubernetes.io/instance label, not in an instance's namespace, or labelled for another tool) and are left as they are: ${listed(outside)}`,
  };
}

/**
 * With one instance: the items outside it that have the kind and name of one of its items (info), the
 * case where a reader might expect drydock-fn to have edited them. Other items outside it are left
 * as they are without a word, as the items drydock-fn has nothing to do with.
 */
function namesakesInfo(outside: readonly InputItem[], scope: InstanceScope | undefined): Result | undefined {
  if (!scope || outside.length === 0) return undefined;
  const ownNames = new Set(scope.items.map((item) => nameKey(item.header)));
  const namesakes = outside.filter((item) => ownNames.has(nameKey(item.header)));
  if (namesakes.length === 0) return undefined;
  return {
    severity: 'info',
    tags: { code: 'INSTANCE_NONE' },
    message: `${namesakes.length} item(s) have the kind and name of an object of the Tutor instance (${where(scope.namespace)}) but are not the instance's (another namespace, or another instance's, tool's or application's labels) and are left as they are: ${listed(namesakes)}`,
  };
}

function listed(items: readonly InputItem[]): string {
  const named = items.slice(0, 5).map((item) => describeWithNamespace(item.header));
  return `${named.join(', ')}${items.length > named.length ? ', …' : ''}`;
}
