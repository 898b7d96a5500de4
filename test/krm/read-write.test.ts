/** The krm layer on its own: what is read, what is written back, what is kept. */
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { create, set } from '../../src/krm/changes';
import type { Change } from '../../src/krm/changes';
import { InvalidItemsError, readResourceList, readResourceListAsDocument, usesAnchorsOrTags } from '../../src/krm/read';
import { ResourceSet } from '../../src/krm/resource-set';
import type { KubeObject, Result } from '../../src/krm/types';
import { writeResourceList } from '../../src/krm/write';
import { isAmbiguousPlainScalar } from '../../src/krm/yaml11';
import { drydockConfig, itemsOf, runOnManifests } from '../support/run';

/** Reads, applies the changes the callback returns, writes. */
function roundTrip(text: string, changes: (set: ResourceSet) => Change[] = () => []): string {
  const input = readResourceList(text);
  const resources = new ResourceSet(input.items);
  resources.apply(changes(resources));
  return writeResourceList(input, { outcomes: resources.inputOutcomes(), newObjects: resources.newObjects(), results: resources.takeResults() });
}

const handleOf = (resources: ResourceSet, name: string) => {
  const view = resources.views().find((candidate) => candidate.object.metadata.name === name);
  if (!view) throw new Error(`no ${name}`);
  return view.handle;
};

const KUSTOMIZE_STYLE = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      app.kubernetes.io/version: 20.0.5
      config.kubernetes.io/index: '1'
      internal.config.kubernetes.io/index: '1'
      kustomize.config.k8s.io/id: |
        group: apps
        kind: Deployment
        name: lms
        version: v1
    labels:
      app.kubernetes.io/name: lms # the web app
    name: lms
  spec:
    replicas: 1
    template:
      spec:
        containers:
        - name: lms
          image: 'docker.io/overhangio/openedx:20.0.5'
          args: ["uwsgi", "uwsgi.ini"]
          env:
          - name: SERVICE_VARIANT
            value: "lms"
# a comment between items
- apiVersion: v1
  kind: Service
  metadata:
    name: lms
  spec:
    ports:
    - port: 8000   # http
functionConfig:
  apiVersion: drydock.io/v1alpha1
  kind: DrydockConfig
  metadata:
    name: drydock
