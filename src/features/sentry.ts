/**
 * Sentry through eox-core (Drydock ≤ 18.2.0 had it on by default, drydock-fn has it
 * opt-in). eox-core reads EOX_CORE_SENTRY_INTEGRATION_DSN and EOX_CORE_SENTRY_IGNORED_ERRORS from the
 * LMS and CMS env files (ENV_TOKENS) while plugin settings load, before Tutor's Python settings, so
 * Drydock writes them into lms.env.yml and cms.env.yml; openedx-env.ts places that text (written by
 * lib/sentry-settings.ts).
 *
 * With `dsnSecretRef` the DSN never enters a ConfigMap. How it reaches the process: this feature gives
 * the lms, cms, lms-worker and cms-worker containers the environment variable SENTRY_DSN from the
 * Secret (secretKeyRef); the env files get the ignored-errors list but no DSN, so eox-core does not
 * start Sentry; and the Django settings (django-settings.ts, text of lib/sentry-settings.ts) start it
 * when SENTRY_DSN is set, with eox-core's own event filter (which applies the ignored-errors list),
 * the Django integration and send_default_pii, as eox-core does.
 */
import { insert, set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { ResourceView } from '../krm/resource-set';
import type { Result } from '../krm/types';
import type { Feature } from './feature';
import { findResource, resultFor, settingResult } from './feature';
import { containerAt, containerIndex, CONTAINERS, indexByName } from './lib/containers';

/** The containers that load the Django settings (and so start Sentry). */
export const SENTRY_DEPLOYMENTS = ['lms', 'cms', 'lms-worker', 'cms-worker'] as const;
export const SENTRY_DSN_ENV = 'SENTRY_DSN';

/** SENTRY_DSN from the Secret on a container: replaced in place when present, else appended. */
function dsnEnvChanges(view: ResourceView, index: number, ref: { name: string; key: string }): Change[] {
  const path = [...CONTAINERS, index, 'env'];
  const value = { name: SENTRY_DSN_ENV, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
  const at = indexByName(containerAt(view, index).env, SENTRY_DSN_ENV);
  return at >= 0 ? [set(view.handle, [...path, at], value)] : [insert(view.handle, path, 'end', value)];
}

export const sentry: Feature = {
  name: 'sentry',
  isEnabled: (settings) => settings.sentry.enabled,
  run(input) {
    const { resources, settings } = input;
    const results: Result[] = [];
    const ref = settings.sentry.dsnSecretRef;
    if (ref && settings.sentry.dsn !== '') {
      return {
        changes: [],
        results: [settingResult(input, 'error', ['sentry', 'dsnSecretRef'], 'give the Sentry DSN either as dsn or as dsnSecretRef, not both')],
      };
    }
    if (!ref && settings.sentry.dsn === '') {
      results.push(settingResult(input, 'warning', ['sentry', 'dsn'], 'Sentry is enabled without a DSN or a DSN Secret: eox-core gets an empty DSN and reports nothing'));
    }
    if (!ref) return { changes: [], results };
    const changes: Change[] = [];
    for (const name of SENTRY_DEPLOYMENTS) {
      const view = findResource(resources, 'Deployment', name);
      if (!view) continue;
      const index = containerIndex(view, name);
      if (index === undefined) {
        results.push(resultFor(view, 'error', `sentry: no container named ${name} to give ${SENTRY_DSN_ENV}`, 'spec.template.spec.containers'));
        continue;
      }
      changes.push(...dsnEnvChanges(view, index, ref));
    }
    return { changes, results };
  },
};
