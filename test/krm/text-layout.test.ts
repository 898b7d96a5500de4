/**
 * src/krm/read/text-layout.ts: the text reader's cut of block-style input into top-level sections and
 * items. Where it reads, it must read what the document reader (the `yaml` package, YAML 1.1 rules)
 * reads; where the text is not of the shape it expects, it gives up (undefined) and the document
 * reader decides.
 */
import { readResourceList, readResourceListAsDocument } from '../../src/krm/read';
import { readTextLayout } from '../../src/krm/read/text-layout';
import type { ParsedResourceList } from '../../src/krm/read/parsed';
import { pyyamlLoadAll, pyyamlMissing } from '../support/pyyaml';
import { describeWithReader } from '../support/readers';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const item = (name: string): string => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n`;
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
/** `text` with every line that has content indented by `by`. */
const indented = (text: string, by = '  '): string => text.replace(/^(?=.)/gm, by);
/** A functionConfig whose list holds `count` aliases of one anchor. */
const aliases = (count: number): string => `functionConfig:\n  base: &b x\n  list: [${Array.from({ length: count }, () => '*b').join(', ')}]\n`;

function layoutOf(text: string): ParsedResourceList | undefined {
  return readTextLayout(Buffer.from(text, 'utf8'));
}

/** The text layout of `text`, which must read as the document reader reads it. */
function readAlike(text: string) {
  const layout = layoutOf(text);
  if (layout === undefined) throw new Error('the text reader gave up');
  if (layout.layout.kind !== 'text') throw new Error('text layout expected');
  const document = readResourceListAsDocument(text);
  expect({ apiVersion: layout.apiVersion, items: layout.items.map((input) => input.value), functionConfig: layout.functionConfig, lineEnding: layout.lineEnding }).toEqual({
    apiVersion: document.apiVersion,
    items: document.items.map((input) => input.value),
    functionConfig: document.functionConfig,
    lineEnding: document.lineEnding,
  });
  expect(layout.items.map((input) => input.position)).toEqual(layout.items.map((_, index) => index));
  return { ...layout.layout, items: layout.items, bytes: layout.bytes };
}

describe('what it reads', () => {
  test('kustomize\'s output: the sections in order, the items\' header line, the items', () => {
    const text = `${HEAD}items:\n${item('a')}${item('b')}functionConfig:\n  a: b\n`;
    const layout = readAlike(text);
    expect(layout.sections).toEqual([
      { key: 'apiVersion', text: 'apiVersion: config.kubernetes.io/v1\n' },
      { key: 'kind', text: 'kind: ResourceList\n' },
      { key: 'items', text: '' },
      { key: 'functionConfig', text: 'functionConfig:\n  a: b\n' },
    ]);
    expect([layout.itemsSection, layout.itemsHeader, layout.itemsLead, layout.dashIndent]).toEqual([2, 'items:\n', '', 0]);
    expect(layout.items.map((input) => input.value)).toEqual([configMap('a'), configMap('b')]);
    expect(Buffer.from(layout.bytes).toString('utf8')).toBe(text);
  });

  test('leading comments and a document start marker: a section of no key, kept', () => {
    const layout = readAlike(`# made by kustomize\n---\n${HEAD}items:\n${item('a')}`);
    expect(layout.sections[0]).toEqual({ key: null, text: '# made by kustomize\n---\n' });
    expect(layout.sections.map((section) => section.key)).toEqual([null, 'apiVersion', 'kind', 'items']);
  });

  test('comments and blank lines after `items:`: the lead before the first item, kept', () => {
    const layout = readAlike(`${HEAD}items: # the items\n# lead\n\n${item('a')}# between\n${item('b')}\n# after\n`);
    expect([layout.itemsHeader, layout.itemsLead]).toEqual(['items: # the items\n', '# lead\n\n']);
    expect(layout.items.map((input) => input.value.metadata.name)).toEqual(['a', 'b']);
  });

  test('indented dashes: the column of the dashes', () => {
    const layout = readAlike(`${HEAD}items:\n${(item('a') + item('b')).replace(/^(?=.)/gm, '  ')}`);
    expect(layout.dashIndent).toBe(2);
    expect(layout.items).toHaveLength(2);
  });

  test('`items: []`, `items:` alone and `items` last without a line break: no items', () => {
    for (const items of ['items: []\n', 'items: [] # none\n', 'items:\n', 'items: # none\n', 'items: []', 'items:', 'items:   []  \n', 'items:\t[]\t# none\n', 'items:  # none\n']) {
      const layout = readAlike(`${HEAD}${items}`);
      expect(layout.items).toEqual([]);
      expect(layout.itemsHeader).toBe(items);
    }
  });

  test('the last item without a line break at the end', () => {
    expect(readAlike(`${HEAD}items:\n${item('a')}`.slice(0, -1)).items).toHaveLength(1);
  });

  test('results of an earlier run, after the items or before them: a section of their own, whose dashes are not items', () => {
    const after = readAlike(`${HEAD}items:\n${item('a')}results:\n- message: old\n  severity: info\n`);
    expect(after.sections.map((section) => section.key)).toEqual(['apiVersion', 'kind', 'items', 'results']);
    expect(after.sections[3].text).toBe('results:\n- message: old\n  severity: info\n');
    expect(after.items).toHaveLength(1);
    const before = readAlike(`${HEAD}results:\n- message: old\nitems:\n${item('a')}`);
    expect(before.sections.map((section) => section.key)).toEqual(['apiVersion', 'kind', 'results', 'items']);
    expect(before.items).toHaveLength(1);
  });

  test('tabs: in blank and comment lines, and inside a block scalar', () => {
    const text = `${HEAD}items:\n${item('a')}\t\n \t# comment\n\t# comment\n${item('b')}  data:\n    k: |\n      one\n      \ttwo\n`;
    const layout = readAlike(text);
    expect(layout.items.map((input) => input.value.metadata.name)).toEqual(['a', 'b']);
  });

  test('CRLF line breaks: the list\'s line ending, the sections\' own bytes', () => {
    const layout = readAlike(`${HEAD}items:\n${item('a')}functionConfig:\n  a: b\n`.replace(/\n/g, '\r\n'));
    expect(layout.itemsHeader).toBe('items:\r\n');
    expect(layout.sections[3]).toEqual({ key: 'functionConfig', text: 'functionConfig:\r\n  a: b\r\n' });
    expect(layout.items[0].value).toEqual(configMap('a'));
  });

  test('the line ending of the `items:` line is the list\'s, else the first line\'s', () => {
    expect(layoutOf(`${HEAD}items:\r\n${item('a')}`)?.lineEnding).toBe('\r\n');
    expect(layoutOf(`${HEAD.replace('\n', '\r\n')}items:\n${item('a')}`)?.lineEnding).toBe('\n');
    expect(layoutOf(`${HEAD.replace('\n', '\r\n')}items: []`)?.lineEnding).toBe('\r\n');
    expect(layoutOf(`${HEAD}items: []`)?.lineEnding).toBe('\n');
  });

  test('a functionConfig with an anchor, a tag, or a flow mapping: read as the document reader reads it', () => {
    expect(readAlike(`${HEAD}functionConfig: &config {a: 1, b: [x]}\nitems: []\n`).sections.map((section) => section.key)).toEqual(['apiVersion', 'kind', 'functionConfig', 'items']);
    readAlike(`${HEAD}functionConfig:\n  a: !!str 1\n  b: on\n  c: 0x1f\nitems: []\n`);
    expect(layoutOf(`${HEAD}functionConfig:\n  a: !!str 1\n  b: on\n  c: 012\nitems: []\n`)?.functionConfig).toEqual({ a: '1', b: 'on', c: 10 });
    expect(layoutOf(`${HEAD}functionConfig:\n  base: &b {x: 1}\n  copy: *b\nitems: []\n`)?.functionConfig).toEqual({ base: { x: 1 }, copy: { x: 1 } });
  });

  test('a raw U+2028 in the functionConfig: a line break to YAML 1.1, as to the document reader', () => {
    // PyYAML 6 reads it as U+2028 too: a specific line break, kept by line folding (YAML 1.1, 4.1.4).
    expect(readAlike(`${HEAD}functionConfig:\n  a: 'one\u2028two'\nitems: []\n`).sections[2].text).toBe("functionConfig:\n  a: 'one\u2028two'\n");
    expect(layoutOf(`${HEAD}functionConfig:\n  a: 'one\u2028two'\nitems: []\n`)?.functionConfig).toEqual({ a: 'one\u2028two' });
  });

  test('a raw U+2028 between spaces, or followed by the next line\'s indentation as kustomize writes it: a line break, the white space around it gone', () => {
    // What PyYAML 6 reads (compared below where the machine has it), and go-yaml: YAML 1.2 keeps the spaces.
    expect(readAlike(`${HEAD}functionConfig:\n  a: 'one\u2028    two'\n  b: 'three \u2028 four'\nitems: []\n`).sections[2].text).toBe("functionConfig:\n  a: 'one\u2028    two'\n  b: 'three \u2028 four'\n");
    expect(layoutOf(`${HEAD}functionConfig:\n  a: 'one\u2028    two'\n  b: 'three \u2028 four'\nitems: []\n`)?.functionConfig).toEqual({ a: 'one\u2028two', b: 'three\u2028four' });
    expect(layoutOf(`${HEAD}functionConfig:\n  a: &a 'one\u2028    two'\n  b: *a\nitems: []\n`)?.functionConfig).toEqual({ a: 'one\u2028two', b: 'one\u2028two' });
  });

  test('`items` as the first section, the header after it', () => {
    const layout = readAlike(`items:\n${item('a')}${HEAD}`);
    expect(layout.sections.map((section) => section.key)).toEqual(['items', 'apiVersion', 'kind']);
    expect([layout.itemsSection, layout.itemsHeader, layout.items.length]).toEqual([0, 'items:\n', 1]);
  });

  test('the lead of an items section without items ends where the next section starts', () => {
    const layout = readAlike(`${HEAD}items: # none\n# lead\n\nfunctionConfig:\n  a: b\n`);
    expect([layout.itemsHeader, layout.itemsLead, layout.items]).toEqual(['items: # none\n', '# lead\n\n', []]);
    expect(layout.sections[3]).toEqual({ key: 'functionConfig', text: 'functionConfig:\n  a: b\n' });
    expect(readAlike(`${HEAD}items: []\n# lead\nfunctionConfig: {}\n`).itemsLead).toBe('# lead\n');
  });

  test('a block sequence at column 0 under a key before `items`: that key\'s, not items', () => {
    const layout = readAlike(`${HEAD}extra:\n- a\n- b: 1\n  c: 2\nitems:\n${item('a')}`);
    expect(layout.sections.map((section) => section.key)).toEqual(['apiVersion', 'kind', 'extra', 'items']);
    expect(layout.sections[2].text).toBe('extra:\n- a\n- b: 1\n  c: 2\n');
    expect(layout.items.map((input) => input.value)).toEqual([configMap('a')]);
  });

  test('tabs before a comment, with spaces between, at the line start or after the indentation; a line of tabs last', () => {
    const layout = readAlike(`${HEAD}\t # top\n \t \t# top\n\t\t\nitems:\n${item('a')}\t # between\n  \t # between\n${item('b')}\t`);
    expect(layout.items.map((input) => input.value.metadata.name)).toEqual(['a', 'b']);
    expect(layout.sections[0]).toEqual({ key: 'apiVersion', text: 'apiVersion: config.kubernetes.io/v1\n' });
    expect(layout.sections[1].text).toBe('kind: ResourceList\n\t # top\n \t \t# top\n\t\t\n');
    expect(readAlike(`${HEAD}items: []\n\t`).items).toEqual([]);
  });

  test('a functionConfig of numbers go-yaml reads as YAML 1.1 does and YAML 1.2 does not, without anchors or tags: read as the document reader reads it', () => {
    // go-yaml v3 (kustomize's reader) reads 012 as octal, 0b101 as binary and 1_000 as 1000, `on` as a string, a timestamp as a string.
    const text = `${HEAD}functionConfig:\n  a: 012\n  b: 0b101\n  c: 1_000\n  d: on\n  e: 2001-12-14\nitems: []\n`;
    readAlike(text);
    expect(layoutOf(text)?.functionConfig).toEqual({ a: 10, b: 5, c: 1000, d: 'on', e: '2001-12-14' });
  });

  test('a header of 99 aliases of one anchor: read, as the document reader reads it', () => {
    const layout = readAlike(`${HEAD}${aliases(99)}items: []\n`);
    expect(layout.sections[2].key).toBe('functionConfig');
  });

  test('a block sequence at column 0 under a key after indented items: that key\'s, not items', () => {
    const layout = readAlike(`${HEAD}items:\n${indented(item('a'))}extra:\n- a\n`);
    expect(layout.sections.map((section) => section.key)).toEqual(['apiVersion', 'kind', 'items', 'extra']);
    expect([layout.dashIndent, layout.items.length, layout.sections[3].text]).toEqual([2, 1, 'extra:\n- a\n']);
  });
});

