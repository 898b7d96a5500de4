/**
 * The YAML syntax a text uses that is not part of the value it reads as: comments, anchors and
 * aliases, tags, directives and document markers, the quotes of a quoted scalar, the header of a
 * block scalar. Found by the `yaml` package's lexer, which knows where a `#` starts a comment and
 * where it is text.
 */
import { yaml } from './yaml-lib';

export type YamlSyntax = 'comment' | 'anchor' | 'alias' | 'tag' | 'document-marker' | 'single-quotes' | 'double-quotes' | 'block-scalar';

const SYNTAX_OF_TOKEN: Readonly<Record<string, YamlSyntax>> = {
  comment: 'comment',
  anchor: 'anchor',
  alias: 'alias',
  tag: 'tag',
  'directive-line': 'document-marker',
  'doc-start': 'document-marker',
  'doc-end': 'document-marker',
  'single-quoted-scalar': 'single-quotes',
  'double-quoted-scalar': 'double-quotes',
  'block-scalar-header': 'block-scalar',
};

/** The kinds of syntax `text` uses, in the order they first appear. */
export function yamlSyntaxIn(text: string): YamlSyntax[] {
  const { Lexer, CST } = yaml();
  const found = new Set<YamlSyntax>();
  for (const token of new Lexer().lex(text)) {
    const syntax = SYNTAX_OF_TOKEN[CST.tokenType(token) ?? ''];
    if (syntax) found.add(syntax);
  }
  return [...found];
}
