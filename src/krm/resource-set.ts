/**
 * The items of one run as plain data: the input items, then the objects the features generate.
 * Features read it through read-only views and change it only through {@link Change}s.
 */
import { GENERATED_BY_ANNOTATION, GENERATED_BY_VALUE, INDEX_ANNOTATION, PATH_ANNOTATION } from './annotations';
import { ChangeError } from './changes';
import type { Change, Handle } from './changes';
import { insertAt, removeAt, setAt } from './json-path';
import type { InputItem } from './read';
import type { ChangeTree } from './change-tree';
import { isKustomizationKind } from './read';
import type { DeepReadonly, JsonValue, KubeObject, ObjectPath, Result } from './types';
import { cloneJson, formatPath, jsonEqual } from './types';
import { FunctionInputError, errorResult } from './errors';
import { hasLoneSurrogate } from './unicode';
import { KptFiles, isGeneratedFile } from './kpt-files';
import { changeTreeOf, originalOf, takeSnapshot } from './snapshots';
import type { Recorded } from './snapshots';
import { describe, identityKey, isGenerated, isLocalConfig, isOrchestratorAnnotation, orchestratorAnnotationsOf, refOf } from './object';

/** Kinds the function owns or the orchestrators own: never changed, always passed through. */
const PASS_THROUGH_KINDS = new Set(['DrydockConfig', 'TutorInitTasks', 'Kptfile']);

/** What a feature sees of an item. */
export interface ResourceView {
  readonly handle: Handle;
  readonly object: DeepReadonly<KubeObject>;
  /** Client-side-only (local-config), a Kustomization, a Kptfile or the function's own config: read-only. */
  readonly passThrough: boolean;
  /** Carries the drydock-fn generated-by marker (created in this run or by an earlier one). */
  readonly generated: boolean;
  /**
   * The item as it came in, before any change of this run (the same object as `object` while it is
   * unchanged); undefined for an object created in this run. Used to tell what a run changed, e.g.
   * whether a ConfigMap's name still carries the kustomize hash of its input content.
   */
  original(): DeepReadonly<KubeObject> | undefined;
}

interface Entry extends Recorded {
  readonly handle: Handle;
  removed: boolean;
  /** Created or re-created by a feature in this run. */
  producedNow: boolean;
  readonly passThrough: boolean;
  /** Seen by the features but owned by no scope of this set (an item shared by several Tutor instances). */
  readonly shared: boolean;
}

/** The net effect of a run on one input item. */
export type ItemOutcome =
  | { readonly kind: 'unchanged'; readonly input: InputItem }
  | { readonly kind: 'changed'; readonly input: InputItem; readonly value: KubeObject; readonly changes: ChangeTree }
  | { readonly kind: 'removed'; readonly input: InputItem }
  /** Written already (its value may be gone): the output text of the item, as UTF-8 bytes or text. */
  | { readonly kind: 'printed'; readonly input: InputItem; readonly part: string | Uint8Array };

export interface ResourceSetOptions {
  /** Give new objects a relative path and index for kpt (default true; off for plain manifests, where they would be noise). */
  readonly fileAnnotations?: boolean;
  /** Read-only items of no instance, seen by the features but owned by no set. */
  readonly shared?: readonly InputItem[];
  /** The headers of the list's other items, which features never see: never generated over. */
  readonly outside?: readonly KubeObject[];
  /**
   * The instance's namespace: where kubectl and Argo CD put an object written without one. An object
   * of no namespace and one of this namespace, of one kind and name, are the same object to them.
   */
  readonly namespace?: string;
  /**
   * Objects drydock-fn generated for the instance in a namespace it has left (tutor/instances.ts):
   * removed, never seen by the features.
   */
  readonly stale?: readonly InputItem[];
  /** The places of the kpt package already held (shared by the sets of one run); a set of its own when absent. */
  readonly files?: KptFiles;
}

export class ResourceSet {
  private readonly entries: Entry[] = [];
  private readonly results: Result[] = [];
  /** Identities of input items outside the set (not the Tutor instance's): never generated over. */
  private readonly outsideIdentities: ReadonlySet<string>;
  private readonly fileAnnotations: boolean;
  /** The namespace an object written without one is deployed into ('' when the instance has none). */
  private readonly namespace: string;
  private readonly files: KptFiles;

  /** Takes ownership of the items' values (they are changed in place). */
  constructor(items: readonly InputItem[], options: ResourceSetOptions = {}) {
    const { shared = [], outside = [] } = options;
    this.fileAnnotations = options.fileAnnotations ?? true;
    this.namespace = options.namespace ?? '';
    this.files = options.files ?? new KptFiles(items.map((item) => item.header));
    this.outsideIdentities = new Set(outside.map((header) => identityKey(header, this.namespace)));
    const sharedSet = new Set(shared);
    const all = shared.length === 0 ? items : [...items, ...shared].sort((a, b) => a.position - b.position);
    for (const input of all) {
      const value = input.value;
      const isShared = sharedSet.has(input);
      this.entries.push({
        handle: this.entries.length as Handle,
        value,
        input,
        snapshots: undefined,
        removed: false,
        producedNow: false,
        passThrough: isShared || isPassThroughObject(value),
        shared: isShared,
      });
    }
    for (const input of options.stale ?? []) {
      this.entries.push({ handle: this.entries.length as Handle, value: input.value, input, snapshots: undefined, removed: true, producedNow: false, passThrough: false, shared: false });
    }
  }

