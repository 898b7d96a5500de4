/**
 * Where Kubernetes workload kinds keep their pod spec: one table for every feature and check that
 * reads or edits pod specs (configMap references, imagePullSecrets, probes).
 */
import type { DeepReadonly, KubeObject, ObjectPath } from './types';
import { isPlainObject } from './types';

/** The path of the pod spec in each kind that has one. */
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
