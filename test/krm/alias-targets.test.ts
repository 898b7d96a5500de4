/**
 * Aliases are resolved in time linear in the document: src/krm/pyyaml-construct.ts's aliasTarget
 * (PyYAML's readers) indexes a document's aliases in one walk, and src/krm/yaml-options.ts's
 * documentValue refuses a document of more aliases than MAX_ALIAS_COUNT before `yaml` reads it (its
 * Alias.resolve searches the document for each alias: n aliases cost time in n²).
 */
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { renderManifests } from '../../src/io';
import { readAsPyYaml } from '../../src/krm/pyyaml';
import { aliasTarget } from '../../src/krm/pyyaml-construct';
import { readResourceList, readResourceListAsDocument } from '../../src/krm/read';
import { safeLoad, safeLoadMapping } from '../../src/krm/safe-load';
import { MAX_ALIAS_COUNT, PARSE_OPTIONS, documentValue } from '../../src/krm/yaml-options';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

/** A block mapping of `count` pairs `aN: &xN v`, then `count` pairs `bN: *xN`. */
function anchorsThenAliases(count: number, indent = ''): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index++) lines.push(`${indent}a${index}: &x${index} v${index}`);
  for (let index = 0; index < count; index++) lines.push(`${indent}b${index}: *x${index}`);
  return `${lines.join('\n')}\n`;
}

describe('aliasTarget', () => {
  // Nodes with anchors from a small set of names (so names are defined again), aliases to those names
  // (some before any anchor of the name), in flow and block collections nested a few levels.
  const name = fc.constantFrom('a', 'b', 'c');
  const leaf = fc.oneof(
    fc.constantFrom('x', '1', '"q"', '{}', '[]'),
    name.map((anchor) => `*${anchor}`),
    fc.tuple(name, fc.constantFrom('x', '2', '[y]', '{k: v}')).map(([anchor, value]) => `&${anchor} ${value}`),
  );
  const flow: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
      fc.tuple(fc.option(name, { nil: undefined }), fc.array(tie('node'), { maxLength: 4 })).map(
        ([anchor, values]) => `${anchor ? `&${anchor} ` : ''}{${values.map((value, index) => `k${index}: ${value}`).join(', ')}}`,
      ),
    ),
  })).node;
  const documentText = fc.array(flow, { minLength: 1, maxLength: 6 }).map((values) => values.map((value, index) => `p${index}: ${value}\n`).join(''));

  test("gives every alias the node yaml's own Alias.resolve gives it (the last anchor of its name before it, or none)", () => {
    let aliases = 0;
    fc.assert(
      fc.property(documentText, (text) => {
        const doc = YAML.parseDocument(text, { uniqueKeys: false });
        fc.pre(doc.errors.length === 0);
        YAML.visit(doc, {
          Alias: (_key, alias) => {
            aliases++;
            expect(aliasTarget(doc, alias)).toBe(alias.resolve(doc));
          },
        });
      }),
      { numRuns: RUNS },
    );
    expect(aliases).toBeGreaterThan(RUNS);
  });

  test('an alias to a node that holds it, and an anchor defined again after an alias', () => {
    const doc = YAML.parseDocument('a: &x [1, *x]\nb: *x\nc: &x 2\nd: *x\ne: *y\n');
    const found: unknown[] = [];
    YAML.visit(doc, { Alias: (_key, alias) => void found.push(aliasTarget(doc, alias)) });
    const [a, c] = [doc.get('a', true), doc.get('c', true)];
    expect(found).toEqual([a, a, c, undefined]);
    expect(found[0]).toBe(a);
    expect(found[2]).toBe(c);
  });
});

