/** Paths into a Deployment's pod template, and finding a container by name (never by position). */
import { podSpecOf } from '../../krm/object';
import type { ResourceView } from '../../krm/resource-set';
import type { ObjectPath } from '../../krm/types';
import { isPlainObject } from '../../krm/types';

export const POD_SPEC: ObjectPath = ['spec', 'template', 'spec'];
export const CONTAINERS: ObjectPath = [...POD_SPEC, 'containers'];

/** The containers of a Deployment's pod template (empty when there are none). */
export function containersOf(view: ResourceView): readonly Readonly<Record<string, unknown>>[] {
  const containers = podSpecOf(view.object)?.spec.containers;
  return Array.isArray(containers) ? containers.filter(isPlainObject) : [];
}

/** Index of the container called `name`, or undefined. */
export function containerIndex(view: ResourceView, name: string): number | undefined {
  const containers = podSpecOf(view.object)?.spec.containers;
  if (!Array.isArray(containers)) return undefined;
  const index = containers.findIndex((container) => isPlainObject(container) && container.name === name);
  return index < 0 ? undefined : index;
}

/** The container at `index` (read-only). */
export function containerAt(view: ResourceView, index: number): Readonly<Record<string, unknown>> {
  return (podSpecOf(view.object)?.spec.containers as Record<string, unknown>[])[index];
}

/** Index of the list entry whose `name` is `name` (env, volumes, volumeMounts), or -1. */
export function indexByName(list: unknown, name: string): number {
  return Array.isArray(list) ? list.findIndex((entry) => isPlainObject(entry) && entry.name === name) : -1;
}
