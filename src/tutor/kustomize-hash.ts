/**
 * kustomize's content hash of a generated ConfigMap (the `-77h27t969b` of `caddy-config-77h27t969b`),
 * computed exactly as kustomize 4 and 5 compute it, so a ConfigMap drydock-fn edits or generates
 * gets the very name kustomize would have given the same content.
 *
 * What kustomize hashes (api/hasher, kyaml era): the JSON encoding, with Go's `json.Marshal`, of
 * `{"data": <data>, "kind": "ConfigMap", "name": ""}` (plus `binaryData` when present). The name is
 * looked up at the top level of the object, where there is none, so it is always empty: the hash
 * depends on the content only. The key order is Go's (sorted by bytes); Go escapes `<`, `>`, `&`,
 * U+2028 and U+2029. The sha256 hex digest is cut to 10 characters and the characters 0, 1, 3, a, e
 * become g, h, k, m, t (no vowels, no look-alike digits).
 */
import { NEEDS_HASH_ANNOTATION } from '../krm/annotations';
import type { DeepReadonly, KubeObject } from '../krm/types';
import { isPlainObject } from '../krm/types';

/** Length of kustomize's suffix. */
export const HASH_LENGTH = 10;

const SUFFIX = /^(.*)-([0-9a-z]{10})$/;

/**
 * The suffix kustomize appends to a generated ConfigMap with this `data` (and `binaryData`).
 * Guarantee: equal to kustomize's for any data of strings (tested against kustomize's own output).
 */
export function kustomizeConfigMapHash(data: unknown, binaryData?: unknown): string {
  const encoded: Record<string, unknown> = { data: data === undefined || data === null ? '' : data, kind: 'ConfigMap', name: '' };
  if (isPlainObject(binaryData) && Object.keys(binaryData).length > 0) encoded.binaryData = binaryData;
  // crypto is loaded on first use: most runs hash nothing, and loading it costs start-up time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('crypto') as typeof import('crypto');
  return encodeSuffix(createHash('sha256').update(goJson(encoded), 'utf8').digest('hex'));
}

/** The hash kustomize would give this ConfigMap's current content. */
export function hashOfConfigMap(object: DeepReadonly<KubeObject>): string {
  return kustomizeConfigMapHash(object.data, object.binaryData);
}

/** `{ base, suffix }` when the name ends with something shaped like a kustomize suffix. */
export function splitHashedName(name: string): { base: string; suffix: string } | undefined {
  const match = SUFFIX.exec(name);
  return match ? { base: match[1], suffix: match[2] } : undefined;
}

/** True when the ConfigMap's name is `<base>-<hash of its own content>`: kustomize generated it so. */
export function carriesOwnHash(object: DeepReadonly<KubeObject>): boolean {
  const split = splitHashedName(object.metadata.name);
  return split !== undefined && split.suffix === hashOfConfigMap(object);
}

/** True when kustomize will still hash this object after the transformers (an overlay's input). */
export function awaitsKustomizeHash(object: DeepReadonly<KubeObject>): boolean {
  return object.metadata.annotations?.[NEEDS_HASH_ANNOTATION] === 'enabled';
}

function encodeSuffix(hex: string): string {
  const replacements: Readonly<Record<string, string>> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  let out = '';
  for (const char of hex.slice(0, HASH_LENGTH)) out += replacements[char] ?? char;
  return out;
}

/** JSON as Go's encoding/json writes it: map keys sorted by their UTF-8 bytes, HTML-safe escapes. */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
    return `{${keys.map((key) => `${goString(key)}:${goJson(value[key])}`).join(',')}}`;
  }
  if (typeof value === 'string') return goString(value);
  return JSON.stringify(value ?? null);
}

function goString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How generated ConfigMaps are named in this input, judged from Tutor's own generated ConfigMaps. */
export type GeneratedConfigMapNaming =
  /** An overlay's input: kustomize suffixes them after the transformers (they carry needsHashSuffix). */
  | 'kustomize-pending'
  /** Built manifests: their names already end with the hash of their content. */
  | 'hashed'
  /** Neither: plain names. */
  | 'plain';

/** Tutor's configMapGenerator ConfigMaps, which tell how this input names generated ConfigMaps. */
const TUTOR_GENERATED = /^(caddy-config|openedx-config|openedx-settings-lms|openedx-settings-cms|openedx-uwsgi-config|redis-config)(-[0-9a-z]{10})?$/;

/** The naming of generated ConfigMaps in this input (see {@link GeneratedConfigMapNaming}). */
export function namingOfGeneratedConfigMaps(objects: readonly DeepReadonly<KubeObject>[]): GeneratedConfigMapNaming {
  const generated = objects.filter((object) => object.kind === 'ConfigMap' && TUTOR_GENERATED.test(object.metadata.name));
  if (generated.some(awaitsKustomizeHash)) return 'kustomize-pending';
  if (generated.some(carriesOwnHash)) return 'hashed';
  return 'plain';
}
