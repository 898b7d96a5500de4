/**
 * Property (issue 13, adversarial pass S2, S7): lms.env.yml read by drydock-fn (src/krm/pyyaml.ts, the
 * reader behind src/tutor/datastores.ts) and by PyYAML, the LMS's reader, agree on every value
 * drydock-fn takes from it, whatever the file holds: Tutor's own file with lines added that set those
 * keys to hostile strings and YAML 1.1 specials, in every scalar style, with comments, keys given twice,
 * anchors, aliases and merge keys. Where PyYAML fails, drydock-fn reports a problem; where drydock-fn
 * reports one and PyYAML reads the file, the file holds what drydock-fn refuses on purpose: a raw line
 * break PyYAML alone reads as one (NEL, U+2028, U+2029, a CR alone), or a single-quoted or plain value
 * over several lines whose next lines are not indented (PyYAML's leniency).
 */
import * as fc from 'fast-check';
import { readFileSync } from 'fs';
import * as path from 'path';
import { readAsPyYaml } from '../../src/krm/pyyaml';
import { yaml11DoubleQuoted } from '../../src/krm/yaml11';
import { hostileString } from '../support/hostile';
import { pyyamlMissing, pyyamlTypedValues, typedPyYamlValue as typed } from '../support/pyyaml';
import { describeWithReader, propertySamples } from '../support/readers';

const LMS_ENV = readFileSync(path.join(__dirname, '..', '..', 'examples', 'tutor-env', 'apps', 'openedx', 'config', 'lms.env.yml'), 'utf8');
/** The keys drydock-fn reads from lms.env.yml. */
const KEYS = ['AWS_STORAGE_BUCKET_NAME', 'AWS_S3_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'CONTACT_EMAIL', 'LMS_BASE', 'CMS_BASE', 'CELERY_BROKER_TRANSPORT', 'CELERY_BROKER_HOSTNAME', 'CELERY_BROKER_VHOST', 'CELERY_BROKER_USER', 'CELERY_BROKER_PASSWORD', 'DATABASES'];
/** YAML 1.1 scalars PyYAML reads as something other than a string, and near misses it reads as strings. */
const SPECIALS = ['yes', 'y', 'n', 'No', 'ON', 'off', 'true', 'True', '010', '09', '0x1F', '0b101', '1_000', '1:20', '-1:30', '190:20:30.15', '1.0', '1.', '.5', '1e3', '1.0e+3', '1.0e3', '.inf', '-.Inf', '.NaN', '~', 'null', 'NULL', '', '2024-01-01', '2001-12-14t21:59:43.10-05:00', '12345678901234567890', '-0', '+7', 'ops@example.com', 'redis:6379', 'https://s3.example.com:7480/'];

const value = fc.oneof({ weight: 3, arbitrary: hostileString() }, { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) });
const KEY = fc.constantFrom(...KEYS.filter((key) => key !== 'DATABASES'));
/** A line setting a key: a hostile value quoted or in a block, a YAML 1.1 special plain, now and then a hostile value plain (mostly no YAML at all). */
const line = fc.oneof(
  { weight: 5, arbitrary: fc.record({ key: KEY, value: hostileString(), style: fc.constantFrom('single', 'double', 'literal'), comment: fc.boolean(), anchor: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ key: KEY, value: fc.constantFrom(...SPECIALS), style: fc.constantFrom('plain', 'single', 'double'), comment: fc.boolean(), anchor: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ key: KEY, value, style: fc.constant('plain'), comment: fc.boolean(), anchor: fc.boolean() }) },
);
const CASE = fc.record({ lines: fc.array(line, { minLength: 1, maxLength: 4 }), aliases: fc.array(fc.constantFrom(...KEYS.filter((key) => key !== 'DATABASES')), { maxLength: 2 }), merge: fc.option(fc.record({ host: value, override: fc.option(value, { nil: undefined }) }), { nil: undefined }), atEnd: fc.boolean() });
type Case = typeof CASE extends fc.Arbitrary<infer T> ? T : never;

