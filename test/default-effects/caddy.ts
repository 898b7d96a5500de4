import type { DefaultEffects } from './types';
import { keyOf } from './types';

/** §3.14: the multitenancy catch-all site is added to Tutor's Caddyfile (SCORM routes need MinIO or S3, which no fixture runs). */
export const effects: DefaultEffects = (before) => ({
  changed: before.filter((item) => keyOf(item) === 'ConfigMap/caddy-config').map((item) => `${keyOf(item)} data.Caddyfile`),
  added: [],
});
