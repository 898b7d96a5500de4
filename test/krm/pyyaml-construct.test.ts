/**
 * src/krm/pyyaml-construct.ts, the one walk both PyYAML readers build values with: merge keys in
 * flatten_mapping's order, and a structure that holds itself refused (never a stack overflow).
 */
import * as YAML from 'yaml';
import { readAsPyYaml } from '../../src/krm/pyyaml';
import { NODE_BUDGET, Unconstructable, constructPyYaml } from '../../src/krm/pyyaml-construct';
import { safeLoad, safeLoadMapping } from '../../src/krm/safe-load';
import { pyyamlLoadAll, pyyamlMissing, pyyamlTypedValues, typedPyYamlValue as typed } from '../support/pyyaml';
import { describeWithReader } from '../support/readers';

const MERGED = 'x: &x {k: 1, a: x}\ny: &y {k: 2, b: y}\nv:\n  k: 3\n  <<: [*x, *y]\n';

describe('merge keys', () => {
  test('both readers give the keys in the order PyYAML does: merged pairs first, the last merged mapping first', () => {
    const pyyaml = readAsPyYaml(MERGED) as { value: Record<string, Record<string, unknown>> };
    const safe = safeLoad(MERGED) as { value: Record<string, Record<string, unknown>> };
    expect(Object.entries(pyyaml.value.v)).toEqual([['k', 3], ['b', 'y'], ['a', 'x']]);
    expect(Object.entries(safe.value.v)).toEqual([['k', 3], ['b', 'y'], ['a', 'x']]);
  });

  test('a config.yml merge key brings its keys in after the explicit ones, which win', () => {
    expect(safeLoadMapping('<<: {a: 1, b: 1}\nb: 2\n')).toEqual({ entries: [['b', { kind: 'value', value: 2, scalar: { type: 'int', value: 2, text: '2' } }], ['a', { kind: 'value', value: 1 }]] });
  });

  test('merging something other than a mapping is refused by both', () => {
    expect(readAsPyYaml('v: {<<: 1}\n')).toEqual({ problem: expect.stringMatching(/merges something other than a mapping \(line 1\)/) });
    expect(safeLoad('{<<: 1}')).toEqual({ kind: 'unreadable', problem: expect.stringMatching(/merges something other than a mapping/) });
  });
});

describe('a structure that holds itself', () => {
  test.each([
    ['an alias inside its own list', 'a: &a [x, *a]\n', /alias inside the node it names \(line 1\)/],
    ['a mapping merged into itself', 'a: &a {<<: *a}\n', /merges a mapping into itself \(line 1\)/],
    ['two mappings merged into each other', 'x: &N {m: &M {<<: *N}, <<: *M}\ny: *M\n', /merges a mapping into itself \(line 1\)/],
  ])('%s: an lms.env.yml problem, not a crash', (_name, text, problem) => {
    expect(readAsPyYaml(text)).toEqual({ problem: expect.stringMatching(problem) });
  });

  test('config.yml: a problem, not a crash', () => {
    expect(safeLoadMapping('x: &N {m: &M {<<: *N}, <<: *M}\ny: *M\n')).toEqual({ problem: expect.stringMatching(/a structure that holds itself/) });
  });
});

describe('an alias to no anchor', () => {
  test('each reader in its own words', () => {
    expect(readAsPyYaml('a: 1\nv: *nothing\n')).toEqual({ problem: 'has an alias to no anchor (line 2)' });
    expect(safeLoad('[x, *nothing]')).toEqual({ kind: 'unreadable', problem: 'Unresolved alias (the anchor must be set before the alias): nothing' });
  });
});

