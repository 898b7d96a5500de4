/**
 * Kubernetes label selectors (`metav1.LabelSelector`) as the API server evaluates them
 * (apimachinery's `LabelSelectorAsSelector`): `matchLabels` and `matchExpressions` are ANDed; `In`
 * needs the label with one of the values, `NotIn` its absence or another value, `Exists` and
 * `DoesNotExist` its presence or absence. An empty selector selects everything, a null one nothing
 * (the caller decides which applies: policy/v1beta1 PodDisruptionBudgets read an empty one as none).
 */
import type { DeepReadonly } from './types';
import { isPlainObject } from './types';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

const OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * A selector of a manifest, or undefined when it is none the API server accepts (wrong types, an
 * unknown operator, In or NotIn without values, Exists or DoesNotExist with some).
 */
export function readLabelSelector(value: unknown): LabelSelector | undefined {
  if (!isPlainObject(value)) return undefined;
  const { matchLabels = {}, matchExpressions = [] } = value as { matchLabels?: unknown; matchExpressions?: unknown };
  if (matchLabels !== null && !isPlainObject(matchLabels)) return undefined;
  if (matchExpressions !== null && !Array.isArray(matchExpressions)) return undefined;
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries(matchLabels ?? {})) {
    if (typeof label !== 'string') return undefined;
    labels[key] = label;
  }
  const requirements: LabelSelectorRequirement[] = [];
  for (const entry of (matchExpressions ?? []) as unknown[]) {
    if (!isPlainObject(entry)) return undefined;
    const { key, operator, values = [] } = entry as { key?: unknown; operator?: unknown; values?: unknown };
    if (typeof key !== 'string' || typeof operator !== 'string' || !OPERATORS.includes(operator)) return undefined;
    if (values !== null && (!Array.isArray(values) || values.some((item) => typeof item !== 'string'))) return undefined;
    const list = (values ?? []) as string[];
    if ((operator === 'In' || operator === 'NotIn') !== list.length > 0) return undefined;
    requirements.push({ key, operator: operator as LabelSelectorRequirement['operator'], values: list });
  }
  return { matchLabels: labels, matchExpressions: requirements };
}

/** Whether the selector has no requirement at all. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** Whether the selector selects an object with these labels (an empty selector selects every one). */
export function selectorMatches(selector: LabelSelector, labels: DeepReadonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) if (!hasLabel(labels, key) || labels[key] !== value) return false;
  return selector.matchExpressions.every((requirement) => requirementMatches(requirement, labels));
}

function hasLabel(labels: DeepReadonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

function requirementMatches({ key, operator, values }: LabelSelectorRequirement, labels: DeepReadonly<Record<string, string>>): boolean {
  switch (operator) {
    case 'In':
      return hasLabel(labels, key) && values.includes(labels[key]);
    case 'NotIn':
      return !hasLabel(labels, key) || !values.includes(labels[key]);
    case 'Exists':
      return hasLabel(labels, key);
    case 'DoesNotExist':
      return !hasLabel(labels, key);
  }
}
