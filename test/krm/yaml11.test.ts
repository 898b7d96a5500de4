/**
 * The one home of what YAML 1.1 readers read differently (src/krm/yaml11.ts): which characters are
 * escaped, how, and that every printer applies it. Whether real YAML 1.1 readers agree is
 * test/yaml11-readers.test.ts's business (kustomize) and the PyYAML checks there.
 */
import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { emitDocument, emitScalarInStyle } from '../../src/krm/emit';
import { hasLoneSurrogate } from '../../src/krm/unicode';
import { goYamlReadsPlainAsString } from '../../src/krm/go-yaml-scalars';
import { escapeRawCharacters, firstUnportableCharacter, hasLineSeparators, isAmbiguousPlainScalar, needsEscapes, printYamlDocument, readLineSeparatorsAsYaml11, unportableCharacterProblem, unwritableCharacterProblem, unwritableMetadataProblem, yaml11DoubleQuoted } from '../../src/krm/yaml11';
import { PARSE_OPTIONS, toStringOptions } from '../../src/krm/yaml-options';
import { HOSTILE_CHARACTERS, hostileString } from '../support/hostile';
import { pyyamlLoadAll, pyyamlMissing } from '../support/pyyaml';
import { describeWithReader } from '../support/readers';

/** Every character a YAML 1.1 reader reads as a line break or refuses raw, and the byte order mark. */
const MUST_ESCAPE = [
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).filter((char) => char !== '\t' && char !== '\n'),
  ...Array.from({ length: 0x21 }, (_, index) => String.fromCharCode(0x7f + index)),
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\uffff',
];
/** Raw in the output of every printer. */
const RAW_ALLOWED = ['\t', '\n', '\u00a0', '\u202e', '\ufffd', '\u{1F600}', '\u{10FFFF}', 'ä', 'e\u0301'];

describe('which characters are escaped', () => {
  test.each(MUST_ESCAPE.map((char) => [`U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`, char]))('%s', (_name, char) => {
    expect(needsEscapes(`a${char}b`)).toBe(true);
    expect(escapeRawCharacters(`"a${char}b"`)).not.toContain(char);
  });

  test.each(RAW_ALLOWED)('%j is written as it is', (char) => {
    expect(needsEscapes(`a${char}b`)).toBe(false);
    expect(escapeRawCharacters(`a${char}b`)).toBe(`a${char}b`);
  });

  test('YAML short escapes for the line breaks, \\x and \\u for the rest', () => {
    expect(escapeRawCharacters('"\u0085\u2028\u2029\x00\x07\x1b\x7f\x9f\ufeff\uffff"')).toBe('"\\N\\L\\P\\0\\a\\e\\x7f\\x9f\\ufeff\\uffff"');
    expect(escapeRawCharacters('"\u0085\u2028\x7f"', true)).toBe('"\\u0085\\u2028\\u007f"');
  });

  test('the other short escapes, and \\x with two digits: YAML 1.1 readers read them back', () => {
    const escaped = escapeRawCharacters('"\b\x0b\f\r\x01\x0e"');
    expect(escaped).toBe('"\\b\\v\\f\\r\\x01\\x0e"');
    expect(YAML.parse(escaped)).toBe('\b\x0b\f\r\x01\x0e');
    expect(jsyaml.load(escaped)).toBe('\b\x0b\f\r\x01\x0e');
  });

  describeWithReader(pyyamlMissing(), 'as PyYAML 6 reads them', () => {
    test('the other short escapes, and \\x with two digits', () => {
      expect(pyyamlLoadAll([escapeRawCharacters('"\b\x0b\f\r\x01\x0e"')])).toEqual([{ documents: ['\b\x0b\f\r\x01\x0e'] }]);
    });
  });

  test('hasLineSeparators: raw U+2028 and U+2029 only', () => {
    expect(['a\u2028', '\u2029b', 'a\u0085b', 'a\\u2028', ''].map(hasLineSeparators)).toEqual([true, true, false, false, false]);
  });

  test('lone surrogates: written as JSON escapes (never raw), and told apart from pairs', () => {
    expect(hasLoneSurrogate('a\ud800b')).toBe(true);
    expect(hasLoneSurrogate('a\udfff')).toBe(true);
    expect(hasLoneSurrogate('\u{1F600}')).toBe(false);
    expect(needsEscapes('a\ud800')).toBe(true);
    expect(emitDocument({ a: 'x\ud800' }, false)).toBe('a: "x\\ud800"\n');
  });
});

