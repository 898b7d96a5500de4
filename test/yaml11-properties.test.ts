/**
 * Properties (fast-check, hostile strings from test/support/hostile.ts) of every way drydock-fn
 * writes a scalar, each checked by kustomize's reader (kubectl kustomize 5.5, or the standalone
 * kustomize 4.5.4 where kubectl is missing) and, where it is installed, PyYAML:
 * (a) arbitrary JSON values, hostile keys and strings at any depth, printed as new objects by the
 *     fast printer and by the fallback through `yaml`: both print the same, and every reader reads
 *     the value;
 * (b) a changed scalar spliced into an item's text in each style (plain, single-quoted,
 *     double-quoted, literal and folded block), a changed subtree and a new hostile key, through the
 *     writer: every reader reads the new value and the rest of the item as it was;
 * (c) the function end to end, a hostile string in a string setting (any of them, in either config
 *     form) on a small Tutor env: kustomize's reading of every item drydock-fn changed or generated
 *     equals drydock-fn's, and the output holds no raw character YAML 1.1 reads otherwise; or the
 *     run is an error that names the setting.
 * Many cases go to one kustomize build as distinctly named objects. kustomize cannot carry U+007F–
 * U+009F, U+FFFE and U+FFFF even escaped (it fails on them, and turns U+0085 into a space), so
 * values holding them are checked by the other readers only; settings holding them are refused.
 * PROPERTY_RUNS sets the runs (500 by default), PROPERTY_SEED (and PROPERTY_PATH) replays a failure.
 */
import * as fc from 'fast-check';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { drydockNames } from '../src/config/configmap-form';
import { configMapJson } from '../src/config/configmap-values';
import { settingPaths, settingsByPath } from '../src/config/setting-paths';
import type { AnySetting } from '../src/config/dsl';
import { splitDocuments, wrapDocuments } from '../src/io';
import { emitDocument } from '../src/krm/emit';
import { readResourceList } from '../src/krm/read';
import { createNode } from '../src/krm/reconcile';
import type { ChangeTree } from '../src/krm/change-tree';
import type { JsonValue, KubeObject } from '../src/krm/types';
import { printOutcome } from '../src/krm/write';
import { firstUnportableCharacter, printYamlDocument } from '../src/krm/yaml11';
import { toStringOptions } from '../src/krm/yaml-options';
import { runFunction } from '../src/run';
import { hostileString } from './support/hostile';
import { kustomizeManyObjects, kustomizes, objectId, readAsYaml11 } from './support/kustomize-reader';
import type { Kustomize } from './support/kustomize-reader';
import { pyyamlLoadAll, pyyamlMissing } from './support/pyyaml';
import { ALL_OFF_SPEC } from './support/run';

type Item = Record<string, any>;

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const PATH = process.env.PROPERTY_PATH;
const parameters = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) };

/** Characters that must never stand raw in what drydock-fn writes. */
const RAW_FORBIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** What kustomize cannot carry, even escaped (see the module comment). */
const KUSTOMIZE_CANNOT_CARRY = /[\x7f-\x9f\ufffe\uffff]/;

const { available, missing } = kustomizes();
/** One kustomize reads (both share kyaml's reader): kubectl kustomize where it is installed, else the standalone one. */
const KUSTOMIZE: Kustomize | undefined = available[0];
const PYYAML_MISSING = pyyamlMissing();
if (!KUSTOMIZE) {
  // eslint-disable-next-line no-console
  console.warn(`yaml11-properties: not read by kustomize (${missing.join('; ')})`);
}
if (PYYAML_MISSING) {
  // eslint-disable-next-line no-console
  console.warn(`yaml11-properties: not read by PyYAML (${PYYAML_MISSING})`);
}

/** Outputs of kustomize's builds, kept for the check of the reader of kustomize's output against PyYAML. */
const kustomizeOutputs: string[] = [];

/** kustomize's objects equal the expected ones, keyed by id (cases that kustomize cannot carry left out). */
async function expectKustomizeReads(expected: ReadonlyMap<string, Item>, files: readonly { text: string; objects: number }[], what: string): Promise<void> {
  if (!KUSTOMIZE) return;
  const theirs = await kustomizeManyObjects(KUSTOMIZE, files, { outputs: kustomizeOutputs });
  expect([...theirs.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, object] of expected) expect({ id, object: theirs.get(id) }).toEqual({ id, object });
  // eslint-disable-next-line no-console
  console.log(`yaml11-properties: ${what}: ${expected.size} objects read by ${KUSTOMIZE.name} as drydock-fn reads them`);
}

