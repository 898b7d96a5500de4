/**
 * Writing changed items by splicing: what did not change keeps its bytes, what changed reads back as
 * the new value, on hand-written cases and on random changes to every object of the Tutor fixtures.
 */
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import type { Change } from '../../src/krm/changes';
import { readResourceList } from '../../src/krm/read';
import { ResourceSet } from '../../src/krm/resource-set';
import { spliceItem } from '../../src/krm/splice';
import type { ChangeTree } from '../../src/krm/splice';
import type { JsonValue, KubeObject } from '../../src/krm/types';
import { writeResourceList } from '../../src/krm/write';
import { describeWithFixtures } from '../support/fixtures';
import { COMMENTED, DEPLOYMENT, applyLoosely, changesFor, itemsOfFixture, list } from '../support/splice-changes';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

/** Reads, applies the changes the callback returns to the first item, writes. */
function roundTrip(text: string, changes: (handle: number, value: KubeObject) => Change[]): { output: string; value: KubeObject } {
  const input = readResourceList(text);
  const resources = new ResourceSet(input.items);
  const view = resources.views()[0];
  resources.apply(changes(view.handle, view.object as KubeObject));
  const value = resources.views()[0].object as KubeObject;
  return { output: writeResourceList(input, { outcomes: resources.inputOutcomes(), newObjects: resources.newObjects(), results: [] }), value };
}

const firstItem = (output: string): unknown => (YAML.parse(output) as { items: unknown[] }).items[0];

