/**
 * Strict mode: chosen warnings fail the run (exit 1, items unchanged, the warning as an error), from
 * the `strict.warnings` setting or the DRYDOCK_FN_STRICT environment variable a CMP sets; through
 * the CLI as Argo CD runs it, the message is on stderr of a failing command.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { splitDocuments, wrapDocuments } from '../src/io';
import { runFunction } from '../src/run';
import { strictCodesFromEnvironment } from '../src/strict';
import { smallTutor, tasksResource, withDocuments } from './support/init-tasks';
import { drydockConfig, itemsOf } from './support/run';

const ROOT = path.resolve(__dirname, '..');
const manifests = withDocuments(smallTutor(), tasksResource([{ service: 'lms', command: './manage.py lms migrate' }]));
const spec = (extra: object = {}) => ({ initJobs: { enabled: true, excluded: ['nope-job'] }, ...extra });
const run = (extra: object = {}, strictEnvironment?: string) => runFunction(wrapDocuments(splitDocuments(manifests), drydockConfig(spec(extra))), { strictEnvironment });
const input = wrapDocuments(splitDocuments(manifests), drydockConfig(spec()));

describe('strict mode', () => {
  test('without it, the misspelt exclusion is a warning and the run succeeds', () => {
    const outcome = run();
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((result) => result.severity === 'warning').map((result) => result.tags?.code)).toContain('CONFIG_SETTING');
  });

  test.each([
    ['the setting, by code', { strict: { warnings: ['CONFIG_SETTING'] } }, undefined],
    ['the setting, all', { strict: { warnings: ['all'] } }, undefined],
    ['the environment, all', {}, 'all'],
    ['the environment, by code', {}, 'UPGRADE_MANUAL_STEP, CONFIG_SETTING'],
  ])('%s: the warning fails the run, items unchanged, the message kept', (_how, extra, environment) => {
    const plain = run();
    const warning = plain.results.find((result) => result.severity === 'warning' && result.tags?.code === 'CONFIG_SETTING')!;
    const outcome = run(extra, environment);
    expect(outcome.exitCode).toBe(1);
    const error = outcome.results.find((result) => result.severity === 'error')!;
    expect(error.message).toBe(`${warning.message} (strict mode: a CONFIG_SETTING warning)`);
    expect(error.tags).toEqual({ code: 'CONFIG_SETTING', strict: 'true' });
    expect(error.field).toEqual(warning.field);
    expect(outcome.diagnostics.join('\n')).toContain(`error: ${warning.message} (strict mode: a CONFIG_SETTING warning)`);
    // Items unchanged: the input's, no init Job generated.
    expect(itemsOf(outcome.output)).toEqual(itemsOf(input));
  });

  test('other codes leave the warning a warning', () => {
    expect(run({ strict: { warnings: ['UPGRADE_MANUAL_STEP'] } }, 'HOST_NORMALIZED').exitCode).toBe(0);
    expect(run({}, 'false').exitCode).toBe(0);
    expect(run({}, '').exitCode).toBe(0);
  });

  test('a code that does not exist is an error naming it, in the setting and in the environment', () => {
    const fromSetting = run({ strict: { warnings: ['CONFIG_SETTINGS'] } });
    expect(fromSetting.exitCode).toBe(1);
    expect(fromSetting.results[0].message).toContain('spec.strict.warnings: item 0: expected all, or a result code');
    const fromEnvironment = run({}, 'all,NOPE');
    expect(fromEnvironment.exitCode).toBe(1);
    expect(fromEnvironment.results.map((result) => result.message)).toContain('DRYDOCK_FN_STRICT: "NOPE" is not a result code (docs/guarantees.md lists them), nor all');
    expect(strictCodesFromEnvironment(' 1 ')).toEqual(['all']);
    expect(strictCodesFromEnvironment('0')).toEqual([]);
  });

  test('the CLI reads DRYDOCK_FN_STRICT (render and the KRM function), exit 1 and the warning on stderr', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'strict-'));
    const file = path.join(folder, 'manifests.yaml');
    writeFileSync(file, manifests);
    const config = path.join(folder, 'drydock.yaml');
    writeFileSync(config, JSON.stringify(drydockConfig(spec())));
    const cli = (args: string[], environment: Record<string, string>, stdin?: string) =>
      spawnSync(process.execPath, [path.join(ROOT, 'dist', 'drydock-fn.js'), ...args], { input: stdin, encoding: 'utf8', env: { ...process.env, ...environment } });
    const relaxed = cli(['render', '--config', config, file], {});
    expect(relaxed.status).toBe(0);
    expect(relaxed.stderr).toContain('drydock-fn: warning: ');
    const strict = cli(['render', '--config', config, file], { DRYDOCK_FN_STRICT: 'CONFIG_SETTING' });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/^drydock-fn: error: initJobs\.excluded .*\(strict mode: a CONFIG_SETTING warning\)$/m);
    const krm = cli([], { DRYDOCK_FN_STRICT: 'all' }, input);
    expect(krm.status).toBe(1);
    expect(krm.stderr).toContain('(strict mode: a CONFIG_SETTING warning)');
  });
});
