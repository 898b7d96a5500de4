/**
 * Init Jobs: `tutor k8s do init` runs Tutor's init tasks imperatively, so Argo CD
 * cannot; this renders them as ordered Argo CD Sync-hook Jobs.
 *
 * For task `i` of the list (Tutor's tasks, in Tutor's order, with drydock-fn's MongoDB task and the
 * tasks of other features merged in by priority; see init-task-providers.ts) whose `<service>-job`
 * template is in the input, a copy of the template named `drydock-<service>-job-<i>`, wave
 * `1 + 2i`, hook Sync, delete policy HookSucceeded,BeforeHookCreation, labels
 * `app.kubernetes.io/component: drydock-job` and `drydock.io/target-service` =
 * `drydock.io/runner-service` = its own name (Drydock's quirk, kept: users select on it),
 * `backoffLimit: 1`, `ttlSecondsAfterFinished: 3600`. `i` counts every task, also the excluded and
 * the skipped ones, so names and waves do not move when one is excluded.
 *
 * Differences from Drydock, on purpose: a task whose template is missing is reported (Drydock drops
 * it silently); an `excluded` entry that matches nothing is reported; init jobs on with no tasks is
 * an error that says how to provide them (Drydock cannot be without them).
 */
import { COMPONENT_LABEL } from '../krm/annotations';
import { create } from '../krm/changes';
import { jobNameProblem } from '../krm/names';
import type { Change } from '../krm/changes';
import type { KubeObject, Result } from '../krm/types';
import { PRIORITY_DEFAULT, readInitTasks } from '../tutor/init-tasks';
import type { InitTask } from '../tutor/init-tasks';
import type { Feature, FeatureInput, FeatureOutput } from './feature';
import { resultFor, settingResult } from './feature';
import { RUNNER_SERVICE_LABEL, TARGET_SERVICE_LABEL, inputJobTemplates, isResult, jobFromTemplate } from './lib/generated-jobs';
import type { JobTemplate } from './lib/generated-jobs';
import { EXTRA_INIT_TASK_PROVIDERS, INIT_TASKS_FILTER } from './lib/init-task-providers';
import type { InitTaskProvider } from './lib/init-task-providers';
import { mongodbInitTask } from './lib/mongodb-init-task';

/** Component label of the generated init Jobs (Drydock's; never Tutor's `job`, which marks templates). */
export const INIT_JOB_COMPONENT = 'drydock-job';

export const NO_TASKS_MESSAGE =
  'init Jobs are on (initJobs.enabled, DRYDOCK_INIT_JOBS) but the input holds no init tasks: install the drydock-fn Tutor plugin (integrations/tutor), ' +
  'run `tutor config save` and build Tutor\'s env/ with it (it writes the TutorInitTasks resource there and lists it in Tutor\'s kustomization), ' +
  'or add a TutorInitTasks resource to the resources of your kustomization (kpt: to the package), or list the tasks under spec.initJobs.tasks';

/** The generated name of task `index`. */
export function initJobName(service: string, index: number): string {
  return `drydock-${service}-job-${index}`;
}

/** The init-jobs feature with these task providers (tests use their own). */
export function initJobsFeature(providers: readonly InitTaskProvider[]): Feature {
  return {
    name: 'init-jobs',
    isEnabled: (settings) => settings.initJobs.enabled,
    run: (input) => runInitJobs(input, providers),
  };
}

/** Init Jobs with drydock-fn's own MongoDB task first, then the tasks of other features. */
export const initJobs: Feature = initJobsFeature([mongodbInitTask, ...EXTRA_INIT_TASK_PROVIDERS]);

