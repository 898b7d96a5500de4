/**
 * The splicer's bytes for chosen edits, each written out by hand: the item as it came in with only
 * the edited lines written again. Every case also reads back as the new value, and the splicer must
 * take it (not decline it to be printed whole) unless the case says it declines.
 */
import * as YAML from 'yaml';
import { spliceItem } from '../../src/krm/splice';
import type { ChangeTree } from '../../src/krm/change-tree';
import { PARSE_OPTIONS } from '../../src/krm/yaml-options';
import type { JsonValue } from '../../src/krm/types';

type Path = readonly (string | number)[];
/** An edit: the value at a path set (a key or an element added when there was none), or removed. */
type Edit = readonly [Path, JsonValue | typeof REMOVE];
const REMOVE = Symbol('remove');

const clone = (value: JsonValue): JsonValue => structuredClone(value);
const at = (value: JsonValue, path: Path): JsonValue | undefined =>
  path.reduce<JsonValue | undefined>((node, key) => (node === undefined || node === null || typeof node !== 'object' ? undefined : (node as Record<string | number, JsonValue>)[key]), value);

/**
 * The change tree the resource set records for these edits (the value before each edited path, as
 * snapshots.ts builds it), and the value after them.
 */
function applied(before: JsonValue, edits: readonly Edit[]): { after: JsonValue; changes: ChangeTree } {
  interface Tree {
    whole?: { before: JsonValue | undefined };
    children?: Map<string | number, Tree>;
  }
  const root: Tree = {};
  const after = clone(before);
  for (const [path, value] of edits) {
    let node = root;
    for (const key of path) {
      node.children ??= new Map();
      const child = node.children.get(key) ?? {};
      node.children.set(key, child);
      node = child;
    }
    const old = at(before, path);
    node.whole = { before: old === undefined ? undefined : clone(old) };
    const parent = at(after, path.slice(0, -1)) as Record<string | number, JsonValue> | JsonValue[];
    const key = path[path.length - 1];
    if (value === REMOVE) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else (parent as Record<string | number, JsonValue>)[key] = value;
  }
  return { after, changes: root };
}

/** The item's text after the edits, as the splicer writes it; checked to read back as the edited value. */
function spliced(item: string, edits: readonly Edit[], wide = false): string | undefined {
  const before = (YAML.parse(item, PARSE_OPTIONS) as JsonValue[])[0];
  const { after, changes } = applied(before, edits);
  const output = spliceItem(item, after, changes, () => wide);
  if (output !== undefined) expect((YAML.parse(output, PARSE_OPTIONS) as JsonValue[])[0]).toEqual(after);
  return output;
}

/** A sequence set whole to `value` (as a feature's `set` of the whole list records it). */
function sequenceSet(item: string, path: Path, value: JsonValue[], wide = false): string | undefined {
  return spliced(item, [[path, value]], wide);
}

describe('the first line of an item', () => {
  test('a dash alone on its line: the mapping starts on the next line, and the dash line stays', () => {
    const item = '-\n  apiVersion: v1\n  kind: X\n';
    expect(spliced(item, [[['kind'], 'Z']])).toBe('-\n  apiVersion: v1\n  kind: Z\n');
    expect(spliced(item, [[['apiVersion'], REMOVE]])).toBe('-\n  kind: X\n');
    expect(spliced(item, [[['added'], 'w']])).toBe('-\n  apiVersion: v1\n  kind: X\n  added: w\n');
  });

  test('a comment after the dash, then blank and comment lines before the first key', () => {
    const item = '- # about\n\n  # lead\n  apiVersion: v1\n  kind: X\n';
    expect(spliced(item, [[['kind'], 'Z']])).toBe('- # about\n\n  # lead\n  apiVersion: v1\n  kind: Z\n');
    // The lines before the first key stay with the dash line: they are not the key's.
    expect(spliced(item, [[['apiVersion'], REMOVE]])).toBe('- # about\n\n  # lead\n  kind: X\n');
  });

  test('several spaces after the dash: the keys sit at the column of the first one', () => {
    const item = '-   apiVersion: v1\n    kind: X\n    spec:\n      a: 1\n';
    expect(spliced(item, [[['spec', 'a'], 2], [['kind'], 'Z']])).toBe('-   apiVersion: v1\n    kind: Z\n    spec:\n      a: 2\n');
    expect(spliced(item, [[['apiVersion'], REMOVE]])).toBe('-   kind: X\n    spec:\n      a: 1\n');
    expect(spliced(item, [[['spec', 'b'], 'c']])).toBe('-   apiVersion: v1\n    kind: X\n    spec:\n      a: 1\n      b: c\n');
  });

  test('an item indented under its list', () => {
    const item = '  - apiVersion: v1\n    kind: X\n';
    expect(spliced(item, [[['kind'], 'Z']])).toBe('  - apiVersion: v1\n    kind: Z\n');
    expect(spliced(item, [[['apiVersion'], REMOVE]])).toBe('  - kind: X\n');
  });

  test('declined: no line break at the end, no dash, only comments after the dash, a value that is no mapping', () => {
    const changes: ChangeTree = { children: new Map([['kind', { whole: { before: 'X' } }]]) };
    const value = { apiVersion: 'v1', kind: 'Z' };
    expect(spliceItem('- apiVersion: v1\n  kind: X\n', value, changes, () => false)).toBe('- apiVersion: v1\n  kind: Z\n');
    expect(spliceItem('- apiVersion: v1\n  kind: X', value, changes, () => false)).toBeUndefined();
    expect(spliceItem('apiVersion: v1\nkind: X\n', value, changes, () => false)).toBeUndefined();
    expect(spliceItem('-x\n  kind: X\n', value, changes, () => false)).toBeUndefined();
    expect(spliceItem('- # about\n  # nothing else\n', value, changes, () => false)).toBeUndefined();
    expect(spliceItem('- # about\n', value, changes, () => false)).toBeUndefined();
    expect(spliceItem('- apiVersion: v1\n  kind: X\n', ['v1'], changes, () => false)).toBeUndefined();
    expect(spliceItem('- apiVersion: v1\n  kind: X\n', 'v1', changes, () => false)).toBeUndefined();
  });
});

