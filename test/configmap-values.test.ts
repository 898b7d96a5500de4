/**
 * ConfigMap-form values are read as YAML, as config.yml is. When that reading drops or changes text
 * (a comment, an anchor, quotes, a tag, a document marker, spaces, folded line breaks), a warning
 * (CONFIG_TEXT_LOST) names the key — never the value — and says how to quote it. Properties over
 * hostile strings: a string setting gets exactly the value, or a warning or an error names the key;
 * the documented quoting (configMapText, what config-from-tutor writes) always gives the exact value.
 * config-from-tutor's ConfigMap, read by kubectl kustomize, gives drydock-fn config.yml's values.
 */
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import * as fc from 'fast-check';
import * as path from 'path';
import * as YAML from 'yaml';
import { configMapText, decodeFunctionConfig, drydockNames } from '../src/config/decode';
import type { Result } from '../src/krm/types';
import { unwritableCharacterProblem } from '../src/krm/yaml11';
import { textProblem } from '../src/encoders/text';
import type { TextKind } from '../src/encoders/text';
import { oneLine } from '../src/one-line';
import { runFunction } from '../src/run';
import { BUNDLE, cleanup, describeWithTools, ensureBundle, tempDir } from './support/orchestrators';
import { hostileString } from './support/hostile';
import { drydockConfigMap } from './support/run';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

function decode(data: Record<string, string>): { settings: Record<string, any>; results: readonly Result[] } {
  return decodeFunctionConfig(drydockConfigMap(data)) as { settings: Record<string, any>; results: readonly Result[] };
}

/** What text a setting named by a data key takes, as its decoder shows: a tab only in lines, a CR only in any text. */
function textKindOf(key: string): TextKind {
  const refuses = (text: string): boolean => decode({ [key]: JSON.stringify(text) }).results.some((result) => result.severity === 'error');
  if (refuses('a\tb')) return 'line';
  return refuses('a\rb') ? 'lines' : 'any';
}

const lostWarnings = (results: readonly Result[]): Result[] => results.filter((result) => result.tags?.code === 'CONFIG_TEXT_LOST');

