/**
 * A Python module's statements as Python's tokenizer finds them: string literals of every prefix and
 * quote form (triple quotes, raw, bytes, f-strings), comments, brackets and line continuations, so
 * that a line inside a triple-quoted string or a bracket is never taken for a statement. And the
 * values of literals, decoded exactly or not at all. What this reader cannot read as every Python
 * reads it is a problem, never a guess: the readers of Tutor's settings (openedx-settings.ts) then
 * refuse to evaluate.
 */

export type PythonToken =
  /** An identifier, NFKC-normalised as Python compares identifiers. */
  | { readonly kind: 'name'; readonly text: string }
  /** A string literal: its prefix (lower case), quote and the text between the quotes, undecoded. */
  | { readonly kind: 'string'; readonly prefix: string; readonly body: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'op'; readonly text: string };

export interface PythonStatement {
  readonly tokens: readonly PythonToken[];
  /** Inside a block: the line is indented, or is (part of) a compound statement's line (`if x: NAME = 1`). */
  readonly nested: boolean;
}

class PythonSourceProblem extends Error {}

const COMPOUND_KEYWORDS = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'def', 'class', 'async', 'match', 'case']);
/** Python 3.12's MAXFSTRINGLEVEL. */
const MAX_FSTRING_NESTING = 150;
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);
const OPERATORS = ['**=', '//=', '>>=', '<<=', '...', '!=', '%=', '&=', '**', '*=', '+=', '-=', '->', '//', '/=', ':=', '<<', '<=', '==', '>=', '>>', '@=', '^=', '|=', ...'%&()*+,-./:;<=>@[]^{|}~'];
/** The operators, longest first: one sticky match instead of a look at each. */
const OPERATOR = new RegExp(OPERATORS.map((op) => op.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')).join('|'), 'y');
const IDENTIFIER = /[\p{L}\p{Nl}_\u1885\u1886\u2118\u212e\u309b\u309c][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u00b7\u0387\u1369-\u1371\u19da\u200c\u200d\u30fb\uff65_\u1885\u1886\u2118\u212e\u309b\u309c]*/uy;
const NUMBER = /0[xXoObB][0-9a-fA-F_]*|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?[jJ]?/y;

/**
 * The last modules read: one run asks several questions of the same settings module (the forum's
 * database, MongoDB's parameters, whether the forum is on), and reading it is most of each answer.
 */
const recentModules = new Map<string, readonly PythonStatement[] | { problem: string }>();
const RECENT_MODULES = 8;

/** The statements of a module, in order; or why they cannot be found as Python finds them. */
export function pythonStatements(source: string): readonly PythonStatement[] | { problem: string } {
  const known = recentModules.get(source);
  if (known !== undefined) return known;
  let statements: readonly PythonStatement[] | { problem: string };
  try {
    statements = scanStatements(source.replace(/\r\n?/g, '\n'));
  } catch (error) {
    if (!(error instanceof PythonSourceProblem)) throw error;
    statements = { problem: error.message };
  }
  if (recentModules.size >= RECENT_MODULES) recentModules.delete(recentModules.keys().next().value as string);
  recentModules.set(source, statements);
  return statements;
}

function scanStatements(text: string): PythonStatement[] {
  const statements: PythonStatement[] = [];
  let line: PythonToken[] = [];
  let indented = false;
  let atLineStart = true;
  const brackets: string[] = [];
  const endLine = (): void => {
    if (line.length > 0) statements.push(...splitLogicalLine(line, indented));
    line = [];
    atLineStart = true;
  };
  let i = 0;
  let word: string | undefined;
  let number: string | undefined;
  while (i < text.length) {
    if (atLineStart) {
      let j = i;
      indented = false;
      // A form feed resets the indentation, as in Python's tokenizer.
      for (; j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f'); j++) indented = text[j] !== '\f';
      if (text[j] === '\n') {
        i = j + 1;
        continue;
      }
      if (text[j] === '#') {
        i = lineEnd(text, j);
        continue;
      }
      atLineStart = false;
      i = j;
      if (i >= text.length) break;
    }
    const char = text[i];
    if (char === '\n') {
      if (brackets.length === 0) endLine();
      i++;
    } else if (char === ' ' || char === '\t' || char === '\f') {
      i++;
    } else if (char === '#') {
      i = lineEnd(text, i);
    } else if (char === '\\') {
      if (text[i + 1] !== '\n') throw new PythonSourceProblem('a backslash outside a string that does not end its line');
      i += 2;
    } else if (char === '"' || char === "'") {
      const end = stringEnd(text, i, '');
      line.push(stringToken(text, i, end, ''));
      i = end;
    } else if ((word = matchAt(IDENTIFIER, text, i)) !== undefined) {
      const next = text[i + word.length];
      if ((next === '"' || next === "'") && STRING_PREFIXES.has(word.toLowerCase())) {
        const prefix = word.toLowerCase();
        const end = stringEnd(text, i + word.length, prefix);
        line.push(stringToken(text, i + word.length, end, prefix));
        i = end;
      } else {
        line.push({ kind: 'name', text: word.normalize('NFKC') });
        i += word.length;
      }
    } else if ((number = matchAt(NUMBER, text, i)) !== undefined) {
      line.push({ kind: 'number', text: number });
      i += number.length;
    } else {
      const op = matchAt(OPERATOR, text, i);
      if (op === undefined) throw new PythonSourceProblem(`a character (U+${(text.codePointAt(i) as number).toString(16).toUpperCase().padStart(4, '0')}) Python does not read outside a string`);
      if ('([{'.includes(op)) brackets.push(op);
      else if (')]}'.includes(op)) {
        const open = brackets.pop();
        if (open === undefined || '([{'.indexOf(open) !== ')]}'.indexOf(op)) throw new PythonSourceProblem('unbalanced brackets');
      }
      line.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  if (brackets.length > 0) throw new PythonSourceProblem('a bracket that is never closed');
  endLine();
  return statements;
}

/** The simple statements of a logical line (split at `;`); all nested when the line is a compound statement's. */
function splitLogicalLine(tokens: readonly PythonToken[], indented: boolean): PythonStatement[] {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  // `match` and `case` are keywords only in a compound statement's header (`match = …` is an assignment).
  const compound = first.kind === 'name' && COMPOUND_KEYWORDS.has(first.text) && (!['match', 'case'].includes(first.text) || (last.kind === 'op' && last.text === ':'));
  const nested = indented || compound || (first.kind === 'op' && first.text === '@');
  const statements: PythonStatement[] = [];
  let depth = 0;
  let start = 0;
  tokens.forEach((token, index) => {
    if (token.kind !== 'op') return;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth--;
    else if (token.text === ';' && depth === 0) {
      if (index > start) statements.push({ tokens: tokens.slice(start, index), nested });
      start = index + 1;
    }
  });
  if (tokens.length > start) statements.push({ tokens: tokens.slice(start), nested });
  return statements;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0] || undefined;
}

function stringToken(text: string, quoteAt: number, end: number, prefix: string): PythonToken {
  const delimiter = text.startsWith(text[quoteAt].repeat(3), quoteAt) ? 3 : 1;
  return { kind: 'string', prefix, body: text.slice(quoteAt + delimiter, end - delimiter) };
}

/**
 * Where the string literal opening at `quoteAt` ends (the index after its closing quote). An f-string
 * (or t-string) is read both as Python 3.12 reads it (PEP 701: quotes inside its replacement fields
 * open nested strings) and as earlier versions do (the first matching quote ends it); when the two
 * differ, which Python runs the settings decides, so the reader refuses.
 */
function stringEnd(text: string, quoteAt: number, prefix: string, nesting = 0): number {
  const quote = text[quoteAt];
  const delimiter = text.startsWith(quote.repeat(3), quoteAt) ? quote.repeat(3) : quote;
  const plain = plainStringEnd(text, quoteAt + delimiter.length, delimiter);
  if (!/[ft]/.test(prefix)) return plain;
  // Python 3.12 refuses f-strings nested deeper (MAXFSTRINGLEVEL); the reader's recursion stops there too.
  if (nesting >= MAX_FSTRING_NESTING) throw new PythonSourceProblem('f-strings nested deeper than Python reads');
  if (formattedStringEnd(text, quoteAt + delimiter.length, delimiter, prefix.includes('r'), nesting + 1) !== plain) {
    throw new PythonSourceProblem('an f-string that Python 3.12 and earlier versions read differently');
  }
  return plain;
}

function plainStringEnd(text: string, from: number, delimiter: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(delimiter, i)) return i + delimiter.length;
    else if (text[i] === '\n' && delimiter.length === 1) break;
  }
  throw new PythonSourceProblem('a string literal that is never closed');
}

/** The end of an f-string's text as Python 3.12 reads it; unsure readings are problems. */
function formattedStringEnd(text: string, from: number, delimiter: string, raw: boolean, nesting: number): number {
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\') {
      if (!raw && text.startsWith('N{', i + 1)) {
        const close = text.indexOf('}', i);
        if (close === -1) break;
        i = close + 1;
        continue;
      }
      if (text[i + 1] === '{' || text[i + 1] === '}') throw new PythonSourceProblem('an f-string with a backslash before a brace');
      i += 2;
    } else if (text.startsWith(delimiter, i)) {
      return i + delimiter.length;
    } else if (char === '\n' && delimiter.length === 1) {
      break;
    } else if (char === '{' || char === '}') {
      if (text[i + 1] === char) i += 2;
      else if (char === '}') throw new PythonSourceProblem('an f-string with a single "}"');
      else i = replacementFieldEnd(text, i + 1, delimiter, nesting);
    } else {
      i++;
    }
  }
  throw new PythonSourceProblem('a string literal that is never closed');
}

