/** src/krm/unicode.ts: which strings UTF-8 cannot hold, and how a message names a character. */
import { characterCode, hasLoneSurrogate } from '../../src/krm/unicode';

describe('hasLoneSurrogate: a surrogate without its other half', () => {
  test.each([
    ['a high surrogate at the end', 'a\ud800', true],
    ['a high surrogate before a plain letter', '\udbffb', true],
    ['two high surrogates, the first without its low half', '\ud800\ud800\udc00', true],
    ['a low surrogate at the start', '\udc00a', true],
    ['a low surrogate after a plain letter', 'a\udfff', true],
    ['a low surrogate after a complete pair', '\ud83d\ude00\ude00', true],
  ])('%s: yes', (_name, value, expected) => expect(hasLoneSurrogate(value)).toBe(expected));

  test.each([
    ['empty', ''],
    ['plain text', 'plain'],
    ['a complete pair (U+1F600)', '\ud83d\ude00'],
    ['the first and last pairs (U+10000, U+10FFFF)', '\ud800\udc00 \udbff\udfff'],
    ['characters next to the surrogate block (U+D7FF, U+E000)', '\ud7ff\ue000'],
  ])('%s: no', (_name, value) => expect(hasLoneSurrogate(value)).toBe(false));
});

describe('characterCode: U+ and at least four upper-case hexadecimal digits of the code point', () => {
  test.each([
    ['\t', 'U+0009'],
    ['A', 'U+0041'],
    ['\u00e9', 'U+00E9'],
    ['\u2028', 'U+2028'],
    ['\ufeff', 'U+FEFF'],
    // the code point, not the first UTF-16 unit of the pair
    ['\u{1F600}', 'U+1F600'],
    ['\u{10FFFF}', 'U+10FFFF'],
  ])('%j is %s', (character, expected) => expect(characterCode(character)).toBe(expected));
});
