import type { DefaultEffects } from './types';
import { drydockLineHasUwsgiLines, keyOf } from './types';

/** §3.11: the keep-alive and graceful-shutdown lines appended to uwsgi.ini, from Tutor 16 (Drydock 15.x had none). */
export const effects: DefaultEffects = (before) => ({
  changed: before.filter((item) => drydockLineHasUwsgiLines(before) && keyOf(item) === 'ConfigMap/openedx-uwsgi-config').map((item) => `${keyOf(item)} data.uwsgi.ini`),
  added: [],
});
