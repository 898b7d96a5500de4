/** src/krm/read/unportable.ts: the first raw character YAML 1.1 readers read otherwise or refuse, where it is, and which item holds it. */
import { InvalidItemsError } from '../../src/krm/read/item-problems';
import { findUnportableCharacter, refuseUnportableCharacters } from '../../src/krm/read/unportable';
import type { Result } from '../../src/krm/types';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const item = (name: string, extra = '') => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n${extra}`;

function refusal(text: string): Result {
  try {
    refuseUnportableCharacters(Buffer.from(text, 'utf8'));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidItemsError);
    expect((error as InvalidItemsError).text).toBe(text);
    return (error as InvalidItemsError).results[0];
  }
  throw new Error('not refused');
}

describe('findUnportableCharacter', () => {
  test('none: undefined', () => {
    expect(findUnportableCharacter(Buffer.from(`${HEAD}${item('a', '  data:\n    k: "\\u2028 é \u{1F600}"\n')}`))).toBeUndefined();
  });

  test('a control character at the very start: offset 0, line 1, column 1', () => {
    expect(findUnportableCharacter(Buffer.from(`\x01${HEAD}`))).toMatchObject({ offset: 0, where: 'line 1, column 1' });
  });

  test('the column counts characters, the offset bytes', () => {
    const found = findUnportableCharacter(Buffer.from('a: é\x02\n'));
    expect(found).toMatchObject({ offset: 5, where: 'line 1, column 5' });
    expect(found?.problem).toContain('U+0002');
  });

  test('a control character before a raw U+2028 kustomize would not write: the control character', () => {
    const text = `${HEAD}${item('a', '  data:\n    a: "x\x01"\n    b: x\u2028y\n')}`;
    expect(findUnportableCharacter(Buffer.from(text))?.problem).toContain('U+0001');
  });

  test('a raw U+2028 kustomize would not write before a control character: the U+2028', () => {
    const text = `${HEAD}${item('a', '  data:\n    b: x\u2028y\n    a: "x\x01"\n')}`;
    const found = findUnportableCharacter(Buffer.from(text));
    expect(found?.problem).toContain('U+2028');
    expect(found?.where).toBe('line 9, column 9');
  });

  test('a control character at the start with a raw U+2028 later: the control character', () => {
    const text = `\x01${HEAD}${item('a', '  data:\n    b: x\u2028y\n')}`;
    expect(findUnportableCharacter(Buffer.from(text))).toMatchObject({ offset: 0 });
  });
});

describe('refuseUnportableCharacters: the item that holds the character', () => {
  test('in the second item of block text: that item, named', () => {
    const result = refusal(`${HEAD}${item('first')}${item('second', '  data:\n    a: "\x7f"\n')}`);
    expect(result).toMatchObject({
      tags: { code: 'INPUT_UNPORTABLE_CHARACTER' },
      field: { path: 'items[1]' },
      resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'second' },
    });
    expect(result.message).toMatch(/^items\[1\] \(ConfigMap second\), line 13, column 9: raw U\+007F/);
  });

  test('in a comment after the first item: the first item, whose text the comment ends', () => {
    expect(refusal(`${HEAD}${item('first')}# a note \x01\n${item('second')}`).field).toEqual({ path: 'items[0]' });
  });

  test('in the second item of JSON: that item', () => {
    const json = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}, "data": {"k": "\x01"}}]}`;
    expect(refusal(json)).toMatchObject({ field: { path: 'items[1]' }, resourceRef: { name: 'b' } });
  });

  test('in JSON between the items: none', () => {
    const json = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}} \x01, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}]}`;
    const result = refusal(json);
    expect(result.field).toBeUndefined();
    expect(result.message).toMatch(/^line 1, column \d+: raw U\+0001/);
  });

  test('in a Kustomization without metadata: named by its kind alone, without a reference', () => {
    const result = refusal(`${HEAD}- apiVersion: kustomize.config.k8s.io/v1beta1\n  kind: Kustomization\n  resources: ["\x01"]\n`);
    expect(result.message).toMatch(/^items\[0\] \(Kustomization\), line 6, column 16: /);
    expect(result.resourceRef).toBeUndefined();
    expect(result.field).toEqual({ path: 'items[0]' });
  });

  test('before the items (a comment at the top of block text, a key before the items in JSON): no item named', () => {
    const block = refusal(`# note \x01\n${HEAD}${item('a')}`);
    expect(block.field).toBeUndefined();
    expect(block.message).toMatch(/^line 1, column 8: /);
    const json = refusal(`{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "x": "\x01", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}]}`);
    expect(json.field).toBeUndefined();
  });

  test('outside the items (the functionConfig): no item named', () => {
    const result = refusal(`${HEAD}${item('a')}functionConfig:\n  x: "\x01"\n`);
    expect(result.field).toBeUndefined();
    expect(result.message).toMatch(/^line 9, column 7: raw U\+0001/);
  });

  test('text that is no ResourceList: the place alone', () => {
    expect(refusal('a: [\x01').message).toMatch(/^line 1, column 5: /);
  });
});
