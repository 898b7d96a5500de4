/**
 * Semantic checks over the output, reported as results (the lessons of kube-linter, Polaris and
 * Argo CD's own incidents; docs/guarantees.md lists them with their codes):
 *
 * - HOOK_ON_NON_JOB: an Argo CD hook (other than Skip) only on Jobs; Drydock once made its HPAs hooks.
 * - JOB_LIMITS_MISSING: every generated Job has backoffLimit, ttlSecondsAfterFinished and
 *   activeDeadlineSeconds; every generated CronJob's runs have activeDeadlineSeconds.
 * - CRONJOB_CONCURRENCY: CronJobs use concurrencyPolicy Forbid (two dumps of one database must not overlap).
 * - HPA_NO_CPU_REQUEST: an HPA scaling on CPU utilization needs a CPU request on every container of
 *   its target, or it never scales (and Argo CD's health check keeps its wave waiting).
 * - PROBE_PORT_NOT_EXPOSED: a probe's port is one its container declares.
 * - RESOURCE_MISSING: a Tutor deployment lacks a resource an enabled feature works on.
 * - CADDY_DUPLICATE_SITE: no two sites of a Caddyfile drydock-fn edited share an address (Caddy
 *   refuses the file): an error when the edit brought the duplicate, a warning when the input had it.
 *
 * On objects drydock-fn generated, the first three are errors (the run then returns the input
 * unchanged rather than deploy a wrong object); on the user's own objects they are warnings. HPA,
 * probe and missing-resource checks are always warnings. `validation.skip` turns single checks off.
 */
import { ARGO_HOOK } from '../krm/annotations';
import type { CheckCode } from '../krm/codes';
import { withCode } from '../krm/codes';
import type { ResourceView } from '../krm/resource-set';
import type { DeepReadonly, KubeObject, ObjectPath, Result, Severity } from '../krm/types';
import { formatPath, isPlainObject } from '../krm/types';
import { groupOf, podSpecOf } from '../krm/object';
import { duplicateCaddyAddresses } from '../tutor/caddyfile-lexer';
import { tutorConfigMaps } from '../tutor/configmaps';
import { drydockLine, loggingTweaksOn, uwsgiKeepAliveOn } from '../tutor/drydock-line';
import type { Feature, FeatureInput } from './feature';
import { changeable, findResource, missingResource, resultFor } from './feature';

/** Argo CD's hook value that only tells it to leave an object alone; fine on any kind. */
const SKIP_HOOK = 'Skip';

type Check = (view: ResourceView, input: FeatureInput) => Result[];

export const validation: Feature = {
  name: 'validation',
  stage: 'check',
  isEnabled: (settings) => settings.validation.enabled,
  run(input) {
    const skip = new Set<string>(input.settings.validation.skip);
    const checks: [CheckCode, Check][] = [
      ['HOOK_ON_NON_JOB', hookOnNonJob],
      ['JOB_LIMITS_MISSING', jobLimits],
      ['CRONJOB_CONCURRENCY', cronJobConcurrency],
      ['HPA_NO_CPU_REQUEST', hpaCpuRequests],
      ['PROBE_PORT_NOT_EXPOSED', probePorts],
      ['CADDY_DUPLICATE_SITE', duplicateCaddySites],
    ];
    const results: Result[] = [];
    if (!skip.has('RESOURCE_MISSING')) results.push(...missingTutorResources(input));
    for (const view of changeable(input.resources)) {
      for (const [code, check] of checks) {
        if (!skip.has(code)) results.push(...check(view, input).map((result) => withCode(result, code)));
      }
    }
    return { changes: [], results };
  },
};

/** Error on what drydock-fn generated, warning on the user's own objects. */
function severityFor(view: ResourceView): Severity {
  return view.generated ? 'error' : 'warning';
}

function annotationPath(key: string): string {
  return formatPath(['metadata', 'annotations', key]);
}

