/**
 * YAML read as Tutor reads config.yml: PyYAML's `yaml.safe_load`, YAML 1.1. A plain scalar is
 * resolved by PyYAML's own rules (resolver.py, constructor.py), which neither the `yaml` package's
 * yaml-1.1 schema nor js-yaml follow: `yes`, `on` and `off` are booleans but `y` and `n` are text,
 * `050` is octal (40) but `08` is text, `1_7` is 17, `1:20` is 80 (base 60), `1e5` is text but
 * `1.0e+5` a float, `2001-12-14` a date. The `yaml` package reads the structure (quotes, flow
 * collections, anchors), with these rules in place of its schema; pyyaml-construct.ts builds the values.
 *
 * Every scalar also has its text as Python's `str()` writes it: what a Tutor template renders from it
 * (`{{ NAME }}` gives `True`, `40`, `1.0`, `2001-12-14 21:59:43+00:00`).
 */
import type * as YAML from 'yaml';
import type { ScalarTag } from 'yaml';
import { yaml } from './yaml-lib';
import { correctImplicitKeyErrors } from './implicit-keys';
import { characterCode } from './unicode';
import { ANCHOR_NAME, Unconstructable, aliasTarget, constructPyYaml, isMergeKey } from './pyyaml-construct';

/** A scalar as safe_load constructs it. */
export interface PyScalar {
  readonly type: 'null' | 'bool' | 'int' | 'float' | 'timestamp' | 'str';
  /** The value in JavaScript: a timestamp is its text (Python's str of the date or datetime). */
  readonly value: null | boolean | number | string;
  /** Python's str() of the value: what a Tutor template renders. */
  readonly text: string;
}

/** What safe_load makes of a text. */
export type SafeLoadReading =
  /** A value. `scalar`: the document is one scalar, as constructed. */
  | { readonly kind: 'value'; readonly value: unknown; readonly scalar?: PyScalar }
  /**
   * Not YAML to PyYAML (or not to the `yaml` package, which then cannot say): no value. `problem` may
   * quote the text (the `yaml` package's messages do): never show it with a secret.
   */
  | { readonly kind: 'unreadable'; readonly problem: string }
  /**
   * YAML that PyYAML reads as something drydock-fn does not model (binary data, a set …), or that
   * drydock-fn cannot read as PyYAML does. `problem` is a noun phrase that never quotes the text.
   */
  | { readonly kind: 'unsupported'; readonly problem: string };

// PyYAML's implicit resolvers (resolver.py), for plain scalars only.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
/** The merge key and YAML 1.1's value key: safe_load has no constructor for either as a value. */
const NO_CONSTRUCTOR = /^(?:<<|=)$/;
/** The constructor's own timestamp pattern (constructor.py), with its parts. */
const TIMESTAMP_PARTS =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;

const NONE: PyScalar = { type: 'null', value: null, text: 'None' };

/**
 * A plain scalar's value as safe_load resolves and constructs it, or undefined where PyYAML fails
 * (`0b_`, `2001-13-45`, `=`, `<<`).
 */
export function resolvePlainScalar(source: string): PyScalar | undefined {
  if (BOOL.test(source)) {
    const value = /^(?:yes|true|on)$/i.test(source);
    return { type: 'bool', value, text: value ? 'True' : 'False' };
  }
  if (FLOAT.test(source)) return constructFloat(source);
  if (INT.test(source)) return constructInt(source);
  if (NULL.test(source)) return NONE;
  if (TIMESTAMP.test(source)) return constructTimestamp(source);
  if (NO_CONSTRUCTOR.test(source)) return undefined;
  return { type: 'str', value: source, text: source };
}

