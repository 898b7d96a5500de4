/** The factory of the features that edit Tutor's patch slots (django-settings, openedx-env, uwsgi). */
import { slotFeature } from '../../../src/features/lib/slot-features';
import type { Result } from '../../../src/krm/types';
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
});
