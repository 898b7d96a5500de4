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
 * An element of a sequence that is a collection starting on its dash line (`- - x`, `- a: b`) keeps
 * the lines before it: they are before its dash (`source`, the text `doc` was parsed from, tells).
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
   * Whether a dash (and spaces) comes just before the node on its line in `source`. Every node has its
   * range here: this runs before the edit, on the nodes read from `source`. (A node never starts on a
   * line break, so the search for the one before it may start at the node.)
   */
  const startsOnDashLine = (node: YAML.Node): boolean => {
    const [start] = node.range ?? [0];
    return /-[ \t]*$/.test(source.slice(source.lastIndexOf('\n', start) + 1, start));
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
    // A block collection that is an element of a block sequence and starts on its dash line
    // (`- - x`, `- a: b`): the lines before it are before that dash, and lead the element, not its
    // first entry.
    if (!(lib.isSeq(parent) && !parent.flow && startsOnDashLine(node))) {
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
