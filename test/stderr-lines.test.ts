/**
 * One stderr line per result, whatever names and values hold. Names of items, kinds, namespaces,
 * config names and keys are hostile strings (line breaks of every reader, controls, bidirectional
 * overrides …); the built command's stderr must hold exactly one line per warning and error, each
 * starting with "drydock-fn: <severity>: ", and the commands' reports one line per entry. A line is
 * checked against every reader's idea of a line break (LF, CR, VT, FF, NEL, U+2028, U+2029).
 */
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import * as fc from 'fast-check';
import * as path from 'path';
import * as YAML from 'yaml';
import { printYamlDocument } from '../src/krm/yaml11';
import { toStringOptions } from '../src/krm/yaml-options';
import { oneLine } from '../src/one-line';
import { formatDiagnostic } from '../src/run';
import type { Result } from '../src/krm/types';
import { BUNDLE, cleanup, ensureBundle, tempDir } from './support/orchestrators';
import { HOSTILE_CHARACTERS, HOSTILE_LONE_SURROGATES, hostileString } from './support/hostile';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

/** Any character some reader (a terminal, a log collector, Python's splitlines, YAML 1.1) ends a line at. */
const LINE_BREAK = /[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;
/** What no printed line may hold raw: controls, format characters (bidi overrides), separators, lone surrogates. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|\p{Cs}/u;
const PREFIX = /^drydock-fn: (warning|error): /;

function cli(args: readonly string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  ensureBundle();
  const result = spawnSync(process.execPath, [BUNDLE, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** stderr cut into lines at LF only (what a reader of the stream sees first); the last line ends the text. */
function linesOf(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

/** Checks that each line is one line to every reader and shows no control or format character raw. */
function expectPrintable(lines: readonly string[]): void {
  for (const line of lines) {
    expect(LINE_BREAK.test(line)).toBe(false);
    expect(NOT_PRINTABLE.test(line)).toBe(false);
  }
}

/** The hostile strings the command-line tests use: every hostile character once, and generated ones. */
const HOSTILE_NAMES: string[] = [
  'a\ndrydock-fn: error: forged',
  'b\r\ndrydock-fn: warning: forged',
  'c\u2028drydock-fn: error: forged',
  ...HOSTILE_CHARACTERS.map((character, index) => `n${index}${character}x`),
  ...fc.sample(hostileString(), { seed: 13, numRuns: 40 }).map((text, index) => `g${index}${text}`),
];

describe('oneLine', () => {
  test('escapes the issue case: a name holding a forged line stays on its line', () => {
    expect(oneLine('a\ndrydock-fn: error: forged')).toBe('a\\ndrydock-fn: error: forged');
    expect(oneLine('x\u2028y\u0085z\u202e\r\t\u001b[31m\u007f')).toBe('x\\u2028y\\u0085z\\u202e\\r\\t\\u001b[31m\\u007f');
    expect(oneLine('Deployment lms: "quoted \\" name" ä лмс \u{1F600}')).toBe('Deployment lms: "quoted \\" name" ä лмс \u{1F600}');
    expect(oneLine(`lone ${HOSTILE_LONE_SURROGATES[0]}`)).toBe('lone \\ud800');
  });

  test(`property: one printable line that JSON reads back as the text (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(), fc.string({ unit: 'binary' })), (text) => {
        const line = oneLine(text);
        expect(LINE_BREAK.test(line)).toBe(false);
        expect(NOT_PRINTABLE.test(line)).toBe(false);
        // The escapes are JSON's: inside a JSON-quoted name they mean what they meant; outside, the text reads back.
        const plain = text.replace(/[\\"]/g, '');
        expect(JSON.parse(`"${oneLine(plain)}"`)).toBe(plain);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('formatDiagnostic', () => {
  const severity = fc.constantFrom<Result['severity']>('warning', 'error');
  const result = fc.record(
    {
      severity,
      message: hostileString({ maxLength: 20 }),
      resourceRef: fc.record({ apiVersion: fc.constant('v1'), kind: hostileString(), name: hostileString(), namespace: hostileString() }),
    },
    { requiredKeys: ['severity', 'message'] },
  );

  test(`property: exactly one line per result, "drydock-fn: <severity>: " first, the names shown (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(result, (generated) => {
        const line = formatDiagnostic(generated as Result);
        expect(line.startsWith(`drydock-fn: ${generated.severity}: `)).toBe(true);
        expect(LINE_BREAK.test(line)).toBe(false);
        expect(NOT_PRINTABLE.test(line)).toBe(false);
        expect(line).toContain(oneLine(generated.message));
        if (generated.resourceRef) expect(line).toContain(oneLine(`${generated.resourceRef.kind} ${generated.resourceRef.name}`));
      }),
      { numRuns: RUNS },
    );
  });

  test('the result itself keeps the exact strings', () => {
    const original: Result = { severity: 'error', message: 'ConfigMap a\nb: bad', resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a\nb' } };
    const copy = JSON.parse(JSON.stringify(original)) as Result;
    expect(formatDiagnostic(original)).toBe('drydock-fn: error: ConfigMap a\\nb: bad');
    expect(original).toEqual(copy);
  });
});

/**
 * Input as kustomize and kpt send it: what YAML 1.1 readers read otherwise is escaped (raw, drydock-fn
 * refuses it as INPUT_UNPORTABLE_CHARACTER before any result about a name could be given).
 */
function portableYaml(value: unknown): string {
  return printYamlDocument(new YAML.Document(value), {});
}

function portableJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufffe\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

describe('the built command: one stderr line per warning and error', () => {
  /** Checks stderr against the results on stdout: one line per warning or error, in order, each one line. */
  function expectOneLinePerResult(stdout: string, stderr: string, names: readonly string[]): void {
    const results = ((YAML.parse(stdout) as { results?: Result[] }).results ?? []).filter((result) => result.severity !== 'info');
    expect(results.length).toBeGreaterThan(0);
    const lines = linesOf(stderr);
    expect(lines).toHaveLength(results.length);
    lines.forEach((line, index) => {
      expect(line).toMatch(PREFIX);
      expect(line.startsWith(`drydock-fn: ${results[index].severity}: `)).toBe(true);
    });
    expectPrintable(lines);
    const all = lines.join('\n');
    for (const name of names) expect(all).toContain(oneLine(name));
  }

  test('the issue case: a config named "a\\ndrydock-fn: error: forged" gives one line', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: "a\\ndrydock-fn: error: forged"}\n  data: {DRYDOCK_INGRES: "false"}\n`;
    const result = cli([], input);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'drydock-fn: error: ConfigMap a\\ndrydock-fn: error: forged: data.DRYDOCK_INGRES: unknown field "DRYDOCK_INGRES" (did you mean DRYDOCK_INGRESS?); see drydock-fn schema or docs/settings.md for the DRYDOCK_* names and the settings paths\n',
    );
    expect((YAML.parse(result.stdout) as { results: Result[] }).results[0].resourceRef?.name).toBe('a\ndrydock-fn: error: forged');
  });

  test(`items with hostile kinds, names and a hostile namespace (${HOSTILE_NAMES.length} of each), as YAML and as JSON`, () => {
    // The checks look at the instance's items only: all in one (hostile) namespace, and one object in
    // another namespace, so that every message names the namespace too.
    const namespace = `ns${HOSTILE_NAMES[1]}`;
    const items = HOSTILE_NAMES.flatMap((name, index) => [
      // An Argo CD hook on something that is not a Job: a warning naming kind and name.
      { apiVersion: 'example.com/v1', kind: `Kind${index}${name}`, metadata: { name: `${name}${index}`, namespace, annotations: { 'argocd.argoproj.io/hook': 'Sync' } } },
      // A CronJob whose runs may overlap: a warning naming it.
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: `cron${index}${name}`, namespace },
        spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
      },
    ]);
    items.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'elsewhere', namespace: 'other' } } as never);
    const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items };
    for (const input of [portableYaml(list), portableJson(list)]) {
      const result = cli([], input);
      expect(result.status).toBe(0);
      expectOneLinePerResult(result.stdout, result.stderr, [...HOSTILE_NAMES.slice(0, 3), namespace]);
      expect(linesOf(result.stderr)).toHaveLength(2 * HOSTILE_NAMES.length);
    }
  });

  test('hostile config names and keys, in both config forms', () => {
    const keys = HOSTILE_NAMES.map((name, index) => `DRYDOCK_${index}${name}`);
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: HOSTILE_NAMES[0] }, data: Object.fromEntries(keys.map((key) => [key, 'x'])) };
    const drydockConfig = { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: HOSTILE_NAMES[2] }, spec: Object.fromEntries(keys.map((key) => [key, 'x'])) };
    for (const functionConfig of [configMap, drydockConfig]) {
      const result = cli([], portableYaml({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], functionConfig }));
      expect(result.status).toBe(1);
      expectOneLinePerResult(result.stdout, result.stderr, [functionConfig.metadata.name]);
      expect(linesOf(result.stderr)).toHaveLength(keys.length);
    }
  });

  test('render: hostile names in the manifests and in a config file name', () => {
    const dir = tempDir('drydock-fn-lines-');
    try {
      const manifests = path.join(dir, 'manifests.yaml');
      writeFileSync(manifests, HOSTILE_NAMES.map((name, index) => portableYaml({ apiVersion: 'v1', kind: 'Service', metadata: { name: `${name}${index}`, annotations: { 'argocd.argoproj.io/hook': 'Sync' } } })).join('---\n'));
      const rendered = cli(['render', manifests]);
      expect(rendered.status).toBe(0);
      // render, for local use, prints info results too (here: no Tutor host, no Ingress).
      const lines = linesOf(rendered.stderr);
      expect(lines.filter((line) => PREFIX.test(line))).toHaveLength(HOSTILE_NAMES.length);
      for (const line of lines) expect(line).toMatch(/^drydock-fn: (info|warning|error): /);
      expectPrintable(lines);

      const configFile = path.join(dir, 'config\nforged.yaml');
      writeFileSync(configFile, 'kind: [');
      const badConfig = cli(['render', '--config', configFile, manifests]);
      expect(badConfig.status).toBe(1);
      expect(linesOf(badConfig.stderr)).toHaveLength(1);
      expectPrintable(linesOf(badConfig.stderr));
    } finally {
      cleanup(dir);
    }
  });

  test('usage errors name a hostile argument on one line', () => {
    for (const args of [['frobnicate\ndrydock-fn: error: forged'], ['render', '--bad\u2028option'], ['render', '--set', 'DRYDOCK\rX'], ['waves', '--wave', '1\u0085'], ['compare', '--x\u202e']]) {
      const result = cli(args);
      expect(result.status).toBe(2);
      const lines = linesOf(result.stderr);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('Run "drydock-fn --help" for usage.');
      expectPrintable(lines);
    }
  });
});

describe('the commands: one line per entry of their reports', () => {
  /** Objects with hostile kinds and names (two of them hooks, so that waves lists them too). */
  function hostileObjects(): Record<string, unknown>[] {
    return HOSTILE_NAMES.map((name, index) => ({
      apiVersion: 'v1',
      kind: `K${name}`,
      metadata: { name: `${name}${index}`, annotations: { 'argocd.argoproj.io/sync-wave': String(index % 3), ...(index % 5 === 0 ? { 'argocd.argoproj.io/hook': `Sync${name}` } : {}) } },
      data: { value: name },
    }));
  }

  test('waves: a line per object', () => {
    const objects = hostileObjects();
    const result = cli(['waves', '-'], objects.map((object) => YAML.stringify(object)).join('---\n'));
    expect(result.status).toBe(0);
    const lines = linesOf(result.stdout);
    expect(lines).toHaveLength(1 + objects.length);
    expectPrintable(lines);
  });

  test('compare: every line of the report is one line, whatever the names and values', () => {
    const dir = tempDir('drydock-fn-lines-');
    try {
      const objects = hostileObjects();
      const theirs = path.join(dir, 'drydock.yaml');
      const ours = path.join(dir, 'drydock-fn.yaml');
      writeFileSync(theirs, objects.map((object) => YAML.stringify(object)).join('---\n'));
      // Half the objects differ (a value and a multi-line text), a few exist on one side only.
      const changed = objects.map((object, index) => (index % 2 === 0 ? { ...object, data: { value: `${HOSTILE_NAMES[index]}!`, text: `a\n${HOSTILE_NAMES[index]}\nb` } } : object));
      writeFileSync(ours, [...changed.slice(3), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: HOSTILE_NAMES[1] } }].map((object) => YAML.stringify(object)).join('---\n'));
      const result = cli(['compare', '--verbose', theirs, ours]);
      expect(result.status).toBe(1);
      const lines = linesOf(result.stdout);
      expectPrintable(lines);
      // Each object appears on a line of its own.
      for (const [index, name] of HOSTILE_NAMES.entries()) expect(lines.some((line) => line.includes(oneLine(`${name}${index}`)))).toBe(true);
    } finally {
      cleanup(dir);
    }
  });

  test('config-from-tutor: the notes and the ConfigMap keep to their lines', () => {
    const dir = tempDir('drydock-fn-lines-');
    try {
      const config: Record<string, unknown> = { LMS_HOST: 'lms.example.com' };
      HOSTILE_NAMES.forEach((name, index) => {
        config[`DRYDOCK_UNKNOWN_${index}${name}`] = name;
      });
      config.DRYDOCK_INGRESS_CLASS = HOSTILE_NAMES[2];
      config.BACKUP_MYSQL_PASSWORD = HOSTILE_NAMES[0];
      config.DRYDOCK_INGRESS_EXTRA_HOSTS = HOSTILE_NAMES.slice(0, 3);
      const file = path.join(dir, 'config\u2028.yml');
      // As Tutor writes config.yml: every string double-quoted, what YAML 1.1 reads as a line break escaped (Tutor reads it as YAML 1.1).
      writeFileSync(file, printYamlDocument(new YAML.Document(config), { ...toStringOptions(false), defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'QUOTE_DOUBLE' }));
      const result = cli(['config-from-tutor', file]);
      expect(result.status).toBe(0);
      const notes = linesOf(result.stderr);
      expect(notes).toHaveLength(HOSTILE_NAMES.length + 2);
      for (const line of notes) expect(line.startsWith('drydock-fn: note: ')).toBe(true);
      expectPrintable(notes);
      const lines = linesOf(result.stdout);
      expect(lines[0]).toBe('# Drydock settings from config\\u2028.yml, written by drydock-fn config-from-tutor.');
      // The values too: each on its line, in the double-quoted form where the text needs it.
      expectPrintable(lines);
    } finally {
      cleanup(dir);
    }
  });
});
