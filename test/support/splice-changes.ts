/**
 * Items and random changes for the splicer's properties (test/krm/splice*.test.ts): items as they sit
 * in a ResourceList's `items:`, and changes on their existing paths as features ask for them.
 */
import * as fc from 'fast-check';
import type { Change } from '../../src/krm/changes';
import type { ResourceSet } from '../../src/krm/resource-set';
import type { JsonValue, KubeObject } from '../../src/krm/types';
import { readFixture } from './fixtures';

/** A ResourceList holding the items (each `- …` text ending in a newline). */
export function list(...items: string[]): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('')}`;
}

export const DEPLOYMENT = `- apiVersion: apps/v1
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

/** Comments at several depths, blank lines, block scalars (one keeping its trailing lines), a flow mapping, wide sequences. */
export const COMMENTED = `- apiVersion: v1 # kept
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

/** Every path of a value: [path, value] pairs. */
export function pathsOf(value: unknown, prefix: (string | number)[] = []): [(string | number)[], unknown][] {
  const out: [(string | number)[], unknown][] = [[prefix, value]];
  if (Array.isArray(value)) value.forEach((entry, index) => out.push(...pathsOf(entry, [...prefix, index])));
  else if (value !== null && typeof value === 'object') for (const [key, entry] of Object.entries(value)) out.push(...pathsOf(entry, [...prefix, key]));
  return out;
}

const ORCHESTRATOR = /^(internal\.)?config\.kubernetes\.io\/|^kustomize\.config\.k8s\.io\/|^config\.k8s\.io\/id$/;

/** New values for changes: scalars and collections, some of several lines, some a YAML reader would misread plain. */
export const NEW_VALUES: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>('on', 'x', '', 'a: b', 'multi\nline\n', 'two\nlines', 42, true, null, { k: 'v' }, ['a', { b: 1 }], {}, []),
  fc.string({ maxLength: 12 }),
);

/** Random changes on existing paths of `value` (never on orchestrator annotations, never the whole item). */
export function changesFor(value: KubeObject, values: fc.Arbitrary<JsonValue> = NEW_VALUES): fc.Arbitrary<Change[]> {
  const paths = pathsOf(value).filter(([path]) => path.length > 0 && !path.some((segment) => typeof segment === 'string' && ORCHESTRATOR.test(segment)) && !(path.length <= 2 && path[0] === 'metadata' && path[1] === 'annotations'));
  const maps = paths.filter(([, entry]) => entry !== null && typeof entry === 'object' && !Array.isArray(entry));
  const seqs = paths.filter(([, entry]) => Array.isArray(entry));
  const op: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ at: fc.constantFrom(...paths), to: values }).map(({ at, to }) => ({ op: 'set', target: 0 as never, path: at[0], value: to }) as Change),
    fc.constantFrom(...paths).map((at) => ({ op: 'remove', target: 0 as never, path: at[0] }) as Change),
    ...(maps.length > 0 ? [fc.record({ at: fc.constantFrom(...maps), key: fc.constantFrom('added', 'yes', 'a b', 'name'), to: values }).map(({ at, key, to }) => ({ op: 'set', target: 0 as never, path: [...at[0], key], value: to }) as Change)] : []),
    ...(seqs.length > 0 ? [fc.record({ at: fc.constantFrom(...seqs), index: fc.nat(4), to: values }).map(({ at, index, to }) => ({ op: 'insert', target: 0 as never, path: at[0], index, value: to }) as Change)] : []),
  );
  return fc.array(op, { minLength: 1, maxLength: 4 });
}

/** Applies changes that may not fit the value any more (an earlier one removed their path): those are skipped. */
export function applyLoosely(resources: ResourceSet, changes: readonly Change[]): void {
  for (const change of changes) {
    try {
      resources.apply([change]);
    } catch (error) {
      if (!(error instanceof Error) || error.constructor.name !== 'ChangeError') throw error;
    }
  }
}

/** The objects of a fixture's built.yaml, each as an item of a ResourceList. */
export function itemsOfFixture(relative: string): string[] {
  return readFixture(relative, 'built.yaml')
    .split(/^---\n/m)
    .filter((document) => document.trim() !== '')
    .map((document) => `${document.trimEnd().split('\n').map((line, index) => (index === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`)).join('\n')}\n`);
}
