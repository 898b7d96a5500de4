/** src/krm/read/slice-readers.ts: which item texts go to the full reader, what the fast readers give, and where an item's syntax error is. */
import * as YAML from 'yaml';
import { FunctionInputError } from '../../src/krm/errors';
import { loadItemSlice, parseWithYaml, readItemSliceFast, usesAnchorsOrTags } from '../../src/krm/read/slice-readers';

/** What the `yaml` package's lexer finds in the text: an anchor, alias, tag, directive, or a plain `<<` key. */
function lexerFinds(text: string): boolean {
  const tokens = [...new YAML.Lexer().lex(text)];
  return tokens.some((token, index) => {
    const type = YAML.CST.tokenType(token);
    if (type === 'anchor' || type === 'alias' || type === 'tag' || type === 'directive-line') return true;
    return token === '<<' && tokens.slice(index + 1).find((next) => next.trim() !== '') === ':';
  });
}

describe('usesAnchorsOrTags: what the lexer finds, outside comments, block scalars and quoted text', () => {
  test.each([
    ['an anchor on a value', 'a: &x 1\n', true],
    ['an alias as a value', 'a: *x\n', true],
    ['a tag on a value', 'a: !!str 1\n', true],
    ['a local tag', 'a: !t 1\n', true],
    ['a merge key', 'm:\n  <<: *x\n', true],
    ['a merge key with a space before its colon', '<< : {a: 1}\n', true],
    ['a merge key without an alias', 'm:\n  <<: {a: 1}\n', true],
    ['a merge key first in a flow mapping', '- a: {<<: {b: 1}}\n', true],
    ['a merge key after a comma in a flow mapping', 'a: {x: 1,<<: {b: 1}}\n', true],
    ['a merge key with a space before its colon in a flow mapping', 'a: {<< : {b: 1}}\n', true],
    ['two spaces after the dash before an anchor', '-  &a x\n', true],
    ['two spaces after a complex key indicator before an anchor', '?  &k a\n: v\n', true],
    ['two spaces after a colon before an alias', 'a:  *x\n', true],
    ['a | inside a plain value, not a block scalar header', '- a: x | y\n  b: &z 1\n', true],
    ['a block scalar header followed by spaces', 'a: |  \n  &x\nb: 1\n', false],
    ['a block scalar header followed by a comment', 'a: | # the script\n  &x\nb: 1\n', false],
    ['a quote inside a plain value', 'a: it"s\nb: &x 1\n', true],
    ['two spaces after a quoted key before a multi-line quoted value', '"key":  "x\n  *y"\n', false],
    ['a directive', '%YAML 1.1\n---\na: 1\n', true],
    ['an anchor on a sequence element', '- &a x\n', true],
    ['a tag on a nested sequence element', '- - !t x\n', true],
    ['an anchor on a key', '? &k a\n: v\n', true],
    ['an anchor in a flow sequence', 'a: [&x 1]\n', true],
    ['an alias after a comma', 'a: [1, *x]\n', true],
    ['an alias in a flow mapping', 'a: {k: *x}\n', true],
    ['an anchor on a block mapping key', '&k a: 1\n', true],
    ['an anchor after a block scalar ends', 'a: |\n  &x\nb: &y 1\n', true],
    ['an alias after a multi-line quoted scalar ends', 'a: "x\n  y"\nb: *z\n', true],
    ['an anchor on the second of two lines', 'a: 1\nb: &x 2\n', true],
    ['& inside a plain scalar', 'a: b&c\n', false],
    ['* inside a plain scalar after a space', 'a: b *c\n', false],
    ['! inside a plain scalar', 'a: hello!\n', false],
    ['& inside double quotes', 'a: "x &y"\n', false],
    ['* inside single quotes', "a: 'x *y'\n", false],
    ['& in a comment', 'a: 1 # &x\n', false],
    ['* in a whole-line comment', '# *x\na: 1\n', false],
    ['! in a comment after a sequence dash', '- x # !t\n', false],
    ['the content of a literal block scalar', 'script: |\n  a && b\n  !x\n  *y\nb: 1\n', false],
    ['the content of a folded block scalar with a blank line', 'a: >-\n  x\n\n  &y z\nb: 1\n', false],
    ['the content of a block scalar with an indentation indicator', 'a: |2\n    &x\n  *y\nb: 1\n', false],
    ['the later lines of a double-quoted scalar', 'a: "x\n  &y z"\nb: 1\n', false],
    ['the later lines of a single-quoted scalar', "a: 'x\n  *y z'\nb: 1\n", false],
    ['a quoted key, then a multi-line quoted value', '"k": "x\n  &y"\nb: 1\n', false],
    ['a quoted value in a sequence, over two lines', '- "x\n  *y"\n- z\n', false],
    ['<< inside a plain scalar', 'a: x<<y\n', false],
    ['% not at the start of a line', 'a: 50%\n', false],
    ['an anchor on an indented first line', '    - &a x\n', true],
    ['an anchor after a block scalar and a less indented key', 'a: |\n  x\nb:\n  c: &y 1\n', true],
    ['a block scalar holding a line of fewer spaces than its key', '  a: |\n \n    &x\n    *y\n', false],
    ['a double-quoted scalar over three lines', 'a: "x\n  y\n  *z"\n', false],
    ['a double-quoted scalar closed alone on its last line', 'a: "x\n  "\nb: *y\n', true],
    ['a key of several characters, then a multi-line quoted value', 'key: "x\n  *y"\n', false],
    ['two spaces after the colon of a multi-line quoted value', 'k:  "x\n  *y"\n', false],
    ['two spaces after the dash of a multi-line quoted element', '-  "x\n  *y"\n', false],
    ['a quoted key of several characters, then a multi-line quoted value', '"key": "x\n  &y"\n', false],
    ['a comment line holding what reads as an alias value', '# a: *x\nb: 1\n', false],
    ['a comment after a value, holding what reads as an alias value', 'a: 1 # b: *x\n', false],
    ['a URL with a fragment', 'a: http://x/#!/y\n', false],
  ])('%s', (_name, text, expected) => {
    expect(usesAnchorsOrTags(text)).toBe(expected);
    expect(lexerFinds(text)).toBe(expected);
  });

  test('a quoted scalar closed on its own line leaves the next lines looked at', () => {
    expect(usesAnchorsOrTags('a: "x"\nb: &y 1\n')).toBe(true);
    expect(usesAnchorsOrTags("a: 'it''s'\nb: *y\n")).toBe(true);
  });
});

