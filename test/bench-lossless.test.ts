/** The benchmark's losslessness check catches what it is there to catch. */
import { COMMENT_MARK, checkLossless } from '../bench/lossless';

const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: lms # ${COMMENT_MARK}: the web app
    namespace: a
  spec:
    ports:
    - port: 8000
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: c-abcdefghij
  data:
    a: '1'
functionConfig:
  kind: DrydockConfig
`;

describe('checkLossless', () => {
  test('the output of a lossless change passes', () => {
    const output = input.replace("    name: lms # ", '    annotations:\n      x: "1"\n    name: lms # ').replace('functionConfig:', `- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\n    annotations:\n      drydock.io/generated-by: drydock-fn\nfunctionConfig:`);
    const report = checkLossless(input, output);
    expect(report.problems).toEqual([]);
    expect([report.untouched, report.changed, report.added]).toEqual([1, 1, 1]);
  });

  test.each([
    ['an untouched item whose bytes changed', input.replace("a: '1'", 'a: "1"'), 'its value is unchanged but its bytes differ'],
    ['a lost comment', input.replace(` # ${COMMENT_MARK}: the web app`, '').replace('port: 8000', 'port: 8001'), 'a comment was lost'],
    ['keys in another order', input.replace('    name: lms # bench-note: the web app\n    namespace: a\n', '    namespace: a\n    name: lms # bench-note: the web app\n    labels: {x: y}\n'), 'changed order'],
    ['an item renamed', input.replace('name: lms', 'name: cms'), 'comes out as'],
    ['an item missing', input.replace(/- apiVersion: v1\n {2}kind: ConfigMap[\s\S]*?(?=functionConfig)/, ''), '2 items in, 1 out'],
    ['a new item not marked', input.replace('functionConfig:', '- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\nfunctionConfig:'), 'not marked as generated'],
  ])('finds %s', (_name, output, problem) => {
    expect(checkLossless(input, output).problems).toEqual(expect.arrayContaining([expect.stringContaining(problem)]));
  });
});
