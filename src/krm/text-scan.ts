/** Small scanners of YAML text shared by the reader and the splicer. */

/** Index of the quote closing a `quote`-quoted scalar whose text starts at `from`, or -1. */
export function closingQuoteIn(text: string, from: number, quote: string): number {
  const pattern = quote === '"' ? /["\\]/g : /'/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const at = match.index;
    if (quote === '"' && text[at] === '\\') pattern.lastIndex = at + 2;
    else if (quote === "'" && text[at + 1] === "'") pattern.lastIndex = at + 2;
    else return at;
  }
  return -1;
}
