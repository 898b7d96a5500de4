/**
 * Tutor's init tasks as KRM data. Tutor renders them from its templates and plugins when it runs
 * `tutor k8s do init`; they are not in `env/`. They reach drydock-fn as a local-config resource
 *
 *     apiVersion: drydock.io/v1alpha1
 *     kind: TutorInitTasks
 *     metadata: {name: tutor-init-tasks, annotations: {config.kubernetes.io/local-config: "true"}}
 *     spec: {tutorVersion: "22.0.0", tasks: [{service: lms, priority: 5, filter: CLI_DO_INIT_TASKS, command: "…"}, …]}
 *
 * (the Tutor plugin in integrations/tutor writes it on `tutor config save`), or inline under
 * `spec.initJobs.tasks` of the config. The resource wins when both are given.
 */
import type * as t from 'io-ts';
import { LOCAL_CONFIG_ANNOTATION } from '../krm/annotations';
import { describeValue } from '../krm/describe';
import type { ResourceView } from '../krm/resource-set';
import { describe, isLocalConfig, kptPlaceOf, refOf } from '../krm/object';
import type { Result, Severity } from '../krm/types';
import { isPlainObject } from '../krm/types';
import { closest, list } from '../config/dsl';
import { INIT_TASK } from '../config/settings';
import type { DrydockSettings } from '../config/settings';

export const INIT_TASKS_API_VERSION = 'drydock.io/v1alpha1';
export const INIT_TASKS_KIND = 'TutorInitTasks';

/** Tutor's hook priorities (tutor.core.hooks.priorities). */
export const PRIORITY_HIGH = 5;
export const PRIORITY_DEFAULT = 10;
export const PRIORITY_LOW = 50;

/** One init task: a shell script Tutor runs in the container of its `<service>-job` template. */
export interface InitTask {
  readonly service: string;
  /** The rendered script. */
  readonly command: string;
  /** Tutor priority; null when unknown (then counted as DEFAULT). */
  readonly priority: number | null;
  /** Where the task came from: a Tutor filter (CLI_DO_INIT_TASKS, COMMANDS_PRE_INIT, COMMANDS_INIT) or a drydock-fn feature. */
  readonly filter: string | null;
  /**
   * Environment variables the task's container gets from Secrets (a feature's task whose script
   * reads a credential as "$NAME" instead of holding it). Tutor's tasks have none.
   */
  readonly secretEnv?: readonly SecretEnv[];
}

/** An environment variable whose value comes from a key of an existing Secret. */
export interface SecretEnv {
  readonly name: string;
  readonly secretName: string;
  readonly key: string;
}

/** The tasks of a run and where they came from. */
export interface ListedInitTasks {
  readonly tasks: readonly InitTask[];
  /** `resource`: a TutorInitTasks item; `settings`: spec.initJobs.tasks; `none`: neither has any. */
  readonly origin: 'resource' | 'settings' | 'none';
  /** The TutorInitTasks item the tasks came from. */
  readonly resource?: ResourceView;
  /** spec.tutorVersion of the resource: the Tutor release that rendered the tasks. */
  readonly tutorVersion?: string;
  /** Errors make the tasks unusable; warnings and infos do not. */
  readonly results: readonly Result[];
}

const SPEC_FIELDS = ['tasks', 'tutorVersion'];
const REQUIRED_FIELDS = ['service', 'command'] as const;
const FIELD_MEANING: Record<(typeof REQUIRED_FIELDS)[number], string> = {
  service: 'the service whose <service>-job template runs the task (lms, cms, mysql …)',
  command: 'the rendered shell script',
};
const TASKS_CODEC = list(INIT_TASK, { description: 'Init tasks.' }).codec;

/**
 * The init tasks of a run: those of the TutorInitTasks item if the input has one, else those of the
 * config. Never throws; a malformed resource gives error results naming the item and the field
 * (`spec.tasks[2].command`), and more than one TutorInitTasks item is an error too.
 */
export function readInitTasks(resources: readonly ResourceView[], settings: DrydockSettings): ListedInitTasks {
  const items = resources.filter((view) => view.object.kind === INIT_TASKS_KIND);
  const inline = settings.initJobs.tasks.map(fromSetting);
  if (items.length === 0) {
    // The settings codec defaults a missing string to "" (an explicit "" fails its minLength).
    const missing = inline.flatMap((task, index) => REQUIRED_FIELDS.filter((field) => task[field] === '').map((field) => `spec.initJobs.tasks[${index}].${field}`));
    const results: Result[] = missing.map((path) => ({ severity: 'error', message: `${path}: required`, field: { path }, tags: { code: 'CONFIG_INVALID_VALUE' } }));
    return { tasks: results.length > 0 ? [] : inline, origin: inline.length > 0 ? 'settings' : 'none', results };
  }

  const results: Result[] = [];
  for (const extra of items.slice(1)) {
    results.push(itemResult(extra, 'error', `more than one ${INIT_TASKS_KIND} in the input (the first is ${describe(items[0].object)}): keep one`));
  }
  const item = items[0];
  const decoded = decodeItem(item);
  results.push(...decoded.results);
  if (decoded.tasks && inline.length > 0) {
    results.push(itemResult(item, 'info', `the ${inline.length} init tasks of spec.initJobs.tasks in the config are ignored: the ${INIT_TASKS_KIND} resource wins`));
  }
  return { tasks: decoded.tasks ?? [], origin: 'resource', resource: item, tutorVersion: decoded.tutorVersion, results };
}

