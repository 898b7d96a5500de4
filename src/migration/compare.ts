/**
 * The migration check: Drydock's manifests (what is deployed today) against drydock-fn's (the
 * Tutor-only manifests run through drydock-fn with the same settings), object by object and field by
 * field. The intentional differences of the README are applied to Drydock's objects first
 * (known-differences.ts); what still differs is unexplained, and is what an operator must look at
 * before switching.
 */
import { isLocalConfig, isOrchestratorAnnotation } from '../krm/object';
import { isPlainObject } from '../krm/types';
import { deepEqual, diffValues } from './diff';
import type { FieldDifference } from './diff';
import { KNOWN_DIFFERENCES, knownDifference } from './known-differences';

type Item = Record<string, any>;

/** One object of either side and what the comparison found for it. */
export interface ObjectComparison {
  /** `Kind/name` as drydock-fn names it (Drydock's name when only Drydock has it). */
  readonly resource: string;
  readonly namespace?: string;
  readonly status: 'same' | 'known' | 'differs' | 'only-in-drydock' | 'only-in-drydock-fn';
  /** Ids of the known differences that applied to this object. */
  readonly known: readonly string[];
  /** Drydock's name when drydock-fn names the object differently (a known rename). */
  readonly drydockName?: string;
  /** Fields that differ after the known differences (status `differs`). */
  readonly fields: readonly FieldDifference[];
}

export interface Comparison {
  readonly objects: readonly ObjectComparison[];
  /** Objects counted on each side (local-config objects, which are never deployed, left out). */
  readonly counted: { readonly drydock: number; readonly drydockFn: number };
  /** True when nothing is unexplained. */
  readonly equivalent: boolean;
}

const HASH_SUFFIX = /-[a-z0-9]{10}$/;

function withoutOrchestratorAnnotations(object: Item): Item {
  const annotations = object.metadata?.annotations;
  if (!isPlainObject(annotations) || !Object.keys(annotations).some((name) => isOrchestratorAnnotation(name))) return object;
  const result = JSON.parse(JSON.stringify(object)) as Item;
  for (const name of Object.keys(result.metadata.annotations)) if (isOrchestratorAnnotation(name)) delete result.metadata.annotations[name];
  if (Object.keys(result.metadata.annotations).length === 0) delete result.metadata.annotations;
  return result;
}

const kindName = (object: Item): string => `${object.kind}/${object.metadata?.name}`;
const identity = (object: Item): string => `${object.apiVersion?.split('/')[0]?.includes('.') ? object.apiVersion.split('/')[0] : ''}|${object.kind}|${object.metadata?.namespace ?? ''}|${object.metadata?.name}`;
const baseIdentity = (object: Item): string => identity(object).replace(HASH_SUFFIX, '');
const hasHashedName = (object: Item): boolean => (object.kind === 'ConfigMap' || object.kind === 'Secret') && HASH_SUFFIX.test(String(object.metadata?.name ?? ''));

interface Normalised {
  readonly original: Item;
  object: Item;
  readonly known: Set<string>;
}

function normalise(object: Item, side: 'drydock' | 'drydockFn'): Normalised {
  const known = new Set<string>();
  let current = withoutOrchestratorAnnotations(object);
  for (const rule of KNOWN_DIFFERENCES) {
    const apply = side === 'drydock' ? rule.normaliseDrydock : rule.normaliseDrydockFn;
    if (!apply) continue;
    const next = apply(current);
    if (next !== current && !deepEqual(next, current)) known.add(rule.id);
    current = next;
  }
  return { original: object, object: current, known };
}

/** Replaces every string equal to a key of `names` by its value (ConfigMap references that follow a renamed ConfigMap). */
function renameReferences(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return names.get(value) ?? value;
  if (Array.isArray(value)) return value.map((entry) => renameReferences(entry, names));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, key === 'metadata' ? entry : renameReferences(entry, names)]));
  return value;
}

/**
 * Compares Drydock's objects with drydock-fn's. Objects are matched by group, kind, namespace and
 * name; a ConfigMap or Secret whose kustomize hash suffix differs is matched by its name without the
 * suffix. When such a pair's content differs, the references to it follow (they are not reported
 * again). Never throws on odd input: objects without kind or name are compared as they come.
 */
