/**
 * drydock-fn's reading of Tutor's Python settings against Python's: string literals (mongodb_parameters),
 * and the value a module's top-level statements give a name (FORUM_MONGODB_DATABASE).
 */
import * as fc from 'fast-check';
import { pythonString } from '../../src/encoders/python';
import { pythonStringBody, pythonTopLevelString } from '../../src/tutor/openedx-settings';
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

describeWithReader(pythonMissing(), "a module's last top-level string assignment, read as Python runs the module", () => {
  test('hostile values in every literal form, assignments repeated, inside blocks, commented, or not literals', () => {
    const literal = fc.oneof(
      hostileString().filter((value) => !/[\ud800-\udfff]/.test(value)).map(pythonString),
      fc.constantFrom('"a\\x5fb"', "'single'", "u'prefixed'", "r'raw\\n'", '"with" # comment', '"a" "b"', 'f"{1}"', 'os.environ["X"]', '"x" + "y"', '"unterminated'),
    );
    const statement = fc.oneof(
      { weight: 4, arbitrary: literal.map((value) => `NAME = ${value}`) },
      { weight: 1, arbitrary: literal.map((value) => `if True:\n    NAME = ${value}`) },
      { weight: 1, arbitrary: fc.constantFrom('OTHER = "x"', 'NAME_2 = "y"', '# NAME = "z"', 'NAME += "z"', 'import os') },
    );
    const modules = fc.sample(fc.array(statement, { minLength: 1, maxLength: 4 }).map((lines) => `${lines.join('\n')}\n`), { numRuns: Number(process.env.PROPERTY_RUNS ?? 500), seed: 5 });
    // Each module run by Python, with a stand-in os: the value NAME ends with, or that it has none.
    const python = runPython<({ value: string | null } | { error: string })[]>(
      [
        'import types',
        'result = []',
        'for text in data:',
        '    scope = {"os": types.SimpleNamespace(environ={"X": "from-env"})}',
        '    try:',
        '        exec(compile(text, "settings.py", "exec"), scope)',
        '    except Exception as error:',
        '        result.append({"error": type(error).__name__})',
        '        continue',
        '    result.append({"value": scope.get("NAME")})',
      ].join('\n'),
      modules.map((module) => module.replace(/^import os\n/gm, '')),
    );
    let read = 0;
    let refused = 0;
    modules.forEach((module, index) => {
      const ours = pythonTopLevelString(module, 'NAME');
      const theirs = python[index];
      if ('error' in theirs) return;
      // Never a wrong value: a value read is the one Python ends with; none read means Python sets none.
      if (ours === undefined) expect({ module, value: theirs.value }).toEqual({ module, value: null });
      else if ('value' in ours) {
        read++;
        expect({ module, value: ours.value }).toEqual({ module, value: theirs.value });
      } else refused++;
    });
    expect(refused).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(100);
  });
});
