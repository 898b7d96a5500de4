/**
 * Writing a changed item by splicing its own text: every part of the item on no changed path is
 * copied as it came in, byte for byte; only the pairs and sequence elements that changed are printed
 * again, each on its own (new values by the fast printer, changed scalars in their old style, anything
 * else through `yaml` and {@link reconcileNode} on the text of that pair alone). Re-printing a whole
 * item through `yaml` costs a parse and a print of every node of it; sync waves alone change every item.
 *
 * The text is read as the block YAML kustomize and kpt write: a mapping is the lines whose key sits at
 * its indentation, a sequence the lines whose `-` does. Whenever the text is not what this reader
 * understands for sure (flow collections on a changed path, complex keys, anchors, a key it cannot
 * match with the parsed value), {@link spliceItem} returns undefined and the caller re-prints the
 * item through `yaml` as a whole: correctness never depends on this module.
 */
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';
import { emitPair, emitScalarInStyle, emitSeqItem } from './emit';
import { longestCommonSubsequence, reconcileNode } from './reconcile';
import { KEEP_CHOMPING_HEADER, blockKeyAt, closingQuoteIn, indentLines, dedentLine, indentOf, isDashAt, lineIsBlankOrComment, lineStartsOf } from './text-scan';
import type { JsonValue } from './types';
import { isPlainObject } from './types';
import { expand } from './change-tree';
import type { ChangeTree } from './change-tree';
import { editWithLeadingLines } from './leading-lines';
import { printYamlDocument } from './yaml11';
import { parseYamlDocument, toStringOptions } from './yaml-options';

/** Thrown inside the splicer when the text is not what it understands; the item is then re-printed whole. */
class CannotSplice extends Error {}

/** A pair of a block mapping, in lines of the item. */
interface Pair {
  readonly key: string;
  /** First line of the comments and blank lines before the key line (== keyLine when none). */
  readonly leadStart: number;
  readonly keyLine: number;
  /** One past the last line of the pair's value. */
  readonly end: number;
  /** Offset where the value starts on the key line (after `key:` and the spaces). */
  readonly valueOffset: number;
}

/**
 * The item's text with `value` in place of its input value, given where it changed (`body`: the item as
 * it came in, from its `-` to its last content line); undefined when it must be re-printed whole.
 */
export function spliceItem(body: string, value: JsonValue, changes: ChangeTree, wideSequences: () => boolean): string | undefined {
  if (!isPlainObject(value)) return undefined;
  try {
    return new Splicer(body, wideSequences).item(value as Record<string, JsonValue>, changes);
  } catch (error) {
    if (error instanceof CannotSplice) return undefined;
    throw error;
  }
}

class Splicer {
  private readonly starts: number[];
  private wide: boolean | undefined;

  constructor(
    private readonly text: string,
    private readonly wideSequences: () => boolean,
  ) {
    this.starts = lineStartsOf(text);
    this.starts.push(text.length);
    if (!text.endsWith('\n')) throw new CannotSplice();
  }

  private get lineCount(): number {
    return this.starts.length - 1;
  }

  private slice(fromLine: number, toLine: number): string {
    return this.text.slice(this.starts[fromLine], this.starts[toLine]);
  }

  private indentSeq(): boolean {
    this.wide ??= this.wideSequences();
    return this.wide;
  }

  /** Columns of leading spaces of a line. */
  private indent(line: number): number {
    return indentOf(this.text, this.starts[line]);
  }

  /** A blank line or a comment line (only spaces and tabs before `#`). */
  private isBlankOrComment(line: number): boolean {
    return lineIsBlankOrComment(this.text, this.starts[line], this.starts[line + 1]);
  }

  private isBlank(line: number): boolean {
    return this.slice(line, line + 1).trim() === '';
  }

  /** Whether the line holds a sequence entry (`-` then a space or the end of the line) at `column`. */
  private isDashAt(line: number, column: number): boolean {
    return isDashAt(this.text, this.starts[line] + column);
  }

