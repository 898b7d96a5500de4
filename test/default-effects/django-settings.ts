import type { DefaultEffects } from './types';
import { keyOf } from './types';

/** §3.15, §3.16: the SCORM XBlock storage and the logging (and, by Tutor release, forum and utf8mb4) lines in both settings files that hold the common part. */
export const effects: DefaultEffects = (before) => ({
  changed: before
    .filter((item) => ['ConfigMap/openedx-settings-lms', 'ConfigMap/openedx-settings-cms'].includes(keyOf(item)))
    .flatMap((item) => [`${keyOf(item)} data.production.py`, `${keyOf(item)} data.development.py`]),
  added: [],
});