function fromSetting(task: DrydockSettings['initJobs']['tasks'][number]): InitTask {
  return { service: task.service, command: task.command, priority: task.priority, filter: task.filter };
}

function decodeItem(item: ResourceView): { tasks?: InitTask[]; tutorVersion?: string; results: Result[] } {
  const object = item.object as unknown as Record<string, unknown>;
  const results: Result[] = [];
  if (object.apiVersion !== INIT_TASKS_API_VERSION) {
    results.push(itemResult(item, 'error', `unsupported apiVersion ${JSON.stringify(object.apiVersion ?? null)}: use ${INIT_TASKS_API_VERSION}`, 'apiVersion'));
  }
  if (!isLocalConfig(item.object)) {
    results.push(
      itemResult(
        item,
        'warning',
        `is not annotated ${LOCAL_CONFIG_ANNOTATION}: "true", so kustomize would deploy it and the cluster does not know the kind; add the annotation`,
        `metadata.annotations`,
      ),
    );
  }
  const spec = object.spec;
  if (!isPlainObject(spec)) {
    results.push(itemResult(item, 'error', `expected a mapping with the list of tasks under spec.tasks, got ${describeValue(spec)}`, 'spec'));
    return { results };
  }
  for (const key of Object.keys(spec)) {
    if (SPEC_FIELDS.includes(key)) continue;
    const suggestion = closest(key, SPEC_FIELDS);
    results.push(itemResult(item, 'error', `unknown field ${JSON.stringify(key)}${suggestion ? ` (did you mean spec.${suggestion}?)` : ''}; known fields: ${SPEC_FIELDS.join(', ')}`, `spec.${key}`));
  }
  let tutorVersion: string | undefined;
  if (spec.tutorVersion !== undefined && spec.tutorVersion !== null) {
    if (typeof spec.tutorVersion === 'string' || typeof spec.tutorVersion === 'number') tutorVersion = String(spec.tutorVersion);
    else results.push(itemResult(item, 'error', `expected a version string such as "22.0.0", got ${describeValue(spec.tutorVersion)}`, 'spec.tutorVersion'));
  }
  if (spec.tasks === undefined || spec.tasks === null) {
    results.push(itemResult(item, 'error', `no spec.tasks: expected the ordered list of {service, command, priority, filter}`, 'spec.tasks'));
    return { results };
  }
  if (Array.isArray(spec.tasks)) {
    spec.tasks.forEach((task, index) => {
      if (!isPlainObject(task)) return;
      for (const field of REQUIRED_FIELDS) {
        if (task[field] === undefined || task[field] === null) results.push(itemResult(item, 'error', `required: ${FIELD_MEANING[field]}`, `spec.tasks[${index}].${field}`));
      }
    });
  }
  const validation = TASKS_CODEC.validate(spec.tasks, [{ key: '', type: TASKS_CODEC, actual: spec.tasks }]);
  if (validation._tag === 'Left') {
    for (const failure of validation.left) {
      const path = taskPath(failure.context);
      results.push(itemResult(item, 'error', failure.message ?? 'invalid value', path));
    }
    return { results };
  }
  if (results.some((result) => result.severity === 'error')) return { results };
  return { tasks: validation.right.map(fromSetting), tutorVersion, results };
}

/** spec.tasks[2].command from an io-ts context. */
function taskPath(context: t.Context): string {
  let path = 'spec.tasks';
  for (const entry of context.slice(1)) path += /^\d+$/.test(entry.key) ? `[${entry.key}]` : `.${entry.key}`;
  return path;
}

function itemResult(item: ResourceView, severity: Severity, message: string, fieldPath?: string): Result {
  const file = kptPlaceOf(item.object)?.path;
  return {
    severity,
    tags: { code: 'RESOURCE_INVALID' },
    message: `${describe(item.object)}: ${fieldPath ? `${fieldPath}: ` : ''}${message}`,
    resourceRef: refOf(item.object),
    ...(fieldPath ? { field: { path: fieldPath } } : {}),
    ...(file ? { file: { path: file } } : {}),
  };
}
