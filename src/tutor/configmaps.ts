/** Tutor's generated ConfigMaps (caddy-config, openedx-config …) and the text of their data. */
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
