/**
 * editWithLeadingLines: comment and blank lines before the first entry of a collection, and comment
 * lines after a sequence level with its key, belong to the entry after them while a `yaml` document is
 * edited: they go when it goes and stay where they were when it stays. Each expected text is the
 * input with exactly those lines kept or taken out, written by hand.
 */
import * as YAML from 'yaml';
import { editWithLeadingLines } from '../../src/krm/leading-lines';
import { printYamlDocument } from '../../src/krm/yaml11';
import { PARSE_OPTIONS, toStringOptions } from '../../src/krm/yaml-options';

/** The text edited inside editWithLeadingLines and printed as the splicer prints (compact: sequences level with their key). */
function edited(text: string, compact: boolean, edit: (doc: YAML.Document) => void): string {
  const doc = YAML.parseDocument(text, PARSE_OPTIONS);
  expect(doc.errors).toEqual([]);
  editWithLeadingLines(doc, text, compact, () => edit(doc));
  return printYamlDocument(doc, toStringOptions(!compact));
}

describe('comment and blank lines before the first entry of a collection', () => {
  test('go with the first key when it is removed', () => {
    expect(edited('a:\n  # about b\n  b: 1\n  c: 2\n', true, (doc) => doc.deleteIn(['a', 'b']))).toBe('a:\n  c: 2\n');
    expect(edited('a:\n  # one\n\n  # two\n  b: 1\n  c: 2\n', true, (doc) => doc.deleteIn(['a', 'b']))).toBe('a:\n  c: 2\n');
    expect(edited('a:\n\n  b: 1\n  c: 2\n', true, (doc) => doc.deleteIn(['a', 'b']))).toBe('a:\n  c: 2\n');
  });

  test('go with the first element of a sequence when it is removed', () => {
    expect(edited('a:\n  # about x\n  - x\n  - y\n', false, (doc) => doc.deleteIn(['a', 0]))).toBe('a:\n  - y\n');
    // Each level keeps its own: the comment before `l` stays, the one before its first element goes.
    expect(edited('m:\n  # about l\n  l:\n    # about x\n    - x\n    - y\n  k: 1\n', false, (doc) => doc.deleteIn(['m', 'l', 0]))).toBe('m:\n  # about l\n  l:\n    - y\n  k: 1\n');
  });

  test('stay as they were, blank lines empty, when the first entry stays', () => {
    expect(edited('a:\n  # about b\n  b: 1\n  c: 2\n', true, (doc) => doc.setIn(['a', 'c'], 3))).toBe('a:\n  # about b\n  b: 1\n  c: 3\n');
    expect(edited('a:\n  # one\n\n  # two\n  b: 1\n  c: 2\n', true, (doc) => doc.setIn(['a', 'c'], 3))).toBe('a:\n  # one\n\n  # two\n  b: 1\n  c: 3\n');
    expect(edited('a:\n\n  b: 1\n  c: 2\n', true, (doc) => doc.setIn(['a', 'c'], 3))).toBe('a:\n\n  b: 1\n  c: 3\n');
  });

  test('an element of a sequence that is a collection on its dash line keeps the lines before its dash when its first entry goes', () => {
    const sequences = 'list:\n  - a\n\n  # about b\n  - - b1\n    - b2\n';
    expect(edited(sequences, false, (doc) => doc.deleteIn(['list', 1, 0]))).toBe('list:\n  - a\n\n  # about b\n  - - b2\n');
    // Several spaces after the dash: the element still starts on the dash line.
    const spaced = 'list:\n  - a\n\n  -   - b1\n      - b2\n';
    expect(edited(spaced, false, (doc) => doc.deleteIn(['list', 1, 0]))).toBe('list:\n  - a\n\n  - - b2\n');
    const mapping = 'list:\n  - a\n  # about b\n  - k: 1\n    j: 2\n';
    expect(edited(mapping, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n  - j: 2\n');
    // An anchor or a tag before the first key on the dash line is the key's (a node's properties on an
    // implicit key's line belong to the key), and goes with it; the mapping still starts on the dash line.
    const anchored = 'list:\n  - a\n  # about b\n  - &k k: 1\n    j: 2\n';
    expect(edited(anchored, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n  - j: 2\n');
    expect(edited(anchored, false, (doc) => doc.setIn(['list', 1, 'j'], 3))).toBe('list:\n  - a\n  # about b\n  - &k k: 1\n    j: 3\n');
    const tagged = 'list:\n  - a\n  # about b\n  - !!str k: 1\n    j: 2\n';
    expect(edited(tagged, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n  - j: 2\n');
    // The first element: the lines before it are the sequence's to `yaml`, and lead the element all the same.
    const first = 'list:\n  # about a\n  - k: 1\n    j: 2\n  - b\n';
    expect(edited(first, false, (doc) => doc.deleteIn(['list', 0, 'k']))).toBe('list:\n  # about a\n  - j: 2\n  - b\n');
    expect(edited(first, false, (doc) => doc.deleteIn(['list', 0]))).toBe('list:\n  - b\n');
  });

  test('an element that is a collection starting on a later line than its dash: the lines after the dash lead its first entry', () => {
    const afterDash = 'list:\n  - a\n  - # about b1\n    - b1\n    - b2\n';
    expect(edited(afterDash, false, (doc) => doc.setIn(['list', 1, 1], 'z'))).toBe('list:\n  - a\n  - # about b1\n    - b1\n    - z\n');
    expect(edited(afterDash, false, (doc) => doc.deleteIn(['list', 1, 0]))).toBe('list:\n  - a\n  - - b2\n');
  });

  test('an element of a sequence that is a collection starting on a later line than its dash keeps the lines before its dash; those after it lead its first entry', () => {
    // A dash alone on its line: the comment before it stays, and no blank line comes after it.
    const bare = 'list:\n  - a\n  # about b\n  -\n    k: 1\n    j: 2\n';
    expect(edited(bare, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n  - j: 2\n');
    expect(edited(bare, false, (doc) => doc.setIn(['list', 1, 'j'], 3))).toBe('list:\n  - a\n  # about b\n  - k: 1\n    j: 3\n');
    // The blank lines between the comment and the dash stay too, and a blank line alone before the dash.
    const blank = 'list:\n  - a\n  # about b\n\n  -\n    k: 1\n    j: 2\n';
    expect(edited(blank, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n\n  - j: 2\n');
    const spaced = 'list:\n  - a\n\n  -\n    k: 1\n    j: 2\n';
    expect(edited(spaced, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n\n  - j: 2\n');
    // A blank line holding spaces is one; several blank lines before a node are one to `yaml` (a flag).
    const spaces = 'list:\n  - a\n  # about b\n  \n  -\n    k: 1\n    j: 2\n';
    expect(edited(spaces, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n\n  - j: 2\n');
    const twice = 'list:\n  - a\n\n\n  -\n    k: 1\n    j: 2\n';
    expect(edited(twice, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n\n  - j: 2\n');
    // Comment lines on both sides of the dash, the element's anchor on the dash line: those after the
    // dash (`yaml` prints the dash line's own on the line after it) go with the first key.
    const both = 'list:\n  - a\n  # one\n\n  # two\n\n  - &item # three\n\n    # four\n    k: 1\n    j: 2\n';
    expect(edited(both, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # one\n\n  # two\n\n  - &item\n    j: 2\n');
    expect(edited(both, false, (doc) => doc.setIn(['list', 1, 'j'], 3))).toBe('list:\n  - a\n  # one\n\n  # two\n\n  - &item\n    # three\n\n    # four\n    k: 1\n    j: 3\n');
    // Blank lines on one side only: the lines are told apart by the comment lines after the dash.
    const oneSide = 'list:\n  - a\n  # one\n\n  # two\n  - # three\n    # four\n    k: 1\n    j: 2\n';
    expect(edited(oneSide, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # one\n\n  # two\n  - j: 2\n');
    // Several spaces before the comment on the dash line, after the dash or after the anchor.
    const wide = 'list:\n  - a\n  # about b\n  -  # about k\n    k: 1\n    j: 2\n';
    expect(edited(wide, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n  - j: 2\n');
    const wideAnchor = 'list:\n  - a\n  # about b\n  - &item  # about k\n    k: 1\n    j: 2\n';
    expect(edited(wideAnchor, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n  - &item\n    j: 2\n');
    // The element's anchor on a line of its own below the dash, between comment lines.
    const anchorLine = 'list:\n  - a\n  # about b\n  - # one\n    &m\n    # two\n    k: 1\n    j: 2\n';
    expect(edited(anchorLine, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n  - &m\n    j: 2\n');
    // A `#` inside an anchor begins no comment.
    const hash = 'list:\n  - a\n  # about b\n  - &m#1\n    k: 1\n    j: 2\n';
    expect(edited(hash, false, (doc) => doc.deleteIn(['list', 1, 'k']))).toBe('list:\n  - a\n  # about b\n  - &m#1\n    j: 2\n');
  });

  test('the lines before a collection lead its first entry before the entry\'s own lines (after its dash, or after `?`)', () => {
    const sequence = 'list:\n  # about the list\n  - # about x\n    x\n  - y\n';
    expect(edited(sequence, false, (doc) => doc.deleteIn(['list', 0]))).toBe('list:\n  - y\n');
    expect(edited(sequence, false, (doc) => doc.setIn(['list', 1], 'z'))).toBe('list:\n  # about the list\n  # about x\n  - x\n  - z\n');
    const mapping = 'm:\n  # about m\n  ? # about a\n    a\n  : 1\n  b: 2\n';
    expect(edited(mapping, false, (doc) => doc.deleteIn(['m', 'a']))).toBe('m:\n  b: 2\n');
    expect(edited(mapping, false, (doc) => doc.setIn(['m', 'b'], 3))).toBe('m:\n  # about m\n  # about a\n  a: 1\n  b: 3\n');
    // An entry's own lines alone stay as they are.
    expect(edited('m:\n  ? # about a\n    a\n  : 1\n  b: 2\n', false, (doc) => doc.setIn(['m', 'b'], 3))).toBe('m:\n  # about a\n  a: 1\n  b: 3\n');
    const nested = 'list:\n  - a\n  - - # about x\n      x\n    - y\n';
    expect(edited(nested, false, (doc) => doc.setIn(['list', 1, 1], 'z'))).toBe('list:\n  - a\n  - # about x\n    - x\n    - z\n');
  });

  test('the lines before a sequence\'s first element lead that element, not the first key inside it', () => {
    const item = 'list:\n  # about the element\n  -\n    # about a\n    a: 1\n    b: 2\n  - x\n';
    expect(edited(item, false, (doc) => doc.deleteIn(['list', 0, 'a']))).toBe('list:\n  # about the element\n  - b: 2\n  - x\n');
    expect(edited(item, false, (doc) => doc.setIn(['list', 0, 'b'], 3))).toBe('list:\n  # about the element\n  - # about a\n    a: 1\n    b: 3\n  - x\n');
    expect(edited(item, false, (doc) => doc.deleteIn(['list', 0]))).toBe('list:\n  - x\n');
  });

  test('a comment before a mapping whose first key is a collection stays before that key', () => {
    // The mapping's lines arrive on the key after the key's own moved to its first element (none here).
    const complexKey = 'm:\n  # about the key\n  ? - a\n    - b\n  : 1\n  c: 2\n';
    expect(edited(complexKey, false, (doc) => doc.setIn(['m', 'c'], 3))).toBe('m:\n  # about the key\n  ? - a\n    - b\n  : 1\n  c: 3\n');
  });

  test('a comment before a flow collection stays before it', () => {
    expect(edited('k:\n  # about the list\n  [x, y]\nz: 1\n', false, (doc) => doc.set('z', 2))).toBe('k:\n  # about the list\n  [x, y]\nz: 2\n');
    expect(edited('k:\n  # about the map\n  {a: 1}\nz: 1\n', false, (doc) => doc.set('z', 2))).toBe('k:\n  # about the map\n  {a: 1}\nz: 2\n');
  });

  test('flow collections are left as they are', () => {
    expect(edited('m: {a: 1, b: 2}\n', true, (doc) => doc.deleteIn(['m', 'a']))).toBe('m: {b: 2}\n');
    expect(edited('m: [x, y]\n', false, (doc) => doc.deleteIn(['m', 0]))).toBe('m: [y]\n');
  });
});

describe('comment lines after a sequence level with its key (compact sequences)', () => {
  const nested = 'm:\n  a:\n  - x\n  # about b\n  b: 1\n  c: 2\n';

  test('lead the next key: they go when it goes', () => {
    expect(edited(nested, true, (doc) => doc.deleteIn(['m', 'b']))).toBe('m:\n  a:\n  - x\n  c: 2\n');
    // Before the next key's own comment, and with it.
    const both = 'm:\n  a:\n  - x\n  # about the list\n\n  # about b\n  b: 1\n  c: 2\n';
    expect(edited(both, true, (doc) => doc.deleteIn(['m', 'b']))).toBe('m:\n  a:\n  - x\n  c: 2\n');
    expect(edited(both, true, (doc) => doc.setIn(['m', 'c'], 3))).toBe(both.replace('c: 2', 'c: 3'));
  });

  test('lead the next key before its own comment after `?`', () => {
    const explicit = 'm:\n  a:\n  - x\n  # about the list\n  ? # about b\n    b\n  : 1\n  c: 2\n';
    expect(edited(explicit, true, (doc) => doc.deleteIn(['m', 'b']))).toBe('m:\n  a:\n  - x\n  c: 2\n');
    expect(edited(explicit, true, (doc) => doc.setIn(['m', 'c'], 3))).toBe('m:\n  a:\n  - x\n  # about the list\n  # about b\n  b: 1\n  c: 3\n');
  });

  test('after the last key they close the mapping: they stay when the sequence is replaced, before the mapping\'s own closing comment', () => {
    const closing = 'm:\n  c: 2\n  a:\n  - x\n  # closing\nz: 1\n';
    expect(edited(closing, true, (doc) => doc.setIn(['m', 'a'], doc.createNode(['y'])))).toBe('m:\n  c: 2\n  a:\n  - "y"\n  # closing\nz: 1\n');
    const closingTwice = 'm:\n  c: 2\n  a:\n  - x\n  # closing\n\n  # more\nz: 1\n';
    expect(edited(closingTwice, true, (doc) => doc.setIn(['m', 'a'], doc.createNode(['y'])))).toBe('m:\n  c: 2\n  a:\n  - "y"\n  # closing\n\n  # more\nz: 1\n');
  });

  test('with wide sequences (indented under their key) they are the sequence\'s, as yaml reads them', () => {
    expect(edited(nested, false, (doc) => doc.deleteIn(['m', 'b']))).toBe('m:\n  a:\n    - x\n    # about b\n  c: 2\n');
    const closing = 'm:\n  c: 2\n  a:\n  - x\n  # closing\nz: 1\n';
    expect(edited(closing, false, (doc) => doc.setIn(['m', 'a'], doc.createNode(['y'])))).toBe('m:\n  c: 2\n  a:\n    - "y"\nz: 1\n');
  });

  test('a flow sequence has no such lines', () => {
    const flow = 'm:\n  a: [x]\n  # about b\n  b: 1\n  c: 2\n';
    expect(edited(flow, true, (doc) => doc.deleteIn(['m', 'b']))).toBe('m:\n  a: [x]\n  c: 2\n');
  });
});
