/** Finding a Deployment's containers by name (never by position), whatever shape the pod template has. */
import { CONTAINERS, containerAt, containerIndex, containersOf, indexByName, POD_SPEC } from '../../../src/features/lib/containers';
import type { ResourceView } from '../../../src/krm/resource-set';
import { resourceSetOf } from '../../support/views';

const viewOf = (object: Record<string, unknown>): ResourceView => resourceSetOf([object]).views()[0];
const deployment = (podSpec?: unknown): ResourceView =>
  viewOf({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'lms' }, spec: podSpec === undefined ? {} : { template: { spec: podSpec } } });

describe('containers of a pod template', () => {
  test('the paths point into the pod template', () => {
    expect(POD_SPEC).toEqual(['spec', 'template', 'spec']);
    expect(CONTAINERS).toEqual(['spec', 'template', 'spec', 'containers']);
  });

  test('the containers that are mappings, in their order; none without a template, without a list, or for a kind without pods', () => {
    expect(containersOf(deployment({ containers: [{ name: 'lms' }, 'junk', null, { name: 'sidecar' }] }))).toEqual([{ name: 'lms' }, { name: 'sidecar' }]);
    expect(containersOf(deployment())).toEqual([]);
    expect(containersOf(deployment({ containers: { name: 'lms' } }))).toEqual([]);
    expect(containersOf(viewOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lms' }, data: {} }))).toEqual([]);
  });

  test('a container found by name, at its index among all entries; undefined when absent or the list is missing', () => {
    const view = deployment({ containers: ['junk', { name: 'sidecar' }, { name: 'lms', image: 'openedx' }] });
    expect(containerIndex(view, 'lms')).toBe(2);
    expect(containerAt(view, 2)).toEqual({ name: 'lms', image: 'openedx' });
    expect(containerIndex(view, 'cms')).toBeUndefined();
    expect(containerIndex(deployment(), 'lms')).toBeUndefined();
    expect(containerIndex(deployment({ containers: { lms: { name: 'lms' } } }), 'lms')).toBeUndefined();
    expect(containerIndex(deployment({ containers: [{ name: 'lms' }] }), 'lms')).toBe(0);
  });

  test('an entry of env, volumes or volumeMounts by name, -1 when absent or not a list', () => {
    expect(indexByName([{ name: 'A' }, 'B', { name: 'B' }], 'B')).toBe(2);
    expect(indexByName([{ name: 'A' }], 'B')).toBe(-1);
    expect(indexByName({ name: 'B' }, 'B')).toBe(-1);
    expect(indexByName(undefined, 'B')).toBe(-1);
  });
});