// A key written `k :` keeps that space when its value is replaced in place; printed again through
// `yaml`, the pair comes out as `k:`. The cases below use it to show which way each scalar went.
describe('a scalar value replaced in its own style, the text before it kept', () => {
  test.each([
    ['double-quoted', '- k : "old"\n  b: x\n', '- k : "new"\n  b: x\n'],
    ['double-quoted with an escaped quote', '- k : "o\\"ld"\n  b: x\n', '- k : "new"\n  b: x\n'],
    ['double-quoted over two lines', '- k : "one\n    two"\n  b: x\n', '- k : "new"\n  b: x\n'],
    ['single-quoted with a quote inside', "- k : 'it''s'\n  b: x\n", "- k : 'new'\n  b: x\n"],
    ['plain', '- k : old\n  b: x\n', '- k : new\n  b: x\n'],
    ['plain holding a # that starts no comment', '- k : old#c\n  b: x\n', '- k : new\n  b: x\n'],
  ])('%s', (_name, item, expected) => {
    expect(spliced(item, [[['k'], 'new']])).toBe(expected);
  });

  test('comment lines deeper than the key after the value stay with it', () => {
    expect(spliced("- k : 'x'\n    # deep\n  b: x\n", [[['k'], 'new']])).toBe("- k : 'new'\n    # deep\n  b: x\n");
    expect(spliced('- k : x\n\n    # deep\n  b: x\n', [[['k'], 'new']])).toBe('- k : new\n\n    # deep\n  b: x\n');
  });

  test('printed again through yaml: a comment on the value\'s line, a plain scalar over several lines, an anchor, a tag, a flow collection, no value', () => {
    const cases: [string, string][] = [
      ['- k : "old" # c\n  b: x\n', '- k: "new" # c\n  b: x\n'],
      ['- k : old # c\n  b: x\n', '- k: new # c\n  b: x\n'],
      ['- k : one\n    two\n  b: x\n', '- k: new\n  b: x\n'],
      ['- k : &a old\n  b: x\n', '- k: &a new\n  b: x\n'],
      ['- k : !!str old\n  b: x\n', '- k: !!str new\n  b: x\n'],
      ['- k : [a]\n  b: x\n', '- k: new\n  b: x\n'],
      ['- k : {a: 1}\n  b: x\n', '- k: new\n  b: x\n'],
      ['- k :\n  b: x\n', '- k: new\n  b: x\n'],
    ];
    for (const [item, expected] of cases) expect(spliced(item, [[['k'], 'new']])).toBe(expected);
  });
});

describe('a literal block scalar replaced in place, whatever its header', () => {
  // The new header is the one the printer writes for the new value (`|` with a final line break, `|-`
  // without): the old indentation and chomping indicators described the old text only.
  test.each([
    ['|', '- k : |\n    one\n    two\n  b: x\n'],
    ['|-', '- k : |-\n    one\n  b: x\n'],
    ['|+', '- k : |+\n    one\n\n  b: x\n'],
    ['|2- (indentation, then chomping)', '- k : |2-\n     one\n  b: x\n'],
    ['|-2 (chomping, then indentation)', '- k : |-2\n     one\n  b: x\n'],
    ['|+2 and trailing blanks', '- k : |+2 \t\n     one\n  b: x\n'],
    ['| and a tab', '- k : |\t\n    one\n  b: x\n'],
  ])('%s', (_name, item) => {
    expect(spliced(item, [[['k'], 'three\nfour\n']])).toBe('- k : |\n    three\n    four\n  b: x\n');
    expect(spliced(item, [[['k'], 'three\nfour']])).toBe('- k : |-\n    three\n    four\n  b: x\n');
  });

  test('the last pair of the item, and an element of a sequence', () => {
    expect(spliced('- b: x\n  k : |\n    one\n', [[['k'], 'three\nfour\n']])).toBe('- b: x\n  k : |\n    three\n    four\n');
    expect(spliced('- list:\n  -   |2-\n       one\n  - x\n', [[['list', 0], 'three\nfour\n']])).toBe('- list:\n  - |\n    three\n    four\n  - x\n');
  });

  test('replaced by a one-line value: a plain scalar in its place', () => {
    expect(spliced('- k : |\n    one\n  b: x\n', [[['k'], 'plain']])).toBe('- k : plain\n  b: x\n');
  });

  test('printed again through yaml: a comment on the header line (kept), a folded block', () => {
    expect(spliced('- k : | # note\n    one\n  b: x\n', [[['k'], 'three\nfour\n']])).toBe('- k: | # note\n    three\n    four\n  b: x\n');
    expect(spliced('- k : |- # note\n    one\n  b: x\n', [[['k'], 'three\nfour\n']])).toBe('- k: | # note\n    three\n    four\n  b: x\n');
    expect(spliced('- k : >\n    one\n  b: x\n', [[['k'], 'three\nfour\n']])).toBe('- k: |\n    three\n    four\n  b: x\n');
    expect(spliced('- k : |-2 # note\n     one\n  b: x\n', [[['k'], 'three\nfour\n']])).toBe('- k: | # note\n    three\n    four\n  b: x\n');
  });
});

