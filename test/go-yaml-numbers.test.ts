/**
 * Strings of a number's shape as go-yaml reads numbers (issue 13, second review, F1). go-yaml drops
 * every `_` of a plain scalar, then reads it with strconv.ParseInt(s, 0, 64) (0x, 0X, 0o, 0O, 0b, 0B
 * and a lone leading 0, with a sign), then with its float pattern: `0X1F`, `+0o17`, `1_e5` or `0_8`
 * are numbers to kustomize, kpt and kubectl. Every way drydock-fn writes a string (the fast printer,
 * the fallback through `yaml`, a `yaml` document built from plain values as wrapDocuments builds the
 * functionConfig, a changed scalar spliced into an item) writes such a string quoted, and two real
 * readers read it back as that string: kustomize (kubectl kustomize 5.5, kustomize 4.5.4) and
 * kubectl's own decoder (`kubectl annotate --local`, sigs.k8s.io/yaml over go-yaml v2, which refuses
 * a number where ObjectMeta wants a string). An annotation key go-yaml reads as no string (`10`,
 * `1_0`, `null`, a date) makes both kustomizes fail even quoted: such a key in the settings is an
 * error naming its path. End to end, the reviewer's strings as ingress annotations and the debug
 * cookie reach the generated Ingresses as strings, through kustomize and through kpt.
 * PROPERTY_RUNS sets the runs (500 by default).
 */
import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { renderManifests, unwrapItems, wrapDocuments } from '../src/io';
import { emitDocument } from '../src/krm/emit';
import { goYamlPlainNumber, goYamlReadsPlainAsString } from '../src/krm/go-yaml-scalars';
import { readResourceList } from '../src/krm/read';
import { createNode } from '../src/krm/reconcile';
import type { ChangeTree } from '../src/krm/change-tree';
import type { JsonValue, KubeObject } from '../src/krm/types';
import { printOutcome } from '../src/krm/write';
import { printYamlDocument } from '../src/krm/yaml11';
import { PARSE_OPTIONS, toStringOptions } from '../src/krm/yaml-options';
import { runFunction } from '../src/run';
import { kustomizeManyObjects, kustomizes, objectId } from './support/kustomize-reader';
import { ROOT, cleanup, copyTree, kptRender, tempDir, toolMissing } from './support/orchestrators';
import { drydockConfig, drydockConfigMap, itemsOf } from './support/run';
import { tutorObjects } from './support/tutor-objects';

type Item = Record<string, any>;

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

/** The reviewer's strings, each a number to go-yaml, all written unquoted before. */
const REVIEWED = ['0X1F', '0B101', '0O17', '+0o17', '-0o17', '0_x1F', '0_o17', '0_b1', '+0_x1', '1_e5', '1_0e5', '1_.5e1', '+0X1F', '1e1_0', '+1_e1', '0.5_e1', '0_8'];

const { available: KUSTOMIZES, missing: KUSTOMIZES_MISSING } = kustomizes();
const KUBECTL_MISSING = toolMissing('kubectl');
const KPT_MISSING = toolMissing('kpt');
for (const reason of [...KUSTOMIZES_MISSING, ...(KUBECTL_MISSING ? [`kubectl's decoder: ${KUBECTL_MISSING}`] : []), ...(KPT_MISSING ? [`kpt: ${KPT_MISSING}`] : [])]) {
  // eslint-disable-next-line no-console
  console.warn(`go-yaml-numbers: a reader is left out (${reason})`);
}

// ---------------------------------------------------------------------------------------------
// go-yaml's number shapes

