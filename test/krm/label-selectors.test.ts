/**
 * Label selectors as Kubernetes evaluates them: drydock-fn's matcher (src/krm/label-selectors.ts),
 * which decides whether two PodDisruptionBudgets select one pod, against the rules of the API
 * reference and against apimachinery's own selector code, run by kustomize (a patch target's
 * `labelSelector` is parsed and matched by kyaml's copy of apimachinery's `labels` package) over
 * generated selectors and label sets.
 */
import * as fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import type { LabelSelector } from '../../src/krm/label-selectors';
import { isEmptySelector, readLabelSelector, selectorMatches } from '../../src/krm/label-selectors';
import { cleanup, tempDir } from '../support/orchestrators';
import { kustomizes } from '../support/kustomize-reader';
import { describeWithReader, propertySamples } from '../support/readers';

describe('reading a selector', () => {
  test.each([
    ['matchLabels only', { matchLabels: { app: 'lms' } }, { matchLabels: { app: 'lms' }, matchExpressions: [] }],
    ['matchExpressions only', { matchExpressions: [{ key: 'app', operator: 'In', values: ['lms'] }] }, { matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'In', values: ['lms'] }] }],
    ['empty', {}, { matchLabels: {}, matchExpressions: [] }],
    ['Exists without values', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, { matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'Exists', values: [] }] }],
    // JSON null decodes to Go's nil map or slice: the field as if absent.
    ['matchLabels null', { matchLabels: null }, { matchLabels: {}, matchExpressions: [] }],
    ['matchExpressions null', { matchLabels: { app: 'lms' }, matchExpressions: null }, { matchLabels: { app: 'lms' }, matchExpressions: [] }],
    ['Exists with values null', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: null }] }, { matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: [] }] }],
  ])('%s', (_name, value, expected) => {
    expect(readLabelSelector(value)).toEqual(expected);
  });

  test.each([
    ['null', null],
    ['a list', []],
    ['a label value that is not a string', { matchLabels: { replicas: 1 } }],
    ['an unknown operator', { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['lms'] }] }],
    ['In without values', { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }],
    ['Exists with values', { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['lms'] }] }],
    ['matchExpressions that are not a list', { matchExpressions: { key: 'app' } }],
    ['matchLabels that are a list', { matchLabels: ['app'] }],
    ['matchLabels that are text', { matchLabels: 'app=lms' }],
    ['a requirement that is not a mapping', { matchExpressions: ['app'] }],
    ['a requirement that is null', { matchExpressions: [null] }],
    ['a key that is not a string', { matchExpressions: [{ key: 1, operator: 'Exists' }] }],
    ['a requirement without a key', { matchExpressions: [{ operator: 'Exists' }] }],
    ['an operator that is not a string', { matchExpressions: [{ key: 'app', operator: ['In'], values: ['lms'] }] }],
    ['In with values null', { matchExpressions: [{ key: 'app', operator: 'In', values: null }] }],
    ['values that are text', { matchExpressions: [{ key: 'app', operator: 'In', values: 'lms' }] }],
    ['a value that is not a string', { matchExpressions: [{ key: 'app', operator: 'In', values: ['lms', 1] }] }],
    ['a value that is null, after a string', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['lms', null] }] }],
  ])('none the API server accepts: %s', (_name, value) => {
    expect(readLabelSelector(value)).toBeUndefined();
  });
});

describe('matching, by the API reference', () => {
  const pod = { app: 'lms', track: 'stable' };
  test.each([
    ['an empty selector selects everything', {}, true],
    ['matchLabels: every pair', { matchLabels: { app: 'lms', track: 'stable' } }, true],
    ['matchLabels: a pair missing', { matchLabels: { app: 'lms', tier: 'web' } }, false],
    ['In', { matchExpressions: [{ key: 'track', operator: 'In', values: ['canary', 'stable'] }] }, true],
    ['In, the label absent', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }, false],
    ['NotIn, the label absent', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, true],
    ['NotIn, the value listed', { matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['stable'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['matchLabels and matchExpressions are ANDed', { matchLabels: { app: 'lms' }, matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['stable'] }] }, false],
  ])('%s', (_name, value, expected) => {
    const selector = readLabelSelector(value) as LabelSelector;
    expect(selectorMatches(selector, pod)).toBe(expected);
    expect(isEmptySelector(selector)).toBe(Object.keys(value).length === 0);
  });
});

