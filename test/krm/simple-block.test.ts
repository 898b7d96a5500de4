/**
 * The line reader of src/krm/read/simple-block.ts must read a text exactly as js-yaml (with
 * GO_YAML_JS_SCHEMA) does, or decline it: compared with js-yaml on every item of every Tutor fixture,
 * on random values written by the three writers drydock-fn meets (kyaml's style as drydock-fn's
 * emitter writes it, the `yaml` package, js-yaml), and on those texts damaged at random.
 */
import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { readFileSync } from 'fs';
import { splitDocuments } from '../../src/io';
import { emitDocument } from '../../src/krm/emit';
import { GO_YAML_JS_SCHEMA } from '../../src/krm/go-yaml-scalars';
import { readSimpleBlockYaml } from '../../src/krm/read/simple-block';
import { loadItemSlice } from '../../src/krm/read/slice-readers';
import type { JsonValue } from '../../src/krm/types';
import { fixtureCases, fixturePath, testWithFixtures } from '../support/fixtures';
import { hostileString, yaml11Scalar } from '../support/hostile';
import { sameReading } from '../support/same-reading';
import { yaml } from '../../src/krm/yaml-lib';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
// A fixed seed, so that CI does not flicker; PROPERTY_SEED picks another (to search more, or replay a failure).
const SEED = Number(process.env.PROPERTY_SEED ?? 17);

type JsYamlReading = { value: unknown } | { error: string };