/** The end (after its `}`) of an f-string's replacement field whose expression starts at `from`. */
function replacementFieldEnd(text: string, from: number, delimiter: string, nesting: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '#' || char === '\\' || (char === '\n' && delimiter.length === 1)) throw new PythonSourceProblem('an f-string whose replacement field Python versions read differently');
    if (char === '"' || char === "'") {
      i = stringEnd(text, i, '', nesting);
      continue;
    }
    const word = matchAt(IDENTIFIER, text, i);
    if (word !== undefined) {
      const next = text[i + word.length];
      i = (next === '"' || next === "'") && STRING_PREFIXES.has(word.toLowerCase()) ? stringEnd(text, i + word.length, word.toLowerCase(), nesting) : i + word.length;
      continue;
    }
    if ('([{'.includes(char)) depth++;
    else if (')]'.includes(char)) depth--;
    else if (char === '}') {
      if (depth === 0) return i + 1;
      depth--;
    } else if (depth === 0 && char === ':') {
      return formatSpecEnd(text, i + 1, delimiter, nesting);
    }
    i++;
  }
  throw new PythonSourceProblem('a string literal that is never closed');
}

function formatSpecEnd(text: string, from: number, delimiter: string, nesting: number): number {
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\' || char === '"' || char === "'" || (char === '\n' && delimiter.length === 1)) throw new PythonSourceProblem('an f-string whose format specification Python versions read differently');
    if (char === '}') return i + 1;
    i = char === '{' ? replacementFieldEnd(text, i + 1, delimiter, nesting + 1) : i + 1;
  }
  throw new PythonSourceProblem('a string literal that is never closed');
}