describe('splicing a changed item', () => {
  test('a new key deep inside keeps every other byte', () => {
    const { output } = roundTrip(list(DEPLOYMENT), (handle) => [{ op: 'set', target: handle as never, path: ['spec', 'template', 'spec', 'containers', 0, 'readinessProbe'], value: { httpGet: { path: '/heartbeat', port: 8000 } } }]);
    expect(output).toBe(
      list(DEPLOYMENT.replace("            value: \"2\"\n", "            value: \"2\"\n          readinessProbe:\n            httpGet:\n              path: /heartbeat\n              port: 8000\n")),
    );
  });

  test('a changed scalar keeps its quotes and the comments around it', () => {
    const { output } = roundTrip(list(DEPLOYMENT), (handle) => [
      { op: 'set', target: handle as never, path: ['spec', 'template', 'spec', 'containers', 0, 'image'], value: 'docker.io/overhangio/openedx:20.0.6' },
      { op: 'set', target: handle as never, path: ['spec', 'replicas'], value: 3 },
    ]);
    expect(output).toBe(list(DEPLOYMENT.replace("'docker.io/overhangio/openedx:20.0.5'", "'docker.io/overhangio/openedx:20.0.6'").replace('replicas: 1', 'replicas: 3')));
  });

  test('an element inserted in the middle of a sequence leaves its neighbours as they were', () => {
    const { output } = roundTrip(list(DEPLOYMENT), (handle) => [
      { op: 'insert', target: handle as never, path: ['spec', 'template', 'spec', 'containers', 0, 'env'], index: 1, value: { name: 'NEW', value: 'on' } },
    ]);
    expect(output).toBe(list(DEPLOYMENT.replace('          - name: B # second', '          - name: NEW\n            value: "on"\n          - name: B # second')));
  });

  test('a removed key goes with the comment that leads it', () => {
    const { output, value } = roundTrip(list(DEPLOYMENT), (handle) => [{ op: 'remove', target: handle as never, path: ['metadata', 'labels'] }]);
    expect(output).toBe(list(DEPLOYMENT.replace('    # who owns it\n    labels:\n      app.kubernetes.io/name: lms # the web app\n', '')));
    expect(firstItem(output)).toEqual(value);
  });

  test('an emptied mapping and an emptied sequence are written as {} and []', () => {
    const { output, value } = roundTrip(list(DEPLOYMENT), (handle) => [
      { op: 'remove', target: handle as never, path: ['metadata', 'labels', 'app.kubernetes.io/name'] },
      { op: 'remove', target: handle as never, path: ['spec', 'template', 'spec', 'volumes', 0] },
    ]);
    expect(firstItem(output)).toEqual(value);
    expect(output).toContain('    labels: {}\n');
    expect(output).toContain('        volumes: []\n');
  });

  test('a multi-line double-quoted value (as kubectl kustomize writes ConfigMap data) is replaced in its style', () => {
    const configMap = `- apiVersion: v1\n  data:\n    a.txt: "first line\\nsecond line with enough text to be long\\n"\n    b.txt: "kept\n      \\ as it is\\n"\n  kind: ConfigMap\n  metadata:\n    name: c\n`;
    const { output, value } = roundTrip(list(configMap), (handle) => [{ op: 'set', target: handle as never, path: ['data', 'a.txt'], value: 'first line\nsecond line with enough text to be long\nthird\n' }]);
    expect(firstItem(output)).toEqual(value);
    expect(output).toContain('    b.txt: "kept\n      \\ as it is\\n"\n');
    // As the yaml package writes a double-quoted scalar there.
    const doc = new YAML.Document({ data: { 'a.txt': 'x' } });
    const scalar = (doc.getIn(['data', 'a.txt'], true) as YAML.Scalar);
    scalar.value = (value.data as Record<string, string>)['a.txt'];
    scalar.type = 'QUOTE_DOUBLE';
    const printed = doc.toString({ lineWidth: 0 }).split('\n').slice(1).map((line) => (line === '' ? '' : `  ${line}`)).join('\n').trimEnd();
    expect(output).toContain(`${printed}\n    b.txt:`);
  });

  test('a block scalar keeping its trailing lines (|+) keeps them', () => {
    const configMap = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n    a: |+\n      text\n\n    b: x\n`;
    const { output, value } = roundTrip(list(configMap), (handle) => [{ op: 'set', target: handle as never, path: ['data', 'b'], value: 'z' }]);
    expect(output).toBe(list(configMap.replace('    b: x', '    b: z')));
    expect(firstItem(output)).toEqual(value);
  });

  test('removing the first key of a sequence element falls back to printing that element again, correctly', () => {
    const { output, value } = roundTrip(list(DEPLOYMENT), (handle) => [{ op: 'remove', target: handle as never, path: ['spec', 'template', 'spec', 'containers', 0, 'name'] }]);
    expect(firstItem(output)).toEqual(value);
    expect(output).toContain('  spec: # tuned by hand\n    replicas: 1\n');
  });

  test('spliceItem declines text it does not understand (flow mappings on a changed path are printed whole)', () => {
    const text = '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c, labels: {a: b}}\n';
    const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b', c: 'd' } } };
    const changes: ChangeTree = { children: new Map([['metadata', { children: new Map([['labels', { children: new Map([['c', { whole: { before: undefined } }]]) }]]) }]]) };
    const spliced = spliceItem(text, value as JsonValue, changes, () => false);
    expect(spliced === undefined || YAML.parse(spliced)[0]).toEqual(spliced === undefined ? true : value);
  });
});

// ---------------------------------------------------------------------------------------------
// Random changes to real objects

describeWithFixtures('splicing random changes into the objects of the fixtures', () => {
  const cases = ['tutor-v22/with-plugins/default', 'tutor-v15/default', 'tutor-v17/with-plugins/drydock-all-features'];
  const items = [...cases.flatMap(itemsOfFixture), DEPLOYMENT, COMMENTED];
  // An item after the changed one, which must keep its bytes; named apart so that it is never a duplicate.
  const UNTOUCHED = DEPLOYMENT.replace('    name: lms\n', '    name: lms-untouched\n');
  const parsed = items.map((item) => readResourceList(list(item)).items[0].value);

  test(`${items.length} objects, ${RUNS} runs (PROPERTY_SEED replays a failure): the output reads back as the changed value, untouched items keep their bytes`, () => {
    let spliced = 0;
    let total = 0;
    const index = fc.nat(items.length - 1);
    fc.assert(
      fc.property(index.chain((at) => fc.tuple(fc.constant(at), changesFor(parsed[at]))), ([at, changes]) => {
        const text = list(items[at], UNTOUCHED);
        const input = readResourceList(text);
        const resources = new ResourceSet(input.items);
        applyLoosely(resources, changes);
        const value = resources.views()[0].object;
        const outcomes = resources.inputOutcomes();
        const output = writeResourceList(input, { outcomes, newObjects: [], results: [] });
        const read = YAML.parse(output) as { items: unknown[] };
        expect(read.items[0]).toEqual(value);
        expect(output.endsWith(UNTOUCHED)).toBe(true);
        const outcome = outcomes[0];
        if (outcome.kind === 'changed' && outcome.input.source.kind === 'text') {
          total++;
          if (spliceItem(outcome.input.source.body, outcome.value as unknown as JsonValue, outcome.changes, () => false) !== undefined) spliced++;
        }
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // Almost every change is spliced rather than printed whole.
    expect(spliced / total).toBeGreaterThan(0.9);
  });
});
