import type { DefaultEffects } from './types';
import { keyOf } from './types';

const POST_INIT = ['lms', 'cms', 'forum', 'lms-worker', 'cms-worker', 'superset', 'superset-worker', 'superset-celery-beat'];

/** §3.5: post-init Deployments get wave 100, HPAs 150. */
export const effects: DefaultEffects = (before) => ({
  changed: before
    .filter((item) => (item.kind === 'Deployment' && POST_INIT.includes(item.metadata.name)) || item.kind === 'HorizontalPodAutoscaler')
    .map((item) => `${keyOf(item)} metadata.annotations.argocd.argoproj.io/sync-wave`),
  added: [],
});