// ---------------------------------------------------------------------------------------------
// Values of literals

export type PythonLiteral = string | number | boolean | null;

const PYTHON_ESCAPES: Readonly<Record<string, string>> = { '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * The value of the body of a (non-raw) Python str literal, between its quotes, as Python reads it:
 * `\n`, `\xHH`, `\uXXXX`, `\UXXXXXXXX`, octal and the other escapes decoded, unknown escapes kept with
 * their backslash. Undefined for an escape drydock-fn cannot decode exactly: `\N{name}` (Python's
 * Unicode name table) and malformed or out-of-range escapes (which Python refuses).
 */
export function pythonStringBody(body: string): string | undefined {
  let exact = true;
  const value = body.replace(/\\(N\{[^}\n]*\}|x[0-9a-fA-F]{0,2}|u[0-9a-fA-F]{0,4}|U[0-9a-fA-F]{0,8}|[0-7]{1,3}|[\s\S])/g, (escape, code: string) => {
    const width = { x: 3, u: 5, U: 9 }[code[0]];
    if (width !== undefined) {
      const point = parseInt(code.slice(1), 16);
      if (code.length === width && point <= 0x10ffff) return String.fromCodePoint(point);
      exact = false;
      return escape;
    }
    if (code[0] === 'N') {
      exact = false;
      return escape;
    }
    if (/^[0-7]+$/.test(code)) return String.fromCodePoint(parseInt(code, 8));
    return PYTHON_ESCAPES[code] ?? escape;
  });
  return exact ? value : undefined;
}

/** The str of one or more adjacent string literals (Python joins them), or undefined: bytes, f-strings, an escape not decoded exactly. */
export function stringLiteralValue(tokens: readonly PythonToken[]): string | undefined {
  if (tokens.length === 0) return undefined;
  let value = '';
  for (const token of tokens) {
    if (token.kind !== 'string' || /[bft]/.test(token.prefix)) return undefined;
    const part = token.prefix.includes('r') ? token.body : pythonStringBody(token.body);
    if (part === undefined) return undefined;
    value += part;
  }
  return value;
}

