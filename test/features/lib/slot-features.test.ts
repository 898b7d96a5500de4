/** The factory of the features that edit Tutor's patch slots (django-settings, openedx-env, uwsgi). */
import { slotFeature } from '../../../src/features/lib/slot-features';
import type { SlotRun } from '../../../src/features/lib/slot-features';
import { parseVersion } from '../../../src/tutor/context';
import { drydockLine } from '../../../src/tutor/drydock-line';
import type { KubeObject, Result } from '../../../src/krm/types';
import { runFeature } from '../../support/views';

const configMap = (name: string, text: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { 'file.txt': text } });
const noSlot = { name: 'some-patch', locate: () => undefined, desired: 'text', recognizer: /text/ };

describe('slotFeature', () => {
  test('always runs, goes through its ConfigMaps in the order given (hashed names too, no other) and warns of each slot missing, naming the file', () => {
    const feature = slotFeature({ name: 'slots', configMaps: ['second', 'first'], filesFor: () => () => [{ key: 'file.txt', slots: [noSlot] }] });
    expect(feature.isEnabled({} as never)).toBe(true);
    const { changes, results } = runFeature(feature, [configMap('first', 'a\n'), configMap('second-5bt9g7h2kf', 'b\n'), configMap('other', 'c\n')]);
    expect(changes).toEqual([]);
    expect(results.map((result) => [result.resourceRef?.name, result.severity, result.message, result.field?.path])).toEqual([
      ['second-5bt9g7h2kf', 'warning', "file.txt does not have Tutor's some-patch patch slot where Drydock's text goes; that text is not added", 'data.file.txt'],
      ['first', 'warning', "file.txt does not have Tutor's some-patch patch slot where Drydock's text goes; that text is not added", 'data.file.txt'],
    ]);
  });

  test('an error from filesFor stops the run with nothing changed', () => {
    const problem: Result = { severity: 'error', message: 'cannot tell', tags: { code: 'RESOURCE_INVALID' } };
    const feature = slotFeature({ name: 'slots', configMaps: ['first'], filesFor: () => problem });
    expect(runFeature(feature, [configMap('first', 'a\n')])).toMatchObject({ changes: [], results: [problem] });
  });

  test("the run's Drydock line and presence reach filesFor; the patch joins before the slot's other patches up to Tutor 18, after them from Tutor 19", () => {
    const versioned = (version: string) => ({ ...configMap('first', 'other'), metadata: { name: 'first', annotations: { 'app.kubernetes.io/version': version } } });
    const runs: SlotRun[] = [];
    const whole = { name: 'some-patch', locate: (text: string) => ({ start: 0, end: text.length, indent: 0 }), desired: 'ours', recognizer: /ours/ };
    const feature = slotFeature({ name: 'slots', configMaps: ['first'], filesFor: (_input, run) => { runs.push(run); return () => [{ key: 'file.txt', slots: [whole] }]; } });
    const fileOf = (objects: readonly KubeObject[]) => (objects[0].data as Record<string, string>)['file.txt'];
    expect(fileOf(runFeature(feature, [versioned('22.0.0')]).objects)).toBe('other\nours');
    expect(fileOf(runFeature(feature, [versioned('17.0.6')]).objects)).toBe('ours\nother');
    const off = { uwsgi: { keepAlive: false }, multitenancy: { enabled: false }, scorm: { enabled: false }, djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' } };
    runFeature(feature, [versioned('22.0.0')], off);
    expect(runs).toEqual([
      { line: drydockLine(parseVersion('22.0.0')), present: true },
      { line: drydockLine(parseVersion('17.0.6')), present: true },
      { line: drydockLine(parseVersion('22.0.0')), present: false },
    ]);
    // A second run finds its patch where the line puts it, and changes nothing.
    for (const version of ['22.0.0', '17.0.6']) {
      const once = runFeature(feature, [versioned(version)]).objects;
      expect(runFeature(feature, once).changes).toEqual([]);
    }
  });
});
