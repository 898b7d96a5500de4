/**
 * Django settings Drydock adds to the settings common to the LMS and the CMS (its
 * `openedx-common-settings` patch, reference §3.15, §3.16): the SCORM XBlock storage, the logging
 * changes (no local tracking log, console only), FORUM_MONGODB_DATABASE and the utf8mb4 MySQL
 * connection charset; plus, when the Sentry DSN comes from a Secret, the Sentry start-up that reads it
 * from the environment (see sentry.ts).
 *
 * The patch is composed as Drydock's release for the Tutor line renders it and placed where Tutor
 * renders it, in every settings file of openedx-settings-lms and -cms that holds the common part
 * (production.py, development.py), so those ConfigMaps equal Drydock's. Always runs: switched off,
 * it removes what an earlier run added.
 */
import type { DrydockSettings } from '../config/settings';
import { pythonString } from '../encoders/python';
import type { Change } from '../krm/changes';
import type { Result } from '../krm/types';
import { dataKeysWhere, escapeRegExp, tutorConfigMaps } from '../tutor/configmaps';
import type { DrydockLine } from '../tutor/drydock-line';
import { drydockLine, drydockTextPresent } from '../tutor/drydock-line';
import { editConfigMapSlots } from '../tutor/slot-edits';
import type { SlotSpec } from '../tutor/slot-edits';
import { COMMON_SETTINGS_END, commonSettingsSlot } from '../tutor/slot-locators';
import type { Feature } from './feature';
import { missingSlotWarnings } from './slot-results';
import { SENTRY_SETTINGS_FROM_ENV, sentryDsnFromSecret } from './sentry';

/** The SCORM XBlock storage: S3 storage (MinIO or S3) served through the request host's /scorm-proxy/. */
export function scormXBlockSettings(proxyAssetsLms: boolean): string {
  return [
    '# SCORM SETTINGS',
    'def scorm_xblock_storage(xblock):',
    '    from django.conf import settings',
    '    from storages.backends.s3boto3 import S3Boto3Storage',
    '    from xmodule.util.xmodule_django import get_current_request_hostname',
    '',
    '    domain = get_current_request_hostname()',
    '',
    '    if not domain:',
    '        if SERVICE_VARIANT == "lms":',
    '            domain = settings.LMS_BASE',
    '        else:',
    '            domain = settings.CMS_BASE',
    '',
    '    return S3Boto3Storage(',
    '        bucket_name=AWS_STORAGE_BUCKET_NAME,',
    '        access_key=AWS_ACCESS_KEY_ID,',
    '        secret_key=AWS_SECRET_ACCESS_KEY,',
    '        querystring_expire=86400,',
    '        custom_domain=f"{domain}/scorm-proxy"',
    '    )',
    'XBLOCK_SETTINGS["ScormXBlock"] = {',
    '    "STORAGE_FUNC": scorm_xblock_storage,',
    ...(proxyAssetsLms ? ['    "PROXY_ASSETS_LMS": False,'] : []),
    '}',
    '',
  ].join('\n');
}

const LOGGING = 'LOGGING["loggers"].pop("tracking")\nLOGGING["loggers"][""]["handlers"] = ["console"]';
const UTF8MB4 = 'DATABASES["default"]["OPTIONS"]["charset"] = "utf8mb4"';
const forumDatabase = (name: string): string => `FORUM_MONGODB_DATABASE = ${pythonString(name)}`;

/** The FORUM_MONGODB_DATABASE to write, or none. */
export function forumDatabaseName(settings: DrydockSettings, line: DrydockLine): string | undefined {
  const configured = settings.djangoSettings.forumMongodbDatabase;
  if (configured === null) return line.forumDatabase ? 'cs_comments_service' : undefined;
  return configured === '' ? undefined : configured;
}

/** Drydock's `openedx-common-settings` patch for these settings, as Tutor renders it. */
export function commonSettingsPatch(settings: DrydockSettings, line: DrydockLine): string {
  const scorm = settings.scorm.enabled ? scormXBlockSettings(line.scormProxyAssetsLms) : '';
  const forum = forumDatabaseName(settings, line);
  const groups = [
    settings.djangoSettings.loggingTweaks ? LOGGING : undefined,
    forum !== undefined ? forumDatabase(forum) : undefined,
    settings.djangoSettings.mysqlUtf8mb4 ?? line.mysqlUtf8mb4 ? UTF8MB4 : undefined,
    sentryDsnFromSecret(settings) ? SENTRY_SETTINGS_FROM_ENV : undefined,
  ].filter((group): group is string => group !== undefined);
  const patch = scorm + (groups.length > 0 ? `\n\n${groups.join('\n\n')}` : '');
  // Jinja drops the last newline of a rendered patch.
  return patch.endsWith('\n') ? patch.slice(0, -1) : patch;
}

const SCORM_PATTERN = '# SCORM SETTINGS\\ndef scorm_xblock_storage\\(xblock\\):\\n(?:[^\\n]*\\n)*?XBLOCK_SETTINGS\\["ScormXBlock"\\] = \\{\\n(?:    [^\\n]*\\n)*\\}\\n?';
const GROUP_PATTERN = `(?:${[escapeRegExp(LOGGING), 'FORUM_MONGODB_DATABASE = "(?:[^"\\\\\\n]|\\\\.)*"', escapeRegExp(UTF8MB4), escapeRegExp(SENTRY_SETTINGS_FROM_ENV)].join('|')})`;
/** Any patch this module (or Drydock) wrote: the SCORM part and/or the groups; it must hold SCORM or the logging lines. */
const PATCH_RECOGNIZER = new RegExp(
  `(?=(?:[^\\n]*\\n)*?(?:# SCORM SETTINGS|LOGGING\\["loggers"\\]\\.pop))(?:${SCORM_PATTERN})?(?:\\n\\n${GROUP_PATTERN}(?:\\n\\n${GROUP_PATTERN})*)?`,
);

/** The `openedx-common-settings` slot with the patch. */
export function commonSettingsSlots(patch: string): SlotSpec[] {
  return [{ name: 'openedx-common-settings', locate: commonSettingsSlot, desired: patch, recognizer: PATCH_RECOGNIZER }];
}

export const djangoSettings: Feature = {
  name: 'django-settings',
  // Runs when off too: it then removes the text an earlier run added.
  isEnabled: () => true,
  run({ resources, settings, tutor }) {
    const line = drydockLine(tutor.version);
    const slots = commonSettingsSlots(commonSettingsPatch(settings, line));
    const present = drydockTextPresent(settings, line);
    const changes: Change[] = [];
    const results: Result[] = [];
    for (const baseName of ['openedx-settings-lms', 'openedx-settings-cms']) {
      for (const view of tutorConfigMaps(resources, baseName)) {
        const files = dataKeysWhere(view, (text) => text.includes(COMMON_SETTINGS_END)).map((key) => ({ key, slots }));
        const edited = editConfigMapSlots(view, files, line.patchesLast ? 'last' : 'first', present);
        changes.push(...edited.changes);
        results.push(...missingSlotWarnings(view, edited.missing));
      }
    }
    return { changes, results };
  },
};