  item(value: Record<string, JsonValue>, changes: ChangeTree): string {
    // The item's first line is `- key: …` (the mapping starts after the dash) or `-` / `- # comment`.
    const dashColumn = this.indent(0);
    if (!this.isDashAt(0, dashColumn)) throw new CannotSplice();
    const column = dashColumn + 1 + indentOf(this.text, this.starts[0] + dashColumn + 1);
    const rest = this.text.charCodeAt(this.starts[0] + column);
    if (rest === 10 || rest === 35) {
      // The mapping starts on a later line: the dash line stays as it is.
      let first = 1;
      while (first < this.lineCount && this.isBlankOrComment(first)) first++;
      if (first >= this.lineCount) throw new CannotSplice();
      return this.slice(0, first) + this.map(first, this.lineCount, this.indent(first), false, value, changes);
    }
    return this.map(0, this.lineCount, column, true, value, changes);
  }

  // -------------------------------------------------------------------------------------------
  // Mappings

  /**
   * The text of a block mapping whose keys sit at `column` over lines [from, to), with `value` in place
   * of its input value. `onDashLine`: the first key sits on line `from` after a sequence dash.
   */
  private map(from: number, to: number, column: number, onDashLine: boolean, value: Record<string, JsonValue>, changes: ChangeTree): string {
    const tree = expand(changes, value);
    const end = this.outerTail(from, to, column);
    const pairs = this.pairs(from, end, column, onDashLine);
    const children = tree.children ?? new Map<string | number, ChangeTree>();
    const seen = new Set<string>();
    let out = this.slice(from, pairs.length > 0 ? pairs[0].leadStart : end);
    // When the key on the dash line goes, the next key written moves onto the dash line (its text
    // shifted by nothing: the dash and its spaces take the place of its indentation).
    let dashPrefix: string | undefined;
    const place = (text: string): string => {
      if (dashPrefix === undefined) return text;
      const placed = dashPrefix + text.slice(column);
      dashPrefix = undefined;
      return placed;
    };
    for (const pair of pairs) {
      if (seen.has(pair.key)) throw new CannotSplice();
      seen.add(pair.key);
      const child = children.get(pair.key);
      const present = Object.prototype.hasOwnProperty.call(value, pair.key);
      if (present && dashPrefix !== undefined && pair.leadStart !== pair.keyLine) throw new CannotSplice(); // its comments cannot go onto the dash line
      if (!child) {
        if (!present) throw new CannotSplice(); // the text and the value disagree: misread key
        out += place(this.slice(pair.leadStart, pair.end));
      } else if (!present) {
        if (onDashLine && pair.keyLine === from) dashPrefix = this.text.slice(this.starts[from], this.starts[from] + column);
      } else {
        out += place(this.slice(pair.leadStart, pair.keyLine) + this.pair(pair, column, onDashLine && pair.keyLine === from, value[pair.key], child));
      }
    }
    const keys = Object.keys(value);
    if (keys.length === 0) throw new CannotSplice(); // an emptied mapping is written `{}` by its parent
    const indent = ' '.repeat(column);
    for (const key of keys) {
      if (seen.has(key)) continue;
      if (!children.has(key)) throw new CannotSplice();
      out += place(emitPair(key, value[key], indent, this.indentSeq()) ?? this.yamlPair(key, value[key], indent));
    }
    return out + this.slice(end, to);
  }

  /**
   * Where the comment lines after the last entry of the collection at `column` over [from, to) stop
   * being that entry's: from the first one not indented deeper than the entries (with the blank lines
   * before it), they close the collection (or an enclosing one), as `yaml` reads them: they stay last
   * when entries are added, and stay when the last entry goes.
   */
  private outerTail(from: number, to: number, column: number): number {
    let runStart = to;
    while (runStart > from + 1 && this.isBlankOrComment(runStart - 1)) runStart--;
    let tail = runStart;
    while (tail < to && (this.isBlank(tail) || this.indent(tail) > column)) tail++;
    if (tail === to) return to;
    while (tail > runStart && this.isBlank(tail - 1)) tail--;
    // Blank lines after a block scalar that keeps its trailing newlines (`|+`) are part of it.
    if (this.keepsTrailingLines(from, tail)) while (tail < to && this.isBlank(tail)) tail++;
    return tail;
  }

