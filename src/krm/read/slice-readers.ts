/**
 * The two readers of an item's text: js-yaml, the fastest, for block YAML without anchors, tags or
 * merge keys ({@link usesAnchorsOrTags}); the `yaml` package for the rest, which also names the line
 * and column of a syntax error.
 */
import * as jsyaml from 'js-yaml';
import type * as YAML from 'yaml';
import { GO_YAML_JS_SCHEMA } from '../go-yaml-scalars';
import { hasLineOverKeyLimit, mayHaveEmptyKey } from '../implicit-keys';
import { closingQuoteIn, indentOf, lineOf } from '../text-scan';
import { hasLineSeparators, readLineSeparatorsAsYaml11 } from '../yaml11';
import { documentValue, parseYamlDocument } from '../yaml-options';
import { ItemSyntaxError } from './parsed';
import { readSimpleBlockYaml } from './simple-block';
import { yamlErrorResult } from './reader-errors';

/** A quick look for `&`, `*`, `!`, `<<:` or `%` where YAML would read an anchor, alias, tag, merge key or directive. */
const MAYBE_ANCHOR_OR_TAG = /(?:^|[\s[\]{},])[&*!][^\s]|<<[ \t]*:|^%/m;
/** The same, at the start of a node only: after the indentation, a `- `, a `: `, or in a flow collection. */
const NODE_ANCHOR_OR_TAG = /^(?:[ \t]*(?:-[ \t]+|\?[ \t]+)*(?:[&*!]\S|<<[ \t]*:|%)|.*?(?::[ \t]+|[[{,][ \t]*)(?:[&*!]\S)|.*?(?:^|[ \t[{,])<<[ \t]*:)/;
const BLOCK_SCALAR_HEADER = /(?:^|[ \t])[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$/;

/**
 * Whether the text uses anchors, aliases, tags, merge keys or directives, which js-yaml reads
 * differently from the `yaml` package (an alias would share one object between two places, `<<` would
 * be a plain key): such items are read with `yaml`.
 */
export function usesAnchorsOrTags(text: string): boolean {
  return MAYBE_ANCHOR_OR_TAG.test(text) && someStructuralLine(text, (code) => NODE_ANCHOR_OR_TAG.test(code));
}

/**
 * Whether `test` holds for a line of `text` where YAML's structure may stand (`code`: the line without
 * its comment, roughly): the content of block scalars and of quoted scalars spread over several lines
 * (shell scripts with `&&`, Python, Caddyfiles, as kustomize writes them) is not looked at.
 */
function someStructuralLine(text: string, test: (code: string, line: string) => boolean): boolean {
  let blockIndent = -1;
  let openQuote = '';
  for (const line of text.split('\n')) {
    if (openQuote !== '') {
      if (closingQuoteIn(line, 0, openQuote) >= 0) openQuote = '';
      continue;
    }
    const indent = indentOf(line);
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    const code = line.replace(/(^|[ \t])#.*$/, '$1');
    if (test(code, line)) return true;
    if (BLOCK_SCALAR_HEADER.test(code)) blockIndent = indent;
    // A quoted scalar that starts as a value here and does not end on this line.
    const value = /^[ \t]*(?:-[ \t]+)*(?:[^\s"'#][^:#]*?:[ \t]+|"(?:[^"\\]|\\.)*":[ \t]+)?(["'])/.exec(line);
    if (value && closingQuoteIn(line, value[0].length, value[1]) < 0) openQuote = value[1];
  }
  return false;
}

/**
 * Whether a text (an item's, or the ResourceList's header) may hold an implicit key js-yaml reads
 * otherwise than go-yaml: a line too long for a key (js-yaml has no limit), or an empty key (refused
 * without `?`, an anchor or a tag; else null, which js-yaml writes `null` and go-yaml as the empty
 * text), looked for on the lines outside quoted and block scalars. A key over lines in a flow
 * collection needs no look: js-yaml refuses it as go-yaml does (it holds the key's line from before
 * its anchor or tag), and the text goes to `yaml`, whose reading implicit-keys.ts corrects.
 */
export function mayReadKeysOtherwise(text: string): boolean {
  return hasLineOverKeyLimit(text) || (mayHaveEmptyKey(text) && someStructuralLine(text, (_code, line) => mayHaveEmptyKey(line)));
}

/**
 * An item's text (from its dash) read with the fastest reader that takes it: the line reader
 * (simple-block.ts) for kustomize's plain block style, else js-yaml; the value of its one element.
 */
export function loadItemSlice(slice: string): unknown {
  const simple = readSimpleBlockYaml(slice);
  return simple !== undefined ? onlyElement(simple) : loadWithJsYaml(slice);
}

function loadWithJsYaml(slice: string): unknown {
  // js-yaml reads keys of any length and empty keys, which go-yaml refuses (or reads otherwise): such a text is `yaml`'s.
  if (mayReadKeysOtherwise(slice)) return undefined;
  try {
    return onlyElement(jsyaml.load(slice, { schema: GO_YAML_JS_SCHEMA, json: false }));
  } catch {
    return undefined; // the full reader reports the error with its real position
  }
}

/** The item a slice holds: the one element of the sequence it reads as. */
function onlyElement(read: unknown): unknown {
  return Array.isArray(read) && read.length === 1 ? read[0] : undefined;
}

/**
 * An item's text read by a fast reader, or undefined when only the `yaml` package reads it as it must
 * (anchors, tags, merge keys: {@link usesAnchorsOrTags}) or js-yaml refuses it. The line reader goes
 * first: what it takes has none of those, and it is cheaper than looking for them.
 */
export function readItemSliceFast(slice: string): unknown {
  const simple = readSimpleBlockYaml(slice);
  if (simple !== undefined) return onlyElement(simple);
  return usesAnchorsOrTags(slice) ? undefined : loadWithJsYaml(slice);
}

/** Errors of one item's text that the whole document would have too (anything but tags and directives, which depend on the document). */
const LOCAL_SYNTAX_ERROR = (error: YAML.YAMLError): boolean => !['TAG_RESOLVE_FAILED', 'BAD_DIRECTIVE', 'MULTIPLE_DOCS'].includes(error.code);

/**
 * Parses one item's text (shifted left by `contentIndent`, its first line the input's line
 * `firstLine()`) with `yaml`. A syntax error inside the item is an error of the input, reported at
 * once with its line and column in the input (so a 50 MB list with one bad item is not parsed again
 * as a whole); anything else the item cannot settle alone (aliases to other items, alias limits)
 * gives undefined, and the document reader takes over.
 */
export function parseWithYaml(body: string, firstLine: () => number, contentIndent: number): unknown {
  const doc = parseYamlDocument(body);
  const error = doc.errors[0];
  if (error) {
    if (!LOCAL_SYNTAX_ERROR(error)) return undefined;
    const offset = error.pos?.[0] ?? 0;
    const lineInBody = lineOf(body, offset);
    const lineStart = body.lastIndexOf('\n', offset - 1) + 1;
    // Body lines lost the item's indentation, except empty ones (the end of the input, for an unclosed quote).
    const indent = body[lineStart] === '\n' || lineStart >= body.length ? 0 : contentIndent;
    const column = offset - lineStart + 1;
    throw new ItemSyntaxError(yamlErrorResult(error, `line ${firstLine() - 1 + lineInBody}, column ${column + indent}`));
  }
  // Where else they stand, the input was refused before it was read.
  if (hasLineSeparators(body)) readLineSeparatorsAsYaml11([doc], body);
  try {
    return documentValue(doc);
  } catch {
    return undefined;
  }
}
