/**
 * Line endings. Input in CRLF (Windows editors, some Git checkouts), or in a mix of CRLF and LF, is
 * read as if every CRLF were LF — YAML reads both as one line break — and written back in the
 * endings it came in: untouched items as their bytes, changed items in their own line ending, new
 * text in the list's. A CR alone (old Mac) is a line break to YAML too, but the text reader does not
 * take it: such input goes through the document reader, which reads it as LF, and comes back in LF.
 */

export type LineEnding = '\n' | '\r\n';

const LF = 10;
const CR = 13;

/** Bytes with every CRLF as LF, and the offset in the input of an offset in them. */
export interface LfBytes {
  readonly bytes: Buffer;
  /** The input offset of `offset` (a CRLF's CR counts as part of the line before, as its LF does). */
  original(offset: number): number;
}

/**
 * The input read with LF line breaks: the same buffer when it holds no CR; undefined when a CR stands
 * alone (not followed by LF).
 */
export function lfBytes(input: Buffer): LfBytes | undefined {
  let cr = input.indexOf(CR);
  if (cr < 0) return { bytes: input, original: (offset) => offset };
  const out = Buffer.allocUnsafe(input.length);
  // Offsets in `out` of the LFs whose CR was dropped, in order.
  const dropped: number[] = [];
  let read = 0;
  let written = 0;
  while (cr >= 0) {
    if (input[cr + 1] !== LF) return undefined;
    written += input.copy(out, written, read, cr);
    dropped.push(written);
    read = cr + 1;
    cr = input.indexOf(CR, read);
  }
  written += input.copy(out, written, read);
  return {
    bytes: out.subarray(0, written),
    original(offset: number): number {
      // The number of dropped CRs before `offset`: those of LFs before it.
      let low = 0;
      let high = dropped.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (dropped[middle] < offset) low = middle + 1;
        else high = middle;
      }
      return offset + low;
    },
  };
}

/** The ending of the first line of bytes[start, end) that has one, or undefined when none has. */
export function lineEndingIn(bytes: Uint8Array, start = 0, end = bytes.length): LineEnding | undefined {
  const at = bytes.indexOf(LF, start);
  if (at < 0 || at >= end) return undefined;
  return at > start && bytes[at - 1] === CR ? '\r\n' : '\n';
}

/** The ending of the first line of `text` that has one, or undefined. */
export function lineEndingOf(text: string): LineEnding | undefined {
  const at = text.indexOf('\n');
  if (at < 0) return undefined;
  // text[-1] is undefined: an LF at the start has no CR before it
  return text[at - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * The text with each CR that is not part of a CRLF as LF. YAML reads a CR alone as a line break, and so
 * does kustomize; the `yaml` package does not (it reads it as part of a scalar, or fails): it is given LF.
 */
export function withoutLoneCarriageReturns(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Text written with LF line breaks, in `ending`. */
export function withLineEnding(text: string, ending: LineEnding): string {
  return ending === '\n' ? text : text.replace(/\n/g, '\r\n');
}
