/**
 * Lines Drydock adds to the LMS and CMS env files (lms.env.yml, cms.env.yml in the openedx-config
 * ConfigMap; its `lms-env` / `cms-env` patches): CELERY_ACKS_LATE of the Celery tuning (§3.17) and the
 * eox-core Sentry settings (§3.18). The text of each comes from lib/celery-settings.ts and
 * lib/sentry-settings.ts; this module joins them as Drydock's patch renders and places the patch where
 * Tutor renders it. Always runs: switched off, it removes what an earlier run added.
 */
import type { DrydockSettings } from '../config/settings';
import type { DrydockLine } from '../tutor/drydock-line';
import { envSlot } from '../tutor/slot-locators';
import type { Feature } from './feature';
import { celeryEnvPatch } from './lib/celery-settings';
import { sentryEnvPatch } from './lib/sentry-settings';
import { slotFeature } from './lib/slot-features';

/**
 * Drydock's `lms-env` / `cms-env` patch for these settings. Drydock ≤ 18.2.2 (the line of Tutor ≤ 17)
 * renders its Celery part, a newline, then its Sentry part, so "\n" with both off; later releases
 * have no such settings (an empty patch), where drydock-fn joins the parts it keeps with a newline.
 */
export function envPatch(settings: DrydockSettings, service: 'lms' | 'cms', line: DrydockLine): string {
  const celery = celeryEnvPatch(settings);
  const sentry = sentryEnvPatch(settings, service);
  if (line.envCeleryAndSentry) return `${celery ?? ''}\n${sentry ?? ''}`;
  return [celery, sentry].filter((part): part is string => part !== undefined).join('\n');
}

const CELERY_PATTERN = 'CELERY_ACKS_LATE: true\\n';
const SENTRY_PATTERN =
  '# eox plugin settings must be defined in the ENV patches[^\\n]*\\n# take effect[^\\n]*\\n(?:EOX_CORE_SENTRY_INTEGRATION_DSN: [^\\n]*\\n)?EOX_CORE_SENTRY_IGNORED_ERRORS: \\[\\n(?:[^\\n]*\\n)*?\\]\\n';
/** Any patch this module (or Drydock) wrote, for each form of the patch. */
const RECOGNIZERS = {
  template: new RegExp(`(?:${CELERY_PATTERN})?\\n(?:${SENTRY_PATTERN})?`),
  joined: new RegExp(`(?:${CELERY_PATTERN})?(?:\\n?${SENTRY_PATTERN})?`),
};

export const openedxEnv: Feature = slotFeature({
  name: 'openedx-env',
  configMaps: ['openedx-config'],
  filesFor: ({ settings }, { line, present }) => {
    const files = (['lms', 'cms'] as const).map((service) => ({
      key: `${service}.env.yml`,
      // Without any of Drydock's text edits, the files stay Tutor's (no empty patch either).
      slots: [{ name: `${service}-env`, locate: envSlot, desired: present ? envPatch(settings, service, line) : '', recognizer: line.envCeleryAndSentry ? RECOGNIZERS.template : RECOGNIZERS.joined }],
    }));
    return () => files;
  },
});
