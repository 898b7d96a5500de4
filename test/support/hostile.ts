/**
 * Hostile strings for property tests of every text drydock-fn writes: the characters YAML 1.1 and
 * YAML 1.2 readers disagree on (NEL, LINE and PARAGRAPH SEPARATOR, byte order mark, C0 and C1
 * controls), quotes, comment and flow indicators, Caddyfile and shell syntax, tabs, leading and
 * trailing spaces, and characters outside the Basic Multilingual Plane. Lone surrogates are kept
 * apart ({@link HOSTILE_LONE_SURROGATES}): no UTF-8 output can hold them, so they are refused, not
 * written.
 */
import * as fc from 'fast-check';

/** Single characters that break one reader or another when written raw. */
export const HOSTILE_CHARACTERS: readonly string[] = [
  // Line breaks to YAML 1.1 (kustomize's kyaml, Argo CD, PyYAML), ordinary characters to YAML 1.2.
  '\u0085',
  '\u2028',
  '\u2029',
  // Byte order mark and the two non-characters YAML forbids raw.
  '\ufeff',
  '\ufffe',
  '\uffff',
  // C0 and C1 controls, DEL, line endings.
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\u000b',
  '\f',
  '\r',
  '\u001b',
  '\u007f',
  '\u0080',
  '\u009f',
  '\u00a0',
  // Quotes and escapes.
  '"',
  "'",
  '`',
  '\\',
  // YAML indicators.
  '#',
  ': ',
  ':',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '?',
  '---',
  '...',
  // Shell, Caddyfile, ini and Python syntax.
  '$',
  '$(',
  '${',
  '{$',
  ';',
  '=',
  '(',
  ')',
  '<',
  '<<EOF',
  '\nEOF\n',
  '[section]',
  'import ',
  '"""',
  "'''",
  // Spaces: ASCII, and the ideographic space, white space to Go (Caddy, cron), Python and JavaScript alike.
  ' ',
  '  ',
  '\u3000',
  // Outside the Basic Multilingual Plane, and combining and right-to-left text.
  '\u{1F600}',
  '\u{10FFFF}',
  'e\u0301',
  '\u202e',
  'ä',
  'лмс',
];

/** Unpaired UTF-16 surrogates: a JavaScript string can hold them, UTF-8 text cannot. */
export const HOSTILE_LONE_SURROGATES: readonly string[] = ['\ud800', '\udfff'];

/** A hostile string: pieces of the alphabet and plain letters, sometimes with leading or trailing spaces. */
export function hostileString(options: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_CHARACTERS) }, { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9.-]{1,6}$/) });
  return fc
    .tuple(fc.constantFrom('', ' ', '\t'), fc.array(piece, { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 12 }), fc.constantFrom('', ' ', '\n', '\t'))
    .map(([lead, pieces, trail]) => lead + pieces.join('') + trail);
}
