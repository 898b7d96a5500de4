/**
 * A change tree's expansion: a collection changed as a whole, and still the same kind of collection,
 * becomes the changes of its entries (the splicer then keeps the text of the entries that did not
 * change). Expected trees written out by hand.
 */
import { expand } from '../../src/krm/change-tree';
import type { ChangeTree } from '../../src/krm/change-tree';
import type { JsonValue } from '../../src/krm/types';

const whole = (before: JsonValue | undefined): ChangeTree => ({ whole: { before } });

/** A tree as plain data: children as [key, subtree] pairs in their order. */
function plain(tree: ChangeTree): unknown {
  return {
    ...(tree.whole ? { whole: tree.whole } : {}),
    ...(tree.children ? { children: [...tree.children].map(([key, child]) => [key, plain(child)]) } : {}),
  };
}

describe('expand', () => {
  test('a tree with no whole change is returned as it is', () => {
    const tree: ChangeTree = { children: new Map([['a', whole(1)]]) };
    expect(expand(tree, { a: 2 })).toBe(tree);
    const empty: ChangeTree = {};
    expect(expand(empty, { a: 2 })).toBe(empty);
  });

  test('a value set whole to what it was is no change at all', () => {
    expect(plain(expand(whole({ a: [1, { b: 'c' }] }), { a: [1, { b: 'c' }] }))).toEqual({});
    expect(plain(expand(whole('x'), 'x'))).toEqual({});
    expect(plain(expand(whole(null), null))).toEqual({});
  });

  test('a mapping set whole: the keys whose value changed or went (old order), then the added keys (new order)', () => {
    const before = { kept: 1, changed: { x: 1 }, gone: 'g', same: [1, 2] };
    const after = { added2: true, same: [1, 2], changed: { x: 2 }, kept: 1, added1: null };
    expect(plain(expand(whole(before), after))).toEqual({
      children: [
        ['changed', { whole: { before: { x: 1 } } }],
        ['gone', { whole: { before: 'g' } }],
        ['added2', { whole: { before: undefined } }],
        ['added1', { whole: { before: undefined } }],
      ],
    });
  });

  test('a key holding null, or added with null, is a key all the same', () => {
    expect(plain(expand(whole({ a: null }), { a: null, b: null }))).toEqual({ children: [['b', { whole: { before: undefined } }]] });
    expect(plain(expand(whole({ a: null, b: 1 }), { b: 1 }))).toEqual({ children: [['a', { whole: { before: null } }]] });
  });

  test('a sequence set whole to one of the same length: the indexes whose element changed', () => {
    expect(plain(expand(whole(['a', { b: 1 }, 'c', [1]]), ['a', { b: 2 }, 'c', [2]]))).toEqual({
      children: [
        [1, { whole: { before: { b: 1 } } }],
        [3, { whole: { before: [1] } }],
      ],
    });
  });

  test('a sequence of another length, another kind of value, or a value that did not exist: the whole change stays', () => {
    const cases: [JsonValue | undefined, JsonValue][] = [
      [['a', 'b'], ['a', 'b', 'c']],
      [['a', 'b', 'c'], ['a', 'b']],
      [{ a: 1 }, ['a']],
      [['a'], { 0: 'a' }],
      ['text', { a: 1 }],
      [{ a: 1 }, 'text'],
      [null, { a: 1 }],
      [undefined, { a: 1 }],
      [undefined, ['a']],
      [1, 2],
    ];
    for (const [before, after] of cases) {
      const tree = whole(before);
      expect(expand(tree, after)).toBe(tree);
    }
  });

  test('only the top level is expanded: an entry that changed keeps its own whole change', () => {
    const expanded = expand(whole({ a: { b: 1, c: 2 } }), { a: { b: 1, c: 3 } });
    const child = expanded.children?.get('a');
    expect(child).toEqual(whole({ b: 1, c: 2 }));
    expect(expanded.whole).toBeUndefined();
  });
});
