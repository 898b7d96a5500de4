/**
 * Caddy edits (reference §3.14, §3.15): the multitenancy catch-all site, which serves every host the
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
import type { Change } from '../krm/changes';
import type { Result } from '../krm/types';
import { dataText, editDataText, tutorConfigMaps } from '../tutor/configmaps';
import { drydockLine } from '../tutor/drydock-line';
import type { ObjectStorage } from '../tutor/object-storage';
import { scormStorage } from '../tutor/object-storage';
import { editSlot } from '../tutor/patch-slots';
import type { SlotPosition } from '../tutor/patch-slots';
import { caddySiteSlot, caddyfileSlot, CATCH_ALL_ADDRESS } from '../tutor/slot-locators';
import type { Feature } from './feature';
import { resultFor } from './feature';

const CADDYFILE = 'Caddyfile';

/** The SCORM route: a matcher on /scorm-proxy/* and a proxy to the bucket. */
export function scormRoute(storage: ObjectStorage): string {
  const lines =
    storage.backend === 'minio'
      ? [`    uri replace /scorm-proxy/ /${storage.bucket}/`, '    reverse_proxy minio:9000 {', `        header_up Host ${storage.host}`]
      : [
          '    uri /scorm-proxy/* strip_prefix /scorm-proxy',
          `    reverse_proxy https://${storage.bucket}.${storage.host} {`,
          `        header_up Host ${storage.bucket}.${storage.host}`,
        ];
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

/** Any catch-all site Drydock or drydock-fn wrote (up to its closing brace and the blank line after it). */
const CATCH_ALL_RECOGNIZER = /\{\$default_site_port\} \{\n(?:[^\n]*\n)*?\}\n\n/;
/** Any SCORM route patch in the LMS or CMS site. */
const SITE_SCORM_RECOGNIZER = /\n@scorm_matcher \{\n(?:[^\n]*\n)*?route @scorm_matcher \{\n(?:[^\n]*\n)*?\}\n/;

/** The Caddyfile with the catch-all and SCORM patches as the settings want them. */
export function editCaddyfile(text: string, catchAll: string, siteScorm: string, position: SlotPosition): { text: string; missing: string[] } {
  let edited = text;
  const missing: string[] = [];
  for (const site of ['lms', 'cms'] as const) {
    const slot = caddySiteSlot(edited, site);
    if (slot) edited = editSlot(edited, slot, siteScorm, SITE_SCORM_RECOGNIZER, position);
    else if (siteScorm !== '') missing.push(`the ${site.toUpperCase()} site (import proxy "${site}:8000" … handle_path /*)`);
  }
  const slot = caddyfileSlot(edited);
  if (slot) edited = editSlot(edited, slot, catchAll, CATCH_ALL_RECOGNIZER, position);
  else if (catchAll !== '') missing.push('the LMS site (import proxy "lms:8000")');
  return { text: edited, missing };
}

function indent(text: string, margin: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : margin + line))
    .join('\n');
}

export const caddy: Feature = {
  name: 'caddy',
  // Runs when off too: it then removes the text an earlier run added.
  isEnabled: () => true,
  run({ resources, settings, tutor }) {
    const configMaps = tutorConfigMaps(resources, 'caddy-config');
    if (configMaps.length === 0) return { changes: [], results: [] };
    const results: Result[] = [];
    const decision = settings.scorm.enabled ? scormStorage(settings.scorm, tutor) : {};
    const storage = decision.storage;
    const position: SlotPosition = drydockLine(tutor.version).patchesLast ? 'last' : 'first';
    const catchAll = settings.multitenancy.enabled ? catchAllPatch(storage) : '';
    const siteScorm = siteScormPatch(storage);
    const changes: Change[] = [];
    for (const view of configMaps) {
      if (decision.problem) results.push(resultFor(view, 'warning', `SCORM: ${decision.problem}; no /scorm-proxy/ routes added`, `data.${CADDYFILE}`));
      if (dataText(view, CADDYFILE) === undefined) continue;
      changes.push(
        ...editDataText(view, CADDYFILE, (text) => {
          const edited = editCaddyfile(text, catchAll, siteScorm, position);
          for (const where of edited.missing) {
            results.push(resultFor(view, 'warning', `the Caddyfile has no ${where} where Drydock's patch goes; that part is not added`, `data.${CADDYFILE}`));
          }
          return edited.text;
        }),
      );
    }
    return { changes, results };
  },
};
