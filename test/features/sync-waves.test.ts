import { syncWaves } from '../../src/features/sync-waves';
import { waveFor } from '../../src/features/lib/wave-order';
import type { KubeObject } from '../../src/krm/types';
import { runFeature, settingsOf } from '../support/views';

const object = (kind: string, name: string, annotations?: Record<string, string>): KubeObject =>
  ({ apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, metadata: { name, ...(annotations ? { annotations } : {}) } }) as KubeObject;

describe('wave lookup', () => {
  const cases: [string, KubeObject, unknown, number | undefined][] = [
    ['post-init Deployment', object('Deployment', 'lms'), {}, 100],
    ['lms-worker is not lms (names are exact)', object('Deployment', 'lms-worker'), { syncWaves: { postInitDeployments: ['lms'] } }, undefined],
    ['a Deployment not in the post-init list', object('Deployment', 'caddy'), {}, undefined],
    ['every HPA', object('HorizontalPodAutoscaler', 'anything'), {}, 150],
    ['Drydock upgrade Job', object('Job', 'drydock-upgrade-cms-job'), {}, 51],
    ['debug Deployment', object('Deployment', 'lms-debug'), {}, 50],
    ['debug Service gets none (as in Drydock)', object('Service', 'lms-debug'), {}, undefined],
    ['debug Ingress', object('Ingress', 'ingress-debug'), {}, 200],
    ['a name key of the config', object('Service', 'caddy'), { syncWaves: { order: { caddy: 7 } } }, 7],
    ['Kind/name beats name', object('Service', 'caddy'), { syncWaves: { order: { caddy: 7, 'Service/caddy': 8 } } }, 8],
    ['name beats group', object('Deployment', 'lms'), { syncWaves: { order: { lms: 3 } } }, 3],
    ['within the config, group beats kind', object('Deployment', 'lms'), { syncWaves: { order: { 'kind:Deployment': 9, 'deployments:post-init-apps': 120 } } }, 120],
    ['any key of the config beats Drydock\'s keys', object('Deployment', 'lms'), { syncWaves: { order: { 'kind:Deployment': 9 } } }, 9],
    ['the config\'s group overrides Drydock\'s', object('Deployment', 'cms'), { syncWaves: { order: { 'deployments:post-init-apps': 120 } } }, 120],
    ['the config\'s kind key beats Drydock\'s group key', object('HorizontalPodAutoscaler', 'h'), { syncWaves: { order: { 'kind:HorizontalPodAutoscaler': 5 } } }, 5],
    ['kind key', object('PersistentVolumeClaim', 'mysql'), { syncWaves: { order: { 'kind:PersistentVolumeClaim': -1 } } }, -1],
    ['null removes a default', object('HorizontalPodAutoscaler', 'h'), { syncWaves: { order: { 'horizontalpodautoscalers:all': null } } }, undefined],
    ['negative and zero waves are written', object('Service', 'lms'), { syncWaves: { order: { 'Service/lms': 0 } } }, 0],
  ];
  test.each(cases)('%s', (_name, target, spec, expected) => {
    expect(waveFor(target, settingsOf(spec))).toBe(expected);
  });
});

describe('the sync-waves feature', () => {
  test("is on by default (Drydock's waves are unconditional) and off with syncWaves.enabled: false", () => {
    expect([syncWaves.isEnabled(settingsOf({})), syncWaves.isEnabled(settingsOf({ syncWaves: { enabled: false } }))]).toEqual([true, false]);
  });

  test('writes string values and nothing but the wave', () => {
    const { objects } = runFeature(syncWaves, [object('Deployment', 'lms'), object('HorizontalPodAutoscaler', 'lms-hpa'), object('Service', 'lms')]);
    expect(objects.map((item) => item.metadata.annotations ?? {})).toEqual([
      { 'argocd.argoproj.io/sync-wave': '100' },
      { 'argocd.argoproj.io/sync-wave': '150' },
      {},
    ]);
  });

  test('never adds hook annotations, and leaves existing ones alone (Drydock bug #117 is not repeated)', () => {
    const { objects } = runFeature(syncWaves, [object('HorizontalPodAutoscaler', 'h', { 'argocd.argoproj.io/hook': 'Sync' })]);
    expect(objects[0].metadata.annotations).toEqual({ 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/sync-wave': '150' });
  });

  test('a generated object keeps the wave another feature gave it, unless the config names it', () => {
    const generated = { 'drydock.io/generated-by': 'drydock-fn', 'argocd.argoproj.io/sync-wave': '3' };
    expect(runFeature(syncWaves, [object('Job', 'drydock-lms-job-1', generated)], { syncWaves: { order: { 'kind:Job': 9 } } }).objects[0].metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('3');
    expect(runFeature(syncWaves, [object('Job', 'drydock-lms-job-1', generated)], { syncWaves: { order: { 'drydock-lms-job-1': 9 } } }).objects[0].metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('9');
  });

  test('a generated object without a wave yet is looked up as an input object is: kind and group keys reach it', () => {
    // What drydock-fn generates without ordering it itself (Flower, debug Deployments, HPAs, Ingresses)
    // must follow the config's `kind:` and group keys, or the operator could not place them.
    const generated = { 'drydock.io/generated-by': 'drydock-fn' };
    const wave = (target: KubeObject, spec: unknown = {}): string | undefined => runFeature(syncWaves, [target], spec).objects[0].metadata.annotations?.['argocd.argoproj.io/sync-wave'];
    expect(wave(object('Deployment', 'flower', generated), { syncWaves: { order: { 'kind:Deployment': 9 } } })).toBe('9');
    expect(wave(object('HorizontalPodAutoscaler', 'lms-hpa', generated))).toBe('150');
    expect(wave(object('Deployment', 'flower', generated), { syncWaves: { postInitDeployments: ['flower'] } })).toBe('100');
    expect(wave(object('Deployment', 'flower', generated))).toBeUndefined();
  });

  test('overwrites a stale wave on an input object', () => {
    const { objects } = runFeature(syncWaves, [object('Deployment', 'cms', { 'argocd.argoproj.io/sync-wave': '4' })]);
    expect(objects[0].metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe('100');
  });

  test('running on its own output changes nothing', () => {
    const first = runFeature(syncWaves, [object('Deployment', 'lms'), object('HorizontalPodAutoscaler', 'h')]);
    expect(runFeature(syncWaves, first.objects).objects).toEqual(first.objects);
  });
});
