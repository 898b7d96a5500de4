/**
 * Properties over generated ResourceLists and configurations (fast-check). Items are real Tutor
 * objects (the bundled example env, built), renamed, reordered, re-styled (sequence indentation,
 * quoting) and commented at random; configurations toggle every feature. For every case: the output
 * parses as a ResourceList, no item is lost or duplicated, untouched items are byte-identical, the
 * run is deterministic and idempotent, and nothing throws. A failure prints the seed to replay.
 */
import * as fc from 'fast-check';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { readResourceList } from '../src/krm/read';
import { runFunction } from '../src/run';
import { ALL_OFF_SPEC } from './support/run';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

/** Real Tutor objects: the example package's rendered manifests. */
const POOL: Record<string, unknown>[] = YAML.parseAllDocuments(readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8'))
  .map((doc) => doc.toJS() as Record<string, unknown>)
  .filter(Boolean);

interface ItemChoice {
  readonly index: number;
  readonly rename: string | null;
  readonly wide: boolean;
  readonly quoteStrings: boolean;
  readonly comment: string | null;
}

const itemChoice: fc.Arbitrary<ItemChoice> = fc.record({
  index: fc.nat({ max: POOL.length - 1 }),
  rename: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), { nil: null }),
  wide: fc.boolean(),
  quoteStrings: fc.boolean(),
  comment: fc.option(fc.stringMatching(/^[ -~]{0,20}$/), { nil: null }),
});

const featureToggles = fc.record({
  tutorJobs: fc.record({ skip: fc.boolean(), ttlSecondsAfterFinished: fc.nat({ max: 10000 }) }),
  syncWaves: fc.record({
    enabled: fc.boolean(),
    postInitDeployments: fc.subarray(['lms', 'cms', 'lms-worker', 'cms-worker', 'caddy', 'mfe']),
    order: fc.dictionary(fc.constantFrom('kind:Service', 'kind:PersistentVolumeClaim', 'Deployment/caddy', 'lms', 'horizontalpodautoscalers:all'), fc.option(fc.integer({ min: -5, max: 300 }), { nil: null })),
  }),
  ingress: fc.record({ enabled: fc.boolean() }),
  multitenancy: fc.record({ enabled: fc.boolean() }),
  scorm: fc.record({ enabled: fc.boolean() }),
  podLifecycle: fc.record({ enabled: fc.boolean() }),
});

function renderItem(choice: ItemChoice): string {
  const object = JSON.parse(JSON.stringify(POOL[choice.index])) as { metadata: { name: string } };
  if (choice.rename) object.metadata.name = choice.rename;
  const doc = new YAML.Document(object);
  if (choice.quoteStrings) {
    YAML.visit(doc, {
      Scalar(key, node) {
        if (key === 'value' && typeof node.value === 'string' && !node.value.includes('\n')) node.type = 'QUOTE_SINGLE';
      },
    });
  }
  if (choice.comment !== null) (doc.contents as YAML.YAMLMap).commentBefore = ` ${choice.comment}`;
  const text = doc.toString({ indentSeq: choice.wide, lineWidth: 0 });
  return `- ${text.trimEnd().split('\n').join('\n  ')}\n`;
}

const resourceLists = fc
  .record({ items: fc.array(itemChoice, { minLength: 0, maxLength: 6 }), spec: featureToggles, wideList: fc.boolean() })
  .map(({ items, spec, wideList }) => {
    const indent = wideList ? '  ' : '';
    const body = items.map(renderItem).map((item) => item.split('\n').map((line) => (line === '' ? '' : indent + line)).join('\n'));
    const config = YAML.stringify({ functionConfig: { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec } });
    return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${items.length === 0 ? ' []' : ''}\n${body.join('')}${config}`;
  });

const parameters = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

describe(`properties (${RUNS} runs each; PROPERTY_SEED replays a failure)`, () => {
  test('the output is one ResourceList; no item is lost or duplicated; nothing throws', () => {
    fc.assert(
      fc.property(resourceLists, (text) => {
        const outcome = runFunction(text);
        const internal = outcome.results.filter((result) => result.message.startsWith('internal error'));
        expect(internal).toEqual([]);
        const input = readResourceList(text);
        const output = readResourceList(outcome.output);
        if (outcome.exitCode !== 0) {
          expect(output.items.map((item) => item.value)).toEqual(input.items.map((item) => item.value));
          return;
        }
        // An edited ConfigMap named with kustomize's hash gets the hash of its new content.
        const id = (value: { kind: string; metadata: { name: string } }): string => `${value.kind}/${value.kind === 'ConfigMap' ? value.metadata.name.replace(/-[0-9a-z]{10}$/, '') : value.metadata.name}`;
        const inputIds = input.items.map((item) => id(item.value));
        const outputIds = output.items.map((item) => id(item.value));
        expect(outputIds.slice(0, inputIds.length)).toEqual(inputIds);
        for (const id of outputIds.slice(inputIds.length)) expect(inputIds).not.toContain(id);
      }),
      parameters,
    );
  });

  test('untouched items come out byte-identical', () => {
    fc.assert(
      fc.property(resourceLists, (text) => {
        const outcome = runFunction(text);
        if (outcome.exitCode !== 0) return;
        const input = readResourceList(text);
        const output = readResourceList(outcome.output);
        input.items.forEach((item, position) => {
          const after = output.items[position];
          if (JSON.stringify(after.value) !== JSON.stringify(item.value)) return;
          if (item.source.kind === 'text' && after.source.kind === 'text') expect(after.source.verbatim).toBe(item.source.verbatim);
        });
      }),
      parameters,
    );
  });

  test('deterministic and idempotent: same bytes twice, and no change on its own output', () => {
    fc.assert(
      fc.property(resourceLists, (text) => {
        const first = runFunction(text);
        expect(runFunction(text).output).toBe(first.output);
        if (first.exitCode !== 0) return;
        const second = runFunction(first.output);
        expect(second.exitCode).toBe(0);
        expect(second.output).toBe(first.output);
      }),
      parameters,
    );
  });

  test('with every feature off the output is the input', () => {
    const allOff = ALL_OFF_SPEC;
    fc.assert(
      fc.property(resourceLists, (text) => {
        const replaced = text.replace(/functionConfig:[\s\S]*$/, YAML.stringify({ functionConfig: { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec: allOff } }));
        const outcome = runFunction(replaced);
        expect(outcome.exitCode).toBe(0);
        expect(outcome.output).toBe(replaced);
      }),
      parameters,
    );
  });
});
