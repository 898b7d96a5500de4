import { podDisruptionBudgets } from '../../src/features/pod-disruption-budgets';
import { schemaProblems } from '../support/k8s-schema';
import { tutorObjects } from '../support/tutor-objects';
import { runFeature, settingsOf } from '../support/views';

/** Tutor's common labels on the test objects (test/support/tutor-objects.ts). */
const TUTOR_LABELS = { 'app.kubernetes.io/instance': 'openedx-TEST', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' };
const ALL = { lms: 50, lmsWorker: 40, cms: 30, cmsWorker: 20, mfe: 10, forum: 100, caddy: 1 };

describe('PodDisruptionBudgets', () => {
  test('off by default: every percentage is 0', () => {
    expect(podDisruptionBudgets.isEnabled(settingsOf({}))).toBe(false);
    expect(podDisruptionBudgets.isEnabled(settingsOf({ podDisruptionBudgets: { caddy: 1 } }))).toBe(true);
  });

  test('one per component with a percentage, minAvailable as a percentage string, the Deployment\'s own selector', () => {
    const before = tutorObjects({ mfeApps: ['learning'], forum: true });
    // A selector of two labels, where the fallback would have Tutor's four: the budget must take the Deployment's.
    const lmsSelector = { matchLabels: { 'app.kubernetes.io/name': 'lms', 'app.kubernetes.io/instance': 'openedx-TEST' } };
    (before.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms') as Record<string, any>).spec.selector = structuredClone(lmsSelector);
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
    expect(added[3].spec.selector).toEqual(lmsSelector);
    expect(added[5].spec.selector).toEqual({ matchLabels: { ...TUTOR_LABELS, 'app.kubernetes.io/name': 'cms' } });
    expect(added[3].metadata).toMatchObject({ namespace: 'openedx', labels: { 'app.kubernetes.io/part-of': 'openedx' }, annotations: { 'app.kubernetes.io/version': '22.0.0' } });
    expect(added.flatMap(schemaProblems)).toEqual([]);
  });

  test('a component at 0 % beside others above 0: no budget and no result for it', () => {
    const before = tutorObjects();
    const { objects, results } = runFeature(podDisruptionBudgets, before, { podDisruptionBudgets: { lms: 50, lmsWorker: 0, cms: 0, caddy: 1 } });
    expect(results).toEqual([]);
    expect(objects.slice(before.length).map((item) => [item.metadata.name, (item as Record<string, any>).spec.minAvailable])).toEqual([
      ['caddy-pdb', '1%'],
      ['lms-pdb', '50%'],
    ]);
  });

  test('a Deployment without a selector: Tutor\'s common labels and the name label, as Drydock\'s selector reads after Tutor\'s kustomization', () => {
    const before = tutorObjects();
    delete (before.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms') as Record<string, any>).spec.selector;
    const { objects, results } = runFeature(podDisruptionBudgets, before, { podDisruptionBudgets: { lms: 50 } });
    expect(results).toEqual([]);
    expect((objects.find((item) => item.kind === 'PodDisruptionBudget') as Record<string, any>).spec.selector).toEqual({ matchLabels: { ...TUTOR_LABELS, 'app.kubernetes.io/name': 'lms' } });
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

  test('the Deployment\'s whole selector, matchExpressions included: the budget selects exactly its pods', () => {
    const before = tutorObjects();
    const lms = before.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms') as Record<string, any>;
    lms.spec.selector.matchExpressions = [{ key: 'track', operator: 'NotIn', values: ['canary'] }];
    const { objects, results } = runFeature(podDisruptionBudgets, before, { podDisruptionBudgets: { lms: 50 } });
    expect(results).toEqual([]);
    const budget = objects.find((item) => item.kind === 'PodDisruptionBudget') as Record<string, any>;
    expect(budget.spec.selector).toEqual(lms.spec.selector);
    expect(schemaProblems(budget)).toEqual([]);
  });

  test('a Deployment selector of matchExpressions only is copied as it is, not replaced by labels', () => {
    const before = tutorObjects();
    const lms = before.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms') as Record<string, any>;
    lms.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['lms'] }] };
    const { objects } = runFeature(podDisruptionBudgets, before, { podDisruptionBudgets: { lms: 50 } });
    expect((objects.find((item) => item.kind === 'PodDisruptionBudget') as Record<string, any>).spec.selector).toEqual(lms.spec.selector);
  });

  test('two generated budgets over one pod (a Deployment selecting another\'s pods): an error on the later one, naming the earlier', () => {
    const before = tutorObjects();
    const worker = before.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms-worker') as Record<string, any>;
    worker.spec.selector = { matchLabels: { 'app.kubernetes.io/part-of': 'openedx' } };
    const { objects, results, changes } = runFeature(podDisruptionBudgets, before, { podDisruptionBudgets: { lms: 50, lmsWorker: 50 } });
    expect(changes).toEqual([]);
    expect(objects).toHaveLength(before.length);
    expect(results).toEqual([
      expect.objectContaining({ severity: 'error', tags: { code: 'PDB_OVERLAP' }, field: { path: 'spec.podDisruptionBudgets.lmsWorker' }, message: expect.stringMatching(/lms-pdb, which drydock-fn generates for podDisruptionBudgets\.lms, already selects the pods of Deployment lms; lms-worker-pdb would select them too/) }),
    ]);
  });
  test('a Deployment missing: the info result says which budget is not generated', () => {
    const { results } = runFeature(podDisruptionBudgets, tutorObjects(), { podDisruptionBudgets: { mfe: 10 } });
    expect(results.map((result) => [result.severity, result.field?.path, result.message])).toEqual([
      ['info', 'spec.podDisruptionBudgets.mfe', 'spec.podDisruptionBudgets.mfe: no mfe Deployment in the manifests: mfe-pdb is not generated'],
    ]);
  });

  test.each([
    ['an empty selector', (lms: Record<string, any>) => void (lms.spec.selector = {})],
    ['a selector that is not a mapping', (lms: Record<string, any>) => void (lms.spec.selector = 'app=lms')],
    ['no spec at all', (lms: Record<string, any>) => void delete lms.spec],
  ])('a Deployment with %s: the fallback selector, Tutor\'s common labels and the name label', (_name, edit) => {
    const before = tutorObjects();
    edit(before.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms') as Record<string, any>);
    const { objects } = runFeature(podDisruptionBudgets, before, { podDisruptionBudgets: { lms: 50 } });
    expect((objects.find((item) => item.kind === 'PodDisruptionBudget') as Record<string, any>).spec.selector).toEqual({ matchLabels: { ...TUTOR_LABELS, 'app.kubernetes.io/name': 'lms' } });
  });

  const inputBudget = (name: string, spec: Record<string, unknown> | undefined, annotations: Record<string, string> = {}): Record<string, unknown> => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'openedx', labels: TUTOR_LABELS, annotations },
    ...(spec ? { spec } : {}),
  });

  test('a budget of the input over the lms pods: PDB_OVERLAP naming it; one drydock-fn generated in an earlier run is not the input\'s and is no overlap', () => {
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'lms' } };
    const theirs = runFeature(podDisruptionBudgets, [...tutorObjects(), inputBudget('lms-budget', { maxUnavailable: 1, selector })], { podDisruptionBudgets: { lms: 50 } });
    expect(theirs.changes).toEqual([]);
    expect(theirs.results).toEqual([expect.objectContaining({ severity: 'error', tags: { code: 'PDB_OVERLAP' }, message: expect.stringMatching(/^spec\.podDisruptionBudgets\.lms: PodDisruptionBudget lms-budget of the input already selects the pods of Deployment lms; lms-pdb would select them too/) })]);
    const earlierRun = runFeature(podDisruptionBudgets, [...tutorObjects(), inputBudget('lms-budget', { maxUnavailable: 1, selector }, { 'drydock.io/generated-by': 'drydock-fn' })], { podDisruptionBudgets: { lms: 50 } });
    expect(earlierRun.results).toEqual([]);
    expect(earlierRun.changes).toHaveLength(1);
  });

  test('an empty selector: every pod of the namespace in policy/v1 (an overlap), none in policy/v1beta1 (no overlap)', () => {
    const v1 = runFeature(podDisruptionBudgets, [...tutorObjects(), inputBudget('all', { maxUnavailable: 1, selector: {} })], { podDisruptionBudgets: { lms: 50 } });
    expect(v1.results.map((result) => result.tags?.code)).toEqual(['PDB_OVERLAP']);
    const v1beta1 = runFeature(podDisruptionBudgets, [...tutorObjects(), { ...inputBudget('none', { maxUnavailable: 1, selector: {} }), apiVersion: 'policy/v1beta1' }], { podDisruptionBudgets: { lms: 50 } });
    expect(v1beta1.results).toEqual([]);
    expect(v1beta1.changes).toHaveLength(1);
  });

  test('a budget of the input without spec selects no pod: no overlap', () => {
    const { results, changes } = runFeature(podDisruptionBudgets, [...tutorObjects(), inputBudget('empty', undefined)], { podDisruptionBudgets: { lms: 50 } });
    expect(results).toEqual([]);
    expect(changes).toHaveLength(1);
  });
});