describe('a sequence set whole', () => {
  test('an element added before the others, or after them, in the sequence\'s own indentation', () => {
    expect(sequenceSet('- list:\n  - a\n  - b\n', ['list'], ['new', 'a', 'b'])).toBe('- list:\n  - new\n  - a\n  - b\n');
    expect(sequenceSet('- list:\n    - a\n    - b\n  k: 1\n', ['list'], ['z', 'a', 'b'], true)).toBe('- list:\n    - z\n    - a\n    - b\n  k: 1\n');
    expect(sequenceSet('- list:\n    - a\n    - b\n  k: 1\n', ['list'], ['a', 'b', 'c'], true)).toBe('- list:\n    - a\n    - b\n    - c\n  k: 1\n');
  });

  test('old and new elements between the kept ones pair up in order: each new one written in the old one\'s style, extra old ones dropped', () => {
    expect(sequenceSet('- list:\n  - "a"\n  - b\n  - c\n', ['list'], ['x', 'z'])).toBe('- list:\n  - "x"\n  - z\n');
    expect(sequenceSet("- list:\n  - keep\n  - 'a'\n  - b\n  - last\n", ['list'], ['keep', 'x', 'last'])).toBe("- list:\n  - keep\n  - 'x'\n  - last\n");
  });

  test('comment lines before an element lead it: they go with it, and a new element goes before them', () => {
    const item = '- list:\n  # about a\n  - a\n  # about b\n  - b\n  k: 1\n';
    expect(sequenceSet(item, ['list'], ['b'])).toBe('- list:\n  # about b\n  - b\n  k: 1\n');
    expect(sequenceSet(item, ['list'], ['a'])).toBe('- list:\n  # about a\n  - a\n  k: 1\n');
    expect(sequenceSet(item, ['list'], ['a', 'new', 'b'])).toBe('- list:\n  # about a\n  - a\n  - new\n  # about b\n  - b\n  k: 1\n');
  });

  test('comment lines deeper than the dashes stay with the element above them', () => {
    expect(sequenceSet('- list:\n  - a\n    # deep a\n  # lead b\n  - b\n', ['list'], ['b'])).toBe('- list:\n  # lead b\n  - b\n');
    expect(sequenceSet('- list:\n  - a\n    # deep a\n  # lead b\n  - b\n', ['list'], ['a'])).toBe('- list:\n  - a\n    # deep a\n');
  });

  test('a new element the fast printer cannot write (a key with a line break) is written as yaml writes it', () => {
    expect(sequenceSet('- list:\n  - a\n', ['list'], ['a', { 'a\nb': 1 }])).toBe('- list:\n  - a\n  - "a\\nb": 1\n');
  });

  test('an element removed with the blank line after its deeper comment: the comment stays with the element above', () => {
    const item = '- list:\n  - a\n    # deep\n\n  # lead b\n  - b\n  - c\n';
    expect(sequenceSet(item, ['list'], ['a', 'c'])).toBe('- list:\n  - a\n    # deep\n  - c\n');
  });

  test('mappings equal to old ones keep their text, comments included', () => {
    const item = '- list:\n  - name: A\n    v: 1\n  - name: B # b\n    v: 2\n';
    expect(sequenceSet(item, ['list'], [{ name: 'B', v: 2 }, { name: 'C' }])).toBe('- list:\n  - name: B # b\n    v: 2\n  - name: C\n');
  });

  test('comment lines closing the sequence at its key\'s column lead the next key: they stay when the last element goes', () => {
    expect(sequenceSet('- list:\n  - a\n  - b\n  # closing\n  k: 1\n', ['list'], ['a'])).toBe('- list:\n  - a\n  # closing\n  k: 1\n');
  });
});

describe('elements of a sequence changed in place', () => {
  test('a scalar element: comment lines deeper than its dash stay with it', () => {
    expect(spliced('- list:\n  - a\n    # deep a\n  - b\n', [[['list', 0], 'x']])).toBe('- list:\n  - x\n    # deep a\n  - b\n');
  });

  test('a mapping on the dash line, and one key added to the next element', () => {
    expect(spliced('- list:\n  - name: A\n    v: 1\n  - name: B\n', [[['list', 0, 'v'], 2], [['list', 1, 'w'], 3]])).toBe('- list:\n  - name: A\n    v: 2\n  - name: B\n    w: 3\n');
  });

  test('a sequence on the dash line', () => {
    expect(spliced('- m:\n  - - a\n    - b\n  - - c\n', [[['m', 0], ['a', 'x', 'b']]])).toBe('- m:\n  - - a\n    - x\n    - b\n  - - c\n');
  });

  test('an element changed and one added past the end: the sequence printed again through yaml, in its style', () => {
    expect(spliced('- list:\n  - a\n  - b\n', [[['list', 1], 'z'], [['list', 2], 'w']])).toBe('- list:\n  - a\n  - z\n  - w\n');
  });

  test('a sequence on a dash line after a comment: changed below its first element', () => {
    expect(spliced('- m:\n  - # c\n    - a\n    - b\n', [[['m', 0, 1], 'z']])).toBe('- m:\n  - # c\n    - a\n    - z\n');
  });

  test('the last element removed: the sequence is written [] by its key', () => {
    expect(spliced('- list:\n  - a\n  k: 1\n', [[['list', 0], REMOVE]])).toBe('- list: []\n  k: 1\n');
  });
});

