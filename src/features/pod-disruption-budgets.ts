/**
 * PodDisruptionBudgets (reference §3.12): `<component>-pdb` with `minAvailable: "<n>%"` for each of
 * lms, lms-worker, cms, cms-worker, mfe, forum and caddy whose percentage is above 0.
 *
 * Beyond Drydock: only for components whose Deployment is in the manifests (Drydock rendered the lms
 * to caddy ones unconditionally and guessed mfe and forum from Tutor settings), and the selector is
 * the Deployment's own pod selector, so it matches exactly the pods it protects.
 */
import { create } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { DeepReadonly, KubeObject, Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import type { DrydockSettings } from '../config/settings';
import type { Feature } from './feature';
import { findResource, settingResult } from './feature';

/** Settings key → Deployment (and PDB) name, in Drydock's order. */
export const PDB_COMPONENTS: readonly (readonly [keyof DrydockSettings['podDisruptionBudgets'], string])[] = [
  ['mfe', 'mfe'],
  ['forum', 'forum'],
  ['caddy', 'caddy'],
  ['lms', 'lms'],
  ['lmsWorker', 'lms-worker'],
  ['cms', 'cms'],
  ['cmsWorker', 'cms-worker'],
];

export const podDisruptionBudgets: Feature = {
  name: 'pod-disruption-budgets',
  isEnabled: (settings) => Object.values(settings.podDisruptionBudgets).some((percentage) => percentage > 0),
  run(input) {
    const { resources, settings, tutor } = input;
    const changes: Change[] = [];
    const results: Result[] = [];
    for (const [key, component] of PDB_COMPONENTS) {
      const percentage = settings.podDisruptionBudgets[key];
      if (percentage <= 0) continue;
      const deployment = findResource(resources, 'Deployment', component);
      if (!deployment) {
        results.push(settingResult(input, 'info', ['podDisruptionBudgets', key], `no ${component} Deployment in the manifests: ${component}-pdb is not generated`));
        continue;
      }
      changes.push(
        create(
          tutor.decorate({
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name: `${component}-pdb` },
            spec: { minAvailable: `${percentage}%`, selector: { matchLabels: podSelector(deployment.object, component, tutor.commonLabels) } },
          }),
        ),
      );
    }
    return { changes, results };
  },
};

/**
 * The Deployment's `spec.selector.matchLabels`; when it has none, what Drydock's selector becomes after
 * Tutor's kustomization: the name label plus Tutor's common labels.
 */
function podSelector(deployment: DeepReadonly<KubeObject>, component: string, commonLabels: Readonly<Record<string, string>>): Record<string, string> {
  const selector = (deployment.spec as { selector?: { matchLabels?: unknown } } | undefined)?.selector?.matchLabels;
  if (isPlainObject(selector) && Object.keys(selector).length > 0 && Object.values(selector).every((value) => typeof value === 'string')) {
    return { ...(selector as Record<string, string>) };
  }
  return { ...commonLabels, 'app.kubernetes.io/name': component };
}
