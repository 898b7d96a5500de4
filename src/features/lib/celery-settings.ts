/**
 * Celery's text in Tutor's files: the CELERY_ACKS_LATE line of lms.env.yml and
 * cms.env.yml, which the Celery tuning settings decide and openedx-env.ts places.
 */
import type { DrydockSettings } from '../../config/settings';

/** The CELERY_ACKS_LATE line of the env files, or undefined when off. */
export function celeryEnvPatch(settings: DrydockSettings): string | undefined {
  return settings.celeryTuning.enabled && settings.celeryTuning.acksLate ? 'CELERY_ACKS_LATE: true\n' : undefined;
}