/**
 * PyYAML reads every text as `expected` (the documents of each). PyYAML alone (not go-yaml, not the
 * YAML 1.1 specification) refuses a tab inside a plain scalar; that refusal is the one answer let
 * through. PyYAML reads no object drydock-fn writes: only Tutor's env files, whose text drydock-fn
 * writes with its own encoder (krm/yaml11.ts yaml11DoubleQuoted, which escapes tabs).
 */
function expectPyyamlReads(texts: readonly string[], expected: readonly unknown[][]): void {
  if (PYYAML_MISSING) return;
  const read = pyyamlLoadAll(texts);
  read.forEach((answer, index) => {
    if ('error' in answer && answer.error.includes("found character '\\t' that cannot start any token")) return;
    expect({ index, text: texts[index], answer }).toEqual({ index, text: texts[index], answer: { documents: expected[index] } });
  });
}

// ---------------------------------------------------------------------------------------------
// (a) New objects: the fast printer and the fallback

const key = fc.oneof(hostileString({ maxLength: 4 }), fc.stringMatching(/^[a-z]{1,6}$/));
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Strings kustomize prints with a raw U+2028 or U+2029: single-quoted, in literal blocks, as the first or an empty line of a block, after a leading space. */
const SEPARATOR_SHAPES = ['x\u2028y', 'x\u2028\u2029y', '\u2028x', 'a\u2029b\nc\n', '\u2029..605-3uk-\n', ' lead\u2028x\ny\n', 'a\n\u2028b\n', 'a\u2028  b\nc', 'end\u2028\nx\n'];

function fallbackPrint(value: JsonValue, indentSeq: boolean): string {
  const doc = new YAML.Document();
  doc.contents = createNode(doc, value) as typeof doc.contents;
  return printYamlDocument(doc, toStringOptions(indentSeq));
}

describe('(a) arbitrary values printed as new objects', () => {
  test(`the fast printer and the fallback print the same, and every reader reads the value (${RUNS} runs)`, async () => {
    const expected = new Map<string, Item>();
    const files: { text: string; objects: number }[] = [];
    const texts: string[] = [];
    const values: unknown[][] = [];
    let run = 0;
    let printedByEmitter = 0;
    fc.assert(
      fc.property(json, fc.boolean(), (value, indentSeq) => {
        run++;
        const object: Item = { apiVersion: 'test.drydock.io/v1', kind: 'Value', metadata: { name: `a-${run}` }, value };
        const fallback = fallbackPrint(object as JsonValue, indentSeq);
        const emitted = emitDocument(object as JsonValue, indentSeq);
        if (emitted !== undefined) {
          printedByEmitter++;
          expect(emitted).toBe(fallback);
        }
        expect(fallback).not.toMatch(RAW_FORBIDDEN);
        expect(YAML.parse(fallback)).toEqual(object);
        texts.push(fallback);
        values.push([object]);
        if (!KUSTOMIZE_CANNOT_CARRY.test(JSON.stringify(object))) {
          expected.set(objectId(object), object);
          files.push({ text: fallback, objects: 1 });
        }
      }),
      parameters,
    );
    expect(printedByEmitter).toBeGreaterThan(RUNS * 0.8);
    // Each way kustomize prints a raw line separator, whatever the runs drew.
    SEPARATOR_SHAPES.forEach((value, index) => {
      const object: Item = { apiVersion: 'test.drydock.io/v1', kind: 'Value', metadata: { name: `a-shape-${index}` }, value: [{ nested: [value], [`key ${value}`]: [value] }] };
      expected.set(objectId(object), object);
      files.push({ text: fallbackPrint(object as JsonValue, false), objects: 1 });
    });
    expectPyyamlReads(texts, values);
    await expectKustomizeReads(expected, files, '(a) new objects');
  });
});

// ---------------------------------------------------------------------------------------------
// (b) Changed items: a scalar in each style, a subtree, a new key, through the writer

