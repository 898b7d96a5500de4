/**
 * The features, in the order they run, and the run of them over one Tutor instance. Generators come first, then the features that edit Tutor's
 * own resources, then those that decorate every workload (pull secrets), and sync waves come last so
 * they see everything, generated objects included. "Every" and "everything" are the Tutor instance's
 * items (tutor/instances.ts): a run never sees the list's other items.
 */
import type { SettingResult } from './config/decode';
import type { DrydockSettings } from './config/settings';
import { FunctionInputError, errorResult } from './krm/errors';
import { describeError } from './krm/read';
import type { ResourceSet } from './krm/resource-set';
import type { Result } from './krm/types';
import { deriveTutorContext } from './tutor/context';
import { backups } from './features/backups';
import { debug } from './features/debug';
import type { Feature } from './features/feature';
import { caddy } from './features/caddy';
import { celery } from './features/celery';
import { configMapHashes } from './features/configmap-hashes';
import { djangoSettings } from './features/django-settings';
import { flower } from './features/flower';
import { gatewayApi } from './features/gateway-api';
import { ingress } from './features/ingress';
import { initJobs } from './features/init-jobs';
import { newRelic } from './features/new-relic';
import { openedxEnv } from './features/openedx-env';
import { podDisruptionBudgets } from './features/pod-disruption-budgets';
import { podLifecycle } from './features/pod-lifecycle';
import { registryCredentials } from './features/registry-credentials';
import { sentry } from './features/sentry';
import { syncWaves } from './features/sync-waves';
import { tutorJobs } from './features/tutor-jobs';
import { upgradeJobs } from './features/upgrade-jobs';
import { uwsgi } from './features/uwsgi';
import { validation } from './features/validation';

export const PIPELINE: readonly Feature[] = [
  tutorJobs, // Tutor's job templates become Skip hooks (§3.2)

  // Generated Jobs: init and upgrade Jobs (§3.1, §3.3, §3.4)
  initJobs,
  upgradeJobs,

  // Generated platform resources
  ingress, // Ingresses, cert-manager Issuer, custom certificate Secret (§3.6)
  podDisruptionBudgets, // PodDisruptionBudgets (§3.12)
  flower, // Flower Deployment, Service and Ingress (§3.19)
  debug, // lms-debug, cms-debug and the canary Ingress (§3.9)
  gatewayApi, // HTTPRoutes, and a Gateway with its Issuer, instead of the Ingresses or beside them (beyond Drydock)
  backups, // backup CronJobs (§3.22)

  // Edits of Tutor's resources: Caddy (§3.14, §3.15), Django and uWSGI settings (§3.15, §3.16, §3.11),
  // pod lifecycle (§3.11), New Relic (§3.10), Sentry (§3.18), Celery (§3.17)
  caddy, // multitenancy catch-all site and SCORM routes in caddy-config (§3.14, §3.15)
  djangoSettings, // SCORM XBlock storage, logging, forum database, utf8mb4 in openedx-settings-lms|cms (§3.15, §3.16)
  uwsgi, // keep-alive and graceful shutdown in openedx-uwsgi-config (§3.11)
  openedxEnv, // CELERY_ACKS_LATE and eox-core Sentry settings in openedx-config (§3.17, §3.18)
  podLifecycle, // probes, preStop, grace period, anti-affinity on lms and cms (§3.11)
  newRelic, // newrelic-cm and newrelic-admin on the LMS (§3.10)
  sentry, // SENTRY_DSN from a Secret on the Django containers (§3.18)
  celery, // worker arguments and grace period (§3.17)

  registryCredentials, // pull Secret and imagePullSecrets over every workload of the instance, generated ones included (§3.13)

  // ConfigMap hash suffixes recomputed after the edits above
  configMapHashes, // renames edited ConfigMaps to the kustomize hash of their content, with their references

  syncWaves, // Argo CD sync waves over everything of the instance (§3.5)

  // Checks over the output as it will be written (results only; after stale generated objects are pruned)
  validation, // hooks only on Jobs, Job limits, CronJob concurrency, HPA CPU requests, probe ports, missing Tutor resources
];


/** Runs each enabled feature on the current items and applies its changes before the next one. */
export function runPipeline(resources: ResourceSet, settings: DrydockSettings, features: readonly Feature[], results: Result[], settingResult: SettingResult): void {
  const tutor = deriveTutorContext(resources.views(), settings);
  const checks = features.filter((feature) => feature.stage === 'check');
  for (const feature of features) {
    if (feature.stage === 'check' || !feature.isEnabled(settings)) continue;
    let output;
    try {
      output = feature.run({ resources: resources.views(), settings, tutor, settingResult });
      resources.apply(output.changes);
    } catch (error) {
      if (error instanceof FunctionInputError) throw error;
      throw new FunctionInputError(internalError(`feature ${feature.name}`, error));
    }
    // What the feature found, and what the Tutor context found in the manifests while it asked for values.
    const found = [...output.results, ...tutor.takeResults()];
    results.push(...found, ...resources.takeResults());
    if (found.some((result) => result.severity === 'error')) return;
  }
  resources.pruneStaleGenerated();
  results.push(...resources.takeResults());
  // Checks see the output as it will be written; their changes, if any, would be a bug.
  for (const feature of checks) {
    if (!feature.isEnabled(settings)) continue;
    let output;
    try {
      output = feature.run({ resources: resources.views(), settings, tutor, settingResult });
    } catch (error) {
      throw new FunctionInputError(internalError(`feature ${feature.name}`, error));
    }
    if (output.changes.length > 0) throw new FunctionInputError(internalError(`feature ${feature.name}`, new Error('a check returned changes')));
    results.push(...output.results, ...tutor.takeResults());
  }
}

/** The result for an error that is a bug of drydock-fn (`during`: what it was doing). */
export function internalError(during: string, error: unknown): Result {
  return errorResult('INTERNAL_ERROR', `internal error in ${during}: ${describeError(error)} (this is a bug in drydock-fn; please report it with the input that caused it)`);
}
