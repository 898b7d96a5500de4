/**
 * src/krm/implicit-keys.ts: YAML's limit on implicit keys as go-yaml (kustomize, kpt) and PyYAML apply
 * it: the `:` at most 1024 characters after the key's start, anchor or tag included, in block and flow
 * collections, counted in characters (code points), not UTF-16 units or bytes. The rule as those
 * readers apply it is checked against kpt and PyYAML in test/krm/implicit-keys-readers.test.ts; here,
 * every reader of drydock-fn (the text reader on each of its paths, the document reader) is held to it,
 * and every printer writes keys past it explicit.
 */
import { FunctionInputError } from '../../src/krm/errors';
import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { correctImplicitKeyErrors, hasLineOverKeyLimit, mayHaveEmptyKey, mayHaveFlowOverLines } from '../../src/krm/implicit-keys';
import { mayReadKeysOtherwise } from '../../src/krm/read/slice-readers';
import { readResourceList, readResourceListAsDocument } from '../../src/krm/read';
import * as YAML from 'yaml';
import { printYamlDocument } from '../../src/krm/yaml11';
import { parseYamlDocuments, toStringOptions } from '../../src/krm/yaml-options';
import type { KeyCase } from '../support/implicit-key-cases';
import { CASES, EMPTY_KEY_CASES, FLOW_LINE_CASES, WRITTEN, a, configMap, drydockReading, emoji, emptyKeyObject, expected, flowLineObject, label, objectWithKey, printedWithKey, resourceList } from '../support/implicit-key-cases';

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

  test('a long key in a document with another error and one in the next: the first keeps its own error only, the next gets the key\'s', () => {
    const docs = parseYamlDocuments(`${a(1030)}: x\nb: c: d\n---\n${a(1025)}: 1\n`);
    expect(docs.map((doc) => doc.errors.map((error) => error.code))).toEqual([['BLOCK_AS_IMPLICIT_KEY'], ['KEY_OVER_1024_CHARS']]);
  });

  test('an item without a key beside a long line: refused as empty (go-yaml refuses it), not as long; with an anchor, read', () => {
    const [empty] = parseYamlDocuments(`{: v, b: ${a(1100)}}\n`);
    expect(empty.errors.map((error) => error.message.split(' at line')[0])).toEqual(['A : indicator needs a key before it (write "? " before an empty key)']);
    const [anchored] = parseYamlDocuments(`{&k : v, b: ${a(1100)}}\n`);
    expect(anchored.errors).toEqual([]);
    expect(anchored.toJS()).toEqual({ '': 'v', b: a(1100) });
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

/**
 * The text reader's and the document reader's readings of an object (in a ResourceList): both
 * refuse it, or both read the `spec` `yaml` reads from the object alone (the keys of these cases are
 * no concern of its), which is returned.
 */
function expectBothReaders(object: string, read: boolean): unknown {
  const list = resourceList(object);
  const readings = [drydockReading(() => readResourceList(list)), drydockReading(() => readResourceListAsDocument(list))];
  if (!read) {
    expect(readings).toEqual(['refused', 'refused']);
    return undefined;
  }
  const spec = (YAML.parse(object) as { spec: unknown }).spec;
  for (const reading of readings) expect(reading).toEqual({ value: { apiVersion: 'example.com/v1', kind: 'Example', metadata: { name: 'keys' }, spec } });
  return spec;
}

describe('implicit keys over lines in flow collections', () => {
  test.each(FLOW_LINE_CASES.map((entry) => [entry.name, entry] as const))('the text reader and the document reader: %s', (_name, entry) => {
    expectBothReaders(flowLineObject(entry.spec), entry.read);
  });

  test('js-yaml, the fast reader, refuses each case go-yaml refuses, so it needs no look of its own (the text goes to `yaml`)', () => {
    const jsYamlReads = (spec: string): boolean => {
      try {
        jsyaml.load(flowLineObject(spec));
        return true;
      } catch {
        return false;
      }
    };
    // A text with U+0085, U+2028 or U+2029 never goes to js-yaml (a character to it, a line break to YAML 1.1).
    const refused = FLOW_LINE_CASES.filter((entry) => !entry.read && !/[\u0085\u2028\u2029]/.test(entry.spec));
    expect(refused.length).toBe(14);
    expect(refused.filter((entry) => jsYamlReads(entry.spec)).map((entry) => entry.name)).toEqual([]);
  });

  test('a refusal names the key\'s line and column and says how to keep it', () => {
    const list = resourceList(flowLineObject('{x: y,\n  &k\n  k: v}'));
    try {
      readResourceList(list);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(FunctionInputError);
      const message = (error as FunctionInputError).results[0].message;
      expect(message).toContain('line 9, column 5'); // the anchor (the key's start), at column 5 of the item below `- `
      expect(message).toContain('An implicit key in a flow collection must stand on one line with its : indicator');
      expect(message).toContain('"? "');
    }
  });

  test('the key over lines in the second document: the error is that document\'s', () => {
    const docs = parseYamlDocuments('a: {x: 1}\n---\nb: {"k"\n : v}\n');
    expect(docs.map((doc) => doc.errors.map((error) => error.code))).toEqual([[], ['MULTILINE_IMPLICIT_KEY']]);
  });

  test.each([
    ['an empty list and mapping', 'args: []\nresources: {}\n', false],
    ['a list of quoted texts', 'command: ["sh", "-c", "echo [x"]\n', false],
    ['JSON', '{"a":"b","c":[1,{"d":\'e]\'}]}\n', false],
    ['a quote inside a plain scalar', '[a"b, c]\n', false],
    ['a bracket in a block plain scalar, closed', 'a: b[c] d\n', false],
    ['doubled single quotes', "['it''s']\n", false],
    ['CR LF line ends, closed on each line', '[a, b]\r\n{c: d}\r\n', false],
    ['a list open at the line\'s end', 'a: [1,\n 2]\n', true],
    ['a bracket in a block plain scalar, open (no node starts there)', 'a: b[c\n', false],
    ['brackets in a quoted text over lines, as in Tutor\'s settings files', 'a: "X = {\n  FEATURES[\\"A\\"] = 1"\n', false],
    ['a list after an anchor, open at the line\'s end', 'a: &x [1,\n 2]\n', true],
    ['a list after a tag, open at the line\'s end', 'a: !!seq [1,\n 2]\n', true],
    ['a list as an element, open at the line\'s end', '- [1,\n 2]\n', true],
    ['a list at a line\'s start, open at its end', '[1,\n 2]\n', true],
    ['a list after a quoted key and a colon, open at the line\'s end', '{"a":[1,\n 2]}\n', true],
    ['a quote that does not end on the line', 'a: ["x\n y"]\n', true],
    ['a comment', 'a: [1] # ]\n', true],
    ['a quote after a plain scalar\'s space (a scalar of its own or not)', '[a "b, [c", d]\n', true],
    ['a quote after an anchor', '[&a "x]", y]\n', true],
    ['a CR alone', '[a\rb]\n', true],
    ['a colon right before a quote, after a plain scalar', '[a:"b, [c", d]\n', true],
    ['a closing bracket in single quotes, the list open', "a: [']',\n 2]\n", true],
    ['a # inside a plain scalar (no comment)', 'a: [b#c]\n', false],
    ['a comment right before a closing bracket', 'a: [1] #]\n', true],
    ['a comment after a tab', 'a: [1]\t#]\n', true],
    ['a tab before the bracket', 'a:\t[1,\n 2]\n', true],
    ['a bracket after a plain scalar\'s space (no node starts there)', 'x [1,\n 2]\n', false],
    ['an anchored list at the text\'s start', '&a [1,\n 2]\n', true],
    ['a quoted bracket after a tab', 'a: [\t"[", 1]\n', false],
    ['a quoted value after a colon and a space', '{a: "x"}\n', false],
    ['a quoted key after a question mark', '{? "x": 1}\n', false],
    ['a quoted value right after a quoted key\'s colon', '{"a":"{"}\n', false],
    ['an escaped quote then a bracket in double quotes', 'a: ["\\"[", 1]\n', false],
    ['a backslash in single quotes (no escape there)', "a: ['\\']\n", false],
    ['a doubled quote then a closing bracket in single quotes, the list open', "a: ['x'']'\n , 1]\n", true],
  ])('mayHaveFlowOverLines: %s', (_name, text, may) => {
    expect(mayHaveFlowOverLines(text)).toBe(may);
  });

  test('mayHaveFlowOverLines finds every flow collection `yaml` reads over lines', () => {
    const { Parser } = YAML;
    /** Whether a CST token of `text` holds a flow collection with a line break between its brackets. */
    const flowOverLines = (text: string, token: unknown): boolean => {
      if (typeof token !== 'object' || token === null) return false;
      if ((token as { type?: string }).type === 'flow-collection') {
        const { offset, end } = token as YAML.CST.FlowCollection;
        const closer = end.find((source) => source.type === 'flow-map-end' || source.type === 'flow-seq-end');
        if (closer !== undefined && /[\n\r]/.test(text.slice(offset, closer.offset))) return true;
      }
      return Object.values(token).some((value) => (Array.isArray(value) ? value.some((inner) => flowOverLines(text, inner)) : flowOverLines(text, value)));
    };
    // Flow collections of quoted and plain scalars, with properties, comments and line breaks between their tokens.
    const between = fc.constantFrom('', ' ', '\n  ', ' # c ]\n  ', '\r\n  ');
    const properties = fc.constantFrom('', '&a ', '!t ', '&a\n  ', '!t  ');
    const { node } = fc.letrec<{ node: string; scalar: string; list: string; mapping: string }>((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('scalar'), tie('list'), tie('mapping')),
      scalar: fc.tuple(properties, fc.constantFrom('a', 'a b', '"x ]"', "'y}'", '"a\\"b"', "'it''s'", "'x'']'", 'a"b', "a'b")).map(([props, text]) => props + text),
      list: fc.tuple(properties, between, fc.array(fc.tuple(tie('node'), between), { maxLength: 3 })).map(([props, first, items]) => `${props}[${first}${items.map(([item, after]) => item + after).join(',')}]`),
      mapping: fc.tuple(properties, between, fc.array(fc.tuple(tie('node'), between, tie('node')), { maxLength: 3 })).map(([props, first, pairs]) => `${props}{${first}${pairs.map(([key, after, value]) => `${key}${after}: ${value}`).join(', ')}}`),
    }));
    let checked = 0;
    fc.assert(
      fc.property(node, (flow) => {
        const text = `x: ${flow}\n`;
        if (YAML.parseAllDocuments(text).some((doc) => doc.errors.length > 0)) return true;
        const found = [...new Parser().parse(text)].some((token) => flowOverLines(text, token));
        checked += found ? 1 : 0;
        return !found || mayHaveFlowOverLines(text);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) * 4 },
    );
    // The property held for texts with a flow collection over lines, not only for the others.
    expect(checked).toBeGreaterThan(Number(process.env.PROPERTY_RUNS ?? 500) / 5);
  });
});

