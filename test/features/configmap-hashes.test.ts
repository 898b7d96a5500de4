/** Renaming an edited ConfigMap to the hash of its new content, and every reference with it. */
import { configMapHashes, configMapReferences, referencesLeftBehind } from '../../src/features/configmap-hashes';
import { set } from '../../src/krm/changes';
import type { KubeObject } from '../../src/krm/types';
import { deriveTutorContext } from '../../src/tutor/context';
import { kustomizeConfigMapHash } from '../../src/tutor/kustomize-hash';
import * as YAML from 'yaml';
import { describeWithFixtures, readFixture } from '../support/fixtures';
import { drydockConfig, itemsOf, runOnManifests } from '../support/run';
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

  test('a workload written without a namespace is the instance\'s, deployed next to the ConfigMap: its references follow', () => {
    const loose = workloads(oldName).map((workload) => ({ ...workload, metadata: { name: workload.metadata.name } }));
    const { objects } = editThenHash([configMap(oldName), ...loose]);
    expect(objects[0].metadata.name).toBe(newName);
    for (const workload of objects.slice(1)) expect(configMapReferences(workload as KubeObject).map((reference) => reference.name)).toEqual([newName, newName, newName, newName]);
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
    expect(configMapHashes.run({ resources: views, settings, tutor: deriveTutorContext(views, settings) })).toEqual({ changes: [], results: [] });
  });

  test('only a ConfigMap of the core API that drydock-fn did not generate is renamed: not a Secret, another group\'s ConfigMap kind, nor a generated ConfigMap', () => {
    const secret: Item = { ...configMap(oldName), kind: 'Secret' };
    const otherGroup: Item = { ...configMap(oldName), apiVersion: 'example.com/v1' };
    const generated = configMap(oldName, 'openedx', { 'drydock.io/generated-by': 'drydock-fn' });
    for (const object of [secret, otherGroup, generated]) {
      const { objects, changes } = editThenHash([object, ...workloads(oldName)]);
      expect({ kind: object.kind, apiVersion: object.apiVersion, changes }).toEqual({ kind: object.kind, apiVersion: object.apiVersion, changes: 0 });
      expect(objects[0].metadata.name).toBe(oldName);
    }
  });

  test('a ConfigMap another feature renamed in this run keeps the name it was given', () => {
    const resources = resourceSetOf([configMap(oldName), ...workloads(oldName)]);
    const handle = resources.views()[0].handle;
    resources.apply([set(handle, ['data'], NEW), set(handle, ['metadata', 'name'], 'app-config')]);
    const views = resources.views();
    const settings = settingsOf();
    expect(configMapHashes.run({ resources: views, settings, tutor: deriveTutorContext(views, settings) })).toEqual({ changes: [], results: [] });
  });

  test('references from ephemeral containers count; a configMap without a name and an object without pods are no references', () => {
    const spec: Item = { ...podSpec(oldName), ephemeralContainers: [{ name: 'debug', envFrom: [{ configMapRef: { name: oldName } }] }] };
    spec.volumes = [...spec.volumes, { name: 'd', configMap: { optional: true } }];
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod' }, spec } as unknown as KubeObject;
    expect(configMapReferences(pod).map((reference) => reference.path.join('.'))).toEqual([
      'spec.volumes.0.configMap.name',
      'spec.volumes.1.projected.sources.0.configMap.name',
      'spec.initContainers.0.envFrom.0.configMapRef.name',
      'spec.containers.0.env.0.valueFrom.configMapKeyRef.name',
      'spec.ephemeralContainers.0.envFrom.0.configMapRef.name',
    ]);
    expect(configMapReferences(configMap(oldName) as KubeObject)).toEqual([]);
  });

  test('references left behind: only ConfigMaps of the core API count as renamed; none renamed, no warning', () => {
    const cron = workloads(oldName)[1] as KubeObject;
    const references = configMapReferences(cron).map((reference) => ({ object: cron, ...reference }));
    const renamedTo = (object: Item) => ({ object: { ...object, metadata: { ...object.metadata, name: newName } } as KubeObject, from: oldName });
    expect(referencesLeftBehind([renamedTo({ ...configMap(oldName), kind: 'Secret' }), renamedTo({ ...configMap(oldName), apiVersion: 'example.com/v1' })], references, 'openedx')).toEqual([]);
    expect(referencesLeftBehind([], references, 'openedx')).toEqual([]);
    expect(referencesLeftBehind([renamedTo(configMap(oldName))], references, 'openedx').map((result) => [result.severity, result.tags?.code, result.field?.path])).toEqual([
      ['warning', 'RENAMED_REFERENCE_OUTSIDE', 'spec.jobTemplate.spec.template.spec.volumes[0].configMap.name'],
      ['warning', 'RENAMED_REFERENCE_OUTSIDE', 'spec.jobTemplate.spec.template.spec.volumes[1].projected.sources[0].configMap.name'],
      ['warning', 'RENAMED_REFERENCE_OUTSIDE', 'spec.jobTemplate.spec.template.spec.initContainers[0].envFrom[0].configMapRef.name'],
      ['warning', 'RENAMED_REFERENCE_OUTSIDE', 'spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name'],
    ]);
  });
});

