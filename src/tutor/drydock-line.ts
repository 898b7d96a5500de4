/**
 * The Drydock release a Tutor deployment of a given major release runs: Drydock has one release line
 * per Tutor release (17.x for Tutor 17 …), and what its text patches contain depends on the line. The
 * edits follow the last release of the line, so a deployment moving from Drydock to drydock-fn keeps
 * the same ConfigMap content and names (no rollout). Reference §1.3, §3.15, §3.16, §6.
 */
import type { DrydockSettings } from '../config/settings';
import type { TutorVersion } from './context';

export interface DrydockLine {
  /** The Drydock release whose output is reproduced. */
  readonly release: string;
  /** Drydock's patches have low priority (19.0.1+): they come after other plugins' in each slot. */
  readonly patchesLast: boolean;
  /** `FORUM_MONGODB_DATABASE` in the Django settings (19.0.1+). */
  readonly forumDatabase: boolean;
  /** `DATABASES["default"]["OPTIONS"]["charset"] = "utf8mb4"` (20.2.0+). */
  readonly mysqlUtf8mb4: boolean;
  /** `"PROXY_ASSETS_LMS": False` in the SCORM XBlock settings (20.2.0+). */
  readonly scormProxyAssetsLms: boolean;
  /**
   * The `lms-env` / `cms-env` patches are Drydock's Celery and Sentry template (≤ 18.2.2), which
   * renders a newline between its two parts even with both off; later releases ship them empty.
   */
  readonly envCeleryAndSentry: boolean;
  /** The LOGGING changes in the Django settings (16.x+; Drydock 15 had none). */
  readonly loggingTweaks: boolean;
  /** The uWSGI keep-alive and graceful-shutdown lines (16.7.1+; Drydock 15 had none). */
  readonly uwsgiKeepAlive: boolean;
  /**
   * The `openedx-common-settings` template ends with the SCORM block (15.x), whose last line break
   * Jinja keeps; later templates end with other text, whose last line break Jinja drops.
   */
  readonly commonSettingsEndWithScorm: boolean;
  /** The SCORM storage takes the request's host for its domain (16.7.4+); before, LMS_BASE or CMS_BASE by service. */
  readonly scormRequestHost: boolean;
  /** The keyword the SCORM storage gets its bucket by: `bucket_name` (17.3.5+, django-storages' name), else `bucket`. */
  readonly scormBucketKeyword: 'bucket' | 'bucket_name';
}

const LAST_RELEASES: Readonly<Record<number, string>> = { 15: '15.9.1', 16: '16.7.4', 17: '17.6.0', 18: '18.4.0', 19: '19.3.0', 20: '20.3.0', 21: '21.2.0', 22: '22.0.0' };
const NEWEST = 22;

/** The Drydock line for a Tutor version; the newest one when the version is unknown or newer. */
export function drydockLine(version: TutorVersion | undefined): DrydockLine {
  const major = version === undefined || version.major > NEWEST ? NEWEST : Math.max(15, version.major);
  return {
    release: LAST_RELEASES[major],
    patchesLast: major >= 19,
    forumDatabase: major >= 19,
    mysqlUtf8mb4: major >= 20,
    scormProxyAssetsLms: major >= 20,
    envCeleryAndSentry: major <= 17,
    loggingTweaks: major >= 16,
    uwsgiKeepAlive: major >= 16,
    scormRequestHost: major >= 16,
    commonSettingsEndWithScorm: major <= 15,
    scormBucketKeyword: major >= 17 ? 'bucket_name' : 'bucket',
  };
}

/**
 * Whether drydock-fn stands in for Drydock in Tutor's text files: any of Drydock's text patches is
 * wanted. Then every Drydock patch joins its slot, empty ones too, exactly as with Drydock; with all
 * of them off, Tutor's files stay exactly as Tutor renders them.
 */
export function drydockTextPresent(settings: DrydockSettings, line: DrydockLine): boolean {
  const django = settings.djangoSettings;
  return (
    settings.multitenancy.enabled ||
    settings.scorm.enabled ||
    // Left to the line (null), a switch stands for that Drydock, whose patches join their slots even
    // where its line has no text for them (Drydock 15's empty LOGGING part).
    (django.loggingTweaks ?? true) ||
    (django.mysqlUtf8mb4 ?? line.mysqlUtf8mb4) ||
    (django.forumMongodbDatabase === null ? line.forumDatabase : django.forumMongodbDatabase !== '') ||
    (settings.uwsgi.keepAlive ?? true) ||
    settings.celeryTuning.enabled ||
    settings.sentry.enabled
  );
}

/** Whether the LOGGING changes are written: the setting, else the line's text. */
export function loggingTweaksOn(settings: DrydockSettings, line: DrydockLine): boolean {
  return settings.djangoSettings.loggingTweaks ?? line.loggingTweaks;
}

/** Whether the uWSGI keep-alive lines are written: the setting, else the line's text. */
export function uwsgiKeepAliveOn(settings: DrydockSettings, line: DrydockLine): boolean {
  return settings.uwsgi.keepAlive ?? line.uwsgiKeepAlive;
}