describe('yaml11DoubleQuoted, the string-literal encoder for YAML text in ConfigMaps', () => {
  test('byte-identical to JSON for ordinary strings', () => {
    for (const value of ['https://key@o1.ingest.sentry.io/1', 'https://a:b@sentry.example.com:9000/42?x=1#y', 'quote " and \\ backslash', 'ünïcödé 😀', '']) {
      expect(yaml11DoubleQuoted(value)).toBe(JSON.stringify(value));
    }
  });

  test('JSON, YAML 1.2 and the text itself agree on every hostile string', () => {
    fc.assert(
      fc.property(hostileString(), (value) => {
        const literal = yaml11DoubleQuoted(value);
        expect(JSON.parse(literal)).toBe(value);
        expect(YAML.parse(`k: ${literal}\n`)).toEqual({ k: value });
        expect(jsyaml.load(`k: ${literal}\n`)).toEqual({ k: value });
        for (const char of MUST_ESCAPE) expect(literal).not.toContain(char);
      }),
      { numRuns: 500 },
    );
  });
});

describe('printYamlDocument: the rule holds in every fallback through `yaml`', () => {
  test('a changed scalar that kept its single quotes or block style gets double quotes', () => {
    const doc = YAML.parseDocument("a: 'old'\nb: |\n  one\n  two\nc: plain\n");
    for (const key of ['a', 'b', 'c']) (doc.get(key, true) as YAML.Scalar).value = `x\u2028y: z\n\u0085 # not a comment`;
    const printed = printYamlDocument(doc, toStringOptions(false));
    for (const char of MUST_ESCAPE) expect(printed).not.toContain(char);
    expect(YAML.parse(printed)).toEqual({ a: 'x\u2028y: z\n\u0085 # not a comment', b: 'x\u2028y: z\n\u0085 # not a comment', c: 'x\u2028y: z\n\u0085 # not a comment' });
  });

  test('keys too, also keys set from plain strings', () => {
    const doc = new YAML.Document({ 'k\u2028ey': 'v' });
    doc.set('pl\u2029ain', 'w');
    const printed = printYamlDocument(doc, toStringOptions(false));
    expect(printed).toBe('"k\\Ley": v\n"pl\\Pain": w\n');
  });

  /** A document with a merge key read (PARSE_OPTIONS), the string "<<" quoted in it and set as two values; the printing and the schema's tags before it. */
  const withMergeKey = (): { printed: string; doc: YAML.Document; tags: unknown[] } => {
    const doc = YAML.parseDocument('base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n  "<<": 3\ns: \'<<\'\nd: "<<"\ne: null\n', PARSE_OPTIONS);
    doc.set('k', '<<');
    (doc.get('m') as YAML.YAMLMap).set('z', '<<');
    const tags = [...doc.schema.tags];
    return { printed: printYamlDocument(doc, toStringOptions(false)), doc, tags };
  };

  test('the string "<<" beside merge keys read: quoted (YAML 1.1 readers read `<<` plain as a merge key), the merge key kept plain, the schema left as it was', () => {
    const { printed, doc, tags } = withMergeKey();
    expect(printed).toBe('base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n  "<<": 3\n  z: "<<"\ns: \'<<\'\nd: "<<"\ne: null\nk: "<<"\n');
    expect(doc.schema.tags).toEqual(tags);
  });

  describeWithReader(pyyamlMissing(), 'as PyYAML 6 reads it', () => {
    test('the merge applied, the strings "<<" read as strings', () => {
      expect(pyyamlLoadAll([withMergeKey().printed])).toEqual([{ documents: [{ base: { x: 1 }, m: { x: 1, y: 2, '<<': 3, z: '<<' }, s: '<<', d: '<<', e: null, k: '<<' }] }]);
    });
  });

  /** New strings (no style read from a source) that YAML 1.1 readers read otherwise written plain, and one they read back. */
  const NEW_STRINGS = { a: 'yes', b: '1:20', c: '0b_', d: '=', e: 'plain' };

  test('a new string a YAML 1.1 reader reads otherwise is double-quoted, as the emitter writes it', () => {
    const printed = printYamlDocument(new YAML.Document(NEW_STRINGS), toStringOptions(false));
    expect(printed).toBe('a: "yes"\nb: "1:20"\nc: "0b_"\nd: "="\ne: plain\n');
    expect(emitDocument(NEW_STRINGS, false)).toBe(printed);
    expect(YAML.parse(printed)).toEqual(NEW_STRINGS);
  });

  describeWithReader(pyyamlMissing(), 'as PyYAML 6 reads them', () => {
    test('the new strings read back as strings; written plain, the first four are not', () => {
      const [quoted] = pyyamlLoadAll([printYamlDocument(new YAML.Document(NEW_STRINGS), toStringOptions(false))]);
      expect(quoted).toEqual({ documents: [NEW_STRINGS] });
      const values = Object.values(NEW_STRINGS);
      const plain = pyyamlLoadAll(values.map((value) => `k: ${value}\n`));
      values.forEach((value, index) => {
        if (value === 'plain') expect(plain[index]).toEqual({ documents: [{ k: value }] });
        else expect({ value, read: plain[index] }).not.toEqual({ value, read: { documents: [{ k: value }] } });
      });
    });
  });

  test('a folded block scalar given one line stays a block scalar, a literal one', () => {
    const doc = YAML.parseDocument('k: >\n  old\n  text\n');
    (doc.get('k', true) as YAML.Scalar).value = 'one line';
    const printed = printYamlDocument(doc, toStringOptions(false));
    expect(printed).toBe('k: |-\n  one line\n');
    expect(YAML.parse(printed)).toEqual({ k: 'one line' });
  });

  test('JSON output stays JSON', () => {
    const doc = YAML.parseDocument('{"a": "b"}');
    doc.set('c', 'd\u2028\u0085\x7f');
    YAML.visit(doc, {
      Map(_key, node) {
        node.flow = true;
      },
      Pair(_key, pair) {
        if (!YAML.isNode(pair.key)) pair.key = new YAML.Scalar(pair.key);
      },
      Scalar(_key, node) {
        node.type = 'QUOTE_DOUBLE';
      },
    });
    const printed = printYamlDocument(doc, { ...toStringOptions(false), doubleQuotedAsJSON: true });
    expect(JSON.parse(printed)).toEqual({ a: 'b', c: 'd\u2028\u0085\x7f' });
    expect(printed).toContain('\\u2028');
  });
});

