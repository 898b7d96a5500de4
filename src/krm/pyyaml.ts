/**
 * YAML read as PyYAML's `yaml.safe_load` reads it: how Open edX reads Tutor's env files (lms.env.yml),
 * so that what drydock-fn takes from them (hosts, buckets, the Celery broker, CONTACT_EMAIL) is what
 * the LMS uses. The text is parsed by `yaml` (its syntax is the same) with every scalar kept as text,
 * then built as PyYAML builds it by the walk both PyYAML readers share (pyyaml-construct.ts):
 * - plain scalars resolved and constructed by PyYAML's rules, whose one home is safe-load.ts
 *   (resolvePlainScalar: YAML 1.1 booleans yes/no/on/off but not y/n, ints with underscores, octal 0…,
 *   sexagesimal 1:20, floats that need a dot, ~ and the empty scalar for null, timestamps; a scalar
 *   PyYAML's constructor refuses, such as `0b_` or `2001-13-45`, is a problem); quoted and block
 *   scalars are strings;
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
import { correctImplicitKeyErrors } from './implicit-keys';
import { NON_PRINTABLE, STR_TAG, constructScalar, misplacedTab, resolvePlainScalar } from './safe-load';
import type { PyScalar } from './safe-load';
import { decline as declineToFullReader, readSimpleBlockYaml } from './read/simple-block';
import type { SimpleScalarRules } from './read/simple-block';
import { characterCode } from './unicode';
import { lineOf } from './text-scan';
import { Unconstructable, checkTag, constructPyYaml, lineAt, sourceOf } from './pyyaml-construct';
import type { ConstructContext } from './pyyaml-construct';

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

/** Characters PyYAML reads as line breaks where `yaml` does not. */
const LINE_BREAKS = /[\x85\u2028\u2029]|\r(?!\n)/;

/** The value PyYAML's safe_load reads from `text`, or why drydock-fn cannot tell (never quoting the text). */
export function readAsPyYaml(text: string): PyYamlReading {
  const refused = NON_PRINTABLE.exec(text) ?? LINE_BREAKS.exec(text);
  if (refused) {
    const why = LINE_BREAKS.test(refused[0]) ? 'a line break to PyYAML only' : 'a character PyYAML refuses';
    return { problem: `holds a raw ${characterCode(refused[0])} (${why}) on line ${lineOf(text, refused.index)}` };
  }
  const simple = readAsPyYamlSimply(text);
  return simple !== undefined ? { value: simple } : readAsPyYamlWithYaml(text);
}

/**
 * Tutor's env files are plain block YAML: the line reader takes them without the `yaml` package (in a
 * short run, loading and running it was a twentieth of the run). Undefined where the line reader
 * declines (and for long texts).
 */
export function readAsPyYamlSimply(text: string): unknown {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0 && lines <= SIMPLE_READER_MAX_LINES; at = text.indexOf('\n', at + 1)) lines++;
  return lines <= SIMPLE_READER_MAX_LINES ? readSimpleBlockYaml(text, PYYAML_SIMPLE_RULES) : undefined;
}

/** {@link readAsPyYaml} by the `yaml` package's parse and the walk PyYAML's readers share: any text that passed its character checks. */
export function readAsPyYamlWithYaml(text: string): PyYamlReading {
  const lib = yaml();
  const docs = lib.parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, merge: false, prettyErrors: false }) as YAML.Document.Parsed[];
  // PyYAML limits implicit keys as go-yaml does, by characters, in flow collections too.
  correctImplicitKeyErrors(text, docs);
  if (docs.length > 1) return { problem: `holds ${docs.length} YAML documents (PyYAML's safe_load reads one)` };
  const doc = docs[0];
  if (!doc) {
    const problem = emptyDocumentProblem(text);
    return problem ? { problem } : { value: null };
  }
  const lineOfError = (error: YAML.YAMLError): number => error.linePos?.[0].line ?? lineOf(text, error.pos[0]);
  const openQuote = doc.errors.find((error) => error.code === 'MISSING_CHAR' && /closing .?quote/.test(error.message));
  if (openQuote) {
    return { problem: quoteLeftOpen(`line ${lineOfError(openQuote)}`) };
  }
  const error = doc.errors[0];
  if (error) return { problem: `is not valid YAML (line ${lineOfError(error)}: ${error.code})` };
  // No value (`yaml` gives a document without one an empty plain scalar, never null): PyYAML reads None, or refuses the text.
  const contents = doc.contents;
  if (lib.isScalar(contents) && contents.type === 'PLAIN' && contents.tag === undefined && contents.value === '' && contents.anchor === undefined) {
    const problem = emptyDocumentProblem(text);
    return problem ? { problem } : { value: null };
  }
  const tab = misplacedTab(text);
  if (tab !== undefined) return { problem: `holds a tab where PyYAML reads none (line ${lineOf(text, tab)}: PyYAML separates with spaces only)` };
  try {
    return { value: constructPyYaml({ doc, text, scalar }, doc.contents) };
  } catch (problem) {
    if (problem instanceof Unconstructable) return { problem: problem.message };
    throw problem;
  }
}

function quoteLeftOpen(where: string): string {
  return `has a quoted value left open on ${where} (a quoted value continued on lines that are not indented is read by PyYAML, not by the YAML specification nor drydock-fn)`;
}

