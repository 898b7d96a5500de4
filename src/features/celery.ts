/**
 * Celery worker tuning (Drydock ≤ 18.2.2 had it on by default, drydock-fn has it
 * opt-in): lms-worker and cms-worker run one task at a time per process, fetch one message at a time
 * and replace their process after each task; a long grace period lets a running task finish; and
 * CELERY_ACKS_LATE acknowledges a task only when it is done (the env line, of lib/celery-settings.ts, is
 * placed by openedx-env.ts).
 *
 * Drydock replaced the worker arguments with Tutor 17's; on Tutor 18+ that would drop the `--queues`
 * Tutor now uses. drydock-fn edits Tutor's own arguments instead (sets or adds --concurrency or
 * --autoscale, --max-tasks-per-child, --prefetch-multiplier and keeps the rest), which on Tutor ≤ 17
 * gives exactly Drydock's list.
 */
import type { DrydockSettings } from '../config/settings';
import { set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { Result } from '../krm/types';
import { containerAt, containerIndex, CONTAINERS, POD_SPEC } from './lib/containers';
import type { Feature } from './feature';
import { findResource, missingResource, resultFor } from './feature';

export const CELERY_WORKERS = ['lms-worker', 'cms-worker'] as const;

type Tuning = DrydockSettings['celeryTuning'];

/**
 * Tutor's worker arguments with the tuning applied. Options given as `--flag=value` or `--flag value`
 * are replaced in place; missing ones are added where Drydock had them (concurrency before
 * --hostname, prefetch after --max-tasks-per-child).
 */
export function tunedWorkerArgs(args: readonly string[], tuning: Tuning): string[] {
  const out = [...args];
  const find = (flag: string): number => out.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
  const drop = (flag: string): number => {
    const at = find(flag);
    if (at >= 0) out.splice(at, out[at] === flag && at + 1 < out.length && !out[at + 1].startsWith('-') ? 2 : 1);
    return at;
  };
  const put = (flag: string, value: string | number, fallback: () => number): void => {
    const at = drop(flag);
    out.splice(at >= 0 ? at : fallback(), 0, `${flag}=${value}`);
  };
  const beforeHostname = (): number => {
    const hostname = find('--hostname');
    return hostname >= 0 ? hostname : out.length;
  };
  if (tuning.autoscale) {
    const concurrency = drop('--concurrency');
    put('--autoscale', tuning.autoscale, () => (concurrency >= 0 ? concurrency : beforeHostname()));
  } else {
    put('--concurrency', tuning.concurrency, beforeHostname);
  }
  put('--max-tasks-per-child', tuning.maxTasksPerChild, () => out.length);
  put('--prefetch-multiplier', tuning.prefetchMultiplier, () => find('--max-tasks-per-child') + 1);
  return out;
}

export const celery: Feature = {
  name: 'celery',
  isEnabled: (settings) => settings.celeryTuning.enabled,
  run(input) {
    const { resources, settings } = input;
    const changes: Change[] = [];
    const results: Result[] = [];
    for (const name of CELERY_WORKERS) {
      const view = findResource(resources, 'Deployment', name);
      if (!view) {
        results.push(missingResource(input, ['celeryTuning', 'enabled'], `Deployment ${name} not found; it is not tuned`));
        continue;
      }
      const index = containerIndex(view, name);
      const args = index === undefined ? undefined : containerAt(view, index).args;
      if (index === undefined || !Array.isArray(args) || args.some((arg) => typeof arg !== 'string')) {
        results.push(resultFor(view, 'error', `celery: no container named ${name} with its celery arguments (args) to tune`, 'spec.template.spec.containers'));
        continue;
      }
      changes.push(
        set(view.handle, [...CONTAINERS, index, 'args'], tunedWorkerArgs(args as string[], settings.celeryTuning)),
        set(view.handle, [...POD_SPEC, 'terminationGracePeriodSeconds'], settings.celeryTuning.terminationGracePeriodSeconds),
      );
    }
    return { changes, results };
  },
};
