/** src/krm/read/parsed.ts: an item's bytes and lines, and its text shifted left as a document of its own. */
import { TextSource, inputItemOf, itemBody, itemDocument, utf8 } from '../../src/krm/read/parsed';
import type { KubeObject } from '../../src/krm/types';

const bytes = (text: string) => Buffer.from(text, 'utf8');
/** A source over `text` (its dash at `dashIndent`), with `trailing` after the item. */
const source = (text: string, trailing = '', dashIndent = 0, lineEnding: '\n' | '\r\n' = '\n') => {
  const all = bytes(text + trailing);
  return new TextSource(all, Buffer.byteLength(trailing), dashIndent, undefined, lineEnding);
};

describe('TextSource', () => {
  test('verbatim: every byte; body: without the trailing lines; trailing: those lines', () => {
    const item = source('- a: é\n  b: 2\n', '# after\n\n');
    expect(item.verbatim).toBe('- a: é\n  b: 2\n# after\n\n');
    expect(item.body).toBe('- a: é\n  b: 2\n');
    expect(item.trailing).toBe('# after\n\n');
    expect(item.kind).toBe('text');
    expect(item.lineEnding).toBe('\n');
    expect(item.dashIndent).toBe(0);
  });

  test('no trailing lines: an empty trailing text; the body may be given (LF where the bytes have CRLF)', () => {
    const crlf = bytes('- a: 1\r\n  b: 2\r\n');
    const item = new TextSource(crlf, 0, 2, bytes('- a: 1\n  b: 2\n'), '\r\n');
    expect(item.trailing).toBe('');
    expect(item.body).toBe('- a: 1\n  b: 2\n');
    expect(item.verbatim).toBe('- a: 1\r\n  b: 2\r\n');
    expect(item.lineEnding).toBe('\r\n');
  });

  test('the line ending of a source made without one is LF', () => {
    expect(new TextSource(bytes('- a\n'), 0, 0).lineEnding).toBe('\n');
  });
});

describe('itemBody and itemDocument: the mapping moved left, so it reads as a document', () => {
  test('the content after the dash sets the indentation', () => {
    const item = source('- a: 1\n  b:\n    c: 2\n', '# next\n');
    expect(itemBody(item)).toBe('a: 1\nb:\n  c: 2\n');
    expect(itemDocument(item)).toBe('a: 1\nb:\n  c: 2\n# next\n');
  });

  test('an indented dash and a wider gap after it', () => {
    expect(itemBody(source('  -   a: 1\n      b: 2\n', '', 2))).toBe('a: 1\nb: 2\n');
  });

  test('a dash alone on its line, or with a comment: the first content line sets it', () => {
    expect(itemBody(source('-\n    a: 1\n    b: 2\n'))).toBe('\na: 1\nb: 2\n');
    expect(itemBody(source('- # the lms\n  # more\n\n    a: 1\n'))).toBe('# the lms\n# more\n\na: 1\n');
    expect(itemBody(source('- # c\n    a:\n      b: 1\n'))).toBe('# c\na:\n  b: 1\n');
    expect(itemBody(source('-\n   \n    a: 1\n'))).toBe('\n\na: 1\n');
  });

  test('a dash followed by comments only: the content would start two columns after the dash', () => {
    expect(itemDocument(source('  -\n', '    # c\n', 2))).toBe('\n# c\n');
  });

  test('nothing but the dash: the indentation after it is taken', () => {
    expect(itemBody(source('-\n'))).toBe('\n');
  });

  test('lines indented less than the content lose only their spaces', () => {
    expect(itemDocument(source('- a: |\n    x\n', '# c\n  # d\n'))).toBe('a: |\n  x\n# c\n# d\n');
  });

  test('a text without a final line break gets one', () => {
    expect(itemBody(new TextSource(bytes('- a: 1\n  b: 2'), 0, 0))).toBe('a: 1\nb: 2\n');
  });

  test('CRLF lines keep their CR, a blank line indented less than the content too', () => {
    expect(itemDocument(source('- a: 1\r\n  b: 2\r\n', '', 0, '\r\n'))).toBe('a: 1\r\nb: 2\r\n');
    expect(itemDocument(source('- a: |\r\n    x\r\n \r\n    y\r\n', '', 0, '\r\n'))).toBe('a: |\r\n  x\r\n\r\n  y\r\n');
  });

  test('after a raw U+2028 or U+2029 (a line break to YAML 1.1), the indentation is cut too', () => {
    expect(itemBody(source("- a: 'x\u2028    y'\n  b: 'p\u2029    q'\n", '', 0))).toBe("a: 'x\u2028  y'\nb: 'p\u2029  q'\n");
    expect(itemBody(source("  - a: 'x\u2028      y'\n", '', 2))).toBe("a: 'x\u2028  y'\n");
  });
});

test('utf8: the text of a byte range of a view', () => {
  const whole = bytes('xxé-yy');
  const view = whole.subarray(2, 5);
  expect(utf8(view, 0, view.length)).toBe('é-');
  expect(utf8(view, 2, 3)).toBe('-');
});

test('inputItemOf: an item over a value in memory, with an empty text source by default', () => {
  const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } as KubeObject;
  const item = inputItemOf(value, 4);
  expect(item.position).toBe(4);
  expect(item.header).toBe(value);
  expect(item.value).toBe(value);
  item.release();
  expect(item.value).toBe(value);
  expect(item.source.kind).toBe('text');
  expect((item.source as TextSource).verbatim).toBe('');
});
