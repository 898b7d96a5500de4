/** src/krm/yaml-syntax.ts: the syntax a text uses beyond the value it reads as (the lexer's tokens). */
import { yamlSyntaxIn } from '../../src/krm/yaml-syntax';

describe('yamlSyntaxIn', () => {
  test.each([
    ['a comment', 'a: 1 # note\n', ['comment']],
    ['an anchor', 'a: &x 1\n', ['anchor']],
    ['an alias', '*x\n', ['alias']],
    ['a tag', 'a: !!str 1\n', ['tag']],
    // a comment between the directive and the document start: the directive itself must count
    ['a directive', '%YAML 1.1\n# c\n---\na\n', ['document-marker', 'comment']],
    ['a directive alone', '%TAG ! tag:example.com,2000:\n', ['document-marker']],
    ['a document start', '---\na\n', ['document-marker']],
    ['a document end', 'a\n...\n', ['document-marker']],
    ['single quotes', "'a'\n", ['single-quotes']],
    ['double quotes', '"a"\n', ['double-quotes']],
    ['a literal block scalar', '|\n  a\n', ['block-scalar']],
    ['a folded block scalar', '>-\n  a\n', ['block-scalar']],
  ])('%s', (_name, text, expected) => expect(yamlSyntaxIn(text)).toEqual(expected));

  test('plain text: none, and a # inside a word is no comment', () => {
    expect(yamlSyntaxIn('a: b#c\nd: [e, f]\n')).toEqual([]);
    expect(yamlSyntaxIn('')).toEqual([]);
  });

  test('each kind once, in the order it first appears', () => {
    expect(yamlSyntaxIn('"a" # one\nb: &x "c" # two\nd: *x\ne: \'f\'\n')).toEqual(['double-quotes', 'comment', 'anchor', 'alias', 'single-quotes']);
  });
});
