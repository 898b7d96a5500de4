/** What a JavaScript string can hold that UTF-8 text cannot. */

/** An unpaired UTF-16 surrogate. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string holds an unpaired surrogate, which no UTF-8 output can hold (it would be written as U+FFFD). */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}
