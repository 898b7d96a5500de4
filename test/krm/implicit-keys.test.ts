/**
 * src/krm/implicit-keys.ts: YAML's limit on implicit keys, read as kustomize's go-yaml and PyYAML read
 * it (the `:` at most 1024 characters after the key's start, anchor or tag included, in block and flow
 * collections, counted in characters, not UTF-16 units or bytes). Every case is read by drydock-fn's
 * readers (the text reader with each of its paths, the document reader, the config.yml reader) and by
 * the real readers here (kpt, which reads with go-yaml v3 as kustomize does, and PyYAML 6): they must
 * agree on whether the text is YAML and, where it is, on its value. kustomize and kubectl refuse more:
 * they print an object as JSON and read that with go-yaml again, so a key whose JSON form (quotes and
 * escapes included) passes 1024 characters fails there even where go-yaml read it (checked by hand:
 * a key of 1023 letters); no Kubernetes field allows keys that long.
 */
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { FunctionInputError } from '../../src/krm/errors';
import * as YAML from 'yaml';
import { emitDocument } from '../../src/krm/emit';
import { correctImplicitKeyErrors, hasLineOverKeyLimit } from '../../src/krm/implicit-keys';
import { readResourceList, readResourceListAsDocument } from '../../src/krm/read';
import { readAsPyYaml } from '../../src/krm/pyyaml';
import { safeLoad, safeLoadMapping } from '../../src/krm/safe-load';
import type { JsonValue } from '../../src/krm/types';
import { printYamlDocument } from '../../src/krm/yaml11';
import { parseYamlDocuments, toStringOptions } from '../../src/krm/yaml-options';
import { readAsYaml11 } from '../support/kustomize-reader';
import { cleanup, tempDir, toolMissing } from '../support/orchestrators';
import { pyyamlLoadAll, pyyamlMissing } from '../support/pyyaml';

const a = (count: number): string => 'a'.repeat(count);
const emoji = (count: number): string => '\u{1F600}'.repeat(count);

/** A key's text as written (before `:`), and what it reads as. */
interface KeyCase {
  readonly name: string;
  readonly written: string;
  readonly key: string;
}

const KEYS: readonly KeyCase[] = [
  { name: '1024 ASCII characters', written: a(1024), key: a(1024) },
  { name: '1025 ASCII characters', written: a(1025), key: a(1025) },
  { name: '600 emoji (1,200 UTF-16 units)', written: emoji(600), key: emoji(600) },
  { name: '1024 emoji', written: emoji(1024), key: emoji(1024) },
  { name: '1025 emoji', written: emoji(1025), key: emoji(1025) },
  { name: '1025 two-byte characters', written: '\u00e9'.repeat(1025), key: '\u00e9'.repeat(1025) },
  { name: 'double-quoted, 1024 with its quotes', written: `"${a(1022)}"`, key: a(1022) },
  { name: 'double-quoted, 1025 with its quotes', written: `"${a(1023)}"`, key: a(1023) },
  { name: 'single-quoted, 1025 with its quotes', written: `'${a(1023)}'`, key: a(1023) },
  { name: 'a space before the colon, 1024 in all', written: `${a(1023)} `, key: a(1023) },
  { name: 'a space before the colon, 1025 in all', written: `${a(1024)} `, key: a(1024) },
  { name: 'a tag, 1024 in all', written: `!!str ${a(1018)}`, key: a(1018) },
  { name: 'a tag, 1025 in all', written: `!!str ${a(1019)}`, key: a(1019) },
  { name: 'an anchor, 1025 in all', written: `&k ${a(1022)}`, key: a(1022) },
];

/** How a reader took a text: its value, or that it refused it. */
type Reading = { readonly value: unknown } | 'refused';

/** A ConfigMap whose data holds the key, in block or in flow style. */
function configMap(written: string, flow: boolean): string {
  const data = flow ? `data: {${written}: v}\n` : `data:\n  ${written}: v\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\n${data}`;
}