  /** The current items in output order (input order, then generated objects in creation order). */
  views(): ResourceView[] {
    return this.entries
      .filter((entry) => !entry.removed)
      .map((entry) => ({
        handle: entry.handle,
        object: entry.value as DeepReadonly<KubeObject>,
        passThrough: entry.passThrough,
        generated: isGenerated(entry.value),
        original: () => originalOf(entry),
      }));
  }

  /** Results raised while applying changes (conflicts with objects the user already has). */
  takeResults(): Result[] {
    return this.results.splice(0, this.results.length);
  }

  /**
   * Applies changes in order. Changes that would not alter anything are ignored, so running a feature
   * on its own output is a no-op.
   * @throws ChangeError when a change targets a read-only item, an orchestrator annotation, or a path
   *   through a non-collection; these are programming errors, never input errors.
   */
  apply(changes: readonly Change[]): void {
    for (const change of changes) this.applyOne(change);
  }

  /**
   * Removes generated objects from an earlier run that no feature produced in this run (kpt keeps
   * generated files between renders; a feature switched off must take its objects with it).
   */
  pruneStaleGenerated(): void {
    for (const entry of this.entries) {
      if (!entry.removed && entry.input && !entry.producedNow && isGenerated(entry.value) && !entry.passThrough) {
        entry.removed = true;
        // Under drydock-fn/ the file is drydock-fn's own; a copy in a file of the package's own (its
        // marker annotation kept) would be deleted from it without a word.
        const file = entry.value.metadata.annotations?.[PATH_ANNOTATION];
        if (typeof file === 'string' && !isGeneratedFile(file)) {
          this.results.push({
            severity: 'info',
            tags: { code: 'GENERATED_PRUNED' },
            message: `${describe(entry.value)} in ${file} carries ${GENERATED_BY_ANNOTATION}: ${GENERATED_BY_VALUE} but no feature generates it now: it is removed, as generated objects no feature produces any more are (kpt deletes it from ${file}); remove the annotation to keep it`,
            resourceRef: refOf(entry.value),
          });
        }
      }
    }
  }

  /** The fate of every input item. */
  inputOutcomes(): ItemOutcome[] {
    return this.entries
      .filter((entry): entry is Entry & { input: InputItem } => entry.input !== undefined && !entry.shared)
      .map((entry) => {
        if (entry.removed) return { kind: 'removed', input: entry.input };
        const changes = changeTreeOf(entry);
        if (changes === undefined) return { kind: 'unchanged', input: entry.input };
        return { kind: 'changed', input: entry.input, value: entry.value, changes };
      });
  }

  /**
   * Input items whose name a feature changed (ConfigMaps renamed to the hash of their new content):
   * `kind/namespace/input name` → the name in the output. Results are re-pointed with it, so that
   * they name items as they are written.
   */
  renamedItems(): Map<string, string> {
    return new Map(this.renames().map(({ object, from }) => [`${object.kind}/${object.metadata.namespace ?? ''}/${from}`, object.metadata.name]));
  }

  /** Input items whose name a feature changed: each as it is now, with its input name. */
  renames(): { readonly object: DeepReadonly<KubeObject>; readonly from: string }[] {
    const renamed: { object: DeepReadonly<KubeObject>; from: string }[] = [];
    for (const entry of this.entries) {
      if (!entry.input || entry.removed || entry.snapshots === undefined) continue;
      const original = originalOf(entry)?.metadata.name;
      if (original !== undefined && original !== entry.value.metadata.name) renamed.push({ object: entry.value as DeepReadonly<KubeObject>, from: original });
    }
    return renamed;
  }

  /** Objects generated in this run that were not in the input, in creation order. */
  newObjects(): KubeObject[] {
    return this.entries.filter((entry) => entry.input === undefined && !entry.removed).map((entry) => entry.value);
  }

  private applyOne(change: Change): void {
    refuseLoneSurrogates(change, change.op === 'create' ? change.object : (this.entries[change.target]?.value as KubeObject | undefined));
    if (change.op === 'create') {
      this.create(change.object);
      return;
    }
    const entry = this.entries[change.target];
    if (!entry || entry.removed) throw new ChangeError(`${change.op} targets an item that does not exist`);
    if (entry.passThrough) throw new ChangeError(`${change.op} targets ${describe(entry.value)}, which passes through unchanged`);
    checkNotOrchestrator(change.path, entry.value);
    const before = orchestratorAnnotationsOf(entry.value);
    // Snapshot the input value of the subtree a change is about to alter (no-op changes cost nothing).
    const beforeMutation = (at: ObjectPath): void => takeSnapshot(entry, at);
    const root = entry.value as unknown as Record<string, unknown>;
    let changed: boolean;
    switch (change.op) {
      case 'set':
        changed = setAt(root, change.path, change.value, beforeMutation);
        break;
      case 'remove':
        changed = removeAt(root, change.path, beforeMutation);
        break;
      case 'insert':
        changed = insertAt(root, change.path, change.index, change.value, beforeMutation);
        break;
    }
    if (changed && !jsonEqual(before, orchestratorAnnotationsOf(entry.value))) {
      throw new ChangeError(`a change to ${describe(entry.value)} at ${formatPath(change.path)} would alter orchestrator annotations`);
    }
  }

