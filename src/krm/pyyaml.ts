/**
 * YAML read as PyYAML's `yaml.safe_load` reads it: how Open edX reads Tutor's env files (lms.env.yml),
 * so that what drydock-fn takes from them (hosts, buckets, the Celery broker, CONTACT_EMAIL) is what
 * the LMS uses. The text is parsed by `yaml` (its syntax is the same) with every scalar kept as text,
 * then built as PyYAML builds it:
 * - plain scalars resolved by PyYAML's implicit resolvers (resolver.py: YAML 1.1 booleans yes/no/on/off
 *   but not y/n, ints with underscores, octal 0…, sexagesimal 1:20, floats that need a dot, ~ and the
 *   empty scalar for null, timestamps); quoted and block scalars are strings;
 * - a key given twice keeps its last value (construct_mapping assigns in order);
 * - merge keys (`<<`) as flatten_mapping merges them: the merged pairs before the mapping's own, the
 *   first of a list of merged mappings winning.
 * What drydock-fn cannot read exactly as PyYAML does is a problem, never a guess: a raw character
 * PyYAML refuses or reads as a line break (NEL, U+2028, U+2029, a CR alone), a tab where PyYAML takes
 * none (anywhere but in a quoted scalar, a block scalar's content or a comment: PyYAML separates
 * tokens with spaces only), an explicit tag other than !!str and ! (with which PyYAML resolves even a
 * quoted scalar as a plain one), `=` or `<<` where PyYAML has no
 * constructor for them, a key that is a list or mapping, an alias bomb, more than one document, a
 * syntax error (with its line). Two such errors are PyYAML's leniency, not the file's, where PyYAML
 * reads what the YAML specification (and so `yaml`) does not: a quoted value continued on lines that
 * are not indented, and a `#` right after a closing quote or bracket, which PyYAML takes for a comment.
 */
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';

/** A timestamp PyYAML builds a date or datetime from; drydock-fn reads no value of that kind. */
export class PyYamlTimestamp {
  constructor(readonly text: string) {}
}

/**
 * A float (`1.0`, `.5`, `1:30.0`): kept apart from ints, which JavaScript's numbers would merge (Python
 * writes the float 1.0 as "1.0", the int 1 as "1").
 */
export class PyYamlFloat {
  constructor(readonly value: number) {}
}

export type PyYamlReading = { readonly value: unknown } | { readonly problem: string };

// PyYAML's implicit resolvers (resolver.py), for plain scalars only.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** Characters PyYAML's reader refuses (NON_PRINTABLE), and those it reads as line breaks where `yaml` does not. */
const REFUSED = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LINE_BREAKS = /[\x85\u2028\u2029]|\r(?!\n)/;

/** Nodes an alias may expand to in all, as PyYAML has no limit but drydock-fn must stay bounded. */
const NODE_BUDGET = 100_000;

class Unreadable extends Error {}