function resourceList(object: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${object.replace(/^/gm, '  ').replace(/^ {2}/, '- ')}`;
}

function drydockReading(read: () => { items: readonly { value: unknown }[] }): Reading {
  try {
    return { value: read().items.map((item) => item.value)[0] };
  } catch (error) {
    if (error instanceof FunctionInputError) return 'refused';
    throw error;
  }
}

/** The object of a file as kpt reads it (go-yaml v3 through kyaml, as `kpt fn source` reads a package), or 'refused'. */
function kptRead(object: string): Reading {
  const dir = tempDir('drydock-fn-keys-');
  try {
    writeFileSync(path.join(dir, 'object.yaml'), object);
    const result = spawnSync('kpt', ['fn', 'source', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) return 'refused';
    const item = (readAsYaml11(result.stdout)[0] as { items: Record<string, unknown>[] }).items[0];
    const { annotations, ...metadata } = item.metadata as Record<string, unknown>;
    void annotations; // kpt's own (index, path)
    return { value: { ...item, metadata } };
  } finally {
    cleanup(dir);
  }
}

const CASES = KEYS.flatMap((keyCase) => [false, true].map((flow) => ({ ...keyCase, flow, object: configMap(keyCase.written, flow) })));
const expected = (keyCase: KeyCase): unknown => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keys' }, data: { [keyCase.key]: 'v' } });
const label = (entry: (typeof CASES)[number]): string => `${entry.name}, ${entry.flow ? 'flow' : 'block'}`;

describe('the limit, by the real readers', () => {
  const kptReason = toolMissing('kpt');
  const pyyamlReason = pyyamlMissing();
  for (const reason of [kptReason, pyyamlReason]) {
    // eslint-disable-next-line no-console
    if (reason) console.warn(`implicit-keys: a reader is left out (${reason})`);
  }

  /**
   * Each real reader's reading of each case's `data`: kpt's (go-yaml v3 through kyaml, as `kpt fn
   * source` reads a package's files), its output read back as go-yaml's text; and PyYAML's.
   */
  const realReadings = (): Map<string, Reading[]> => {
    const readings = new Map<string, Reading[]>(CASES.map((entry) => [label(entry), []]));
    if (!kptReason) {
      for (const entry of CASES) {
        const read = kptRead(entry.object);
        (readings.get(label(entry)) as Reading[]).push(read === 'refused' ? read : { value: (read.value as { data: unknown }).data });
      }
    }
    if (!pyyamlReason) {
      const pyyaml = pyyamlLoadAll(CASES.map((entry) => entry.object));
      CASES.forEach((entry, index) => {
        const result = pyyaml[index];
        (readings.get(label(entry)) as Reading[]).push('error' in result ? 'refused' : { value: (result.documents[0] as { data: unknown }).data });
      });
    }
    return readings;
  };

  test('kpt, PyYAML and drydock-fn agree on which keys pass, and on the key read', () => {
    if (kptReason && pyyamlReason) {
      // eslint-disable-next-line no-console
      console.warn('implicit-keys: no real reader here: the agreement is not checked');
      return;
    }
    const readings = realReadings();
    const dataOf = (reading: Reading): Reading => (reading === 'refused' ? reading : { value: (reading.value as { data: unknown }).data });
    const disagreements: string[] = [];
    for (const entry of CASES) {
      const list = resourceList(entry.object);
      const all = [...(readings.get(label(entry)) as Reading[]), dataOf(drydockReading(() => readResourceList(list))), dataOf(drydockReading(() => readResourceListAsDocument(list)))];
      const shapes = all.map((reading) => (reading === 'refused' ? 'refused' : isDeepStrictEqual(reading.value, { [entry.key]: 'v' }) ? 'read' : `other: ${JSON.stringify(reading.value).slice(0, 80)}`));
      if (new Set(shapes).size !== 1) disagreements.push(`${label(entry)}: ${shapes.join(' / ')}`);
    }
    expect(disagreements).toEqual([]);
  });
});

describe('drydock-fn against the rule (checked by the real readers above)', () => {
  const passes = (keyCase: KeyCase): boolean => [...keyCase.written].length <= 1024;

  test.each(CASES.map((entry) => [label(entry), entry] as const))('the text reader and the document reader: %s', (_label, entry) => {
    const list = resourceList(entry.object);
    for (const reading of [drydockReading(() => readResourceList(list)), drydockReading(() => readResourceListAsDocument(list))]) {
      if (passes(entry)) expect(reading).toEqual({ value: expected(entry) });
      else expect(reading).toBe('refused');
    }
  });

  test('a refusal names the line and column of the key and says how to keep it', () => {
    const list = resourceList(configMap(`${a(1030)}`, false));
    try {
      readResourceList(list);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(FunctionInputError);
      const message = (error as FunctionInputError).results[0].message;
      expect(message).toContain('line 9, column 5'); // the key, at column 5 of the item below `- `
      expect(message).toContain('at most 1024 characters after the start of an implicit key');
      expect(message).toContain('"? "');
    }
  });

  test('an explicit key has no limit', () => {
    const list = resourceList(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n  ? ${a(2000)}\n  : v\n`);
    expect(drydockReading(() => readResourceList(list))).toEqual({ value: expected({ name: '', written: '', key: a(2000) }) });
  });

  test("an anchored item (read by `yaml`, not js-yaml) keeps a key of 600 emoji that `yaml` alone would refuse", () => {
    const list = resourceList(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n keys\ndata:\n  ${emoji(600)}: *n\n`);
    expect(drydockReading(() => readResourceList(list))).toEqual({ value: { ...(expected({ name: '', written: '', key: emoji(600) }) as object), data: { [emoji(600)]: 'keys' } } });
  });

  test("the functionConfig's keys are held to the same limit", () => {
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: config\n  data:\n    ${a(1025)}: x\nitems: []\n`;
    expect(drydockReading(() => readResourceList(list))).toBe('refused');
    const accepted = list.replace(a(1025), emoji(600));
    expect(() => readResourceList(accepted)).not.toThrow();
  });

  test('several documents: each error stays with its document, in the order of the text', () => {
    const docs = parseYamlDocuments(`x: [1, 2\n---\n${a(1025)}: 1\n---\nok: 1\n---\n{${a(1030)}: 1}\n`);
    expect(docs.map((doc) => doc.errors.map((error) => error.code))).toEqual([expect.arrayContaining([expect.any(String)]), ['KEY_OVER_1024_CHARS'], [], ['KEY_OVER_1024_CHARS']]);
    expect(docs[2].toJS()).toEqual({ ok: 1 });
  });

  test('nesting deeper than the stack: refused as too deep, whether `yaml` noticed it or not', () => {
    const deep = `x: ${'['.repeat(100000)}${']'.repeat(100000)}\n`;
    const [doc] = parseYamlDocuments(deep);
    expect(doc.errors.map((error) => error.message).join()).toMatch(/call stack/);
    const errorsBefore = doc.errors.length;
    correctImplicitKeyErrors(deep, [doc]);
    expect(doc.errors).toHaveLength(errorsBefore);
    const [shallow] = parseYamlDocuments('a: 1\n');
    correctImplicitKeyErrors(deep, [shallow]);
    expect(shallow.errors.map((error) => error.message)).toEqual(['Maximum call stack size exceeded']);
    expect(() => readResourceList(resourceList(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n${deep.replace('x:', 'data:')}`))).toThrow(/nests too deeply/);
  });

  test.each([
    ['no line over the limit', `${a(1024)}\n${a(1024)}`, false],
    ['the last line over it', `x\n${a(1025)}`, true],
    ['the first line over it', `${a(1025)}\nx`, true],
    ['a short text', a(1024), false],
  ])('hasLineOverKeyLimit: %s', (_name, text, over) => {
    expect(hasLineOverKeyLimit(text)).toBe(over);
  });
});

describe("config.yml's readers (PyYAML's reading)", () => {
  const reason = pyyamlMissing();
  // At the top, and in a flow mapping or a flow sequence under a key (a setting's value).
  const texts = KEYS.flatMap((keyCase) => [`${keyCase.written}: v\n`, `x: {${keyCase.written}: v}\n`, `x: [${keyCase.written}: v]\n`]);
  type Outcome = 'refused' | { value: unknown };
  const readers: Record<string, (text: string) => Outcome> = {
    // Tutor's env files, read as PyYAML reads them
    readAsPyYaml: (text) => {
      const reading = readAsPyYaml(text);
      return 'problem' in reading ? 'refused' : { value: reading.value };
    },
    // config.yml, whole
    safeLoad: (text) => {
      const reading = safeLoad(text);
      return reading.kind === 'value' ? { value: reading.value } : 'refused';
    },
    // config.yml, setting by setting
    safeLoadMapping: (text) => {
      const reading = safeLoadMapping(text);
      if ('problem' in reading) return 'refused';
      const entries = reading.entries.map(([key, entry]) => [key, entry.kind === 'value' ? entry.value : 'refused'] as const);
      return entries.some(([, value]) => value === 'refused') ? 'refused' : { value: Object.fromEntries(entries) };
    },
  };

  test.each(Object.keys(readers))('%s refuses and reads the keys PyYAML refuses and reads', (name) => {
    if (reason) {
      // eslint-disable-next-line no-console
      console.warn(`implicit-keys: ${reason}: config.yml's readers are not compared with PyYAML`);
      return;
    }
    const pyyaml = pyyamlLoadAll(texts);
    const differences = texts.flatMap((text, index) => {
      const ours = readers[name](text);
      const theirs = pyyaml[index];
      const theirsRefused = 'error' in theirs;
      if ((ours === 'refused') !== theirsRefused) return [`${text.slice(0, 30)}… (${[...text].length} characters): drydock-fn ${ours === 'refused' ? 'refuses' : 'reads'}, PyYAML ${theirsRefused ? 'refuses' : 'reads'}`];
      if (ours !== 'refused' && !theirsRefused && !isDeepStrictEqual(ours.value, theirs.documents[0])) return [`${text.slice(0, 30)}…: other values`];
      return [];
    });
    expect(differences).toEqual([]);
  });
});

describe('what drydock-fn writes: a key past the limit is written explicit', () => {
  const kptReason = toolMissing('kpt');
  const pyyamlReason = pyyamlMissing();
  /** Keys near the limit once printed: quotes and YAML 1.1 escapes (`\\L` for U+2028) lengthen them. */
  const WRITTEN_KEYS: Record<string, string> = {
    '1024 letters': a(1024),
    'a quote first (1025 once single-quoted)': `"${a(1022)}`,
    '1018 letters and three U+2028 (1026 once escaped, 1023 as `yaml` counts)': `${a(1018)}\u2028\u2028\u2028`,
    '1020 letters and U+0085': `${a(1020)}\u0085`,
    '600 emoji': emoji(600),
    '1024 emoji': emoji(1024),
    '1010 letters and five U+0001': `${a(1010)}${'\u0001'.repeat(5)}`,
  };
  const objects = Object.entries(WRITTEN_KEYS).flatMap(([name, key]) => [false, true].map((flow) => ({ name: `${name}, ${flow ? 'flow' : 'block'}`, key, flow })));
  const value = (key: string): JsonValue => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keys' }, data: { [key]: 'v' }, list: [{ [key]: { b: 'v' } }] });

  /** The text of the object as the fast printer writes it (block style), else as printYamlDocument does. */
  const printed = (key: string, flow: boolean): string => {
    const fast = flow ? undefined : emitDocument(value(key), true);
    if (fast !== undefined) return fast;
    const doc = new YAML.Document(value(key));
    if (flow) (doc.contents as YAML.YAMLMap).flow = true;
    return printYamlDocument(doc, toStringOptions(true));
  };

  test.each(objects.map((entry) => [entry.name, entry] as const))('%s: read back by kpt, PyYAML and drydock-fn', (_name, entry) => {
    const text = printed(entry.key, entry.flow);
    expect(parseYamlDocuments(text)[0].errors).toEqual([]);
    expect(drydockReading(() => readResourceList(resourceList(text)))).toEqual({ value: value(entry.key) });
    if (!kptReason) expect(kptRead(text)).toEqual({ value: value(entry.key) });
    if (!pyyamlReason) expect(pyyamlLoadAll([text])[0]).toEqual({ documents: [value(entry.key)] });
  });

  test('a long key in a flow mapping that is itself a key (`yaml` writes the outer one explicit): the inner one made explicit too', () => {
    const doc = parseYamlDocuments(`{? {? ${a(1030)} : 1} : 2}\n`)[0];
    expect(doc.errors).toEqual([]);
    const text = printYamlDocument(doc, toStringOptions(true));
    expect(text).toBe(`{\n  ? {? ${a(1030)} : 1}\n  : 2\n}\n`);
    expect(parseYamlDocuments(text)[0].errors).toEqual([]);
  });
});
