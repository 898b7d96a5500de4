/**
 * uWSGI settings Drydock appends to Tutor's uwsgi.ini (its `uwsgi-config` patch):
 * HTTP keep-alive against 502s on closed connections, and graceful start and shutdown in containers.
 * Tutor 18+ already sets some of them; Drydock appends them anyway, and so does drydock-fn, so the
 * openedx-uwsgi-config ConfigMap equals Drydock's. Always runs: switched off, it removes the lines an
 * earlier run added.
 */
import { escapeRegExp } from '../tutor/configmaps';
import { uwsgiKeepAliveOn } from '../tutor/drydock-line';
import type { DrydockLine } from '../tutor/drydock-line';
import { uwsgiSlot } from '../tutor/slot-locators';
import type { Feature } from './feature';
import { slotFeature } from './lib/slot-features';

/** Drydock's patch as Tutor renders it (no final newline); releases before 16.7.2, 17.5.2, 18.2.4 lack the last two lines. */
const UWSGI_LINES = [
  '# Fix 502 errors for closed connections',
  'http-keepalive = 1',
  'add-header = Connection: Keep-Alive',
  '',
  '# Better startup/shutdown in docker:',
  'die-on-term = true',
  'lazy-apps = false',
  'need-app = true',
  'no-defer-accept = true',
  '',
  '# Other settings',
  'master = true',
  'py-call-osafterfork = true',
  'vacuum = true',
];
const QUIET_SHUTDOWN_LINES = ['hook-master-start = unix_signal:1 gracefully_kill_them_all', 'disable-logging = true'];

/** The patch as the Drydock line writes it. */
export function uwsgiPatch(line: DrydockLine): string {
  return [...UWSGI_LINES, ...(line.uwsgiQuietShutdown ? QUIET_SHUTDOWN_LINES : [])].join('\n');
}

/** Either form, the longer first. */
const RECOGNIZER = new RegExp(`${escapeRegExp(UWSGI_LINES.join('\n'))}(?:${escapeRegExp(`\n${QUIET_SHUTDOWN_LINES.join('\n')}`)})?`);

export const uwsgi: Feature = slotFeature({
  name: 'uwsgi',
  configMaps: ['openedx-uwsgi-config'],
  filesFor: ({ settings }, { line }) => {
    const files = [{ key: 'uwsgi.ini', slots: [{ name: 'uwsgi-config', locate: uwsgiSlot, desired: uwsgiKeepAliveOn(settings, line) ? uwsgiPatch(line) : '', recognizer: RECOGNIZER }] }];
    return () => files;
  },
});