/** construct_yaml_int: underscores dropped; 0b binary, 0x hexadecimal, a leading 0 octal, colons base 60. */
function constructInt(source: string): PyScalar | undefined {
  let digits = source.replace(/_/g, '');
  const negative = digits.startsWith('-');
  if (/^[-+]/.test(digits)) digits = digits.slice(1);
  let magnitude: bigint;
  try {
    if (digits === '0') magnitude = 0n;
    else if (digits.startsWith('0b') || digits.startsWith('0x')) magnitude = BigInt(digits);
    else if (digits.startsWith('0')) magnitude = BigInt(`0o${digits.slice(1)}`);
    else if (digits.includes(':')) magnitude = digits.split(':').reduce((sum, part) => sum * 60n + BigInt(part), 0n);
    else magnitude = BigInt(digits);
  } catch {
    return undefined; // `0b_`: int('', 2) fails in Python too
  }
  const integer = negative ? -magnitude : magnitude;
  return { type: 'int', value: Number(integer), text: integer.toString() };
}

/** construct_yaml_float: underscores dropped, case ignored, colons base 60 (summed as Python sums them). */
function constructFloat(source: string): PyScalar {
  let text = source.replace(/_/g, '').toLowerCase();
  const sign = text.startsWith('-') ? -1 : 1;
  if (/^[-+]/.test(text)) text = text.slice(1);
  let value: number;
  if (text === '.inf') value = sign * Infinity;
  else if (text === '.nan') value = NaN;
  else if (text.includes(':')) {
    let sum = 0;
    let base = 1;
    for (const digit of text.split(':').map(Number).reverse()) {
      sum += digit * base;
      base *= 60;
    }
    value = sign * sum;
  } else value = sign * Number(text);
  return { type: 'float', value, text: pythonFloatText(value) };
}

