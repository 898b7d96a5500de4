/** Python string literals, read back by Python (one process for all values). */
import * as fc from 'fast-check';
import { pythonString, pythonStringProblem } from '../../src/encoders/python';
import { HOSTILE_CHARACTERS, hostileString } from '../support/hostile';
import { describeWithReader, pythonMissing, runPython } from '../support/readers';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

test("Drydock's \"value\" for plain values; escapes otherwise", () => {
  expect(pythonString('cs_comments_service')).toBe('"cs_comments_service"');
  expect(pythonString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  expect(pythonString('\u0000\u0085\u2028\ufeff ä \u{1F600}')).toBe('"\\x00\\x85\\u2028\\ufeff ä \u{1F600}"');
  expect(pythonStringProblem('\ud800')).toMatch(/surrogate/);
  expect(() => pythonString('\ud800')).toThrow();
});

describeWithReader(pythonMissing(), 'Python reads every literal back as the value', () => {
  test(`${RUNS} hostile values and the hostile alphabet, one python3`, () => {
    const values = [...fc.sample(hostileString(), { numRuns: RUNS, seed: 7 }), ...HOSTILE_CHARACTERS];
    const sources = values.map((value) => `FORUM_MONGODB_DATABASE = ${pythonString(value)}\n`);
    for (const source of sources) expect(source).toMatch(/^FORUM_MONGODB_DATABASE = "[^\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]*"\n$/);
    const read = runPython<string[]>(
      ['import ast', 'result = []', 'for source in data:', '    tree = ast.parse(source)', '    assert len(tree.body) == 1', '    result.append(tree.body[0].value.value)'].join('\n'),
      sources,
    );
    expect(read).toEqual(values);
  });
});
