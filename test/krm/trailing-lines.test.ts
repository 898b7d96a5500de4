/**
 * A `#` line after an item's last block scalar, indented past the item's keys, is a comment between
 * items or the scalar's last line, as YAML says (the less-indented one a comment, the one at the
 * scalar's indentation its content): either way every untouched item keeps its bytes, and the item
 * reads as YAML readers read it (kustomize's go-yaml, PyYAML and `yaml` agree here).
 */
import * as YAML from 'yaml';
import { readResourceList } from '../../src/krm/read';
import { runFunction } from '../../src/run';

const list = (trailing: string): string =>
  [
    'apiVersion: config.kubernetes.io/v1',
    'kind: ResourceList',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: a',
    '  data:',
    '    x: |',
    '      hello',
    trailing,
    '- apiVersion: v1',
    '  kind: Service',
    '  metadata:',
    '    name: b',
    '  spec: # kept where it is',
    '    ports:',
    '    - port: 80',
    '',
  ].join('\n');

describe("a '#' line after a block scalar", () => {
  test.each([
    ['a comment (less indented than the scalar)', '    # a comment', 'hello\n'],
    ['the scalar\'s last line (at its indentation)', '      # content', 'hello\n# content\n'],
  ])('%s: read as YAML reads it, the text layout kept, every item byte for byte', (_what, trailing, value) => {
    const input = list(trailing);
    expect((YAML.parse(input) as { items: { data?: { x: string } }[] }).items[0].data?.x).toBe(value);
    const read = readResourceList(input);
    expect(read.layout.kind).toBe('text');
    expect((read.items[0].value as unknown as { data: { x: string } }).data.x).toBe(value);
    const outcome = runFunction(input);
    expect(outcome.exitCode).toBe(0);
    // The items come back as they came in (only the results are added after them).
    expect(outcome.output.startsWith(input)).toBe(true);
  });
});