describeWithFixtures('ConfigMap renames in built manifests, with workloads that are not Tutor\'s (render, kpt)', () => {
  const BUILT = 'tutor-v22/default';
  const REGISTRY = { registryCredentials: { dockerConfigJson: '{"auths":{"r.example.com":{"auth":"eDp5"}}}' } };
  /** The name of the LMS settings ConfigMap in a ResourceList. */
  const settingsLms = (list: string): string => itemsOf(list).find((item) => item.kind === 'ConfigMap' && item.metadata.name.startsWith('openedx-settings-lms-'))?.metadata.name;
  const INPUT_NAME = /^  name: (openedx-settings-lms-[a-z0-9]{10})$/m.exec(readFixture(BUILT, 'built.yaml'))?.[1] as string;

  /** A CronJob of the user's mounting Tutor's LMS settings by their hashed name. */
  const cronJob = (metadata: Item): Item => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'clearsessions', ...metadata },
    spec: {
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'clearsessions', image: 'overhangio/openedx:22.0.0', command: ['./manage.py', 'lms', 'clearsessions'], volumeMounts: [{ name: 'settings-lms', mountPath: '/openedx/edx-platform/lms/envs/tutor/' }] }],
              volumes: [{ name: 'settings-lms', configMap: { name: INPUT_NAME } }],
            },
          },
        },
      },
    },
  });
  const run = (extra: Item) => runOnManifests(`${readFixture(BUILT, 'built.yaml')}\n---\n${YAML.stringify(extra)}`, drydockConfig(REGISTRY));

  test('the fixture\'s LMS settings are renamed under the defaults (the premise of the cases below)', () => {
    const renamed = settingsLms(run(cronJob({ namespace: 'openedx' })).output);
    expect(renamed).toMatch(/^openedx-settings-lms-/);
    expect(renamed).not.toBe(INPUT_NAME);
  });

  test('a CronJob in no namespace is the instance\'s: it gets the pull secret, and its volume the new name', () => {
    const outcome = run(cronJob({}));
    expect(outcome.exitCode).toBe(0);
    const cron = itemsOf(outcome.output).find((item) => item.kind === 'CronJob' && item.metadata.name === 'clearsessions') as Item;
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'openedx-image-pull-secret' }]);
    expect(pod.volumes[0].configMap.name).toBe(settingsLms(outcome.output));
    expect(outcome.results.filter((result) => result.tags?.code === 'RENAMED_REFERENCE_OUTSIDE')).toEqual([]);
  });

  test('a Helm-labelled CronJob in the instance\'s namespace is left as it is, with a warning naming it, the field and the new name', () => {
    const helm = cronJob({ namespace: 'openedx', labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'openedx-extras' } });
    const outcome = run(helm);
    expect(outcome.exitCode).toBe(0);
    const cron = itemsOf(outcome.output).find((item) => item.kind === 'CronJob' && item.metadata.name === 'clearsessions');
    expect(cron).toEqual(helm);
    const renamed = settingsLms(outcome.output);
    const warnings = outcome.results.filter((result) => result.tags?.code === 'RENAMED_REFERENCE_OUTSIDE');
    expect(warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        resourceRef: { apiVersion: 'batch/v1', kind: 'CronJob', name: 'clearsessions', namespace: 'openedx' },
        field: { path: 'spec.jobTemplate.spec.template.spec.volumes[0].configMap.name' },
      }),
    ]);
    expect(warnings[0].message).toBe(
      `spec.jobTemplate.spec.template.spec.volumes[0].configMap.name: refers to ConfigMap ${INPUT_NAME} of the Tutor instance, which drydock-fn renames to ${renamed} (the kustomize hash of the content it edited);` +
        " this CronJob is not the instance's (another instance's, tool's or application's labels) and drydock-fn leaves it as it is, so it would refer to a ConfigMap that no longer exists:" +
        ` point it at ${renamed}, or build it with Tutor's env in one kustomize overlay, where kustomize's own hashing follows the rename`,
    );
    expect(outcome.diagnostics).toContain(`drydock-fn: warning: CronJob clearsessions: ${warnings[0].message}`);
  });

  test('a CronJob of another namespace refers to a ConfigMap of its own namespace: no warning', () => {
    const outcome = run(cronJob({ namespace: 'other', labels: { 'app.kubernetes.io/managed-by': 'Helm' } }));
    expect(outcome.exitCode).toBe(0);
    expect(outcome.results.filter((result) => result.tags?.code === 'RENAMED_REFERENCE_OUTSIDE')).toEqual([]);
  });
});
