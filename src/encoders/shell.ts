/**
 * POSIX shell (sh, dash, bash as sh): the scripts of generated Jobs. A value becomes one word the
 * shell passes on as it is, whatever it holds; text fed to a program on stdin goes through a
 * here-document whose delimiter no line of the text can end early.
 *
 * A program argument is a C string: it cannot hold NUL, and the script is UTF-8 text, which cannot
 * hold an unpaired surrogate. Those two are the only things a word cannot carry.
 */
import { hasLoneSurrogate } from './text';

/** Characters that mean nothing to the shell in a word, so Drydock's unquoted form stays as it was. */
const PLAIN_WORD = /^[A-Za-z0-9_.,:@%+=/-]+$/;

/** Why `value` cannot be one shell word, or undefined; never quotes the value. */
export function shellWordProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'holds a NUL character, which no program argument can carry';
  if (hasLoneSurrogate(value)) return 'holds an unpaired surrogate, which UTF-8 cannot carry';
  return undefined;
}

function assertWord(value: string): void {
  const problem = shellWordProblem(value);
  // Callers check with shellWordProblem first; reaching this is a bug (the message never holds the value).
  if (problem) throw new Error(`a shell word ${problem}`);
}

/** The value single-quoted: `'it'\''s'`. The shell reads it back as exactly `value`. */
export function shellQuoted(value: string): string {
  assertWord(value);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The value as one word: as it is when it holds nothing the shell interprets (Drydock's form), else single-quoted. */
export function shellWord(value: string): string {
  assertWord(value);
  return PLAIN_WORD.test(value) ? value : shellQuoted(value);
}

/** Characters an unquoted here-document expands (parameters, commands, escapes). */
const HERE_DOCUMENT_EXPANSIONS = /[$`\\]/;

export interface HereDocument {
  /** `<<EOF`, or `<<'EOF'` when the body holds text the shell would expand. */
  readonly operator: string;
  /** The line that ends the body. */
  readonly delimiter: string;
}

/**
 * The redirection for a here-document holding `body` (lines joined by "\n"): Drydock's unquoted
 * `<<EOF` when the shell would pass the body on as it is, else the quoted `<<'EOF'`; the delimiter is
 * `preferred`, or `preferred_1`, `preferred_2` … when a line of the body is exactly `preferred`, so that
 * no body line can end the document early.
 */
export function hereDocument(body: string, preferred = 'EOF'): HereDocument {
  if (body.includes('\u0000') || hasLoneSurrogate(body)) throw new Error('a here-document body holds a NUL character or an unpaired surrogate');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(preferred)) throw new Error('a here-document delimiter must be a plain word');
  const lines = new Set(body.split('\n'));
  let delimiter = preferred;
  for (let n = 1; lines.has(delimiter); n++) delimiter = `${preferred}_${n}`;
  return { operator: HERE_DOCUMENT_EXPANSIONS.test(body) ? `<<'${delimiter}'` : `<<${delimiter}`, delimiter };
}
