/**
 * Caddy edits: the multitenancy catch-all site, which serves every host the
 * LMS and CMS sites do not match (eox-tenant domains, extra ingress hosts) from the LMS, and the
 * `/scorm-proxy/` routes to the object storage in the LMS, CMS and catch-all sites.
 *
 * The text is Drydock's, placed where Tutor renders Drydock's `caddyfile`, `caddyfile-lms` and
 * `caddyfile-cms` patches, so the Caddyfile (and the caddy-config hash) equal Drydock's. An earlier
 * edit (other settings, or Drydock's own) is replaced, and switching a feature off removes its text,
 * so the feature always runs.
 *
 * One fix: in the catch-all site Drydock strips `/scorm-proxy` before proxying to MinIO, which sends
 * path-style requests without the bucket; drydock-fn rewrites to `/<bucket>/` as Drydock does in the
 * LMS and CMS sites (README, intentional differences).
 */
import { caddyToken } from '../encoders/caddyfile';
import type { Change } from '../krm/changes';
import { withCode } from '../krm/codes';
import type { Result } from '../krm/types';
import { formatPath } from '../krm/types';
import { tutorConfigMaps } from '../tutor/configmaps';
import { drydockLine, drydockTextPresent } from '../tutor/drydock-line';
import type { ObjectStorage, StorageDecision } from '../tutor/object-storage';
import { scormStorage } from '../tutor/object-storage';
import { caddySiteSlot, caddyfileSlot, CATCH_ALL_ADDRESS } from '../tutor/slot-locators';
import { editConfigMapSlots } from '../tutor/slot-edits';
import type { SlotSpec } from '../tutor/slot-edits';
import type { Feature, FeatureInput } from './feature';
import { resultFor, settingResult } from './feature';

const CADDYFILE = 'Caddyfile';