/** Python's repr() (and str()) of a float: the shortest digits that read back, in Python's layout. */
export function pythonFloatText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  // float_repr_style 'short', format 'r': exponent notation when the decimal point would be more than 16 places right or 4 left.
  const point = exponent + 1;
  if (point > 16 || point <= -4) {
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * construct_yaml_timestamp: a datetime.date, or a datetime.datetime (microseconds from the first six
 * digits of the fraction; with a time zone, aware). Its value here is its text as Python's str()
 * writes it; undefined where Python refuses the date, time or offset.
 */
function constructTimestamp(source: string): PyScalar | undefined {
  const parts = TIMESTAMP_PARTS.exec(source);
  if (!parts) return undefined;
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction, zone, zoneSign, zoneHours, zoneMinutes] = parts;
  const [year, month, day] = [Number(yearText), Number(monthText), Number(dayText)];
  const leapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !leapYear ? 1 : 0);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (hourText === undefined) return { type: 'timestamp', value: date, text: date };
  const [hour, minute, second] = [Number(hourText), Number(minuteText), Number(secondText)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const microseconds = fraction ? Number(fraction.slice(0, 6).padEnd(6, '0')) : 0;
  let offset = '';
  if (zoneSign) {
    const minutes = Number(zoneHours) * 60 + Number(zoneMinutes ?? 0);
    if (minutes >= 24 * 60) return undefined; // datetime.timezone takes less than a day
    offset = `${zoneSign === '-' && minutes > 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  } else if (zone) offset = '+00:00';
  const text = `${date} ${pad(hour)}:${pad(minute)}:${pad(second)}${microseconds > 0 ? `.${pad(microseconds, 6)}` : ''}${offset}`;
  return { type: 'timestamp', value: text, text };
}

// ---------------------------------------------------------------------------------------------
// Reading a text

/** Plain scalars read without the `yaml` package: no indicator, space or line break, nothing but one plain scalar. */
const SIMPLE_PLAIN = /^(?!-$|---|\.\.\.)[A-Za-z0-9_.~+/=-][A-Za-z0-9_.~+/=@-]*$/;

/**
 * Characters PyYAML's reader refuses anywhere in a stream (reader.py NON_PRINTABLE): C0 controls but
 * tab, LF and CR, DEL, C1 controls but NEL, surrogates, U+FFFE and U+FFFF.
 */
export const NON_PRINTABLE = /[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** Line breaks to YAML 1.1 only. */
const YAML11_BREAK = /[\x85\u2028\u2029]/;
const YAML11_BREAKS = /[\x85\u2028\u2029]/g;
/**
 * A YAML 1.1 line break where reading it as a break changes the text: U+0085 anywhere (PyYAML reads
 * it as LF, folded into a space), U+2028 and U+2029 next to white space or another break, at an end,
 * after a backslash (an escaped break in double quotes) or a colon (a mapping's value indicator), after
 * an indicator or document marker that starts the text, or before a comment or a document marker.
 * Elsewhere in one plain or quoted scalar, PyYAML keeps U+2028 and U+2029 as they are, as the `yaml`
 * package does.
 */
const BREAK_WITH_EFFECT = /\x85|(?:^|[ \t\r\n\u2028\u2029\\:]|^[-?]|^---|^\.\.\.)[\u2028\u2029]|[\u2028\u2029](?:$|[ \t\r\n\x85\u2028\u2029#]|---|\.\.\.)/;

const BREAKS_UNREAD = 'a raw U+0085, U+2028 or U+2029, a line break to YAML 1.1, outside any value';
/** Such a break in a config.yml value, where PyYAML does not read it as a quoted scalar's character: safeLoadMapping refuses the whole text. */
const BREAK_IN_VALUE = { kind: 'unsupported', problem: 'a raw U+0085, U+2028 or U+2029, a line break to YAML 1.1, in a value where PyYAML may read other settings after it' } as const;
/** A refusal of the `yaml` package, or of the checks before it, in a text holding a YAML 1.1 line break: PyYAML may read it. */
const BREAKS_UNCERTAIN = { kind: 'unsupported', problem: 'a raw U+0085, U+2028 or U+2029, a line break to YAML 1.1, where drydock-fn cannot tell what PyYAML reads' } as const;

/** The tags safe_load constructs (SafeConstructor); any other makes PyYAML refuse the text. */
const SAFE_LOAD_TAGS = new Set(['null', 'bool', 'int', 'float', 'binary', 'timestamp', 'omap', 'pairs', 'set', 'str', 'seq', 'map'].map((name) => `tag:yaml.org,2002:${name}`));

let tags: ScalarTag[] | undefined;

/** PyYAML's scalar types as tags of the `yaml` package (the failsafe schema gives map, seq and str). */
function pyyamlTags(): ScalarTag[] {
  if (tags) return tags;
  const tag = (name: string, test: RegExp): ScalarTag => ({
    tag: `tag:yaml.org,2002:${name}`,
    default: true,
    test,
    identify: () => false,
    resolve(source, onError) {
      const scalar = resolvePlainScalar(source);
      if (!scalar || scalar.type !== name) {
        onError(`PyYAML cannot construct this ${name}`);
        return source;
      }
      return scalar.value;
    },
  });
  // YAML 1.1's value key `=`: safe_load has no constructor for it.
  const valueKey: ScalarTag = { tag: 'tag:yaml.org,2002:value', default: true, test: /^=$/, identify: () => false, resolve: (source, onError) => (onError('PyYAML has no constructor for ='), source) };
  tags = [tag('bool', BOOL), tag('float', FLOAT), tag('int', INT), tag('null', NULL), tag('timestamp', TIMESTAMP), valueKey];
  return tags;
}

/**
 * `lines` (a text with its YAML 1.1 line breaks made line feeds) parsed by the `yaml` package with
 * safe_load's reading options, and implicit keys limited as PyYAML limits them (by characters, in
 * flow collections too: implicit-keys.ts).
 */
function parseAsSafeLoad(lines: string): YAML.Document.Parsed {
  const doc = yaml().parseDocument(lines, {
    version: '1.1',
    schema: 'failsafe',
    customTags: (failsafe) => [...failsafe, ...pyyamlTags()],
    resolveKnownTags: false,
    // safe_load keeps the last of two equal keys.
    uniqueKeys: false,
    strict: true,
    prettyErrors: false,
  });
  correctImplicitKeyErrors(lines, [doc]);
  return doc;
}

/**
 * Reads `text` as safe_load does. A document that is one plain scalar without indicators is resolved
 * at once; anything else is parsed by the `yaml` package (loaded only then).
 */
export function safeLoad(text: string): SafeLoadReading {
  if (SIMPLE_PLAIN.test(text)) {
    const scalar = resolvePlainScalar(text);
    return scalar ? { kind: 'value', value: scalar.value, scalar } : { kind: 'unreadable', problem: 'PyYAML has no constructor for this scalar' };
  }
  const problem = scannerProblem(text);
  if (problem) return problem;
  const lines = withLineFeeds(text);
  return readingOf(parseAsSafeLoad(lines), lines);
}

/**
 * A top-level mapping (config.yml) read as safe_load does: each text key's reading, in order (the
 * last of equal keys wins); or what makes the whole text unreadable (to PyYAML, or to drydock-fn as
 * PyYAML reads it). A value PyYAML refuses spoils the whole text, as it does for PyYAML; one
 * safe_load reads as something no setting takes spoils its own entry only.
 */
export function safeLoadMapping(text: string): { readonly entries: readonly [string, SafeLoadReading][] } | { readonly problem: string } {
  const problem = scannerProblem(text);
  if (problem) return { problem: problem.problem };
  const lib = yaml();
  const lines = withLineFeeds(text);
  const doc = parseAsSafeLoad(lines);
  if (doc.errors.length > 0) return { problem: doc.errors[0].message.split('\n')[0] };
  const contents = doc.contents;
  if (contents === null) return YAML11_BREAK.test(lines) ? { problem: BREAKS_UNREAD } : { entries: [] };
  if (!lib.isMap(contents)) return { problem: 'not a mapping of settings' };
  const entries = new Map<string, SafeLoadReading>();
  const valueRanges: [number, number][] = [];
  let merged = false;
  for (const pair of contents.items) {
    // A merge key, or one tagged !!merge: read whole below (where the tag is refused).
    const mergeKey = isMergeKey(pair.key) || (lib.isScalar(pair.key) && pair.key.tag === 'tag:yaml.org,2002:merge');
    merged ||= mergeKey;
    // An alias key is the node its anchor names to PyYAML (`*k : v` sets the setting that text names).
    const keyNode = lib.isAlias(pair.key) ? aliasTarget(doc, pair.key) : pair.key;
    if (keyNode === undefined) return { problem: unresolvedAlias((pair.key as YAML.Alias).source) };
    const key = mergeKey ? undefined : settingKey(keyNode);
    if (typeof key === 'object') return key;
    if (key === undefined || !lib.isNode(pair.value)) continue;
    // From the end of the key: the value's tag and anchor come before its own range.
    const span: [number, number] = [pair.key.range?.[1] ?? 0, pair.value.range?.[2] ?? lines.length];
    entries.delete(key);
    entries.set(key, nodeReading(doc, pair.value, lines, span));
    valueRanges.push(span);
  }
  // A value PyYAML refuses (an unknown tag, `0b_`) makes it refuse the whole text.
  for (const reading of entries.values()) if (reading.kind === 'unreadable') return { problem: reading.problem };
  // A YAML 1.1 line break in a value's span that PyYAML does not read as a character of a quoted
  // scalar (in the value's comment, between its items, in a plain scalar): what follows it may be other
  // settings to PyYAML (`b: 2 # c\u2028a: 1` is {b: 2, a: 1}), so the whole text, as outside the values.
  for (const reading of entries.values()) if (reading === BREAK_IN_VALUE) return { problem: reading.problem };
  // A YAML 1.1 line break outside the values (in a key, a comment): PyYAML's structure may not be this one.
  for (const found of lines.matchAll(YAML11_BREAKS)) {
    if (!valueRanges.some(([from, to]) => (found.index as number) >= from && (found.index as number) < to)) return { problem: BREAKS_UNREAD };
  }
  if (merged) {
    // Keys a merge key brings in (explicit keys win), as values without their Python text.
    const whole = nodeReading(doc, contents, lines);
    if (whole.kind !== 'value') return { problem: whole.problem };
    for (const [key, value] of Object.entries(whole.value as Record<string, unknown>)) if (!entries.has(key)) entries.set(key, { kind: 'value', value });
  }
  return { entries: [...entries] };
}

/** CR LF and a CR alone are line breaks to PyYAML, as LF: the `yaml` package reads a CR alone as a character. */
function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * What PyYAML's reader and scanner refuse that the `yaml` package reads: a raw character of
 * {@link NON_PRINTABLE}, a tab anywhere but in a quoted or block scalar or a comment (PyYAML
 * separates tokens with spaces only, and a tab ends a plain scalar), a `?` in a plain scalar inside
 * brackets or braces (PyYAML ends the scalar there), an anchor or alias name of other characters than
 * ASCII letters, digits, `-` and `_`, a byte order mark the `yaml` package skips after the start.
 */
function scannerProblem(text: string): Exclude<SafeLoadReading, { kind: 'value' }> | undefined {
  const unprintable = NON_PRINTABLE.exec(text);
  if (unprintable) return { kind: 'unreadable', problem: `PyYAML refuses the raw character ${characterCode(unprintable[0])}` };
  // The lexer below does not know YAML 1.1's line breaks: with one, what it finds may not be what PyYAML sees.
  const refused = (problem: string): Exclude<SafeLoadReading, { kind: 'value' }> => (YAML11_BREAK.test(text) ? BREAKS_UNCERTAIN : { kind: 'unreadable', problem });
  if (misplacedTab(withLineFeeds(text)) !== undefined) return refused('a tab outside quotes, a block scalar and a comment, which PyYAML refuses');
  if (!/[&*?]/.test(text) && text.indexOf('\ufeff', 1) < 0) return undefined;
  const { Lexer, CST } = yaml();
  let blockHeader = false;
  let scalarNext = false;
  let flowLevel = 0;
  let first = true;
  for (const token of new Lexer().lex(withLineFeeds(text))) {
    // A byte order mark is skipped at the start of the text only: elsewhere it is a character to PyYAML.
    if (CST.tokenType(token) === 'byte-order-mark' && !first) return { kind: 'unsupported', problem: 'a byte order mark after the start, a character to PyYAML' };
    first = false;
    if (token === CST.SCALAR) {
      scalarNext = true;
      continue;
    }
    if (token === CST.DOCUMENT || token === CST.FLOW_END) continue;
    const type = CST.tokenType(token);
    const scalarContent = scalarNext;
    scalarNext = false;
    const blockContent = scalarContent && blockHeader;
    if (type === 'block-scalar-header') blockHeader = true;
    else if (scalarContent) blockHeader = false;
    if (type === 'flow-map-start' || type === 'flow-seq-start') flowLevel++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flowLevel = Math.max(0, flowLevel - 1);
    // PyYAML ends the scalar there and reads a key indicator: seldom what the `yaml` package reads.
    if (scalarContent && !blockContent && flowLevel > 0 && token.includes('?')) return { kind: 'unsupported', problem: 'a ? in a plain scalar inside brackets or braces' };
    if ((type === 'anchor' || type === 'alias') && !ANCHOR_NAME.test(token.slice(1))) return refused('an anchor or alias name PyYAML refuses (ASCII letters, digits, - and _ only)');
  }
  return undefined;
}

/**
 * The offset of the first tab PyYAML's scanner refuses: one in the white space between tokens or in
 * the indentation, in a plain scalar, or in the indentation of a block scalar's line; undefined when
 * every tab stands in a quoted scalar, a block scalar's content or a comment.
 */
export function misplacedTab(text: string): number | undefined {
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

/** The reading of a parsed document (`text` its source). */
function readingOf(doc: YAML.Document.Parsed, text: string): SafeLoadReading {
  // The `yaml` package does not know YAML 1.1's line breaks: with one, its refusal is not PyYAML's.
  if (doc.errors.length > 0) return YAML11_BREAK.test(text) ? BREAKS_UNCERTAIN : { kind: 'unreadable', problem: doc.errors[0].message.split('\n')[0] };
  if (doc.contents === null) return YAML11_BREAK.test(text) ? { kind: 'unsupported', problem: BREAKS_UNREAD } : { kind: 'value', value: null, scalar: NONE };
  return nodeReading(doc, doc.contents, text);
}

/**
 * The reading of one node of a parsed document (`text` its source): the whole document's content, or
 * a value in it whose text (its tag and anchor included) is `span`. Tag problems and YAML 1.1 line
 * breaks count within the span (the whole text for the document's content).
 */
function nodeReading(doc: YAML.Document.Parsed, node: YAML.Node, text: string, span?: readonly [number, number]): SafeLoadReading {
  const lib = yaml();
  const root = span === undefined;
  const [from, to] = span ?? [0, text.length];
  const breaks = YAML11_BREAK.test(text.slice(from, to));
  // The `yaml` package does not know YAML 1.1's line breaks: with one, its refusal is not PyYAML's.
  const refused = (problem: string): Exclude<SafeLoadReading, { kind: 'value' }> => (breaks ? BREAKS_UNCERTAIN : { kind: 'unreadable', problem });
  const accepted: [number, number][] = [];
  let unknownTag = false;
  let recursive = false;
  let unresolved: string | undefined;
  let noConstructor = false;
  let nonTextKey = false;
  lib.visit(node, (_key, item) => {
    // A tag safe_load has no constructor for (`!mine`, `!!python/name`): PyYAML refuses the text.
    if ((lib.isScalar(item) || lib.isCollection(item)) && item.tag !== undefined && item.tag !== '!' && !SAFE_LOAD_TAGS.has(item.tag)) unknownTag = true;
  });
  lib.visit(node, {
    Scalar(key, scalar) {
      // `<<` is a merge key as a key; elsewhere safe_load has no constructor for it (yaml reads text).
      if (key !== 'key' && scalar.type === 'PLAIN' && scalar.tag === undefined && scalar.source === '<<') noConstructor = true;
      // The non-specific tag `!`: PyYAML resolves the scalar as if it had none; yaml reads it as text.
      if (scalar.tag === '!') {
        const resolved = resolvePlainScalar(String(scalar.source));
        if (resolved) scalar.value = resolved.value;
        else noConstructor = true;
      }
      // YAML 1.1 line breaks, characters to the `yaml` package: kept as they are by PyYAML inside a
      // quoted scalar, or a plain one that is the whole document, where nothing white, no escape, no
      // colon, no comment and no document marker stands next to them; not in a key (PyYAML refuses a
      // key written without `?` over lines, and one with it is not worth telling apart).
      if (breaks && key !== 'key' && scalar.range && (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE' || (scalar.type === 'PLAIN' && root && scalar === node))) {
        if (!BREAK_WITH_EFFECT.test(text.slice(scalar.range[0], scalar.range[1]))) accepted.push([scalar.range[0], scalar.range[1]]);
      }
    },
    Pair(_key, pair) {
      // A key that is not text (null, a number, a list …): PyYAML keeps it so; no setting has such keys.
      const keyNode = lib.isAlias(pair.key) ? aliasTarget(doc, pair.key) : pair.key;
      const mergeKey = isMergeKey(pair.key);
      // As constructed: a key tagged `!` is resolved as a plain scalar (`! : x` has the key None).
      const keyValue = lib.isScalar(keyNode) ? constructScalar(keyNode)?.value : undefined;
      if (!mergeKey && typeof keyValue !== 'string') nonTextKey = true;
    },
    Alias(_key, alias, path) {
      // PyYAML builds a list or mapping that holds itself: no setting is one.
      const target = aliasTarget(doc, alias);
      if (target === node || path.includes(target as never)) recursive = true;
      unresolved ??= target === undefined ? alias.source : undefined;
    },
  });
  if (unknownTag) return refused('a tag safe_load has no constructor for');
  // A tag of safe_load's that no setting takes (binary data, a set, an ordered map), or whose text
  // PyYAML would construct otherwise or not at all (`!!float 1`, `!!int x`). Named, never quoted: the
  // tag is part of the value, which may be a secret.
  if (doc.warnings.some((warning) => warning.pos[0] >= from && warning.pos[0] < to)) {
    return { kind: 'unsupported', problem: 'a tag safe_load constructs as something no setting is (binary data, a set, an ordered map …), or not from this text' };
  }
  if (noConstructor) return refused('PyYAML has no constructor for a scalar (<< as a value, or a value it cannot construct)');
  if (nonTextKey) return { kind: 'unsupported', problem: 'a mapping key that is not text (null, a boolean, a number, a list …)' };
  if (recursive) return { kind: 'unsupported', problem: 'an alias inside the node it names (a structure that holds itself)' };
  if (breaks) {
    for (const found of text.slice(from, to).matchAll(YAML11_BREAKS)) {
      const at = from + (found.index as number);
      if (!accepted.some(([first, last]) => at >= first && at < last)) {
        // A value of config.yml (a span): PyYAML may read other settings after the break.
        return root ? { kind: 'unsupported', problem: `a raw ${characterCode(found[0])}, a line break to YAML 1.1, where its reading would change the text` } : BREAK_IN_VALUE;
      }
    }
  }
  if (unresolved !== undefined) return refused(unresolvedAlias(unresolved));
  try {
    const value = constructPyYaml({ doc, text, scalar: scalarValue }, node);
    const scalar = lib.isScalar(node) ? constructScalar(node) : undefined;
    return { kind: 'value', value, ...(scalar ? { scalar } : {}) };
  } catch (error) {
    return refused((error as Error).message.split('\n')[0]);
  }
}

/** A scalar's value as safe_load constructs it (a timestamp as its text); the checks above refused what it cannot construct. */
function scalarValue(node: YAML.Scalar): unknown {
  const scalar = constructScalar(node);
  if (!scalar) throw new Unconstructable('PyYAML has no constructor for a scalar');
  return scalar.value;
}

export const STR_TAG = 'tag:yaml.org,2002:str';

/**
 * A scalar node as safe_load constructs it: text when quoted, a block or tagged !!str; else (plain, or
 * tagged `!` or with a type) resolved by PyYAML's rules. Undefined where PyYAML has no constructor.
 */
export function constructScalar(node: YAML.Scalar): PyScalar | undefined {
  const tag = node.tag;
  if (tag === STR_TAG || (tag === undefined && node.type !== 'PLAIN') || typeof node.source !== 'string') {
    return typeof node.value === 'string' ? { type: 'str', value: node.value, text: node.value } : undefined;
  }
  return resolvePlainScalar(node.source);
}

/**
 * A key of config.yml as safe_load constructs it (an alias key: the node it names): its text, a
 * setting's name (only a scalar gives one); undefined for a key that is no text (a number, a boolean,
 * null, a date), and so no setting; or what makes PyYAML refuse the whole text (a list or mapping as a
 * key, unhashable; a tag it has no constructor for), or may (a key tagged with one of its types:
 * `!!null k` is None, `!!int 1.5` refused).
 */
function settingKey(key: unknown): string | undefined | { readonly problem: string } {
  const lib = yaml();
  if (lib.isCollection(key)) return { problem: 'a list or mapping as a mapping key, which PyYAML refuses' };
  if (!lib.isScalar(key)) return undefined;
  if (key.tag !== undefined && key.tag !== '!' && key.tag !== STR_TAG) {
    return { problem: SAFE_LOAD_TAGS.has(key.tag) ? 'a mapping key tagged with a type (!!null, !!int …), which PyYAML constructs as no text or refuses' : 'a tag safe_load has no constructor for' };
  }
  const scalar = constructScalar(key);
  if (!scalar) return { problem: 'PyYAML has no constructor for a scalar (<< as a value, or a value it cannot construct)' };
  return scalar.type === 'str' ? scalar.text : undefined;
}

/** An alias before its anchor, in the `yaml` package's words, as this reading has always said it. */
function unresolvedAlias(source: string): string {
  return `Unresolved alias (the anchor must be set before the alias): ${source}`;
}
