/** src/krm/describe.ts: the words messages use for a value of the wrong type, and for a thrown error. */
import { describeError, describeType, describeValue } from '../../src/krm/describe';

describe('describeType: the type noun after "found a"', () => {
  test.each([
    [null, 'null'],
    [undefined, 'null'],
    [[1], 'list'],
    [{ a: 1 }, 'mapping'],
    ['x', 'string'],
    [1.5, 'number'],
    [true, 'boolean'],
  ])('%j is %s', (value, words) => expect(describeType(value)).toBe(words));
});

describe('describeValue: what a message says it got', () => {
  test.each([
    [null, 'null'],
    [undefined, 'nothing'],
    [[1], 'a list'],
    [{ a: 1 }, 'a mapping'],
    ['x', 'string "x"'],
    [50, 'number 50'],
    [false, 'boolean false'],
  ])('%j is %s', (value, words) => expect(describeValue(value)).toBe(words));
});

test('describeError: the first line of the message, no stack; a RangeError is too deep an input', () => {
  expect(describeError(new Error('first\nsecond'))).toBe('first');
  expect(describeError(new RangeError('Maximum call stack size exceeded'))).toBe('the input nests too deeply to be read');
  expect(describeError('thrown text')).toBe('thrown text');
});
