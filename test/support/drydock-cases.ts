/** The Drydock cases of the fixtures: their settings as a DRYDOCK_* ConfigMap, their output as items. */
import * as YAML from 'yaml';
import { readFixture } from './fixtures';

/** settings.json's `tutor_config_save_set` entries as ConfigMap data (values as Tutor's config.yml would hold them). */
export function caseSettings(relative: string): Record<string, string> {
  const settings = JSON.parse(readFixture(relative, 'settings.json')) as { tutor_config_save_set?: string[] };
  const data: Record<string, string> = {};
  for (const entry of settings.tutor_config_save_set ?? []) {
    const equals = entry.indexOf('=');
    data[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return data;
}

/** A ConfigMap functionConfig holding a case's settings. */
export function caseConfigMap(relative: string): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock-settings' }, data: caseSettings(relative) };
}

/** Every object of a multi-document YAML file. */
export function documentsOf(text: string): Record<string, any>[] {
  return (YAML.parseAllDocuments(text).map((doc) => doc.toJS()) as Record<string, any>[]).filter(Boolean);
}

/** The objects of a case's built.yaml. */
export function builtItems(relative: string): Record<string, any>[] {
  return documentsOf(readFixture(relative, 'built.yaml'));
}

/**
 * Whether a case's output holds Drydock ≤ 21.1's Ingresses (`ingress-lms`, `ingress-cms` …): beside
 * them, drydock-fn's own (`lms`, `cms` …) would route the same hosts and paths, a ROUTE_CONFLICT
 * (test/overlaps.test.ts), so tests about other things run on such output with drydock-fn's Ingresses off.
 */
export function holdsOldDrydockIngresses(relative: string): boolean {
  return builtItems(relative).some((item) => item.kind === 'Ingress' && /^ingress-(?!debug$)/.test(String(item.metadata.name)));
}

/**
 * Manifests with `edit` applied to the text of every data key of their ConfigMaps (the documents
 * printed again by `yaml`): hostile or unusual values put where Tutor renders its settings.
 */
export function withConfigMapText(manifests: string, edit: (configMap: string, key: string, text: string) => string): string {
  return documentsOf(manifests)
    .map((object) => {
      if (object.kind === 'ConfigMap') for (const key of Object.keys(object.data ?? {})) object.data[key] = edit(object.metadata.name, key, object.data[key]);
      return YAML.stringify(object);
    })
    .join('---\n');
}
