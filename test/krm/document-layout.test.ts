/** src/krm/read/document-layout.ts: the document reader's refusals, each with its code, and what it reads. */
import { FunctionInputError } from '../../src/krm/errors';
import { readDocumentLayout } from '../../src/krm/read/document-layout';
import type { Result } from '../../src/krm/types';

const read = (text: string) => readDocumentLayout(Buffer.from(text, 'utf8'));
const refusal = (text: string): readonly Result[] => {
  try {
    read(text);
  } catch (error) {
    if (error instanceof FunctionInputError) return error.results;
    throw error;
  }
  throw new Error('read');
};
const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

describe('what it reads', () => {
  test('flow style: the items, their positions, the functionConfig, the document kept', () => {
    const parsed = read(`{apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}, {apiVersion: v1, kind: Secret, metadata: {name: b}}], functionConfig: {x: 1}}`);
    expect(parsed.apiVersion).toBe('config.kubernetes.io/v1');
    expect(parsed.items.map((item) => [item.position, item.value.kind, item.header.metadata.name, item.source.kind])).toEqual([
      [0, 'ConfigMap', 'a', 'node'],
      [1, 'Secret', 'b', 'node'],
    ]);
    expect(parsed.functionConfig).toEqual({ x: 1 });
    expect(parsed.layout.kind).toBe('document');
    expect(parsed.lineEnding).toBe('\n');
  });

  test('CRLF line breaks: the list line ending; a CR alone is a line break', () => {
    expect(read(`${HEADER}items: []\n`.replace(/\n/g, '\r\n')).lineEnding).toBe('\r\n');
    const parsed = read(`${HEADER}items:\r- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\r`);
    expect(parsed.items.map((item) => item.value.metadata.name)).toEqual(['a']);
  });

  test('items null or empty: no items; functionConfig null: none', () => {
    expect(read(`${HEADER}items:\nfunctionConfig: null\n`).items).toEqual([]);
    expect(read(`${HEADER}items:\nfunctionConfig: null\n`).functionConfig).toBeUndefined();
    expect(read(`${HEADER}items: []\n`).items).toEqual([]);
  });
});

describe('refusals', () => {
  test.each([
    ['no document', '# only a comment\n', 'INPUT_EMPTY', /^empty input: expected a ResourceList/],
    ['two documents', `${HEADER}items: []\n---\n${HEADER}items: []\n`, 'INPUT_MULTIPLE_DOCUMENTS', /^expected exactly one ResourceList document on stdin, found 2 documents$/],
    ['a syntax error in the first document', `${HEADER}items: [\n`, 'INPUT_YAML_SYNTAX', /^input is not valid YAML: line \d+, column \d+: /],
    ['a syntax error in a second document', `${HEADER}items: []\n---\na: [\n`, 'INPUT_MULTIPLE_DOCUMENTS', /found 2 documents/],
    ['a key twice', `${HEADER}items: []\nitems: []\n`, 'INPUT_DUPLICATE_KEY', /^input is not valid YAML: line 4, column 1: /],
    ['a list', '- a\n', 'INPUT_NOT_RESOURCE_LIST', /^not a ResourceList: the input is a list, expected a mapping/],
    ['a scalar', 'text\n', 'INPUT_NOT_RESOURCE_LIST', /^not a ResourceList: the input is a string,/],
    ['another kind', 'apiVersion: v1\nkind: List\nitems: []\n', 'INPUT_NOT_RESOURCE_LIST', /kind is "List"/],
    ['no items', HEADER, 'INPUT_ITEMS_INVALID', /^not a ResourceList: the items field is missing$/],
    ['items a mapping', `${HEADER}items: {a: 1}\n`, 'INPUT_ITEMS_INVALID', /^not a ResourceList: items must be a list, found a mapping$/],
    ['items a string', `${HEADER}items: x\n`, 'INPUT_ITEMS_INVALID', /^not a ResourceList: items must be a list, found a string$/],
  ])('%s: %s', (_name, text, code, message) => {
    const [result] = refusal(text);
    expect(result.tags?.code).toBe(code);
    expect(result.message).toMatch(message);
  });

  test('the items field named in the result', () => {
    expect(refusal(HEADER)[0].field).toEqual({ path: 'items' });
    expect(refusal(`${HEADER}items: 5\n`)[0].field).toEqual({ path: 'items' });
  });

  test('nesting deeper than 200 levels', () => {
    const [result] = refusal(`${HEADER}items: []\nx: ${'['.repeat(201)}${']'.repeat(201)}\n`);
    expect(result).toEqual({ message: 'input nests deeper than 200 levels; no Kubernetes object does', severity: 'error', tags: { code: 'INPUT_TOO_DEEP' } });
    expect(read(`${HEADER}items: []\nx: ${'['.repeat(199)}${']'.repeat(199)}\n`).items).toEqual([]);
  });

  test('an alias bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 6; level++) levels.push(`l${level}: &l${level} [${Array(10).fill(level === 1 ? '*a' : `*l${level - 1}`).join(', ')}]`);
    expect(refusal(`${HEADER}items: []\n${levels.join('\n')}\n`)[0].tags?.code).toBe('INPUT_ALIAS_LIMIT');
  });

  test('items that are no objects: each named with its line, all of them', () => {
    const results = refusal(`${HEADER}items:\n- 5\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- [x]\n- {kind: ConfigMap}\n`);
    expect(results.map((result) => [result.tags?.code, result.message, result.field?.path])).toEqual([
      ['ITEM_NOT_OBJECT', 'items[0] (line 4): expected a Kubernetes object (a mapping), found a number', 'items[0]'],
      ['ITEM_NOT_OBJECT', 'items[2] (line 6): expected a Kubernetes object (a mapping), found a list', 'items[2]'],
      ['ITEM_MISSING_FIELD', 'items[3] (line 7): apiVersion is missing or not a string', 'items[3].apiVersion'],
    ]);
  });

  test('an item that reads as a mapping through an alias but is no mapping node: must be written as a mapping', () => {
    const results = refusal(`${HEADER}cm: &cm {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\nitems:\n- *cm\n`);
    expect(results.map((result) => [result.tags?.code, result.message, result.field?.path])).toEqual([['ITEM_NOT_OBJECT', 'items[0] must be a mapping', 'items[0]']]);
  });
});