describe('keys', () => {
  test('the first key on a later line than the dash removed: the next key\'s comment stays before it', () => {
    expect(spliced('-\n  apiVersion: v1\n  # about kind\n  kind: X\n', [[['apiVersion'], REMOVE]])).toBe('-\n  # about kind\n  kind: X\n');
  });

  test('a new key too long for an implicit key is added as yaml writes it, explicit', () => {
    const key = 'k'.repeat(1100);
    expect(spliced('- a: 1\n', [[[key], 1]])).toBe(`- a: 1\n  ? ${key}\n  : 1\n`);
  });

  test('declined: a key twice in the text, a key of the text missing from the value or of the value missing from the text without a change', () => {
    const changeOf = (key: string, before: JsonValue | undefined): ChangeTree => ({ children: new Map([[key, { whole: { before } }]]) });
    expect(spliceItem('- a: 1\n  b: x\n', { a: 1, b: 'z' }, changeOf('b', 'x'), () => false)).toBe('- a: 1\n  b: z\n');
    expect(spliceItem('- a: 1\n  a: 2\n  b: x\n', { a: 2, b: 'z' }, changeOf('b', 'x'), () => false)).toBeUndefined();
    expect(spliceItem('- a: 1\n  b: x\n', { b: 'z' }, changeOf('b', 'x'), () => false)).toBeUndefined();
    expect(spliceItem('- a: 1\n', { a: 2, extra: 'e' }, changeOf('a', 1), () => false)).toBeUndefined();
    // Only comments after the dash, every key of the value added: still no mapping to splice into.
    expect(spliceItem('- # about\n', { kind: 'Z' }, changeOf('kind', undefined), () => false)).toBeUndefined();
    // Something else than a dash before the first key.
    expect(spliceItem('x apiVersion: v1\n  kind: X\n', { apiVersion: 'v1', kind: 'Z' }, changeOf('kind', 'X'), () => false)).toBeUndefined();
  });
});

describe('the end of a collection', () => {
  // A comment between the columns of the nested mapping (4) and of its key (2) closes the nested
  // mapping; the blank lines before it belong to the `|+` value above, which keeps its trailing lines.
  const item = '- spec:\n    a: |+\n      kept\n\n   # closing\n  other: x\n';

  test('a key added after a block scalar keeping its trailing lines goes after those lines, before the closing comment', () => {
    expect(spliced(item, [[['spec', 'b'], 'new']])).toBe('- spec:\n    a: |+\n      kept\n\n    b: new\n   # closing\n  other: x\n');
  });

  test('that block scalar replaced: its blank lines are its value\'s, the closing comment stays', () => {
    expect(spliced(item, [[['spec', 'a'], 'new\n\n']])).toBe('- spec:\n    a: |+\n      new\n\n   # closing\n  other: x\n');
  });

  test('text in a block scalar that looks like a |+ header is no header: the blank line after the block leads the next key, and goes with it', () => {
    const item = '- spec:\n    a: |\n      x: |+\n        deep\n      last\n\n    b: 1\n';
    expect(spliced(item, [[['spec', 'b'], REMOVE]])).toBe('- spec:\n    a: |\n      x: |+\n        deep\n      last\n');
  });
});

describe('blank lines before an element that is a sequence on its dash line', () => {
  // They lead the element (as comment lines before it do): kept when the element is replaced, kept
  // before its dash when an element is added inside it.
  test('the element replaced by a scalar', () => {
    const item = '- value:\n\n  - - "x" # note\n    # deeper\n  - b\n';
    expect(sequenceSet(item, ['value'], ['', 'b'])).toBe('- value:\n\n  - ""\n  - b\n');
  });

  test('an element added first inside it', () => {
    const item = '- value:\n  - 1\n\n  - - a # note\n    - b\n';
    expect(spliced(item, [[['value', 1], ['', 'a', 'b']]])).toBe('- value:\n  - 1\n\n  - - ""\n    - a # note\n    - b\n');
  });
});

