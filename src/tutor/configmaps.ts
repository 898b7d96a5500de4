/** Tutor's generated ConfigMaps (caddy-config, openedx-config …) and text edits of their data. */
import { set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { ResourceView } from '../krm/resource-set';
import { hasBaseName } from './context';

/**
 * The ConfigMaps Tutor generates under `baseName`, with or without kustomize's hash suffix; objects
 * drydock-fn generated and pass-through items are left out.
 */
export function tutorConfigMaps(resources: readonly ResourceView[], baseName: string): ResourceView[] {
  return resources.filter(
    (view) =>
      !view.passThrough &&
      !view.generated &&
      view.object.kind === 'ConfigMap' &&
      view.object.apiVersion === 'v1' &&
      hasBaseName(view.object.metadata.name, baseName),
  );
}

/** The text under `data[key]`, when it is a string. */
export function dataText(view: ResourceView, key: string): string | undefined {
  const data = view.object.data as Readonly<Record<string, unknown>> | undefined;
  const value = data?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** A `set` of `data[key]` to `edit(text)`, or nothing when the key is absent or the text unchanged. */
export function editDataText(view: ResourceView, key: string, edit: (text: string) => string): Change[] {
  const text = dataText(view, key);
  if (text === undefined) return [];
  const edited = edit(text);
  return edited === text ? [] : [set(view.handle, ['data', key], edited)];
}

/** The data keys whose text satisfies `test` (e.g. every Django settings file holding the common part). */
export function dataKeysWhere(view: ResourceView, test: (text: string) => boolean): string[] {
  const data = view.object.data as Readonly<Record<string, unknown>> | undefined;
  return Object.keys(data ?? {}).filter((key) => {
    const value = data?.[key];
    return typeof value === 'string' && test(value);
  });
}

/** `text` with regular-expression metacharacters escaped, for recognisers built from fixed text. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
