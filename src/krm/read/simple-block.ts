/**
 * The fastest reader of an item's text, for the block YAML kustomize and kpt write and nothing else:
 * block mappings and sequences (a sequence at its key's indentation or deeper), plain scalars on one
 * line, double-quoted scalars (folded over lines too) whose escapes JSON shares, single-quoted ones on
 * one line, literal block scalars (`|`, `|-`, `|+`, `|2`), `[]`, `{}` and flow sequences of
 * double-quoted strings, between comment lines. Anything else (a comment after a value, other flow
 * collections, folded or multi-line plain scalars, anchors, tags, tabs outside a scalar, a duplicate
 * key, odd indentation …) is declined, and
 * js-yaml reads the text as before: this reader must give js-yaml's value (with GO_YAML_JS_SCHEMA)
 * or nothing. With PyYAML's rules (krm/pyyaml.ts) it reads Tutor's env files the same way.
 *
 * Why not js-yaml alone: drydock-fn runs once per render, so its code runs cold, mostly in V8's
 * interpreter; js-yaml reads character by character and took a quarter of a run on a Tutor instance.
 * This reader works line by line with native string operations (split, indexOf, a regular expression
 * per key, JSON.parse for a quoted scalar), which are fast from the first call.
 * test/krm/simple-block.test.ts compares it with js-yaml on every fixture and on random texts.
 */
import { jsYamlPlainValue } from '../go-yaml-scalars';
import { MAX_IMPLICIT_KEY_SPAN } from '../implicit-keys';