describe("PyYAML's readers with many aliases", () => {
  // 15,000 aliases, each to its own anchor (within NODE_BUDGET); Alias.resolve on each took minutes.
  const text = anchorsThenAliases(15_000);

  test("no reader calls yaml's Alias.resolve, a search of the whole document for each alias", () => {
    const resolve = jest.spyOn(YAML.Alias.prototype, 'resolve');
    try {
      const small = anchorsThenAliases(3);
      expect(readAsPyYaml(small)).toEqual({ value: { a0: 'v0', a1: 'v1', a2: 'v2', b0: 'v0', b1: 'v1', b2: 'v2' } });
      expect(safeLoad(small)).toEqual(expect.objectContaining({ kind: 'value' }));
      expect(safeLoadMapping(`k: *x0\n${small}`)).toEqual(expect.objectContaining({ problem: expect.stringMatching(/Unresolved alias/) }));
      expect(safeLoadMapping(`${small}*x0 : k\n`)).toEqual(expect.objectContaining({ entries: expect.any(Array) }));
      expect(resolve).not.toHaveBeenCalled();
    } finally {
      resolve.mockRestore();
    }
  });

  test('readAsPyYaml reads every alias as its anchor', () => {
    const reading = readAsPyYaml(text) as { value: Record<string, string> };
    expect(Object.keys(reading.value)).toHaveLength(30_000);
    expect([reading.value.b0, reading.value.b12345, reading.value.b14999]).toEqual(['v0', 'v12345', 'v14999']);
  });

  test('safeLoad and safeLoadMapping read every alias as its anchor', () => {
    const whole = safeLoad(text) as { kind: string; value: Record<string, string> };
    expect(whole.kind).toBe('value');
    expect(whole.value.b14999).toBe('v14999');
    const mapping = safeLoadMapping(text) as unknown as { entries: [string, { value: unknown }][] };
    expect(mapping.entries).toHaveLength(30_000);
    expect(mapping.entries[29_999]).toEqual(['b14999', expect.objectContaining({ value: 'v14999' })]);
  });
});

describe('documentValue', () => {
  const parse = (text: string) => YAML.parseDocument(text, { ...PARSE_OPTIONS, uniqueKeys: false });

  test('a document of MAX_ALIAS_COUNT aliases reads, one more is refused before reading', () => {
    expect((documentValue(parse(anchorsThenAliases(MAX_ALIAS_COUNT))) as Record<string, string>)[`b${MAX_ALIAS_COUNT - 1}`]).toBe(`v${MAX_ALIAS_COUNT - 1}`);
    expect(() => documentValue(parse(anchorsThenAliases(MAX_ALIAS_COUNT + 1)))).toThrow(new ReferenceError(`Excessive alias count: more than ${MAX_ALIAS_COUNT} aliases in one document`));
  });

  test('the limit given bounds the aliases, and their expansions as yaml counts them', () => {
    expect(documentValue(parse('a: &a x\nb: [*a, *a]\n'), 3)).toEqual({ a: 'x', b: ['x', 'x'] });
    expect(() => documentValue(parse('a: &a x\nb: [*a, *a, *a, *a]\n'), 3)).toThrow(/more than 3 aliases in one document/);
    // Three aliases, within the limit, but an alias to a list of aliases expands past it (yaml's count).
    expect(() => documentValue(parse('a: &a x\nl: &l [*a, *a]\nb: *l\n'), 3)).toThrow(/resource exhaustion/);
  });

  test('a ResourceList of more aliases than the limit is refused with INPUT_ALIAS_LIMIT, by both readers', () => {
    const resourceList = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: many\n  data:\n${anchorsThenAliases(MAX_ALIAS_COUNT + 1, '    ')}`;
    for (const read of [() => readResourceList(resourceList), () => readResourceListAsDocument(resourceList)]) {
      let problem: unknown;
      try {
        read();
      } catch (error) {
        problem = error;
      }
      expect((problem as { results?: unknown[] }).results?.[0]).toEqual(
        expect.objectContaining({ tags: { code: 'INPUT_ALIAS_LIMIT' }, message: expect.stringContaining(`more than ${MAX_ALIAS_COUNT} aliases in one document`) }),
      );
    }
  });

  test('a --config document of more aliases than the limit is an INPUT_ALIAS_LIMIT error naming the file, not an internal error', () => {
    const config = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: drydock-settings\ndata:\n${anchorsThenAliases(MAX_ALIAS_COUNT + 1, '  ')}`;
    const manifests = [{ name: 'manifests.yaml', bytes: Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n') }];
    const outcome = renderManifests(manifests, { config: Buffer.from(config), configName: 'drydock.yaml' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([
      expect.objectContaining({ severity: 'error', tags: { code: 'INPUT_ALIAS_LIMIT' }, message: expect.stringMatching(new RegExp(`^drydock\\.yaml: input cannot be read: Excessive alias count: more than ${MAX_ALIAS_COUNT} aliases`)) }),
    ]);
  });
});