/** The rewrite and proxy lines of a SCORM route: to the bucket's path, or to the bucket's host. */
function proxyLines(rewrite: 'path' | 'virtual', bucket: string, scheme: string, authority: string): string[] {
  return rewrite === 'path'
    ? [`    uri replace /scorm-proxy/ ${caddyToken(`/${bucket}/`)}`, `    reverse_proxy ${caddyToken(`${scheme}://${authority}`)} {`, `        header_up Host ${caddyToken(authority)}`]
    : ['    uri /scorm-proxy/* strip_prefix /scorm-proxy', `    reverse_proxy ${caddyToken(`${scheme}://${bucket}.${authority}`)} {`, `        header_up Host ${caddyToken(`${bucket}.${authority}`)}`];
}

/**
 * The SCORM route: a matcher on /scorm-proxy/* and a proxy to the bucket (bucket and host checked by
 * scormStorage). MinIO: Drydock's `minio:9000` with MinIO's host; S3: Drydock's
 * `https://<bucket>.<host>`, or the endpoint of lms.env.yml as the LMS addresses it.
 */
export function scormRoute(storage: ObjectStorage): string {
  let lines: string[];
  if (storage.backend === 'minio') {
    lines = [`    uri replace /scorm-proxy/ ${caddyToken(`/${storage.bucket}/`)}`, '    reverse_proxy minio:9000 {', `        header_up Host ${caddyToken(storage.host)}`];
  } else if (storage.endpoint) {
    const { scheme, host, port, addressing } = storage.endpoint;
    lines = proxyLines(addressing, storage.bucket, scheme, port === undefined ? host : `${host}:${port}`);
  } else {
    lines = proxyLines('virtual', storage.bucket, 'https', storage.host);
  }
  return ['@scorm_matcher {', '    path /scorm-proxy/*', '}', 'route @scorm_matcher {', ...lines, '    }', '}'].join('\n');
}

/** Drydock's `caddyfile-lms` / `caddyfile-cms` patch as Tutor renders it (before indentation). */
export function siteScormPatch(storage: ObjectStorage | undefined): string {
  return storage ? `\n${scormRoute(storage)}\n` : '';
}

/** Drydock's `caddyfile` patch: the catch-all site, with the SCORM route when there is storage. */
export function catchAllPatch(storage: ObjectStorage | undefined): string {
  const scorm = storage ? `\n${indent(scormRoute(storage), '    ')}\n    ` : '';
  return [
    `${CATCH_ALL_ADDRESS} {`,
    '    @favicon_matcher {',
    '        path_regexp ^/favicon.ico$',
    '    }',
    '    rewrite @favicon_matcher /theming/asset/images/favicon.ico',
    '',
    '    ', // Drydock's caddyfile-mfe-by-path slot (tutor-contrib-mfe-extensions), empty here
    '',
    '    # Limit profile image upload size',
    '    request_body /api/profile_images/*/*/upload {',
    '        max_size 1MB',
    '    }',
    '    request_body {',
    '        max_size 4MB',
    '    }',
    '    import proxy "lms:8000"',
    '',
    `    ${scorm}`,
    '',
    '}',
    '',
    '',
  ].join('\n');
}

/**
 * Any catch-all site Drydock or drydock-fn wrote (up to its closing brace and the blank line after
 * it): Drydock's favicon rewrite first and the LMS proxy, so that another plugin's own catch-all is not
 * taken for Drydock's (both then stand, and the CADDY_DUPLICATE_SITE check says so).
 */
const CATCH_ALL_RECOGNIZER = /\{\$default_site_port\} \{\n {4}@favicon_matcher \{\n(?:[^\n]*\n)*? {4}import proxy "lms:8000"\n(?:[^\n]*\n)*?\}\n\n/;
/** Any SCORM route patch in the LMS or CMS site. */
const SITE_SCORM_RECOGNIZER = /\n@scorm_matcher \{\n(?:[^\n]*\n)*?route @scorm_matcher \{\n(?:[^\n]*\n)*?\}\n/;

/**
 * Drydock's three Caddyfile slots, in file order, with the patches the settings want. Other plugins'
 * patches may be joined before or after Drydock's (their priorities decide), so an earlier patch is
 * recognised wherever it stands: a second catch-all site or SCORM matcher would make Caddy refuse
 * the file.
 */
export function caddySlots(catchAll: string, siteScorm: string, tutorMajor?: number): SlotSpec[] {
  return [
    { name: 'caddyfile-lms', locate: (text) => caddySiteSlot(text, 'lms'), desired: siteScorm, recognizer: SITE_SCORM_RECOGNIZER, anywhere: true },
    { name: 'caddyfile-cms', locate: (text) => caddySiteSlot(text, 'cms'), desired: siteScorm, recognizer: SITE_SCORM_RECOGNIZER, anywhere: true },
    { name: 'caddyfile', locate: (text) => caddyfileSlot(text, tutorMajor), desired: catchAll, recognizer: CATCH_ALL_RECOGNIZER, anywhere: true },
  ];
}

function indent(text: string, margin: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : margin + line))
    .join('\n');
}

/** Where each slot is, for messages. */
const SLOT_PLACES: Readonly<Record<string, string>> = {
  'caddyfile-lms': 'LMS site (import proxy "lms:8000" … handle_path /*)',
  'caddyfile-cms': 'CMS site (import proxy "cms:8000" … handle_path /*)',
  caddyfile: 'LMS site (import proxy "lms:8000") after which the catch-all site goes',
};

/** The error for a storage value the Caddyfile cannot carry, naming the setting or the lms.env.yml key (never the value). */
function refusedStorageValue(input: FeatureInput, refused: NonNullable<StorageDecision['refused']>): Result {
  const message = `SCORM: ${refused.message}, so it cannot be written into the Caddyfile's /scorm-proxy/ routes`;
  if ('setting' in refused.origin) return settingResult(input, 'error', ['scorm', refused.origin.setting], message);
  const key = refused.origin.envKey;
  const fix = key === 'AWS_STORAGE_BUCKET_NAME' ? 'set scorm.minioBucket or scorm.s3Bucket' : 'set scorm.s3Host';
  const env = tutorConfigMaps(input.resources, 'openedx-config')[0];
  const text = `${message}: ${key} of lms.env.yml; ${fix}, or scorm.storage: none`;
  return env ? withCode(resultFor(env, 'error', text, formatPath(['data', 'lms.env.yml'])), 'RESOURCE_INVALID') : withCode({ severity: 'error', message: text }, 'RESOURCE_INVALID');
}

export const caddy: Feature = {
  name: 'caddy',
  // Runs when off too: it then removes the text an earlier run added.
  isEnabled: () => true,
  run(input) {
    const { resources, settings, tutor } = input;
    const configMaps = tutorConfigMaps(resources, 'caddy-config');
    if (configMaps.length === 0) return { changes: [], results: [] };
    const line = drydockLine(tutor.version, settings.drydockRelease);
    const decision = settings.scorm.enabled ? scormStorage(settings.scorm, tutor) : {};
    if (decision.refused) return { changes: [], results: [refusedStorageValue(input, decision.refused)] };
    const slots = caddySlots(settings.multitenancy.enabled ? catchAllPatch(decision.storage) : '', siteScormPatch(decision.storage), tutor.version?.major);
    const changes: Change[] = [];
    const results: Result[] = [];
    for (const view of configMaps) {
      if (decision.problem) results.push(withCode(resultFor(view, 'warning', `SCORM: ${decision.problem}; no /scorm-proxy/ routes added`, `data.${CADDYFILE}`), 'CONFIG_SETTING'));
      const edited = editConfigMapSlots(view, [{ key: CADDYFILE, slots }], line.patchesLast ? 'last' : 'first', drydockTextPresent(settings, line));
      changes.push(...edited.changes);
      for (const mark of edited.missing) {
        const slot = mark.slice(CADDYFILE.length + 1);
        results.push(resultFor(view, 'warning', `the Caddyfile has no ${SLOT_PLACES[slot]}, where Drydock's ${slot} patch goes; it is not added`, `data.${CADDYFILE}`));
      }
    }
    return { changes, results };
  },
};