describe('the issue cases: a warning names the key, says what was lost and how to quote, never the value', () => {
  // Each value holds "zq7", which no message may show.
  const cases: [string, string, RegExp][] = [
    ['a comment', 'p@ss #1zq7', /lost a comment/],
    ['an anchor', '&anchor zq7', /lost an anchor/],
    ['quotes', "'zq7quoted'", /lost its quotes/],
    ['a tag', '!!str zq7', /lost a tag/],
    ['a document end marker', 'zq7\n...', /lost a document marker/],
    ['a document start marker', '--- zq7', /lost a document marker/],
    ['folded line breaks', 'zq7 one\n  line two', /lost line breaks \(folded into spaces\)/],
    ['spaces at the ends', '  zq7  ', /lost spaces or line breaks at its start or end/],
    ['a block scalar header', '|\n  zq7', /lost a block scalar header/],
  ];
  test.each(cases)('%s: %j', (_what, value, lost) => {
    const { results } = decode({ BACKUP_MYSQL_PASSWORD: value });
    expect(results).toHaveLength(1);
    const [warning] = results;
    expect(warning).toEqual(expect.objectContaining({ severity: 'warning', tags: { code: 'CONFIG_TEXT_LOST' }, field: { path: 'data.BACKUP_MYSQL_PASSWORD' } }));
    expect(warning.message).toMatch(lost);
    expect(warning.message).toMatch(/^ConfigMap drydock: data\.BACKUP_MYSQL_PASSWORD: read as YAML, as config\.yml is, the value lost .*; to keep its text as it is, write it as a double-quoted YAML string inside the value, with JSON's escapes: BACKUP_MYSQL_PASSWORD: '"…"'/);
    expect(warning.message).not.toContain('zq7');
  });

  test('the advice works: the double-quoted form gives the text exactly, silently', () => {
    for (const [, value] of cases) {
      const { settings, results } = decode({ BACKUP_MYSQL_PASSWORD: configMapText(value, drydockNames().get('BACKUP_MYSQL_PASSWORD')!.setting) });
      expect(results).toEqual([]);
      expect(settings.backups.mysql.password).toBe(value);
    }
    expect(decode({ BACKUP_MYSQL_PASSWORD: '"p@ss #1"' })).toEqual({ settings: expect.anything(), results: [] });
    expect(decode({ BACKUP_MYSQL_PASSWORD: '"p@ss #1"' }).settings.backups.mysql.password).toBe('p@ss #1');
  });

  test('through a run: one stderr line, the value nowhere', () => {
    const outcome = runFunction(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: drydock}\n  data:\n    BACKUP_MYSQL_PASSWORD: "p@ss #1"\n`);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.diagnostics).toEqual([expect.stringMatching(/^drydock-fn: warning: ConfigMap drydock: data\.BACKUP_MYSQL_PASSWORD: read as YAML, as config\.yml is, the value lost a comment/)]);
    expect(JSON.stringify(outcome.results)).not.toContain('p@ss');
  });
});

describe('what is not a loss', () => {
  test.each([
    ['a boolean spelt as YAML', { DRYDOCK_INIT_JOBS: 'true' }],
    ['an integer', { DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '50' }],
    ['a list in flow style with quotes', { DRYDOCK_INGRESS_EXTRA_HOSTS: '["a.example.com", \'b.example.com\']' }],
    ['a group', { 'newRelic.licenseKeySecretRef': '{name: newrelic, key: license-key}' }],
    ['a string that reads as itself (quotes and # inside)', { BACKUP_MYSQL_PASSWORD: "it's p#ss: ok" }],
    ['a string setting given a YAML boolean (the text is kept)', { BACKUP_MYSQL_PASSWORD: 'true' }],
    ['null for a setting that may be null', { BACKUP_MYSQL_USERNAME: 'null' }],
    ['the double-quoted form', { BACKUP_MYSQL_PASSWORD: '"\\u2028 #x \'y\'"' }],
  ])('%s', (_what, data) => {
    expect(lostWarnings(decode(data).results)).toEqual([]);
  });

  test('the text of a string setting given a YAML boolean is the text', () => {
    expect(decode({ BACKUP_MYSQL_PASSWORD: 'true' }).settings.backups.mysql.password).toBe('true');
  });
});

describe('settings of other types: syntax that is never part of a value', () => {
  test('a comment after a boolean: a warning, the boolean read', () => {
    const { settings, results } = decode({ DRYDOCK_INIT_JOBS: 'true # for the first sync' });
    expect(settings.initJobs.enabled).toBe(true);
    expect(results).toEqual([expect.objectContaining({ severity: 'warning', tags: { code: 'CONFIG_TEXT_LOST' }, message: expect.stringContaining('lost a comment') })]);
    expect(results[0].message).toMatch(/the setting takes the value without it$/);
  });

  test('a value that is only a comment: the warning says why the value is missing', () => {
    const { results } = decode({ DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: '#50' });
    expect(lostWarnings(results)).toEqual([expect.objectContaining({ field: { path: 'data.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS' } })]);
    expect(results.some((result) => result.severity === 'error')).toBe(true);
  });

  test('an anchor and a tag in a list', () => {
    expect(lostWarnings(decode({ DRYDOCK_INGRESS_EXTRA_HOSTS: '&hosts [!!str a.example.com]' }).results)[0].message).toMatch(/lost an anchor \(&name\), a tag/);
  });
});

describe('properties over hostile strings', () => {
  /** String settings: plain, secret, and one that may be null. */
  const STRING_SETTINGS: { key: string; read: (settings: Record<string, any>) => unknown; nullable: boolean }[] = [
    { key: 'BACKUP_MYSQL_PASSWORD', read: (settings) => settings.backups.mysql.password, nullable: false },
    { key: 'DRYDOCK_SENTRY_DSN', read: (settings) => settings.sentry.dsn, nullable: false },
    { key: 'BACKUP_MYSQL_USERNAME', read: (settings) => settings.backups.mysql.username, nullable: true },
  ];
  const MARKER = 'zq7mark';
  const value = fc.tuple(hostileString(), fc.boolean(), hostileString()).map(([before, marked, after]) => (marked ? `${before}${MARKER}${after}` : before + after));
  const setting = fc.constantFrom(...STRING_SETTINGS);

  test(`a string setting gets exactly the value, or a warning or an error names the key; never the value (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(setting, value, (entry, text) => {
        const { settings, results } = decode({ [entry.key]: text });
        for (const result of results) expect(result.message).not.toContain(MARKER);
        const named = results.filter((result) => result.field?.path === `data.${entry.key}` && (result.severity === 'error' || result.tags?.code === 'CONFIG_TEXT_LOST'));
        if (named.length > 0) return;
        const got = entry.read(settings);
        if (got === text) return;
        // The documented forms: a double-quoted string on one line, and null's spellings.
        if (/^"(?:[^"\\\r\n]|\\[^\r\n])*"$/.test(text)) expect(got).toBe(YAML.parse(text));
        else if (entry.nullable && /^(?:null|Null|NULL|~)$/.test(text.trim())) expect(got).toBeNull();
        else throw new Error(`${entry.key}: ${JSON.stringify(text)} read as ${JSON.stringify(got)} without a warning`);
      }),
      { numRuns: RUNS },
    );
  });

  test(`configMapText: one printable line, read back exactly, silently (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(setting, value, (entry, text) => {
        const written = configMapText(text, drydockNames().get(entry.key)!.setting);
        expect(oneLine(written)).toBe(written);
        const { settings, results } = decode({ [entry.key]: written });
        if (results.some((result) => result.severity === 'error') && (unwritableCharacterProblem(text) !== undefined || textProblem(text, textKindOf(entry.key)) !== undefined)) {
          // A character kustomize cannot carry to the cluster, or a line break or control character in a
          // one-line setting: refused, by key.
          expect(results.map((result) => [result.severity, result.field?.path])).toEqual([['error', `data.${entry.key}`]]);
          return;
        }
        const problems = results.filter((result) => result.severity !== 'error' || !/minLength|at least/.test(result.message));
        expect(problems).toEqual([]);
        if (results.length === 0) expect(entry.read(settings)).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});

describeWithTools(['kubectl'], 'config-from-tutor, read by kubectl kustomize, gives config.yml\'s values', () => {
  test('hostile strings in every string setting that stays a string', () => {
    ensureBundle();
    const keys = ['BACKUP_MYSQL_PASSWORD', 'BACKUP_MONGO_PASSWORD', 'BACKUP_AWS_ACCESS_KEY', 'BACKUP_AWS_SECRET_KEY', 'BACKUP_AZURE_CONTAINER_SAS_TOKEN', 'BACKUP_BUCKET_PATH', 'DRYDOCK_SENTRY_DSN'];
    // Characters kustomize cannot carry at all (U+007F–U+009F, U+FFFE, U+FFFF) are refused by key, tested above.
    const texts = ['p@ss #1', '&anchor x', "'quoted'", '"double"', ' spaced ', 'two\nlines', 'a\u2028b\u2029c', '{{ NOT_JINJA }}x', 'null', 'true', ...fc.sample(hostileString(), { seed: 9, numRuns: 30 })].filter(
      (text) => unwritableCharacterProblem(text) === undefined,
    );
    const dir = tempDir('drydock-fn-config-from-tutor-');
    try {
      for (let round = 0; round * keys.length < texts.length; round++) {
        // A one-line setting gets the text without its line breaks and control characters (refused, tested above).
        const config = Object.fromEntries(
          keys.map((key, index) => {
            const text = texts[(round * keys.length + index) % texts.length];
            return [key, textKindOf(key) === 'line' ? text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, '') : text];
          }),
        );
        writeFileSync(path.join(dir, 'config.yml'), YAML.stringify(config));
        const converted = spawnSync(process.execPath, [BUNDLE, 'config-from-tutor', path.join(dir, 'config.yml')], { encoding: 'utf8' });
        expect(converted.status).toBe(0);
        writeFileSync(path.join(dir, 'drydock.yaml'), converted.stdout);
        writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- drydock.yaml\n');
        const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
        expect(built.stderr).toBe('');
        const configMap = YAML.parse(built.stdout) as { data: Record<string, string> };
        const { settings, results } = decodeFunctionConfig({ ...configMap, metadata: { name: 'drydock' } }) as unknown as { settings: Record<string, any>; results: Result[] };
        expect(results.filter((result) => result.severity !== 'info')).toEqual([]);
        const read: Record<string, unknown> = {
          BACKUP_MYSQL_PASSWORD: settings.backups.mysql.password,
          BACKUP_MONGO_PASSWORD: settings.backups.mongodb.password,
          BACKUP_AWS_ACCESS_KEY: settings.backups.storage.awsAccessKey,
          BACKUP_AWS_SECRET_KEY: settings.backups.storage.awsSecretKey,
          BACKUP_AZURE_CONTAINER_SAS_TOKEN: settings.backups.storage.azureSasToken,
          BACKUP_BUCKET_PATH: settings.backups.storage.path,
          DRYDOCK_SENTRY_DSN: settings.sentry.dsn,
        };
        expect(read).toEqual(config);
      }
    } finally {
      cleanup(dir);
    }
  });
});
