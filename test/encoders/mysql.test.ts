/**
 * MySQL string literals. No MySQL server runs in CI: the expectations are MySQL's documented escape
 * sequences (reference manual, "String Literals", table 11.1), with the default sql_mode.
 */
import { mysqlString } from '../../src/encoders/mysql';

describe('MySQL string literals', () => {
  test.each([
    ['backup', "'backup'"],
    ["it's", "'it''s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['nul\u0000', "'nul\\0'"],
    ['line\nbreak\r\n', "'line\\nbreak\\r\\n'"],
    ['tab\tbs\bz\u001a', "'tab\\tbs\\bz\\Z'"],
    ['%_ are literal outside LIKE; "double" too', "'%_ are literal outside LIKE; \"double\" too'"],
    ['ä \u{1F600} \u2028', "'ä \u{1F600} \u2028'"],
  ])('%j', (value, literal) => {
    expect(mysqlString(value)).toBe(literal);
  });

  test('the literal holds no line break and no quote that ends it early', () => {
    for (const value of ["'", "\\'", "''", "\\", "a'; DROP USER root; --", '\n']) {
      const literal = mysqlString(value);
      expect(literal).not.toMatch(/[\n\r\u0000]/);
      // Inside the quotes every ' is doubled and every \ starts an escape pair.
      expect(literal.slice(1, -1)).toMatch(/^(?:[^'\\]|''|\\.)*$/);
    }
  });
});