const STYLES: Readonly<Record<string, { text: string; value: string }>> = {
  plain: { text: 'old text', value: 'old text' },
  single: { text: "'old text'", value: 'old text' },
  double: { text: '"old text"', value: 'old text' },
  literal: { text: '|\n      old\n      text\n', value: 'old\ntext\n' },
  folded: { text: '>\n      old\n      text\n', value: 'old text\n' },
};

const LIST_HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

function itemText(name: string, style: string): string {
  const before = STYLES[style].text;
  const scalar = before.startsWith('|') || before.startsWith('>') ? before : `${before}\n`;
  return `- apiVersion: test.drydock.io/v1\n  kind: Value\n  metadata:\n    name: ${name}\n  spec:\n    keep: kept # a comment\n    before: ${scalar}    tree:\n      a: 1\n      list:\n      - x\n    after: kept too\n`;
}

const change = fc.oneof(
  fc.record({ kind: fc.constant('scalar' as const), style: fc.constantFrom(...Object.keys(STYLES)), value: hostileString() }),
  fc.record({ kind: fc.constant('subtree' as const), style: fc.constantFrom(...Object.keys(STYLES)), value: fc.dictionary(key, json, { minKeys: 1, maxKeys: 3 }) }),
  fc.record({ kind: fc.constant('new key' as const), style: fc.constantFrom(...Object.keys(STYLES)), key: hostileString({ maxLength: 4 }), value: json }),
);

describe('(b) changed scalars and subtrees spliced into items', () => {
  test(`every reader reads the new value and the rest as it was (${RUNS} runs)`, async () => {
    const expected = new Map<string, Item>();
    const files: { text: string; objects: number }[] = [];
    const texts: string[] = [];
    const values: unknown[][] = [];
    let run = 0;
    fc.assert(
      fc.property(change, (edit) => {
        run++;
        const name = `b-${run}`;
        const input = readResourceList(LIST_HEAD + itemText(name, edit.style));
        const item = input.items[0];
        const value = JSON.parse(JSON.stringify(item.value)) as Item;
        let changes: ChangeTree;
        if (edit.kind === 'scalar') {
          value.spec.before = edit.value;
          changes = { children: new Map([['spec', { children: new Map([['before', { whole: { before: STYLES[edit.style].value } }]]) }]]) };
        } else if (edit.kind === 'subtree') {
          value.spec.tree = edit.value;
          changes = { children: new Map([['spec', { children: new Map([['tree', { whole: { before: { a: 1, list: ['x'] } } }]]) }]]) };
        } else {
          if (Object.prototype.hasOwnProperty.call(value.spec, edit.key)) return;
          value.spec[edit.key] = edit.value;
          changes = { children: new Map([['spec', { children: new Map([[edit.key, { whole: { before: undefined } }]]) }]]) };
        }
        const printed = printOutcome({ kind: 'changed', input: item, value: value as KubeObject, changes });
        expect(printed.kind).toBe('printed');
        const part = (printed as { part: string | Uint8Array }).part;
        const text = LIST_HEAD + (typeof part === 'string' ? part : Buffer.from(part).toString('utf8'));
        expect(text).not.toMatch(RAW_FORBIDDEN);
        expect(readResourceList(text).items.map((entry) => entry.value)).toEqual([value]);
        expect(YAML.parse(text).items).toEqual([value]);
        texts.push(text);
        values.push([{ ...YAML.parse(LIST_HEAD), items: [value] }]);
        if (!KUSTOMIZE_CANNOT_CARRY.test(JSON.stringify(value))) {
          expected.set(objectId(value), value);
          files.push({ text, objects: 1 });
        }
      }),
      parameters,
    );
    expectPyyamlReads(texts, values);
    await expectKustomizeReads(expected, files, '(b) changed items');
  });
});

// ---------------------------------------------------------------------------------------------
// (c) The function end to end, hostile strings in the settings

