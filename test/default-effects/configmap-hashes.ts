import { envFilesChanged } from './openedx-env';
import type { DefaultEffects, Item } from './types';
import { drydockLineHasUwsgiLines, keyOf } from './types';

/** The ConfigMaps the default features edit: each gets the hash of its new content, and every volume using it follows. */
const EDITED = ['caddy-config', 'openedx-settings-lms', 'openedx-settings-cms'];

const podSpecPath = (item: Item): string | undefined =>
  ({ Deployment: 'spec.template.spec', Job: 'spec.template.spec', StatefulSet: 'spec.template.spec', DaemonSet: 'spec.template.spec', CronJob: 'spec.jobTemplate.spec.template.spec' })[
    item.kind as string
  ];

export const effects: DefaultEffects = (before, fixture) => {
  const edited = [...EDITED, ...(drydockLineHasUwsgiLines(before) ? ['openedx-uwsgi-config'] : []), ...(envFilesChanged(before, fixture).length > 0 ? ['openedx-config'] : [])];
  const renamed = new Set(
    before.filter((item) => item.kind === 'ConfigMap' && edited.includes(keyOf(item).slice('ConfigMap/'.length))).map((item) => item.metadata.name as string),
  );
  const references = before.flatMap((item) => {
    const path = podSpecPath(item);
    if (!path) return [];
    const spec = path.split('.').reduce((node, key) => node?.[key], item as any);
    return (spec?.volumes ?? []).flatMap((volume: Item, index: number) =>
      renamed.has(volume.configMap?.name) ? [`${keyOf(item)} ${path}.volumes.${index}.configMap.name`] : [],
    );
  });
  return {
    changed: [...before.filter((item) => item.kind === 'ConfigMap' && renamed.has(item.metadata.name)).map((item) => `${keyOf(item)} metadata.name`), ...references],
    added: [],
  };
};