/** Structures both readers build as PyYAML does (compared with PyYAML below where the machine has it). */
const BUILT: [string, string, unknown][] = [
  ['a quoted "<<" is a key like any other, not a merge', 'v: {"<<": {a: 1}, b: 2}\n', { '<<': { a: 1 }, b: 2 }],
  ['a "<<" tagged !!str is a key like any other', 'v:\n  !!str <<: {a: 1}\n', { '<<': { a: 1 } }],
  ['a merge of one aliased mapping, its own keys after', 'x: &x {a: 1, b: 1}\nv: {<<: *x, b: 2}\n', { a: 1, b: 2 }],
  ['a merge of an alias to a list of mappings: the first wins', 'x: &x [{a: 1}, {a: 2, b: 2}]\nv: {<<: *x}\n', { a: 1, b: 2 }],
  ['a merged mapping that merges another', 'x: &x {a: 1, c: 1}\ny: &y {<<: *x, b: 2, c: 2}\nv: {<<: *y, d: 3}\n', { a: 1, c: 2, b: 2, d: 3 }],
  ['a merge of an empty list', 'v: {<<: [], a: 1}\n', { a: 1 }],
  ['one mapping aliased twice side by side', 'x: &x {a: 1}\nv: [*x, *x]\n', [{ a: 1 }, { a: 1 }]],
  ['one list aliased twice, once inside another list', 'x: &x [1]\nv: [*x, [*x]]\n', [[1], [[1]]]],
  ['anchor names of letters, digits, "-" and "_" on collections', 'v: &a-B_9 {k: [&l0 [1], *l0]}\nw: *a-B_9\n', { k: [[1], [1]] }],
  ['!!seq, !!map and ! on collections', 'v: [!!seq [a], !!map {b: 1}, ! [c], ! {d: 2}]\n', [['a'], { b: 1 }, ['c'], { d: 2 }]],
  ['a value without a key in a list: null', 'v: [a, ]\n', ['a']],
  ['an empty value', 'v:\n', null],
  ['a key without a value in a flow mapping: null', 'v: {a}\n', { a: null }],
  ['explicit keys without values: null', 'v:\n  ? a\n  ? b\n', { a: null, b: null }],
  ['a pair alone in a flow list, its key without a value', 'v: [? a]\n', [{ a: null }]],
  ['an empty quoted key is a key', 'v: {"": 1}\n', { '': 1 }],
  ['an empty key tagged !!str is a key', 'v: {!!str : 1}\n', { '': 1 }],
];

/** Texts PyYAML refuses as well: the problem drydock-fn gives, with its line. */
const REFUSED_ALIKE: [string, string, string][] = [
  ['a list tagged !!map', 'a: 1\nv: !!map [a]\n', 'uses the tag "tag:yaml.org,2002:map" (line 2), which drydock-fn does not read as PyYAML would'],
  ['a mapping tagged !!seq', 'v: !!seq {a: 1}\n', 'uses the tag "tag:yaml.org,2002:seq" (line 1), which drydock-fn does not read as PyYAML would'],
  ['a key that is a list', 'v:\n  ? [a]\n  : 1\n', 'has a key that is a list or a mapping (line 2), which PyYAML refuses'],
  ['a key that is a mapping', 'a: 1\nv: {? {k: 1} : 1}\n', 'has a key that is a list or a mapping (line 2), which PyYAML refuses'],
  ['an alias name PyYAML refuses', 'v: &a x\nw: *a😀\n', 'has an alias name PyYAML refuses (line 2: letters, digits, "-" and "_" only)'],
  ['an anchor name PyYAML refuses on a list', 'a: 1\nv: &a😀 [x]\n', 'has an anchor name PyYAML refuses (line 2: letters, digits, "-" and "_" only)'],
  ['a merge of an aliased scalar', 'x: &x 1\nv: {<<: *x}\n', 'merges something other than a mapping (line 2), which PyYAML refuses'],
  ['a merge of a list holding a scalar', 'v:\n  <<: [{a: 1}, 2]\n', 'merges something other than a mapping (line 2), which PyYAML refuses'],
  ['an alias to no anchor under a key that is not a string', '1: *nothing\n', 'has an alias to no anchor (line 1)'],
  ['an alias to no anchor inside a merged mapping', 'v:\n  <<: {a: *nothing}\n', 'has an alias to no anchor (line 2)'],
];

