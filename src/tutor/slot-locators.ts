/**
 * Where Tutor's templates render the patch slots Drydock uses, found in the rendered text by the
 * template lines around them (stable across Tutor 15–22):
 * - Caddyfile `caddyfile` (the end of the file, after Tutor's own LMS, CMS and Meilisearch sites),
 *   `caddyfile-lms` and `caddyfile-cms` (inside those sites, between `import proxy` and `handle_path`);
 * - Django settings `openedx-common-settings` (before "######## End of settings common to LMS and CMS");
 * - `lms-env` / `cms-env` (after `SESSION_COOKIE_DOMAIN`, before the auth part starting at `SECRET_KEY`);
 * - `uwsgi-config` (the end of uwsgi.ini).
 * Each returns undefined when the file does not have the expected shape.
 */
import type { SlotLocation } from './patch-slots';
import { endOfLastAnchor } from './patch-slots';

/** A top-level block of a Caddyfile: `address {` … the `}` line that closes it. */
export interface CaddyBlock {
  /** The text before `{` on the opening line. */
  readonly address: string;
  /** Offset of the opening line. */
  readonly start: number;
  /** Offset just after the closing `}` line's newline (or the end of the text). */
  readonly end: number;
  readonly body: string;
}

/** The catch-all site address Drydock's multitenancy adds. */
export const CATCH_ALL_ADDRESS = '{$default_site_port}';

/** Top-level blocks, braces counted per line (comments ignored), as Tutor's Caddyfile is written. */
export function caddyBlocks(text: string): CaddyBlock[] {
  const blocks: CaddyBlock[] = [];
  let depth = 0;
  let open: { address: string; start: number; bodyStart: number } | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineEnd = Math.min(offset + line.length + 1, text.length);
    const code = line.replace(/(^|\s)#.*$/, '');
    if (depth === 0 && !open) {
      const match = /^(\S.*?)\s*\{\s*$/.exec(code);
      if (match) open = { address: match[1], start: offset, bodyStart: lineEnd };
    }
    for (const char of code) {
      if (char === '{') depth++;
      else if (char === '}') depth--;
    }
    if (depth <= 0) {
      depth = 0;
      if (open && (lineEnd > open.bodyStart || offset > open.start)) {
        blocks.push({ address: open.address, start: open.start, end: lineEnd, body: text.slice(open.bodyStart, offset) });
        open = undefined;
      }
    }
    offset += line.length + 1;
  }
  return blocks;
}

const proxies = (block: CaddyBlock, upstream: string): boolean => block.body.includes(`import proxy "${upstream}"`);
const isSite = (block: CaddyBlock): boolean => block.address !== CATCH_ALL_ADDRESS && !block.address.startsWith('(') && block.address !== '';

/** Tutor's own sites, in template order: LMS, CMS and (Tutor 19+, when it runs) Meilisearch. */
export function tutorCaddySites(text: string): { lms?: CaddyBlock; cms?: CaddyBlock; meilisearch?: CaddyBlock } {
  const sites = caddyBlocks(text).filter(isSite);
  const lmsIndex = sites.findIndex((block) => proxies(block, 'lms:8000'));
  if (lmsIndex < 0) return {};
  const lms = sites[lmsIndex];
  const cms = sites[lmsIndex + 1] && proxies(sites[lmsIndex + 1], 'cms:8000') ? sites[lmsIndex + 1] : undefined;
  const next = sites[lmsIndex + (cms ? 2 : 1)];
  const meilisearch = next && proxies(next, 'meilisearch:7700') ? next : undefined;
  return { lms, cms, meilisearch };
}

/**
 * The `caddyfile` slot: from after Tutor's last own site and the blank lines its template puts
 * before the slot, to the end. The count matters: an empty patch joined first shows only as one more
 * newline. Tutor ≤ 18: one blank line after the CMS site; Tutor 19+: two after the Meilisearch site,
 * three after the CMS site when Meilisearch does not run (its conditional block leaves a line).
 */
export function caddyfileSlot(text: string, tutorMajor = 22): SlotLocation | undefined {
  const { lms, cms, meilisearch } = tutorCaddySites(text);
  const last = meilisearch ?? cms ?? lms;
  if (!last) return undefined;
  const blankLines = tutorMajor <= 18 ? 1 : meilisearch ? 2 : 3;
  let start = last.end;
  while (start < last.end + blankLines && text[start] === '\n') start++;
  return { start, end: text.length, indent: 0 };
}

/** The `caddyfile-lms` / `caddyfile-cms` slot inside the LMS or CMS site. */
export function caddySiteSlot(text: string, site: 'lms' | 'cms'): SlotLocation | undefined {
  const block = tutorCaddySites(text)[site];
  if (!block) return undefined;
  const opening = `\n    import proxy "${site}:8000"\n\n    `;
  const at = text.indexOf(opening, block.start);
  if (at < 0 || at >= block.end) return undefined;
  const start = at + opening.length;
  const end = text.indexOf('\n\n    handle_path /* {', start);
  if (end < 0 || end >= block.end) return undefined;
  return { start, end, indent: 4 };
}

/** Marks the end of the Django settings every Tutor release shares between the LMS and the CMS. */
export const COMMON_SETTINGS_END = '\n######## End of settings common to LMS and CMS';

/** The last blocks of Tutor's common settings before the slot, newest release first. */
const COMMON_SETTINGS_TAILS = [
  "EVENT_BUS_CONSUMER = 'edx_event_bus_redis.RedisEventConsumer'\n\n", // Tutor 21+
  '            "location": "/openedx/media-private/openedx-learning",\n        }\n    }\n}\n\n', // Tutor 19–20
  'CODE_JAIL = {\n    "python_bin": "nonexistingpythonbinary",\n    "user": None,\n}\n\n', // Tutor 15–18
];

/** The `openedx-common-settings` slot of a Django settings file (production.py, development.py). */
export function commonSettingsSlot(text: string): SlotLocation | undefined {
  const end = text.indexOf(COMMON_SETTINGS_END);
  if (end < 0) return undefined;
  const start = endOfLastAnchor(text, COMMON_SETTINGS_TAILS, end) ?? end;
  return { start, end, indent: 0 };
}

/** The `lms-env` / `cms-env` slot of lms.env.yml / cms.env.yml. */
export function envSlot(text: string): SlotLocation | undefined {
  const domain = /^SESSION_COOKIE_DOMAIN: .*\n/m.exec(text);
  if (!domain) return undefined;
  const start = domain.index + domain[0].length;
  const end = text.indexOf('\nSECRET_KEY:', start);
  return end < 0 ? undefined : { start, end, indent: 0 };
}

/** Tutor's last uwsgi.ini lines before the slot, newest release first. */
const UWSGI_TAILS = ['# Clean up settings\npy-call-osafterfork = true\nvacuum = true\n', 'enable-threads = true\n'];

/** The `uwsgi-config` slot at the end of uwsgi.ini. */
export function uwsgiSlot(text: string): SlotLocation | undefined {
  if (!text.startsWith('[uwsgi]')) return undefined;
  const end = text.endsWith('\n') ? text.length - 1 : text.length;
  const start = endOfLastAnchor(text, UWSGI_TAILS, end) ?? end;
  return { start, end, indent: 0 };
}
