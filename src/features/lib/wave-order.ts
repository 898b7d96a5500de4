/**
 * The wave order of Argo CD's sync waves, read by the sync-waves feature and by the
 * generators whose objects carry their wave from the start (the upgrade Jobs).
 *
 * A wave order maps keys to waves, as Drydock's SYNC_WAVES_ORDER filter does. Keys, most specific
 * first: `Kind/name`, a bare resource name, a group key (`deployments:post-init-apps`,
 * `horizontalpodautoscalers:all`) and `kind:<Kind>`. The config's order is consulted before
 * Drydock's; a null value means "no wave".
 */
import type { DrydockSettings } from '../../config/settings';
import type { DeepReadonly, KubeObject } from '../../krm/types';

export const POST_INIT_GROUP = 'deployments:post-init-apps';
export const HPA_GROUP = 'horizontalpodautoscalers:all';

/** Drydock 22's CORE_SYNC_WAVES_ORDER, with the debug keys of Drydock ≤ 21.0 (debug resources are kept here). */
export const DRYDOCK_WAVE_ORDER: Readonly<Record<string, number>> = {
  'Job/drydock-upgrade-lms-job': 50,
  'Job/drydock-upgrade-cms-job': 51,
  [POST_INIT_GROUP]: 100,
  [HPA_GROUP]: 150,
  'Deployment/lms-debug': 50,
  'Deployment/cms-debug': 50,
  'Ingress/ingress-debug': 200,
  // drydock-fn's Gateway API counterparts of the debug canary (gatewayApi.debugRoute), in its wave.
  'HTTPRoute/lms-debug': 200,
  'HTTPRoute/cms-debug': 200,
};

type WaveOrder = Readonly<Record<string, number | null>>;

/**
 * The wave of an object, or undefined for none. `exactOnly` restricts the lookup to `Kind/name` and
 * name keys (used for generated Jobs, whose order another feature already set).
 */
export function waveFor(object: DeepReadonly<KubeObject>, settings: DrydockSettings, exactOnly = false): number | undefined {
  const keys = [`${object.kind}/${object.metadata.name}`, object.metadata.name];
  if (!exactOnly) {
    if (object.kind === 'Deployment' && settings.syncWaves.postInitDeployments.includes(object.metadata.name)) keys.push(POST_INIT_GROUP);
    if (object.kind === 'HorizontalPodAutoscaler') keys.push(HPA_GROUP);
    keys.push(`kind:${object.kind}`);
  }
  for (const order of [settings.syncWaves.order, DRYDOCK_WAVE_ORDER] as WaveOrder[]) {
    for (const key of keys) {
      if (Object.prototype.hasOwnProperty.call(order, key)) {
        const wave = order[key];
        return wave === null ? undefined : wave;
      }
    }
  }
  return undefined;
}
