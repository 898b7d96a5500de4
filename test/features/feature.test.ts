/**
 * The helpers of the feature contract (src/features/feature.ts) that every feature builds its lookups
 * and results with: which items a feature may change and find, and the reference, field, file and code
 * each kind of result carries (kpt and the stderr line point at the item or setting through them).
 */
import { changeable, findResource, missingResource, ofKind, resultAbout, resultFor, settingResult } from '../../src/features/feature';
import type { SettingResult } from '../../src/config/decode';
import { GENERATED_BY_ANNOTATION, GENERATED_BY_VALUE, INDEX_ANNOTATION, LEGACY_INDEX_ANNOTATION, LEGACY_PATH_ANNOTATION, LOCAL_CONFIG_ANNOTATION, PATH_ANNOTATION } from '../../src/krm/annotations';
import type { KubeObject } from '../../src/krm/types';
import { resourceSetOf } from '../support/views';

const object = (apiVersion: string, kind: string, name: string, annotations: Record<string, string> = {}, namespace?: string): Record<string, unknown> => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
});

const inFile = (path: string, index?: string): Record<string, string> => ({ [PATH_ANNOTATION]: path, ...(index !== undefined ? { [INDEX_ANNOTATION]: index } : {}) });

// Built inside each test (Stryker's per-test coverage counts code run while Jest collects tests as no test's).
const viewsOf = () => resourceSetOf([
  object('apps/v1', 'Deployment', 'lms', inFile('k8s/deployments.yml', '2'), 'openedx'),
  object('apps/v1', 'Deployment', 'cms'),
  object('extensions/v1beta1', 'Deployment', 'legacy'),
  object('v1', 'ConfigMap', 'lms', { [LOCAL_CONFIG_ANNOTATION]: 'true' }),
  object('v1', 'ConfigMap', 'openedx-config'),
  object('v1', 'Service', 'lms'),
  object('batch/v1', 'Job', 'lms-job', { [GENERATED_BY_ANNOTATION]: GENERATED_BY_VALUE, ...inFile('drydock/jobs.yaml', '0') }),
]).views();
const names = (list: readonly { object: { kind: string; metadata: { name?: string } } }[]): string[] => list.map((view) => `${view.object.kind} ${view.object.metadata.name}`);

describe('changeable, ofKind and findResource', () => {
  test('changeable leaves out pass-through items (local-config) and keeps the order of the others', () => {
    const views = viewsOf();
    expect(names(changeable(views))).toEqual(['Deployment lms', 'Deployment cms', 'Deployment legacy', 'ConfigMap openedx-config', 'Service lms', 'Job lms-job']);
  });

  test('ofKind: every changeable item of the kind; with a group, only the items of that API group ("" for the core group)', () => {
    const views = viewsOf();
    expect(names(ofKind(views, 'Deployment'))).toEqual(['Deployment lms', 'Deployment cms', 'Deployment legacy']);
    expect(names(ofKind(views, 'Deployment', 'apps'))).toEqual(['Deployment lms', 'Deployment cms']);
    expect(names(ofKind(views, 'Deployment', 'extensions'))).toEqual(['Deployment legacy']);
    expect(names(ofKind(views, 'ConfigMap', ''))).toEqual(['ConfigMap openedx-config']);
    expect(names(ofKind(views, 'ConfigMap', 'apps'))).toEqual([]);
  });

  test('findResource matches kind and name both, never a pass-through item', () => {
    const views = viewsOf();
    expect(findResource(views, 'Service', 'lms')?.object.kind).toBe('Service');
    expect(findResource(views, 'Deployment', 'cms')?.object.metadata.name).toBe('cms');
    expect(findResource(views, 'Service', 'cms')).toBeUndefined();
    // The only ConfigMap named lms is local-config: read-only, so not found.
    expect(findResource(views, 'ConfigMap', 'lms')).toBeUndefined();
  });
});

