import type { DefaultEffects } from './types';
import { keyOf } from './types';

/** §3.11: probes and preStop on the lms and cms containers, grace period and anti-affinity on their pods. */
export const effects: DefaultEffects = (before) => ({
  changed: before
    .filter((item) => item.kind === 'Deployment' && ['lms', 'cms'].includes(item.metadata.name))
    .flatMap((item) => {
      const index = item.spec.template.spec.containers.findIndex((container: { name: string }) => container.name === item.metadata.name);
      const container = `${keyOf(item)} spec.template.spec.containers.${index}`;
      return [
        `${container}.lifecycle`,
        `${container}.startupProbe`,
        `${container}.livenessProbe`,
        `${keyOf(item)} spec.template.spec.terminationGracePeriodSeconds`,
        `${keyOf(item)} spec.template.spec.affinity`,
      ];
    }),
  added: [],
});