describe('structures read as PyYAML reads them', () => {
  test.each(BUILT)('%s', (_name, text, value) => {
    expect(readAsPyYaml(text)).toEqual({ value: expect.objectContaining({ v: value }) });
    expect(safeLoad(text)).toEqual({ kind: 'value', value: expect.objectContaining({ v: value }) });
  });

  test.each(REFUSED_ALIKE)('%s: refused, with the line', (_name, text, problem) => {
    expect(readAsPyYaml(text)).toEqual({ problem });
  });

  test('a mapping key that is not a string is left out, and its value still read', () => {
    const read = readAsPyYaml('1: a\n2024-01-01: b\nv: c\n') as { value: Record<string, unknown> };
    expect(Object.keys(read.value)).toEqual(['v']);
  });

  test('keys that are None are left out as well, and the string keys beside them kept', () => {
    expect(readAsPyYaml('v: {~: a, null: b, c: d}\n')).toEqual({ value: { v: { c: 'd' } } });
  });

  test('a mapping is built as ordinary data: its keys own properties that can be changed and deleted, as JSON.parse makes them', () => {
    const read = readAsPyYaml('v: {a: 1, b: x, a: 2, __proto__: 3}\n') as { value: { v: Record<string, unknown> } };
    expect(Object.getOwnPropertyDescriptors(read.value.v)).toEqual(Object.getOwnPropertyDescriptors(JSON.parse('{"a": 2, "b": "x", "__proto__": 3}')));
  });

  test('sets and ordered mappings, which PyYAML builds as objects drydock-fn does not read, are refused', () => {
    expect(readAsPyYaml('v: !!set {a}\n')).toEqual({ problem: 'uses the tag "tag:yaml.org,2002:set" (line 1), which drydock-fn does not read as PyYAML would' });
    expect(readAsPyYaml('v: !!omap [{a: 1}]\n')).toEqual({ problem: 'uses the tag "tag:yaml.org,2002:omap" (line 1), which drydock-fn does not read as PyYAML would' });
  });
});

/**
 * A text whose walk builds `nodes` values, aliases expanded (each scalar, list, mapping and alias is one):
 * `a` a list of 997 scalars, `b` 99 aliases to it, `c` a list of scalars that makes up the count.
 */
function textOfNodes(nodes: number): string {
  const listed = 997;
  const aliases = 99;
  // The root mapping, its three keys, the lists a, b and c; a's items; each alias, its list and items.
  const fixed = 1 + 3 + 3 + listed + aliases * (2 + listed);
  return `a: &a [${Array(listed).fill('0').join(', ')}]\nb: [${Array(aliases).fill('*a').join(', ')}]\nc: [${Array(nodes - fixed).fill('0').join(', ')}]\n`;
}

describe('the node budget', () => {
  test(`a text that expands to ${NODE_BUDGET} values is read; one more is refused`, () => {
    const within = readAsPyYaml(textOfNodes(NODE_BUDGET)) as { value: { b: unknown[]; c: unknown[] } };
    expect(within.value.b).toHaveLength(99);
    expect(within.value.c.length).toBeGreaterThan(0);
    expect(readAsPyYaml(textOfNodes(NODE_BUDGET + 1))).toEqual({ problem: `expands its aliases to more than ${NODE_BUDGET} values` });
    expect(safeLoad(textOfNodes(NODE_BUDGET + 1))).toEqual({ kind: 'unreadable', problem: `expands its aliases to more than ${NODE_BUDGET} values` });
  });
});

describe('a value that is no node of the parsed tree', () => {
  test('is refused as a node drydock-fn does not read, never walked', () => {
    const doc = YAML.parseDocument('a: 1\n');
    const context = { doc, text: 'a: 1\n', scalar: () => 'scalar' };
    expect(() => constructPyYaml(context, doc)).toThrow(new Unconstructable('holds a node drydock-fn does not read'));
    expect(() => constructPyYaml(context, (doc.contents as YAML.YAMLMap).items[0])).toThrow(Unconstructable);
  });

  test('no node at all, undefined as null, is an empty node: None', () => {
    const doc = YAML.parseDocument('a: 1\n');
    const context = { doc, text: 'a: 1\n', scalar: () => 'scalar' };
    expect(constructPyYaml(context, undefined)).toBeNull();
    expect(constructPyYaml(context, null)).toBeNull();
  });
});

describeWithReader(pyyamlMissing(), 'the same texts read by PyYAML', () => {
  test('PyYAML reads the None keys beside the string key', () => {
    const [python] = pyyamlTypedValues(['v: {~: a, null: b, c: d}\n'], ['v']);
    const read = readAsPyYaml('v: {~: a, null: b, c: d}\n') as { value: { v: unknown } };
    expect(python).toEqual({ keys: { v: typed(read.value.v) } });
    expect(python).toEqual({ keys: { v: ['dict', { c: ['str', 'd'] }] } });
  });


  test('PyYAML builds the same values under v, and refuses the refused texts', () => {
    const python = pyyamlLoadAll([...BUILT.map(([, text]) => text), ...REFUSED_ALIKE.map(([, text]) => text)]);
    BUILT.forEach(([name, , value], index) => expect({ name, read: python[index] }).toEqual({ name, read: { documents: [expect.objectContaining({ v: value })] } }));
    REFUSED_ALIKE.forEach(([name], index) => expect({ name, read: Object.keys(python[BUILT.length + index]) }).toEqual({ name, read: ['error'] }));
  });
});
