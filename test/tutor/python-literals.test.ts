/**
 * drydock-fn's reading of Tutor's Python settings against Python's: string literals (mongodb_parameters),
 * and the value a module's top-level statements give a name (FORUM_MONGODB_DATABASE).
 */
import * as fc from 'fast-check';
import { pythonString } from '../../src/encoders/python';
import { pythonTopLevelString } from '../../src/tutor/openedx-settings';
import { assignedTokens, pythonStatements, pythonStringBody, stringLiteralValue } from '../../src/tutor/python-source';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { FIXTURES, describeWithFixtures } from '../support/fixtures';
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

  test('an escape drydock-fn cannot decode exactly (\\N{name}, malformed) is not read at all, never kept undecoded', () => {
    const bodies = ['p\\N{DIGIT ONE}x', '\\N{LATIN SMALL LETTER A}', '\\N{no such name}', '\\x4', '\\u12', '\\U00110000', '\\N'];
    // What Python makes of each: the decoded text, or the error that refuses it.
    const python = runPython<string[]>(
      ['import ast', 'result = []', 'for body in data:', '    try:', '        result.append(ast.literal_eval(\'"\' + body + \'"\'))', '    except SyntaxError as error:', '        result.append("SyntaxError")'].join('\n'),
      bodies,
    );
    expect(python.slice(0, 2)).toEqual(['p1x', 'a']);
    expect(python.slice(2)).toEqual(bodies.slice(2).map(() => 'SyntaxError'));
    expect(bodies.map(pythonStringBody)).toEqual(bodies.map(() => undefined));
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
    // Each module run by Python, with a stand-in os.
    const { read, refused } = readsAsPython(modules, '{"os": types.SimpleNamespace(environ={"X": "from-env"})}', (module) => module.replace(/^import os\n/gm, ''));
    expect(refused).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(100);
  });

  test("statements found as Python's tokenizer finds them: decoys in triple-quoted strings of every prefix and quote, brackets, continuations, comments; \\N{} escapes", () => {
    const decoy = fc.constantFrom(
      '_OLD = """\nNAME = "decoy"\n"""',
      "_OLD = '''\nNAME = 'decoy'\n'''",
      '_OLD = r"""\nNAME = "decoy"\n"""',
      "_OLD = Rb'''\nNAME = 'decoy'\n'''",
      '_OLD = f"""\nNAME = "{1}"\n"""',
      '_OLD = """a \\""" \nNAME = "decoy"\n"""',
      '_OLD = ("x",\nNAME := "decoy")',
      '_OLD = [\n    "x",\n"""\nNAME = "decoy"\n""",\n]',
      '_OLD = "x" \\\n    "NAME = \'decoy\'"',
      '_OLD = "# not a comment"; NAME = "after semicolon"',
      '_OLD = 1  # NAME = "in a comment"',
      '\uff2eAME = "fullwidth N, the same identifier to Python"',
      'NAME = "forum\\N{DIGIT ONE}"',
      'NAME = "a" \'b\' """c"""',
      'NAME = "x" if True else "y"',
      'if True: NAME = "one-line block"',
      'class C:\n    NAME = "class attribute"',
      'def f():\n    NAME = "local"',
      'for NAME in ["loop"]: pass',
      'match = "a name, not a keyword"',
      '_OLD = f"{\'NAME\'}" + """\nNAME = "decoy"\n"""',
      "_OLD = f'{1:>{2}}'; NAME = \"after an f-string\"",
      '_OLD = f"{"nested, Python 3.12 only"}"',
      '_OLD = rf"\\{1}"',
      "_OLD = b'NAME = 1' # \"\"\"",
    );
    const statement = fc.oneof({ weight: 2, arbitrary: decoy }, { weight: 2, arbitrary: hostileString().filter((value) => !/[\ud800-\udfff]/.test(value)).map((value) => `NAME = ${pythonString(value)}`) });
    const modules = fc.sample(fc.array(statement, { minLength: 1, maxLength: 5 }).map((lines) => `${lines.join('\n')}\n`), { numRuns: Number(process.env.PROPERTY_RUNS ?? 500), seed: 7 });
    const { read, refused } = readsAsPython(modules);
    expect(refused).toBeGreaterThan(20);
    expect(read).toBeGreaterThan(100);
  });

  test('the cases of the adversarial pass: a triple-quoted decoy after the assignment, and \\N{DIGIT ONE}', () => {
    const decoyed = 'FORUM_MONGODB_DATABASE = "real_forum"\n_OLD = """\nFORUM_MONGODB_DATABASE = "old_forum"\n"""\n';
    const named = 'FORUM_MONGODB_DATABASE = "forum\\N{DIGIT ONE}"\n';
    const python = runPython<string[]>('result = []\nfor text in data:\n    scope = {}\n    exec(text, scope)\n    result.append(scope["FORUM_MONGODB_DATABASE"])', [decoyed, named]);
    expect(python).toEqual(['real_forum', 'forum1']);
    expect(pythonTopLevelString(decoyed, 'FORUM_MONGODB_DATABASE')).toEqual({ value: 'real_forum' });
    expect(pythonTopLevelString(named, 'FORUM_MONGODB_DATABASE')).toEqual({ problem: expect.stringContaining('not assigned one string literal') });
  });
});