describe('the emitter prints these strings itself, as the fallback does', () => {
  test('every hostile character, as a value and as a key', () => {
    for (const char of HOSTILE_CHARACTERS) {
      // Keys with line breaks are yaml's to print (explicit keys).
      const key = char.includes('\n') ? 'k' : `k${char}`;
      const value = { [key]: `v${char}`, list: [`${char}`, `a\n${char}\nb`] };
      const printed = emitDocument(value, false);
      expect(printed).toBeDefined();
      for (const escaped of MUST_ESCAPE) expect(printed).not.toContain(escaped);
      expect(YAML.parse(printed as string)).toEqual(value);
    }
  });

  test.each(['plain', 'double', 'single', 'literal'] as const)('a scalar replaced in %s style', (style) => {
    const printed = emitScalarInStyle('a\u2028b\nc\u0085', style, '  ');
    expect(printed).toBe('"a\\Lb\\nc\\N"');
  });
});

describe('a string of several lines starting with a tab', () => {
  // go-yaml refuses such a block scalar without an indentation indicator, which yaml writes only before a space.
  test.each(['\tindented\nnext\n', '\n\tafter an empty line\n', '\t\n'])('%j is double-quoted by both printers', (value) => {
    const fast = emitDocument({ run: value }, false);
    const doc = new YAML.Document({ run: value });
    const fallback = printYamlDocument(doc, toStringOptions(false));
    expect(fast).toBe(fallback);
    expect(fallback).toMatch(/^run: "/);
    expect(YAML.parse(fallback)).toEqual({ run: value });
    expect(emitScalarInStyle(value, 'literal', '')).toBe(fallback.slice('run: '.length, -1));
  });

  test('one line starting with a tab is no block scalar: it keeps its single quotes, read back by every reader', () => {
    expect(emitScalarInStyle('\tx', 'single', '')).toBe("'\tx'");
    expect(YAML.parse("k: '\tx'")).toEqual({ k: '\tx' });
    expect(jsyaml.load("k: '\tx'")).toEqual({ k: '\tx' });
  });

  test('a tab later in the text keeps the block scalar', () => {
    expect(emitDocument({ run: 'first\n\tsecond\n' }, false)).toBe('run: |\n  first\n  \tsecond\n');
  });
});

describe('a string ending with lines of only spaces', () => {
  // yaml writes them into a block scalar that every reader reads as empty lines.
  test.each(['  \n', 'x\n  \n', 'x\n \n\n', '\t\n\n', 'x\n\n  '])('%j is double-quoted by both printers, and read back', (value) => {
    const fast = emitDocument({ k: value }, false);
    const fallback = printYamlDocument(new YAML.Document({ k: value }), toStringOptions(false));
    expect(fast).toBe(fallback);
    expect(fallback).toMatch(/^k: "/);
    expect(YAML.parse(fallback)).toEqual({ k: value });
    expect(jsyaml.load(fallback)).toEqual({ k: value });
  });

  test.each(['   ', ' \t', 'x  '])('one line %j of or ending in blanks is no block scalar: it keeps its single quotes, read back by every reader', (value) => {
    expect(emitScalarInStyle(value, 'single', '')).toBe(`'${value}'`);
    expect(YAML.parse(`k: '${value}'`)).toEqual({ k: value });
    expect(jsyaml.load(`k: '${value}'`)).toEqual({ k: value });
  });

  test('blank lines without spaces, and trailing spaces on a line with content, keep the block scalar', () => {
    expect(emitDocument({ k: 'x\n\n' }, false)).toBe('k: |+\n  x\n\n');
    expect(emitDocument({ k: 'x \ny\n' }, false)).toBe('k: |\n  x \n  y\n');
  });

  /** Spaces or a tab on lines with content (the last one among them), and only empty lines after them: blocks every reader reads back. */
  const BLOCKS: [string, string][] = [
    ['a b\n\n', 'k: |+\n  a b\n\n'],
    ['x \n\n', 'k: |+\n  x \n\n'],
    ['x\ny \n\n', 'k: |+\n  x\n  y \n\n'],
    ['x\ny ', 'k: |-\n  x\n  y \n'],
    ['x\ny\t', 'k: |-\n  x\n  y\t\n'],
  ];

  test.each(BLOCKS)('%j: spaces or a tab on a line with content, none on the empty lines after it: the block scalar kept by both printers, and read back', (value, block) => {
    expect(emitDocument({ k: value }, false)).toBe(block);
    expect(printYamlDocument(new YAML.Document({ k: value }), toStringOptions(false))).toBe(block);
    expect(YAML.parse(block)).toEqual({ k: value });
    expect(jsyaml.load(block)).toEqual({ k: value });
  });

  describeWithReader(pyyamlMissing(), 'as PyYAML 6 reads them', () => {
    test('the same blocks, the same strings', () => {
      expect(pyyamlLoadAll(BLOCKS.map(([, block]) => block))).toEqual(BLOCKS.map(([value]) => ({ documents: [{ k: value }] })));
    });
  });
});

describe('folded block scalars', () => {
  test('are printed as literal ones: go-yaml reads some of yaml\'s folding otherwise', () => {
    // yaml folds this as `>2\n   -\n  ;\n\n  ,\n…`, which kustomize reads as " -\n; ,\n…".
    const value = ' -\n;\n,\n\t\nx\n';
    const doc = YAML.parseDocument('k: >\n  old\n  text\n');
    (doc.get('k', true) as YAML.Scalar).value = value;
    const printed = printYamlDocument(doc, toStringOptions(false));
    expect(printed).toBe('k: |2\n   -\n  ;\n  ,\n  \t\n  x\n');
    expect(YAML.parse(printed)).toEqual({ k: value });
  });
});

describe('firstUnportableCharacter', () => {
  /** The reference: the first such character found in the text, as a byte offset of its UTF-8. */
  const reference = (text: string, lineSeparators: boolean): number => {
    const match = (lineSeparators ? /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]/u : /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]/u).exec(text);
    return match ? Buffer.byteLength(text.slice(0, match.index)) : -1;
  };

  test('the byte offset of the first character YAML 1.1 readers refuse raw (or read as a line break), in random texts', () => {
    fc.assert(
      fc.property(hostileString({ maxLength: 40 }), fc.boolean(), (text, lineSeparators) => {
        expect(firstUnportableCharacter(Buffer.from(text, 'utf8'), lineSeparators)).toBe(reference(text, lineSeparators));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 500) },
    );
  });

  test('a character across the boundary of the 1 MiB chunks it reads, and one in a Buffer that starts inside another', () => {
    const chunk = 1 << 20;
    for (const at of [chunk - 3, chunk - 2, chunk - 1, chunk, 2 * chunk - 1]) {
      const text = `${'a'.repeat(at)}\u2028${'b'.repeat(10)}`;
      expect(firstUnportableCharacter(Buffer.from(text, 'utf8'))).toBe(at);
      expect(firstUnportableCharacter(Buffer.from(text, 'utf8'), false)).toBe(-1);
    }
    const whole = Buffer.from('xx\u0085yy\u0007', 'utf8');
    expect(firstUnportableCharacter(whole.subarray(1))).toBe(1);
    expect(firstUnportableCharacter(whole.subarray(5))).toBe(1);
    expect(firstUnportableCharacter(new Uint8Array(0))).toBe(-1);
  });
});

