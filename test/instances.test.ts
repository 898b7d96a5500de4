/**
 * Several Tutor instances in one ResourceList: each is treated on its own (its own Tutor context, its
 * features over its own resources), exactly as if it had been run alone.
 */
import * as YAML from 'yaml';
import { allFeaturesConfig, asItem, instanceDocuments, resourceList, TUTOR_22_CASE } from '../bench/inputs';
import { readResourceList } from '../src/krm/read';
import { runFunction } from '../src/run';
import { partitionByInstance } from '../src/tutor/instances';
import { describeWithFixtures } from './support/fixtures';
import { itemsOf } from './support/run';

const INSTANCE = 'app.kubernetes.io/instance';

/** The documents of the Tutor 22 fixture as instance `name` in namespace `namespace`. */
function instance(documents: readonly string[], name: string, namespace: string): string[] {
  const label = /app\.kubernetes\.io\/instance: (\S+)/.exec(documents.join(''))?.[1] as string;
  return documents.map((document) =>
    document
      .split(label)
      .join(name)
      .replace(/^(\s*)namespace: openedx$/gm, `$1namespace: ${namespace}`)
      .replace(/^(kind: Namespace\n(?:.*\n)*?  name:) openedx$/m, `$1 ${namespace}`)
      .replace(/^(kind: TutorInitTasks\nmetadata:\n)/m, `$1  namespace: ${namespace}\n  labels:\n    ${INSTANCE}: ${name}\n`),
  );
}

const identity = (item: Record<string, any>): string => `${item.kind}/${item.metadata.namespace ?? ''}/${item.metadata.name}`;
const byIdentity = (items: Record<string, any>[]): Map<string, Record<string, any>> => new Map(items.map((item) => [identity(item), item]));

describeWithFixtures('two Tutor instances in one ResourceList', () => {
  const documents = instanceDocuments(TUTOR_22_CASE);
  const a = instance(documents, 'openedx-alpha', 'alpha');
  const b = instance(documents, 'openedx-beta', 'beta');
  const config = allFeaturesConfig();
  const together = runFunction(resourceList([...a, ...b].map(asItem), config));
  const alphaAlone = runFunction(resourceList(a.map(asItem), config));
  const betaAlone = runFunction(resourceList(b.map(asItem), config));

  test('the run succeeds and says each shared warning once', () => {
    expect(together.exitCode).toBe(0);
    expect(alphaAlone.exitCode).toBe(0);
    const messages = together.results.map((result) => result.message);
    expect(new Set(messages).size).toBe(messages.length);
    expect(together.results.filter((result) => !result.resourceRef)).toEqual(alphaAlone.results.filter((result) => !result.resourceRef));
  });

  test('each instance comes out as it comes out alone: same objects, same values; generated files in a folder of their namespace', () => {
    const combined = byIdentity(itemsOf(together.output));
    const alone = [...itemsOf(alphaAlone.output), ...itemsOf(betaAlone.output)];
    expect(combined.size).toBe(alone.length);
    // Under kpt, the instances' objects of one kind and name need files of their own: drydock-fn/<namespace>/….
    const inFolder = (item: Record<string, any>): Record<string, any> => {
      const annotations = item.metadata.annotations ?? {};
      if (annotations['drydock.io/generated-by'] !== 'drydock-fn') return item;
      const file = (annotations['internal.config.kubernetes.io/path'] as string).replace(/^drydock-fn\//, `drydock-fn/${item.metadata.namespace}/`);
      return { ...item, metadata: { ...item.metadata, annotations: { ...annotations, 'internal.config.kubernetes.io/path': file } } };
    };
    for (const item of alone) expect(combined.get(identity(item))).toEqual(inFolder(item));
  });

  test('generated objects are in their instance\'s namespace with its labels; its init Jobs come from its own tasks', () => {
    const items = itemsOf(together.output);
    const generated = items.filter((item) => item.metadata.annotations?.['drydock.io/generated-by'] === 'drydock-fn');
    expect(generated.length).toBeGreaterThan(20);
    for (const item of generated) {
      const expected = item.metadata.namespace === 'alpha' ? 'openedx-alpha' : 'openedx-beta';
      expect([item.metadata.namespace, item.metadata.labels[INSTANCE]]).toEqual([item.metadata.namespace === 'alpha' ? 'alpha' : 'beta', expected]);
    }
    const jobs = (namespace: string): string[] => generated.filter((item) => item.kind === 'Job' && item.metadata.namespace === namespace).map((item) => item.metadata.name);
    expect(jobs('alpha')).toEqual(jobs('beta'));
    expect(jobs('alpha').length).toBeGreaterThan(5);
  });

  test('input order is kept and new objects follow, instance by instance', () => {
    const items = itemsOf(together.output);
    const inputIds = [...a, ...b].map((document) => YAML.parse(document)).filter((item) => item.kind !== 'TutorInitTasks').map(identity);
    // The ConfigMaps edited on built manifests get the hash of their new content; compare without it.
    const base = (id: string): string => id.replace(/-[a-z0-9]{10}$/, '');
    expect(items.slice(0, inputIds.length + 2).map(identity).filter((id) => !id.startsWith('TutorInitTasks')).map(base)).toEqual(inputIds.map(base));
    const rest = items.slice(inputIds.length + 2).map((item) => item.metadata.namespace);
    expect(rest.indexOf('beta')).toBeGreaterThan(rest.lastIndexOf('alpha'));
  });

  test('running it again on its own output changes nothing', () => {
    expect(runFunction(together.output).output).toBe(together.output);
  });

  test('a whole second instance in the same namespace: its objects are duplicates, an error, the items unchanged', () => {
    const copy = instance(documents, 'openedx-gamma', 'alpha');
    const outcome = runFunction(resourceList([...a, ...copy].map(asItem), config));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.length).toBeGreaterThan(0);
    expect(outcome.results.every((result) => result.severity === 'error' && result.tags?.code === 'ITEM_DUPLICATE_ID')).toBe(true);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(resourceList([...a, ...copy].map(asItem))));
  });

  test('tutor.namespace with several instances: an error on the setting, the items unchanged', () => {
    const text = resourceList([...a, ...b].map(asItem), { ...config, spec: { ...(config.spec as object), tutor: { namespace: 'alpha' } } });
    const outcome = runFunction(text);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([expect.objectContaining({ severity: 'error', tags: { code: 'CONFIG_SETTING' }, field: { path: 'spec.tutor.namespace' } })]);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(resourceList([...a, ...b].map(asItem))));
  });

  test('two instances in one namespace (no names in common): an error, the items unchanged', () => {
    // Their generated objects would collide even though their own objects do not.
    const clash = [`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gamma-settings\n  namespace: alpha\n  labels:\n    ${INSTANCE}: openedx-gamma\n    app.kubernetes.io/managed-by: tutor\ndata:\n  theme: dark\n`];
    const outcome = runFunction(resourceList([...a, ...clash].map(asItem), config));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('both in namespace alpha') })]);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(resourceList([...a, ...clash].map(asItem))));
  });
});

