import type { DefaultEffects } from './types';
import { keyOf } from './types';

/** §3.2: Tutor's job templates get the Skip hook, its delete policy and a TTL. */
export const effects: DefaultEffects = (before) => ({
  changed: before
    .filter((item) => item.kind === 'Job' && item.metadata.labels?.['app.kubernetes.io/component'] === 'job')
    .flatMap((item) => [
      `${keyOf(item)} metadata.annotations.argocd.argoproj.io/hook`,
      `${keyOf(item)} metadata.annotations.argocd.argoproj.io/hook-delete-policy`,
      `${keyOf(item)} spec.ttlSecondsAfterFinished`,
    ]),
  added: [],
});
