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
import { withCode } from '../krm/codes';
import type { DeepReadonly, KubeObject, ObjectPath, Result } from '../krm/types';
import { formatPath, isPlainObject, jsonEqual } from '../krm/types';
import { podSpecOf } from '../krm/object';
import { awaitsKustomizeHash, carriesOwnHash, hashOfConfigMap, splitHashedName } from '../tutor/kustomize-hash';
import type { Feature } from './feature';
import { changeable, resultAbout } from './feature';

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

/**
 * The namespace an object is deployed into: its own, or, written without one, the instance's (where
 * kubectl and Argo CD put it); '' when neither is known.
 */
const deployedIn = (object: DeepReadonly<KubeObject>, instanceNamespace: string | undefined): string => object.metadata.namespace || instanceNamespace || '';

export const configMapHashes: Feature = {
  name: 'configmap-hashes',
  isEnabled: () => true,
  run({ resources, tutor }) {
    const namespaceOf = (object: DeepReadonly<KubeObject>): string => deployedIn(object, tutor.namespace);
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

/** A reference to a ConfigMap from an object outside the Tutor instance (which drydock-fn never changes). */
export interface OutsideReference {
  /** The object's header (kind, metadata): enough to name it. */
  readonly object: DeepReadonly<KubeObject>;
  readonly path: ObjectPath;
  readonly name: string;
}

/** The ConfigMap references of an object outside the instance, kept once its value is released. */
export function outsideReferences(header: DeepReadonly<KubeObject>, object: DeepReadonly<KubeObject>): OutsideReference[] {
  return configMapReferences(object).map((reference) => ({ object: header, ...reference }));
}

/**
 * Warnings for the objects outside the instance that refer, in the namespace they are deployed into,
 * to a ConfigMap this run renamed. kustomize would follow the rename in any object; drydock-fn only
 * ever changes the Tutor instance's objects, so the other tool's object keeps the old name, which no
 * longer exists once the output is applied: the warning names it, the field and the new name.
 */
export function referencesLeftBehind(renames: readonly { readonly object: DeepReadonly<KubeObject>; readonly from: string }[], references: readonly OutsideReference[], instanceNamespace: string | undefined): Result[] {
  const renamed = new Map<string, string>();
  for (const { object, from } of renames) {
    if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') renamed.set(`${deployedIn(object, instanceNamespace)}/${from}`, object.metadata.name);
  }
  if (renamed.size === 0) return [];
  const results: Result[] = [];
  for (const reference of references) {
    const to = renamed.get(`${deployedIn(reference.object, instanceNamespace)}/${reference.name}`);
    if (to === undefined) continue;
    const field = formatPath(reference.path);
    const message =
      `${field}: refers to ConfigMap ${reference.name} of the Tutor instance, which drydock-fn renames to ${to} (the kustomize hash of the content it edited);` +
      ` this ${reference.object.kind} is not the instance's (another instance's, tool's or application's labels) and drydock-fn leaves it as it is, so it would refer to a ConfigMap that no longer exists:` +
      ` point it at ${to}, or build it with Tutor's env in one kustomize overlay, where kustomize's own hashing follows the rename`;
    results.push(withCode(resultAbout(reference.object, 'warning', message, field), 'RENAMED_REFERENCE_OUTSIDE'));
  }
  return results;
}
