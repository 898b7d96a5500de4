/** src/krm/kpt-files.ts in process: the file a generated object is given, and what counts as one file. */
import { KptFiles, generatedPath, isGeneratedFile } from '../../src/krm/kpt-files';
import type { KubeObject } from '../../src/krm/types';

const object = (kind: string, name: string, namespace?: string, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations } : {}) },
});
const at = (path: string, index?: string) => object('ConfigMap', `holder-${path}-${index}`, undefined, { 'internal.config.kubernetes.io/path': path, ...(index ? { 'internal.config.kubernetes.io/index': index } : {}) });

describe('generatedPath', () => {
  test('drydock-fn/<kind>_<name>.yaml, without a namespace folder unless asked for', () => {
    expect(generatedPath(object('Job', 'lms-init', 'openedx'))).toBe('drydock-fn/job_lms-init.yaml');
    expect(generatedPath(object('Job', 'lms-init', 'openedx'), true)).toBe('drydock-fn/openedx/job_lms-init.yaml');
    expect(generatedPath(object('Job', 'lms-init'), true)).toBe('drydock-fn/job_lms-init.yaml');
  });

  test('slashes in a name and a namespace that is no DNS name never leave drydock-fn/', () => {
    expect(generatedPath(object('Job', 'a/../../b\\c', '../x'), true)).toBe('drydock-fn/job_a_.._.._b_c.yaml');
  });
});

describe('isGeneratedFile: the path as kpt resolves it', () => {
  test.each([
    ['drydock-fn/job_a.yaml', true],
    ['./drydock-fn/job_a.yaml', true],
    ['drydock-fn//job_a.yaml', true],
    ['other/../drydock-fn/job_a.yaml', true],
    ['drydock-fn/../job_a.yaml', false],
    ['job_a.yaml', false],
    ['drydock-fn.yaml', false],
    ['my-drydock-fn/job_a.yaml', false],
  ])('%s: %s', (path, expected) => expect(isGeneratedFile(path)).toBe(expected));
});

describe('KptFiles.claim', () => {
  const job = object('Job', 'lms-init', 'openedx');

  test('with no items: the plain path, index 0; the same object again: the next index of the namespace folder', () => {
    const files = new KptFiles();
    expect(files.claim(job)).toEqual({ path: 'drydock-fn/job_lms-init.yaml', index: '0' });
    expect(files.claim(job)).toEqual({ path: 'drydock-fn/openedx/job_lms-init.yaml', index: '0' });
    expect(files.claim(job)).toEqual({ path: 'drydock-fn/openedx/job_lms-init.yaml', index: '1' });
    expect(files.claim(job)).toEqual({ path: 'drydock-fn/openedx/job_lms-init.yaml', index: '2' });
  });

  test('namespace folders asked for: the folder first', () => {
    expect(new KptFiles([], true).claim(job)).toEqual({ path: 'drydock-fn/openedx/job_lms-init.yaml', index: '0' });
    expect(new KptFiles([]).claim(job)).toEqual({ path: 'drydock-fn/job_lms-init.yaml', index: '0' });
  });

  test.each([
    ['the same path', 'drydock-fn/job_lms-init.yaml'],
    ['the path written with ./', './drydock-fn/job_lms-init.yaml'],
    ['the path with a doubled slash', 'drydock-fn//job_lms-init.yaml'],
    ['the path through ..', 'x/../drydock-fn/job_lms-init.yaml'],
  ])('an item at %s, index 0 (or none): the namespace folder instead', (_name, path) => {
    expect(new KptFiles([at(path, '0')]).claim(job)).toEqual({ path: 'drydock-fn/openedx/job_lms-init.yaml', index: '0' });
    expect(new KptFiles([at(path)]).claim(job)).toEqual({ path: 'drydock-fn/openedx/job_lms-init.yaml', index: '0' });
  });

  test('an item at the same path but another index does not hold the place', () => {
    expect(new KptFiles([at('drydock-fn/job_lms-init.yaml', '1')]).claim(job)).toEqual({ path: 'drydock-fn/job_lms-init.yaml', index: '0' });
  });

  test('both candidate files held at index 0 and 1: the first free index of the folder file', () => {
    const items = [at('drydock-fn/job_lms-init.yaml', '0'), at('drydock-fn/openedx/job_lms-init.yaml', '0'), at('drydock-fn/openedx/job_lms-init.yaml', '1')];
    expect(new KptFiles(items).claim(job)).toEqual({ path: 'drydock-fn/openedx/job_lms-init.yaml', index: '2' });
  });

  test('an object without a namespace has one candidate: its next index', () => {
    const files = new KptFiles([at('drydock-fn/clusterrole_x.yaml')]);
    expect(files.claim(object('ClusterRole', 'x'))).toEqual({ path: 'drydock-fn/clusterrole_x.yaml', index: '1' });
  });
});