describe('isAmbiguousPlainScalar: strings written plain only when every reader reads them back', () => {
  /**
   * Read otherwise by YAML 1.1 readers only (go-yaml v3 and the YAML 1.2 core schema read them as
   * strings): booleans, sexagesimal numbers, timestamps with a time, `=` (the value key), ints in
   * base 2 or 16 that go-yaml cannot parse (no digit left once it drops the underscores, which
   * PyYAML's int() refuses too; more than 64 bits). PyYAML 6 reads each as a boolean, number or
   * timestamp, or refuses it, but `y`, `Y`, `n`, `N` (booleans in the YAML 1.1 type repository,
   * go-yaml v2 reads them so) and `1.2.3`, `.1.2`, `1.2.3e+10` (the repository's float pattern
   * `[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?` takes them).
   */
  const YAML11_ONLY = ['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', '1:20', '+1:20', '-1:20', '190:20:30', '1:7', '1:20.5', '1:20.25', '-1:20.5', '1:2:3.5', '2001-12-14 21:59:43.10 -5', '2001-1-4 1:59:43Z', '2001-12-14 21:59:43 +01:00', '2001-12-14 21:59:43.5 Z', '2001-12-14T21:59:43', '2001-12-14  21:59:43', '=', '0b_', '+0b_', '0b__', `0b${'1'.repeat(65)}`, '0x_', '+0x_', '0x__'];
  const YAML11_TYPE_REPOSITORY_ONLY = ['y', 'Y', 'n', 'N', '1.2.3', '.1.2', '1.2.3e+10'];
  /**
   * Numbers to the YAML 1.2 core schema only (±Infinity past the doubles): go-yaml v3 reads them as
   * strings (strconv.ParseFloat and ParseInt fail out of range), PyYAML too (no `.` for its float, no
   * `0o` for its int, no 9 in its octal `0[0-7_]+`).
   */
  const YAML12_CORE_ONLY = ['1e400', '-1e400', '1E400', '.12e400', '12e400', '1.25e400', `0o${'7'.repeat(30)}`, `0${'9'.repeat(400)}`];
  /** Read otherwise by the YAML 1.2 core schema or by go-yaml (and by PyYAML, but a few). */
  const EVERYWHERE = ['true', 'False', 'null', 'NULL', '~', '', '0', '-12', '0777', '0x1F', '1.5', '.5', '-.5', '1e3', '1.5e+3', '0o17', '.inf', '-.Inf', '.NaN', '2001-12-14', '<<', '0b101', '1_000'];
  /** Near misses: strings to PyYAML, to the YAML 1.2 core schema and to go-yaml. */
  const PLAIN = ['yES', 'oN', 'tRUE', 'yess', 'ye', 'nO', 'oFF', 'Yes!', 'on-call', 'offline', 'nULL', 'nul', 'nully', '0b102', '0xg', '0b', '0x', '1:60', '0:20', '01:20', '1:20x', '1:20.5x', '1:5_', '01-12-14', '2001-12-14x', '2001-12-14 21:59', '-.nan', '._', 'v1', '1a', '==', '<<<', 'x2001-12-14', '1-12-14', 'abcd-12-14', '2001-ab-14', '2001-12-ab', '2001-12-14X21:59:43', 'x.inf', '1ex3', '1ex', '1.x', '0o8', 'x.5', 'x1.5', '_1.5', '1.5ex3', '1.5e+x', '1x.5', '1.5x+3', '1x:20.5', 'x07', 'x0b1', 'x0x1'];

  test.each([...YAML11_ONLY, ...YAML11_TYPE_REPOSITORY_ONLY, ...YAML12_CORE_ONLY, ...EVERYWHERE])('%j is quoted', (value) => {
    expect(isAmbiguousPlainScalar(value)).toBe(true);
  });

  test.each(PLAIN)('%j is written plain', (value) => {
    expect(isAmbiguousPlainScalar(value)).toBe(false);
    expect(YAML.parse(`a: ${value}`)).toEqual({ a: value });
    expect(goYamlReadsPlainAsString(value)).toBe(true);
  });

  test('the YAML 1.1-only ones are strings to go-yaml v3 and the YAML 1.2 core schema', () => {
    for (const value of [...YAML11_ONLY, ...YAML11_TYPE_REPOSITORY_ONLY]) {
      expect({ value, core: YAML.parse(`a: ${value}`), go: goYamlReadsPlainAsString(value) }).toEqual({ value, core: { a: value }, go: true });
    }
  });

  test('the YAML 1.2 core-only ones are numbers to the core schema, strings to go-yaml v3', () => {
    for (const value of YAML12_CORE_ONLY) {
      expect({ value, core: typeof YAML.parse(`a: ${value}`).a, go: goYamlReadsPlainAsString(value) }).toEqual({ value, core: 'number', go: true });
    }
  });

  describeWithReader(pyyamlMissing(), 'as PyYAML 6 reads them', () => {
    test('the YAML 1.2 core-only ones are strings to PyYAML', () => {
      expect(pyyamlLoadAll(YAML12_CORE_ONLY.map((value) => `a: ${value}`))).toEqual(YAML12_CORE_ONLY.map((value) => ({ documents: [{ a: value }] })));
    });

    test('the YAML 1.1-only ones are no strings to PyYAML (or refused); the near misses are the strings themselves', () => {
      const read = pyyamlLoadAll([...YAML11_ONLY, ...PLAIN].map((value) => `a: ${value}`));
      YAML11_ONLY.forEach((value, index) => expect({ value, read: read[index] }).not.toEqual({ value, read: { documents: [{ a: value }] } }));
      PLAIN.forEach((value, index) => expect({ value, read: read[YAML11_ONLY.length + index] }).toEqual({ value, read: { documents: [{ a: value }] } }));
    });
  });
});