describe('a changed pair', () => {
  test.each([
    ['a nested mapping after a comment on its key line', '- spec: # note\n    a: 1\n    b: 2\n', [[['spec', 'a'], 3]], '- spec: # note\n    a: 3\n    b: 2\n'],
    ['a nested mapping after a blank line', '- a:\n\n    k: v\n  b: 1\n', [[['a', 'k'], 'w']], '- a:\n\n    k: w\n  b: 1\n'],
    ['a sequence after a comment line', '- list:\n  # c\n  - a\n  - b\n', [[['list', 1], 'z']], '- list:\n  # c\n  - a\n  - z\n'],
    ['a sequence after a comment on its key line', '- list: # c\n  - a\n  - b\n', [[['list', 1], 'z']], '- list: # c\n  - a\n  - z\n'],
    ['a sequence indented under its key, of mappings', '- a:\n    - k: v\n  b: 1\n', [[['a', 0, 'k'], 'z']], '- a:\n    - k: z\n  b: 1\n'],
    ['a sequence level with its key, of mappings', '- a:\n  - k: v\n    j: w\n  b: 1\n', [[['a', 0, 'j'], 'z']], '- a:\n  - k: v\n    j: z\n  b: 1\n'],
    ['a mapping set whole: only its changed and new keys written', '- a:\n    k: v # c\n    j: w\n', [[['a'], { k: 'v', j: 'z', n: 1 }]], '- a:\n    k: v # c\n    j: z\n    "n": 1\n'],
    ['a scalar becoming a mapping', '- a: 1\n  b: x\n', [[['a'], { k: 'v' }]], '- a:\n    k: v\n  b: x\n'],
    ['a mapping becoming a scalar', '- a:\n    k: v\n  b: x\n', [[['a'], 1]], '- a: 1\n  b: x\n'],
    ['a mapping becoming null', '- a:\n    k: v\n  b: x\n', [[['a'], null]], '- a: null\n  b: x\n'],
    ['a sequence becoming a mapping', '- a:\n  - x\n  b: 1\n', [[['a'], { k: 'v' }]], '- a:\n    k: v\n  b: 1\n'],
    ['a mapping becoming a sequence', '- a:\n    k: v\n  b: 1\n', [[['a'], ['x']]], '- a:\n  - x\n  b: 1\n'],
    ['a block scalar becoming a sequence', '- a: |\n    t\n  b: 1\n', [[['a'], ['x']]], '- a:\n  - x\n  b: 1\n'],
    ['an element of a flow sequence (printed again through yaml)', '- list: [a, b]\n  k: 1\n', [[['list', 0], 'z']], '- list: [z, b]\n  k: 1\n'],
  ] as [string, string, Edit[], string][])('%s', (_name, item, edits, expected) => {
    expect(spliced(item, edits)).toBe(expected);
  });

  test('a change that expands to nothing (set whole to what it was) leaves the pair\'s text as it is', () => {
    const changes: ChangeTree = { children: new Map([['a', { whole: { before: 1 } }], ['b', { whole: { before: 'x' } }]]) };
    expect(spliceItem('- a:   1\n  b: x\n', { a: 1, b: 'z' }, changes, () => false)).toBe('- a:   1\n  b: z\n');
    const nested: ChangeTree = { children: new Map([['a', { whole: { before: { k: 'v' } } }], ['b', { whole: { before: 'x' } }]]) };
    expect(spliceItem('- a:\n    k:   v\n  b: x\n', { a: { k: 'v' }, b: 'z' }, nested, () => false)).toBe('- a:\n    k:   v\n  b: z\n');
  });
});

// In the cases below, text `yaml` prints otherwise (extra spaces after a colon or before a comment)
// sits outside the edited node: spliced, it keeps its bytes; printed again through `yaml`, it would not.
describe('a value on the lines after its key, spliced rather than printed again', () => {
  test.each([
    ['a sequence level with its key', '- list:\n  - a:   1\n  - b\n', [[['list', 1], 'z']], '- list:\n  - a:   1\n  - z\n'],
    ['a sequence indented under its key', '- list:\n    - a:   1\n    - b\n', [[['list', 1], 'z']], '- list:\n    - a:   1\n    - z\n'],
    ['a nested mapping', '- spec:\n    a:   1\n    b: 2\n', [[['spec', 'b'], 3]], '- spec:\n    a:   1\n    b: 3\n'],
    ['a nested mapping, the item\'s last pair, a key added', '- k: 1\n  spec:\n    a:   1\n', [[['spec', 'b'], 2]], '- k: 1\n  spec:\n    a:   1\n    b: 2\n'],
  ] as [string, string, Edit[], string][])('%s', (_name, item, edits, expected) => {
    expect(spliced(item, edits)).toBe(expected);
  });
});

describe('a |+ block scalar as a sequence element keeps its trailing blank lines', () => {
  // `- |+` then its lines, a blank line, and the next element: the blank line is the block's (it keeps
  // its trailing line breaks), so it stays when the next element goes, with or without a comment
  // leading that element.
  test.each([
    ['then the next element', '- list:\n  - |+\n    kept\n\n  - b\n', '- list:\n  - |+\n    kept\n\n'],
    ['then a comment leading the next element', '- list:\n  - |+\n    kept\n\n  # about b\n  - b\n', '- list:\n  - |+\n    kept\n\n'],
    ['more spaces after the dash', '- list:\n  -   |+\n      kept\n\n  - b\n', '- list:\n  -   |+\n      kept\n\n'],
    ['more spaces after the dash, its lines less indented than its header', '- list:\n  -   |+\n   kept\n\n  - b\n', '- list:\n  -   |+\n   kept\n\n'],
    ['in a sequence on a dash line', '- list:\n  - - |+\n      kept\n\n    - b\n', '- list:\n  - - |+\n      kept\n\n'],
  ])('%s', (_name, item, expected) => {
    const path = item.includes('- - ') ? ['list', 0] : ['list'];
    expect(sequenceSet(item, path, ['kept\n\n'])).toBe(expected);
  });

  test('an element added after it goes after its blank line', () => {
    expect(sequenceSet('- list:\n  - |+\n    kept\n\n  - b\n', ['list'], ['kept\n\n', 'b', 'c'])).toBe('- list:\n  - |+\n    kept\n\n  - b\n  - c\n');
  });

  test('a |+ value of a key: its blank line stays with it, the comment after that leads the next key and goes with it', () => {
    const item = '- a: |+\n    kept\n\n  # about b\n  b: 1\n';
    expect(spliced(item, [[['b'], REMOVE]])).toBe('- a: |+\n    kept\n\n');
    expect(spliced(item, [[['a'], 'new\n\n']])).toBe('- a: |+\n    new\n\n  # about b\n  b: 1\n');
  });

  test('a |+ header after a key on a dash line is the key\'s: a less indented line below ends the block, and blank lines after that lead the next key', () => {
    // `b` sits at the column of `k`, not deeper: the block ends before it, so the blank line after
    // `b: 1` is no line of the block and goes with the comment and the key it leads.
    const item = '- list:\n  - k: |+\n      kept\n    b: 1\n\n  # about other\n  other: 1\n';
    expect(spliced(item, [[['other'], REMOVE]])).toBe('- list:\n  - k: |+\n      kept\n    b: 1\n');
  });

  test('the item\'s first key holds the block (its header on the item\'s dash line, at column 0)', () => {
    const item = '- k: |+\n    kept\n\n  b: 1\n';
    expect(spliced(item, [[['b'], REMOVE]])).toBe('- k: |+\n    kept\n\n');
    expect(spliced(item, [[['c'], 2]])).toBe('- k: |+\n    kept\n\n  b: 1\n  c: 2\n');
  });
});

