/**
 * The line scanners shared by the reader (over bytes) and the splicer (over a string): each on both
 * forms of the text, with the results worked out by hand.
 */
import {
  BLOCK_SCALAR_HEADER,
  KEEP_CHOMPING_HEADER,
  blockKeyAt,
  dedentLine,
  hasLineSeparatorBytes,
  indentLines,
  indentOf,
  isDashAt,
  lineIsBlank,
  lineIsBlankOrComment,
  lineOf,
  lineStartsOf,
} from '../../src/krm/text-scan';
import type { ScannedText } from '../../src/krm/text-scan';

/** The text as a string and as its UTF-8 bytes: every scanner must read both alike. */
const bothForms = (text: string): [string, ScannedText][] => [
  ['string', text],
  ['bytes', new Uint8Array(Buffer.from(text, 'utf8'))],
];

describe('lineStartsOf', () => {
  test.each([
    ['a\nbc\n\nd', [0, 2, 5, 6]],
    ['a\n', [0]],
    ['', []],
    ['\n\n', [0, 1]],
  ])('%j', (text, expected) => {
    for (const [, form] of bothForms(text)) expect(lineStartsOf(form)).toEqual(expected);
  });

  test('within [start, end): a line cut by the end still counts, the lines after it do not', () => {
    for (const [, form] of bothForms('xx\na\nbcd\ne\n')) {
      expect(lineStartsOf(form, 3, 7)).toEqual([3, 5]);
      expect(lineStartsOf(form, 3, 6)).toEqual([3, 5]);
      expect(lineStartsOf(form, 3, 5)).toEqual([3]);
    }
  });
});

describe('indentOf', () => {
  test('counts spaces only, from the given start, up to the end of the text', () => {
    for (const [, form] of bothForms('   x\n\t y\n    \n  ')) {
      expect(indentOf(form)).toBe(3);
      expect(indentOf(form, 5)).toBe(0); // a tab is no indentation
      expect(indentOf(form, 6)).toBe(1);
      expect(indentOf(form, 9)).toBe(4);
      expect(indentOf(form, 14)).toBe(2); // the last line, without a line break
      expect(indentOf(form, 16)).toBe(0);
    }
  });
});

describe('lineIsBlank and lineIsBlankOrComment', () => {
  // [text, start, end, blank, blank or comment]
  test.each([
    [' \t \n', 0, 4, true, true],
    ['', 0, 0, true, true],
    [' \t', 0, 2, true, true],
    ['  x', 0, 3, false, false],
    ['  \nx', 0, 4, true, true], // the line ends at its line break
    ['  # note\n', 0, 9, false, true],
    ['\t#', 0, 2, false, true],
    ['#', 0, 1, false, true],
    ['  x # note', 0, 10, false, false],
    ['   x', 0, 3, true, true], // `end` cuts the line before the x
    ['ab\n  # c\n', 3, 9, false, true],
    ['ab\n  c\n', 3, 7, false, false],
  ])('%j [%i, %i)', (text, start, end, blank, blankOrComment) => {
    for (const [, form] of bothForms(text)) {
      expect(lineIsBlank(form, start, end)).toBe(blank);
      expect(lineIsBlankOrComment(form, start, end)).toBe(blankOrComment);
    }
  });
});

describe('isDashAt', () => {
  test.each([
    ['- a', 0, true],
    ['-\n', 0, true],
    ['-', 0, true],
    ['  - a', 2, true],
    ['  - a', 1, false],
    ['-a', 0, false],
    ['--', 0, false],
    ['--- ', 0, false],
    ['x - ', 0, false],
    ['x - ', 2, true],
  ])('%j at %i', (text, at, expected) => {
    for (const [, form] of bothForms(text)) expect(isDashAt(form, at)).toBe(expected);
  });
});

describe('lineOf', () => {
  test('the 1-based line of an offset; a line break belongs to the line it ends', () => {
    for (const [, form] of bothForms('a\nbc\n\nd')) {
      expect([0, 1, 2, 3, 4, 5, 6].map((offset) => lineOf(form, offset))).toEqual([1, 1, 2, 2, 2, 3, 4]);
    }
    // A line break as the first character ends line 1.
    for (const [, form] of bothForms('\nab')) expect([0, 1, 2].map((offset) => lineOf(form, offset))).toEqual([1, 2, 2]);
  });
});

describe('dedentLine', () => {
  test.each([
    ['    abc', 2, '  abc'],
    ['  abc', 2, 'abc'],
    [' abc', 2, 'abc'],
    ['  ', 2, ''],
    ['   ', 4, ''],
    [' \t x', 2, 'x'],
    ['abc', 0, 'abc'],
  ])('%j by %i', (line, column, expected) => {
    expect(dedentLine(line, column)).toBe(expected);
  });
});

