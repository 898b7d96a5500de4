/**
 * Stable codes for the results drydock-fn reports about bad input, bad settings and the semantic
 * checks, carried in the result's `tags.code` (the KRM functions specification's free-form tags), so
 * that CI jobs and tests can match on a code instead of on the wording of a message.
 */
import type { Result } from './types';

export const RESULT_CODES = {
  // The bytes and the ResourceList around the items (the items are not trusted: none come back).
  INPUT_EMPTY: 'nothing on stdin',
  INPUT_TOO_LARGE: 'more bytes than drydock-fn accepts',
  INPUT_NOT_UTF8: 'the bytes are not UTF-8 text',
  INPUT_YAML_SYNTAX: 'not valid YAML (tabs, unclosed quotes, bad indentation …)',
  INPUT_DUPLICATE_KEY: 'a mapping has the same key twice',
  INPUT_ALIAS_LIMIT: 'more than 1,000 aliases in the input, or aliases and merge keys expanding beyond the limit (an alias bomb)',
  INPUT_TOO_DEEP: 'the document nests deeper than any Kubernetes object',
  INPUT_MULTIPLE_DOCUMENTS: 'more than one YAML document on stdin',
  INPUT_NOT_RESOURCE_LIST: 'the document is not a ResourceList',
  INPUT_API_VERSION: 'a ResourceList apiVersion drydock-fn does not know',
  INPUT_ITEMS_INVALID: 'the items field is missing or not a list',
  // One item (the items come back as they came in).
  ITEM_NOT_OBJECT: 'an item is not a mapping',
  ITEM_MISSING_FIELD: 'an item lacks apiVersion, kind or metadata.name',
  ITEM_INVALID_METADATA: 'an item has metadata, labels or annotations of the wrong type',
  ITEM_DUPLICATE_ID: 'two items have the same group, kind, namespace and name',
  INPUT_UNPORTABLE_CHARACTER: 'a raw character YAML 1.1 readers read as a line break (U+0085, U+2028, U+2029) or refuse (control characters, U+FFFE, U+FFFF)',
  // The functionConfig.
  CONFIG_KIND: 'a functionConfig kind drydock-fn does not read',
  CONFIG_API_VERSION: 'a DrydockConfig apiVersion drydock-fn does not know',
  CONFIG_UNKNOWN_FIELD: 'a setting that does not exist',
  CONFIG_INVALID_VALUE: 'a setting of the wrong type or out of range',
  CONFIG_IGNORED: 'a Drydock setting drydock-fn accepts and ignores',
  CONFIG_SETTING: 'a setting a feature cannot apply to these manifests',
  CONFIG_TEXT_LOST: 'reading a ConfigMap value as Tutor reads config.yml (YAML 1.1) dropped or changed part of its text (a comment, quotes, an anchor, `yes` read as a boolean, `010` as octal …): the warning says how to write it',
  // The manifests.
  RESOURCE_MISSING: 'a Tutor resource an enabled feature works on is not in the manifests',
  RESOURCE_CONFLICT: 'the input already has an object of the name drydock-fn generates, not made by drydock-fn',
  UPGRADE_MANUAL_STEP: 'a step of a release upgrade that Tutor leaves to the operator on Kubernetes',
  RESOURCE_INVALID: 'a resource drydock-fn reads (TutorInitTasks, a job template, a Deployment it edits) is not as it must be',
  HOST_NORMALIZED: 'a host of the manifests written in the form an Ingress or HTTPRoute takes: lower-cased (info), in punycode or without its trailing dot (warning)',
  HOST_INVALID: 'a host of the manifests that no Ingress or HTTPRoute can route (an underscore, a wildcard, an IP address …): its Ingress or HTTPRoute is not generated (warning)',
  ROUTE_CONFLICT: 'a generated Ingress rule routes a host and path that another Ingress of its class routes (generated, of the input, or a Tutor host served without one), or a generated HTTPRoute one that another HTTPRoute routes (generated, or of the input); the debug canary and debug routes excepted',
  TLS_SECRET_CONFLICT: 'a TLS Secret that cert-manager fills for a generated Ingress or a listener of the generated Gateway is named by another Ingress, listener or a Certificate',
  PDB_OVERLAP: 'a generated PodDisruptionBudget would select pods another budget (of the input, or generated) selects: the eviction API refuses to evict them',
  VALUE_LONE_SURROGATE: 'a value drydock-fn would write holds an unpaired UTF-16 surrogate (from an escape in the input), which UTF-8 cannot hold',
  // The Tutor instance(s) of the ResourceList.
  INSTANCE_NAMESPACE: 'two Tutor instances share a namespace, or an object generated for one instance is another\'s',
  INSTANCE_NONE: 'items that are not a Tutor instance\'s (another namespace, another instance\'s or tool\'s labels), left as they are',
  INSTANCE_AMBIGUOUS: 'objects of one kind and name in several namespaces, and nothing tells which one is the Tutor instance\'s',
  GENERATED_PRUNED: 'objects drydock-fn generated that no feature produces any more, removed where that would surprise: in a namespace the instance has left, of an instance the list no longer holds, or in a file of the package\'s own',
  RENAMED_REFERENCE_OUTSIDE: 'an object outside the Tutor instance refers to a ConfigMap drydock-fn renames to the hash of its edited content; it is left as it is, with the old name',
  // Semantic checks over the output (validator).
  HOOK_ON_NON_JOB: 'an Argo CD hook on something other than a Job',
  JOB_LIMITS_MISSING: 'a generated Job without backoffLimit, ttlSecondsAfterFinished or activeDeadlineSeconds',
  CRONJOB_CONCURRENCY: 'a CronJob whose runs may overlap (concurrencyPolicy is not Forbid)',
  HPA_NO_CPU_REQUEST: 'a CPU HorizontalPodAutoscaler whose target has a container without a CPU request',
  PROBE_PORT_NOT_EXPOSED: 'a probe on a port its container does not expose',
  CADDY_DUPLICATE_SITE: 'two sites of a Caddyfile drydock-fn writes have the same address, which Caddy refuses',
  // drydock-fn itself.
  INTERNAL_ERROR: 'a bug in drydock-fn',
} as const;

export type ResultCode = keyof typeof RESULT_CODES;

/** The checks of the validation step; `validation.skip` may name them. */
export const CHECK_CODES = [
  'RESOURCE_MISSING',
  'HOOK_ON_NON_JOB',
  'JOB_LIMITS_MISSING',
  'CRONJOB_CONCURRENCY',
  'HPA_NO_CPU_REQUEST',
  'PROBE_PORT_NOT_EXPOSED',
  'CADDY_DUPLICATE_SITE',
] as const satisfies readonly ResultCode[];
export type CheckCode = (typeof CHECK_CODES)[number];

/** The result with `tags.code` set (other tags kept). */
export function withCode(result: Result, code: ResultCode): Result {
  return { ...result, tags: { ...(result.tags ?? {}), code } };
}

/** The code of a result, if it has one. */
export function codeOf(result: Result): ResultCode | undefined {
  const code = result.tags?.code;
  // no tags, or no code: hasOwnProperty looks for a key "undefined", which no code is
  return Object.prototype.hasOwnProperty.call(RESULT_CODES, code as string) ? (code as ResultCode) : undefined;
}
