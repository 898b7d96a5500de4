/** JavaScript string literals, read back by Node's own parser (mongosh runs on Node). */
import * as fc from 'fast-check';
import * as vm from 'vm';
import { jsString } from '../../src/encoders/javascript';
import { HOSTILE_CHARACTERS, HOSTILE_LONE_SURROGATES, hostileString } from '../support/hostile';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

describe('JavaScript string literals', () => {
  test("Drydock's \"value\" for plain values; escapes otherwise", () => {
    expect(jsString('openedx')).toBe('"openedx"');
    expect(jsString('pa$s word')).toBe('"pa$s word"');
    expect(jsString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(jsString('a\u2028b\u2029c\u0085d')).toBe('"a\\u2028b\\u2029c\\u0085d"');
    expect(jsString('\u{1F600}')).toBe('"\\ud83d\\ude00"');
  });

  test(`every value is a one-line printable-ASCII literal (no U+2028 for the ES5 mongo shell) that JavaScript reads back as it (${RUNS} values)`, () => {
    const values = [...fc.sample(hostileString(), { numRuns: RUNS, seed: 5 }), ...HOSTILE_CHARACTERS, ...HOSTILE_LONE_SURROGATES];
    for (const value of values) {
      const literal = jsString(value);
      expect(literal).toMatch(/^"[\x20-\x7e]*"$/);
      expect(vm.runInNewContext(literal)).toBe(value);
    }
  });
});