describe('text after a key that only ends like a block scalar header is a plain scalar', () => {
  // A plain scalar over two lines is printed again through yaml (`k :` becomes `k:`); taken for a
  // literal block, it would have been replaced in place.
  test.each([
    ['ending in |', '- k : a|\n    more\n  b: x\n'],
    ['ending in |-2', '- k : a|-2\n    more\n  b: x\n'],
  ])('%s', (_name, item) => {
    expect(spliced(item, [[['k'], 'new']])).toBe('- k: new\n  b: x\n');
  });
});

describe('a value the fast printer cannot write in the old style', () => {
  test('an infinite number in place of a plain scalar is printed again through yaml', () => {
    expect(spliced('- k : 1\n  b: x\n', [[['k'], Infinity]])).toBe('- k: .inf\n  b: x\n');
    expect(spliced('- list:\n  - 1\n  - 2\n', [[['list', 0], -Infinity]])).toBe('- list:\n  - -.inf\n  - 2\n');
  });
});

describe('a sequence on the dash line of an element', () => {
  test('its elements changed in place: the other element\'s deeper lines are kept as they are', () => {
    expect(spliced('- m:\n  - - a\n    - k:   v\n      j: w\n', [[['m', 0, 0], 'z']])).toBe('- m:\n  - - z\n    - k:   v\n      j: w\n');
  });

  test('set whole: the elements kept keep their text', () => {
    expect(spliced('- m:\n  - - a  # note\n    - b\n  - - c\n', [[['m', 0], ['a', 'x', 'b']]])).toBe('- m:\n  - - a  # note\n    - x\n    - b\n  - - c\n');
  });

  test('its first element removed while a comment leads the next one: the element is printed again through yaml', () => {
    // The comment cannot go onto the dash line; yaml writes the element again (`b  # x` as `b # x`).
    expect(spliced('- m:\n  - - a\n    # about b\n    - b  # x\n', [[['m', 0], ['b']]])).toBe('- m:\n  - # about b\n    - b # x\n');
  });
});

describe('a pair printed again through yaml, a sequence inside it', () => {
  // The nested mapping's first key (a double-quoted key holding a backslash) is one the splicer does
  // not read, so the pair `spec` is printed again through yaml as a whole.
  test('level with its key: a comment line after it leads the next key, and goes with it', () => {
    const item = '- spec:\n    "x\\"y": 1\n    list:\n    - a\n    # c\n    k: 1\n';
    expect(spliced(item, [[['spec', 'k'], REMOVE]])).toBe('- spec:\n    "x\\"y": 1\n    list:\n    - a\n');
  });

  test('indented under its key: a comment line as deep as its dashes stays with it', () => {
    const item = '- spec:\n    "x\\"y": 1\n    list:\n      - a\n      # c\n    k: 1\n';
    expect(spliced(item, [[['spec', 'k'], REMOVE]], true)).toBe('- spec:\n    "x\\"y": 1\n    list:\n      - a\n      # c\n');
  });
});

