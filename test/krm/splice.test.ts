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
import type { ChangeTree } from '../../src/krm/change-tree';
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

  test('an alias whose anchor sits in another pair: the item is printed whole, the alias kept', () => {
    // The pair printed alone would hold an alias to no anchor; printed whole, `name:   n` loses its spaces.
    const item = '- apiVersion: v1\n  kind: X\n  metadata:\n    name:   n\n  k: &x a\n  j: [*x, b]\n';
    const { output, value } = roundTrip(list(item), (handle) => [{ op: 'set', target: handle as never, path: ['j', 1], value: 'z' }]);
    expect(output).toBe(list('- apiVersion: v1\n  kind: X\n  metadata:\n    name: n\n  k: &x a\n  j: [*x, z]\n'));
    expect(firstItem(output)).toEqual(value);
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

  test('removing the first key of a sequence element moves the next key onto the dash line', () => {
    const { output, value } = roundTrip(list(DEPLOYMENT), (handle) => [{ op: 'remove', target: handle as never, path: ['spec', 'template', 'spec', 'containers', 0, 'name'] }]);
    expect(output).toBe(list(DEPLOYMENT.replace("        - name: lms\n          image: 'docker", "        - image: 'docker")));
    expect(firstItem(output)).toEqual(value);
  });

  test('removing the first key of an item moves the next key onto the dash line; with a comment before it, the item is printed again', () => {
    const { output } = roundTrip(list(DEPLOYMENT), (handle) => [{ op: 'remove', target: handle as never, path: ['apiVersion'] }]);
    expect(output).toBe(list(DEPLOYMENT.replace('- apiVersion: apps/v1\n  kind:', '- kind:')));
    const commented = DEPLOYMENT.replace('  kind: Deployment\n', '  # the kind\n  kind: Deployment\n');
    const reprinted = roundTrip(list(commented), (handle) => [{ op: 'remove', target: handle as never, path: ['apiVersion'] }]);
    expect(firstItem(reprinted.output)).toEqual(reprinted.value);
    expect(reprinted.output).toContain('- # the kind\n  kind: Deployment\n');
  });

  test('an element that is itself a sequence is spliced on its dash line', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  matrix:\n  - - a # first\n    - b\n  - - c\n';
    const changed = (path: (string | number)[], op: 'remove' | 'insert', index = 0): string =>
      roundTrip(list(item), (handle) => [op === 'remove' ? { op, target: handle as never, path } : { op, target: handle as never, path, index, value: 'new' }]).output;
    expect(changed(['matrix', 0, 0], 'remove')).toBe(list(item.replace('  - - a # first\n    - b\n', '  - - b\n')));
    expect(changed(['matrix', 0], 'insert', 0)).toBe(list(item.replace('  - - a # first\n', '  - - new\n    - a # first\n')));
    expect(changed(['matrix', 1], 'insert', 1)).toBe(list(item.replace('  - - c\n', '  - - c\n    - new\n')));
  });

  test('printed again whole, an item keeps the splicer\'s rules: comment lines after a sequence level with its key lead the next key', () => {
    const item = '- apiVersion: v1\n  # the kind\n  kind: Example\n  metadata:\n    name: e\n  spec:\n    list:\n    - a\n    # about b\n    b: 1\n    c: 2\n';
    const { output } = roundTrip(list(item), (handle) => [
      { op: 'remove', target: handle as never, path: ['apiVersion'] },
      { op: 'remove', target: handle as never, path: ['spec', 'b'] },
    ]);
    expect(output).toBe(list(item.replace('- apiVersion: v1\n  # the kind\n', '- # the kind\n').replace('    # about b\n    b: 1\n', '')));
  });

  test('a sequence set whole keeps the elements it still holds, with their comments, wherever they move', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  list:\n  - "a" # first\n  - b # second\n';
    const { output } = roundTrip(list(item), (handle) => [{ op: 'set', target: handle as never, path: ['list'], value: ['b', 'c'] }]);
    expect(output).toBe(list(item.replace('  - "a" # first\n  - b # second\n', '  - b # second\n  - c\n')));
  });

  test('a nested sequence replaced by a scalar goes with its comment lines (it is no plain scalar)', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  matrix:\n  - - a\n    # about a\n  - x\n';
    const { output } = roundTrip(list(item), (handle) => [{ op: 'set', target: handle as never, path: ['matrix', 0], value: 'z' }]);
    expect(output).toBe(list(item.replace('  - - a\n    # about a\n', '  - z\n')));
  });

  test('comment lines closing a collection stay last when a key is added and stay when the last key goes', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  spec:\n    a: 1\n    b: 2\n\n    # about spec\n  # about the item\n  status: {}\n';
    const added = roundTrip(list(item), (handle) => [{ op: 'set', target: handle as never, path: ['spec', 'c'], value: 3 }]);
    expect(added.output).toBe(list(item.replace('    b: 2\n', '    b: 2\n    c: 3\n')));
    const removed = roundTrip(list(item), (handle) => [{ op: 'remove', target: handle as never, path: ['spec', 'b'] }]);
    expect(removed.output).toBe(list(item.replace('    b: 2\n', '')));
  });

  test('comment lines deeper than the keys stay with the value above them: kept when it changes, kept when the next key goes', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  spec:\n    a: 1\n      # about a\n    # about b\n    b: 2\n    c: 3\n';
    const changed = roundTrip(list(item), (handle) => [{ op: 'set', target: handle as never, path: ['spec', 'a'], value: 4 }]);
    expect(changed.output).toBe(list(item.replace('    a: 1\n', '    a: 4\n')));
    const removed = roundTrip(list(item), (handle) => [{ op: 'remove', target: handle as never, path: ['spec', 'b'] }]);
    expect(removed.output).toBe(list(item.replace('    # about b\n    b: 2\n', '')));
  });

  test('blank lines after a block scalar keeping its trailing lines (|+) are its own only when it ends the value', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  spec:\n    list:\n    - |+\n      kept\n\n    - last\n\n  status: {}\n';
    const { output } = roundTrip(list(item), (handle) => [{ op: 'set', target: handle as never, path: ['spec', 'added'], value: 'x' }]);
    expect(output).toBe(list(item.replace('    - last\n', '    - last\n    added: x\n')));
  });

  test('a block scalar keeping its trailing lines (|+) on a dash line: the blank lines are its own only when it ends the value', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  spec:\n    list:\n    - a: |+\n        kept\n\n      b: x\n\n    other: |+\n      kept\n\n    last:\n    - |+\n      kept\n\n';
    const added = roundTrip(list(item), (handle) => [{ op: 'set', target: handle as never, path: ['spec', 'list', 0, 'c'], value: 'w' }]);
    expect(added.output).toBe(list(item.replace('      b: x\n', '      b: x\n      c: w\n')));
    const inserted = roundTrip(list(item), (handle) => [{ op: 'insert', target: handle as never, path: ['spec', 'last'], index: 'end', value: 'z' }]);
    expect(inserted.output).toBe(list(`${item}    - z\n`));
  });

  test('blank and comment lines before a sequence element lead it: an element inserted before it goes before them', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  list:\n  - a\n\n  # about b\n  - b\n';
    const { output } = roundTrip(list(item), (handle) => [{ op: 'insert', target: handle as never, path: ['list'], index: 1, value: 'new' }]);
    expect(output).toBe(list(item.replace('  - a\n', '  - a\n  - new\n')));
  });

  test('the comment before the first key of a mapping goes with that key when the mapping is emptied', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  spec:\n    # only key\n    a: 1\n';
    const { output } = roundTrip(list(item), (handle) => [{ op: 'remove', target: handle as never, path: ['spec', 'a'] }]);
    expect(output).toBe(list(item.replace('  spec:\n    # only key\n    a: 1\n', '  spec: {}\n')));
  });

  test('an element printed again through yaml leaves the rest of its sequence and its key line as they were', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  list:   \n  - a\n  - k: v\n    # about w\n    w: x\n';
    const { output, value } = roundTrip(list(item), (handle) => [{ op: 'remove', target: handle as never, path: ['list', 1, 'k'] }]);
    expect(firstItem(output)).toEqual(value);
    expect(output).toContain('  list:   \n  - a\n  - # about w\n    w: x\n');
  });

  test('blank lines in what yaml prints again stay empty: inside an element, before it, and before the first key of a mapping', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  list:\n  - a\n  - k: v\n\n    w: x\n\n    y: z\n';
    const element = roundTrip(list(item), (handle) => [{ op: 'remove', target: handle as never, path: ['list', 1, 'k'] }]);
    expect(element.output).toBe(list(item.replace('  - k: v\n\n    w: x\n', '\n  - w: x\n')));
    const whole = '- apiVersion: v1\n  # the kind\n  kind: Example\n  metadata:\n    name: e\n  spec:\n\n    a: 1\n';
    const reprinted = roundTrip(list(whole), (handle) => [{ op: 'remove', target: handle as never, path: ['apiVersion'] }]);
    expect(reprinted.output).toBe(list(whole.replace('- apiVersion: v1\n  # the kind\n', '- # the kind\n')));
  });

  test('a "<<" string printed through yaml keeps its quotes (YAML 1.1 readers read a plain one as a merge key)', () => {
    const item = '- apiVersion: v1\n  kind: Example\n  metadata:\n    name: e\n  spec:\n    a: "<<"\n    b: x # note\n';
    const { output, value } = roundTrip(list(item), (handle) => [{ op: 'set', target: handle as never, path: ['spec', 'b'], value: '<<' }]);
    expect(output).toBe(list(item.replace('b: x # note', 'b: "<<" # note')));
    expect(firstItem(output)).toEqual(value);
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
