/** src/krm/line-endings.ts: CRLF read as LF with offsets back into the input, and endings found and written. */
import { lfBytes, lineEndingIn, lineEndingOf, withLineEnding, withoutLoneCarriageReturns } from '../../src/krm/line-endings';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('lfBytes', () => {
  test('no CR: the same buffer, offsets unchanged', () => {
    const input = bytes('a: 1\nb: 2\n');
    const read = lfBytes(input);
    expect(read?.bytes).toBe(input);
    expect([0, 5, 10].map((offset) => read?.original(offset))).toEqual([0, 5, 10]);
  });

  test('CRLF: every CR dropped; an offset maps to the input offset of the same byte, a line break to its CR', () => {
    const input = bytes('ab\r\ncd\r\n\r\nef');
    const read = lfBytes(input);
    expect(read?.bytes.toString('latin1')).toBe('ab\ncd\n\nef');
    const lf = read!.bytes.toString('latin1');
    for (let offset = 0; offset < lf.length; offset++) {
      expect(input.toString('latin1')[read!.original(offset)]).toBe(lf[offset] === '\n' ? '\r' : lf[offset]);
    }
    // the end of the text maps to the end of the input
    expect(read!.original(lf.length)).toBe(input.length);
  });

  test('a CR at the very start and a mix of LF and CRLF', () => {
    const input = bytes('\r\na\nb\r\nc\n');
    const read = lfBytes(input);
    expect(read?.bytes.toString('latin1')).toBe('\na\nb\nc\n');
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((offset) => read!.original(offset))).toEqual([0, 2, 3, 4, 5, 7, 8, 9]);
  });

  test.each([
    ['a CR alone inside', 'a\rb\n'],
    ['a CR alone at the end', 'a\r\nb\r'],
    ['a CR before another CR', 'a\r\r\n'],
  ])('%s: undefined', (_name, text) => expect(lfBytes(bytes(text))).toBeUndefined());
});

describe('lineEndingIn: the ending of the first line that has one, within [start, end)', () => {
  test.each([
    ['LF', 'a\nb\r\n', 0, undefined, '\n'],
    ['CRLF', 'a\r\nb\n', 0, undefined, '\r\n'],
    ['an LF first in the range, after a CR before the range', 'a\r\nb', 2, undefined, '\n'],
    ['from an offset past the first line', 'a\nb\r\n', 2, undefined, '\r\n'],
    ['none', 'abc', 0, undefined, undefined],
    ['an LF at the very start', '\nab', 0, undefined, '\n'],
    ['an LF at the start of the range', 'a\nb', 1, undefined, '\n'],
    ['the first LF at the end of the range: outside it', 'ab\nc', 0, 2, undefined],
    ['the first LF just inside the range', 'ab\nc', 0, 3, '\n'],
    ['an LF before the start does not count', 'a\nbc', 2, undefined, undefined],
  ])('%s', (_name, text, start, end, expected) => expect(lineEndingIn(bytes(text), start, end)).toBe(expected));
});

describe('lineEndingOf', () => {
  test.each([
    ['a\nb\r\n', '\n'],
    ['a\r\nb\n', '\r\n'],
    ['\nb', '\n'],
    ['\r\n', '\r\n'],
    ['abc', undefined],
    ['', undefined],
  ])('%j: %j', (text, expected) => expect(lineEndingOf(text)).toBe(expected));
});

test('withoutLoneCarriageReturns: a CR alone becomes LF, a CRLF stays', () => {
  expect(withoutLoneCarriageReturns('a\rb\r\nc\r')).toBe('a\nb\r\nc\n');
  expect(withoutLoneCarriageReturns('a\r\r\nb')).toBe('a\n\r\nb');
  expect(withoutLoneCarriageReturns('a\nb')).toBe('a\nb');
});

test('withLineEnding: LF text as it is, or with every LF as CRLF', () => {
  expect(withLineEnding('a\nb\n\n', '\n')).toBe('a\nb\n\n');
  expect(withLineEnding('a\nb\n\n', '\r\n')).toBe('a\r\nb\r\n\r\n');
});
