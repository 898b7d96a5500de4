import type { DefaultEffects } from './types';
import { keyOf } from './types';

/** §3.11: the keep-alive and graceful-shutdown lines appended to uwsgi.ini. */
export const effects: DefaultEffects = (before) => ({
  changed: before.filter((item) => keyOf(item) === 'ConfigMap/openedx-uwsgi-config').map((item) => `${keyOf(item)} data.uwsgi.ini`),
  added: [],
});
