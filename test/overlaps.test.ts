/**
 * What drydock-fn generates never overlaps what the input already holds, or itself, where the
 * programs that read both would misbehave:
 * - PodDisruptionBudgets: the eviction API answers 500 for a pod two budgets select, so node drains
 *   stop; a generated budget selects exactly the pods of its Deployment (matchExpressions included).
 * Each is an error naming the setting or the item and field, exit 1, the items as they came.
 */
import * as YAML from 'yaml';
import { documentsOf } from './support/drydock-cases';
import { describeWithFixtures, readFixture } from './support/fixtures';
import { drydockConfig, drydockConfigMap, itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

const INSTANCE_LABELS = { 'app.kubernetes.io/instance': 'openedx-EwhS7prRYZfhwCfQLLaxEMcD', 'app.kubernetes.io/managed-by': 'tutor', 'app.kubernetes.io/part-of': 'openedx' };

describeWithFixtures('routes, TLS Secrets and PodDisruptionBudgets against the input and each other', () => {
  const built = readFixture('tutor-v22', 'default', 'built.yaml');

  function run(config: unknown, extra: readonly Item[] = [], manifests = built) {
    const input = `${manifests}${extra.map((item) => `---\n${YAML.stringify(item)}`).join('')}`;
    const outcome = runOnManifests(input, config);
    return { outcome, items: itemsOf(outcome.output), inputItems: documentsOf(input), errors: outcome.results.filter((result) => result.severity === 'error') };
  }

  describe('PodDisruptionBudgets: one budget per pod', () => {
    const pdb = (name: string, selector: unknown, apiVersion = 'policy/v1'): Item => ({
      apiVersion,
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: 'openedx', labels: INSTANCE_LABELS },
      spec: { maxUnavailable: 1, selector },
    });

    test('a budget of the input selecting the lms pods: an error naming it, exit 1, the items unchanged', () => {
      const { outcome, items, inputItems, errors } = run(drydockConfigMap({ DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '50' }), [pdb('lms', { matchLabels: { 'app.kubernetes.io/name': 'lms' } })]);
      expect(outcome.exitCode).toBe(1);
      expect(errors).toEqual([
        expect.objectContaining({
          tags: { code: 'PDB_OVERLAP' },
          field: { path: 'data.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS' },
          message: expect.stringMatching(/PodDisruptionBudget lms of the input already selects the pods of Deployment lms; lms-pdb would select them too/),
        }),
      ]);
      expect(items).toEqual(inputItems);
    });

    test('a budget of the input over every Tutor pod (matchExpressions): an error per generated budget', () => {
      const { errors } = run(drydockConfig({ podDisruptionBudgets: { lms: 50, cms: 50 } }), [pdb('all', { matchExpressions: [{ key: 'app.kubernetes.io/part-of', operator: 'In', values: ['openedx'] }] })]);
      expect(errors.map((result) => [result.tags?.code, result.field?.path])).toEqual([
        ['PDB_OVERLAP', 'spec.podDisruptionBudgets.lms'],
        ['PDB_OVERLAP', 'spec.podDisruptionBudgets.cms'],
      ]);
    });

    test.each([
      ['an empty selector selects every pod of the namespace (policy/v1)', pdb('all', {}), 1],
      ['an empty selector selects none in policy/v1beta1', pdb('all', {}, 'policy/v1beta1'), 0],
      ['a null selector selects none', pdb('none', null), 0],
      ['a budget of other pods', pdb('forum', { matchLabels: { 'app.kubernetes.io/name': 'forum' } }), 0],
      ['a budget excluding lms by NotIn', pdb('not-lms', { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['lms'] }] }), 0],
      ['a budget selecting lms by Exists', pdb('named', { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'Exists' }] }), 1],
    ])('%s', (_name, theirs, errorCount) => {
      const { errors } = run(drydockConfig({ podDisruptionBudgets: { lms: 50 } }), [theirs]);
      expect(errors.filter((result) => result.tags?.code === 'PDB_OVERLAP')).toHaveLength(errorCount);
    });

    test('Drydock\'s own lms-pdb in the input: kept, drydock-fn does not generate its own (no second budget, no overlap)', () => {
      const theirs = pdb('lms-pdb', { matchLabels: { ...INSTANCE_LABELS, 'app.kubernetes.io/name': 'lms' } });
      const { outcome, items } = run(drydockConfig({ podDisruptionBudgets: { lms: 50 } }), [theirs]);
      expect(outcome.exitCode).toBe(0);
      expect(outcome.results).toContainEqual(expect.objectContaining({ tags: { code: 'RESOURCE_CONFLICT' } }));
      expect(items.filter((item) => item.kind === 'PodDisruptionBudget').map((item) => item.metadata.name)).toEqual(['lms-pdb']);
    });
  });
});