const hookOnNonJob: Check = (view) => {
  const value = view.object.metadata.annotations?.[ARGO_HOOK];
  if (value === undefined || view.object.kind === 'Job') return [];
  const hooks = value.split(',').map((hook) => hook.trim()).filter((hook) => hook !== '' && hook !== SKIP_HOOK);
  if (hooks.length === 0) return [];
  return [
    resultFor(
      view,
      severityFor(view),
      `${view.object.kind} ${view.object.metadata.name} is an Argo CD ${hooks.join(', ')} hook: hooks are for Jobs; Argo CD deletes and re-creates a hook on every sync instead of keeping it in sync`,
      annotationPath(ARGO_HOOK),
    ),
  ];
};

const jobLimits: Check = (view, { settings }) => {
  if (!view.generated || !view.object.apiVersion.startsWith('batch/')) return [];
  const spec = isPlainObject(view.object.spec) ? (view.object.spec as Record<string, unknown>) : {};
  if (view.object.kind === 'Job') {
    const wanted = ['backoffLimit', 'ttlSecondsAfterFinished', ...(settings.initJobs.activeDeadlineSeconds !== null ? ['activeDeadlineSeconds'] : [])];
    const missing = wanted.filter((field) => typeof spec[field] !== 'number');
    return missing.map((field) => resultFor(view, 'error', `the generated Job ${view.object.metadata.name} has no spec.${field}`, `spec.${field}`));
  }
  if (view.object.kind === 'CronJob' && settings.backups.activeDeadlineSeconds !== null) {
    const jobSpec = isPlainObject(spec.jobTemplate) && isPlainObject(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
    if (typeof jobSpec.activeDeadlineSeconds !== 'number') {
      return [resultFor(view, 'error', `the runs of the generated CronJob ${view.object.metadata.name} have no deadline`, 'spec.jobTemplate.spec.activeDeadlineSeconds')];
    }
  }
  return [];
};

const cronJobConcurrency: Check = (view) => {
  if (view.object.kind !== 'CronJob' || !view.object.apiVersion.startsWith('batch/')) return [];
  const policy = isPlainObject(view.object.spec) ? view.object.spec.concurrencyPolicy : undefined;
  if (policy === 'Forbid') return [];
  return [
    resultFor(
      view,
      severityFor(view),
      `CronJob ${view.object.metadata.name} has concurrencyPolicy ${typeof policy === 'string' ? policy : 'Allow (the default)'}: a run that outlasts the schedule overlaps the next one; use Forbid`,
      'spec.concurrencyPolicy',
    ),
  ];
};

// ---------------------------------------------------------------------------------------------
// HorizontalPodAutoscalers

/** The place in an HPA that makes it scale on CPU utilization, or undefined when it does not. */
function cpuUtilizationField(spec: Readonly<Record<string, unknown>>, apiVersion: string): { field: string; container?: string } | undefined {
  if (apiVersion === 'autoscaling/v1') return { field: spec.targetCPUUtilizationPercentage !== undefined ? 'spec.targetCPUUtilizationPercentage' : 'spec' };
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  // No metrics: Kubernetes scales on 80 % CPU utilization.
  if (metrics.length === 0) return { field: 'spec.metrics' };
  for (let index = 0; index < metrics.length; index++) {
    const metric = metrics[index];
    if (!isPlainObject(metric)) continue;
    const source = metric.type === 'Resource' ? metric.resource : metric.type === 'ContainerResource' ? metric.containerResource : undefined;
    if (!isPlainObject(source) || source.name !== 'cpu') continue;
    const target = isPlainObject(source.target) ? source.target : undefined;
    const utilization = target ? target.type === 'Utilization' : source.targetAverageUtilization !== undefined;
    if (utilization) return { field: `spec.metrics[${index}]`, container: typeof source.container === 'string' ? source.container : undefined };
  }
  return undefined;
}

function hasCpuRequest(container: Readonly<Record<string, unknown>>): boolean {
  const resources = isPlainObject(container.resources) ? container.resources : {};
  // A limit without a request makes the request equal to the limit.
  return [resources.requests, resources.limits].some((quantities) => isPlainObject(quantities) && quantities.cpu !== undefined && quantities.cpu !== null);
}

const hpaCpuRequests: Check = (view, { resources }) => {
  if (view.object.kind !== 'HorizontalPodAutoscaler' || groupOf(view.object.apiVersion) !== 'autoscaling') return [];
  const spec = isPlainObject(view.object.spec) ? (view.object.spec as Record<string, unknown>) : {};
  const usage = cpuUtilizationField(spec, view.object.apiVersion);
  const ref = isPlainObject(spec.scaleTargetRef) ? spec.scaleTargetRef : undefined;
  if (!usage || !ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return [];
  const namespace = view.object.metadata.namespace ?? '';
  const target = changeable(resources).find(
    (candidate) => candidate.object.kind === ref.kind && candidate.object.metadata.name === ref.name && (candidate.object.metadata.namespace ?? '') === namespace,
  );
  if (!target) return [];
  const lacking = podContainers(target)
    .filter(({ container }) => usage.container === undefined || container.name === usage.container)
    .filter(({ container }) => !hasCpuRequest(container))
    .map(({ container }) => String(container.name ?? '(unnamed)'));
  if (lacking.length === 0) return [];
  return [
    resultFor(
      view,
      'warning',
      `HorizontalPodAutoscaler ${view.object.metadata.name} scales ${ref.kind} ${ref.name} on CPU utilization, but its container${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')} ${lacking.length > 1 ? 'have' : 'has'} no CPU request: the HPA cannot compute a utilization and never scales (Argo CD keeps it Progressing)`,
      usage.field,
    ),
  ];
};

// ---------------------------------------------------------------------------------------------
// Probes

interface PodContainer {
  readonly container: Readonly<Record<string, unknown>>;
  readonly path: ObjectPath;
}

/** The containers of a workload's pod spec, with their paths. */
function podContainers(view: ResourceView): PodContainer[] {
  const podSpec = podSpecOf(view.object);
  if (!podSpec) return [];
  const { path, spec } = podSpec;
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  return containers.flatMap((container, index) => (isPlainObject(container) ? [{ container, path: [...path, 'containers', index] }] : []));
}

const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

const probePorts: Check = (view) => {
  const results: Result[] = [];
  for (const { container, path } of podContainers(view)) {
    const ports = Array.isArray(container.ports) ? container.ports.filter(isPlainObject) : [];
    for (const probe of PROBES) {
      const spec = container[probe];
      if (!isPlainObject(spec)) continue;
      for (const handler of HANDLERS) {
        const action = spec[handler];
        if (!isPlainObject(action) || action.port === undefined) continue;
        const port = action.port;
        const exposed = typeof port === 'number' ? ports.some((entry) => entry.containerPort === port) : ports.some((entry) => entry.name === port);
        if (exposed) continue;
        results.push(
          resultFor(
            view,
            'warning',
            `the ${probe} of container ${String(container.name ?? '(unnamed)')} checks port ${String(port)}, which the container does not expose (ports: ${ports.map((entry) => entry.name ?? entry.containerPort).join(', ') || 'none'})`,
            formatPath([...path, probe, handler, 'port']),
          ),
        );
      }
    }
  }
  return results;
};

// ---------------------------------------------------------------------------------------------
// Caddyfiles

/** The literal environment of Tutor's caddy container (default_site_port), which Caddy replaces `{$VAR}` with. */
function caddyEnvironment(resources: readonly ResourceView[]): Record<string, string> {
  const caddy = findResource(resources, 'Deployment', 'caddy');
  const env: Record<string, string> = {};
  for (const { container } of caddy ? podContainers(caddy) : []) {
    for (const variable of Array.isArray(container.env) ? container.env : []) {
      if (isPlainObject(variable) && typeof variable.name === 'string' && typeof variable.value === 'string') env[variable.name] = variable.value;
    }
  }
  return env;
}

function caddyfileOf(object: DeepReadonly<KubeObject> | undefined): string | undefined {
  const data = object?.data;
  return isPlainObject(data) && typeof data.Caddyfile === 'string' ? data.Caddyfile : undefined;
}

const duplicateCaddySites: Check = (view, { resources }) => {
  if (view.object.kind !== 'ConfigMap') return [];
  const caddyfile = caddyfileOf(view.object);
  const before = caddyfileOf(view.original());
  // Only Caddyfiles drydock-fn wrote: an untouched one is the user's, as it came in.
  if (caddyfile === undefined || caddyfile === before) return [];
  const env = caddyEnvironment(resources);
  const duplicates = duplicateCaddyAddresses(caddyfile, env);
  if (duplicates.length === 0) return [];
  const earlier = new Set(before === undefined ? [] : duplicateCaddyAddresses(before, env));
  const introduced = duplicates.some((address) => !earlier.has(address));
  const addresses = duplicates.map((address) => JSON.stringify(address)).join(', ');
  return [
    resultFor(
      view,
      introduced ? 'error' : 'warning',
      `the Caddyfile has more than one site for ${addresses}${introduced ? ' after drydock-fn\'s edit' : ' (as it came in)'}: Caddy refuses it (ambiguous site definition)`,
      'data.Caddyfile',
    ),
  ];
};

// ---------------------------------------------------------------------------------------------
// Tutor resources the enabled features work on

/** True when the manifests are Tutor's (its managed-by label), where a missing resource means something. */
function isTutorDeployment(input: FeatureInput): boolean {
  return input.tutor.tutorResources.some((object) => object.metadata.labels?.['app.kubernetes.io/managed-by'] === 'tutor');
}

/**
 * Warnings for resources of Tutor that an enabled feature edits but the manifests lack (partial
 * manifests, a renamed resource): the feature then does nothing, which deserves a word. Features
 * that already say so themselves (New Relic, Celery, Deployments listed by the user) are not repeated.
 */
function missingTutorResources(input: FeatureInput): Result[] {
  if (!isTutorDeployment(input)) return [];
  const { settings, resources } = input;
  const results: Result[] = [];
  const configMap = (baseName: string, path: (string | number)[], what: string): void => {
    if (tutorConfigMaps(resources, baseName).length === 0) results.push(missingResource(input, path, `ConfigMap ${baseName} is not in the manifests: ${what}`));
  };
  if (settings.podLifecycle.enabled) {
    settings.podLifecycle.deployments.forEach((name, index) => {
      if ((name === 'lms' || name === 'cms') && !findResource(resources, 'Deployment', name)) {
        results.push(missingResource(input, ['podLifecycle', 'deployments', index], `Deployment ${name} is not in the manifests: it gets no probes, preStop hook or anti-affinity`));
      }
    });
  }
  if (settings.multitenancy.enabled || settings.scorm.enabled) {
    configMap('caddy-config', [settings.multitenancy.enabled ? 'multitenancy' : 'scorm', 'enabled'], 'the multitenancy catch-all site and the SCORM routes are not added to the Caddyfile');
  }
  const line = drydockLine(input.tutor.version, settings.drydockRelease);
  const djangoPath = loggingTweaksOn(settings, line) ? ['djangoSettings', 'loggingTweaks'] : settings.scorm.enabled ? ['scorm', 'enabled'] : undefined;
  if (djangoPath) {
    for (const service of ['lms', 'cms']) configMap(`openedx-settings-${service}`, djangoPath, `Drydock's Django settings for the ${service.toUpperCase()} are not added`);
  }
  if (uwsgiKeepAliveOn(settings, line)) configMap('openedx-uwsgi-config', ['uwsgi', 'keepAlive'], 'the keep-alive and graceful shutdown settings are not added to uwsgi.ini');
  if (settings.sentry.enabled) configMap('openedx-config', ['sentry', 'enabled'], 'the eox-core Sentry settings are not added to the LMS and CMS env files');
  else if (settings.celeryTuning.enabled && settings.celeryTuning.acksLate) configMap('openedx-config', ['celeryTuning', 'acksLate'], 'CELERY_ACKS_LATE is not added to the LMS and CMS env files');
  if ((settings.ingress.enabled || settings.gatewayApi.enabled) && !findResource(resources, 'Service', 'caddy')) {
    // The HTTPRoutes, when there are any, are what carries the traffic (the Ingresses are gone, or on their way out).
    const [path, routes] = settings.gatewayApi.enabled ? [['gatewayApi', 'enabled'], 'HTTPRoutes'] : [['ingress', 'enabled'], 'Ingresses'];
    results.push(missingResource(input, path, `Service caddy is not in the manifests: the generated ${routes} route to caddy:80, which nothing serves`));
  }
  return results;
}
