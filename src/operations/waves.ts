/**
 * The Argo CD sync plan of a set of manifests: which objects each sync wave holds, hooks marked,
 * in the order Argo CD applies them. For an operator whose sync stops at a wave: what is in that
 * wave, and what waits for it.
 */
import { isLocalConfig } from '../krm/object';
import { isPlainObject } from '../krm/types';
import { oneLine } from '../one-line';

type Item = Record<string, any>;

export interface PlannedObject {
  readonly wave: number;
  readonly resource: string;
  /** The Argo CD hook (Sync, PreSync …), or undefined for a plain resource. */
  readonly hook?: string;
}

export interface SyncPlan {
  /** Objects Argo CD applies, by wave then kind order then name. */
  readonly planned: readonly PlannedObject[];
  /** Objects marked `hook: Skip`: Argo CD never applies them (Tutor's job templates). */
  readonly skipped: readonly string[];
}

/** Argo CD's kind order within a wave (gitops-engine sync-tasks: namespaces first, … workloads, then the rest). */
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList',
  'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod',
  'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress',
  'APIService',
];

function kindRank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}

/** The sync plan of `objects` (local-config objects, never applied, are left out). */
export function syncPlan(objects: readonly unknown[]): SyncPlan {
  const planned: PlannedObject[] = [];
  const skipped: string[] = [];
  for (const object of objects) {
    if (!isPlainObject(object)) continue;
    const item = object as Item;
    const annotations = isPlainObject(item.metadata?.annotations) ? (item.metadata.annotations as Record<string, unknown>) : {};
    if (isLocalConfig(item)) continue;
    const resource = `${item.kind}/${item.metadata?.name}`;
    const hook = typeof annotations['argocd.argoproj.io/hook'] === 'string' ? (annotations['argocd.argoproj.io/hook'] as string) : undefined;
    if (hook?.split(',').map((value) => value.trim()).includes('Skip')) {
      skipped.push(resource);
      continue;
    }
    const wave = Number.parseInt(String(annotations['argocd.argoproj.io/sync-wave'] ?? '0'), 10);
    planned.push({ wave: Number.isNaN(wave) ? 0 : wave, resource, ...(hook ? { hook } : {}) });
  }
  planned.sort((a, b) => a.wave - b.wave || kindRank(a.resource.split('/')[0]) - kindRank(b.resource.split('/')[0]) || a.resource.localeCompare(b.resource));
  return { planned, skipped: skipped.sort() };
}

/** The plan as a table, one object a line; with `wave`, that wave only. */
export function textPlan(plan: SyncPlan, wave?: number): string {
  const out: string[] = ['WAVE  HOOK     RESOURCE'];
  for (const entry of plan.planned) if (wave === undefined || entry.wave === wave) out.push(`${String(entry.wave).padStart(4)}  ${(entry.hook ?? '').padEnd(7)}  ${entry.resource}`);
  if (plan.skipped.length > 0 && wave === undefined) out.push('', 'Never applied (hook: Skip):', ...plan.skipped.map((resource) => `  ${resource}`));
  // Kinds, names and hooks come from the manifests: each object stays on its line.
  return `${out.map(oneLine).join('\n')}\n`;
}
