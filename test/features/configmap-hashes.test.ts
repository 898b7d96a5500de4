/** Renaming an edited ConfigMap to the hash of its new content, and every reference with it. */
import { configMapHashes, configMapReferences } from '../../src/features/configmap-hashes';
import { set } from '../../src/krm/changes';
import type { KubeObject } from '../../src/krm/types';
import { deriveTutorContext } from '../../src/tutor/context';
import { kustomizeConfigMapHash } from '../../src/tutor/kustomize-hash';
import { resourceSetOf, settingsOf } from '../support/views';

type Item = Record<string, any>;

const OLD = { 'a.txt': 'old\n' };
const NEW = { 'a.txt': 'new\n' };
const oldName = `app-config-${kustomizeConfigMapHash(OLD)}`;
const newName = `app-config-${kustomizeConfigMapHash(NEW)}`;

const configMap = (name: string, namespace = 'openedx', annotations: Record<string, string> = {}): Item => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, annotations }, data: OLD });

/** A pod spec using the ConfigMap every way a pod can. */
const podSpec = (name: string): Item => ({
  volumes: [{ name: 'a', configMap: { name } }, { name: 'b', projected: { sources: [{ configMap: { name } }, { secret: { name } }] } }, { name: 'c', secret: { secretName: name } }],
  initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name } }] }],
  containers: [{ name: 'app', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name, key: 'a.txt' } } }, { name: 'Y', value: name }] }],
});

const workloads = (name: string, namespace = 'openedx'): Item[] => [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace }, spec: { template: { spec: podSpec(name) } } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cron', namespace }, spec: { jobTemplate: { spec: { template: { spec: podSpec(name) } } } } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', namespace }, spec: podSpec(name) },
];

/** Edits the first ConfigMap's data as a text feature would, then runs the hash step. */
function editThenHash(objects: Item[]): { objects: Item[]; changes: number } {
  const resources = resourceSetOf(objects);
  resources.apply([set(resources.views()[0].handle, ['data'], NEW)]);
  const views = resources.views();
  const settings = settingsOf();
  const output = configMapHashes.run({ resources: views, settings, tutor: deriveTutorContext(views, settings) });
  resources.apply(output.changes);
  return { objects: resources.views().map((view) => view.object as KubeObject as Item), changes: output.changes.length };
}

describe('ConfigMap hash suffixes', () => {
  test('an edited hashed ConfigMap gets the hash of its new content; volumes, projected sources, envFrom and env refs follow', () => {
    const { objects } = editThenHash([configMap(oldName), ...workloads(oldName)]);
    expect(objects[0].metadata.name).toBe(newName);
    for (const workload of objects.slice(1)) {
      const references = configMapReferences(workload as KubeObject);
      expect(references.map((reference) => reference.name)).toEqual([newName, newName, newName, newName]);
    }
    // Secrets and plain values with the same text are not references.
    expect(objects[1].spec.template.spec.volumes[1].projected.sources[1].secret.name).toBe(oldName);
    expect(objects[1].spec.template.spec.volumes[2].secret.secretName).toBe(oldName);
    expect(objects[1].spec.template.spec.containers[0].env[1].value).toBe(oldName);
  });

  test('references in another namespace are not this ConfigMap\'s', () => {
    const { objects } = editThenHash([configMap(oldName), ...workloads(oldName, 'other')]);
    expect(objects[0].metadata.name).toBe(newName);
    expect(configMapReferences(objects[1] as KubeObject).map((reference) => reference.name)).toEqual([oldName, oldName, oldName, oldName]);
  });

  test('no rename in a kustomize overlay (kustomize hashes later), nor for a name that is not the hash of the input', () => {
    expect(editThenHash([configMap('app-config', 'openedx', { 'internal.config.kubernetes.io/needsHashSuffix': 'enabled' }), ...workloads('app-config')]).changes).toBe(0);
    expect(editThenHash([configMap('app-config'), ...workloads('app-config')]).changes).toBe(0);
    expect(editThenHash([configMap('app-config-abcdefghij'), ...workloads('app-config-abcdefghij')]).changes).toBe(0);
  });

  test('an unedited ConfigMap keeps its name', () => {
    const resources = resourceSetOf([configMap(oldName), ...workloads(oldName)]);
    const views = resources.views();
    const settings = settingsOf();
    expect(configMapHashes.run({ resources: views, settings, tutor: deriveTutorContext(views, settings) }).changes).toEqual([]);
  });
});
