import type { DefaultEffects, Item } from './types';
import { keyOf } from './types';

const major = (fixture: string): number => Number(/tutor-v(\d+)/.exec(fixture)![1]);

/**
 * The env files Drydock's (empty) lms-env / cms-env patches change with the defaults: Drydock's
 * Celery/Sentry template of the Tutor ≤ 17 line renders a newline in both; later lines ship empty
 * patches, which still add the joining newline where another plugin has lines in the slot.
 */
export function envFilesChanged(before: readonly Item[], fixture: string): string[] {
  const config = before.find((item) => keyOf(item) === 'ConfigMap/openedx-config');
  if (!config) return [];
  return ['lms.env.yml', 'cms.env.yml'].filter((key) => {
    if (major(fixture) <= 17) return true;
    const slot = /^SESSION_COOKIE_DOMAIN: .*\n([\s\S]*?)\nSECRET_KEY:/m.exec(config.data[key]);
    return slot !== null && slot[1] !== '';
  });
}

/** §3.17, §3.18 (both off by default): only Drydock's empty patches, with the record of them for repeated runs. */
export const effects: DefaultEffects = (before, fixture) => {
  const files = envFilesChanged(before, fixture);
  return {
    changed: [
      ...files.map((key) => `ConfigMap/openedx-config data.${key}`),
      ...(files.length > 0 && major(fixture) >= 18 ? ['ConfigMap/openedx-config metadata.annotations.drydock.io/empty-patches'] : []),
    ],
    added: [],
  };
};
