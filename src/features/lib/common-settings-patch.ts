/**
 * Drydock's `openedx-common-settings` patch, as its release for the Tutor
 * line renders it: the SCORM XBlock storage, the logging changes, FORUM_MONGODB_DATABASE, the utf8mb4
 * MySQL connection charset and, with a Sentry DSN from a Secret, Sentry's start-up (./sentry-settings);
 * the recognizer of any patch Drydock or drydock-fn wrote; and the forum database the LMS reads once
 * the patch is applied, which the MongoDB init task (./mongodb-init-task) gives Tutor's MongoDB user.
 * The django-settings feature places the patch.
 */
import type { DrydockSettings } from '../../config/settings';
import { pythonString } from '../../encoders/python';
import type { Result } from '../../krm/types';
import { escapeRegExp } from '../../tutor/configmaps';
import type { TutorContext } from '../../tutor/context';
import type { DrydockLine } from '../../tutor/drydock-line';
import { drydockLine, loggingTweaksOn } from '../../tutor/drydock-line';
import { forumDeploymentDatabase, lmsProductionSettings, productionSettingsProblem, pythonTopLevelString } from '../../tutor/openedx-settings';
import { editSlot } from '../../tutor/patch-slots';
import type { SlotSpec } from '../../tutor/slot-edits';
import { commonSettingsSlot } from '../../tutor/slot-locators';
import { SENTRY_SETTINGS_FROM_ENV, sentryDsnFromSecret } from './sentry-settings';

/**
 * The SCORM XBlock storage: S3 storage (MinIO or S3) served through /scorm-proxy/ of the LMS or CMS
 * host, as the line's Drydock writes it: the request's host (16.7.4+) or the service's base host, the
 * bucket keyword django-storages takes (`bucket_name`, 17.3.5+), `PROXY_ASSETS_LMS` (20.2.0+).
 */
export function scormXBlockSettings(line: DrydockLine): string {
  const baseHost = ['if SERVICE_VARIANT == "lms":', '    domain = settings.LMS_BASE', 'else:', '    domain = settings.CMS_BASE'];
  const domain = line.scormRequestHost
    ? ['    from xmodule.util.xmodule_django import get_current_request_hostname', '', '    domain = get_current_request_hostname()', '', '    if not domain:', ...baseHost.map((text) => `        ${text}`), '']
    : baseHost.map((text) => `    ${text}`);
  return [
    '# SCORM SETTINGS',
    'def scorm_xblock_storage(xblock):',
    '    from django.conf import settings',
    '    from storages.backends.s3boto3 import S3Boto3Storage',
    ...domain,
    '    return S3Boto3Storage(',
    `        ${line.scormBucketKeyword}=AWS_STORAGE_BUCKET_NAME,`,
    '        access_key=AWS_ACCESS_KEY_ID,',
    '        secret_key=AWS_SECRET_ACCESS_KEY,',
    '        querystring_expire=86400,',
    '        custom_domain=f"{domain}/scorm-proxy"',
    '    )',
    'XBLOCK_SETTINGS["ScormXBlock"] = {',
    '    "STORAGE_FUNC": scorm_xblock_storage,',
    ...(line.scormProxyAssetsLms ? ['    "PROXY_ASSETS_LMS": False,'] : []),
    '}',
    '',
  ].join('\n');
}

const LOGGING = 'LOGGING["loggers"].pop("tracking")\nLOGGING["loggers"][""]["handlers"] = ["console"]';
const UTF8MB4 = 'DATABASES["default"]["OPTIONS"]["charset"] = "utf8mb4"';
const forumDatabase = (name: string): string => `FORUM_MONGODB_DATABASE = ${pythonString(name)}`;

/** tutor-forum's and Drydock's default forum database. */
export const DEFAULT_FORUM_DATABASE = 'cs_comments_service';

/**
 * The FORUM_MONGODB_DATABASE to write, or none. Left to the Drydock line (the setting null), it is the
 * forum database the manifests already give the LMS (`tutorForum`), else tutor-forum's default: in
 * Drydock both come from one Tutor variable, so the line never moves the forum to another database.
 */
export function forumDatabaseName(settings: DrydockSettings, line: DrydockLine, tutorForum?: string): string | undefined {
  const configured = settings.djangoSettings.forumMongodbDatabase;
  if (configured === null) return line.forumDatabase ? tutorForum ?? DEFAULT_FORUM_DATABASE : undefined;
  return configured === '' ? undefined : configured;
}

/**
 * FORUM_MONGODB_DATABASE as the LMS's production settings give it without drydock-fn's (or Drydock's)
 * patch: as Python reads the file (the last top-level assignment). Undefined when they do not set it.
 */
export function tutorForumDatabase(tutor: TutorContext): { value: string } | { problem: Result } | undefined {
  const text = lmsProductionSettings(tutor);
  if (text === undefined) return undefined;
  const location = commonSettingsSlot(text);
  const line = drydockLine(tutor.version);
  // The text without an earlier patch of ours: the value read must be the one Tutor's plugins wrote.
  const own = location ? editSlot(text, location, { desired: '', recognizer: PATCH_RECOGNIZER, position: line.patchesLast ? 'last' : 'first', present: false, joinedEmpty: false, anywhere: true }).text : text;
  const read = pythonTopLevelString(own, 'FORUM_MONGODB_DATABASE');
  if (read === undefined || 'value' in read) return read;
  return { problem: productionSettingsProblem(tutor, `FORUM_MONGODB_DATABASE of the LMS's production.py ${read.problem}, so the forum's database is not known: set djangoSettings.forumMongodbDatabase (FORUM_MONGODB_DATABASE)`) };
}

/**
 * The forum's MongoDB database once drydock-fn's edits are applied, which the MongoDB init Job gives
 * Tutor's MongoDB user: tutor-forum's own Deployment's (≤ 18, where the forum is a service), else the
 * setting, else the one the LMS settings give, else the default.
 */
export function forumDatabaseAfterEdits(settings: DrydockSettings, tutor: TutorContext): { value: string } | { problem: Result } {
  const deployment = forumDeploymentDatabase(tutor);
  if (deployment !== undefined) return { value: deployment };
  const configured = settings.djangoSettings.forumMongodbDatabase;
  if (configured !== null && configured !== '') return { value: configured };
  return tutorForumDatabase(tutor) ?? { value: DEFAULT_FORUM_DATABASE };
}

/** Drydock's `openedx-common-settings` patch for these settings, as Tutor renders it. */
export function commonSettingsPatch(settings: DrydockSettings, line: DrydockLine, tutorForum?: string): string {
  const scorm = settings.scorm.enabled ? scormXBlockSettings(line) : '';
  const forum = forumDatabaseName(settings, line, tutorForum);
  const groups = [
    loggingTweaksOn(settings, line) ? LOGGING : undefined,
    forum !== undefined ? forumDatabase(forum) : undefined,
    settings.djangoSettings.mysqlUtf8mb4 ?? line.mysqlUtf8mb4 ? UTF8MB4 : undefined,
    sentryDsnFromSecret(settings) ? SENTRY_SETTINGS_FROM_ENV : undefined,
  ].filter((group): group is string => group !== undefined);
  // Before the LOGGING lines, Drydock's template ended with the SCORM block, whose last line break Jinja
  // keeps; later templates end with other text, whose last line break Jinja drops.
  if (groups.length === 0 && !line.loggingTweaks) return scorm;
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
