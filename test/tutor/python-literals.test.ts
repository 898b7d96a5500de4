/** drydock-fn's reading of the Python string literals of Tutor's settings (mongodb_parameters), against Python's. */
import * as fc from 'fast-check';
import { pythonString } from '../../src/encoders/python';
import { pythonStringBody } from '../../src/tutor/openedx-settings';
import { HOSTILE_CHARACTERS, hostileString } from '../support/hostile';
import { describeWithReader, pythonMissing, runPython } from '../support/readers';

const LITERALS = ['plain', 'a\\"b', "a\\'b", 'back\\\\slash', 'nl\\n tab\\t cr\\r', '\\x41\\101\\u00e4\\U0001F600', '\\a\\b\\f\\v\\0', 'unknown \\q', 'cont\\\nline'];

describeWithReader(pythonMissing(), 'Python string literals read as Python reads them', () => {
  test('escapes of every kind, and every value drydock-fn itself writes', () => {
    const values = [...fc.sample(hostileString(), { numRuns: 200, seed: 3 }), ...HOSTILE_CHARACTERS.filter((char) => !/[\ud800-\udfff]/.test(char))];
    const bodies = [...LITERALS, ...values.map((value) => pythonString(value).slice(1, -1))];
    const read = runPython<string[]>('import ast\nresult = [ast.literal_eval(\'"\' + body + \'"\') for body in data]', bodies);
    expect(bodies.map(pythonStringBody)).toEqual(read);
  });
});