describe('cases for the survivors of the sample\'s second blocks', () => {
  test('a value that is null is no mapping: declined', () => {
    const changes: ChangeTree = { children: new Map([['a', { whole: { before: 1 } }]]) };
    expect(spliceItem('- a: 1\n', null, changes, () => false)).toBeUndefined();
  });

  test('null in place of a plain scalar is written in place', () => {
    expect(spliced('- k : 1\n  b: x\n', [[['k'], null]])).toBe('- k : null\n  b: x\n');
  });

  test('a plain scalar ending in a single quote is replaced in place', () => {
    expect(spliced("- k : it'\n  b: x\n", [[['k'], 'new']])).toBe('- k : new\n  b: x\n');
  });

  test('a literal block followed by a comment less indented than its lines is printed again through yaml, the comment kept', () => {
    // yaml writes a blank line before a comment that follows a block scalar and closes its mapping.
    expect(spliced('- k : |\n    one\n   # c\n  b: x\n', [[['k'], 'three\nfour\n']])).toBe('- k: |\n    three\n    four\n\n  # c\n  b: x\n');
  });

  test('a sequence set whole to no elements is written []', () => {
    expect(sequenceSet('- list:\n  - a\n  - b\n  k: 1\n', ['list'], [])).toBe('- list: []\n  k: 1\n');
  });

  test('set whole: a new mapping paired with an old one keeps the old one\'s unchanged text, the second pair too', () => {
    expect(sequenceSet('- list:\n  - name: A\n    v:   1\n  - keep\n', ['list'], [{ name: 'B', v: 1 }, 'keep'])).toBe('- list:\n  - name: B\n    v:   1\n  - keep\n');
    expect(sequenceSet('- list:\n  - a: 1\n    x: p\n  - a:   2\n    x: q\n', ['list'], [{ a: 1, x: 'P' }, { a: 2, x: 'Q' }])).toBe('- list:\n  - a: 1\n    x: P\n  - a:   2\n    x: Q\n');
  });

  test('an element whose change expands to nothing keeps its text', () => {
    const changes: ChangeTree = { children: new Map([['list', { children: new Map([[0, { whole: { before: 'a' } }], [1, { whole: { before: 'b' } }]]) }]]) };
    expect(spliceItem('- list:\n  - a  # c\n  - b\n', { list: ['a', 'z'] }, changes, () => false)).toBe('- list:\n  - a  # c\n  - z\n');
  });

  test('a mapping element with spaces after its dash, changed below: its keys sit after those spaces', () => {
    expect(spliced('- list:\n  -   k: v\n      j: w\n', [[['list', 0, 'j'], 'z']])).toBe('- list:\n  -   k: v\n      j: z\n');
  });

  test('a mapping element set to null', () => {
    expect(spliced('- list:\n  - k: v\n  - b\n', [[['list', 0], null]])).toBe('- list:\n  - null\n  - b\n');
  });
});