const DIGITS: Readonly<Record<string, string>> = { '0b': '01', '0B': '01', '0o': '01234567', '0O': '01234567', '0x': '0123456789abcdefABCDEF', '0X': '0123456789abcdefABCDEF', '': '0123456789' };
const digitsOf = (alphabet: string, min: number, max: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((chars) => chars.join(''));

const prefixed = fc.constantFrom('0b', '0B', '0o', '0O', '0x', '0X').chain((prefix) => digitsOf(DIGITS[prefix], 0, 6).map((digits) => prefix + digits));
const decimal = digitsOf('0123456789', 1, 6);
const float = fc
  .tuple(digitsOf('0123456789', 0, 4), fc.constantFrom('', '.'), digitsOf('0123456789', 0, 4), fc.constantFrom('', 'e', 'E'), fc.constantFrom('', '+', '-'), digitsOf('0123456789', 0, 3))
  .map(([int, dot, fraction, e, sign, exponent]) => `${int}${dot}${fraction}${e ? `${e}${sign}${exponent}` : ''}`);

/** Signs, prefixes in both cases, floats and exponents, with `_` anywhere (go-yaml drops them all). */
const numberShape = fc
  .tuple(fc.constantFrom('', '+', '-'), fc.oneof(prefixed, decimal, float), fc.array(fc.nat(), { maxLength: 3 }))
  .map(([sign, body, underscores]) => {
    let text = sign + body;
    for (const at of underscores) {
      const index = at % (text.length + 1);
      text = `${text.slice(0, index)}_${text.slice(index)}`;
    }
    return text;
  })
  .filter((text) => text !== '');

// ---------------------------------------------------------------------------------------------
// Readers

/** kubectl's decoder (sigs.k8s.io/yaml) reading files offline: the objects, or its error. */
function kubectlDecode(file: string): { objects: Item[] } | { error: string } {
  const result = spawnSync('kubectl', ['annotate', '--local', '-R', '-f', file, 'drydock-test/read=1', '-o', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) return { error: result.stderr.trim() };
  const objects = JSON.parse(`[${result.stdout.replace(/^}\n{/gm, '},{')}]`) as Item[];
  for (const object of objects) {
    delete object.metadata.annotations['drydock-test/read'];
    if (Object.keys(object.metadata.annotations).length === 0) delete object.metadata.annotations;
  }
  return { objects };
}

/** Every kustomize here reads the files as `expected` (keyed by object id). */
async function expectKustomizesRead(expected: ReadonlyMap<string, Item>, files: readonly { text: string; objects: number }[]): Promise<void> {
  for (const kustomize of KUSTOMIZES) {
    const theirs = await kustomizeManyObjects(kustomize, files);
    expect([...theirs.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, object] of expected) expect({ reader: kustomize.name, id, object: theirs.get(id) }).toEqual({ reader: kustomize.name, id, object });
  }
}

/** kubectl's decoder reads the files as `expected`. */
function expectKubectlReads(expected: ReadonlyMap<string, Item>, files: readonly string[]): void {
  if (KUBECTL_MISSING) return;
  const dir = tempDir('drydock-fn-kubectl-');
  try {
    files.forEach((text, index) => writeFileSync(path.join(dir, `f-${index}.yaml`), text));
    const read = kubectlDecode(dir);
    expect(read).toEqual({ objects: expect.any(Array) });
    const byId = new Map((read as { objects: Item[] }).objects.map((object) => [objectId(object), object]));
    for (const [id, object] of expected) expect({ reader: 'kubectl', id, object: byId.get(id) }).toEqual({ reader: 'kubectl', id, object });
  } finally {
    cleanup(dir);
  }
}

// ---------------------------------------------------------------------------------------------
// (a) Every printer

const LIST_HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const CHUNK = 100;

/** An object holding the strings in an annotation, a field, a list and a nested mapping each. */
function holder(name: string, strings: readonly string[]): Item {
  const entries = (prefix: string) => Object.fromEntries(strings.map((text, index) => [`${prefix}${index}`, text]));
  return { apiVersion: 'test.drydock.io/v1', kind: 'Value', metadata: { name, annotations: entries('example.com/v') }, spec: { values: entries('v'), list: [...strings], nested: { deeper: entries('n') } } };
}

function fallbackPrint(value: Item): string {
  const doc = new YAML.Document();
  doc.contents = createNode(doc, value as JsonValue) as typeof doc.contents;
  return printYamlDocument(doc, toStringOptions(false));
}

/** A `yaml` document built from plain values, as wrapDocuments builds its functionConfig. */
function plainDocumentPrint(value: Item): string {
  return printYamlDocument(new YAML.Document(value), toStringOptions(false));
}

/** The strings spliced into an item whose values were plain words: each a changed scalar. */
function splicedPrint(name: string, strings: readonly string[]): string {
  const before = holder(name, strings.map(() => 'old'));
  const input = readResourceList(LIST_HEAD + fallbackPrint(before).replace(/^/gm, '  ').replace(/^ {2}/, '- ').replace(/\n {2}$/, '\n'));
  const item = input.items[0];
  const after = holder(name, strings);
  const leaves = (keys: readonly string[]): ChangeTree => ({ children: new Map(keys.map((key) => [key, { whole: { before: 'old' } }])) });
  const changes: ChangeTree = {
    children: new Map<string, ChangeTree>([
      ['metadata', { children: new Map([['annotations', leaves(Object.keys(after.metadata.annotations))]]) }],
      [
        'spec',
        {
          children: new Map<string, ChangeTree>([
            ['values', leaves(Object.keys(after.spec.values))],
            ['list', { children: new Map(strings.map((_, index) => [index, { whole: { before: 'old' } }])) }],
            ['nested', { children: new Map([['deeper', leaves(Object.keys(after.spec.nested.deeper))]]) }],
          ]),
        },
      ],
    ]),
  };
  const printed = printOutcome({ kind: 'changed', input: item, value: after as KubeObject, changes });
  expect(printed.kind).toBe('printed');
  const part = (printed as { part: string | Uint8Array }).part;
  return LIST_HEAD + (typeof part === 'string' ? part : Buffer.from(part).toString('utf8'));
}

describe('(a) strings of go-yaml number shapes, through every printer', () => {
  test(`each is written quoted and read back as the string by drydock-fn, kustomize and kubectl (${RUNS} runs)`, async () => {
    const strings: string[] = [];
    let numbers = 0;
    fc.assert(
      fc.property(numberShape, (text) => {
        strings.push(text);
        if (goYamlPlainNumber(text) !== undefined) numbers++;
        // The functionConfig as wrapDocuments prints it, read back by drydock-fn's reader.
        const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { value: text } };
        expect({ text, read: readResourceList(wrapDocuments([], config)).functionConfig }).toEqual({ text, read: config });
      }),
      { numRuns: RUNS },
    );
    // Most shapes drawn are numbers to go-yaml (the rest are near misses, strings to every reader).
    expect(numbers).toBeGreaterThan(RUNS / 2);
    const all = [...REVIEWED, ...strings];
    const expected = new Map<string, Item>();
    const files: { text: string; objects: number }[] = [];
    for (let start = 0, chunk = 0; start < all.length; start += CHUNK, chunk++) {
      const part = all.slice(start, start + CHUNK);
      const printers: [string, (name: string) => string][] = [
        ['emitted', (name) => emitDocument(holder(name, part) as JsonValue, false) as string],
        ['fallback', (name) => fallbackPrint(holder(name, part))],
        ['plain-document', (name) => plainDocumentPrint(holder(name, part))],
        ['spliced', (name) => splicedPrint(name, part)],
      ];
      for (const [printer, print] of printers) {
        const name = `${printer}-${chunk}`;
        const text = print(name);
        const object = holder(name, part);
        const read = printer === 'spliced' ? readResourceList(text).items.map((item) => item.value) : YAML.parseAllDocuments(text).map((doc) => doc.toJS());
        expect({ printer, read }).toEqual({ printer, read: [object] });
        // No string of a number's shape is plain in what drydock-fn wrote.
        for (const value of part) if (goYamlPlainNumber(value) !== undefined) expect({ printer, plain: new RegExp(`(?:: |- )${value.replace(/[.+]/g, '\\$&')}$`, 'm').test(text) }).toEqual({ printer, plain: false });
        expected.set(objectId(object), object);
        files.push({ text: printer === 'spliced' ? text.slice(LIST_HEAD.length).replace(/^- /, '  ').replace(/^ {2}/gm, '') : text, objects: 1 });
      }
    }
    expectKubectlReads(expected, files.map((file) => file.text));
    await expectKustomizesRead(expected, files);
  });
});

// ---------------------------------------------------------------------------------------------
// (b) Annotation keys go-yaml reads as no string

describe('(b) annotation keys that go-yaml reads as no string', () => {
  const NOT_STRINGS = ['10', '1_0', 'null', 'Null', '0X1F', '0_x1F', 'true', 'FALSE', '2001-12-14', '2001-1-2', '1.5', '1e5'];
  /** Near misses: strings to go-yaml v3 (yes and on are YAML 1.1 booleans, not v3's; no 13th month). */
  const STRINGS = ['example.com/ok-10', 'yes', 'on', '2001-13-14', '0x', '1_0x'];

  test('the rule agrees with go-yaml as kustomize reads a key (quoted, as drydock-fn writes it)', async () => {
    if (KUSTOMIZES.length === 0) return;
    const kustomize = KUSTOMIZES[0];
    const keys = [...NOT_STRINGS, ...STRINGS];
    const outcomes = await Promise.all(
      keys.map(async (key) => {
        const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\n  annotations:\n    ${JSON.stringify(key)}: v\n`;
        try {
          await kustomizeManyObjects(kustomize, [{ text, objects: 1 }]);
          return { key, kustomizeReads: true };
        } catch {
          return { key, kustomizeReads: false };
        }
      }),
    );
    expect(outcomes).toEqual(keys.map((key) => ({ key, kustomizeReads: goYamlReadsPlainAsString(key) })));
    // The ones kustomize cannot read, which the settings must refuse.
    expect(outcomes.filter((outcome) => !outcome.kustomizeReads).map((outcome) => outcome.key)).toEqual(NOT_STRINGS);
  });

  test.each([
    ['DrydockConfig', drydockConfig({ ingress: { annotations: { '10': 'a', '1_0': 'b', null: 'c', '0X1F': 'd', '2001-12-14': 'e', 'example.com/fine': 'f' } } }), ['10', '1_0', 'null', '0X1F', '2001-12-14'].map((key) => `spec.ingress.annotations["${key}"]`)],
    ['ConfigMap form', drydockConfigMap({ 'ingress.annotations': '{"10": a, "true": b}' }), ['data.ingress.annotations', 'data.ingress.annotations']],
  ])('in the %s, each is an error naming its path, and the items come back unchanged', (_form, config, paths) => {
    const input = wrapDocuments(tutorObjects().map((item) => YAML.stringify(item)), config);
    const outcome = runFunction(input);
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors.map((error) => error.field?.path)).toEqual(paths);
    for (const error of errors) expect(error).toEqual(expect.objectContaining({ tags: { code: 'CONFIG_INVALID_VALUE' }, message: expect.stringMatching(/kustomize reads as a (number|boolean|null|date), not as a string/) }));
    expect(itemsOf(outcome.output)).toEqual(itemsOf(input));
  });
});

// ---------------------------------------------------------------------------------------------
// (c) End to end: ingress annotations and the debug cookie

const SPEC = {
  ingress: { className: 'nginx', annotations: Object.fromEntries(REVIEWED.map((text, index) => [`example.com/a${index}`, text])) },
  debug: { enabled: true, cookie: '0X1F' },
};

describe('(c) the reviewer\'s strings as settings, end to end', () => {
  test('kustomize and kubectl read the generated Ingresses\' annotations and cookie as strings', async () => {
    const input = wrapDocuments(tutorObjects().map((item) => YAML.stringify(item)), drydockConfig(SPEC));
    const outcome = runFunction(input);
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
    const ingresses = itemsOf(outcome.output).filter((item) => item.kind === 'Ingress');
    expect(ingresses.length).toBeGreaterThanOrEqual(3);
    const canary = ingresses.find((ingress) => ingress.metadata.annotations['nginx.ingress.kubernetes.io/canary-by-cookie']) as Item;
    expect(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-by-cookie']).toBe('0X1F');
    for (const ingress of ingresses.filter((item) => item !== canary)) expect(ingress.metadata.annotations).toMatchObject(SPEC.ingress.annotations);
    const text = unwrapItems(outcome.output);
    // kustomize drops kpt's internal annotations of the objects it reads.
    const withoutKptPlaces = (ingress: Item): Item => ({ ...ingress, metadata: { ...ingress.metadata, annotations: Object.fromEntries(Object.entries(ingress.metadata.annotations).filter(([key]) => !key.startsWith('internal.config.kubernetes.io/'))) } });
    const expected = new Map(ingresses.map((ingress) => [objectId(ingress), ingress]));
    // Only the Ingresses are compared (kustomize's reading of the others is held elsewhere).
    for (const kustomize of KUSTOMIZES) {
      const theirs = await kustomizeManyObjects(kustomize, [{ text, objects: 50 }]);
      for (const [id, ingress] of expected) expect({ reader: kustomize.name, id, ingress: theirs.get(id) }).toEqual({ reader: kustomize.name, id, ingress: withoutKptPlaces(ingress) });
    }
    expectKubectlReads(expected, [text]);
  });

  test('the render command: the config file and --set values reach the Ingresses as strings (wrapDocuments wrote them plain, read back as numbers)', () => {
    const manifests = [{ name: 'tutor.yaml', bytes: Buffer.from(tutorObjects().map((item) => YAML.stringify(item)).join('---\n')) }];
    const fromFile = renderManifests(manifests, { config: Buffer.from(JSON.stringify(drydockConfig(SPEC))), configName: 'drydock.json' });
    expect(fromFile.results.filter((result) => result.severity === 'error')).toEqual([]);
    const ingresses = YAML.parseAllDocuments(fromFile.output).map((doc) => doc.toJS() as Item).filter((item) => item?.kind === 'Ingress');
    expect(ingresses.find((ingress) => ingress.metadata.name === 'lms')?.metadata.annotations).toMatchObject(SPEC.ingress.annotations);
    const fromSets = renderManifests(manifests, { sets: ['DRYDOCK_DEBUG=true', 'DRYDOCK_INGRESS_CLASS=nginx', 'OPENEDX_DEBUG_COOKIE=+0o17'] });
    expect(fromSets.results.filter((result) => result.severity === 'error')).toEqual([]);
    const cookies = YAML.parseAllDocuments(fromSets.output).map((doc) => (doc.toJS() as Item)?.metadata?.annotations?.['nginx.ingress.kubernetes.io/canary-by-cookie']).filter((cookie) => cookie !== undefined);
    expect(cookies).toEqual(['+0o17']);
  });

  test('kpt fn render writes them so that kubectl reads the files it keeps as strings', () => {
    if (KPT_MISSING || KUBECTL_MISSING) return;
    const dir = tempDir();
    try {
      copyTree(path.join(ROOT, 'examples', 'kpt', 'openedx'), dir);
      const config = YAML.parse(readFileSync(path.join(dir, 'drydock.yaml'), 'utf8')) as Item;
      config.spec = { ...config.spec, ...SPEC };
      // JSON: a YAML text every reader reads the strings of (the yaml package would write 0X1F plain).
      writeFileSync(path.join(dir, 'drydock.yaml'), JSON.stringify(config));
      const result = kptRender(dir);
      expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
      const read = kubectlDecode(path.join(dir, 'drydock-fn'));
      expect(read).toEqual({ objects: expect.any(Array) });
      const ingresses = (read as { objects: Item[] }).objects.filter((object) => object.kind === 'Ingress');
      const canary = ingresses.find((ingress) => ingress.metadata.annotations['nginx.ingress.kubernetes.io/canary-by-cookie']) as Item;
      expect(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-by-cookie']).toBe('0X1F');
      const others = ingresses.filter((ingress) => ingress !== canary);
      expect(others.length).toBeGreaterThanOrEqual(2);
      for (const ingress of others) expect(ingress.metadata.annotations).toMatchObject(SPEC.ingress.annotations);
    } finally {
      cleanup(dir);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// (d) Numbers in other spellings, in an item printed again whole

describe('(d) numbers written in other spellings, in an item printed again whole', () => {
  /** Each a number to go-yaml (explicit tags too): kustomize writes them in its own spelling, kpt keeps the file's. */
  const SPELLINGS = ['0x10', '-0x1F', '0X1f', '1.50', '017', '0o17', '0b101', '1_000', '+12', '1e3', '1.0e+3', '.5', '-0.0', '!!float 1', '!!float 0x10', '!!int 0x10', '!!int "12"'];
  const object = (name: string): string => `apiVersion: test.drydock.io/v1\n# the kind\nkind: Value\nmetadata:\n  name: ${name}\nspec:\n${SPELLINGS.map((text, index) => `  n${index}: ${text}\n`).join('')}`;

  /** The item with a first key removed before a comment: `yaml` prints it again whole (the splicer declines). */
  function printedWhole(): string {
    const input = readResourceList(`${LIST_HEAD}- drop: me\n${object('whole').replace(/^/gm, '  ').replace(/ {2}$/, '')}`);
    const item = input.items[0];
    const { drop: _dropped, ...after } = item.value as Item;
    const printed = printOutcome({ kind: 'changed', input: item, value: after as KubeObject, changes: { children: new Map([['drop', { whole: { before: 'me' } }]]) } });
    expect(printed.kind).toBe('printed');
    const part = (printed as { part: string | Uint8Array }).part;
    return typeof part === 'string' ? part : Buffer.from(part).toString('utf8');
  }

  test('each is kept as written, and read as kustomize reads it before and after', async () => {
    const printed = printedWhole();
    SPELLINGS.forEach((text, index) => expect(printed).toContain(`\n    n${index}: ${text}\n`));
    const output = readResourceList(`${LIST_HEAD}${printed}`).items[0].value as Item;
    const input = readResourceList(`${LIST_HEAD}- ${object('whole').replace(/\n(?=.)/g, '\n  ')}`).items[0].value as Item;
    expect(output).toEqual(input);
    // drydock-fn's reading, by both of its readers, is kustomize's (`!!float 1` is the float 1: the `yaml` package read "1").
    expect(YAML.parse(object('whole'), PARSE_OPTIONS)).toEqual(input);
    expect(input.spec).toEqual(Object.fromEntries(SPELLINGS.map((_, index) => [`n${index}`, [16, -31, 31, 1.5, 15, 15, 5, 1000, 12, 1000, 1000, 0.5, 0, 1, 16, 16, 12][index]])));
    for (const kustomize of KUSTOMIZES) {
      const unwrapped = printed.replace(/^- /, '').replace(/^ {2}/gm, '');
      const read = await kustomizeManyObjects(kustomize, [
        { text: object('input'), objects: 1 },
        { text: unwrapped.replace('name: whole', 'name: output'), objects: 1 },
      ]);
      expect({ kustomize: kustomize.name, input: read.get('test.drydock.io/Value//input')?.spec, output: read.get('test.drydock.io/Value//output')?.spec }).toEqual({ kustomize: kustomize.name, input: input.spec, output: input.spec });
    }
  });
});
