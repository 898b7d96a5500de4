/**
 * Building Jobs from Tutor's job templates (`lms-job`, `mysql-job`, plugin `*-job`), as Drydock
 * does for its init and upgrade Jobs: a copy of the template with its own name, labels and Argo CD
 * hook annotations, the script in the first container, and the Job limits of the config.
 */
import { ARGO_HOOK, ARGO_HOOK_DELETE_POLICY, ARGO_SYNC_WAVE } from '../../krm/annotations';
import { withCode } from '../../krm/codes';
import type { DeepReadonly, KubeObject, Result } from '../../krm/types';
import { cloneJson, isPlainObject } from '../../krm/types';
import type { DrydockSettings } from '../../config/settings';
import type { ResourceView } from '../../krm/resource-set';
import type { TutorContext } from '../../tutor/context';
import type { SecretEnv } from '../../tutor/init-tasks';
import { changeable, resultFor } from '../feature';

/** The component label value (app.kubernetes.io/component) Tutor gives its job templates. */
export const TUTOR_JOB_COMPONENT = 'job';

/** Labels Drydock gives its init and upgrade Jobs, naming the service they run for (users select on them). */
export const TARGET_SERVICE_LABEL = 'drydock.io/target-service';
export const RUNNER_SERVICE_LABEL = 'drydock.io/runner-service';

/** Argo CD hook policy of every generated Job: delete on success, and replace a failed one on the next sync. */
export const GENERATED_JOB_DELETE_POLICY = 'HookSucceeded,BeforeHookCreation';

/** A job template and where it came from. */
export interface JobTemplate {
  readonly object: DeepReadonly<KubeObject>;
  /** The input item, for results; undefined for templates drydock-fn supplies itself. */
  readonly view?: ResourceView;
}

/** The Jobs of the input drydock-fn did not generate, by name: Tutor's templates and those of its plugins. */
export function inputJobTemplates(resources: readonly ResourceView[]): Map<string, JobTemplate> {
  const templates = new Map<string, JobTemplate>();
  for (const view of changeable(resources)) {
    if (view.generated || view.object.kind !== 'Job' || !view.object.apiVersion.startsWith('batch/')) continue;
    if (!templates.has(view.object.metadata.name)) templates.set(view.object.metadata.name, { object: view.object, view });
  }
  return templates;
}

export interface GeneratedJobSpec {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly wave: number;
  /** The shell script the first container runs. */
  readonly script: string;
  /** `sh-e-c`: `args: [sh, -e, -c, script]` (`command: [sh, -e, -c]` + `args: [script]` when the template has `command: []`); `bin-sh`: `command: [/bin/sh, -c, -e]` + `args: [script]`. */
  readonly invocation: 'sh-e-c' | 'bin-sh';
  /** Variables the first container gets from Secrets (an entry of the template with the same name is replaced). */
  readonly secretEnv?: readonly SecretEnv[];
}

/**
 * A new Job from a template. Guarantees: the template is not modified; the new object's annotations
 * are Tutor's version annotation and the hook annotations only (never the template's, so no
 * orchestrator annotation is copied); its labels are the given ones; the pod spec, the container
 * image, env and mounts are the template's. Returns an error result instead when the template has
 * no container to run the script in.
 */
export function jobFromTemplate(template: JobTemplate, job: GeneratedJobSpec, settings: DrydockSettings, tutor: TutorContext): KubeObject | Result {
  const copy = cloneJson(template.object) as KubeObject;
  const spec = copy.spec as Record<string, unknown> | undefined;
  const podSpec = isPlainObject(spec) && isPlainObject(spec.template) && isPlainObject(spec.template.spec) ? spec.template.spec : undefined;
  const containers = podSpec?.containers;
  if (!spec || !Array.isArray(containers) || containers.length === 0 || !isPlainObject(containers[0])) {
    const message = `${template.object.kind} ${template.object.metadata.name}: spec.template.spec.containers: the job template has no container to run ${job.name} in`;
    return withCode(template.view ? resultFor(template.view, 'error', message, 'spec.template.spec.containers') : { severity: 'error', message }, 'RESOURCE_INVALID');
  }
  const container = containers[0] as Record<string, unknown>;
  if (job.invocation === 'bin-sh') {
    container.command = ['/bin/sh', '-c', '-e'];
    container.args = [job.script];
  } else if (Array.isArray(container.command) && container.command.length === 0) {
    container.command = ['sh', '-e', '-c'];
    container.args = [job.script];
  } else {
    container.args = ['sh', '-e', '-c', job.script];
  }
  if (job.secretEnv && job.secretEnv.length > 0) {
    const names = new Set(job.secretEnv.map((entry) => entry.name));
    const kept = Array.isArray(container.env) ? container.env.filter((entry) => !(isPlainObject(entry) && names.has(entry.name as string))) : [];
    container.env = [...kept, ...job.secretEnv.map((entry) => ({ name: entry.name, valueFrom: { secretKeyRef: { name: entry.secretName, key: entry.key } } }))];
  }
  spec.backoffLimit = settings.initJobs.backoffLimit;
  spec.ttlSecondsAfterFinished = settings.initJobs.ttlSecondsAfterFinished;
  if (settings.initJobs.activeDeadlineSeconds !== null) spec.activeDeadlineSeconds = settings.initJobs.activeDeadlineSeconds;
  delete copy.status;
  const namespace = template.object.metadata.namespace;
  copy.metadata = {
    name: job.name,
    ...(namespace ? { namespace } : {}),
    labels: { ...job.labels },
    annotations: {
      ...tutor.commonAnnotations,
      [ARGO_HOOK]: 'Sync',
      [ARGO_HOOK_DELETE_POLICY]: GENERATED_JOB_DELETE_POLICY,
      [ARGO_SYNC_WAVE]: String(job.wave),
    },
  };
  return tutor.decorate(copy);
}

/** True for a result (a failed {@link jobFromTemplate}). */
export function isResult(value: KubeObject | Result): value is Result {
  return (value as Result).severity !== undefined && (value as KubeObject).kind === undefined;
}
