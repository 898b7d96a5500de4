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

/**
 * Plain scalars that YAML 1.1 readers (PyYAML, as Tutor reads config.yml) resolve otherwise than as
 * text, or nearly do: booleans of every spelling (and `y`/`n`, text to PyYAML), null, integers in
 * every base with signs and underscores, base 60, floats with and without exponents, dates and times
 * (also impossible ones), and the merge and value keys.
 */
export function yaml11Scalar(): fc.Arbitrary<string> {
  const sign = fc.constantFrom('', '-', '+');
  return fc.oneof(
    fc.constantFrom('y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'true', 'True', 'FALSE', 'tRUE', '~', 'null', 'Null', 'NULL', 'nULL', '', '=', '<<', '.inf', '-.Inf', '+.INF', '.NaN', '-.nan', '.nan'),
    fc.tuple(sign, fc.constantFrom('0', '0b', '0x', '00', '0_', '1', '9', '1_', '0o', '08'), fc.stringMatching(/^[0-9a-fA-F_]{0,5}$/)).map((parts) => parts.join('')),
    fc.tuple(sign, fc.stringMatching(/^[0-9_]{0,4}$/), fc.constantFrom('.', ''), fc.stringMatching(/^[0-9_]{0,4}$/), fc.constantFrom('', 'e5', 'e+5', 'E-03', 'e+', 'e+300', 'e-320')).map((parts) => parts.join('')),
    fc.tuple(sign, fc.stringMatching(/^[0-9]{1,3}$/), fc.array(fc.stringMatching(/^[0-9_]{1,2}$/), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '.5', '.', '.25_0')).map(([s, head, rest, fraction]) => `${s}${head}:${rest.join(':')}${fraction}`),
    fc
      .tuple(
        fc.stringMatching(/^[0-9]{4}$/),
        fc.stringMatching(/^[0-9]{1,2}$/),
        fc.stringMatching(/^[0-9]{1,2}$/),
        fc.constantFrom('', 'T', 't', ' ', ' \t '),
        fc.stringMatching(/^[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]{0,8})?$/),
        fc.constantFrom('', 'Z', ' Z', '+5', '-05:30', '+24', '-0', ' +23:59', '+12:99'),
      )
      .map(([year, month, day, separator, time, zone]) => (separator ? `${year}-${month}-${day}${separator}${time}${zone}` : `${year}-${month}-${day}`)),
    fc.double({ noNaN: true }).map((value) => String(value)),
  );
}

/**
 * A YAML 1.1 scalar or a hostile string written as a YAML value: plain (most often), double- or
 * single-quoted, tagged `!!str` or `!`, or inside a flow list or mapping.
 */
export function yamlValueText(): fc.Arbitrary<string> {
  return fc.tuple(fc.oneof(yaml11Scalar(), hostileString()), fc.constantFrom('plain', 'plain', 'plain', 'double', 'single', 'list', 'mapping', '!!str', '!')).map(([text, how]) => {
    if (how === 'plain') return text;
    if (how === 'double') return JSON.stringify(text);
    if (how === 'single') return `'${text.replace(/'/g, "''")}'`;
    if (how === 'list') return `[${text}, ${text}]`;
    if (how === 'mapping') return `{k: ${text}}`;
    return `${how} ${text}`;
  });
}