function runInitJobs(input: FeatureInput, providers: readonly InitTaskProvider[]): FeatureOutput {
  const { resources, settings, tutor } = input;
  const listed = readInitTasks(resources, settings);
  const results: Result[] = [...listed.results];
  if (results.some((result) => result.severity === 'error')) return { changes: [], results };
  if (listed.tasks.length === 0) return { changes: [], results: [...results, { severity: 'error', message: NO_TASKS_MESSAGE, tags: { code: 'RESOURCE_MISSING' } }] };
  results.push(...versionMismatch(listed.tutorVersion, tutor.version?.raw, listed.resource?.object.metadata.name));

  let tasks: readonly InitTask[] = listed.tasks;
  const fallbackTemplates = new Map<string, KubeObject>();
  for (const provider of providers) {
    const contribution = provider.contribute({ settings, tutor, tasks, settingResult: (severity, path, message) => settingResult(input, severity, path, message) });
    results.push(...(contribution.results ?? []));
    for (const task of contribution.tasks) tasks = mergeByPriority(tasks, task);
    for (const [service, template] of Object.entries(contribution.templates ?? {})) if (!fallbackTemplates.has(service)) fallbackTemplates.set(service, template);
  }
  if (results.some((result) => result.severity === 'error')) return { changes: [], results };

  // Every generated name must be one the API server takes (it is the Job's name and two label values).
  const unnamed = tasks.flatMap((task, index) => {
    const problem = jobNameProblem(initJobName(task.service, index));
    return problem ? [taskNameError(input, listed, task, index, problem)] : [];
  });
  if (unnamed.length > 0) return { changes: [], results: [...results, ...unnamed] };

  const templates = inputJobTemplates(resources);
  const excluded = new Set(settings.initJobs.excluded);
  const excludedUsed = new Set<string>();
  const changes: Change[] = [];
  tasks.forEach((task, index) => {
    const templateName = `${task.service}-job`;
    const name = initJobName(task.service, index);
    const excludedBy = [templateName, name].find((candidate) => excluded.has(candidate));
    if (excludedBy) {
      excludedUsed.add(excludedBy);
      return;
    }
    const fallback = fallbackTemplates.get(task.service);
    const template: JobTemplate | undefined = templates.get(templateName) ?? (fallback ? { object: fallback } : undefined);
    if (!template) {
      results.push({
        severity: 'warning',
        tags: { code: 'RESOURCE_MISSING' },
        message: `init task ${index} (service ${task.service}${task.filter ? `, ${task.filter}` : ''}) has no ${templateName} template in the input: ${name} is not generated`,
      });
      return;
    }
    const labels = { ...(template.object.metadata.labels ?? {}), [COMPONENT_LABEL]: INIT_JOB_COMPONENT, [TARGET_SERVICE_LABEL]: name, [RUNNER_SERVICE_LABEL]: name };
    const job = jobFromTemplate(template, { name, labels, wave: 1 + 2 * index, script: task.command, invocation: 'sh-e-c', secretEnv: task.secretEnv }, settings, tutor);
    if (isResult(job)) results.push(job);
    else changes.push(create(job));
  });
  for (const entry of excluded) {
    if (!excludedUsed.has(entry)) {
      results.push({
        severity: 'warning',
        tags: { code: 'CONFIG_SETTING' },
        message: `initJobs.excluded (DRYDOCK_INIT_JOBS_EXCLUDED): ${JSON.stringify(entry)} matches no init Job: use a template name such as mysql-job or a generated name such as ${initJobName(tasks[0].service, 0)}`,
      });
    }
  }
  if (results.some((result) => result.severity === 'error')) return { changes: [], results };
  return { changes, results };
}

/** The error for a task whose Job name the API server would refuse, naming the field its service came from. */
function taskNameError(input: FeatureInput, listed: ReturnType<typeof readInitTasks>, task: InitTask, index: number, problem: string): Result {
  const message = `init task ${index} (service ${task.service}) would be the Job ${initJobName(task.service, index)}, which ${problem}: use a shorter service name and its template`;
  const at = listed.tasks.indexOf(task);
  if (at < 0) return { severity: 'error', tags: { code: 'RESOURCE_INVALID' }, message };
  if (listed.origin === 'settings') return settingResult(input, 'error', ['initJobs', 'tasks', at, 'service'], message);
  const item = listed.resource;
  return item ? resultFor(item, 'error', message, `spec.tasks[${at}].service`) : { severity: 'error', tags: { code: 'RESOURCE_INVALID' }, message };
}

/**
 * Inserts a contributed task where Tutor's ordering puts a task of its priority: after the last task
 * of the main filter (or without a filter) whose priority is not higher; before the main filter's
 * first task when none is, i.e. after the deprecated COMMANDS_PRE_INIT tasks.
 */
export function mergeByPriority(tasks: readonly InitTask[], task: InitTask): InitTask[] {
  const priority = task.priority ?? PRIORITY_DEFAULT;
  const inMain = (candidate: InitTask): boolean => candidate.filter === null || candidate.filter === INIT_TASKS_FILTER;
  let at = -1;
  tasks.forEach((candidate, index) => {
    if (inMain(candidate) && (candidate.priority ?? PRIORITY_DEFAULT) <= priority) at = index + 1;
  });
  if (at < 0) {
    const firstMain = tasks.findIndex(inMain);
    at = firstMain >= 0 ? firstMain : tasks.filter((candidate) => candidate.filter === 'COMMANDS_PRE_INIT').length;
  }
  return [...tasks.slice(0, at), task, ...tasks.slice(at)];
}

/** A warning when the tasks were rendered by another Tutor release than the manifests'. */
function versionMismatch(tasksVersion: string | undefined, manifestsVersion: string | undefined, resourceName: string | undefined): Result[] {
  if (!tasksVersion || !manifestsVersion) return [];
  const major = (version: string): string => /^v?(\d+)/.exec(version)?.[1] ?? version;
  if (major(tasksVersion) === major(manifestsVersion)) return [];
  return [
    {
      severity: 'warning',
      tags: { code: 'RESOURCE_INVALID' },
      message: `the init tasks (TutorInitTasks ${resourceName ?? ''}) were rendered by Tutor ${tasksVersion} but the manifests are Tutor ${manifestsVersion}: run \`tutor config save\` again so both come from the same release`,
    },
  ];
}