  private create(object: KubeObject): void {
    const desired = cloneJson(object);
    const annotations = (desired.metadata.annotations ??= {});
    annotations[GENERATED_BY_ANNOTATION] = GENERATED_BY_VALUE;
    const desiredKey = identityKey(desired, this.namespace);
    const existing = this.entries.find((entry) => !entry.removed && entry.value.kind === desired.kind && identityKey(entry.value, this.namespace) === desiredKey);
    if (existing) {
      if (existing.producedNow && existing.input === undefined) {
        throw new ChangeError(`${describe(desired)} is generated twice in one run`);
      }
      if (!isGenerated(existing.value) || existing.passThrough) {
        this.results.push({
          severity: 'warning',
          tags: { code: 'RESOURCE_CONFLICT' },
          message: `${describe(desired)} already exists in the input and was not generated by drydock-fn; it is left as it is and drydock-fn does not generate its own`,
          resourceRef: refOf(existing.value),
        });
        return;
      }
      // Regenerated object from an earlier run: keep its orchestrator annotations, take everything else.
      const kept = orchestratorAnnotationsOf(existing.value);
      desired.metadata.annotations = { ...withoutOrchestrator(annotations), ...kept };
      takeSnapshot(existing, []);
      existing.value = desired;
      existing.producedNow = true;
      return;
    }
    if (this.outsideIdentities.has(desiredKey)) {
      this.results.push({
        severity: 'warning',
        tags: { code: 'RESOURCE_CONFLICT' },
        message: `${describe(desired)} already exists in the input, labelled for another instance, tool or application; it is left as it is and drydock-fn does not generate its own`,
        resourceRef: refOf(desired),
      });
      return;
    }
    if (this.fileAnnotations && annotations[PATH_ANNOTATION] === undefined) {
      const place = this.files.claim(desired);
      annotations[PATH_ANNOTATION] = place.path;
      annotations[INDEX_ANNOTATION] = place.index;
    }
    this.entries.push({
      handle: this.entries.length as Handle,
      value: desired,
      input: undefined,
      snapshots: undefined,
      removed: false,
      producedNow: true,
      passThrough: false,
      shared: false,
    });
  }
}

/**
 * A value to be written that holds an unpaired surrogate (only an escape such as `"\ud800"` in the
 * input can bring one; settings holding one are refused when decoded): no UTF-8 output can hold it
 * and go-yaml refuses its escape, so the run fails with an error naming the item and the field.
 */
function refuseLoneSurrogates(change: Change, item: KubeObject | undefined): void {
  let value: JsonValue;
  let base: ObjectPath = [];
  switch (change.op) {
    case 'create':
      value = change.object as unknown as JsonValue;
      break;
    case 'set':
      value = change.value;
      base = change.path;
      break;
    case 'insert':
      value = change.value;
      base = typeof change.index === 'number' ? [...change.path, change.index] : change.path;
      break;
    default:
      return;
  }
  const at = loneSurrogatePath(value, []);
  if (at === undefined || !item) return;
  const path = formatPath([...base, ...at]);
  throw new FunctionInputError(
    errorResult('VALUE_LONE_SURROGATE', `${describe(item)}: ${path}: the value drydock-fn would write holds an unpaired UTF-16 surrogate (from a \\uD800–\\uDFFF escape in the input), which no UTF-8 text can hold`, {
      resourceRef: refOf(item),
      field: { path },
    }),
  );
}

function loneSurrogatePath(value: JsonValue, path: (string | number)[]): (string | number)[] | undefined {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = loneSurrogatePath(value[index], [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, entry] of Object.entries(value)) {
    if (hasLoneSurrogate(key)) return path;
    const found = loneSurrogatePath(entry, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** Local-config items, Kustomizations, Kptfiles and drydock-fn's own kinds: read, never changed. */
export function isPassThroughObject(object: KubeObject): boolean {
  return (
    isLocalConfig(object) ||
    PASS_THROUGH_KINDS.has(object.kind) ||
    isKustomizationKind(object.apiVersion, object.kind)
  );
}

function withoutOrchestrator(annotations: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) if (!isOrchestratorAnnotation(key)) out[key] = value;
  return out;
}

function checkNotOrchestrator(path: ObjectPath, object: KubeObject): void {
  if (path.length >= 3 && path[0] === 'metadata' && path[1] === 'annotations' && typeof path[2] === 'string' && isOrchestratorAnnotation(path[2])) {
    throw new ChangeError(`changes to orchestrator annotation ${path[2]} of ${describe(object)} are not allowed`);
  }
}
