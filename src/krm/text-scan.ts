/** Small scanners of YAML text shared by the reader and the splicer. */

/**
 * A block scalar header with keep chomping (`|+`, `>+`, `|2+`, `|+2`): the blank lines after the
 * scalar's last line belong to its value.
 */
export const KEEP_CHOMPING_HEADER = /(?:^|[\s:-])[|>](?:[1-9]?\+|\+[1-9])[ \t]*(?:#.*)?$/m;

/** Index of the quote closing a `quote`-quoted scalar whose text starts at `from`, or -1. */
export function closingQuoteIn(text: string, from: number, quote: string): number {
  for (let at = text.indexOf(quote, from); at >= 0; at = text.indexOf(quote, at + 1)) {
    if (quote === "'") {
      // '' is a quote inside the scalar.
      if (text[at + 1] !== "'") return at;
      at++;
      continue;
    }
    // A double quote after an odd number of backslashes is escaped.
    let backslashes = 0;
    while (at - 1 - backslashes >= from && text[at - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}
