/**
 * The output of every fixture × configuration, pinned by its SHA-256 (test/golden/output-digests.json):
 * a change of the code that is meant to keep the behaviour (a refactoring) must leave every byte, the
 * exit code and the results as they were. A change meant to alter the output updates the file on
 * purpose, and its diff shows which cases changed:
 *
 *   DRYDOCK_FN_UPDATE_DIGESTS=1 npx jest test/output-stability.test.ts
 *
 * Cases: every fixture case (Tutor-only and Drydock's own output, which operators migrating from
 * Drydock feed drydock-fn) with its init tasks where the fixture has them, under the defaults, every
 * feature off, the feature configurations of test/support/feature-configs.ts, and the case's own
 * Drydock settings in the ConfigMap form; and the bundled example env under the same configurations.
 */
import { createHash } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { caseConfigMap } from './support/drydock-cases';
import { FEATURE_CONFIGS } from './support/feature-configs';
import { fixtureCases, fixturePath, fixturesAvailable, readFixture } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { ALL_OFF_SPEC, drydockConfig, runOnManifests } from './support/run';

const DIGESTS = path.join(__dirname, 'golden', 'output-digests.json');
const UPDATE = process.env.DRYDOCK_FN_UPDATE_DIGESTS === '1';

interface Input {
  readonly name: string;
  readonly manifests: () => string;
  readonly tasks: boolean;
  readonly settings?: () => unknown;
}

function fixtureInputs(): Input[] {
  return fixtureCases().map((relative) => {
    const tasks = existsSync(fixturePath(relative, 'init-tasks.json'));
    const hasSettings = existsSync(fixturePath(relative, 'settings.json'));
    return {
      name: relative,
      tasks,
      manifests: () => `${readFixture(relative, 'built.yaml')}${tasks ? `\n---\n${literalYaml(initTasksResource(fixtureInitTasks(relative)))}` : ''}`,
      ...(hasSettings ? { settings: () => caseConfigMap(relative) } : {}),
    };
  });
}

const EXAMPLE: Input = { name: 'examples/kpt/openedx', tasks: false, manifests: () => readFileSync(path.join(__dirname, '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8') };

/** The configurations of one input, by name. */
function configurations(input: Input): [string, unknown][] {
  return [
    ...Object.entries(FEATURE_CONFIGS).map(([name, config]): [string, unknown] => [name, config(input.tasks)]),
    ['every feature off', drydockConfig(ALL_OFF_SPEC)],
    ...(input.settings ? [['the case\'s Drydock settings (ConfigMap)', input.settings()] as [string, unknown]] : []),
  ];
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** What is pinned of one run: the output's bytes, the exit code, and the results (also on stdout, but named apart for a readable diff). */
function digestOf(manifests: string, config: unknown): string {
  const outcome = runOnManifests(manifests, config);
  return `${sha256(outcome.output).slice(0, 32)} exit ${outcome.exitCode} results ${sha256(JSON.stringify(outcome.results)).slice(0, 16)}`;
}

function currentDigests(): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const input of [EXAMPLE, ...fixtureInputs()]) {
    const manifests = input.manifests();
    for (const [name, config] of configurations(input)) digests[`${input.name} | ${name}`] = digestOf(manifests, config);
  }
  return digests;
}

(fixturesAvailable ? test : test.skip)(`every fixture × configuration gives the output pinned in test/golden/output-digests.json${fixturesAvailable ? '' : ' (skipped: no fixtures; see test/support/fixtures.ts)'}`, () => {
  const current = currentDigests();
  if (UPDATE) {
    writeFileSync(DIGESTS, `${JSON.stringify(current, null, 1)}\n`);
    // eslint-disable-next-line no-console
    console.warn(`output digests written: ${Object.keys(current).length} cases`);
    return;
  }
  const pinned = JSON.parse(readFileSync(DIGESTS, 'utf8')) as Record<string, string>;
  // The same cases, and each with the same digest (a list of the cases that differ reads better than one failure).
  expect(Object.keys(current).sort()).toEqual(Object.keys(pinned).sort());
  const changed = Object.keys(current).filter((key) => current[key] !== pinned[key]);
  expect(changed).toEqual([]);
});
