/**
 * What every layer reads of a Kubernetes object, defined once (as the kpt Go SDK's object.go): its
 * API group and identity, how results name it, the place kpt keeps it, which annotations belong to
 * the orchestrators, whether it is client-side only, and where its kind keeps the pod spec.
 */
import {
  GENERATED_BY_ANNOTATION,
  GENERATED_BY_VALUE,
  INDEX_ANNOTATION,
  LEGACY_ID_ANNOTATION,
  LEGACY_INDEX_ANNOTATION,
  LEGACY_PATH_ANNOTATION,
  LOCAL_CONFIG_ANNOTATION,
  ORCHESTRATOR_ANNOTATION_PREFIXES,
  PATH_ANNOTATION,
} from './annotations';
import type { DeepReadonly, KubeObject, ObjectPath, ResourceRef, Result } from './types';
import { isPlainObject } from './types';

type AnyObject = DeepReadonly<KubeObject> | KubeObject;

/** The API group of an apiVersion ("" for the core group), as kyaml's resid.ParseGroupVersion reads it. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * kind, API group, namespace and name: what kustomize calls an object's identity. An object written
 * without a namespace counts as one of `namespaceOfNone`, where kubectl and Argo CD deploy it (the
 * instance's namespace): to them the two are one object, which one of them would silently replace.
 */
export function identityKey(object: AnyObject, namespaceOfNone = ''): string {
  return `${object.kind}|${groupOf(object.apiVersion)}|${object.metadata?.namespace || namespaceOfNone}|${object.metadata?.name ?? ''}`;
}

/** The reference a result uses for an object. */
export function refOf(object: AnyObject): ResourceRef {
  const namespace = object.metadata.namespace;
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, ...(namespace ? { namespace } : {}) };
}

/** "Deployment lms" for messages. */
export function describe(object: AnyObject): string {
  return `${object.kind} ${object.metadata.name ?? '(unnamed)'}`;
}

/** The annotations of any value that may be an object (the operator tools read manifests unchecked): {} when it has none. */
function annotationsOf(object: unknown): Readonly<Record<string, unknown>> {
  const metadata = isPlainObject(object) ? object.metadata : undefined;
  return isPlainObject(metadata) && isPlainObject(metadata.annotations) ? metadata.annotations : {};
}

/** Carries the drydock-fn generated-by marker (generated in this run or by an earlier one). */
export function isGenerated(object: unknown): boolean {
  return annotationsOf(object)[GENERATED_BY_ANNOTATION] === GENERATED_BY_VALUE;
}

/**
 * Client-side only: annotated `config.kubernetes.io/local-config` with any value but "false". kustomize
 * drops such an object from a build (resource.Factory.DropLocalNodes) and kpt leaves it out of what it
 * applies (filterLocalConfig), reading the value so; the function passes it through untouched, and
 * `waves` and `compare` leave it out, as never deployed.
 */
export function isLocalConfig(object: unknown): boolean {
  const value = annotationsOf(object)[LOCAL_CONFIG_ANNOTATION];
  return value !== undefined && value !== null && String(value) !== 'false';
}

/** True when the annotation `key` belongs to the orchestrators (path, index, ids, function config markers). */
export function isOrchestratorAnnotation(key: string): boolean {
  return key === LEGACY_ID_ANNOTATION || ORCHESTRATOR_ANNOTATION_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** The orchestrators' annotations of an object. */
export function orchestratorAnnotationsOf(object: AnyObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(object.metadata?.annotations ?? {})) if (isOrchestratorAnnotation(key)) out[key] = value;
  return out;
}

/**
 * The file of a kpt package an object was read from, and its index in that file: kpt's annotations,
 * else the legacy ones older kpt and kustomize write. Undefined when the object names no file.
 */
export function kptPlaceOf(object: unknown): { readonly path: string; readonly index?: string } | undefined {
  const annotations = annotationsOf(object);
  const path = annotations[PATH_ANNOTATION] ?? annotations[LEGACY_PATH_ANNOTATION];
  const index = annotations[INDEX_ANNOTATION] ?? annotations[LEGACY_INDEX_ANNOTATION];
  if (typeof path !== 'string' || path === '') return undefined;
  return index === undefined || index === null ? { path } : { path, index: String(index) };
}

/** The `file` of a result about an object: its kpt file, with the index when that is a number. */
export function resultFileOf(object: unknown): Result['file'] {
  const place = kptPlaceOf(object);
  if (!place) return undefined;
  return { path: place.path, ...(place.index !== undefined && /^\d+$/.test(place.index) ? { index: Number(place.index) } : {}) };
}

/**
 * Where Kubernetes workload kinds keep their pod spec: one table for every feature and check that
 * reads or edits pod specs (configMap references, imagePullSecrets, probes).
 */
export const POD_SPEC_PATHS: Readonly<Record<string, ObjectPath>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/**
 * An object's pod spec and its path, or undefined when its kind has none or the spec is not a
 * mapping there. Reads only; the spec returned is the object's own.
 */
export function podSpecOf(object: DeepReadonly<KubeObject>): { path: ObjectPath; spec: Record<string, unknown> } | undefined {
  const path = POD_SPEC_PATHS[object.kind];
  if (!path) return undefined;
  let node: unknown = object;
  for (const key of path) node = isPlainObject(node) ? node[key as string] : undefined;
  return isPlainObject(node) ? { path, spec: node } : undefined;
}

/**
 * The labels of an object's pods: a Pod's own, or its pod template's (beside the pod spec), or
 * undefined when its kind has no pods. Labels that are not strings are left out.
 */
export function podLabelsOf(object: DeepReadonly<KubeObject>): Record<string, string> | undefined {
  const path = POD_SPEC_PATHS[object.kind];
  if (!path) return undefined;
  let node: unknown = object;
  for (const key of [...path.slice(0, -1), 'metadata', 'labels']) node = isPlainObject(node) ? node[key as string] : undefined;
  const labels: Record<string, string> = {};
  if (isPlainObject(node)) for (const [key, value] of Object.entries(node)) if (typeof value === 'string') labels[key] = value;
  return labels;
}
