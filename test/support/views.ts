/** Builds feature inputs from plain objects, for table-driven feature tests. */
import { decodeFunctionConfig } from '../../src/config/decode';
import type { DrydockSettings } from '../../src/config/settings';
import type { Feature, FeatureOutput } from '../../src/features/feature';
import { inputItemOf } from '../../src/krm/read';
import { ResourceSet } from '../../src/krm/resource-set';
import type { KubeObject } from '../../src/krm/types';
import { deriveTutorContext } from '../../src/tutor/context';
import { drydockConfig } from './run';

/** Settings from a DrydockConfig spec; fails the test on any decoding problem. */
export function settingsOf(spec: unknown = {}): DrydockSettings {
  const decoded = decodeFunctionConfig(drydockConfig(spec));
  if (decoded.results.length > 0) throw new Error(JSON.stringify(decoded.results));
  return decoded.settings;
}

/** A resource set over plain objects (as if read from a ResourceList). */
export function resourceSetOf(objects: readonly Record<string, unknown>[]): ResourceSet {
  return new ResourceSet(objects.map((value, position) => inputItemOf(JSON.parse(JSON.stringify(value)) as KubeObject, position)));
}

/** Runs one feature over objects; returns its output and the objects after its changes. */
export function runFeature(feature: Feature, objects: readonly Record<string, unknown>[], spec: unknown = {}): FeatureOutput & { objects: KubeObject[] } {
  const settings = settingsOf(spec);
  const resources = resourceSetOf(objects);
  const views = resources.views();
  const tutor = deriveTutorContext(views, settings);
  const output = feature.run({ resources: views, settings, tutor });
  resources.apply(output.changes);
  // As a run reports them: the feature's results, then what the Tutor context found in the manifests.
  return { ...output, results: [...output.results, ...tutor.takeResults()], objects: resources.views().map((view) => view.object as KubeObject) };
}
