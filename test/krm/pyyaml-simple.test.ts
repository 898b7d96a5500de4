/**
 * The line reader with PyYAML's rules (readAsPyYamlSimply, src/krm/pyyaml.ts) must read a text as the
 * full PyYAML reader of drydock-fn does (the `yaml` package's parse and PyYAML's construction,
 * compared with PyYAML itself in test/tutor/lms-env.property.test.ts), or decline it: compared on the
 * env files of every Tutor fixture and on random env files.
 */
import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { readFileSync } from 'fs';
import * as path from 'path';
import { splitDocuments } from '../../src/io';
import { readAsPyYaml, readAsPyYamlSimply, readAsPyYamlWithYaml } from '../../src/krm/pyyaml';
import { yaml11DoubleQuoted } from '../../src/krm/yaml11';
import { fixtureCases, fixturePath, testWithFixtures } from '../support/fixtures';
import { hostileString, yaml11Scalar } from '../support/hostile';
import { orderedJson, sameReading } from '../support/same-reading';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
const SEED = Number(process.env.PROPERTY_SEED ?? 31);

/** 'read' when the line reader read the text (then as the full reader), 'declined' when it left it. */
function compare(text: string): 'read' | 'declined' {
  const simple = readAsPyYamlSimply(text);
  if (simple === undefined) return 'declined';
  const full = readAsPyYamlWithYaml(text);
  if ('problem' in full) throw new Error(`the full reader finds a problem (${full.problem}) in a text the line reader read: ${JSON.stringify(text)}`);
  if (!sameReading(simple, full.value)) throw new Error(`the line reader read ${orderedJson(simple)}, the full reader ${orderedJson(full.value)}, from ${JSON.stringify(text)}`);
  return 'read';
}

describe("the line reader with PyYAML's rules reads env files as the full reader or declines", () => {
  testWithFixtures('the env files of every Tutor fixture are read, as the full reader reads them (but those with a multi-line flow list)', () => {
    const outcomes: Record<string, number> = { read: 0, declined: 0, 'declined, a flow collection over several lines': 0 };
    for (const name of fixtureCases()) {
      for (const document of splitDocuments(readFileSync(fixturePath(name, 'built.yaml'), 'utf8'))) {
        const object = jsyaml.load(document) as { kind?: string; data?: Record<string, string> };
        if (object?.kind !== 'ConfigMap' || !object.data) continue;
        for (const [key, text] of Object.entries(object.data)) {
          if (!/\.env\.yml$/.test(key)) continue;
          const outcome = compare(text);
          // Drydock's Sentry settings write a JSON list over several lines: the full reader takes those files.
          outcomes[outcome === 'declined' && /[[{]\n/.test(text) ? 'declined, a flow collection over several lines' : outcome]++;
        }
      }
    }
    expect(outcomes.declined).toBe(0);
    expect(outcomes.read).toBeGreaterThan(40);
  });

  test("the example env's lms.env.yml takes the line reader, and readAsPyYaml gives its value", () => {
    const text = readFileSync(path.join(__dirname, '..', '..', 'examples', 'tutor-env', 'apps', 'openedx', 'config', 'lms.env.yml'), 'utf8');
    expect(compare(text)).toBe('read');
    expect(readAsPyYaml(text)).toEqual({ value: readAsPyYamlSimply(text) });
  });

  test('PyYAML scalars: YAML 1.1 booleans, octal, sexagesimal, floats, timestamps; keys PyYAML reads as no string are left to the full reader', () => {
    const text = 'A: yes\nB: 010\nC: 1:20\nD: 1.0\nE: 2001-12-14\nF: 12345678901234567890\nG: ~\nH: y\nI:\nJ: "a\\tb"\nK: \'c\'\'d\'\n';
    expect(compare(text)).toBe('read');
    const value = readAsPyYamlSimply(text) as Record<string, unknown>;
    expect([value.A, value.B, value.C, value.F, value.G, value.H, value.I, value.J, value.K]).toEqual([true, 8, 80, 12345678901234567890n, null, 'y', null, 'a\tb', "c'd"]);
    expect(value.D?.constructor.name).toBe('PyYamlFloat');
    expect(value.E?.constructor.name).toBe('PyYamlTimestamp');
    // A block at a text's unterminated end (PyYAML keeps no line break there), a continuation at the key's column.
    for (const declined of ['yes: 1\n', '1: a\n', 'A: 0b_\n', 'A: <<\n', 'A: "\\/"\n', 'A: "\\ud800"\n', 'A: |\n  b', 'A: "b\nc"\n']) expect(readAsPyYamlSimply(declined)).toBeUndefined();
    // A block before more keys, or before a last line of spaces, in an unterminated text is read.
    expect(compare('A: |\n  b\n\nB: c')).toBe('read');
    expect(compare('A: |\n  b\n  ')).toBe('read');
    expect(readAsPyYamlSimply('A: |\n  b\n\nB: c')).toEqual({ A: 'b\n', B: 'c' });
  });

  test('random env files: read as the full reader reads them, or declined', () => {
    const scalar = fc.oneof(yaml11Scalar(), hostileString({ maxLength: 16 }), fc.constantFrom('yes', 'No', '010', '09', '1:20', '1.0', '1e3', '.inf', '2024-01-01', '12345678901234567890', '~', '', 'a b', 'x\ny\n', 'x\n\n', ' lead'));
    const written = fc.tuple(scalar, fc.constantFrom('plain', 'plain', 'double', 'single', 'literal', 'strip')).map(([text, style]) => {
      if (style === 'double') return ` ${yaml11DoubleQuoted(text)}`;
      if (style === 'single') return ` '${text.replace(/'/g, "''")}'`;
      if (style === 'literal' || style === 'strip') return ` |${style === 'strip' ? '-' : ''}\n${text.split('\n').map((part) => `    ${part}`).join('\n')}`;
      return text === '' ? '' : ` ${text}`;
    });
    const key = fc.oneof(fc.stringMatching(/^[A-Z][A-Z_]{0,10}$/), yaml11Scalar());
    const entry = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(key, written).map(([name, value]) => `${name}:${value}`) },
      { weight: 1, arbitrary: fc.tuple(key, fc.array(fc.tuple(key, written), { maxLength: 3 })).map(([name, pairs]) => `${name}:\n${pairs.map(([inner, value]) => `  ${inner}:${value}`).join('\n')}`) },
      { weight: 1, arbitrary: fc.tuple(key, fc.array(written, { maxLength: 3 })).map(([name, items]) => `${name}:\n${items.map((value) => `-${value}`).join('\n')}`) },
    );
    let read = 0;
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), (entries) => {
        if (compare(`${entries.join('\n')}\n`) === 'read') read++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(read).toBeGreaterThan(RUNS / 10);
  });
});