describe('sorting items into instances', () => {
  const item = (kind: string, name: string, extra: { namespace?: string; instance?: string; managedBy?: string; localConfig?: boolean } = {}): string =>
    asItem(
      YAML.stringify({
        apiVersion: kind === 'TutorInitTasks' ? 'drydock.io/v1alpha1' : 'v1',
        kind,
        metadata: {
          name,
          ...(extra.namespace ? { namespace: extra.namespace } : {}),
          ...(extra.instance || extra.managedBy
            ? { labels: { ...(extra.instance ? { [INSTANCE]: extra.instance } : {}), ...(extra.managedBy ? { 'app.kubernetes.io/managed-by': extra.managedBy } : {}) } }
            : {}),
          ...(extra.localConfig ? { annotations: { 'config.kubernetes.io/local-config': 'true' } } : {}),
        },
      }),
    );
  const partition = (...items: string[]) => {
    const result = partitionByInstance(readResourceList(resourceList(items)).items);
    const names = (list: readonly { header: { metadata: { name: string } } }[]): string[] => list.map((entry) => entry.header.metadata.name);
    return { scopes: result.scopes.map((scope) => [scope.instance, scope.namespace, names(scope.items)]), shared: names(result.shared), outside: names(result.outside), results: result.results };
  };

  test('one instance (or none): the items in its namespace or in none; the others are left alone with an info', () => {
    const result = partition(item('ConfigMap', 'a', { namespace: 'x', instance: 'i1' }), item('ClusterRole', 'r'), item('ConfigMap', 'b', { namespace: 'y' }), item('ConfigMap', 'c', { namespace: 'x' }));
    expect(result.scopes).toEqual([['i1', 'x', ['a', 'r', 'c']]]);
    expect(result.outside).toEqual(['b']);
    // Nothing to say about an item that has nothing to do with the instance.
    expect(result.results).toEqual([]);
  });

  test('several: by label, else by namespace; read-only items of no instance are shared, others are left alone with an info', () => {
    const result = partition(
      item('Namespace', 'ns1', { instance: 'i1' }),
      item('ConfigMap', 'a', { namespace: 'ns1', instance: 'i1' }),
      item('ConfigMap', 'b', { namespace: 'ns2', instance: 'i2' }),
      item('Secret', 'user-secret', { namespace: 'ns2' }),
      item('Namespace', 'ns2'),
      item('TutorInitTasks', 'tasks', { localConfig: true }),
      item('ClusterRole', 'cluster-wide'),
    );
    expect(result.scopes).toEqual([
      ['i1', 'ns1', ['ns1', 'a']],
      ['i2', 'ns2', ['b', 'user-secret', 'ns2']],
    ]);
    expect(result.shared).toEqual(['tasks']);
    expect(result.outside).toEqual(['cluster-wide']);
    expect(result.results).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringContaining('ClusterRole cluster-wide') })]);
  });

  test('the instance label of another tool (Helm, Argo CD) next to Tutor\'s labels makes no instance: its items are left alone', () => {
    const result = partition(
      item('ConfigMap', 'a', { namespace: 'ns1', instance: 'i1', managedBy: 'tutor' }),
      item('ConfigMap', 'b', { namespace: 'ns1', instance: 'prometheus', managedBy: 'Helm' }),
      item('ConfigMap', 'c', { namespace: 'ns1', instance: 'argocd-app' }),
      item('ConfigMap', 'd', { namespace: 'ns1' }),
    );
    expect(result.scopes).toEqual([['i1', 'ns1', ['a', 'd']]]);
    expect(result.outside).toEqual(['b', 'c']);
  });
});

describeWithFixtures('an error in one of several instances', () => {
  test('names the instance, and every item comes back unchanged', () => {
    const documents = instanceDocuments(TUTOR_22_CASE);
    const withoutTasks = instance(documents, 'openedx-beta', 'beta').filter((document) => !document.includes('kind: TutorInitTasks'));
    const text = resourceList([...withoutTasks, ...instance(documents, 'openedx-alpha', 'alpha')].map(asItem), allFeaturesConfig());
    const outcome = runFunction(text);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^Tutor instance openedx-beta: init Jobs are on/) })]));
    expect(outcome.output.startsWith(text.slice(0, text.indexOf('functionConfig:')))).toBe(true);
  });
});
