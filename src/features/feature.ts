/** The contract every feature module implements. */
import type { DrydockSettings } from '../config/settings';
import type { Change } from '../krm/changes';
import type { ResourceView } from '../krm/resource-set';
import type { Result } from '../krm/types';
import type { TutorContext } from '../tutor/context';

export interface FeatureInput {
  /** The items as they are after the features before this one ran. */
  readonly resources: readonly ResourceView[];
  readonly settings: DrydockSettings;
  readonly tutor: TutorContext;
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
  isEnabled(settings: DrydockSettings): boolean;
  run(input: FeatureInput): FeatureOutput;
}

/** The items a feature may change: not pass-through ones. */
export function changeable(resources: readonly ResourceView[]): readonly ResourceView[] {
  return resources.filter((view) => !view.passThrough);
}

export const NO_OUTPUT: FeatureOutput = { changes: [], results: [] };
