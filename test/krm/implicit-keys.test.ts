/**
 * src/krm/implicit-keys.ts: YAML's limit on implicit keys as go-yaml (kustomize, kpt) and PyYAML apply
 * it: the `:` at most 1024 characters after the key's start, anchor or tag included, in block and flow
 * collections, counted in characters (code points), not UTF-16 units or bytes. The rule as those
 * readers apply it is checked against kpt and PyYAML in test/krm/implicit-keys-readers.test.ts; here,
 * every reader of drydock-fn (the text reader on each of its paths, the document reader) is held to it,
 * and every printer writes keys past it explicit.
 */
import { FunctionInputError } from '../../src/krm/errors';
import { correctImplicitKeyErrors, hasLineOverKeyLimit } from '../../src/krm/implicit-keys';
import { readResourceList, readResourceListAsDocument } from '../../src/krm/read';
import * as YAML from 'yaml';
import { printYamlDocument } from '../../src/krm/yaml11';
import { parseYamlDocuments, toStringOptions } from '../../src/krm/yaml-options';
import type { KeyCase } from '../support/implicit-key-cases';
import { CASES, WRITTEN, a, configMap, drydockReading, emoji, expected, label, objectWithKey, printedWithKey, resourceList } from '../support/implicit-key-cases';

describe('drydock-fn against the rule', () => {
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

  test('a key after other entries: its line\'s indentation and the comma before it are not the key\'s', () => {
    for (const text of [`data:\n  x: 1\n  ${a(1024)}: v\n`, `data: {x: 1, ${a(1024)}: v}\n`, `data: {x: 1,\n  ${a(1024)}: v}\n`]) {
      const [doc] = parseYamlDocuments(text);
      expect(doc.errors).toEqual([]);
      expect(doc.toJS()).toEqual({ data: { x: 1, [a(1024)]: 'v' } });
    }
  });

  test('a long key in a document with another error: that error alone, and none in the next document', () => {
    const docs = parseYamlDocuments(`${a(1030)}: [1\n---\nb: 2\n`);
    expect(docs.map((doc) => doc.errors.map((error) => error.code))).toEqual([expect.not.arrayContaining(['KEY_OVER_1024_CHARS']), []]);
    expect(docs[0].errors.length).toBeGreaterThan(0);
  });

  test('an item without a key beside a long line: read, the `:` its own start', () => {
    const [doc] = parseYamlDocuments(`{: v, b: ${a(1100)}}\n`);
    expect(doc.errors).toEqual([]);
    expect(doc.toJS()).toEqual({ '': 'v', b: a(1100) });
  });

  test('several documents: each error stays with its document, in the order of the text', () => {
    const docs = parseYamlDocuments(`x: [1, 2\n---\n${a(1025)}: 1\n---\nok: 1\n---\n{${a(1030)}: 1}\n`);
    expect(docs.map((doc) => doc.errors.map((error) => error.code))).toEqual([expect.arrayContaining([expect.any(String)]), ['KEY_OVER_1024_CHARS'], [], ['KEY_OVER_1024_CHARS']]);
    expect(docs[2].toJS()).toEqual({ ok: 1 });
  });

  test('nesting deeper than the stack: refused as too deep, whether `yaml` noticed it or not', () => {
    const deep = `x: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
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
    ['a line break first, then short lines', `\n${`${a(100)}\n`.repeat(20)}`, false],
    ['a line break first, then a long line', `\n${a(1025)}`, true],
  ])('hasLineOverKeyLimit: %s', (_name, text, over) => {
    expect(hasLineOverKeyLimit(text)).toBe(over);
  });
});

describe('what drydock-fn writes: a key past the limit is written explicit', () => {
  test.each(WRITTEN.map((entry) => [entry.name, entry] as const))('%s: read back by drydock-fn', (_name, entry) => {
    const text = printedWithKey(entry.key, entry.flow);
    expect(parseYamlDocuments(text)[0].errors).toEqual([]);
    expect(drydockReading(() => readResourceList(resourceList(text)))).toEqual({ value: objectWithKey(entry.key) });
  });

  test('a key its escapes lengthen past the limit, in block mappings: `? key` and `:` at the key\'s column', () => {
    const key = `${a(1018)}\u2028\u2028\u2028`;
    const doc = new YAML.Document({ data: { [key]: 'v' }, list: [{ [key]: { b: 'v' } }] });
    const quoted = `"${a(1018)}\\L\\L\\L"`;
    expect(printYamlDocument(doc, toStringOptions(true))).toBe(`data:\n  ? ${quoted}\n  : v\nlist:\n  - ? ${quoted}\n    :\n      b: v\n`);
  });

  test('a long key in a flow mapping that is itself a key (`yaml` writes the outer one explicit): the inner one made explicit too', () => {
    const doc = parseYamlDocuments(`{? {? ${a(1030)} : 1} : 2}\n`)[0];
    expect(doc.errors).toEqual([]);
    const text = printYamlDocument(doc, toStringOptions(true));
    expect(text).toBe(`{\n  ? {? ${a(1030)} : 1}\n  : 2\n}\n`);
    expect(parseYamlDocuments(text)[0].errors).toEqual([]);
  });
});
