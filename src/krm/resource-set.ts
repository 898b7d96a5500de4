/**
 * The items of one run as plain data: the input items, then the objects the features generate.
 * Features read it through read-only views and change it only through {@link Change}s.
 */
import {
  GENERATED_BY_ANNOTATION,
  GENERATED_BY_VALUE,
  INDEX_ANNOTATION,
  LOCAL_CONFIG_ANNOTATION,
  PATH_ANNOTATION,
  isLocalConfigValue,
  isOrchestratorAnnotation,
} from './annotations';
import type { Change, Handle } from './changes';
import type { InputItem } from './read';
import type { ChangeTree } from './splice';
import { isKustomizationKind } from './read';
import type { DeepReadonly, JsonValue, KubeObject, ObjectPath, ResourceRef, Result } from './types';
import { cloneJson, formatPath, isPlainObject, jsonEqual } from './types';
import { FunctionInputError, errorResult } from './errors';
import { hasLoneSurrogate } from './unicode';
import { KptFiles } from './kpt-files';

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

interface Entry {
  readonly handle: Handle;
  value: KubeObject;
  readonly input: InputItem | undefined;
  /**
   * The input values of the subtrees changed in this run, by path, taken just before their first
   * change; no path is a prefix of another. Undefined while the item is untouched.
   */
  snapshots: Snapshot[] | undefined;
  /** The input value rebuilt from the snapshots, on first request. */
  originalValue?: KubeObject;
  removed: boolean;
  /** Created or re-created by a feature in this run. */
  producedNow: boolean;
  readonly passThrough: boolean;
  /** Seen by the features but owned by no scope of this set (an item shared by several Tutor instances). */
  readonly shared: boolean;
}

interface Snapshot {
  readonly path: ObjectPath;
  /** The input value at `path`; undefined when there was none. */
  readonly before: JsonValue | undefined;
}

/** The net effect of a run on one input item. */
export type ItemOutcome =
  | { readonly kind: 'unchanged'; readonly input: InputItem }
  | { readonly kind: 'changed'; readonly input: InputItem; readonly value: KubeObject; readonly changes: ChangeTree }
  | { readonly kind: 'removed'; readonly input: InputItem }
  /** Written already (its value may be gone): the output text of the item, as UTF-8 bytes or text. */
  | { readonly kind: 'printed'; readonly input: InputItem; readonly part: string | Uint8Array };

