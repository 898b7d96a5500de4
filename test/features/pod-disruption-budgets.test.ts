import { podDisruptionBudgets } from '../../src/features/pod-disruption-budgets';
import { schemaProblems } from '../support/k8s-schema';
import { tutorObjects } from '../support/tutor-objects';
import { runFeature, settingsOf } from '../support/views';

const ALL = { lms: 50, lmsWorker: 40, cms: 30, cmsWorker: 20, mfe: 10, forum: 100, caddy: 1 };

describe('PodDisruptionBudgets', () => {
  test('off by default: every percentage is 0', () => {
    expect(podDisruptionBudgets.isEnabled(settingsOf({}))).toBe(false);
    expect(podDisruptionBudgets.isEnabled(settingsOf({ podDisruptionBudgets: { caddy: 1 } }))).toBe(true);
  });

  test('one per component with a percentage, minAvailable as a percentage string, the Deployment\'s own selector', () => {
    const before = tutorObjects({ mfeApps: ['learning'], forum: true });
    const { objects, results } = runFeature(podDisruptionBudgets, before, { podDisruptionBudgets: ALL });
    const added = objects.slice(before.length) as Record<string, any>[];
    expect(results).toEqual([]);
    expect(added.map((item) => [item.metadata.name, item.spec.minAvailable])).toEqual([
      ['mfe-pdb', '10%'],
      ['forum-pdb', '100%'],
      ['caddy-pdb', '1%'],
      ['lms-pdb', '50%'],
      ['lms-worker-pdb', '40%'],
      ['cms-pdb', '30%'],
      ['cms-worker-pdb', '20%'],
    ]);
    const lms = before.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms') as Record<string, any>;
    expect(added[3].spec.selector).toEqual({ matchLabels: lms.spec.selector.matchLabels });
    expect(added[3].metadata).toMatchObject({ namespace: 'openedx', labels: { 'app.kubernetes.io/part-of': 'openedx' }, annotations: { 'app.kubernetes.io/version': '22.0.0' } });
    expect(added.flatMap(schemaProblems)).toEqual([]);
  });

  test('only for components present: no mfe or forum Deployment, no PDB, an info result each', () => {
    const before = tutorObjects();
    const { objects, results } = runFeature(podDisruptionBudgets, before, { podDisruptionBudgets: ALL });
    expect(objects.slice(before.length).map((item) => item.metadata.name)).toEqual(['caddy-pdb', 'lms-pdb', 'lms-worker-pdb', 'cms-pdb', 'cms-worker-pdb']);
    expect(results.map((result) => [result.severity, result.field?.path])).toEqual([
      ['info', 'spec.podDisruptionBudgets.mfe'],
      ['info', 'spec.podDisruptionBudgets.forum'],
    ]);
  });
});
