/**
 * Lines Drydock adds to the LMS and CMS env files (lms.env.yml, cms.env.yml in the openedx-config
 * ConfigMap; its `lms-env` / `cms-env` patches): CELERY_ACKS_LATE of the Celery tuning (§3.17) and the
 * eox-core Sentry settings (§3.18). The text of each comes from celery.ts and sentry.ts; this module
 * joins them as Drydock's patch renders and places the patch where Tutor renders it. Always runs:
 * switched off, it removes what an earlier run added.
 */
import type { DrydockSettings } from '../config/settings';
import type { Change } from '../krm/changes';
import { editDataText, tutorConfigMaps } from '../tutor/configmaps';
import { drydockLine } from '../tutor/drydock-line';
import { editSlot } from '../tutor/patch-slots';
import type { SlotPosition } from '../tutor/patch-slots';
import { envSlot } from '../tutor/slot-locators';
import { celeryEnvPatch } from './celery';
import type { Feature } from './feature';
import { sentryEnvPatch } from './sentry';

/** Drydock's `lms-env` / `cms-env` patch for these settings ('' when nothing is on). */
export function envPatch(settings: DrydockSettings, service: 'lms' | 'cms'): string {
  return [celeryEnvPatch(settings), sentryEnvPatch(settings, service)].filter((part): part is string => part !== undefined).join('\n');
}

/** Any patch this module (or Drydock) wrote. */
const RECOGNIZER =
  /(?:CELERY_ACKS_LATE: true\n)?(?:\n?# eox plugin settings must be defined in the ENV patches[^\n]*\n# take effect[^\n]*\n(?:EOX_CORE_SENTRY_INTEGRATION_DSN: [^\n]*\n)?EOX_CORE_SENTRY_IGNORED_ERRORS: \[\n(?:[^\n]*\n)*?\]\n)?/;

/** An env file with the patch in its slot. */
export function editEnvFile(text: string, patch: string, position: SlotPosition): string {
  const slot = envSlot(text);
  return slot ? editSlot(text, slot, patch, RECOGNIZER, position) : text;
}

export const openedxEnv: Feature = {
  name: 'openedx-env',
  // Runs when off too: it then removes the text an earlier run added.
  isEnabled: () => true,
  run({ resources, settings, tutor }) {
    const position: SlotPosition = drydockLine(tutor.version).patchesLast ? 'last' : 'first';
    const changes: Change[] = [];
    for (const view of tutorConfigMaps(resources, 'openedx-config')) {
      for (const service of ['lms', 'cms'] as const) {
        changes.push(...editDataText(view, `${service}.env.yml`, (text) => editEnvFile(text, envPatch(settings, service), position)));
      }
    }
    return { changes, results: [] };
  },
};