describe('results about items', () => {
  const lms = () => findResource(viewsOf(), 'Deployment', 'lms')!;
  const job = () => findResource(viewsOf(), 'Job', 'lms-job')!;

  test('resultFor: severity, message, code RESOURCE_INVALID, the reference with namespace, the field and the kpt file with its index', () => {
    expect(resultFor(lms(), 'error', 'no containers', 'spec.template.spec.containers')).toEqual({
      severity: 'error',
      message: 'no containers',
      tags: { code: 'RESOURCE_INVALID' },
      resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'lms', namespace: 'openedx' },
      field: { path: 'spec.template.spec.containers' },
      file: { path: 'k8s/deployments.yml', index: 2 },
    });
  });

  test('resultFor without a field path or file: neither key is there, and no namespace in the reference of an object without one', () => {
    const cms = findResource(viewsOf(), 'Deployment', 'cms')!;
    expect(resultFor(cms, 'warning', 'w')).toEqual({ severity: 'warning', message: 'w', tags: { code: 'RESOURCE_INVALID' }, resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cms' } });
    expect(resultFor(cms, 'warning', 'w', '')).not.toHaveProperty('field');
  });

  test('resultFor names no file for a generated object (its file is drydock-fn\'s own, not one the user wrote)', () => {
    expect(job().generated).toBe(true);
    const result = resultFor(job(), 'info', 'generated');
    expect(result).not.toHaveProperty('file');
    expect(result.resourceRef).toEqual({ apiVersion: 'batch/v1', kind: 'Job', name: 'lms-job' });
  });

  test('resultAbout names the file by default, and not with withFile false', () => {
    const outside = object('v1', 'Secret', 'other', { [LEGACY_PATH_ANNOTATION]: 'other/secret.yaml', [LEGACY_INDEX_ANNOTATION]: '1' }, 'elsewhere') as unknown as KubeObject;
    expect(resultAbout(outside, 'error', 'shared')).toEqual({
      severity: 'error',
      message: 'shared',
      tags: { code: 'RESOURCE_INVALID' },
      resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'other', namespace: 'elsewhere' },
      file: { path: 'other/secret.yaml', index: 1 },
    });
    expect(resultAbout(outside, 'error', 'shared', 'data.x', false)).toEqual({
      severity: 'error',
      message: 'shared',
      tags: { code: 'RESOURCE_INVALID' },
      resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 'other', namespace: 'elsewhere' },
      field: { path: 'data.x' },
    });
  });
});

describe('results about settings', () => {
  test('settingResult without the decoder\'s locator: the spec path, [n] for an index, a ["key"] segment as it is', () => {
    expect(settingResult({}, 'error', ['ingress', 'extraHosts', 1], 'duplicate host')).toEqual({
      severity: 'error',
      message: 'spec.ingress.extraHosts[1]: duplicate host',
      field: { path: 'spec.ingress.extraHosts[1]' },
      tags: { code: 'CONFIG_SETTING' },
    });
    expect(settingResult({}, 'warning', ['tutor', 'settings', '["LMS_HOST"]'], 'm')).toEqual({
      severity: 'warning',
      message: 'spec.tutor.settings["LMS_HOST"]: m',
      field: { path: 'spec.tutor.settings["LMS_HOST"]' },
      tags: { code: 'CONFIG_SETTING' },
    });
    expect(settingResult({}, 'info', [], 'whole spec').field).toEqual({ path: 'spec' });
  });

  test('settingResult with the decoder\'s locator hands it severity, path and message and returns its result', () => {
    const calls: unknown[] = [];
    const locator: SettingResult = (severity, path, message) => {
      calls.push([severity, path, message]);
      return { severity, message: `data.X: ${message}`, field: { path: 'data.X' }, tags: { code: 'CONFIG_SETTING' } };
    };
    expect(settingResult({ settingResult: locator }, 'warning', ['ingress', 0], 'm')).toEqual({ severity: 'warning', message: 'data.X: m', field: { path: 'data.X' }, tags: { code: 'CONFIG_SETTING' } });
    expect(calls).toEqual([['warning', ['ingress', 0], 'm']]);
  });

  test('missingResource: a warning about the setting, code RESOURCE_MISSING', () => {
    expect(missingResource({}, ['flower', 'enabled'], 'no flower Deployment')).toEqual({
      severity: 'warning',
      message: 'spec.flower.enabled: no flower Deployment',
      field: { path: 'spec.flower.enabled' },
      tags: { code: 'RESOURCE_MISSING' },
    });
  });
});