/** Characters js-yaml refuses or reads in a way of its own (control characters, BOM, line separators, lone surrogates), and CR. */
const DECLINED_CHARACTERS = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** A double-quoted scalar on one line, quotes included (the pattern the expressions below share). */
const DOUBLE_QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
/** A plain key, its `:` and what must follow it: kept to characters that cannot start or end anything else. */
const PLAIN_KEY = /([^\s"'#&*!|>%@`,[\]{}?:<=-][^\s#,[\]{}]*?):(?: |$)/y;
/** The same at a line's indentation. */
const PLAIN_KEY_LINE = /^( *)([^\s"'#&*!|>%@`,[\]{}?:<=-][^\s#,[\]{}]*?):(?: |$)/;
const BLANK_OR_COMMENT = /^ *(?:#|$)/;
const NOT_SPACE = /[^ ]/;
const DOUBLE_QUOTED_KEY = new RegExp(`(${DOUBLE_QUOTED}):(?: |$)`, 'y');
const SINGLE_QUOTED_KEY = /'((?:[^']|'')*)':(?: |$)/y;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;
/** A flow sequence of double-quoted strings on one line (Tutor writes `["/openedx/themes"]`), and its items. */
const QUOTED_FLOW_SEQUENCE = new RegExp(`^\\[ *${DOUBLE_QUOTED}(?: *, *${DOUBLE_QUOTED})* *\\]$`);
const QUOTED_ITEM = new RegExp(DOUBLE_QUOTED, 'g');
/** A literal block scalar's header: its indentation indicator and chomping indicator, in either order. */
const LITERAL_HEADER = /^\|(?:([1-9])?([+-])?|([+-])([1-9]))$/;
/** What cannot start a plain scalar: an indicator, or `-`, `?` or `:` before a space. */
const NOT_PLAIN_START = /^[\s"'#&*!|>%@`,[\]{}]|^[-?:](?: |$)/;
/** A double-quoted scalar that closes on its line: the text up to its closing quote. */
const CLOSED_DOUBLE_QUOTED = new RegExp(`^${DOUBLE_QUOTED}`);
/** Where a continuation line of a double-quoted scalar closes it: the text up to the quote. */
const CLOSING_DOUBLE_QUOTE = /^(?:[^"\\]|\\.)*"/;
/** A YAML escape: JSON has all but the escaped space, which yaml.v3 writes at the start of a folded line. */
const ESCAPE = /\\[\s\S]/g;
/** Deeper documents are left to js-yaml (which refuses nesting past 100) and the depth check after it. */
const MAX_NESTING = 90;

/** Thrown (never seen outside this module) when the text is not of the shape this reader takes. */
const DECLINE: unique symbol = Symbol('declined');

/** How a reader makes values of scalars: the only place where js-yaml and PyYAML differ on the shapes read here. */
export interface SimpleScalarRules {
  /** A plain scalar's value; {@link decline} where this reader must not decide. */
  readonly plain: (text: string) => unknown;
  /** A plain key's name; {@link decline} where this reader must not decide. */
  readonly plainKey: (text: string) => string;
  /** Whether a double-quoted scalar's text (between its quotes, escapes undecoded) is one to decline. */
  readonly declinesEscapes?: (body: string) => boolean;
  /** Whether a block scalar whose last line ends the text without a line break is declined (PyYAML keeps no break there). */
  readonly declinesBlockAtUnterminatedEnd?: boolean;
}

/** js-yaml's with GO_YAML_JS_SCHEMA: what the item readers use. */
const JS_YAML_RULES: SimpleScalarRules = {
  plain: jsYamlPlainValue,
  // js-yaml keeps a key that is no string as its String().
  plainKey: (text) => String(jsYamlPlainValue(text)),
};

/**
 * The value js-yaml (GO_YAML_JS_SCHEMA) reads from `text`, a block sequence or mapping of the simple
 * shape above, or with `rules` another reader of the same syntax; undefined when the text is not of
 * that shape (then the full reader must read it).
 */
export function readSimpleBlockYaml(text: string, rules: SimpleScalarRules = JS_YAML_RULES): unknown {
  if (DECLINED_CHARACTERS.test(text)) return undefined;
  const lines = text.split('\n');
  // js-yaml reads a text as if it ended with a line break.
  const terminated = lines[lines.length - 1] === '';
  if (terminated) lines.pop();
  try {
    return new SimpleBlockReader(lines, rules, terminated).document();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

/** Leaves the text to the full reader (for rules: a scalar this reader must not decide). */
export function decline(): never {
  throw DECLINE;
}

/** A line's leading spaces (text-scan's indentOf counts them in a loop, which runs interpreted here). */
function indentOf(line: string): number {
  const content = line.search(NOT_SPACE);
  return content < 0 ? line.length : content;
}

/** The text without the spaces at its end (only spaces: YAML's white space is spaces and tabs, and tabs are declined). */
function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

/** The text without the spaces at its ends. */
function withoutSpacesAround(text: string): string {
  return withoutTrailingSpaces(text).slice(indentOf(text));
}

function isBlank(line: string): boolean {
  return indentOf(line) === line.length;
}

/** A `- ` at `indent` (unlike text-scan's isDashAt, a dash alone at a line's end is no entry here: declined wherever it stands). */
function isDashAt(line: string, indent: number): boolean {
  return line.charCodeAt(indent) === 45 && line.charCodeAt(indent + 1) === 32;
}

class SimpleBlockReader {
  private next = 0;
  private depth = 0;

  constructor(
    private readonly lines: string[],
    private readonly rules: SimpleScalarRules,
    private readonly terminated: boolean,
  ) {}

  document(): unknown {
    this.skipBlankLines();
    if (this.next >= this.lines.length) decline();
    const value = this.blockNode(indentOf(this.lines[this.next]));
    this.skipBlankLines();
    if (this.next < this.lines.length) decline();
    return value;
  }

  /** Past blank lines and comment lines (never called inside a scalar, whose lines are its content). */
  private skipBlankLines(): void {
    while (this.next < this.lines.length && BLANK_OR_COMMENT.test(this.lines[this.next])) this.next++;
  }

  /** A mapping or sequence whose first line (the next) is indented by `indent`. */
  private blockNode(indent: number): unknown {
    return this.nested(() => (isDashAt(this.lines[this.next], indent) ? this.sequence(indent) : this.mapping(indent)));
  }

  /** A collection read one level deeper: past MAX_NESTING levels, declined. */
  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_NESTING) decline();
    const value = read();
    this.depth--;
    return value;
  }

  private sequence(indent: number): unknown[] {
    const result: unknown[] = [];
    for (;;) {
      this.skipBlankLines();
      if (this.next >= this.lines.length) break;
      const line = this.lines[this.next];
      const lineIndent = indentOf(line);
      // Not an entry (less indented, more indented, a tab): the sequence ends, and its caller declines what it cannot take.
      if (lineIndent !== indent || !isDashAt(line, indent)) break;
      let column = indent + 1;
      while (line.charCodeAt(column) === 32) column++;
      if (column === line.length || line.includes('\t')) decline(); // a dash alone, or a tab
      const content = line.slice(column);
      // `- - x` is no key, and no plain scalar either: declined as one.
      if (this.keyAt(line, column) !== undefined) {
        // `- key: value`: a mapping whose keys are in the column of the first.
        this.lines[this.next] = ' '.repeat(column) + content;
        result.push(this.nested(() => this.mapping(column)));
      } else {
        this.next++;
        result.push(this.scalar(withoutSpacesAround(content), indent));
      }
    }
    return result;
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (;;) {
      this.skipBlankLines();
      if (this.next >= this.lines.length) break;
      const line = this.lines[this.next];
      // Most lines are a plain key: its indentation and name in one match.
      const plainKey = PLAIN_KEY_LINE.exec(line);
      const lineIndent = plainKey ? plainKey[1].length : indentOf(line);
      if (lineIndent < indent) break;
      if (lineIndent > indent || line.includes('\t')) decline();
      const key = plainKey ? this.plainKey(plainKey[2], plainKey[0].length) : (this.keyAt(line, indent) ?? decline());
      // A key past YAML's limit (its `:` at most 1024 characters from its start) in UTF-16 units is
      // left to the reader that counts characters. `end` is past the `:` and the space after it, if any.
      if (line.lastIndexOf(':', key.end - 1) - indent > MAX_IMPLICIT_KEY_SPAN) decline();
      if (key.name === '__proto__' || Object.prototype.hasOwnProperty.call(result, key.name)) decline();
      this.next++;
      const rest = withoutSpacesAround(line.slice(key.end));
      result[key.name] = rest === '' ? this.nestedValue(indent) : this.scalar(rest, indent);
    }
    return result;
  }

  /** A key at `column` of `line`: its name as js-yaml keeps it, and where its value starts. */
  private keyAt(line: string, column: number): { name: string; end: number } | undefined {
    PLAIN_KEY.lastIndex = column;
    const plain = PLAIN_KEY.exec(line);
    if (plain) return this.plainKey(plain[1], PLAIN_KEY.lastIndex);
    DOUBLE_QUOTED_KEY.lastIndex = column;
    const doubleQuoted = DOUBLE_QUOTED_KEY.exec(line);
    if (doubleQuoted) return { name: this.doubleQuotedValue(doubleQuoted[1].slice(1, -1)), end: DOUBLE_QUOTED_KEY.lastIndex };
    SINGLE_QUOTED_KEY.lastIndex = column;
    const singleQuoted = SINGLE_QUOTED_KEY.exec(line);
    if (singleQuoted) return { name: singleQuoted[1].replace(/''/g, "'"), end: SINGLE_QUOTED_KEY.lastIndex };
    return undefined;
  }

  private plainKey(text: string, end: number): { name: string; end: number } {
    return { name: this.rules.plainKey(text), end };
  }

  /** The value of a key with nothing after its colon: the block below it, a sequence in its column, or null. */
  private nestedValue(keyIndent: number): unknown {
    this.skipBlankLines();
    if (this.next >= this.lines.length) return null;
    const line = this.lines[this.next];
    const lineIndent = indentOf(line);
    if (lineIndent > keyIndent) return this.blockNode(lineIndent);
    if (lineIndent === keyIndent && isDashAt(line, lineIndent)) return this.nested(() => this.sequence(lineIndent));
    return null;
  }

  /** A scalar written after a key or a dash (`text`, trimmed), whose parent node is indented by `parentIndent`. */
  private scalar(text: string, parentIndent: number): unknown {
    switch (text.charCodeAt(0)) {
      case 34: {
        // "
        const closed = CLOSED_DOUBLE_QUOTED.exec(text);
        if (closed === null) return this.foldedDoubleQuoted(text, parentIndent);
        return closed[0].length === text.length ? this.doubleQuotedValue(text.slice(1, -1)) : decline();
      }
      case 39: {
        // '
        const quoted = SINGLE_QUOTED.exec(text);
        return quoted ? quoted[1].replace(/''/g, "'") : decline();
      }
      case 124: // |
        return this.literalBlock(text, parentIndent);
      default:
        if (text === '[]') return [];
        if (QUOTED_FLOW_SEQUENCE.test(text)) return (text.match(QUOTED_ITEM) as string[]).map((item) => this.doubleQuotedValue(item.slice(1, -1)));
        if (text === '{}') return {};
        // A plain scalar on one line: no comment, no `: `, nothing that starts another kind of node.
        if (NOT_PLAIN_START.test(text)) decline();
        if (text.includes(': ') || text.endsWith(':') || text.includes(' #') || text.includes('\t')) decline();
        return this.rules.plain(text);
    }
  }

  /**
   * A double-quoted scalar over several lines (yaml.v3 folds long ones): a line break between two
   * lines is a space, each empty line between them a line feed; the white space around a break is
   * not the value's. The next lines follow `first`, indented past `parentIndent`.
   */
  private foldedDoubleQuoted(first: string, parentIndent: number): string {
    const pieces = [first.slice(1)];
    const breaks: string[] = [];
    let emptyLines = 0;
    for (;;) {
      if (this.next >= this.lines.length) decline();
      const line = this.lines[this.next++];
      // (A raw tab in it is refused by JSON.parse.)
      const indent = indentOf(line);
      if (indent === line.length) {
        emptyLines++;
        continue;
      }
      if (indent <= parentIndent) decline();
      breaks.push(emptyLines === 0 ? ' ' : '\\n'.repeat(emptyLines));
      emptyLines = 0;
      const content = line.slice(indent);
      const closing = CLOSING_DOUBLE_QUOTE.exec(content);
      if (closing === null) {
        pieces.push(content);
        continue;
      }
      if (!isBlank(content.slice(closing[0].length))) decline();
      pieces.push(closing[0].slice(0, -1));
      break;
    }
    let joined = '';
    for (let index = 0; index < pieces.length; index++) {
      let piece = pieces[index];
      if (index < pieces.length - 1) {
        const kept = withoutTrailingSpaces(piece);
        // An escaped line break (a backslash at the end), or trailing white space that is an escape's.
        if (/(?:^|[^\\])(?:\\\\)*\\$/.test(kept)) decline();
        piece = kept;
      }
      joined += index === 0 ? piece : breaks[index - 1] + piece;
    }
    return this.doubleQuotedValue(joined);
  }

  /** The value of a double-quoted scalar's text (between its quotes, on one line): JSON's escapes and the escaped space, else declined. */
  private doubleQuotedValue(body: string): string {
    if (this.rules.declinesEscapes?.(body)) decline();
    return jsonString(`"${body.replace(ESCAPE, (escape) => (escape === '\\ ' ? ' ' : escape))}"`);
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`, with or without an indentation indicator: `|2-`); its
   * lines follow, indented past `parentIndent` (by the indicator when there is one).
   */
  private literalBlock(header: string, parentIndent: number): string {
    const parts = LITERAL_HEADER.exec(header) ?? decline();
    const chomping = parts[2] ?? parts[3] ?? '';
    const indicator = parts[1] ?? parts[4];
    const { lines } = this;
    let contentIndent: number;
    if (indicator !== undefined) contentIndent = parentIndent + Number(indicator);
    else {
      // The first line sets the indentation; leading empty lines (js-yaml's rules for them differ) are declined.
      if (this.next >= lines.length || isBlank(lines[this.next])) decline();
      contentIndent = indentOf(lines[this.next]);
      if (contentIndent <= parentIndent) decline();
    }
    const content: string[] = [];
    let lastContent = -1;
    for (; this.next < lines.length; this.next++) {
      const line = lines[this.next];
      const lineIndent = indentOf(line);
      if (lineIndent === line.length && lineIndent <= contentIndent) {
        content.push(''); // an empty line
        continue;
      }
      if (lineIndent < contentIndent) break;
      lastContent = content.push(line.slice(contentIndent)) - 1;
    }
    if (lastContent < 0) decline(); // no content: js-yaml's chomping of nothing is its own
    // A comment right after the block: whose are the empty lines before it is a finer point of chomping.
    if (this.next < lines.length && BLANK_OR_COMMENT.test(lines[this.next])) decline(); // (not blank: the loop stops at content)
    if (!this.terminated && this.rules.declinesBlockAtUnterminatedEnd && lastContent === content.length - 1 && this.next === lines.length) decline();
    const trailingEmptyLines = content.length - 1 - lastContent;
    const text = content.slice(0, lastContent + 1).join('\n');
    if (chomping === '-') return text;
    return chomping === '' ? `${text}\n` : `${text}\n${'\n'.repeat(trailingEmptyLines)}`;
  }
}

/** A double-quoted YAML scalar whose escapes are JSON's: JSON.parse reads it the same (else declined). */
function jsonString(quoted: string): string {
  try {
    return JSON.parse(quoted) as string; // a text in double quotes: a string, or an error
  } catch {
    return decline();
  }
}
