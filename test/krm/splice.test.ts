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
import { describeWithFixtures, readFixture } from '../support/fixtures';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

function list(...items: string[]): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('')}`;
}

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

const DEPLOYMENT = `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    # who owns it
    labels:
      app.kubernetes.io/name: lms # the web app
    name: lms
  spec: # tuned by hand
    replicas: 1
    template:
      spec:
        containers:
        - name: lms
          image: 'docker.io/overhangio/openedx:20.0.5'
          args: ["uwsgi", "uwsgi.ini"]
          env:
          - name: A
            value: "1"
          - name: B # second
            value: "2"
        volumes:
        - name: config
          configMap:
            name: openedx-config-abc
`;

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

/** Every path of a value: [path, value] pairs. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): [(string | number)[], unknown][] {
  const out: [(string | number)[], unknown][] = [[prefix, value]];
  if (Array.isArray(value)) value.forEach((entry, index) => out.push(...pathsOf(entry, [...prefix, index])));
  else if (value !== null && typeof value === 'object') for (const [key, entry] of Object.entries(value)) out.push(...pathsOf(entry, [...prefix, key]));
  return out;
}

const ORCHESTRATOR = /^(internal\.)?config\.kubernetes\.io\/|^kustomize\.config\.k8s\.io\/|^config\.k8s\.io\/id$/;
const newValues = fc.oneof(
  fc.constantFrom<JsonValue>('on', 'x', '', 'a: b', 'multi\nline\n', 'two\nlines', 42, true, null, { k: 'v' }, ['a', { b: 1 }], {}, []),
  fc.string({ maxLength: 12 }),
);

/** Random changes on existing paths of `value` (never on orchestrator annotations, never the whole item). */
function changesFor(value: KubeObject): fc.Arbitrary<Change[]> {
  const paths = pathsOf(value).filter(([path]) => path.length > 0 && !path.some((segment) => typeof segment === 'string' && ORCHESTRATOR.test(segment)) && !(path.length <= 2 && path[0] === 'metadata' && path[1] === 'annotations'));
  const maps = paths.filter(([, entry]) => entry !== null && typeof entry === 'object' && !Array.isArray(entry));
  const seqs = paths.filter(([, entry]) => Array.isArray(entry));
  const op: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ at: fc.constantFrom(...paths), to: newValues }).map(({ at, to }) => ({ op: 'set', target: 0 as never, path: at[0], value: to }) as Change),
    fc.constantFrom(...paths).map((at) => ({ op: 'remove', target: 0 as never, path: at[0] }) as Change),
    ...(maps.length > 0 ? [fc.record({ at: fc.constantFrom(...maps), key: fc.constantFrom('added', 'yes', 'a b', 'name'), to: newValues }).map(({ at, key, to }) => ({ op: 'set', target: 0 as never, path: [...at[0], key], value: to }) as Change)] : []),
    ...(seqs.length > 0 ? [fc.record({ at: fc.constantFrom(...seqs), index: fc.nat(4), to: newValues }).map(({ at, index, to }) => ({ op: 'insert', target: 0 as never, path: at[0], index, value: to }) as Change)] : []),
  );
  return fc.array(op, { minLength: 1, maxLength: 4 });
}

/** Applies changes that may not fit the value any more (an earlier one removed their path): those are skipped. */
function applyLoosely(resources: ResourceSet, changes: readonly Change[]): void {
  for (const change of changes) {
    try {
      resources.apply([change]);
    } catch (error) {
      if (!(error instanceof Error) || error.constructor.name !== 'ChangeError') throw error;
    }
  }
}

function itemsOfFixture(relative: string): string[] {
  return readFixture(relative, 'built.yaml')
    .split(/^---\n/m)
    .filter((document) => document.trim() !== '')
    .map((document) => `${document.trimEnd().split('\n').map((line, index) => (index === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`)).join('\n')}\n`);
}

describeWithFixtures('splicing random changes into the objects of the fixtures', () => {
  const cases = ['tutor-v22/with-plugins/default', 'tutor-v15/default', 'tutor-v17/with-plugins/drydock-all-features'];
  const commented = `- apiVersion: v1 # kept
  kind: ConfigMap
  metadata:
    name: settings
    # labels next
    labels: {a: b}
    annotations:
      note: "quoted" # trailing
  data:
    # a script
    run.sh: |
      set -e
      echo "a && b"

    keep: |+
      kept

    after: 'single'
    list:
      - wide
      - "style" # with a comment
`;
  const items = [...cases.flatMap(itemsOfFixture), DEPLOYMENT, commented];
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