`;

describe('reading', () => {
  test('items of kustomize-style input are read through the text layout', () => {
    const input = readResourceList(KUSTOMIZE_STYLE);
    expect(input.layout.kind).toBe('text');
    expect(input.items.map((item) => `${item.value.kind}/${item.value.metadata.name}`)).toEqual(['Deployment/lms', 'Service/lms']);
    expect(input.functionConfig).toEqual({ apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' } });
  });

  test('JSON input is read through the document layout', () => {
    const input = readResourceList(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] }));
    expect(input.layout.kind).toBe('document');
    expect(input.items[0].value.metadata.name).toBe('a');
  });

  test('wide sequence indentation is read through the text layout', () => {
    const wide = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n';
    const input = readResourceList(wide);
    expect(input.layout.kind).toBe('text');
    expect(input.items[0].value.metadata.name).toBe('a');
  });

  test('an item with anchors and merge keys is read with the full reader', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    labels: &l {x: "1"}\n    annotations:\n      <<: *l\n';
    const input = readResourceList(text);
    expect(input.items[0].value.metadata.annotations).toEqual({ x: '1' });
  });
});

describe('raw characters YAML 1.1 readers read otherwise are refused, by both readers alike', () => {
  const list = (item: string, tail = ''): string => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: first\n${item}${tail}`;
  const second = (body: string): string => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: second\n${body}`;
  const refusal = (read: () => unknown): Result => {
    try {
      read();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidItemsError);
      return (error as InvalidItemsError).results[0];
    }
    throw new Error('not refused');
  };

  test.each([
    ['U+2028 in a plain scalar', second('  data:\n    a: x\u2028y\n'), 'items[1]', 'line 13, column 9', 'U+2028 (LINE SEPARATOR)'],
    ['U+2029 in a key', second('  data:\n    k\u2029: y\n'), 'items[1]', 'line 13, column 6', 'U+2029 (PARAGRAPH SEPARATOR)'],
    ['U+0085 in a comment', second('  data: # x\u0085y: 1\n    a: b\n'), 'items[1]', 'line 12, column 12', 'U+0085 (NEXT LINE)'],
    ['U+2028 inside double quotes', second('  data:\n    a: "x\u2028"\n'), 'items[1]', 'line 13, column 10', 'U+2028'],
    ['a C1 control in a block scalar', second('  data:\n    a: |\n      x\u0090\n'), 'items[1]', 'line 14, column 8', 'U+0090 (a control character)'],
    ['U+FFFF', second('  data:\n    a: "\uffff"\n'), 'items[1]', 'line 13, column 9', 'U+FFFF (a non-character)'],
    ['a C0 control', second('  data:\n    a: "\x01"\n'), 'items[1]', 'line 13, column 9', 'U+0001'],
    ['U+2028 in the functionConfig', second('  data: {}\n') + 'functionConfig:\n  kind: x\u2028\n', undefined, 'line 14, column 10', 'U+2028'],
  ])('%s', (_name, tail, field, where, what) => {
    const text = list('', tail);
    const results = [refusal(() => readResourceList(text)), refusal(() => readResourceListAsDocument(text)), refusal(() => readResourceList(text, { lazy: true }))];
    for (const result of results) {
      expect(result.tags?.code).toBe('INPUT_UNPORTABLE_CHARACTER');
      expect(result.field?.path).toBe(field);
      expect(result.message).toContain(where);
      expect(result.message).toContain(what);
      if (field) expect(result.resourceRef).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'second' });
    }
    expect(results[1]).toEqual(results[0]);
  });

  test.each([
    ['a single-quoted scalar spanning lines', "  data:\n    a: 'x\u2028\n      y'\n"],
    ['a folded block', '  data:\n    a: >\n      x\u2028      y\n'],
    ['a literal block, the next line less indented than the block', '  data:\n    a: |\n      x\u2028  y\n'],
    ['a literal block, ending in the separator', '  data:\n    a: |\n      x\u2028\n'],
  ])('a raw U+2028 not where kustomize writes it: %s', (_name, body) => {
    const text = list(second(body));
    for (const read of [() => readResourceList(text), () => readResourceListAsDocument(text)]) expect(refusal(read).tags?.code).toBe('INPUT_UNPORTABLE_CHARACTER');
  });

  test('raw U+2028 and U+2029 where kustomize writes them are read as kustomize means them, by both readers', () => {
    // kustomize's printing of {a: "x\u2028y", b: "p\u2029q\nr", "k\u2028": v} (go-yaml: the character raw, then the indentation).
    const body = "  data:\n    a: 'x\u2028      y'\n    b: |-\n      p\u2029      q\n      r\n    c: ' spaced \u2028      text '\n";
    const expected = { a: 'x\u2028y', b: 'p\u2029q\nr', c: ' spaced\u2028text ' };
    const text = list(second(body), 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n  data:\n    x: \'a\u2028    b\'\n');
    for (const input of [readResourceList(text), readResourceList(text, { lazy: true }), readResourceListAsDocument(text)]) {
      expect(input.items[1].value.data).toEqual(expected);
      expect((input.functionConfig as { data: unknown }).data).toEqual({ x: 'a\u2028b' });
    }
    expect(readResourceList(text).layout.kind).toBe('text');
  });

  test('the same in flow style and JSON, where the document reader reads', () => {
    const json = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "\u2028"}}]}`;
    const result = refusal(() => readResourceList(json));
    expect(result).toMatchObject({ tags: { code: 'INPUT_UNPORTABLE_CHARACTER' }, field: { path: 'items[0]' }, resourceRef: { kind: 'ConfigMap', name: 'a' } });
  });

  test('escapes, tabs, CR LF, a byte order mark, U+00A0 and non-BMP characters are read', () => {
    const text = list(`  data:\r\n    a: "\\L\\P\\N\\x7f"\r\n    b: "\ufeff\u00a0\t\u{1F600}"\r\n`);
    expect(readResourceList(text).items[0].value.data).toEqual({ a: '\u2028\u2029\u0085\x7f', b: '\ufeff\u00a0\t\u{1F600}' });
  });
});

describe('reading kustomize and kpt output as text', () => {
  test('tabs inside block scalars, `- # comment` heads and sorted keys (data before kind) keep the text layout', () => {
    const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- # head comment\n  apiVersion: v1\n  data:\n    run.sh: |\n      if true; then\n      \techo "a && b"\n      fi\n  kind: ConfigMap\n  metadata:\n    name: a\n`;
    const input = readResourceList(text, { lazy: true });
    expect(input.layout.kind).toBe('text');
    expect(input.items[0].header).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    expect(input.items[0].value.data).toEqual({ 'run.sh': 'if true; then\n\techo "a && b"\nfi\n' });
  });

  test.each([
    ['a literal scalar', 'run.sh: |\n      echo\n      # the end\n'],
    ['a literal scalar in a list', 'lines:\n    - |\n      #$\n'],
    ['a folded scalar, kept', 'text: >+\n      a\n      # b\n'],
  ])('the last line of %s that starts with `#` is the value\'s, not a comment between items', (_name, data) => {
    const item = (name: string, body: string): string => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n    ${body}`;
    const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${item('a', data)}${item('b', 'k: v\n')}`;
    const expected = (YAML.parse(text) as { items: KubeObject[] }).items.map((entry) => entry.data);
    expect(readResourceList(text).items.map((entry) => entry.value.data)).toEqual(expected);
  });

  test.each([
    ['an anchor', 'a: &x 1\nb: *x\n', true],
    ['a merge key', 'a:\n  <<: {b: 1}\n', true],
    ['a tag', 'a: !!binary aGk=\n', true],
    ['an alias in a sequence', '- *x\n', true],
    ['`&&` and `*` in a block scalar', 'run: |\n  a && b\n  *.example.com {\n', false],
    ['`*` in a double-quoted scalar over several lines', 'data: "first\n  *.example.com\n  !important"\n', false],
    ['`&&` in a plain scalar', 'command: a && b\n', false],
  ])('%s: read with the full reader: %s', (_name, text, expected) => {
    expect(usesAnchorsOrTags(text)).toBe(expected);
  });
});

