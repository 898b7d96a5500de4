/** What a JavaScript string can hold that UTF-8 text cannot, and how a message names a character. */

/** An unpaired UTF-16 surrogate. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string holds an unpaired surrogate, which no UTF-8 output can hold (it would be written as U+FFFD). */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** `U+XXXX` of a character, for messages that must not show it. */
export function characterCode(character: string): string {
  return `U+${(character.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}