function readWithJsYaml(text: string): JsYamlReading {
  try {
    return { value: jsyaml.load(text, { schema: GO_YAML_JS_SCHEMA, json: false }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** What the line reader makes of `text`, checked against js-yaml: 'read' when it read it, 'declined' when it left it to js-yaml. */
function compare(text: string): 'read' | 'declined' {
  const simple = readSimpleBlockYaml(text);
  const reference = readWithJsYaml(text);
  if (simple === undefined) return 'declined';
  if ('error' in reference) throw new Error(`js-yaml refuses (${reference.error.split('\n')[0]}) a text the line reader read: ${JSON.stringify(text)}`);
  if (!sameReading(simple, reference.value)) throw new Error(`the line reader read ${JSON.stringify(simple)}, js-yaml ${JSON.stringify(reference.value)}, from ${JSON.stringify(text)}`);
  return 'read';
}

/** A document as one item of a ResourceList, as kustomize and drydock-fn's own wrapper write it. */
function asItem(document: string): string {
  const lines = document.replace(/\n$/, '').split('\n');
  return `${lines.map((line, index) => (index === 0 ? `- ${line}` : line === '' ? line : `  ${line}`)).join('\n')}\n`;
}

describe('the line reader reads as js-yaml or declines', () => {
  testWithFixtures('every item of every Tutor fixture (built.yaml): read, equal to js-yaml', () => {
    let read = 0;
    let declined = 0;
    const cases = fixtureCases();
    for (const name of cases) {
      for (const document of splitDocuments(readFileSync(fixturePath(name, 'built.yaml'), 'utf8'))) {
        const outcome = compare(asItem(document));
        if (outcome === 'read') read++;
        else declined++;
      }
    }
    expect(cases.length).toBeGreaterThan(20);
    // kubectl kustomize writes nothing the line reader declines: every item takes the fast path.
    expect({ read, declined }).toEqual({ read: expect.any(Number), declined: 0 });
    expect(read).toBeGreaterThan(1000);
  });

  test('kubectl kustomize\'s shapes are read: literal blocks, sequences in their key column, folded double quotes, quoted keys, empty collections', () => {
    const texts = [
      '- apiVersion: v1\n  kind: ConfigMap\n  data:\n    a: |\n      one\n\n      two\n    b: |-\n      x\n    c: |+\n      y\n\n\n  metadata:\n    name: x\n',
      '- spec:\n    containers:\n    - name: a\n      args:\n      - "--x=1"\n      - -e\n      - --app=lms\n      env: []\n      value: :80\n    - name: b\n      ports: {}\n',
      '- metadata:\n    annotations:\n      "a b": c\n      \'d: e\': f\n      g: "h\\ti\\u00e9"\n      k: \'it\'\'s\'\n',
      '- data:\n    n1: 017\n    n2: 0x1F\n    n3: -.5\n    n4: 1_000\n    b: true\n    s: yes\n    z: ~\n    e:\n    t: 2001-12-14\n',
      '- 1: a\n  0x10: b\n  true: c\n  null: d\n',
      // yaml.v3 folds long double-quoted strings, and escapes a space that starts a line.
      '- data:\n    Caddyfile: "a {\\n    b\n      c\\n\n\n      \\   d \\\\\n      e\"\n  kind: ConfigMap\n',
      '- args:\n  - |2-\n      x\n    y\n  k: |2\n     x\n    y\n',
      // Comment lines between entries (kpt keeps a file's comments).
      '# head\n- a: b\n  # between\n  c:\n  # before a nested value\n    d: "# not a comment"\n',
      // Quoted keys before a nested value; a key with nothing below it; flow lists of quoted strings spaced every way.
      '- "a b":\n    c: d\n  \'e f\':\n  - g\n  h:\n  i: ["a","bc", "de" ,"f"]\n  j: a - b\n',
      // Literal blocks: keep at the end, clip before empty lines, a line of spaces inside, strip before a line of the indentation's spaces.
      '- a: |+\n    b\n',
      '- a: |\n    x\n\n  b: |\n    x\n       \n    y\n  c: |-\n    x\n    \n  d: e\n',
      // Folded double quotes: spaces before a break go, after the closing quote's line they stay.
      '- a: "b   \n    c"\n  d: "e\n    f  "\n  g: "h\n    i   \n    j"\n',
    ];
    expect(texts.map(compare)).toEqual(texts.map(() => 'read'));
    expect(readSimpleBlockYaml(texts[5])).toEqual([{ data: { Caddyfile: 'a {\n    b c\n\n   d \\ e' }, kind: 'ConfigMap' }]);
  });

  test('other shapes are declined (js-yaml reads them)', () => {
    const texts = [
      '- a:\n  - b\n  - - c\n',
      '- a: |\n    x\n   y\n',
      '- a: "b" # c\n',
      '- a: b\n  a: c\n',
      '- a: b\n    c\n',
      '- a:\tb\n',
      '- a: >\n    x\n',
      '- a: &x b\n',
      '- a: "\\x41"\n',
      '- a: |\n\n    x\n',
      '- __proto__: a\n',
      '- a: "b\\\n    c"\n',
      '- a: "b \\ \n    c"\n',
      '- a: b\u00a0\n  c: [1]\n',
      '- a: b\n---\n- c: d\n',
      '- a: |\n    x\n  # after a block\n',
      // A line less indented than a sequence, with a dash where the sequence's would be: not an entry.
      '- x:\n    - 1\n  a - b: c\n',
      '- x:\n    - 1\n     - 2\n',
      // Characters js-yaml refuses or reads its own way, raw.
      ...['\x01', '\x7f', '\x85', '\u2028', '\ufeff', '\ud800', '\udc00', '\r'].map((raw) => `- a: "x${raw}y"\n`),
      // Keys and values this reader must not take: a space before the colon, more indented keys, text after a quote,
      // a dash or question mark alone, headers with more after them.
      '- k : v\n',
      '- a: b\n   c: d\n',
      "- k: 'a' b\n",
      '- k: ["a"] x\n',
      '- k: "b" c\n',
      '- k: -\n',
      '- k: ?\n',
      '- a: |- # c\n    x\n',
      '- a: |a2\n    x\n',
      '- a: |-a\n    x\n',
      '- a: |\n',
      '- a: |\n  x\n',
      '- a: |2\n  b: c\n',
      '- a: "b\n    c" d\n',
      '- a: "\\\n    c"\n',
      `- ${'k'.repeat(1025)}: v\n`,
      // YAML's limit counts the quotes: a key of 1023 letters quoted is past it (go-yaml and PyYAML refuse it, js-yaml reads it).
      `- "${'k'.repeat(1023)}": v\n`,
      `- '${'k'.repeat(1023)}': v\n`,
    ];
    expect(texts.map(compare)).toEqual(texts.map(() => 'declined'));
  });

  test('deep and wide items: read up to a depth, declined deeper (js-yaml and the depth check decide)', () => {
    const nested = (depth: number): string => `- ${Array.from({ length: depth }, (_, level) => `${' '.repeat(2 * level)}k${level}:`).join('\n  ')} v\n`;
    // js-yaml refuses nesting past 100 levels: the line reader leaves deep texts to it well before.
    expect(compare(nested(80))).toBe('read');
    expect(compare(nested(95))).toBe('declined');
    expect(compare(nested(150))).toBe('declined');
    // Many nested mappings side by side: the depth is their nesting, not their number.
    const wide = `- ${Array.from({ length: 300 }, (_, index) => `k${index}:\n    a:\n      b: ${index}`).join('\n  ')}\n`;
    expect(compare(wide)).toBe('read');
    expect(compare(`- ${'k'.repeat(1024)}: v\n`)).toBe('read');
    expect(compare(`- "${'k'.repeat(1022)}": v\n`)).toBe('read');
  });

  test('the depth bound: 90 levels read, one more declined (js-yaml reads both)', () => {
    // A sequence, then 89 mappings each under a key of the one before: 90 levels.
    const nested = (mappings: number): string => `- ${Array.from({ length: mappings }, (_, level) => `${' '.repeat(2 * level)}k${level}:`).join('\n  ')} v\n`;
    expect(compare(nested(89))).toBe('read');
    expect(compare(nested(90))).toBe('declined');
    expect(readWithJsYaml(nested(90))).toHaveProperty('value');
    // Each level a sequence in its key's column holding a mapping: 45 levels of two, 90; 46 are 92.
    const compact = (levels: number): string => `${Array.from({ length: levels }, (_, level) => `${' '.repeat(2 * level)}- k${level}:`).join('\n')} v\n`;
    expect(compare(compact(45))).toBe('read');
    expect(compare(compact(46))).toBe('declined');
    expect(readWithJsYaml(compact(46))).toHaveProperty('value');
    // Three such chains of 88 levels side by side, under a key: the depth is counted down again after each.
    expect(compare(`k:\n${Array.from({ length: 3 }, () => compact(44).replace(/^/gm, '  ')).join('')}`)).toBe('read');
  });

  /** Values of the shapes Kubernetes objects have, with scalars of every YAML 1.1 kind and hostile strings. */
  const scalar: fc.Arbitrary<JsonValue> = fc.oneof(
    yaml11Scalar(),
    hostileString({ maxLength: 12 }),
    // Long texts of words, spaces and line breaks: folded when written double-quoted.
    fc.array(fc.constantFrom('word', ' ', '  ', '\n', '\n\n', '\\', '"', 'é', '#', ': ', '- '), { maxLength: 40 }).map((parts) => parts.join('')),
    fc.constantFrom('line one\nline two\n', 'trailing\n\n\n', '  leading', 'a\n  indented\n', 'x\n', '|', '- a', 'a: b', '#', 'é\tf', ''),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_.\/-]{0,12}$/), yaml11Scalar(), hostileString({ maxLength: 6 }));
  const value: fc.Arbitrary<JsonValue> = fc.letrec<{ node: JsonValue }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    ),
  })).node;
  const item = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });

  const writers: Record<string, (object: JsonValue) => string | undefined> = {
    'drydock-fn emitter (kyaml style)': (object) => emitDocument(object, false),
    'drydock-fn emitter (indented sequences)': (object) => emitDocument(object, true),
    'the yaml package': (object) => yaml().stringify(object, { version: '1.1' }),
    // Double quotes folded at a narrow width, as yaml.v3 (kubectl kustomize) folds long strings at 80 columns.
    'the yaml package (double-quoted, folded)': (object) => yaml().stringify(object, { version: '1.1', defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 24, minContentWidth: 8 }),
    'js-yaml': (object) => jsyaml.dump(object),
  };

  for (const [writer, write] of Object.entries(writers)) {
    test(`random items written by ${writer}: read as js-yaml reads them, or declined`, () => {
      let read = 0;
      fc.assert(
        fc.property(item, (object) => {
          const text = write(object);
          if (text === undefined) return;
          if (compare(asItem(text)) === 'read') read++;
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // Most random items are of the simple shape (a failure here means the reader declines too much to be tested).
      expect(read).toBeGreaterThan(RUNS / 10);
    });
  }

  test('random items damaged at random: never a value js-yaml refuses or reads otherwise', () => {
    const damage = fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(' ', '  ', '\n', '- ', ': ', ':', '#', ' #', '"', "'", '|', '|-', '|+', '\t', 'a', '1', '[', ']', '{}', '&', '*', '!', '>', '\\', '\\n', '~', '?', '%', '---')), { minLength: 1, maxLength: 4 });
    let read = 0;
    fc.assert(
      fc.property(item, fc.constantFrom(...Object.values(writers)), damage, (object, write, edits) => {
        let text = asItem(write(object) ?? '{}\n');
        for (const [at, remove, insert] of edits) {
          const position = at % (text.length + 1);
          text = text.slice(0, position) + insert + text.slice(position + remove);
        }
        if (compare(text) === 'read') read++;
      }),
      { numRuns: RUNS * 2, seed: SEED + 1 },
    );
    expect(read).toBeGreaterThan(0);
  });

  test('loadItemSlice gives the line reader\'s value when it reads the item, js-yaml\'s otherwise', () => {
    expect(loadItemSlice('- a: 017\n  b: |\n    x\n')).toEqual({ a: 15, b: 'x\n' });
    // Declined (a flow mapping), then read by js-yaml.
    expect(loadItemSlice('- a: {b: 017}\n')).toEqual({ a: { b: 15 } });
    // Two items in the slice: neither reader gives one item.
    expect(loadItemSlice('- a: 1\n- b: 2\n')).toBeUndefined();
  });
});