/** An internal inconsistency (a feature asked for something impossible): a bug, reported as such. */
export class ChangeError extends Error {}

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
    if (change.op === 'remove') {
      entry.removed = true;
      return;
    }
    checkNotOrchestrator(change.path, entry.value);
    const before = orchestratorAnnotations(entry.value);
    // Snapshot the input value of the subtree a change is about to alter (no-op changes cost nothing).
    const beforeMutation = (at: ObjectPath): void => takeSnapshot(entry, at);
    const root = entry.value as unknown as Record<string, unknown>;
    let changed: boolean;
    switch (change.op) {
      case 'set':
        changed = setAt(root, change.path, change.value, beforeMutation);
        break;
      case 'merge':
        changed = mergeAt(root, change.path, change.value, beforeMutation);
        break;
      case 'delete':
        changed = deleteAt(root, change.path, beforeMutation);
        break;
      case 'insert':
        changed = insertAt(root, change.path, change.index, change.value, beforeMutation);
        break;
    }
    if (changed && !jsonEqual(before, orchestratorAnnotations(entry.value))) {
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
      const kept = orchestratorAnnotations(existing.value);
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
    case 'merge':
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

function originalOf(entry: Entry): DeepReadonly<KubeObject> | undefined {
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
function takeSnapshot(entry: Entry, path: ObjectPath): void {
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
function changeTreeOf(entry: Entry): ChangeTree | undefined {
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

/** The reference a result uses for an object. */
export function refOf(object: DeepReadonly<KubeObject> | KubeObject): ResourceRef {
  const namespace = object.metadata.namespace;
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, ...(namespace ? { namespace } : {}) };
}

/** "Deployment lms" for messages. */
export function describe(object: DeepReadonly<KubeObject> | KubeObject): string {
  return `${object.kind} ${object.metadata.name ?? '(unnamed)'}`;
}

/** Local-config items, Kustomizations, Kptfiles and drydock-fn's own kinds: read, never changed. */
export function isPassThroughObject(object: KubeObject): boolean {
  const annotations = object.metadata?.annotations ?? {};
  return (
    isLocalConfigValue(annotations[LOCAL_CONFIG_ANNOTATION]) ||
    PASS_THROUGH_KINDS.has(object.kind) ||
    isKustomizationKind(object.apiVersion, object.kind)
  );
}

function isGenerated(object: KubeObject): boolean {
  return object.metadata?.annotations?.[GENERATED_BY_ANNOTATION] === GENERATED_BY_VALUE;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * kind, API group, namespace and name: what kustomize calls an object's identity. An object written
 * without a namespace counts as one of `namespaceOfNone`, where kubectl and Argo CD deploy it (the
 * instance's namespace): to them the two are one object, which one of them would silently replace.
 */
export function identityKey(object: KubeObject | DeepReadonly<KubeObject>, namespaceOfNone = ''): string {
  return `${object.kind}|${groupOf(object.apiVersion)}|${object.metadata?.namespace || namespaceOfNone}|${object.metadata?.name ?? ''}`;
}

function orchestratorAnnotations(object: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(object.metadata?.annotations ?? {})) if (isOrchestratorAnnotation(key)) out[key] = value;
  return out;
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

// ---------------------------------------------------------------------------------------------
// Path operations on plain data. Each returns whether anything changed.

/** Called with the path of the subtree a change is about to alter, before it alters it. */
type OnMutate = (at: ObjectPath) => void;

/** The shortest prefix of `path` (shorter than it) holding nothing or null: where a change would create maps. */
function firstMissing(root: unknown, path: ObjectPath): ObjectPath | undefined {
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[path[i]] : undefined;
    if (node === undefined || node === null) return path.slice(0, i + 1);
  }
  return undefined;
}

function parentOf(root: Record<string, unknown>, path: ObjectPath, create: boolean): Record<string, unknown> | unknown[] | undefined {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i];
    const container = node as Record<string | number, unknown>;
    let child = container[segment];
    if (child === undefined || child === null) {
      if (!create) return undefined;
      if (typeof path[i + 1] === 'number') throw new ChangeError(`cannot create a sequence at ${formatPath(path.slice(0, i + 1))}`);
      child = {};
      if (Array.isArray(container)) {
        if (typeof segment !== 'number' || segment >= container.length) throw new ChangeError(`index ${String(segment)} out of range at ${formatPath(path.slice(0, i))}`);
      }
      container[segment] = child;
    }
    if (typeof child !== 'object') throw new ChangeError(`${formatPath(path.slice(0, i + 1))} is a ${typeof child}, not a collection`);
    if (Array.isArray(child) !== (typeof path[i + 1] === 'number')) {
      throw new ChangeError(`${formatPath(path.slice(0, i + 1))} is not a ${typeof path[i + 1] === 'number' ? 'sequence' : 'mapping'}`);
    }
    node = child;
  }
  return node as Record<string, unknown> | unknown[];
}

/** Checks that `path` can be walked (and created) without changing anything, so errors come before any change. */
function checkWalkable(root: Record<string, unknown>, path: ObjectPath): void {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const child = (node as Record<string | number, unknown>)[path[i]];
    if (child === undefined || child === null) {
      if (typeof path[i + 1] === 'number') throw new ChangeError(`cannot create a sequence at ${formatPath(path.slice(0, i + 1))}`);
      if (Array.isArray(node) && (typeof path[i] !== 'number' || (path[i] as number) >= node.length)) throw new ChangeError(`index ${String(path[i])} out of range at ${formatPath(path.slice(0, i))}`);
      return;
    }
    if (typeof child !== 'object') throw new ChangeError(`${formatPath(path.slice(0, i + 1))} is a ${typeof child}, not a collection`);
    if (Array.isArray(child) !== (typeof path[i + 1] === 'number')) {
      throw new ChangeError(`${formatPath(path.slice(0, i + 1))} is not a ${typeof path[i + 1] === 'number' ? 'sequence' : 'mapping'}`);
    }
    node = child;
  }
}

function setAt(root: Record<string, unknown>, path: ObjectPath, value: JsonValue, onMutate: OnMutate): boolean {
  if (path.length === 0) throw new ChangeError('cannot replace a whole item with set');
  if (jsonEqual(getAt(root, path), value)) return false;
  checkWalkable(root, path);
  const parentPath = path.slice(0, -1);
  const existingParent = getAt(root, parentPath);
  const key = path[path.length - 1];
  if (Array.isArray(existingParent) && (typeof key !== 'number' || key >= existingParent.length)) throw new ChangeError(`index ${String(key)} out of range at ${formatPath(path)}`);
  onMutate(firstMissing(root, path) ?? path);
  const parent = parentOf(root, path, true) as Record<string | number, unknown>;
  parent[key] = cloneJson(value);
  return true;
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

function mergeAt(root: Record<string, unknown>, path: ObjectPath, value: Record<string, JsonValue>, onMutate: OnMutate): boolean {
  const current = path.length === 0 ? root : getAt(root, path);
  if (isPlainObject(current) && !mergeWouldChange(current, value)) return false;
  let target: unknown = root;
  if (path.length > 0) {
    checkWalkable(root, path);
    onMutate(firstMissing(root, path) ?? path);
    const parent = parentOf(root, path, true) as Record<string | number, unknown>;
    const key = path[path.length - 1];
    if (!isPlainObject(parent[key])) parent[key] = {};
    target = parent[key];
  } else onMutate(path);
  mergeInto(target as Record<string, unknown>, value);
  return true;
}

function mergeWouldChange(target: Record<string, unknown>, value: Record<string, JsonValue>): boolean {
  return Object.entries(value).some(([key, entry]) =>
    isPlainObject(entry) && isPlainObject(target[key]) ? mergeWouldChange(target[key] as Record<string, unknown>, entry as Record<string, JsonValue>) : !jsonEqual(target[key], entry),
  );
}

function mergeInto(target: Record<string, unknown>, value: Record<string, JsonValue>): void {
  for (const [key, entry] of Object.entries(value)) {
    if (isPlainObject(entry) && isPlainObject(target[key])) mergeInto(target[key] as Record<string, unknown>, entry as Record<string, JsonValue>);
    else if (!jsonEqual(target[key], entry)) target[key] = cloneJson(entry);
  }
}

function deleteAt(root: Record<string, unknown>, path: ObjectPath, onMutate: OnMutate): boolean {
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

function insertAt(root: Record<string, unknown>, path: ObjectPath, index: number | 'end', value: JsonValue, onMutate: OnMutate): boolean {
  checkWalkable(root, path);
  const existing = getAt(root, path);
  if (existing !== undefined && existing !== null && !Array.isArray(existing)) throw new ChangeError(`${formatPath(path)} is not a sequence`);
  onMutate(firstMissing(root, path) ?? path);
  const parent = parentOf(root, path, true) as Record<string | number, unknown>;
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