/** The value of a literal expression (strings, an integer with an optional sign, True, False, None), or undefined. */
export function literalValue(tokens: readonly PythonToken[]): { value: PythonLiteral } | undefined {
  const text = stringLiteralValue(tokens);
  if (text !== undefined) return { value: text };
  const [first, second] = tokens;
  if (tokens.length === 1 && first.kind === 'name' && ['True', 'False', 'None'].includes(first.text)) return { value: first.text === 'None' ? null : first.text === 'True' };
  const signed = tokens.length === 2 && first.kind === 'op' && (first.text === '-' || first.text === '+');
  const number = signed ? second : tokens.length === 1 ? first : undefined;
  if (number?.kind !== 'number') return undefined;
  const integer = pythonInteger(number.text);
  return integer === undefined ? undefined : { value: signed && first.kind === 'op' && first.text === '-' ? -integer : integer };
}

function pythonInteger(text: string): number | undefined {
  const match = /^(?:([1-9](?:_?[0-9])*|0(?:_?0)*)|0[xX]((?:_?[0-9a-fA-F])+)|0[oO]((?:_?[0-7])+)|0[bB]((?:_?[01])+))$/.exec(text);
  if (!match) return undefined;
  const [radix, digits] = match[1] !== undefined ? [10, match[1]] : match[2] !== undefined ? [16, match[2]] : match[3] !== undefined ? [8, match[3]] : [2, match[4]];
  const value = parseInt(digits.replace(/_/g, ''), radix);
  return Number.isSafeInteger(value) ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Statements that bind a name

const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '>>=', '<<=', '&=', '^=', '|=', '@=']);
const BINDING_KEYWORDS = new Set(['as', 'def', 'class', 'del', 'global', 'nonlocal']);

/** Whether a name token of `names` occurs in the statement. */
export function mentionsAny(statement: PythonStatement, names: ReadonlySet<string>): boolean {
  return statement.tokens.some((token) => token.kind === 'name' && names.has(token.text));
}

/**
 * Whether the statement may bind (assign, delete, import, define …) one of `names` at the module's
 * level or in a block: over-approximated, never missed for the forms Python has, except through
 * `globals()`, `exec` and the like.
 */
export function bindsAny(statement: PythonStatement, names: ReadonlySet<string>): boolean {
  const tokens = statement.tokens;
  const first = tokens[0];
  const isName = (index: number): boolean => tokens[index]?.kind === 'name' && names.has(tokens[index].text);
  const opAt = (index: number): string | undefined => (tokens[index]?.kind === 'op' ? tokens[index].text : undefined);
  if (first.kind === 'name' && ['import', 'from', 'del', 'case', 'for', 'async'].includes(first.text) && mentionsAny(statement, names)) return true;
  let depth = 0;
  let lastAssign = -1;
  tokens.forEach((token, index) => {
    if (token.kind !== 'op') return;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth--;
    else if (token.text === '=' && depth === 0) lastAssign = index;
  });
  const isKeyword = (token: PythonToken, keyword: string): boolean => token.kind === 'name' && token.text === keyword;
  const firstFor = tokens.findIndex((token) => isKeyword(token, 'for'));
  let lastIn = -1;
  tokens.forEach((token, index) => {
    if (isKeyword(token, 'in')) lastIn = index;
  });
  for (let index = 0; index < tokens.length; index++) {
    if (!isName(index)) continue;
    const next = opAt(index + 1);
    const previous = tokens[index - 1];
    if (index < lastAssign) return true;
    if (next !== undefined && (AUGMENTED.has(next) || next === ':=') && opAt(index - 1) !== '.') return true;
    if (index === 0 && next === ':') return true;
    if (previous?.kind === 'name' && BINDING_KEYWORDS.has(previous.text)) return true;
    // A comprehension's target (a `for` before, an `in` after).
    if (firstFor !== -1 && firstFor < index && index < lastIn) return true;
  }
  return false;
}

/** The tokens after `NAME =` when the statement is exactly one assignment to `name`, else undefined. */
export function assignedTokens(statement: PythonStatement, name: string): readonly PythonToken[] | undefined {
  const [target, equals, ...value] = statement.tokens;
  if (target?.kind !== 'name' || target.text !== name || equals?.kind !== 'op' || equals.text !== '=') return undefined;
  let depth = 0;
  for (const token of value) {
    if (token.kind !== 'op') continue;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth--;
    else if (token.text === '=' && depth === 0) return undefined;
  }
  return value;
}