describe('the fast readers of an item slice', () => {
  test.each([
    ['block style, read by the line reader', '- a: 1\n  b: [x]\n', { a: 1, b: ['x'] }],
    ['flow style, read by js-yaml', '- {a: 1, b: "x"}\n', { a: 1, b: 'x' }],
    ['a go-yaml number', '- {a: 017}\n', { a: 15 }],
  ])('%s', (_name, slice, expected) => {
    expect(loadItemSlice(slice)).toEqual(expected);
    expect(readItemSliceFast(slice)).toEqual(expected);
  });

  test.each([
    ['two elements', '- a: 1\n- b: 2\n'],
    ['no sequence', 'a: 1\n'],
    ['an empty sequence', '[]\n'],
    ['text js-yaml refuses', '- {a: 1\n'],
    ['a key twice in flow style', '- {a: 1, a: 2}\n'],
  ])('%s: nothing', (_name, slice) => {
    expect(loadItemSlice(slice)).toBeUndefined();
    expect(readItemSliceFast(slice)).toBeUndefined();
  });

  test('anchors: left to the full reader by readItemSliceFast, read by js-yaml in loadItemSlice', () => {
    const slice = '- a: &x {k: 1}\n  b: *x\n';
    expect(readItemSliceFast(slice)).toBeUndefined();
    expect(loadItemSlice(slice)).toEqual({ a: { k: 1 }, b: { k: 1 } });
  });
});

describe('parseWithYaml', () => {
  const thrown = (body: string, firstLine: number, indent: number) => {
    try {
      parseWithYaml(body, () => firstLine, indent);
    } catch (error) {
      if (error instanceof FunctionInputError) return error.results[0];
      throw error;
    }
    throw new Error('read');
  };

  test('reads the item', () => {
    expect(parseWithYaml('a: &x 1\nb: *x\nm:\n  <<: {c: 2}\n', () => 1, 2)).toEqual({ a: 1, b: 1, m: { c: 2 } });
  });

  test('a syntax error: its line in the input and its column with the indentation the item lost', () => {
    expect(thrown('a: 1\nb: 2\na: 3\n', 10, 4)).toEqual({
      message: 'input is not valid YAML: line 12, column 5: Map keys must be unique',
      severity: 'error',
      tags: { code: 'INPUT_DUPLICATE_KEY' },
    });
    expect(thrown('x: 1\na: b: c\n', 3, 2).message).toBe('input is not valid YAML: line 4, column 6: Nested mappings are not allowed in compact mappings');
  });

  test('an error on an empty line inside the item: that line lost no indentation', () => {
    expect(thrown('a:\n  - x\n\n y\n', 10, 2).message).toMatch(/^input is not valid YAML: line 12, column 1: /);
  });

  test('an error in the middle of the first line, with an empty line after it', () => {
    expect(thrown('a: 1\n\n  b: 2\n', 5, 2).message).toBe('input is not valid YAML: line 5, column 6: Nested mappings are not allowed in compact mappings');
  });

  test('an error at the very end (an unclosed bracket or quote): the empty line there lost no indentation', () => {
    expect(thrown('a: 1\nb: [\n', 10, 4).message).toBe('input is not valid YAML: line 12, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(thrown('a: "x\n', 1, 4).message).toMatch(/^input is not valid YAML: line 2, column 1: /);
  });

  test('what the item cannot settle alone: an alias to another item, a second document: undefined', () => {
    expect(parseWithYaml('a: *elsewhere\n', () => 1, 2)).toBeUndefined();
    expect(parseWithYaml('a: 1\n---\nb: 2\n', () => 1, 2)).toBeUndefined();
  });

  test('raw U+2028 where kustomize writes it, in a single-quoted scalar: a line break to YAML 1.1, as the document reader reads it', () => {
    expect(parseWithYaml("a: 'x\u2028  y'\n", () => 1, 0)).toEqual({ a: 'x\u2028y' });
  });

  test('a tag the item does not know is no error of the item; one of a handle the document may declare: undefined', () => {
    expect(parseWithYaml('a: !custom x\n', () => 1, 2)).toEqual({ a: 'x' });
    expect(parseWithYaml('a: !y!z 1\n', () => 1, 2)).toBeUndefined();
  });
});