describe('writing', () => {
  test('without changes the output is the input, byte for byte', () => {
    expect(roundTrip(KUSTOMIZE_STYLE)).toBe(KUSTOMIZE_STYLE);
  });

  test('a changed item keeps its comments, quoting and key order; only the change is new', () => {
    const output = roundTrip(KUSTOMIZE_STYLE, (resources) => [
      set(handleOf(resources, 'lms'), ['metadata', 'annotations', 'argocd.argoproj.io/sync-wave'], '100'),
    ]);
    const expected = KUSTOMIZE_STYLE.replace(
      "        version: v1\n    labels:",
      "        version: v1\n      argocd.argoproj.io/sync-wave: \"100\"\n    labels:",
    );
    expect(output).toBe(expected);
  });

  test('an untouched neighbour is byte-identical, comments included', () => {
    const output = roundTrip(KUSTOMIZE_STYLE, (resources) => [set(handleOf(resources, 'lms'), ['spec', 'replicas'], 2)]);
    expect(output).toContain("- apiVersion: v1\n  kind: Service\n  metadata:\n    name: lms\n  spec:\n    ports:\n    - port: 8000   # http\n");
    expect(output).toContain('    replicas: 2\n');
  });

  test('a changed value loses the explicit tag of the old one: it reads as the new value', () => {
    const tagged = KUSTOMIZE_STYLE.replace('    replicas: 1\n', '    replicas: !!str one # tagged\n');
    const output = roundTrip(tagged, (resources) => [set(handleOf(resources, 'lms'), ['spec', 'replicas'], 2)]);
    expect(output).toBe(tagged.replace('    replicas: !!str one # tagged\n', '    replicas: 2 # tagged\n'));
  });

  test('wide sequences stay wide in a changed item', () => {
    const wide = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: a\n    spec:\n      containers:\n        - name: c\n          image: x\n';
    const output = roundTrip(wide, (resources) => [set(handleOf(resources, 'a'), ['metadata', 'labels', 'k'], 'v')]);
    expect(output).toBe(wide.replace('      name: a\n', '      name: a\n      labels:\n        k: v\n'));
  });

  test('new objects are appended in creation order, in the list\'s style, with a relative path and distinct files', () => {
    const output = roundTrip(KUSTOMIZE_STYLE, () => [
      create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { k: 'v' } } as KubeObject),
      create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } } as KubeObject),
    ]);
    const items = (YAML.parse(output) as { items: KubeObject[] }).items;
    expect(items.map((item) => item.metadata.name)).toEqual(['lms', 'lms', 'b', 'a']);
    const paths = items.slice(2).map((item) => item.metadata.annotations?.['internal.config.kubernetes.io/path']);
    expect(paths).toEqual(['drydock-fn/configmap_b.yaml', 'drydock-fn/configmap_a.yaml']);
    expect(items[2].metadata.annotations?.['drydock.io/generated-by']).toBe('drydock-fn');
    expect(output.indexOf('functionConfig:')).toBeGreaterThan(output.indexOf('name: a'));
  });

  test('new string values a YAML 1.1 reader would misread are quoted', () => {
    const values = ['on', 'yes', 'No', 'off', '0777', '1:20', '2001-12-14', '100', '1e3', '.5', 'null', '~', '', 'true'];
    const output = roundTrip(KUSTOMIZE_STYLE, (resources) => values.map((value, index) => set(handleOf(resources, 'lms'), ['metadata', 'labels', `k${index}`], value)));
    const yaml11 = YAML.parse(output, { version: '1.1' }) as { items: KubeObject[] };
    expect(values.map((_, index) => yaml11.items[0].metadata.labels?.[`k${index}`])).toEqual(values);
    const plain = ['lms', 'hello world', 'v1.2.3', 'nginx-internal'];
    for (const value of plain) expect(isAmbiguousPlainScalar(value)).toBe(false);
  });

  test('orchestrator annotations are refused as change targets', () => {
    expect(() =>
      roundTrip(KUSTOMIZE_STYLE, (resources) => [set(handleOf(resources, 'lms'), ['metadata', 'annotations', 'config.kubernetes.io/index'], '9')]),
    ).toThrow(/orchestrator annotation/);
    expect(() => roundTrip(KUSTOMIZE_STYLE, (resources) => [set(handleOf(resources, 'lms'), ['metadata', 'annotations'], {})])).toThrow(/orchestrator annotations/);
  });

  test('local-config items are read-only', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    annotations:\n      config.kubernetes.io/local-config: "true"\n';
    expect(() => roundTrip(text, (resources) => [set(handleOf(resources, 'a'), ['data', 'k'], 'v')])).toThrow(/passes through unchanged/);
  });

  test('a set that changes nothing leaves the item byte-identical', () => {
    const output = roundTrip(KUSTOMIZE_STYLE, (resources) => [set(handleOf(resources, 'lms'), ['spec', 'replicas'], 1)]);
    expect(output).toBe(KUSTOMIZE_STYLE);
  });

  test('a change undone later leaves the item byte-identical', () => {
    const output = roundTrip(KUSTOMIZE_STYLE, (resources) => [
      set(handleOf(resources, 'lms'), ['spec', 'replicas'], 3),
      set(handleOf(resources, 'lms'), ['spec', 'replicas'], 1),
    ]);
    expect(output).toBe(KUSTOMIZE_STYLE);
  });

  test('a first line that is a comment stays on the item', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- # the config\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n';
    const output = roundTrip(text, (resources) => [set(handleOf(resources, 'a'), ['data', 'k'], 'v')]);
    expect(output).toBe(`${text}  data:\n    k: v\n`);
  });

  test('JSON input with a change comes out as YAML with the same items', () => {
    const json = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: 'on' } }] });
    const output = roundTrip(json, (resources) => [set(handleOf(resources, 'a'), ['data', 'y'], 'yes')]);
    expect(YAML.parse(output, { version: '1.1' }).items).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: 'on', y: 'yes' } }]);
  });

  test('`items: []` grows into a list when objects are created', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
    const output = roundTrip(text, () => [create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } as KubeObject)]);
    expect((YAML.parse(output) as { items: KubeObject[] }).items.map((item) => item.metadata.name)).toEqual(['a']);
  });

  test('sequence elements inserted before others do not rewrite them', () => {
    const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  spec:\n    volumes:\n    - name: one # first\n      emptyDir: {}\n';
    const output = roundTrip(text, (resources) => [
      { op: 'insert', target: handleOf(resources, 'a'), path: ['spec', 'volumes'], index: 0, value: { name: 'zero', emptyDir: {} } },
    ]);
    expect(output).toContain('    - name: zero\n      emptyDir: {}\n    - name: one # first\n      emptyDir: {}\n');
  });
});