/**
 * Each module run by Python (in `scope`, as `forPython` gives its text) against drydock-fn's reading of
 * NAME: never a wrong value — a value read is the one Python ends with; none read means Python sets
 * none. Counts the values read and the modules refused (those Python fails on are left out).
 */
function readsAsPython(modules: readonly string[], scope = '{}', forPython: (module: string) => string = (module) => module): { read: number; refused: number } {
  const python = runPython<({ value: string | null } | { error: string })[]>(
    [
      'import types',
      'result = []',
      'for text in data:',
      `    scope = ${scope}`,
      '    try:',
      '        exec(compile(text, "settings.py", "exec"), scope)',
      '    except Exception as error:',
      '        result.append({"error": type(error).__name__})',
      '        continue',
      '    result.append({"value": scope.get("NAME")})',
    ].join('\n'),
    modules.map(forPython),
  );
  let read = 0;
  let refused = 0;
  modules.forEach((module, index) => {
    const theirs = python[index];
    if ('error' in theirs) return;
    const ours = pythonTopLevelString(module, 'NAME');
    if (ours === undefined) expect({ module, value: theirs.value }).toEqual({ module, value: null });
    else if ('value' in ours) {
      read++;
      expect({ module, value: ours.value }).toEqual({ module, value: theirs.value });
    } else refused++;
  });
  return { read, refused };
}

describeWithFixtures("every settings file of the fixtures: statements as Python's ast finds them", () => {
  test('the top-level simple assignments (target, and the value when it is string literals) are those of ast, in order', () => {
    const files = execFileSync('find', [FIXTURES, '-path', '*/env/apps/openedx/settings/*', '-name', '*.py'], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    const texts = [...new Set(files.map((file) => readFileSync(file, 'utf8')))];
    expect(texts.length).toBeGreaterThan(20);
    const python = runPython<[string, string | null][][]>(
      [
        'import ast',
        'result = []',
        'for text in data:',
        '    found = []',
        '    for node in ast.parse(text).body:',
        '        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):',
        '            value = node.value',
        '            found.append([node.targets[0].id, value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None])',
        '    result.append(found)',
      ].join('\n'),
      texts,
    );
    const ours = texts.map((text) => {
      const statements = pythonStatements(text);
      if ('problem' in statements) return statements.problem;
      return statements
        .filter((statement) => !statement.nested && statement.tokens[0].kind === 'name' && statement.tokens[1]?.kind === 'op' && statement.tokens[1].text === '=')
        .map((statement) => {
          const target = statement.tokens[0] as { text: string };
          const value = assignedTokens(statement, target.text);
          return value === undefined ? undefined : [target.text, stringLiteralValue(value) ?? null];
        })
        .filter((entry) => entry !== undefined);
    });
    expect(ours).toEqual(python);
    // The files hold many such assignments, thousands of them of string literals: the comparison can fail.
    expect(python.flat().filter(([, value]) => value !== null).length).toBeGreaterThan(1000);
  });
});

describe('hostile nesting in the settings', () => {
  test('f-strings nested deeper than Python 3.12 reads (150) make the module unreadable, not an internal error; deep brackets are read', () => {
    const nested = (depth: number) => `NAME = "x"\n_OLD = ${'f"{'.repeat(depth)}1${'}"'.repeat(depth)}\n`;
    for (const depth of [151, 5000, 50000]) expect(pythonTopLevelString(nested(depth), 'NAME')).toEqual({ problem: expect.stringContaining('nested deeper than Python reads') });
    expect(pythonTopLevelString(`NAME = "x"\n_OLD = ${'['.repeat(50000)}${']'.repeat(50000)}\n`, 'NAME')).toEqual({ value: 'x' });
  });
});