describe('block scalar headers', () => {
  test.each([
    ['a: |+', true, true],
    ['a: >+', true, true],
    ['- |2+', true, true],
    ['a: |+2', true, true],
    ['a: |+  # note', true, true],
    ['|+', true, true],
    ['x\na: |+\ny', true, true],
    ['a: |', false, true],
    ['a: >-', false, true],
    ['a: |2', false, true],
    ['a: |-2', false, true],
    ['a: |2-', false, true],
    ['a: | # note', false, true],
    ['a: |\t', false, true],
    ['a|+', false, false],
    ['a: |+x', false, false],
    ['a: |x', false, false],
    ['a: |22', false, false],
    ['a: |+-', false, false],
    ['a: "|"', false, false],
    ['a: |0', false, false],
  ])('%j', (line, keeps, isHeader) => {
    expect(KEEP_CHOMPING_HEADER.test(line)).toBe(keeps);
    expect(BLOCK_SCALAR_HEADER.test(line)).toBe(isHeader);
  });
});

describe('hasLineSeparatorBytes', () => {
  test('U+2028 or U+2029 anywhere in the bytes, and only within the view given', () => {
    const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));
    expect(hasLineSeparatorBytes(bytes('a\u2028b'))).toBe(true);
    expect(hasLineSeparatorBytes(bytes('\u2029'))).toBe(true);
    expect(hasLineSeparatorBytes(bytes('a\u2027b\u202ac\u0085'))).toBe(false);
    const whole = Buffer.from('\u2028abc\u2029', 'utf8');
    expect(hasLineSeparatorBytes(new Uint8Array(whole.buffer, whole.byteOffset + 3, 3))).toBe(false);
    expect(hasLineSeparatorBytes(new Uint8Array(whole.buffer, whole.byteOffset + 3, 6))).toBe(true);
    expect(hasLineSeparatorBytes(new Uint8Array(whole.buffer, whole.byteOffset, 3))).toBe(true);
  });
});

describe('blockKeyAt', () => {
  const keyOf = (line: string): ReturnType<typeof blockKeyAt> => blockKeyAt(line, 0, line.length);

  test.each([
    ['key: value', 'key', 5],
    ['key:', 'key', 4],
    ['key:   ', 'key', 7],
    ['key:\tx', 'key', 5],
    ['a b: c', 'a b', 5],
    ['key :  x', 'key', 7],
    ['a#b: c', 'a#b', 5],
    ['a:b: c', 'a:b', 5],
    ['x-y: z', 'x-y', 5],
    ['"quoted": x', 'quoted', 10],
    ['"a" : x', 'a', 6],
    ['"a":x', 'a', 4],
    ["'it''s': x", "it's", 9],
    ["'a\\': x", 'a\\', 6], // a backslash escapes nothing in single quotes
    ['"yes": x', 'yes', 7],
  ])('%j: key %j, value at %i', (line, key, valueOffset) => {
    expect(keyOf(line)).toEqual({ key, valueOffset });
  });

  test.each([
    'key:value',
    'no colon',
    '"a\\"b": x', // escapes are left to yaml
    '"open: x',
    '"a"x: y',
    '"a"\'b": x', // a single quote after the closing quote does not reopen it
    '- a: b',
    '? a',
    ': a',
    ',a: b',
    '[a]: b',
    '{a: b}',
    ']a: b',
    '}a: b',
    '#a: b',
    '&anchor a: b',
    '*alias : b',
    '!tag a: b',
    '|a: b',
    '>a: b',
    '%a: b',
    '@a: b',
    '`a: b',
    'a #c: d',
    'a\t#c: d',
    'yes: x', // a boolean to YAML 1.1
    'null: x',
    '8080: x', // a number
    '~: x',
  ])('%j is not read as a key', (line) => {
    expect(keyOf(line)).toBeUndefined();
  });

  test('from an offset inside the text, up to the line end given', () => {
    const text = 'xx\n  key: v\n  "ab": w\n';
    expect(blockKeyAt(text, 5, 11)).toEqual({ key: 'key', valueOffset: 10 });
    expect(blockKeyAt(text, 14, 21)).toEqual({ key: 'ab', valueOffset: 20 });
    // The line end cuts the key before its colon, or inside its quotes.
    expect(blockKeyAt(text, 5, 8)).toBeUndefined();
    expect(blockKeyAt(text, 14, 16)).toBeUndefined();
    expect(blockKeyAt(text, 14, 17)).toBeUndefined(); // the closing quote at the line end given is past it
  });
});

describe('indentLines', () => {
  test.each([
    ['a: 1\nb: 2\n', '  ', '- ', '- a: 1\n  b: 2\n'],
    ['a\n', '  ', '- ', '- a\n'],
    ['a\nb', '    ', '  ', '  a\n    b\n'],
    ['a:\n\n  b\n', '  ', '  ', '  a:\n\n    b\n'],
    ['a:\n\n  b\n', '  ', '- ', '- a:\n\n    b\n'],
    // A blank first line: the dash goes on it all the same, an indentation does not.
    ['\na: 1\n', '  ', '- ', '- \n  a: 1\n'],
    ['\na: 1\n', '  ', '  ', '\n  a: 1\n'],
  ])('%j', (printed, indent, firstPrefix, expected) => {
    expect(indentLines(printed, indent, firstPrefix)).toBe(expected);
  });
});