describe('an unpaired surrogate is never written', () => {
  test('one copied from an escape in the input into a generated Job: an error naming the Job and the field, the input unchanged', () => {
    const env = readFileSync(path.join(__dirname, '..', '..', 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8');
    const at = env.indexOf('name: lms-job');
    const edited = env.slice(0, at) + env.slice(at).replace('        - name: SERVICE_VARIANT\n          value: lms\n', '        - name: SERVICE_VARIANT\n          value: "lms\\ud800"\n');
    expect(edited).not.toBe(env);
    const outcome = runOnManifests(edited, drydockConfig({ initJobs: { enabled: true, tasks: [{ service: 'lms', command: 'echo hi' }] } }));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.map((result) => [result.tags?.code, result.resourceRef?.kind, result.field?.path])).toEqual([
      ['VALUE_LONE_SURROGATE', 'Job', 'spec.template.spec.containers[0].env[0].value'],
    ]);
    expect(itemsOf(outcome.output)).toEqual(YAML.parseAllDocuments(edited).map((doc) => doc.toJS()));
  });
});

describe('a block scalar that keeps its trailing blank lines, at the end of an item', () => {
  test.each([
    ['before the next item', '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: next\n', 'x\n\n\n'],
    ['before a comment between items', '# between\n\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: next\n', 'x\n\n'],
    ['at the end of the list', '', 'x\n\n'],
  ])('%s: the blank lines are its value, as for the document reader', (_name, after, expected) => {
    const blanks = expected === 'x\n\n\n' ? '\n\n' : '\n';
    const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    script: |+\n      x\n${blanks}${after}`;
    expect(readResourceList(text).layout.kind).toBe('text');
    expect(readResourceList(text).items[0].value.data).toEqual({ script: expected });
    expect(readResourceListAsDocument(text).items[0].value.data).toEqual({ script: expected });
    const unchanged = writeResourceList(readResourceList(text), { outcomes: readResourceList(text).items.map((input) => ({ kind: 'unchanged', input })), newObjects: [], results: [] });
    expect(unchanged).toBe(text);
  });
});