describe('readLineSeparatorsAsYaml11: the raw U+2028 and U+2029 kustomize writes, read as YAML 1.1 readers read them', () => {
  /** The documents of `text` after the reading, and the offset it refused at. */
  const readDocs = (text: string): { values: unknown[]; refused: number | undefined } => {
    const docs = YAML.parseAllDocuments(text, PARSE_OPTIONS) as YAML.Document[];
    const refused = readLineSeparatorsAsYaml11(docs, text);
    return { values: docs.map((doc) => doc.toJS()), refused };
  };
  /** Where go-yaml writes them: a single-quoted scalar on one line, a literal block scalar with its indentation after each. */
  const ACCEPTED: [string, string, unknown][] = [
    ['single-quoted, white space around it', "a: 'x \u2028  y'\n", { a: 'x\u2028y' }],
    ['single-quoted, U+2029, after a pair without one', "k: ok\nb: 'p\u2029q'\n", { k: 'ok', b: 'p\u2029q' }],
    ['a literal block', 'a: |\n  one\u2028  two\n', { a: 'one\u2028two\n' }],
    ['a literal block, strip chomping, a later line', 'a: |-\n  one\u2029  two\n  three\n', { a: 'one\u2029two\nthree' }],
    ['a literal block, keep chomping and a comment', 'a: |+ # c\n  one\u2028  two\n\n', { a: 'one\u2028two\n\n' }],
    ['single-quoted, spaces and a tab around it, the other spaces kept', "a: 'one two  \u2028\t three'\n", { a: 'one two\u2028three' }],
    ['a literal block, two on a line', 'a: |\n  one\u2028  two\u2029  three\n', { a: 'one\u2028two\u2029three\n' }],
  ];

  test.each(ACCEPTED)('%s', (_name, text, value) => {
    expect(readDocs(text)).toEqual({ values: [value], refused: undefined });
  });

  describeWithReader(pyyamlMissing(), 'as PyYAML 6 reads them', () => {
    test('the same values', () => {
      expect(pyyamlLoadAll(ACCEPTED.map(([, text]) => text))).toEqual(ACCEPTED.map(([, , value]) => ({ documents: [value] })));
    });
  });

  test.each<[string, string]>([
    ['plain', 'k: ok\na: x\u2028y\n'],
    ['a comment before a plain one', '# c\u2028\na: x\u2028y\n'],
    ['a single-quoted one in a document that does not parse', "k: 'x\u2028y'\na: [x\n"],
    ['a document that does not parse after one read', "a: 'x\u2028y'\n---\nb: [x\u2028\n"],
    ['a literal block with an indentation indicator (kustomize writes none), a `|` at the end of a line in it', 'a: |2\n   x |\n   y\u2028   z\n'],
    ['double-quoted', 'a: "x\u2028y"\n'],
    ['single-quoted over two lines', "a: 'x\n  \u2028y'\n"],
    ['a literal block with less indentation after it', 'a: |\n  one\u2028 two\n'],
    ['a folded block', 'a: >\n  one\u2028  two\n'],
    ['a comment', 'a: 1 # c\u2028\nb: 2\n'],
    ['a plain key', 'k\u2028x: 1\n'],
    ['a document that does not parse', 'k: ok\na: [x\u2028\n'],
    ['the second of two', "a: 'x\u2028y'\nb: x\u2028y\n"],
    ['a comment after one read', "a: 'x\u2028y' # c\u2028\nb: 1\n"],
    ['a comment before one read', "# c\u2028\na: 'x\u2028y'\n"],
  ])('refused where no YAML 1.2 reading matches: %s, at the first refused character', (_name, text) => {
    const expected = ['the second of two', 'a comment after one read', 'a document that does not parse after one read'].includes(_name) ? text.lastIndexOf('\u2028') : text.indexOf('\u2028');
    expect(readDocs(text).refused).toBe(expected);
  });

  test('a document that does not parse but holds none, after one read: nothing refused (its syntax error is for the reader to report)', () => {
    const text = "a: 'x\u2028y'\n---\nb: [x\n";
    expect(YAML.parseAllDocuments(text, PARSE_OPTIONS).map((doc) => doc.errors.length > 0)).toEqual([false, true]);
    expect(readDocs(text).refused).toBeUndefined();
  });

  test('none: nothing refused, nothing changed', () => {
    expect(readDocs("a: 'x y'\n")).toEqual({ values: [{ a: 'x y' }], refused: undefined });
  });
});