describe('where it gives up (the document reader decides)', () => {
  test.each([
    ['no items section', `${HEAD}functionConfig: {}\n`],
    ['a top-level key twice', `${HEAD}items: []\nkind: ResourceList\n`],
    ['`items` twice', `${HEAD}items:\n${item('a')}items: []\n`],
    ['items in flow style', `${HEAD}items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}]\n`],
    ['a value after `items:`', `${HEAD}items: none\n`],
    ['`items: []` with items under it', `${HEAD}items: []\n${item('a')}`],
    ['`items: []` and a comment, with items under it', `${HEAD}items: [] # none\n${item('a')}`],
    ['a document start marker after the first key', `apiVersion: config.kubernetes.io/v1\n---\nkind: ResourceList\nitems: []\n`],
    ['an indented line before any key', `  ${HEAD}items: []\n`],
    ['an indented line before the first key, after a comment', `# c\n  apiVersion: v1\nitems: []\n`],
    ['content under `items:` that is no sequence', `${HEAD}items:\n  a: b\n`],
    ['an item line left of the dashes', `${HEAD}items:\n  - a: 1\n - b: 2\n`],
    ['a dash at column 0 after indented dashes', `${HEAD}items:\n  - apiVersion: v1\n- kind: ConfigMap\n`],
    ['a tab before content at the start of a line', `${HEAD}\tfoo: bar\nitems: []\n`],
    ['a quoted top-level key', `${HEAD}"items": []\n`],
    ['a key without a space after the colon', `${HEAD}items: []\nfunctionConfig:{}\n`],
    ['a second document', `${HEAD}items: []\n---\n${HEAD}items: []\n`],
    ['a flow mapping as the document', `{apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: []}\n`],
    ['a header that is no valid YAML', `${HEAD}functionConfig: {a: 1\nitems: []\n`],
    ['a header with a raw U+2028 and an error', `${HEAD}functionConfig: {a: "\u2028"\nitems: []\n`],
    ['a header with an anchor and an error', `${HEAD}functionConfig: &c {a: 1\nitems: []\n`],
    ['a header with an anchor and a duplicate key', `${HEAD}functionConfig: &c\n  a: 1\n  a: 2\nitems: []\n`],
    ['a block sequence before the first key', `- a: 1\n${HEAD}items:\n${item('a')}`],
    ['a block sequence after a comment, before the first key', `# c\n- a: 1\n${HEAD}items:\n${item('a')}`],
    ['a dash at column 0 after indented dashes, every item whole', `${HEAD}items:\n${indented(item('a'))}${item('b')}`],
    ['a tab before content at the start of a line under `items`', `${HEAD}items:\n${item('a')}\tfoo: bar\n`],
    ['a tab then spaces before content at the start of a line under `items`', `${HEAD}items:\n${item('a')}\t  foo: bar\n`],
    ['a block sequence before `items`, the first key', `- a\nitems:\n${item('a')}`],
    ['a document start marker after the items (a second, empty document)', `${HEAD}items:\n${item('a')}---\n`],
    ['a document start marker between the items', `${HEAD}items:\n${item('a')}---\n${item('b')}`],
    ['a document start marker after `items:`', `${HEAD}items:\n---\n${item('a')}`],
    ['an item that is no mapping', `${HEAD}items:\n${item('a')}- 42\n`],
    ['an item whose content is not deeper than its dash', `${HEAD}items:\n-\napiVersion: v1\n`],
  ])('%s', (_name, text) => {
    expect(layoutOf(text)).toBeUndefined();
  });

  test('a key the key pattern does not take (holding a space or a colon): the document reader reads it as one key', () => {
    // `my items` is no `items` section: YAML reads the dashes as its value, and the list has no items.
    const spaced = `${HEAD}my items:\n${item('a')}`;
    expect(layoutOf(spaced)).toBeUndefined();
    expect(() => readResourceListAsDocument(spaced)).toThrow('not a ResourceList: the items field is missing');
    // `results:old` is no `results` section (which the function replaces): a key of its own.
    const colon = `${HEAD}items:\n${item('a')}results:old: 1\n`;
    expect(layoutOf(colon)).toBeUndefined();
    expect(readResourceListAsDocument(colon).items.map((input) => input.value)).toEqual([configMap('a')]);
    expect(layoutOf(`${HEAD}items:x: 1\n${item('a')}`)).toBeUndefined();
  });

  test('results of an earlier run that are no valid YAML (a duplicate key, a quote left open): refused as the document reader refuses them', () => {
    for (const results of ['results:\n- message: a\n  message: b\n', 'results:\n- message: "a\n', 'results: [a\n']) {
      const text = `${HEAD}items:\n${item('a')}${results}`;
      expect(layoutOf(text)).toBeUndefined();
      const refusal = (() => {
        try {
          readResourceListAsDocument(text);
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error('the document reader read it');
      })();
      expect(refusal).toMatch(/^input is not valid YAML: line \d+, column \d+: /);
      expect(() => readResourceList(text)).toThrow(refusal);
    }
  });

  test('a header of 100 aliases of one anchor or more (`yaml`\'s maxAliasCount of 100 counts the anchor too): the document reader reads it', () => {
    for (const count of [100, 101]) {
      const text = `${HEAD}${aliases(count)}items: []\n`;
      expect(layoutOf(text)).toBeUndefined();
      expect(readResourceListAsDocument(text).functionConfig).toEqual({ base: 'x', list: Array.from({ length: count }, () => 'x') });
    }
  });

  test('a lone `---` or a comment before the first key is not a reason to give up', () => {
    expect(layoutOf(`---\n${HEAD}items: []\n`)).toBeDefined();
    expect(layoutOf(`\n# c\n\n${HEAD}items: []\n`)).toBeDefined();
  });

  test('bytes that are no UTF-8 text of the expected line breaks', () => {
    // A CR alone is a line break to YAML: not a layout the text reader cuts.
    expect(layoutOf(`${HEAD}items: []\r`)).toBeUndefined();
    expect(layoutOf(`${HEAD}items:\r- a: 1\n`)).toBeUndefined();
  });
});

describeWithReader(pyyamlMissing(), 'header values compared with PyYAML 6', () => {
  test('raw U+2028 in single-quoted scalars, and aliases', () => {
    const texts = [
      `${HEAD}functionConfig:\n  a: 'one\u2028    two'\n  b: 'three \u2028 four'\nitems: []\n`,
      `${HEAD}functionConfig:\n  a: 'one\u2028two'\nitems: []\n`,
      `${HEAD}${aliases(99)}items: []\n`,
    ];
    const read = pyyamlLoadAll(texts);
    texts.forEach((text, index) => {
      const document = read[index] as { documents: { functionConfig: unknown }[] };
      expect(layoutOf(text)?.functionConfig).toEqual(document.documents[0].functionConfig);
    });
  });
});
