/**
 * Argo CD sync waves. Runs last, over the Tutor instance's items and every generated
 * object, and gives each the wave of the wave order (lib/wave-order.ts). Values are written as strings
 * (annotation values are strings; Drydock's init Jobs wrote integers). Only the sync-wave annotation
 * is ever written: hook annotations belong on Jobs alone (Drydock bug #117 put them on HPAs).
 */
import { ARGO_SYNC_WAVE } from '../krm/annotations';
import { set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { Feature } from './feature';
import { changeable } from './feature';
import { waveFor } from './lib/wave-order';

export const syncWaves: Feature = {
  name: 'sync-waves',
  isEnabled: (settings) => settings.syncWaves.enabled,
  run({ resources, settings }) {
    const changes: Change[] = [];
    for (const view of changeable(resources)) {
      const object = view.object;
      const ordered = view.generated && object.metadata.annotations?.[ARGO_SYNC_WAVE] !== undefined;
      const wave = waveFor(object, settings, ordered);
      if (wave === undefined) continue;
      changes.push(set(view.handle, ['metadata', 'annotations', ARGO_SYNC_WAVE], String(wave)));
    }
    return { changes, results: [] };
  },
};