/** A small Tutor env: the example package's objects the features work on (Tutor 20). */
const ENV = YAML.parseAllDocuments(readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8'))
  .map((doc) => doc.toString({ lineWidth: 0 }))
  .filter((text) => !/^kind: PersistentVolumeClaim$/m.test(text) && !/^ {2}name: (redis|smtp|meilisearch)(-config-\w+)?$/m.test(text));

/** The env in `namespace` instead of openedx, so that the objects of many runs share one kustomize build. */
function envIn(namespace: string): string[] {
  return ENV.map((text) => {
    const renamed = text.replace(/^(\s+)namespace: openedx$/gm, `$1namespace: ${namespace}`);
    return /^kind: Namespace$/m.test(renamed) ? renamed.replace(/^ {2}name: openedx$/m, `  name: ${namespace}`) : renamed;
  });
}

const TASK = { service: 'lms', command: 'echo hi' };
/** Per settings group, what switches its feature on (with what it needs) on top of every feature off. */
const GROUP_ON: Readonly<Record<string, Item>> = {
  tutor: { ingress: { enabled: true } },
  initJobs: { initJobs: { enabled: true, tasks: [TASK], mongodbRootUsername: 'root', mongodbRootPassword: 'root-pw' } },
  tutorJobs: { tutorJobs: { skip: true } },
  syncWaves: { syncWaves: { enabled: true } },
  ingress: { ingress: { enabled: true, extraHosts: ['extra.example.com'], tls: { letsencryptEmail: 'ops@example.com' } } },
  podDisruptionBudgets: { podDisruptionBudgets: { lms: 50 } },
  registryCredentials: { registryCredentials: { dockerConfigJson: '{"auths":{"r.example.com":{"auth":"dTpw"}}}' } },
  newRelic: { newRelic: { licenseKey: 'nr-key' } },
  multitenancy: { multitenancy: { enabled: true } },
  scorm: { scorm: { enabled: true } },
  podLifecycle: { podLifecycle: { enabled: true } },
  djangoSettings: { djangoSettings: { loggingTweaks: true, mysqlUtf8mb4: true, forumMongodbDatabase: 'cs_comments_service' } },
  uwsgi: { uwsgi: { keepAlive: true } },
  celeryTuning: { celeryTuning: { enabled: true } },
  sentry: { sentry: { enabled: true, dsn: 'https://key@sentry.example.com/1' } },
  flower: { flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower-auth' } } }, ingress: { enabled: true } },
  debug: { debug: { enabled: true, canaryIngress: 'always' }, ingress: { enabled: true } },
  backups: {
    backups: { enabled: true, storage: { bucket: 'backups', awsAccessKey: 'AKIA', awsSecretKey: 'aws-secret' }, mysql: { username: 'bk', password: 'pw' }, mongodb: { username: 'bk', password: 'pw' } },
    initJobs: { enabled: true, tasks: [TASK] },
  },
  validation: { validation: { enabled: true } },
};

type Target = { readonly path: string[]; readonly kind: 'string' | 'array item' | 'map key' | 'map value' | 'task'; readonly free: boolean };

function schemaTypes(setting: AnySetting): string[] {
  const type: unknown = setting.schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

/** Every place of the settings a string goes: string settings, elements of lists, keys and values of maps, the init tasks. */
const TARGETS: Target[] = settingPaths().flatMap(({ path: settingPath, setting }): Target[] => {
  if (settingPath[0] === 'initJobs' && settingPath[1] === 'tasks') return settingPath.length === 3 ? [{ path: settingPath, kind: 'task', free: settingPath[2] !== 'service' }] : [];
  const types = schemaTypes(setting);
  const free = setting.schema.pattern === undefined && setting.schema.enum === undefined;
  if (types.includes('string') && !setting.fields) return [{ path: settingPath, kind: 'string', free }];
  const items = setting.schema.items as { type?: string; pattern?: string } | undefined;
  if (types.includes('array') && items?.type === 'string') return [{ path: settingPath, kind: 'array item', free: items.pattern === undefined }];
  const values = setting.schema.additionalProperties as { type?: string } | boolean | undefined;
  if (types.includes('object') && typeof values === 'object' && !setting.fields) {
    return [{ path: settingPath, kind: 'map key', free: true }, ...(values.type === 'string' ? [{ path: settingPath, kind: 'map value' as const, free: true }] : [])];
  }
  return [];
});

function setIn(target: Item, keys: readonly string[], value: unknown): void {
  let node = target;
  for (const name of keys.slice(0, -1)) node = node[name] = typeof node[name] === 'object' && node[name] !== null ? { ...node[name] } : {};
  node[keys[keys.length - 1]] = value;
}

function merged(base: Item, extra: Item): Item {
  const out: Item = { ...base };
  for (const [name, value] of Object.entries(extra)) out[name] = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof out[name] === 'object' ? merged(out[name], value) : value;
  return out;
}

/** The spec with the hostile string at the target, on top of every feature off and the target's feature on. */
function specFor(target: Target, hostile: string): Item {
  const spec = merged(ALL_OFF_SPEC as Item, GROUP_ON[target.path[0]] ?? {});
  if (target.kind === 'task') setIn(spec, ['initJobs', 'tasks'], [{ ...TASK, [target.path[2]]: hostile }]);
  else if (target.kind === 'array item') setIn(spec, target.path, [hostile]);
  else if (target.kind === 'map key') setIn(spec, target.path, { [hostile]: target.path.join('.') === 'syncWaves.order' ? 5 : 'v' });
  else if (target.kind === 'map value') setIn(spec, target.path, { 'example.com/key': hostile });
  else setIn(spec, target.path, hostile);
  // A custom certificate needs both halves: the other one valid, so that an error is the hostile one's.
  const half = target.path.join('.').match(/^ingress\.tls\.customCerts\.(crt|key)$/);
  if (half) setIn(spec, ['ingress', 'tls', 'customCerts', half[1] === 'crt' ? 'key' : 'crt'], 'dGVzdA==');
  return spec;
}

/** The same settings as a ConfigMap (Drydock names where there are, settings paths elsewhere); strings raw or quoted. */
function configMapFor(spec: Item, quoteStrings: boolean): Item {
  const byPath = settingsByPath();
  const names = new Map([...drydockNames().entries()].filter(([name]) => !name.includes('.')).map(([name, entry]) => [entry.path.join('.'), name]));
  const data: Record<string, string> = {};
  const walk = (node: Item, prefix: string[]): void => {
    for (const [name, value] of Object.entries(node)) {
      const at = [...prefix, name];
      const entry = byPath.get(at.join('.'));
      if (!entry) continue;
      if (entry.setting.fields && !schemaTypes(entry.setting).includes('array') && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        walk(value as Item, at);
        continue;
      }
      // Quoted as documented (configMapJson: JSON with YAML 1.1's line breaks escaped, which YAML 1.1 reads as Tutor does).
      data[names.get(at.join('.')) ?? at.join('.')] = typeof value === 'string' && !quoteStrings ? value : configMapJson(value);
    }
  };
  walk(spec, []);
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock-settings' }, data };
}

/** The settings path a result's field names (`spec.a.b[0]` or `data.KEY`). */
function settingOfField(field: string): string {
  if (field.startsWith('spec.')) return field.slice('spec.'.length).replace(/\[[\s\S]*$/, '');
  const name = field.replace(/^data\./, '').replace(/\[[\s\S]*$/, '');
  return (drydockNames().get(name) ?? settingsByPath().get(name))?.path.join('.') ?? name;
}

/** The item texts of a ResourceList text of kustomize's layout (`- ` at column 0). */
function itemTexts(list: string): string[] {
  const start = list.indexOf('\nitems:\n');
  if (start < 0) return [];
  const lines = list.slice(start + '\nitems:\n'.length).split(/(?<=\n)/);
  const items: string[] = [];
  for (const line of lines) {
    if (/^[A-Za-z]/.test(line)) break;
    if (line.startsWith('- ')) items.push(line);
    else if (items.length > 0) items[items.length - 1] += line;
  }
  return items;
}

describe('(c) the function end to end, a hostile string in a setting', () => {
  test(`kustomize reads what drydock-fn changed and generated as drydock-fn does, or the setting is refused by name (${RUNS} runs)`, async () => {
    const choice = fc.record({
      target: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TARGETS.filter((target) => target.free)) }, { weight: 1, arbitrary: fc.constantFrom(...TARGETS.filter((target) => !target.free)) }),
      hostile: hostileString(),
      form: fc.constantFrom('DrydockConfig', 'ConfigMap, raw', 'ConfigMap, quoted'),
    });
    const expected = new Map<string, Item>();
    const files: { text: string; objects: number }[] = [];
    const outcomes = { written: 0, refused: 0 };
    let run = 0;
    fc.assert(
      fc.property(choice, ({ target, hostile, form }) => {
        run++;
        const namespace = `run-${run}`;
        const spec = specFor(target, hostile);
        const config = form === 'DrydockConfig' ? { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec } : configMapFor(spec, form === 'ConfigMap, quoted');
        const input = wrapDocuments(splitDocuments(envIn(namespace).join('---\n')), config);
        const outcome = runFunction(input);
        const where = { target: target.path.join('.'), kind: target.kind, form, hostile: JSON.stringify(hostile) };
        if (outcome.exitCode === 1) {
          outcomes.refused++;
          const errors = outcome.results.filter((result) => result.severity === 'error');
          const named = errors.map((result) => settingOfField(result.field?.path ?? '')).filter((setting) => {
            const wanted = target.path.slice(0, target.kind === 'task' ? 2 : target.path.length).join('.');
            return setting === wanted || wanted.startsWith(`${setting}.`) || setting.startsWith(`${wanted}.`);
          });
          expect({ ...where, errors: errors.map((result) => result.field?.path), named: named.length > 0 }).toEqual({ ...where, errors: errors.map((result) => result.field?.path), named: true });
          return;
        }
        outcomes.written++;
        expect({ ...where, raw: firstUnportableCharacter(Buffer.from(outcome.output, 'utf8')) }).toEqual({ ...where, raw: -1 });
        // The items drydock-fn changed or generated (the others are the input's bytes).
        const unchanged = new Set(itemTexts(input));
        const written = itemTexts(outcome.output).filter((text) => !unchanged.has(text));
        const text = LIST_HEAD + written.join('');
        const objects = (YAML.parse(text) as { items: Item[] | null }).items ?? [];
        for (const object of objects) {
          const annotations = object.metadata?.annotations as Record<string, string> | undefined;
          // What kustomize itself changes: it drops its internal.config annotations (and empties them).
          if (annotations) for (const name of Object.keys(annotations)) if (name.startsWith('internal.config.kubernetes.io/')) delete annotations[name];
          if (annotations && Object.keys(annotations).length === 0) delete object.metadata.annotations;
          if (object.metadata?.annotations?.['config.kubernetes.io/local-config'] === 'true') continue;
          expect(expected.has(objectId(object))).toBe(false);
          expected.set(objectId(object), object);
        }
        files.push({ text, objects: objects.length });
      }),
      parameters,
    );
    // eslint-disable-next-line no-console
    console.log(`yaml11-properties: (c) ${outcomes.written} runs written, ${outcomes.refused} refused by name, over ${TARGETS.length} places a setting string goes`);
    // Enough runs written for the check to mean something (they vary from about 25 to 35 %: a raw ConfigMap
    // value is refused where YAML 1.1 reads it otherwise, and one-line settings refuse most hostile strings).
    expect(outcomes.written).toBeGreaterThan(RUNS * 0.2);
    await expectKustomizeReads(expected, files, '(c) changed and generated items');
  });
});

// ---------------------------------------------------------------------------------------------
// The reader of kustomize's output, held to a real YAML 1.1 reader

describe('the reader of kustomize output (test/support/kustomize-reader.ts)', () => {
  (PYYAML_MISSING || !KUSTOMIZE ? test.skip : test)(
    `reads every object of these properties that kustomize printed with a raw U+2028 or U+2029 as PyYAML does${PYYAML_MISSING ? ` (skipped: ${PYYAML_MISSING})` : !KUSTOMIZE ? ' (skipped: no kustomize)' : ''}`,
    () => {
      // Elsewhere the reader is the `yaml` package as it is; kustomize separates objects with `---` lines.
      const documents = kustomizeOutputs.flatMap((output) => output.split(/^---\n/m)).filter((document) => /[\u2028\u2029]/.test(document));
      expect(documents.length).toBeGreaterThanOrEqual(SEPARATOR_SHAPES.length);
      const read = pyyamlLoadAll(documents);
      read.forEach((answer, index) => expect({ document: documents[index], answer }).toEqual({ document: documents[index], answer: { documents: readAsYaml11(documents[index]) } }));
      // eslint-disable-next-line no-console
      console.log(`yaml11-properties: ${documents.length} objects printed by kustomize with raw U+2028 or U+2029 read as PyYAML reads them`);
    },
  );
});