describe('unwritableMetadataProblem', () => {
  test.each(['\tx\ny', '\n\tx'])('%j: several lines starting with a tab', (value) => {
    expect(unwritableMetadataProblem(value)).toBe('has several lines and starts with a tab, which kustomize cannot carry in metadata');
  });

  test.each(['\tx', 'x\n\ty', 'x\ny', ''])('%j: fit', (value) => {
    expect(unwritableMetadataProblem(value)).toBeUndefined();
  });
});

describe('unportableCharacterProblem: the message for a raw character firstUnportableCharacter found', () => {
  /** Every character firstUnportableCharacter finds (with line separators). */
  const UNPORTABLE = MUST_ESCAPE.filter((char) => char !== '\r' && char !== '\ufeff');
  /** The escape the message tells the user to write. */
  const escapeIn = (message: string): string => (/write it as the escape (\S+) inside a double-quoted string$/.exec(message) ?? [])[1] ?? '';

  test.each(UNPORTABLE.map((char) => [`U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, char]))('%s: its code, and an escape YAML reads back as it', (code, char) => {
    expect(firstUnportableCharacter(Buffer.from(`a${char}`, 'utf8'))).toBe(1);
    const message = unportableCharacterProblem(char);
    expect(message.startsWith(`raw ${code} (`)).toBe(true);
    expect(YAML.parse(`"${escapeIn(message)}"`)).toBe(char);
    expect(jsyaml.load(`"${escapeIn(message)}"`)).toBe(char);
  });

  test('line breaks to YAML 1.1 readers are named; where kustomize writes U+2028 and U+2029 raw is said', () => {
    const where = ' (raw, it is read only in a single-quoted scalar on one line or a literal block scalar, where kustomize writes it)';
    const lineBreak = "YAML 1.1 readers (kustomize, kpt, Argo CD, PyYAML) read it as a line break, drydock-fn's YAML 1.2 readers as an ordinary character";
    expect(unportableCharacterProblem('\u0085')).toBe(`raw U+0085 (NEXT LINE): ${lineBreak}; write it as the escape \\N inside a double-quoted string`);
    expect(unportableCharacterProblem('\u2028')).toBe(`raw U+2028 (LINE SEPARATOR): ${lineBreak}${where}; write it as the escape \\L inside a double-quoted string`);
    expect(unportableCharacterProblem('\u2029')).toBe(`raw U+2029 (PARAGRAPH SEPARATOR): ${lineBreak}${where}; write it as the escape \\P inside a double-quoted string`);
  });

  test('controls and the two non-characters are refused by YAML 1.1 readers', () => {
    const refused = 'YAML 1.1 readers (kustomize, kpt, Argo CD, PyYAML) refuse it';
    expect(unportableCharacterProblem('\x00')).toBe(`raw U+0000 (a control character): ${refused}; write it as the escape \\0 inside a double-quoted string`);
    expect(unportableCharacterProblem('\x1f')).toBe(`raw U+001F (a control character): ${refused}; write it as the escape \\x1f inside a double-quoted string`);
    expect(unportableCharacterProblem('\x90')).toBe(`raw U+0090 (a control character): ${refused}; write it as the escape \\x90 inside a double-quoted string`);
    expect(unportableCharacterProblem('\ufffe')).toBe(`raw U+FFFE (a non-character): ${refused}; write it as the escape \\ufffe inside a double-quoted string`);
    expect(unportableCharacterProblem('\uffff')).toBe(`raw U+FFFF (a non-character): ${refused}; write it as the escape \\uffff inside a double-quoted string`);
  });

  describeWithReader(pyyamlMissing(), 'as PyYAML 6 reads them', () => {
    test('each escape named reads back as the character', () => {
      const read = pyyamlLoadAll(UNPORTABLE.map((char) => `"${escapeIn(unportableCharacterProblem(char))}"`));
      expect(read).toEqual(UNPORTABLE.map((char) => ({ documents: [char] })));
    });
  });
});

describe('unwritableCharacterProblem: strings no output can carry to the cluster', () => {
  const CANNOT_CARRY = [...Array.from({ length: 0x21 }, (_, index) => String.fromCharCode(0x7f + index)), '\ufffe', '\uffff'];

  test.each(CANNOT_CARRY.map((char) => [`U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, char]))('%s, named by its code', (code, char) => {
    expect(unwritableCharacterProblem(`ok ${char} ok`)).toBe(`holds ${code}, which kustomize cannot carry to the cluster, even escaped (it fails on U+007F–U+009F, U+FFFE and U+FFFF and turns U+0085 into a space)`);
  });

  test('the first such character is the one named', () => {
    expect(unwritableCharacterProblem('a\x9fb\x7f')).toMatch(/^holds U\+009F,/);
  });

  test('a lone surrogate', () => {
    for (const value of ['a\ud800', '\udfffb', 'x\udc00\ud800']) expect(unwritableCharacterProblem(value)).toBe('holds an unpaired UTF-16 surrogate, which no UTF-8 text can hold');
  });

  test.each(['', 'plain', '\x00\x1b\t\n\r', '\x7e', '\u00a0', '\u2028\u2029', '\ufeff', '\ufffd', '\u{1F600}', '\u{10FFFF}'])('%j is fit', (value) => {
    expect(unwritableCharacterProblem(value)).toBeUndefined();
  });
});