/** The value PyYAML's safe_load reads from `text`, or why drydock-fn cannot tell (never quoting the text). */
export function readAsPyYaml(text: string): PyYamlReading {
  const refused = REFUSED.exec(text) ?? LINE_BREAKS.exec(text);
  if (refused) {
    const code = `U+${(refused[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
    const why = LINE_BREAKS.test(refused[0]) ? 'a line break to PyYAML only' : 'a character PyYAML refuses';
    return { problem: `holds a raw ${code} (${why}) on line ${lineOf(text, refused.index)}` };
  }
  const lib = yaml();
  const docs = lib.parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, merge: false, prettyErrors: false });
  if (!Array.isArray(docs)) return { value: null };
  if (docs.length > 1) return { problem: `holds ${docs.length} YAML documents (PyYAML's safe_load reads one)` };
  const doc = docs[0];
  if (!doc) return { value: null };
  const lineOfError = (error: YAML.YAMLError): number => error.linePos?.[0].line ?? lineOf(text, error.pos[0]);
  const openQuote = doc.errors.find((error) => error.code === 'MISSING_CHAR' && /closing .?quote/.test(error.message));
  if (openQuote) {
    return { problem: `has a quoted value left open on line ${lineOfError(openQuote)} (a quoted value continued on lines that are not indented is read by PyYAML, not by the YAML specification nor drydock-fn)` };
  }
  const error = doc.errors[0];
  if (error) return { problem: `is not valid YAML (line ${lineOfError(error)}: ${error.code})` };
  const tab = misplacedTab(text);
  if (tab !== undefined) return { problem: `holds a tab where PyYAML reads none (line ${lineOf(text, tab)}: PyYAML separates with spaces only)` };
  const builder = { doc, nodes: 0, text };
  try {
    return { value: construct(builder, doc.contents) };
  } catch (problem) {
    if (problem instanceof Unreadable) return { problem: problem.message };
    throw problem;
  }
}

interface Builder {
  readonly doc: YAML.Document.Parsed;
  nodes: number;
  readonly text: string;
}

/**
 * The offset of the first tab PyYAML's scanner refuses: one in the white space between tokens or in
 * the indentation, in a plain scalar, or in the indentation of a block scalar's line; undefined when
 * every tab stands in a quoted scalar, a block scalar's content or a comment.
 */
function misplacedTab(text: string): number | undefined {
  if (!text.includes('\t')) return undefined;
  const lib = yaml();
  let offset = 0;
  let scalarNext = false;
  let blockNext = false;
  for (const source of new lib.Lexer().lex(text)) {
    const type = lib.CST.tokenType(source);
    const at = offset;
    offset += type === 'scalar' || type === 'doc-mode' || type === 'flow-error-end' ? 0 : source.length;
    if (type === 'scalar') {
      scalarNext = true;
      continue;
    }
    if (scalarNext) {
      // The source of a plain scalar, or a block scalar's body (which may start with a space).
      scalarNext = false;
      const tab = blockNext ? blockIndentTab(source) : source.indexOf('\t');
      blockNext = false;
      if (tab >= 0) return at + tab;
      continue;
    }
    if (type === 'block-scalar-header') blockNext = true;
    else if (type === 'space' && source.includes('\t')) return at + source.indexOf('\t');
  }
  return undefined;
}

/** In a block scalar's body, a tab within the indentation of a line (the first line's leading spaces); -1 when none. */
function blockIndentTab(body: string): number {
  // PyYAML counts spaces only: a line of spaces is blank, one with a tab has content.
  const blank = (line: string): boolean => /^ *$/.test(line);
  const lines = body.split('\n');
  const first = lines.find((line) => !blank(line));
  if (first === undefined) return -1;
  const indent = first.length - first.replace(/^ +/, '').length;
  let at = 0;
  for (const line of lines) {
    const tab = line.slice(0, indent + 1).indexOf('\t');
    if (tab >= 0 && tab < indent) return at + tab;
    at += line.length + 1;
  }
  return -1;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset && at < text.length; at++) if (text[at] === '\n') line++;
  return line;
}

function at(builder: Builder, node: YAML.Node): string {
  return `line ${lineOf(builder.text, node.range?.[0] ?? 0)}`;
}

function construct(builder: Builder, node: unknown): unknown {
  const lib = yaml();
  if (node === null || node === undefined) return null;
  if (++builder.nodes > NODE_BUDGET) throw new Unreadable(`expands its aliases to more than ${NODE_BUDGET} values`);
  if (lib.isAlias(node)) return construct(builder, resolveAlias(builder, node));
  const anchor = (node as YAML.Node).anchor;
  if (anchor !== undefined && !ANCHOR_NAME.test(anchor)) throw new Unreadable(`has an anchor name PyYAML refuses (${at(builder, node as YAML.Node)}: letters, digits, "-" and "_" only)`);
  if (lib.isScalar(node)) return scalar(builder, node);
  if (lib.isSeq(node)) {
    checkTag(builder, node, ['!', 'tag:yaml.org,2002:seq']);
    return node.items.map((item) => construct(builder, item));
  }
  if (lib.isMap(node)) {
    checkTag(builder, node, ['!', 'tag:yaml.org,2002:map']);
    const out: Record<string, unknown> = {};
    for (const pair of flattenPairs(builder, node)) {
      // `yaml` takes a line starting with ": " for a pair without a key, where PyYAML stops.
      const keyless = pair.key === null || pair.key === undefined || (lib.isScalar(pair.key) && pair.key.type === 'PLAIN' && pair.key.tag === undefined && pair.key.value === '');
      if (keyless) throw new Unreadable(`has a value without a key (${at(builder, pair.value as YAML.Node)}), which PyYAML does not read`);
      const key = construct(builder, pair.key);
      if (typeof key === 'object' && key !== null && !(key instanceof PyYamlTimestamp) && !(key instanceof PyYamlFloat)) throw new Unreadable(`has a key that is a list or a mapping (${at(builder, pair.key as YAML.Node)}), which PyYAML refuses`);
      const value = construct(builder, pair.value);
      // Only string keys can be looked up by name; PyYAML keeps 1, True or None apart from "1", "true", "null".
      if (typeof key === 'string') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  throw new Unreadable('holds a node drydock-fn does not read');
}

/** PyYAML's anchor and alias names (scan_anchor): ASCII letters, digits, "-" and "_". */
const ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;

/** The node an alias stands for; one with a name PyYAML refuses, or naming no anchor before it, is a problem. */
function resolveAlias(builder: Builder, alias: YAML.Alias): unknown {
  if (!ANCHOR_NAME.test(alias.source)) throw new Unreadable(`has an alias name PyYAML refuses (${at(builder, alias)}: letters, digits, "-" and "_" only)`);
  const target = alias.resolve(builder.doc);
  if (target === undefined) throw new Unreadable(`has an alias to no anchor (${at(builder, alias)})`);
  return target;
}

/** A node's explicit tag must be one of `allowed` (PyYAML builds other tags otherwise, or refuses them). */
function checkTag(builder: Builder, node: YAML.Node, allowed: readonly string[]): void {
  if (node.tag !== undefined && !allowed.includes(node.tag)) throw new Unreadable(`uses the tag ${JSON.stringify(node.tag)} (${at(builder, node)}), which drydock-fn does not read as PyYAML would`);
}

/** The pairs of a mapping as PyYAML's flatten_mapping orders them: merged pairs first, then its own. */
function flattenPairs(builder: Builder, map: YAML.YAMLMap): YAML.Pair[] {
  const lib = yaml();
  const merged: YAML.Pair[] = [];
  const own: YAML.Pair[] = [];
  const mergedPairsOf = (node: unknown): YAML.Pair[] => {
    const target = lib.isAlias(node) ? resolveAlias(builder, node) : node;
    if (!lib.isMap(target)) throw new Unreadable(`merges something other than a mapping (${at(builder, node as YAML.Node)}), which PyYAML refuses`);
    if (++builder.nodes > NODE_BUDGET) throw new Unreadable(`expands its aliases to more than ${NODE_BUDGET} values`);
    return flattenPairs(builder, target);
  };
  for (const pair of map.items) {
    const key = pair.key;
    if (lib.isScalar(key) && key.type === 'PLAIN' && key.tag === undefined && key.value === '<<') {
      const value = lib.isAlias(pair.value) ? resolveAlias(builder, pair.value) : pair.value;
      if (lib.isSeq(value)) merged.push(...[...value.items].reverse().flatMap(mergedPairsOf));
      else merged.push(...mergedPairsOf(pair.value));
    } else own.push(pair);
  }
  return [...merged, ...own];
}

function scalar(builder: Builder, node: YAML.Scalar): unknown {
  const text = String(node.value);
  // PyYAML resolves a scalar with the non-specific tag "!" as a plain one, quoted or not (parser.py).
  if (node.tag !== undefined && node.tag !== '!') {
    checkTag(builder, node, ['tag:yaml.org,2002:str']);
    return text;
  }
  if (node.type !== 'PLAIN' && node.tag === undefined) return text;
  if (BOOL.test(text)) return /^(?:yes|true|on)$/i.test(text);
  if (FLOAT.test(text)) return new PyYamlFloat(pythonFloat(text));
  if (INT.test(text)) return pythonInt(text);
  if (text === '<<' || text === '=') throw new Unreadable(`holds a plain ${text} (${at(builder, node)}), which PyYAML has no constructor for`);
  if (NULL.test(text)) return null;
  if (TIMESTAMP.test(text)) return new PyYamlTimestamp(text);
  return text;
}

/** construct_yaml_int: underscores dropped; 0b, 0x, a leading 0 (octal) and base 60. A number, or a bigint beyond 2^53. */
function pythonInt(text: string): number | bigint {
  let digits = text.replace(/_/g, '');
  let sign = 1n;
  if (digits[0] === '-' || digits[0] === '+') {
    if (digits[0] === '-') sign = -1n;
    digits = digits.slice(1);
  }
  let value: bigint;
  if (digits === '0') value = 0n;
  else if (digits.startsWith('0b')) value = BigInt(`0b${digits.slice(2) || '0'}`);
  else if (digits.startsWith('0x')) value = BigInt(`0x${digits.slice(2) || '0'}`);
  else if (digits[0] === '0') value = BigInt(`0o${digits.slice(1) || '0'}`);
  else if (digits.includes(':')) value = digits.split(':').reduce((total, part) => total * 60n + BigInt(part), 0n);
  else value = BigInt(digits);
  value *= sign;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** construct_yaml_float: underscores dropped, .inf and .nan, base 60. */
function pythonFloat(text: string): number {
  let digits = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (digits[0] === '-' || digits[0] === '+') {
    if (digits[0] === '-') sign = -1;
    digits = digits.slice(1);
  }
  if (digits === '.inf') return sign * Infinity;
  if (digits === '.nan') return NaN;
  if (digits.includes(':')) return sign * digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return sign * Number(digits);
}