  /**
   * The pairs of the mapping at `column` over [from, to). A pair runs from its key line to the next key
   * line; comments and blank lines just before a key line (at most as indented as the key) lead that
   * key, deeper comments stay with the value above them.
   */
  private pairs(from: number, to: number, column: number, onDashLine: boolean): Pair[] {
    const pairs: Pair[] = [];
    let current: Omit<Pair, 'end'> | undefined;
    /** First line of the run of blank and comment lines before this line, -1 when none. */
    let pendingStart = -1;
    /** Last comment line of that run indented deeper than the keys: it stays with the value above. */
    let lastDeep = -1;
    for (let line = from; line < to; line++) {
      const keyOnDashLine = onDashLine && line === from;
      if (!keyOnDashLine && this.isBlankOrComment(line)) {
        if (pendingStart < 0) pendingStart = line;
        if (!this.isBlank(line) && this.indent(line) > column) lastDeep = line;
        continue;
      }
      const indent = keyOnDashLine ? column : this.indent(line);
      if (indent < column) throw new CannotSplice();
      if (indent > column || (!keyOnDashLine && this.isDashAt(line, column))) {
        // A continuation of the current value (deeper lines, or a sequence level with its key).
        if (!current) throw new CannotSplice();
        pendingStart = -1;
        lastDeep = -1;
        continue;
      }
      const key = this.keyAt(line, column);
      let leadStart = line;
      if (!current) leadStart = from;
      else if (pendingStart >= 0) {
        leadStart = Math.max(pendingStart, lastDeep + 1);
        // Blank lines after a block scalar that keeps its trailing newlines (`|+`) are part of it.
        if (this.keepsTrailingLines(current.keyLine, leadStart)) while (leadStart < line && this.isBlank(leadStart)) leadStart++;
      }
      if (current) pairs.push({ ...current, end: leadStart });
      current = { key: key.key, leadStart, keyLine: line, valueOffset: key.valueOffset };
      pendingStart = -1;
      lastDeep = -1;
    }
    if (current) pairs.push({ ...current, end: to });
    return pairs;
  }

  /** Whether lines [fromLine, toLine) end with a block scalar that keeps its trailing newlines (`|+`). */
  private keepsTrailingLines(fromLine: number, toLine: number): boolean {
    // Going up from the end, every line deeper than the header until the header itself.
    let contentIndent = Infinity;
    for (let line = toLine - 1; line >= fromLine; line--) {
      if (this.isBlank(line)) continue;
      const indent = this.indent(line);
      if (indent >= contentIndent) continue;
      // Its content is deeper than the header's key (`- key: |+`), or than its dash (`- |+`).
      let column = indent;
      let dash = indent;
      while (this.isDashAt(line, column)) {
        dash = column;
        column += 1 + indentOf(this.text, this.starts[line] + column + 1);
      }
      if (/[|>]/.test(this.text[this.starts[line] + column])) column = dash;
      if (column < contentIndent && KEEP_CHOMPING_HEADER.test(this.slice(line, line + 1))) return true;
      contentIndent = indent;
      if (contentIndent === 0) return false;
    }
    return false;
  }

  /** The key of the pair on `line` at `column`, and where its value starts. */
  private keyAt(line: number, column: number): { key: string; valueOffset: number } {
    const found = blockKeyAt(this.text, this.starts[line] + column, this.starts[line + 1] - 1);
    if (!found) throw new CannotSplice();
    return found;
  }

