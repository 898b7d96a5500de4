/** src/krm/read.ts: the byte order mark, empty input, the choice of reader, duplicate identities. */
import { FunctionInputError } from '../../src/krm/errors';
import { InvalidItemsError, ItemSyntaxError, UnreadableItemError, readResourceList, readResourceListAsDocument } from '../../src/krm/read';

const LIST = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    k: v\n';

/** The code of what reading throws (FunctionInputError and InvalidItemsError carry results). */
function codesOfThrown(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof FunctionInputError) return error.results.map((result) => String(result.tags?.code));
    throw error;
  }
  throw new Error('nothing thrown');
}

describe('the input bytes', () => {
  test('a UTF-8 byte order mark is dropped, from text and from bytes', () => {
    for (const input of [`\ufeff${LIST}`, Buffer.from(`\ufeff${LIST}`, 'utf8')]) {
      const parsed = readResourceList(input);
      expect(Buffer.from(parsed.bytes).toString('utf8')).toBe(LIST);
      expect(parsed.layout.kind).toBe('text');
      expect(parsed.items.map((item) => item.value)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } }]);
    }
  });

  test('a view into a larger buffer is read from its own bytes only', () => {
    const whole = Buffer.from(`garbage: [\n${LIST}trailing: ]`, 'utf8');
    const start = whole.indexOf('apiVersion');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + start, Buffer.byteLength(LIST));
    const parsed = readResourceList(view);
    expect(Buffer.from(parsed.bytes).toString('utf8')).toBe(LIST);
    expect(parsed.items.map((item) => item.header.metadata.name)).toEqual(['a']);
  });
});

describe('empty input', () => {
  test.each([
    ['nothing', ''],
    ['blank lines', '\n \n\t\n'],
    ['a byte order mark alone', '\ufeff'],
    ['more than 4096 blank bytes', ' '.repeat(5000)],
    ['line separators alone (line breaks to YAML 1.1)', '\u2028\n\u2029'],
  ])('%s: INPUT_EMPTY', (_name, input) => {
    expect(codesOfThrown(() => readResourceList(input))).toEqual(['INPUT_EMPTY']);
    expect(() => readResourceList(input)).toThrow('empty input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin');
  });

  test('more than 4096 blank bytes before the list: read', () => {
    expect(readResourceList(`${'\n'.repeat(5000)}${LIST}`).items).toHaveLength(1);
  });

  test('comments only: read by the document reader, which finds no document', () => {
    expect(codesOfThrown(() => readResourceList('# nothing here\n'))).toEqual(['INPUT_EMPTY']);
  });
});

describe('the reader', () => {
  test('block style: the text reader', () => {
    expect(readResourceList(LIST).layout.kind).toBe('text');
  });

  test('JSON: the document reader', () => {
    const parsed = readResourceList(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] }));
    expect(parsed.layout.kind).toBe('document');
    expect(parsed.items[0].value).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  });

  // the text reader cuts this item and reads its header, but leaves a value nested this deep to the document reader
  const TOO_DEEP = `${LIST}  spec: ${'['.repeat(250)}${']'.repeat(250)}\n`;

  test('an item the text reader cuts but cannot read: the document reader reads the input, and reports the problem', () => {
    expect(codesOfThrown(() => readResourceList(TOO_DEEP))).toEqual(['INPUT_TOO_DEEP']);
  });

  test('a syntax error inside an item the text reader cut: an ItemSyntaxError with its place in the input, not a second reading', () => {
    const duplicate = LIST.replace('    k: v\n', '    k: v\n    k: w\n');
    expect(() => readResourceList(duplicate)).toThrow(ItemSyntaxError);
    expect(() => readResourceList(duplicate)).toThrow('input is not valid YAML: line 10, column 5: Map keys must be unique');
  });

  test('lazy: the text layout, each item read on first use', () => {
    const parsed = readResourceList(TOO_DEEP, { lazy: true });
    expect(parsed.layout.kind).toBe('text');
    expect(parsed.items[0].header.metadata.name).toBe('a');
    expect(() => parsed.items[0].value).toThrow(UnreadableItemError);
  });

  test('readResourceListAsDocument: the document reader, after the same checks', () => {
    expect(readResourceListAsDocument(`\ufeff${LIST}`).layout.kind).toBe('document');
    expect(readResourceListAsDocument(LIST).items.map((item) => item.value)).toEqual(readResourceList(LIST).items.map((item) => item.value));
    expect(codesOfThrown(() => readResourceListAsDocument(`${LIST}    x: "a\u0085b"\n`))).toEqual(['INPUT_UNPORTABLE_CHARACTER']);
  });
});

test('two items of one identity: InvalidItemsError, ITEM_DUPLICATE_ID', () => {
  const twice = `${LIST}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n`;
  expect(() => readResourceList(twice)).toThrow(InvalidItemsError);
  expect(codesOfThrown(() => readResourceList(twice))).toEqual(['ITEM_DUPLICATE_ID']);
});

test('a raw character YAML 1.1 readers read otherwise: refused before reading', () => {
  expect(codesOfThrown(() => readResourceList(`${LIST}    x: a\u0085b\n`))).toEqual(['INPUT_UNPORTABLE_CHARACTER']);
});

test('a merge key first in a flow mapping is merged by both readers, as kustomize (go-yaml v3) merges it', () => {
  const text = `${LIST.replace('  data:\n    k: v\n', '  data: {<<: {b: "1"}, c: "2"}\n')}`;
  expect(readResourceList(text).items[0].value.data).toEqual({ b: '1', c: '2' });
  expect(readResourceListAsDocument(text).items[0].value.data).toEqual({ b: '1', c: '2' });
});
