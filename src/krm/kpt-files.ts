/**
 * The files kpt writes the items of a package to: each item's path and index annotations. kpt refuses
 * a whole render when two items of a function's output have one path and index ("resource at path …
 * and index … already exists"), so every object drydock-fn generates gets a place no other item of the
 * output holds: the input items that stay, and the objects generated before it in the run, whatever
 * their instance.
 */
import { dns1123SubdomainProblem } from './names';
import { kptPlaceOf } from './object';
import type { DeepReadonly, KubeObject } from './types';

/** A place in a kpt package: a file relative to the package, and the index of the document in it. */
export interface KptPlace {
  readonly path: string;
  readonly index: string;
}

const FOLDER = 'drydock-fn';

/**
 * `drydock-fn/<kind>_<name>.yaml`, or with the namespace as a folder: `drydock-fn/<namespace>/<kind>_<name>.yaml`.
 * No path leaves `drydock-fn/` (kpt writes a path anywhere in the package, another file included),
 * whatever the input's names hold: only a namespace Kubernetes takes (a DNS name) becomes a folder, and
 * a slash in a name (a Job named after an init task's service) is written `_`.
 */
export function generatedPath(object: DeepReadonly<KubeObject> | KubeObject, inNamespaceFolder = false): string {
  const namespace = object.metadata.namespace;
  const folder = inNamespaceFolder && namespace && dns1123SubdomainProblem(namespace) === undefined ? `${namespace}/` : '';
  return `${FOLDER}/${folder}${`${object.kind.toLowerCase()}_${object.metadata.name}`.replace(/[/\\]/g, '_')}.yaml`;
}

/** A path as kpt resolves it within the package: `./a.yaml`, `b/../a.yaml` and `a.yaml` are one file. */
function normalised(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

const keyOf = (path: string, index: string): string => `${normalised(path)}#${index}`;

/** Whether a kpt path is a file drydock-fn chose (under `drydock-fn/`), not one of the package's own. */
export function isGeneratedFile(path: string): boolean {
  return normalised(path).startsWith(`${FOLDER}/`);
}

export class KptFiles {
  private readonly taken = new Set<string>();

  /**
   * `items`: the items of the output that hold their place already (their headers suffice).
   * `namespaceFolders`: the list holds several Tutor instances, each of its own namespace, which
   * generate objects of the same kinds and names: each instance's go to a folder of its namespace.
   */
  constructor(items: readonly (DeepReadonly<KubeObject> | KubeObject)[] = [], private readonly namespaceFolders = false) {
    for (const item of items) {
      const place = kptPlaceOf(item);
      if (place) this.taken.add(keyOf(place.path, place.index ?? '0'));
    }
  }

  /**
   * The place of a new object, now held: `drydock-fn/<kind>_<name>.yaml` (in a folder of its namespace
   * when the list holds several instances); when another item holds it, the same in the folder of its
   * namespace; when that is held too, the first free index in that file. Deterministic: the same list
   * gives the same places.
   */
  claim(object: DeepReadonly<KubeObject> | KubeObject): KptPlace {
    const candidates = [...new Set([generatedPath(object, this.namespaceFolders), generatedPath(object, true)])];
    let place: KptPlace | undefined = candidates.map((path) => ({ path, index: '0' })).find((candidate) => !this.taken.has(keyOf(candidate.path, candidate.index)));
    if (!place) {
      const path = candidates[candidates.length - 1];
      let index = 1;
      while (this.taken.has(keyOf(path, String(index)))) index++;
      place = { path, index: String(index) };
    }
    this.taken.add(keyOf(place.path, place.index));
    return place;
  }
}