function scalar(text: string, kind: string): string {
  if (kind === 'single') return `'${text.replace(/'/g, "''")}'`;
  if (kind === 'double') return yaml11DoubleQuoted(text);
  if (kind === 'literal') return `|-\n${text.split('\n').map((part) => `  ${part}`).join('\n')}`;
  return text;
}

function envFile(testCase: Case): string {
  const added: string[] = [];
  testCase.lines.forEach((entry, index) => {
    const anchor = entry.anchor ? `&a${index} ` : '';
    const written = scalar(entry.value, entry.style);
    added.push(`${entry.key}: ${entry.style === 'literal' ? anchor + written : anchor + written}${entry.comment && entry.style !== 'literal' ? '  # a comment' : ''}`);
  });
  const anchors = testCase.lines.map((entry, index) => (entry.anchor ? `a${index}` : undefined)).filter((name): name is string => name !== undefined);
  testCase.aliases.forEach((key, index) => {
    if (anchors.length > 0) added.push(`${key}: *${anchors[index % anchors.length]}`);
  });
  if (testCase.merge) {
    added.push(`DB_DEFAULTS: &db\n  HOST: ${scalar(testCase.merge.host, 'double')}\n  PORT: 3306`, `DATABASES:\n  default:\n    <<: *db${testCase.merge.override !== undefined ? `\n    HOST: ${scalar(testCase.merge.override, 'double')}` : ''}`);
  }
  const text = added.join('\n');
  return testCase.atEnd ? `${LMS_ENV.trimEnd()}\n${text}\n` : LMS_ENV.replace('SECRET_KEY:', () => `${text}\nSECRET_KEY:`);
}


describeWithReader(pyyamlMissing(), 'lms.env.yml: drydock-fn reads what PyYAML reads', () => {
  test('hostile values in every style, keys twice, comments, anchors and merge keys: the same values, or a problem where PyYAML fails', () => {
    const { seed, runs, values } = propertySamples(CASE);
    const texts = values.map(envFile);
    const python = pyyamlTypedValues(texts, KEYS);
    const outcomes = { same: 0, bothRefuse: 0, refusedOnPurpose: 0 };
    texts.forEach((text, index) => {
      const where = { seed, testCase: values[index] };
      const ours = readAsPyYaml(text);
      const theirs = python[index];
      if ('problem' in ours) {
        if ('error' in theirs) outcomes.bothRefuse++;
        else {
          const lineBreak = /[\u0085\u2028\u2029]|\r(?!\n)/.test(text);
          // PyYAML's leniencies, written by this generator only as a single-quoted or plain value with a line break (its
          // next lines start at column 0: PyYAML reads a value or its continuation there, the YAML specification needs an
          // indentation), or a plain value with "#" right after a closing bracket or quote (PyYAML: a comment).
          const lenient = values[index].lines.some((entry) => ((entry.style === 'single' || entry.style === 'plain') && entry.value.includes('\n')) || (entry.style === 'plain' && /[\]}'"]#/.test(entry.value)));
          expect({ ...where, problem: ours.problem, onPurpose: lineBreak || lenient }).toEqual({ ...where, problem: ours.problem, onPurpose: true });
          outcomes.refusedOnPurpose++;
        }
        return;
      }
      expect({ ...where, pyyaml: 'error' in theirs ? theirs.error : 'read' }).toEqual({ ...where, pyyaml: 'read' });
      const read = ours.value as Record<string, unknown>;
      if ('notdict' in theirs) {
        expect({ ...where, dict: typeof read === 'object' && read !== null && !Array.isArray(read) }).toEqual({ ...where, dict: false });
        return;
      }
      const mine = Object.fromEntries(KEYS.map((key) => [key, Object.prototype.hasOwnProperty.call(read, key) ? typed(read[key]) : ['absent']]));
      expect({ ...where, values: mine }).toEqual({ ...where, values: (theirs as { keys: Record<string, unknown> }).keys });
      outcomes.same++;
    });
    // Most files are read, some refused by both: the comparison runs on both sides of the line.
    // eslint-disable-next-line no-console
    console.log(`lms.env.yml property: ${JSON.stringify(outcomes)} of ${runs} files`);
    expect(outcomes.same).toBeGreaterThan(runs / 3);
    expect(outcomes.bothRefuse).toBeGreaterThan(0);
  });
});
