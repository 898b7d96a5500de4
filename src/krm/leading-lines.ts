/**
 * Comment and blank lines before the first entry of a collection, kept with that entry when a `yaml`
 * document is edited (the splicer's rule, for every re-print through `yaml`).
 */
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';

/**
 * Runs `edit` on `doc` with the comment and blank lines before the first key of each nested block
 * mapping (or the first element of a block sequence) on that entry: `yaml` keeps them on the
 * collection, where they would outlive the entry; here, as everywhere in the splicer, they lead the
 * entry after them and go with it. (Also for items the splicer declines, re-printed whole.) Blank
 * lines go back on the collection after the edit: on a first entry, `yaml` prints them as indentation.
 * An element of a block sequence that is a collection keeps the lines before its dash: `yaml` puts them
 * on the element together with those after the dash (on the dash line and the lines down to the
 * collection, `- # about a` above `a: 1`), which lead its first entry; `source`, the text `doc` was
 * parsed from, tells them apart.
 * With `compactSequences` (a sequence level with its key), comment lines after a sequence at its key's
 * column lead the next key, or close the mapping: `yaml` keeps them on the sequence.
 */
export function editWithLeadingLines(doc: YAML.Document, source: string, compactSequences: boolean, edit: () => void): void {
  const lib = yaml();
  const firstEntry = (node: YAML.YAMLMap | YAML.YAMLSeq): YAML.Node | undefined => {
    const first: unknown = node.items[0];
    const entry = lib.isPair(first) ? first.key : first;
    return node.flow || !lib.isNode(entry) ? undefined : entry;
  };
  /**
   * The comment lines of `node`, an element of a block sequence, split at its dash: [those before it,
   * with the blank lines between them and the dash line; those after it, on the dash line and on the
   * lines down to the node (which hold only comments and the node's anchor or tag)]. `yaml` joins both
   * in the node's `commentBefore`, with a blank line more for a dash alone on its line and each blank
   * line after it. Every node has its range here: this runs before the edit, on the nodes read from
   * `source`.
   */
  const splitAtDash = (node: YAML.Node): [string | undefined, string | undefined] => {
    let lineEnd = node.range![0];
    let commentsAfter = 0;
    for (;;) {
      const lineStart = source.lastIndexOf('\n', lineEnd - 1) + 1;
      const line = DASH_PROPS_COMMENT.exec(source.slice(lineStart, lineEnd));
      if (line?.[2] !== undefined) commentsAfter++;
      // (The dash is always found: the first line is the last to search only for a text without it.)
      if (!line || line[1] || lineStart === 0) return splitComment(node.commentBefore, commentsAfter, blankLinesAbove(lineStart));
      lineEnd = lineStart - 1;
    }
  };
  /** How many blank lines come just before the line of `source` starting at `lineStart`. */
  const blankLinesAbove = (lineStart: number): number => {
    let blanks = 0;
    for (let lineEnd = lineStart - 1; lineEnd >= 0; blanks++) {
      const start = source.lastIndexOf('\n', lineEnd - 1) + 1;
      if (!/^[ \t]*$/.test(source.slice(start, lineEnd))) break;
      lineEnd = start - 1;
    }
    return blanks;
  };
  /** Comment lines after a compact sequence value of `map`: onto the next key, or closing `map`. */
  const moveSequenceComments = (map: YAML.YAMLMap): void => {
    map.items.forEach((pair, index) => {
      const value = pair.value;
      const next = map.items[index + 1];
      if (!lib.isSeq(value) || value.flow || !value.comment) return;
      if (next === undefined) map.comment = joinComments(value.comment, map.comment);
      else if (lib.isNode(next.key)) next.key.commentBefore = joinComments(value.comment, next.key.commentBefore);
      else return;
      value.comment = undefined;
    });
  };
  // Innermost collections first: a collection's own lines move onto its first entry before the lines
  // of an enclosing collection arrive on it (those lead it, and must not follow its own down).
  const collections: [YAML.YAMLMap | YAML.YAMLSeq, unknown][] = [];
  lib.visit(doc, {
    Collection(_key, node, path) {
      collections.push([node, path[path.length - 1]]);
    },
  });
  for (const [node, parent] of collections.reverse()) {
    const entry = firstEntry(node);
    if (entry === undefined) continue;
    if (lib.isSeq(parent)) {
      // An element of a block sequence (a block collection is never in a flow one): the lines before
      // its dash lead the element, those after it its first entry. (Blank lines are before the dash:
      // `yaml` reads none between a dash and its element.)
      const [before, after] = splitAtDash(node);
      if (after) entry.commentBefore = joinComments(after, entry.commentBefore);
      node.commentBefore = before;
    } else {
      if (node.commentBefore) entry.commentBefore = joinComments(node.commentBefore, entry.commentBefore);
      if (node.spaceBefore) entry.spaceBefore = true;
      node.commentBefore = undefined;
      node.spaceBefore = undefined;
    }
    if (compactSequences && lib.isMap(node)) moveSequenceComments(node);
  }
  edit();
  lib.visit(doc, {
    Collection(_key, node) {
      const entry = firstEntry(node);
      if (entry === undefined || !entry.spaceBefore) return;
      node.spaceBefore = true;
      entry.spaceBefore = undefined;
    },
  });
}

/** Comment lines `first` put before those a node has already (if any). */
function joinComments(first: string, then: string | null | undefined): string {
  return then ? `${first}\n${then}` : first;
}

/**
 * The parts of a line of `source` before a node (or all of a line above it) between a dash and the
 * block collection after it: the line's indentation, the dashes ending on it (`- - `), the anchor and
 * tag, and a comment (`#` at the line's start or after a space: `&a#b` is an anchor).
 */
const DASH_PROPS_COMMENT = /^[ \t]*((?:-(?:[ \t]+|$))*)(?:[&!][^ \t]*(?:[ \t]+|$))*(#.*)?$/;

/**
 * A comment (lines joined by line breaks, an empty line for each blank line between comment lines, as
 * `yaml` keeps them) split before its last `after` comment lines: [the lines before those, the empty
 * lines after them replaced by `blanks` empty lines; those lines and the lines between them], each
 * undefined when it has no comment line.
 */
function splitComment(comment: string | null | undefined, after: number, blanks: number): [string | undefined, string | undefined] {
  const lines = comment ? comment.split('\n') : [];
  let at = lines.length;
  for (let seen = 0; at > 0 && seen < after; ) if (lines[--at] !== '') seen++;
  let end = at;
  while (lines[end - 1] === '') end--;
  const before = end > 0 ? [...lines.slice(0, end), ...new Array<string>(blanks).fill('')].join('\n') : undefined;
  return [before, lines.slice(at).join('\n') || undefined];
}