describe('empty implicit keys', () => {
  test.each(EMPTY_KEY_CASES.map((entry) => [entry.name, entry] as const))('the text reader and the document reader: %s', (_name, entry) => {
    const spec = expectBothReaders(emptyKeyObject(entry.body), entry.read);
    // An allowed empty key is the empty text, as kustomize reads it (js-yaml would write it `null`).
    expect(!entry.read || Object.keys(spec as object).includes('')).toBe(true);
  });

  test.each([
    ['a colon at a line\'s start', 'a: 1\n: v\n', true],
    ['a colon after a dash', '- : v\n', true],
    ['a colon after a brace', '{: v}\n', true],
    ['a colon after a comma and spaces', '{a: 1,  : v}\n', true],
    ['a colon before a closing bracket', '[a, :]\n', true],
    ['a colon after a question mark', '? : v\n', true],
    ['a colon after a dash and two spaces', '-  : v\n', true],
    ['a colon at the end of the text', 'a: 1\n  :', true],
    ['keys and values', 'a: 1\n- b: 2\n{c: 3}\n', false],
    ['a colon followed by a character at a line\'s start (a Caddyfile\'s address)', 'x: |\n  :8002 {\n', false],
    ['a URL', '- http://x\n', false],
  ])('mayHaveEmptyKey: %s', (_name, text, may) => {
    expect(mayHaveEmptyKey(text)).toBe(may);
  });

  test.each([
    ['a line over the limit', `${a(1025)}: v\n`, true],
    ['a key over lines in a flow mapping (js-yaml refuses it itself)', '{a\n b: v}\n', false],
    ['a flow list over lines, no key', 'a: [1,\n 2]\n', false],
    ['an empty key', 'a: 1\n: v\n', true],
    ['an anchored empty key (its anchor sends the text to `yaml` already: usesAnchorsOrTags)', 'a: 1\n&k : v\n', false],
    ['an explicit empty key', 'a: 1\n? \n: v\n', true],
    ['a colon at a line\'s start inside a quoted text over lines', 'a: "x\n  : y"\n', false],
    ['keys and values', 'a: 1\nb: [1, 2]\n', false],
    ['nesting deeper than the stack (a line over the limit)', `x: ${'['.repeat(20000)}\n${']'.repeat(20000)}\n`, true],
  ])('mayReadKeysOtherwise (the fast reader leaves the text to `yaml`): %s', (_name, text, may) => {
    expect(mayReadKeysOtherwise(text)).toBe(may);
  });

  test('an empty key written `? ` in the functionConfig: the empty text, by the text reader as by the document reader', () => {
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: config\n  data:\n    ? \n    : x\nitems: []\n`;
    for (const read of [readResourceList, readResourceListAsDocument]) expect((read(list).functionConfig as { data: unknown }).data).toEqual({ '': 'x' });
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