describe('cases for the survivors of the sample\'s last blocks', () => {
  // A collection ends at its last entry and the comment lines deeper than its entries after it; from
  // the first comment line as deep as the entries or less (with the blank lines before it), the lines
  // close the collection: a new entry goes before them, and they stay when the last entry goes.
  test('a key added to a nested mapping after the deeper comment of its last value goes after that comment', () => {
    expect(spliced('- spec:\n    a: 1\n      # deep\n  other: x\n', [[['spec', 'b'], 'new']])).toBe('- spec:\n    a: 1\n      # deep\n    b: new\n  other: x\n');
  });

  test('a blank line, then a comment between the columns of the nested keys and of their key: a key added goes before the blank line', () => {
    expect(spliced('- spec:\n    a: 1\n\n   # closing\n  other: x\n', [[['spec', 'b'], 'new']])).toBe('- spec:\n    a: 1\n    b: new\n\n   # closing\n  other: x\n');
  });

  test('a deeper comment, a blank line, a closing comment at the keys\' column: a key added goes between, the last key removed takes its deeper comment only', () => {
    expect(spliced('- spec:\n    a: 1\n      # deep\n\n    # closing\n  other: x\n', [[['spec', 'b'], 'new']])).toBe('- spec:\n    a: 1\n      # deep\n    b: new\n\n    # closing\n  other: x\n');
    expect(spliced('- spec:\n    a: 1\n    b: 2\n      # deep\n\n    # closing\n  other: x\n', [[['spec', 'b'], REMOVE]])).toBe('- spec:\n    a: 1\n\n    # closing\n  other: x\n');
  });

  test('the same in a sequence indented under its key', () => {
    const item = '- list:\n    - a\n    - b\n      # deep\n\n    # closing\n  k: 1\n';
    expect(sequenceSet(item, ['list'], ['a', 'b', 'c'])).toBe('- list:\n    - a\n    - b\n      # deep\n    - c\n\n    # closing\n  k: 1\n');
    expect(sequenceSet(item, ['list'], ['a'])).toBe('- list:\n    - a\n\n    # closing\n  k: 1\n');
    expect(spliced(item, [[['list', 1], 'z']])).toBe('- list:\n    - a\n    - z\n      # deep\n\n    # closing\n  k: 1\n');
  });

  test('a comment between the columns of the dashes and of their key closes the sequence: an element added goes before it', () => {
    expect(sequenceSet('- list:\n    - a\n   # closing\n  k: 1\n', ['list'], ['a', 'b'])).toBe('- list:\n    - a\n    - b\n   # closing\n  k: 1\n');
    // After a |+ element, its blank line is its own: the element added goes after it.
    expect(sequenceSet('- list:\n    - |+\n      kept\n\n   # closing\n  k: 1\n', ['list'], ['kept\n\n', 'b'])).toBe('- list:\n    - |+\n      kept\n\n    - b\n   # closing\n  k: 1\n');
  });

  test('a comment on the key line, a blank line and a comment line before the value: all kept before it', () => {
    expect(spliced('- a: # c\n\n    # d\n    k: 1\n  b: 2\n', [[['a', 'k'], 2]])).toBe('- a: # c\n\n    # d\n    k: 2\n  b: 2\n');
    expect(spliced('- a: # c\n\n    # d\n  - k\n  b: 2\n', [[['a', 0], 'z']])).toBe('- a: # c\n\n    # d\n  - z\n  b: 2\n');
  });

  test('a flow mapping over two lines after its key is printed again through yaml, on one line', () => {
    // Its second line is deeper than the key, as a nested block mapping's would be: it is no such mapping.
    expect(spliced('- k: {a: 1,\n    b: 2}\n  c: 3\n', [[['k', 'a'], 5]])).toBe('- k: {a: 5, b: 2}\n  c: 3\n');
  });

  test('a double-quoted scalar over two lines, then a deeper comment: replaced in place, the comment kept below', () => {
    expect(spliced('- k : "one\n    two"\n    # deep\n  b: x\n', [[['k'], 'new']])).toBe('- k : "new"\n    # deep\n  b: x\n');
  });

  test('an element printed again through yaml (its mapping holds a key the splicer does not read): the next element keeps its text', () => {
    expect(spliced('- list:\n  - x:   1\n    "q\\"": 2\n  - b:   1\n', [[['list', 0, 'x'], 5]])).toBe('- list:\n  - x: 5\n    "q\\"": 2\n  - b:   1\n');
  });

  test('a pair printed again through yaml keeps the blank line inside it', () => {
    expect(spliced('- spec:\n    "q\\"": 1\n\n    b: 2\n  c: 1\n', [[['spec', 'b'], 3]])).toBe('- spec:\n    "q\\"": 1\n\n    b: 3\n  c: 1\n');
  });

  test('a plain scalar holding " - ", or starting with a dash not followed by a space, is replaced in place', () => {
    expect(spliced('- k : a - b\n  b: x\n', [[['k'], 'new']])).toBe('- k : new\n  b: x\n');
    expect(spliced('- k : -x\n  b: x\n', [[['k'], 'new']])).toBe('- k : new\n  b: x\n');
  });

  test('two comment lines leading an element both go with it, a blank line between them too', () => {
    expect(sequenceSet('- list:\n  - a\n  # c1\n  # c2\n  - b\n', ['list'], ['a'])).toBe('- list:\n  - a\n');
    expect(sequenceSet('- list:\n  - a\n  # c1\n\n  # c2\n  - b\n', ['list'], ['a'])).toBe('- list:\n  - a\n');
    expect(sequenceSet('- list:\n  - a\n  # c1\n  # c2\n  - b\n', ['list'], ['b'])).toBe('- list:\n  # c1\n  # c2\n  - b\n');
  });

  test('a sequence on a dash line, its first element changed: the lines leading its second element keep their columns', () => {
    expect(spliced('- m:\n  - - a\n   # c\n    - b\n', [[['m', 0, 0], 'z']])).toBe('- m:\n  - - z\n   # c\n    - b\n');
    expect(spliced('- m:\n  - - a\n\n    - b\n', [[['m', 0, 0], 'z']])).toBe('- m:\n  - - z\n\n    - b\n');
  });

  test('a sequence on a dash line, its first element printed again through yaml (a comment after it, a flow mapping): behind the dashes', () => {
    expect(spliced('- m:\n  - - a # c\n    - b\n', [[['m', 0, 0], 'z']])).toBe('- m:\n  - - z # c\n    - b\n');
    expect(spliced('- m:\n  -   - a # c\n      - b\n', [[['m', 0, 0], 'z']])).toBe('- m:\n  -   - z # c\n      - b\n');
    expect(spliced('- m:\n  - - {a: 1}\n    - b\n', [[['m', 0, 0, 'a'], 2]])).toBe('- m:\n  - - {a: 2}\n    - b\n');
  });

  test('a dash alone after an element\'s dash is a nested sequence, no scalar: set to a scalar, it is printed again through yaml', () => {
    // yaml drops the comment inside the nested sequence with it; replaced in place, it would have stayed.
    expect(spliced('- list:\n  - -\n    # deep\n  - b\n', [[['list', 0], 'z']])).toBe('- list:\n  - z\n  - b\n');
    expect(spliced('- list:\n  - ?\n    # deep\n  - b\n', [[['list', 0], 'z']])).toBe('- list:\n  - z\n  - b\n');
  });

  test('a mapping element on its dash line, then a deeper comment, set to a scalar: printed again through yaml', () => {
    // The comment sits at the mapping's keys' column, inside the mapping: yaml drops it with the mapping.
    expect(spliced('- list:\n  - k: v\n    # deep\n  - b\n', [[['list', 0], 'z']])).toBe('- list:\n  - z\n  - b\n');
  });

  test('a scalar element set to a mapping is printed again through yaml', () => {
    expect(spliced('- list:\n  - "a"\n  - b\n', [[['list', 0], { k: 1 }]])).toBe('- list:\n  - k: 1\n  - b\n');
  });

  test('null in place of a scalar element, a deeper comment after it kept below', () => {
    expect(spliced('- list:\n  - a\n    # deep\n  - b\n', [[['list', 0], null]])).toBe('- list:\n  - null\n    # deep\n  - b\n');
  });
});

describe('an alias whose anchor lies outside the lines printed again', () => {
  // Printed again on their own, such lines hold an alias naming no anchor, which yaml cannot read (it
  // throws): larger lines holding the anchor too are printed again, or the item is declined.
  test('an element that is an alias of the element before: the sequence is printed again with its anchor', () => {
    expect(spliced('- list:\n  - &x a\n  - *x\n', [[['list', 1], 'z']])).toBe('- list:\n  - &x a\n  - z\n');
  });

  test('an alias inside a pair, its anchor in the pair before: declined', () => {
    expect(spliced('- k: &x a\n  j: [*x, b]\n', [[['j', 1], 'z']])).toBeUndefined();
  });
});
