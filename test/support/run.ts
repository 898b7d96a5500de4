/** Helpers to run the function in-process on fixtures. */
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { splitDocuments, wrapDocuments } from '../../src/io';
import { runFunction } from '../../src/run';
import type { RunOutcome } from '../../src/run';

/** Runs the function on a multi-document manifest text with a functionConfig. */
export function runOnManifests(manifests: string, functionConfig?: unknown): RunOutcome {
  return runFunction(wrapDocuments(splitDocuments(manifests), functionConfig));
}

/** The items of a ResourceList text as plain objects. */
export function itemsOf(resourceList: string): Record<string, any>[] {
  const parsed = YAML.parse(resourceList) as { items: Record<string, any>[] | null };
  return parsed.items ?? [];
}

/** A DrydockConfig with the given spec. */
export function drydockConfig(spec: unknown): unknown {
  return { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec };
}

/** A DRYDOCK_* ConfigMap. */
export function drydockConfigMap(data: Record<string, string>): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock' }, data };
}

/** Every feature switched off (fn-config/all-off.yaml): the function must then leave every item as it is. */
export const ALL_OFF_SPEC = (YAML.parse(readFileSync(path.join(__dirname, '..', '..', 'fn-config', 'all-off.yaml'), 'utf8')) as { spec: unknown }).spec;

/** Finds an object by kind and name. */
export function find(items: Record<string, any>[], kind: string, name: string): Record<string, any> | undefined {
  return items.find((item) => item.kind === kind && item.metadata?.name === name);
}
