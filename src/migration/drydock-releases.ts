/**
 * Which Drydock releases have which setting. Drydock has one release line per
 * Tutor release, and a setting came or went at a different release in each line (backports): a
 * setting a release lacks is ignored by that release's templates, so config.yml may still hold it
 * (a leftover after an upgrade) while the deployment never used it. config-from-tutor leaves such a
 * setting out, so that drydock-fn does what that Drydock did.
 */

import { releaseReached } from '../tutor/drydock-line';
import type { DrydockRelease, PerLine } from '../tutor/drydock-line';


interface Availability {
  /** First release of each line that has the setting: older lines lack it, newer lines have it from x.0.0. */
  readonly since?: PerLine;
  /** First release of each line without it any more: older lines keep it, newer lines lack it. */
  readonly removedIn?: PerLine;
  /** Why, for the note. */
  readonly what: string;
}

const DEBUG_REMOVED: PerLine = { 20: '20.3.0', 21: '21.1.0' };

/** The settings drydock-fn knows under Drydock's names that not every Drydock release has. */
const AVAILABILITY: Readonly<Record<string, Availability>> = {
  DRYDOCK_FLOWER: { removedIn: { 18: '18.2.3' }, what: 'Flower' },
  DRYDOCK_ENABLE_CELERY_TUNING: { removedIn: { 18: '18.2.3' }, what: 'Celery tuning' },
  DRYDOCK_ENABLE_SENTRY: { removedIn: { 18: '18.2.1' }, what: 'Sentry' },
  DRYDOCK_SENTRY_DSN: { removedIn: { 18: '18.2.1' }, what: 'Sentry' },
  DRYDOCK_DEBUG: { removedIn: DEBUG_REMOVED, what: 'the debug resources' },
  OPENEDX_DEBUG_COOKIE: { removedIn: DEBUG_REMOVED, what: 'the debug resources' },
  DRYDOCK_INGRESS_CLASS: { since: { 19: '19.3.0', 20: '20.3.0', 21: '21.1.0' }, what: 'the Ingress class setting (the class was nginx)' },
  DRYDOCK_INIT_JOBS_EXCLUDED: { since: { 19: '19.3.0', 20: '20.1.0', 21: '21.0.0' }, what: 'excluded init Jobs' },
  DRYDOCK_REGISTRY_CREDENTIALS: { since: { 17: '17.6.0', 18: '18.3.0', 19: '19.1.0' }, what: 'registry credentials' },
  DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS: { since: { 15: '15.9.0', 16: '16.5.0', 17: '17.1.0' }, what: 'PodDisruptionBudgets' },
  DRYDOCK_MIGRATE_FROM: { since: { 15: '15.8.0', 16: '16.4.0', 17: '17.3.0' }, what: 'upgrade Jobs' },
  DRYDOCK_POST_INIT_DEPLOYMENTS: { since: { 15: '15.8.1', 16: '16.4.1', 17: '17.3.0' }, what: 'the post-init sync wave list' },
  DRYDOCK_INGRESS_LMS_EXTRA_HOSTS: { since: { 15: '15.2.0' }, what: 'LMS extra hosts' },
};
for (const component of ['LMS_WORKER', 'CMS', 'CMS_WORKER', 'MFE', 'FORUM', 'CADDY']) {
  (AVAILABILITY as Record<string, Availability>)[`DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_${component}`] = AVAILABILITY.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS;
}

/**
 * Why the Drydock `release` ignores the setting `name`, when it does (the release lacks it); else
 * undefined (it has it, or drydock-fn does not know its history).
 */
export function missingFromRelease(name: string, release: DrydockRelease): string | undefined {
  const availability = AVAILABILITY[name];
  if (!availability) return undefined;
  const text = release.join('.');
  if (availability.since && !releaseReached(release, availability.since)) {
    return `Drydock ${text} has no such setting (${availability.what} came later), so it ignored it`;
  }
  if (availability.removedIn && releaseReached(release, availability.removedIn)) {
    return `Drydock ${text} has no such setting (${availability.what} was removed before it), so it ignored it`;
  }
  return undefined;
}
