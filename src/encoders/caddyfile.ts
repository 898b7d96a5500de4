/**
 * Caddyfile tokens (Caddy's caddyconfig/caddyfile lexer and parser, 2.6 to 2.11): tokens are split
 * at any Unicode white space; a token starting with `"` or a backquote is quoted; `#` at the start
 * of a token starts a comment; a backslash escapes the next character; `<<` starts a heredoc (2.7+);
 * a token `{` or `}` opens or closes a block; `{$NAME}` is replaced by an environment variable before
 * or while the file is read, and `{…}` placeholders are replaced when a request is served (in
 * upstreams, header values, rewrites); `import` arguments replace `{args.N}`.
 *
 * Quoting protects against none of the placeholders, so values are not quoted: a value reaches a
 * Caddyfile only as a bare token of characters none of the above gives a meaning to, and anything
 * else is refused.
 */

/** Printable ASCII that is neither white space nor one of `"` `` ` `` `\` `{` `}` `#` `<`. */
const TOKEN = /^[!$-;=-\[\]-_a-z|~]+$/;

/** Why `value` cannot be written as one Caddyfile token meaning itself, or undefined; never quotes it. */
export function caddyTokenProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (!TOKEN.test(value)) {
    return 'holds a character the Caddyfile gives a meaning to (white space, a line break or control character, a quote or backquote, a backslash, a brace of a block or placeholder, # or <) or one outside printable ASCII';
  }
  return undefined;
}

/** The value as one bare Caddyfile token; callers check {@link caddyTokenProblem} (or a stricter rule) first. */
export function caddyToken(value: string): string {
  if (caddyTokenProblem(value)) throw new Error('a value that is not a plain Caddyfile token reached the Caddyfile');
  return value;
}

const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);

/** Why `host` is not a host name the Caddyfile can carry (letters, digits, "-" and "." as DNS allows), or undefined. */
export function caddyHostProblem(host: string): string | undefined {
  return HOST.test(host) ? undefined : 'is not a host name (letters, digits and "-" in dot-separated labels of at most 63 characters)';
}

/**
 * Why `bucket` is not an object storage bucket name the Caddyfile can carry in a path and a host
 * (S3's rules, legacy ones included: 3 to 255 letters, digits, ".", "-" and "_", starting with a letter
 * or a digit), or undefined.
 */
export function caddyBucketProblem(bucket: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{2,254}$/.test(bucket) ? undefined : 'is not a bucket name (3 to 255 letters, digits, ".", "-" and "_", starting with a letter or a digit)';
}
