/**
 * ConfigMap hash suffixes after the text edits (design: "ConfigMaps with hash suffixes"). A ConfigMap
 * whose data a feature changed in this run, and whose input name was `<base>-<kustomize hash of its
 * input content>`, is renamed to `<base>-<hash of its new content>`, and every reference to the old
 * name in the same namespace (volumes, projected volumes, envFrom, env valueFrom of every pod
 * template) follows, so the pods roll as they would had kustomize hashed the edited content.
 *
 * Nothing is renamed in a kustomize overlay (the ConfigMaps still await kustomize's hash: kustomize
 * hashes the edited content itself, after the transformers) nor when the name does not carry the
 * hash of the input content (plain names, or a name someone chose).
 */
import { set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { DeepReadonly, KubeObject, ObjectPath } from '../krm/types';
import { isPlainObject, jsonEqual } from '../krm/types';
import { podSpecOf } from '../krm/workloads';
import { awaitsKustomizeHash, carriesOwnHash, hashOfConfigMap, splitHashedName } from '../tutor/kustomize-hash';
import type { Feature } from './feature';
import { changeable } from './feature';

/** Every ConfigMap name an object's pod spec refers to, with the path of the reference. */
export function configMapReferences(object: DeepReadonly<KubeObject>): { path: ObjectPath; name: string }[] {
  const podSpec = podSpecOf(object);
  if (!podSpec) return [];
  const { path: base, spec } = podSpec;
  const found: { path: ObjectPath; name: string }[] = [];
  const add = (path: ObjectPath, holder: unknown): void => {
    if (isPlainObject(holder) && typeof holder.name === 'string') found.push({ path: [...path, 'name'], name: holder.name });
  };
  eachOf(spec.volumes, (volume, i) => {
    add([...base, 'volumes', i, 'configMap'], volume.configMap);
    const sources = isPlainObject(volume.projected) ? volume.projected.sources : undefined;
    eachOf(sources, (source, j) => add([...base, 'volumes', i, 'projected', 'sources', j, 'configMap'], source.configMap));
  });
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    eachOf(spec[list], (container, i) => {
      eachOf(container.envFrom, (source, j) => add([...base, list, i, 'envFrom', j, 'configMapRef'], source.configMapRef));
      eachOf(container.env, (variable, j) => {
        if (isPlainObject(variable.valueFrom)) add([...base, list, i, 'env', j, 'valueFrom', 'configMapKeyRef'], variable.valueFrom.configMapKeyRef);
      });
    });
  }
  return found;
}

function eachOf(list: unknown, visit: (entry: Record<string, unknown>, index: number) => void): void {
  if (Array.isArray(list)) list.forEach((entry, index) => isPlainObject(entry) && visit(entry, index));
}

const namespaceOf = (object: DeepReadonly<KubeObject>): string => object.metadata.namespace ?? '';

export const configMapHashes: Feature = {
  name: 'configmap-hashes',
  isEnabled: () => true,
  run({ resources }) {
    const changes: Change[] = [];
    const renames = new Map<string, string>();
    for (const view of changeable(resources)) {
      const object = view.object;
      if (object.kind !== 'ConfigMap' || object.apiVersion !== 'v1' || view.generated || awaitsKustomizeHash(object)) continue;
      const original = view.original();
      if (!original || original === object || original.metadata.name !== object.metadata.name) continue;
      if (jsonEqual(original.data, object.data) && jsonEqual(original.binaryData, object.binaryData)) continue;
      if (!carriesOwnHash(original)) continue;
      const renamed = `${splitHashedName(object.metadata.name)!.base}-${hashOfConfigMap(object)}`;
      if (renamed === object.metadata.name) continue;
      changes.push(set(view.handle, ['metadata', 'name'], renamed));
      renames.set(`${namespaceOf(object)}/${object.metadata.name}`, renamed);
    }
    if (renames.size === 0) return { changes, results: [] };
    for (const view of changeable(resources)) {
      for (const reference of configMapReferences(view.object)) {
        const renamed = renames.get(`${namespaceOf(view.object)}/${reference.name}`);
        if (renamed) changes.push(set(view.handle, reference.path, renamed));
      }
    }
    return { changes, results: [] };
  },
};
