/** The contract every feature module implements. */
import type { SettingResult } from '../config/decode';
import type { DrydockSettings } from '../config/settings';
import type { Change } from '../krm/changes';
import { withCode } from '../krm/codes';
import type { ResourceView } from '../krm/resource-set';
import { groupOf, refOf, resultFileOf } from '../krm/object';
import type { DeepReadonly, KubeObject, Result, Severity } from '../krm/types';
import type { TutorContext } from '../tutor/context';

export interface FeatureInput {
  /**
   * The items of the Tutor instance (tutor/instances.ts: its namespace or none, no other instance's or
   * tool's labels) as they are after the features before this one ran; the list's other items are
   * never seen, so every lookup and every pass over all items stays inside the instance.
   */
  readonly resources: readonly ResourceView[];
  readonly settings: DrydockSettings;
  readonly tutor: TutorContext;
  /** Results about a setting, with its path as the user wrote it (absent in unit tests: spec paths then). */
  readonly settingResult?: SettingResult;
}

export interface FeatureOutput {
  readonly changes: readonly Change[];
  readonly results: readonly Result[];
}

/**
 * A feature is a pure function of the current items, the settings and the Tutor context. It never
 * parses or prints YAML; it states its changes and the krm layer applies them. Running it on its own
 * output must produce no changes.
 */
export interface Feature {
  /** Module name, used in messages: "sync-waves". */
  readonly name: string;
  /**
   * `check`: runs after every other feature and after objects of earlier runs that no feature
   * produced any more were pruned, on the output as it will be written; it returns results only.
   */
  readonly stage?: 'check';
  isEnabled(settings: DrydockSettings): boolean;
  run(input: FeatureInput): FeatureOutput;
}

/** The items a feature may change: not pass-through ones. */
export function changeable(resources: readonly ResourceView[]): readonly ResourceView[] {
  return resources.filter((view) => !view.passThrough);
}

/**
 * A result about one item, with its reference and, when known, the field and the file it came from
 * (kpt's path annotation), so kpt and the stderr line both point at it.
 */
export function resultFor(view: ResourceView, severity: Severity, message: string, fieldPath?: string): Result {
  return resultAbout(view.object, severity, message, fieldPath, !view.generated);
}

/** {@link resultFor} about an object that is no view of the run (an item outside the instance); `withFile`: name its kpt file. */
export function resultAbout(object: DeepReadonly<KubeObject>, severity: Severity, message: string, fieldPath?: string, withFile = true): Result {
  const file = withFile ? resultFileOf(object) : undefined;
  return {
    severity,
    message,
    // A result about one item says it is not as drydock-fn needs it; callers with a more precise code replace it.
    tags: { code: 'RESOURCE_INVALID' },
    resourceRef: refOf(object),
    ...(fieldPath ? { field: { path: fieldPath } } : {}),
    ...(file ? { file } : {}),
  };
}

/** The items of one kind (and API group, when given), changeable ones only. */
export function ofKind(resources: readonly ResourceView[], kind: string, group?: string): readonly ResourceView[] {
  return changeable(resources).filter((view) => view.object.kind === kind && (group === undefined || groupOf(view.object.apiVersion) === group));
}

/** The changeable item of a kind and name, if present (the instance's: a kind and name is unique in it). */
export function findResource(resources: readonly ResourceView[], kind: string, name: string): ResourceView | undefined {
  return changeable(resources).find((view) => view.object.kind === kind && view.object.metadata.name === name);
}

/**
 * A result about a setting (a cross-field problem the codecs cannot see): `spec.ingress.extraHosts[1]`
 * for a DrydockConfig, `data.DRYDOCK_INGRESS_EXTRA_HOSTS` for a ConfigMap. The message must not hold a
 * secret value.
 */
export function settingResult(input: Pick<FeatureInput, 'settingResult'>, severity: Severity, path: readonly (string | number)[], message: string): Result {
  if (input.settingResult) return input.settingResult(severity, path, message);
  let field = 'spec';
  for (const key of path) field += typeof key === 'number' ? `[${key}]` : key.startsWith('["') ? key : `.${key}`;
  return { severity, message: `${field}: ${message}`, field: { path: field }, tags: { code: 'CONFIG_SETTING' } };
}

/**
 * A warning that a resource an enabled feature works on is not in the manifests, about the setting
 * that enables the feature (code RESOURCE_MISSING).
 */
export function missingResource(input: Pick<FeatureInput, 'settingResult'>, path: readonly (string | number)[], message: string): Result {
  return withCode(settingResult(input, 'warning', path, message), 'RESOURCE_MISSING');
}
