/**
 * The Drydock release a Tutor deployment of a given major release runs: Drydock has one release line
 * per Tutor release (17.x for Tutor 17 …), and what its text patches contain depends on the release.
 * The edits follow the last release of the line, or the release the `drydockRelease` setting names,
 * so a deployment moving from Drydock to drydock-fn keeps the same ConfigMap content and names (no
 * rollout). Reference §1.3, §3.15, §3.16, §6.
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
  /** The LOGGING changes in the Django settings (16.7.2, 17.5.2, 18.2.4; Drydock 15 had none). */
  readonly loggingTweaks: boolean;
  /** The uWSGI keep-alive and graceful-shutdown lines (16.7.1, 17.5.1, 18.2.2; Drydock 15 had none). */
  readonly uwsgiKeepAlive: boolean;
  /** Their last two lines, `hook-master-start …` and `disable-logging` (16.7.2, 17.5.2, 18.2.4). */
  readonly uwsgiQuietShutdown: boolean;
  /** The SCORM storage takes the request's host for its domain (16.7.4, 17.5.4, 18.2.6); before, LMS_BASE or CMS_BASE by service. */
  readonly scormRequestHost: boolean;
  /** The keyword the SCORM storage gets its bucket by: `bucket_name` (17.3.5+, django-storages' name), else `bucket`. */
  readonly scormBucketKeyword: 'bucket' | 'bucket_name';
}

const LAST_RELEASES: Readonly<Record<number, string>> = { 15: '15.9.1', 16: '16.7.4', 17: '17.6.0', 18: '18.4.0', 19: '19.3.0', 20: '20.3.0', 21: '21.2.0', 22: '22.0.0' };
const NEWEST = 22;

/** A Drydock release: major (its Tutor line), minor, patch. */
export type DrydockRelease = readonly [number, number, number];

/** Parses "17", "17.6" or "17.6.0" (a leading v allowed). */
export function parseRelease(text: string): DrydockRelease | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}

/** Whether `release` comes before `other`. */
export function releaseBefore(release: DrydockRelease, other: DrydockRelease): boolean {
  for (let i = 0; i < 3; i++) if (release[i] !== other[i]) return release[i] < other[i];
  return false;
}

/** Per line (Tutor major), the release of that line where something changed (Drydock backported changes to each line). */
export type PerLine = Readonly<Record<number, string>>;

/**
 * Whether `release` is at or past the change `table` records: a line the table names compares with
 * its release; a line newer than every line it names had the change from its start, an older one never.
 */
export function releaseReached(release: DrydockRelease, table: PerLine): boolean {
  const named = table[release[0]];
  if (named !== undefined) return !releaseBefore(release, parseRelease(named) as DrydockRelease);
  return release[0] > Math.max(...Object.keys(table).map(Number));
}

/** The last release of the Drydock line of a Tutor major. */
export function lastReleaseOfLine(major: number): DrydockRelease {
  return parseRelease(LAST_RELEASES[Math.min(NEWEST, Math.max(15, major))]) as DrydockRelease;
}

/**
 * The Drydock line for a Tutor version: the text of `release` (a Drydock release the deployment ran,
 * from the `drydockRelease` setting), else of the last release of the Tutor line; the newest line when
 * the version is unknown or newer. Each fact below names the release of each line that changed it.
 */
export function drydockLine(version: TutorVersion | undefined, release?: string | null): DrydockLine {
  const major = version === undefined || version.major > NEWEST ? NEWEST : Math.max(15, version.major);
  const given = release ? parseRelease(release) : undefined;
  const at: DrydockRelease = given ?? lastReleaseOfLine(major);
  return {
    release: at.join('.'),
    patchesLast: releaseReached(at, { 19: '19.0.1' }),
    forumDatabase: releaseReached(at, { 19: '19.0.1' }),
    mysqlUtf8mb4: releaseReached(at, { 20: '20.2.0' }),
    scormProxyAssetsLms: releaseReached(at, { 20: '20.2.0' }),
    envCeleryAndSentry: !releaseReached(at, { 18: '18.2.1' }),
    loggingTweaks: releaseReached(at, { 16: '16.7.2', 17: '17.5.2', 18: '18.2.4' }),
    uwsgiKeepAlive: releaseReached(at, { 16: '16.7.1', 17: '17.5.1', 18: '18.2.2' }),
    uwsgiQuietShutdown: releaseReached(at, { 16: '16.7.2', 17: '17.5.2', 18: '18.2.4' }),
    scormRequestHost: releaseReached(at, { 16: '16.7.4', 17: '17.5.4', 18: '18.2.6' }),
    scormBucketKeyword: releaseReached(at, { 17: '17.3.5' }) ? 'bucket_name' : 'bucket',
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