  /** A changed pair whose key line is `pair.keyLine` (its lead is written by the caller). */
  private pair(pair: Pair, column: number, onDashLine: boolean, value: JsonValue, changes: ChangeTree): string {
    const tree = expand(changes, value);
    if (tree.whole === undefined && tree.children === undefined) return this.slice(pair.keyLine, pair.end);
    const inline = this.text[pair.valueOffset] !== '\n' && this.text[pair.valueOffset] !== '#';
    if (!inline && pair.keyLine + 1 < pair.end) {
      // The value is on the following lines: a block mapping or a block sequence. When its text is not
      // what the splicer understands, the pair alone is printed again below.
      let first = pair.keyLine + 1;
      while (first < pair.end && this.isBlankOrComment(first)) first++;
      if (first < pair.end) {
        const indent = this.indent(first);
        try {
          if (this.isDashAt(first, indent) && Array.isArray(value) && indent >= column) {
            return this.slice(pair.keyLine, pair.keyLine + 1) + this.sequence(pair.keyLine + 1, pair.end, indent, value, changes);
          }
          if (tree.children !== undefined && !this.isDashAt(first, indent) && indent > column && isPlainObject(value)) {
            // Comments before the first key lead it (they go if it goes).
            return this.slice(pair.keyLine, pair.keyLine + 1) + this.map(pair.keyLine + 1, pair.end, indent, false, value as Record<string, JsonValue>, tree);
          }
        } catch (error) {
          if (!(error instanceof CannotSplice)) throw error;
        }
      }
    }
    if (inline && (value === null || typeof value !== 'object')) {
      const scalar = this.scalarPair(pair, column, value);
      if (scalar !== undefined) return scalar;
    }
    return this.yamlReprint(pair.keyLine, pair.end, column, onDashLine, (node, doc) => {
      if (!yaml().isMap(node) || node.items.length !== 1) throw new CannotSplice();
      return reconcileNode(doc, node, { [pair.key]: value });
    });
  }

  /** A one-line scalar, or a block scalar, replaced by a scalar in the same style, keeping the key's text. */
  private scalarPair(pair: Pair, column: number, value: string | number | boolean | null): string | undefined {
    return this.replaceScalar(pair.keyLine, pair.valueOffset, pair.end, column, value);
  }

