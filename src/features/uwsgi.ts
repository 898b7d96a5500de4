/**
 * uWSGI settings Drydock appends to Tutor's uwsgi.ini (its `uwsgi-config` patch, reference §3.11):
 * HTTP keep-alive against 502s on closed connections, and graceful start and shutdown in containers.
 * Tutor 18+ already sets some of them; Drydock appends them anyway, and so does drydock-fn, so the
 * openedx-uwsgi-config ConfigMap equals Drydock's. Always runs: switched off, it removes the lines an
 * earlier run added.
 */
import type { Change } from '../krm/changes';
import type { Result } from '../krm/types';
import { escapeRegExp, tutorConfigMaps } from '../tutor/configmaps';
import { drydockLine, drydockTextPresent } from '../tutor/drydock-line';
import { editConfigMapSlots } from '../tutor/slot-edits';
import { uwsgiSlot } from '../tutor/slot-locators';
import type { Feature } from './feature';
import { missingSlotWarnings } from './lib/slot-results';

/** Drydock's patch as Tutor renders it (no final newline). */
export const UWSGI_PATCH = [
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
  'hook-master-start = unix_signal:1 gracefully_kill_them_all',
  'disable-logging = true',
].join('\n');

const RECOGNIZER = new RegExp(escapeRegExp(UWSGI_PATCH));

export const uwsgi: Feature = {
  name: 'uwsgi',
  // Runs when off too: it then removes the lines an earlier run added.
  isEnabled: () => true,
  run({ resources, settings, tutor }) {
    const line = drydockLine(tutor.version);
    const files = [{ key: 'uwsgi.ini', slots: [{ name: 'uwsgi-config', locate: uwsgiSlot, desired: settings.uwsgi.keepAlive ? UWSGI_PATCH : '', recognizer: RECOGNIZER }] }];
    const changes: Change[] = [];
    const results: Result[] = [];
    for (const view of tutorConfigMaps(resources, 'openedx-uwsgi-config')) {
      const edited = editConfigMapSlots(view, files, line.patchesLast ? 'last' : 'first', drydockTextPresent(settings, line));
      changes.push(...edited.changes);
      results.push(...missingSlotWarnings(view, edited.missing));
    }
    return { changes, results };
  },
};