/** A quoted scalar's source, closed: `yaml` cuts an open one at a line that is not indented, without an error. */
const CLOSED_QUOTED: Readonly<Record<string, RegExp>> = { QUOTE_SINGLE: /^'(?:[^']|'')*'$/, QUOTE_DOUBLE: /^"(?:[^"\\]|\\[\s\S])*"$/ };

/** A scalar as PyYAML constructs it, typed: floats, timestamps and big ints kept apart. */
function scalar(node: YAML.Scalar, context: ConstructContext): unknown {
  const closed = CLOSED_QUOTED[node.type ?? ''];
  if (closed && node.range && !closed.test(context.text.slice(node.range[0], node.range[1]))) throw new Unconstructable(quoteLeftOpen(lineAt(context, node)));
  // Of the explicit tags, !!str and the non-specific "!" only: drydock-fn reads no other in an env file.
  if (node.tag !== '!') checkTag(context, node, [STR_TAG]);
  // Tagged !!str or not, a block scalar's value is its text as PyYAML reads it.
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return blockScalar(context.text, node, String(node.value));
  const resolved = constructScalar(node);
  if (resolved === undefined) {
    const text = sourceOf(node);
    if (text === '<<' || text === '=') throw new Unconstructable(`holds a plain ${text} (${lineAt(context, node)}), which PyYAML has no constructor for`);
    throw new Unconstructable(`holds a ${resolvedTypeOf(text)} PyYAML cannot construct (${lineAt(context, node)})`);
  }
  return typedScalar(resolved, sourceOf(node));
}

/**
 * PyYAML's rules for the line reader (read/simple-block.ts), which reads the plain block style Tutor
 * writes its env files in without the `yaml` package: plain scalars resolved as above, a plain key
 * only when PyYAML reads it as a string, double quotes without `\/` or escaped surrogates (where
 * PyYAML's reading is its own); what PyYAML cannot construct is left to the full reader, which names
 * the problem.
 */
const PYYAML_SIMPLE_RULES: SimpleScalarRules = {
  // resolvePlainScalar gives nothing where PyYAML's constructor fails (`<<` and `=` among them).
  plain: (text) => {
    const resolved = resolvePlainScalar(text);
    return resolved === undefined ? declineToFullReader() : typedScalar(resolved, text);
  },
  plainKey: (text) => (resolvePlainScalar(text)?.type === 'str' ? text : declineToFullReader()),
  declinesEscapes: (body) => /\\(?:\/|u[dD][89a-fA-F])/.test(body),
  declinesBlockAtUnterminatedEnd: true,
};

/** Larger texts are left to the full reader, which counts the values it builds (NODE_BUDGET). */
const SIMPLE_READER_MAX_LINES = 10_000;

/** The value of a resolved scalar as drydock-fn keeps it. */
function typedScalar(resolved: PyScalar, source: string): unknown {
  switch (resolved.type) {
    case 'float':
      return new PyYamlFloat(resolved.value as number);
    case 'int':
      // Beyond 2^53, the exact integer Python holds.
      return Number.isSafeInteger(resolved.value) ? resolved.value : BigInt(resolved.text);
    case 'timestamp':
      return new PyYamlTimestamp(source);
    default:
      return resolved.value;
  }
}

/**
 * A block scalar's value as PyYAML reads it: when its last line with content ends the text without a
 * line break, PyYAML keeps no break after it (clip and keep chomping alike), where `yaml` adds one.
 */
function blockScalar(source: string, node: YAML.Scalar, value: string): string {
  const range = node.range;
  if (!range || !value.endsWith('\n')) return value;
  // The last character of the text that is not white: never before the node, whose range starts at its `|` or `>`.
  const lastContent = source.search(/[^ \t\r\n][ \t\r\n]*$/);
  if (lastContent >= range[1] || source.includes('\n', lastContent)) return value;
  return value.slice(0, -1);
}

/**
 * Why PyYAML refuses a text that holds no value (`yaml` reads null), or undefined when PyYAML reads
 * None too: a line other than comments, blank lines, `---` and the directives before it, such as a
 * tab (also after `---` or `...`: PyYAML separates with spaces only), a document end `...` before any
 * document start, or a directive with no document after it. A byte order mark starting the text is
 * no line's content (PyYAML's reader drops it).
 */
function emptyDocumentProblem(text: string): string | undefined {
  let started = false;
  let directiveLine: number | undefined;
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/^ *(?:#.*)?$/.test(line)) continue;
    if (/^---(?: +(?:#.*)?)?$/.test(line)) {
      started = true;
      directiveLine = undefined;
    } else if (/^\.\.\.(?: +(?:#.*)?)?$/.test(line)) {
      if (!started) return `is not a YAML document PyYAML reads (line ${index + 1}: a document end "..." before any document)`;
    } else if (line.startsWith('%') && !started) directiveLine ??= index + 1;
    else return `is not a YAML document PyYAML reads (line ${index + 1}: ${/\t/.test(line) ? 'a tab, which PyYAML reads as no token' : 'no value'})`;
  }
  if (directiveLine !== undefined) return `is not a YAML document PyYAML reads (line ${directiveLine}: a directive with no document "---" after it)`;
  return undefined;
}

/** What PyYAML's resolver takes a plain scalar for that its constructor then refuses (`0b_`, `2001-13-45`). */
function resolvedTypeOf(text: string): string {
  if (/^[-+]?0b/.test(text)) return 'binary integer';
  if (/^[-+]?0x/.test(text)) return 'hexadecimal integer';
  return 'date or time';
}