  /**
   * Lines [line, end) hold a scalar starting at `valueOffset` of `line` (after `key:` or `-`), then
   * possibly comment and blank lines: the scalar written again in its style (plain, quoted, literal
   * block), the text before it and the comment lines after it kept. Undefined when the scalar is of
   * another kind (folded, multi-line plain, with a comment on its line) or `yaml` must print the value.
   */
  private replaceScalar(line: number, valueOffset: number, end: number, column: number, value: string | number | boolean | null): string | undefined {
    const prefix = this.text.slice(this.starts[line], valueOffset).trimEnd();
    const old = this.text.slice(valueOffset, this.starts[line + 1] - 1);
    let style: 'plain' | 'double' | 'single' | 'literal';
    let last = line;
    if (/^\|[1-9]?[-+]?[ \t]*$/.test(old) || /^\|[-+][1-9][ \t]*$/.test(old)) {
      // The block must be the whole region: a less indented comment after it would be dropped with it.
      let contentIndent = -1;
      for (let at = line + 1; at < end; at++) {
        if (this.isBlank(at)) continue;
        if (contentIndent < 0) contentIndent = this.indent(at);
        if (this.indent(at) < contentIndent || contentIndent <= column) return undefined;
      }
      style = 'literal';
      last = end - 1;
    } else if (old.startsWith('"') || old.startsWith("'")) {
      // A quoted scalar, on one line or several, alone on the rest of its last line.
      const close = this.closingQuote(valueOffset, this.starts[end]);
      if (close === undefined) return undefined;
      while (this.starts[last + 1] <= close) last++;
      if (this.text.slice(close + 1, this.starts[last + 1]).trim() !== '') return undefined;
      style = old.startsWith('"') ? 'double' : 'single';
    } else if (/^[^|>&*!%@`"'[{#]/.test(old) && !/^[-?:]([ \t]|$)/.test(old) && !/[ \t]#/.test(old)) style = 'plain'; // not a nested sequence or complex key
    else return undefined;
    for (let at = last + 1; at < end; at++) if (!this.isBlankOrComment(at)) return undefined; // a plain scalar going on
    const printed = emitScalarInStyle(value, style, ' '.repeat(column));
    if (printed === undefined) return undefined;
    return `${prefix} ${printed}\n${this.slice(last + 1, end)}`;
  }

  /** Offset of the quote that closes the quoted scalar opening at `open`, before `limit`. */
  private closingQuote(open: number, limit: number): number | undefined {
    const at = closingQuoteIn(this.text, open + 1, this.text[open]);
    return at >= 0 && at < limit ? at : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Sequences

  /**
   * The text of a block sequence whose dashes sit at `column` over lines [from, to). As in a mapping,
   * comments and blank lines just before an element (at most as indented as its dash) lead it.
   * `onDashLine`: the first element sits on line `from` after the dash of an enclosing element.
   */
  private sequence(from: number, to: number, column: number, value: readonly JsonValue[], changes: ChangeTree, onDashLine = false): string {
    const end = this.outerTail(from, to, column);
    const starts: number[] = [];
    const leads: number[] = [];
    let pendingStart = -1;
    let lastDeep = -1;
    for (let line = from; line < end; line++) {
      if (this.isBlankOrComment(line)) {
        if (pendingStart < 0) pendingStart = line;
        if (!this.isBlank(line) && this.indent(line) > column) lastDeep = line;
        continue;
      }
      const indent = onDashLine && line === from ? column : this.indent(line);
      if (indent < column) throw new CannotSplice();
      if (indent === column) {
        if (!this.isDashAt(line, column)) throw new CannotSplice();
        let lead = starts.length === 0 ? from : line;
        if (starts.length > 0 && pendingStart >= 0) {
          lead = Math.max(pendingStart, lastDeep + 1);
          if (this.keepsTrailingLines(starts[starts.length - 1], lead)) while (lead < line && this.isBlank(lead)) lead++;
        }
        starts.push(line);
        leads.push(lead);
      }
      pendingStart = -1;
      lastDeep = -1;
    }
    if (starts.length === 0 || value.length === 0) throw new CannotSplice(); // an emptied sequence is written `[]` by its parent
    const indent = ' '.repeat(column);
    const next = (index: number): number => (index + 1 < starts.length ? leads[index + 1] : end);
    // On a dash line, the first element's text is taken with spaces in place of the dash (put back on
    // whatever is written first, below).
    const unDashed = (index: number, text: string): string => (onDashLine && index === 0 ? ' '.repeat(column) + text.slice(column) : text);
    const itemText = (index: number): string => unDashed(index, this.slice(leads[index], next(index)));
    const changed = (index: number, entry: JsonValue, change: ChangeTree): string =>
      unDashed(index, this.slice(leads[index], starts[index]) + this.sequenceItem(starts[index], next(index), column, entry, change, onDashLine && index === 0));
    const added = (entry: JsonValue): string => emitSeqItem(entry, indent, this.indentSeq()) ?? this.yamlSeqItem(entry, indent);
    let out = '';
    const whole = changes.whole;
    if (whole === undefined) {
      // Changes below some elements: each element stays where it is.
      if (starts.length !== value.length) throw new CannotSplice();
      const children = changes.children ?? new Map<string | number, ChangeTree>();
      starts.forEach((_start, index) => {
        const child = children.get(index);
        out += child ? changed(index, value[index], child) : itemText(index);
      });
      return this.onDashLine(out, from, column, onDashLine) + this.slice(end, to);
    }
    // The sequence changed as a whole: elements equal to old ones keep their text; between them, old
    // and new elements pair up in order (the old text reconciled to the new value), extra new ones are
    // added and extra old ones dropped, as reconcile.ts aligns them.
    const before = whole.before;
    if (!Array.isArray(before) || before.length !== starts.length) throw new CannotSplice();
    const matches = longestCommonSubsequence(before, value);
    let oldIndex = 0;
    let newIndex = 0;
    for (const [matchOld, matchNew] of [...matches, [before.length, value.length] as const]) {
      const removedCount = matchOld - oldIndex;
      const addedValues = value.slice(newIndex, matchNew);
      addedValues.forEach((entry, i) => {
        out += i < removedCount ? changed(oldIndex + i, entry, { whole: { before: before[oldIndex + i] } }) : added(entry);
      });
      if (matchOld < before.length) out += itemText(matchOld);
      oldIndex = matchOld + 1;
      newIndex = matchNew + 1;
    }
    return this.onDashLine(out, from, column, onDashLine) + this.slice(end, to);
  }

  /**
   * The elements written for a sequence whose first element sat on the dash line `from` of an
   * enclosing element: the element written first goes onto the dash line (the dash and its spaces in
   * the place of its indentation), if no comment comes before it.
   */
  private onDashLine(out: string, from: number, column: number, onDashLine: boolean): string {
    if (!onDashLine) return out;
    if (!out.startsWith(`${' '.repeat(column)}-`)) throw new CannotSplice();
    return this.text.slice(this.starts[from], this.starts[from] + column) + out.slice(column);
  }

  /** An element whose dash sits at `column` of line `from` (`onDashLine`: after the dash of an enclosing element). */
  private sequenceItem(from: number, to: number, column: number, value: JsonValue, changes: ChangeTree, onDashLine = false): string {
    const tree = expand(changes, value);
    if (tree.whole === undefined && tree.children === undefined) return this.slice(from, to);
    const content = column + 1 + indentOf(this.text, this.starts[from] + column + 1);
    const next = this.text.charCodeAt(this.starts[from] + content);
    const isSeqOnDashLine = this.isDashAt(from, content);
    const isMapOnDashLine = next !== 10 && next !== 35 && !isSeqOnDashLine && this.looksLikeKey(from, content);
    // When its text is not what the splicer understands, the element alone is printed again below.
    try {
      if (tree.children !== undefined && isMapOnDashLine && isPlainObject(value)) return this.map(from, to, content, true, value as Record<string, JsonValue>, tree);
      if (isSeqOnDashLine && Array.isArray(value)) return this.sequence(from, to, content, value, changes, true);
    } catch (error) {
      if (!(error instanceof CannotSplice)) throw error;
    }
    if (!isMapOnDashLine && next !== 10 && next !== 35 && (value === null || typeof value !== 'object')) {
      const scalar = this.replaceScalar(from, this.starts[from] + content, to, column, value);
      if (scalar !== undefined) return scalar;
    }
    return this.yamlReprint(from, to, column, onDashLine, (node, doc) => {
      if (!yaml().isSeq(node) || node.items.length !== 1) throw new CannotSplice();
      return reconcileNode(doc, node, [value]);
    });
  }

  private looksLikeKey(line: number, column: number): boolean {
    try {
      this.keyAt(line, column);
      return true;
    } catch (error) {
      if (error instanceof CannotSplice) return false;
      throw error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Printing through yaml

  /**
   * Lines [from, to) at `column` printed again through `yaml`: the lines, shifted left by `column`, are
   * parsed as a document of their own, `reconcile` makes its root node read as the new value (keeping
   * comments and styles), and the result is shifted back (on a dash line, behind the original dash).
   */
  private yamlReprint(from: number, to: number, column: number, onDashLine: boolean, reconcile: (node: unknown, doc: YAML.Document) => YAML.Node): string {
    let dedented = '';
    for (let line = from; line < to; line++) {
      const text = this.slice(line, line + 1);
      dedented += line === from && onDashLine ? text.slice(column) : `${dedentLine(text.slice(0, -1), column)}\n`;
    }
    const doc = parseYamlDocument(dedented);
    if (doc.errors.length > 0 || hasUnresolvedAlias(doc)) throw new CannotSplice();
    editWithLeadingLines(doc, dedented, !this.indentSeq(), () => {
      doc.contents = reconcile(doc.contents, doc) as typeof doc.contents;
    });
    const printed = printYamlDocument(doc, toStringOptions(this.indentSeq()));
    const prefix = onDashLine ? this.text.slice(this.starts[from], this.starts[from] + column) : ' '.repeat(column);
    return indentLines(printed, ' '.repeat(column), prefix);
  }

  private yamlPair(key: string, value: JsonValue, indent: string): string {
    const doc = new (yaml().Document)();
    doc.contents = reconcileNode(doc, null, { [key]: value }) as typeof doc.contents;
    return indentLines(printYamlDocument(doc, toStringOptions(this.indentSeq())), indent, indent);
  }

  private yamlSeqItem(value: JsonValue, indent: string): string {
    const doc = new (yaml().Document)();
    doc.contents = reconcileNode(doc, null, [value]) as typeof doc.contents;
    return indentLines(printYamlDocument(doc, toStringOptions(this.indentSeq())), indent, indent);
  }
}

/**
 * Whether an alias of the document names no anchor before it: lines cut from an item can hold an alias
 * whose anchor sits in lines left out, and `yaml` throws when it reads such an alias's value.
 */
function hasUnresolvedAlias(doc: YAML.Document): boolean {
  let unresolved = false;
  yaml().visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) !== undefined) return undefined;
      unresolved = true;
      return yaml().visit.BREAK;
    },
  });
  return unresolved;
}