/** The selector in the string syntax apimachinery parses (`LabelSelectorAsSelector` builds the same requirements). */
function selectorString(selector: LabelSelector): string {
  return [
    ...Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`),
    ...selector.matchExpressions.map(({ key, operator, values }) => {
      if (operator === 'Exists') return key;
      if (operator === 'DoesNotExist') return `!${key}`;
      return `${key} ${operator === 'In' ? 'in' : 'notin'} (${values.join(',')})`;
    }),
  ].join(',');
}

// Few keys and values, so that selectors and label sets meet often; label values may be empty.
const KEYS = ['app.kubernetes.io/name', 'track', 'tier'];
const VALUES = ['lms', 'cms', 'canary'];
const labelSet = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom('', ...VALUES), { maxKeys: KEYS.length });
const requirement = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }) }),
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const), values: fc.constant([] as string[]) }),
);
const selector = fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom('', ...VALUES), { maxKeys: 2 }), matchExpressions: fc.array(requirement, { maxLength: 3 }) });

const { available, missing } = kustomizes();
const KUSTOMIZE = available[0];

describeWithReader(KUSTOMIZE ? undefined : missing.join('; '), `matching, as apimachinery's selectors match (${KUSTOMIZE?.name ?? 'kustomize'})`, () => {
  test('generated selectors and label sets: drydock-fn\'s matcher and kustomize agree on every pair', async () => {
    const { seed, runs, values } = propertySamples(fc.tuple(selector, labelSet));
    const dir = tempDir('drydock-fn-selectors-');
    try {
      // Pairs in builds of 100 (a build's time grows with patches × objects), run at once; each patch
      // targets its own object by name and marks it when its selector matches the object's labels.
      const chunks: [LabelSelector, Record<string, string>][][] = [];
      for (let start = 0; start < values.length; start += 100) chunks.push(values.slice(start, start + 100));
      const outputs = await Promise.all(
        chunks.map((chunk, index) => {
          const build = path.join(dir, String(index));
          mkdirSync(build);
          const objects = chunk.map(([, labels], position) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `case-${position}`, labels } }));
          const patches = chunk.map(([candidate], position) => ({
            target: { kind: 'ConfigMap', name: `case-${position}`, ...(isEmptySelector(candidate) ? {} : { labelSelector: selectorString(candidate) }) },
            patch: JSON.stringify([{ op: 'add', path: '/metadata/annotations', value: { matched: 'yes' } }]),
          }));
          writeFileSync(path.join(build, 'objects.yaml'), objects.map((object) => YAML.stringify(object)).join('---\n'));
          writeFileSync(path.join(build, 'kustomization.yaml'), YAML.stringify({ resources: ['objects.yaml'], patches }));
          return KUSTOMIZE!.buildAsync(build);
        }),
      );
      const disagreements: unknown[] = [];
      let matched = 0;
      chunks.forEach((chunk, index) => {
        const read = new Map(YAML.parseAllDocuments(outputs[index]).map((doc) => doc.toJS() as { metadata: { name: string; annotations?: Record<string, string> } }).map((object) => [object.metadata.name, object.metadata.annotations?.matched === 'yes']));
        chunk.forEach(([candidate, labels], position) => {
          const ours = selectorMatches(candidate, labels);
          if (ours) matched++;
          if (read.get(`case-${position}`) !== ours) disagreements.push({ selector: selectorString(candidate), labels, ours });
        });
      });
      expect({ seed, disagreements }).toEqual({ seed, disagreements: [] });
      // Both answers are common, or the agreement would say little.
      expect(matched).toBeGreaterThan(runs / 10);
      expect(runs - matched).toBeGreaterThan(runs / 10);
    } finally {
      cleanup(dir);
    }
  });
});
