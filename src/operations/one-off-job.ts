/**
 * One-off management Jobs under GitOps: `tutor k8s do` has no counterpart once Argo CD deploys the
 * manifests, so `drydock-fn job` prints a Job that runs a command in a workload's image with its
 * environment, ConfigMaps, Secrets, volumes and service account (as Tutor's job templates do), bounded
 * like the init Jobs, for `kubectl create -f -`.
 *
 * The Job is made so that nothing else mistakes it for the workload: its pod carries its own labels
 * (Tutor's Services and PodDisruptionBudgets select pods by `app.kubernetes.io/name`; a copy of the
 * lms pod's labels would put the Job's pod behind the lms Service), no Argo CD annotation and no
 * `app.kubernetes.io/instance` label (Argo CD's label tracking would prune it), `generateName` so that
 * each run is a new Job, and only the chosen container (no probes, ports or lifecycle hooks).
 */
import { getAt } from '../krm/json-path';
import { POD_SPEC_PATHS, isLocalConfig } from '../krm/object';
import type { KubeObject } from '../krm/types';
import { isPlainObject } from '../krm/types';

type Item = Record<string, any>;

export interface OneOffJobRequest {
  /** `kind/name` of the workload: a Deployment, StatefulSet, DaemonSet, Job or CronJob. */
  readonly from: string;
  /** The container to run (default: the one named as the workload, else the first). */
  readonly container?: string;
  /** The namespace, when objects of that kind and name are in several. */
  readonly namespace?: string;
  /** The command, in exec form: the container's `command`. */
  readonly command: readonly string[];
  /** Extra environment variables: a value, or a Secret's key. */
  readonly env?: readonly ({ name: string; value: string } | { name: string; secret: string; key: string })[];
  /** activeDeadlineSeconds (the init Jobs' 7200 by default). */
  readonly activeDeadlineSeconds?: number;
}

/** The workload kinds a one-off Job is made from (their pod spec where POD_SPEC_PATHS says). */
const FROM_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

/** Pod fields that make sense for a one-off run; the others (affinity to the workload's pods, hostname, readiness gates …) are left out. */
const POD_FIELDS = ['serviceAccountName', 'automountServiceAccountToken', 'imagePullSecrets', 'securityContext', 'volumes', 'nodeSelector', 'tolerations', 'priorityClassName', 'dnsPolicy', 'dnsConfig', 'hostAliases', 'enableServiceLinks'];
/** Container fields kept: what the command needs to run as the workload runs. */
const CONTAINER_FIELDS = ['image', 'imagePullPolicy', 'env', 'envFrom', 'volumeMounts', 'workingDir', 'securityContext', 'resources'];

const DNS_LABEL_MAX = 63;

/** The Job, or why it cannot be made (naming what is missing). */
export function oneOffJob(objects: readonly unknown[], request: OneOffJobRequest): { job: KubeObject } | { problem: string } {
  const slash = request.from.indexOf('/');
  const kind = FROM_KINDS.find((candidate) => candidate.toLowerCase() === request.from.slice(0, slash).toLowerCase().replace(/s$/, ''));
  const name = request.from.slice(slash + 1);
  if (slash <= 0 || name === '' || !kind) return { problem: `--from expects KIND/NAME of a Deployment, StatefulSet, DaemonSet, Job or CronJob (e.g. deployment/lms), got ${JSON.stringify(request.from)}` };
  if (request.command.length === 0) return { problem: 'no command: give it after "--" (e.g. -- ./manage.py lms createsuperuser)' };
  const matches = objects.filter(
    (object): object is Item =>
      isPlainObject(object) && !isLocalConfig(object) && String(object.kind ?? '').toLowerCase() === kind.toLowerCase() && (object.metadata as Item | undefined)?.name === name && (request.namespace === undefined || (object.metadata as Item).namespace === request.namespace),
  );
  if (matches.length === 0) return { problem: `no ${request.from}${request.namespace ? ` in namespace ${request.namespace}` : ''} in the manifests` };
  if (matches.length > 1) return { problem: `${request.from} is in several namespaces (${matches.map((match) => match.metadata.namespace ?? '(none)').join(', ')}): choose one with --namespace` };
  const workload = matches[0];
  const podSpec = getAt(workload, POD_SPEC_PATHS[kind]);
  const containers = isPlainObject(podSpec) && Array.isArray(podSpec.containers) ? (podSpec.containers as Item[]) : [];
  const wanted = request.container ?? (containers.some((container) => container?.name === name) ? name : containers[0]?.name);
  const container = containers.find((candidate) => candidate?.name === wanted);
  if (!isPlainObject(podSpec) || !container) {
    return { problem: request.container ? `${request.from} has no container ${request.container} (it has ${containers.map((candidate) => candidate?.name).join(', ') || 'none'})` : `${request.from} has no container` };
  }

  const jobContainer: Item = { name: container.name };
  for (const field of CONTAINER_FIELDS) if (container[field] !== undefined) jobContainer[field] = container[field];
  if (request.env && request.env.length > 0) {
    const added = new Set(request.env.map((entry) => entry.name));
    const kept = (Array.isArray(container.env) ? (container.env as Item[]) : []).filter((entry) => !added.has(entry?.name));
    jobContainer.env = [
      ...kept,
      ...request.env.map((entry) => ('value' in entry ? { name: entry.name, value: entry.value } : { name: entry.name, valueFrom: { secretKeyRef: { name: entry.secret, key: entry.key } } })),
    ];
  }
  jobContainer.command = [...request.command];

  const jobPod: Item = {};
  for (const field of POD_FIELDS) if (podSpec[field] !== undefined) jobPod[field] = podSpec[field];
  jobPod.restartPolicy = 'Never';
  jobPod.containers = [jobContainer];

  // `<name>-job-` plus the five characters the API server adds: a valid label value and pod name.
  const base = `${name.slice(0, DNS_LABEL_MAX - 10).replace(/[-.]+$/, '')}-job`;
  const labels = { 'app.kubernetes.io/name': base, 'app.kubernetes.io/component': 'one-off-job', 'app.kubernetes.io/managed-by': 'drydock-fn' };
  const job: Item = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      generateName: `${base}-`,
      ...(workload.metadata.namespace !== undefined ? { namespace: workload.metadata.namespace } : {}),
      labels,
      annotations: { 'drydock.io/job-from': `${workload.kind}/${name}` },
    },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: request.activeDeadlineSeconds ?? 7200,
      ttlSecondsAfterFinished: 86400,
      template: { metadata: { labels }, spec: jobPod },
    },
  };
  return { job: job as KubeObject };
}
