/**
 * The site addresses of a Caddyfile as Caddy reads them (caddyconfig/caddyfile: env placeholders
 * replaced first, then the lexer, then server blocks), for the check that no two sites share one:
 * Caddy refuses such a file ("ambiguous site definition"), comparing addresses as written once
 * `{$VAR}` is replaced.
 *
 * The lexer follows Caddy's: tokens are split at white space (Go's unicode.IsSpace); `#` at the start
 * of a token comments out the rest of the line; `"` or a backquote at the start of a token quotes it
 * (a backslash escapes a quote inside double quotes); a backslash before a line feed joins lines.
 * Heredocs (Caddy 2.7+) are not read: drydock-fn writes none and Tutor's Caddyfile has none.
 */

export interface CaddyToken {
  readonly text: string;
  /** One-based line of the token's first character. */
  readonly line: number;
  readonly quoted: boolean;
}

export interface CaddySiteBlock {
  /** The addresses, as Caddy compares them. */
  readonly keys: readonly string[];
  /** One-based line of the first address. */
  readonly line: number;
}

/** Go's unicode.IsSpace. */
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** `{$NAME}` and `{$NAME:default}` replaced from `env`; a variable `env` does not know stays as written. */
export function replaceCaddyEnv(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\{\$([^}:]+)(?::([^}]*))?\}/g, (placeholder, name: string, fallback: string | undefined) =>
    Object.prototype.hasOwnProperty.call(env, name) ? env[name] : fallback ?? placeholder,
  );
}

/** Caddy's tokens of a Caddyfile (after env replacement). */
export function caddyTokens(text: string): CaddyToken[] {
  const tokens: CaddyToken[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\' && text[i + 1] === '\n') {
      line++;
      i += 2;
      continue;
    }
    if (SPACE.test(char)) {
      if (char === '\n') line++;
      i++;
      continue;
    }
    if (char === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = line;
    if (char === '"' || char === '`') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== char) {
        if (char === '"' && text[i] === '\\' && text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        if (text[i] === '\n') line++;
        value += text[i++];
      }
      i++;
      tokens.push({ text: value, line: start, quoted: true });
      continue;
    }
    let value = '';
    while (i < text.length && !SPACE.test(text[i])) {
      if (text[i] === '\\' && text[i + 1] === '\n') break;
      value += text[i++];
    }
    tokens.push({ text: value, line: start, quoted: false });
  }
  return tokens;
}

/**
 * The site blocks of a Caddyfile and their addresses: every top-level block but the global options
 * (a block without addresses) and snippets (`(name)`). `env`: the environment Caddy runs with.
 */
export function caddySiteBlocks(caddyfile: string, env: Readonly<Record<string, string>> = {}): CaddySiteBlock[] {
  const tokens = caddyTokens(replaceCaddyEnv(caddyfile, env));
  const blocks: CaddySiteBlock[] = [];
  let i = 0;
  while (i < tokens.length) {
    // Addresses: the tokens up to an opening brace, or to the end of their line.
    const keys: string[] = [];
    const line = tokens[i].line;
    let expectAnother = false;
    // Caddy's parser compares token text only: a quoted "{" or "}" opens or closes a block too.
    while (i < tokens.length && tokens[i].text !== '{') {
      if (keys.length > 0 && !expectAnother && tokens[i].line !== tokens[i - 1].line) break;
      const text = tokens[i].text;
      expectAnother = text.endsWith(',');
      const key = expectAnother ? text.slice(0, -1) : text;
      if (key !== '') keys.push(key);
      i++;
    }
    if (i < tokens.length && tokens[i].text === '{') {
      let depth = 0;
      for (; i < tokens.length; i++) {
        if (tokens[i].text === '{') depth++;
        else if (tokens[i].text === '}' && --depth === 0) break;
      }
      i++;
    }
    const snippet = keys.length === 1 && keys[0].startsWith('(') && keys[0].endsWith(')');
    if (keys.length > 0 && !snippet) blocks.push({ keys: [...new Set(keys)], line });
  }
  return blocks;
}

/** Addresses that more than one site block of the Caddyfile claims (Caddy refuses the file), each once. */
export function duplicateCaddyAddresses(caddyfile: string, env: Readonly<Record<string, string>> = {}): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const block of caddySiteBlocks(caddyfile, env)) {
    for (const key of block.keys) {
      if (seen.has(key)) duplicates.add(key);
      seen.add(key);
    }
  }
  return [...duplicates];
}
