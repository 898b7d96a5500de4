/**
 * src/krm/pyyaml-construct.ts, the one walk both PyYAML readers build values with: merge keys in
 * flatten_mapping's order, and a structure that holds itself refused (never a stack overflow).
 */
import { readAsPyYaml } from '../../src/krm/pyyaml';
import { safeLoad, safeLoadMapping } from '../../src/krm/safe-load';

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