export function compareManifests(drydockObjects: readonly unknown[], drydockFnObjects: readonly unknown[]): Comparison {
  const keep = (objects: readonly unknown[]): Item[] => objects.filter((object): object is Item => isPlainObject(object) && !isLocalConfig(object));
  const theirs = keep(drydockObjects).map((object) => normalise(object, 'drydock'));
  const ours = keep(drydockFnObjects).map((object) => normalise(object, 'drydockFn'));

  // Pairs by identity, then hashed ConfigMaps and Secrets by their base name.
  const ourByIdentity = new Map(ours.map((entry) => [identity(entry.object), entry]));
  const pairs: [Normalised | undefined, Normalised | undefined][] = [];
  const paired = new Set<Normalised>();
  const unpaired: Normalised[] = [];
  for (const entry of theirs) {
    const match = ourByIdentity.get(identity(entry.object));
    if (match && !paired.has(match)) {
      paired.add(match);
      pairs.push([entry, match]);
    } else unpaired.push(entry);
  }
  for (const entry of unpaired) {
    const candidates = hasHashedName(entry.object) ? ours.filter((candidate) => !paired.has(candidate) && hasHashedName(candidate.object) && baseIdentity(candidate.object) === baseIdentity(entry.object)) : [];
    if (candidates.length === 1) {
      paired.add(candidates[0]);
      pairs.push([entry, candidates[0]]);
    } else pairs.push([entry, undefined]);
  }
  for (const entry of ours) if (!paired.has(entry)) pairs.push([undefined, entry]);

  // A renamed hashed object whose content differs: its references follow it.
  const renamed = new Map<string, string>();
  for (const [drydock, drydockFn] of pairs) {
    if (!drydock || !drydockFn) continue;
    const theirName = drydock.object.metadata?.name;
    const ourName = drydockFn.object.metadata?.name;
    if (theirName === ourName) continue;
    const content = (object: Item): Item => ({ ...object, metadata: { ...object.metadata, name: undefined } });
    if (!deepEqual(content(drydock.object), content(drydockFn.object))) {
      renamed.set(theirName, ourName);
      drydock.known.add('hash-follows-content');
    }
  }

  const objects: ObjectComparison[] = [];
  for (const [drydock, drydockFn] of pairs) {
    if (drydock && drydockFn) {
      let theirObject = drydock.object;
      if (renamed.size > 0) {
        const ownName = theirObject.metadata?.name;
        const referencesRenamed = renameReferences(theirObject, renamed) as Item;
        if (!deepEqual(referencesRenamed, theirObject)) {
          drydock.known.add('references-follow-content');
          theirObject = referencesRenamed;
        }
        if (renamed.has(ownName)) theirObject = { ...theirObject, metadata: { ...theirObject.metadata, name: renamed.get(ownName) } };
      }
      for (const rule of KNOWN_DIFFERENCES) {
        const next = rule.normaliseWithOther?.(theirObject, drydockFn.object);
        if (next === undefined || next === theirObject || deepEqual(next, theirObject)) continue;
        drydock.known.add(rule.id);
        theirObject = next;
      }
      const fields = diffValues(theirObject, drydockFn.object);
      const known = [...new Set([...drydock.known, ...drydockFn.known])];
      const drydockName = drydock.original.metadata?.name !== drydockFn.original.metadata?.name ? drydock.original.metadata?.name : undefined;
      objects.push({
        resource: kindName(drydockFn.object),
        namespace: drydockFn.object.metadata?.namespace,
        status: fields.length > 0 ? 'differs' : known.length > 0 ? 'known' : 'same',
        known,
        ...(drydockName ? { drydockName } : {}),
        fields,
      });
    } else if (drydock) {
      const rule = KNOWN_DIFFERENCES.find((candidate) => candidate.notProduced?.(drydock.object));
      objects.push({ resource: kindName(drydock.original), namespace: drydock.original.metadata?.namespace, status: rule ? 'known' : 'only-in-drydock', known: rule ? [rule.id] : [], fields: [] });
    } else if (drydockFn) {
      const rule = KNOWN_DIFFERENCES.find((candidate) => candidate.added?.(drydockFn.object));
      objects.push({ resource: kindName(drydockFn.object), namespace: drydockFn.object.metadata?.namespace, status: rule ? 'known' : 'only-in-drydock-fn', known: rule ? [rule.id] : [], fields: [] });
    }
  }
  return {
    objects,
    counted: { drydock: theirs.length, drydockFn: ours.length },
    equivalent: objects.every((object) => object.status === 'same' || object.status === 'known'),
  };
}

/** The summary of a known difference, for the report (derived ones included). */
export function knownSummary(id: string): string {
  if (id === 'hash-follows-content') return "the name's kustomize hash suffix follows the content difference reported here";
  if (id === 'references-follow-content') return 'references to a ConfigMap whose content differs follow its new name';
  return knownDifference(id).summary;
}
