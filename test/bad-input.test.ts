/**
 * Bad input gets an error result that names the item and field, exit status 1, and the input items
 * back unchanged (or no items when the input could not be read at all); never a stack trace.
 */
import * as YAML from 'yaml';
import { runFunction } from '../src/run';
import { runOnBytes } from '../src/io';

const ITEMS = `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: lms # the LMS
  spec:
    replicas: 1
`;

function resourceList(config: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${ITEMS}${config}`;
}

interface Expectation {
  readonly message: RegExp;
  readonly field?: string;
  /** The items come back unchanged (true) or, for unreadable input, there are none. */
  readonly itemsBack: boolean;
}

const CASES: [string, string, Expectation][] = [
  ['empty stdin', '', { message: /empty input: expected a ResourceList/, itemsBack: false }],
  ['only whitespace', '  \n\n', { message: /empty input/, itemsBack: false }],
  ['malformed YAML (unclosed quote)', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: "v1\n  kind: ConfigMap\n', { message: /not valid YAML: line \d+, column \d+/, itemsBack: false }],
  ['malformed YAML (tab indentation)', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n\tkind: ConfigMap\n', { message: /not valid YAML/, itemsBack: false }],
  ['duplicate keys', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  kind: Secret\n  metadata: {name: a}\n', { message: /not valid YAML: .*(duplicate|unique)/i, itemsBack: false }],
  ['two documents', `${resourceList('')}---\n${resourceList('')}`, { message: /exactly one ResourceList document on stdin, found 2 documents/, itemsBack: false }],
  ['a Deployment instead of a ResourceList', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lms\n', { message: /not a ResourceList: kind is "Deployment"/, field: 'kind', itemsBack: false }],
  ['a list at top level', '- a\n- b\n', { message: /not a ResourceList: the input is a list/, itemsBack: false }],
  ['a wrong apiVersion', 'apiVersion: v1\nkind: ResourceList\nitems: []\n', { message: /unsupported ResourceList apiVersion "v1"/, field: 'apiVersion', itemsBack: false }],
  ['items not a list', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: 1}\n', { message: /items must be a list, found a mapping/, field: 'items', itemsBack: false }],
  ['an item that is a scalar', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- just a string\n', { message: /items\[0\].*expected a Kubernetes object \(a mapping\), found a string/, field: 'items[0]', itemsBack: false }],
  ['an item without kind', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  metadata: {name: a}\n', { message: /items\[0\].*kind is missing/, field: 'items[0].kind', itemsBack: false }],
  ['an item without a name', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {}\n', { message: /items\[0\].*ConfigMap has no metadata.name/, field: 'items[0].metadata.name', itemsBack: false }],
  ['an annotation that is not a string', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    annotations: {x: 1}\n', { message: /metadata.annotations.x must be a string, found a number/, itemsBack: false }],
  ['an alias bomb', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data:\n    a: &a ["x","x","x","x","x","x","x","x","x","x"]\n    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n    g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n`, { message: /alias/, itemsBack: false }],
  ['a config field that does not exist', resourceList('functionConfig:\n  apiVersion: drydock.io/v1alpha1\n  kind: DrydockConfig\n  metadata: {name: drydock}\n  spec:\n    ingress:\n      extraHost: [a.example.com]\n'), { message: /DrydockConfig drydock: spec\.ingress\.extraHost: unknown field "extraHost" \(did you mean extraHosts\?\)/, field: 'spec.ingress.extraHost', itemsBack: true }],
  ['a config field in the wrong place', resourceList('functionConfig:\n  apiVersion: drydock.io/v1alpha1\n  kind: DrydockConfig\n  metadata: {name: drydock}\n  spec:\n    extraHosts: [a.example.com]\n'), { message: /spec\.extraHosts: unknown field "extraHosts" \(did you mean spec\.ingress\.extraHosts\?\)/, field: 'spec.extraHosts', itemsBack: true }],
  ['a setting of the wrong type', resourceList('functionConfig:\n  apiVersion: drydock.io/v1alpha1\n  kind: DrydockConfig\n  metadata: {name: drydock}\n  spec:\n    initJobs:\n      enabled: "yes please"\n'), { message: /spec\.initJobs\.enabled: expected true or false, got string "yes please"/, field: 'spec.initJobs.enabled', itemsBack: true }],
  ['an extra host that is not a DNS name', resourceList('functionConfig:\n  apiVersion: drydock.io/v1alpha1\n  kind: DrydockConfig\n  metadata: {name: drydock}\n  spec:\n    ingress:\n      extraHosts: ["not a host"]\n'), { message: /spec\.ingress\.extraHosts: item 0: expected a DNS host name/, field: 'spec.ingress.extraHosts', itemsBack: true }],
  ['a percentage over 100', resourceList('functionConfig:\n  apiVersion: drydock.io/v1alpha1\n  kind: DrydockConfig\n  metadata: {name: drydock}\n  spec:\n    podDisruptionBudgets: {lms: 150}\n'), { message: /spec\.podDisruptionBudgets\.lms: expected an integer in 0\.\.100, got 150/, field: 'spec.podDisruptionBudgets.lms', itemsBack: true }],
  ['a schedule that is not cron', resourceList('functionConfig:\n  apiVersion: drydock.io/v1alpha1\n  kind: DrydockConfig\n  metadata: {name: drydock}\n  spec:\n    backups: {schedule: "every night"}\n'), { message: /spec\.backups\.schedule: expected a cron schedule with 5 fields/, field: 'spec.backups.schedule', itemsBack: true }],
  ['a DRYDOCK_* name that does not exist', resourceList('functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: drydock}\n  data:\n    DRYDOCK_INIT_JOB: "true"\n'), { message: /ConfigMap drydock: data\.DRYDOCK_INIT_JOB: unknown field "DRYDOCK_INIT_JOB" \(did you mean DRYDOCK_INIT_JOBS\?\)/, field: 'data.DRYDOCK_INIT_JOB', itemsBack: true }],
  ['a DRYDOCK_* value of the wrong type', resourceList('functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: drydock}\n  data:\n    DRYDOCK_MIGRATE_FROM: maple\n'), { message: /data\.DRYDOCK_MIGRATE_FROM: expected an integer, got string "maple"/, field: 'data.DRYDOCK_MIGRATE_FROM', itemsBack: true }],
  ['a functionConfig of another kind', resourceList('functionConfig:\n  apiVersion: v1\n  kind: Secret\n  metadata: {name: x}\n'), { message: /unsupported functionConfig kind "Secret"/, field: 'kind', itemsBack: true }],
  ['a DrydockConfig of another version', resourceList('functionConfig:\n  apiVersion: drydock.io/v2\n  kind: DrydockConfig\n  metadata: {name: drydock}\n'), { message: /unsupported apiVersion "drydock.io\/v2" for DrydockConfig: use drydock.io\/v1alpha1/, field: 'apiVersion', itemsBack: true }],
];

describe.each(CASES)('%s', (_name, input, expectation) => {
  const outcome = runFunction(input);

  test('exit status 1 with an error result naming the problem', () => {
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(expectation.message);
    if (expectation.field) expect(errors[0].field?.path).toBe(expectation.field);
  });

  test('stdout is one valid ResourceList holding the results', () => {
    const output = YAML.parse(outcome.output) as { kind: string; items: unknown[]; results: { severity: string }[] };
    expect(output.kind).toBe('ResourceList');
    expect(output.results.some((result) => result.severity === 'error')).toBe(true);
  });

  test(expectation.itemsBack ? 'the items come back unchanged, byte for byte' : 'no items, since none could be trusted', () => {
    if (expectation.itemsBack) expect(outcome.output.startsWith(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${ITEMS}`)).toBe(true);
    else expect((YAML.parse(outcome.output) as { items: unknown[] }).items).toEqual([]);
  });

  test('one line per problem for stderr, without a stack trace', () => {
    expect(outcome.diagnostics.length).toBeGreaterThan(0);
    for (const line of outcome.diagnostics) {
      expect(line).toMatch(/^drydock-fn: (error|warning): /);
      expect(line).not.toContain('\n');
      expect(line).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    }
  });
});

describe('bytes that are not text', () => {
  test('invalid UTF-8 is an error result', () => {
    const outcome = runOnBytes(Uint8Array.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results[0].message).toMatch(/not valid UTF-8/);
  });

  test('binary garbage is an error result', () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256);
    const outcome = runOnBytes(bytes);
    expect(outcome.exitCode).toBe(1);
  });
});

describe('secret values stay out of messages', () => {
  test('a wrongly typed secret setting is reported without its value', () => {
    const outcome = runFunction(resourceList('functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: drydock}\n  data:\n    DRYDOCK_SENTRY_DSN: "{{ SENTRY_MARKER_abc123 }}"\n'));
    expect(outcome.exitCode).toBe(1);
    expect(JSON.stringify(outcome.results)).not.toContain('SENTRY_MARKER_abc123');
    const typed = runFunction(resourceList('functionConfig:\n  apiVersion: drydock.io/v1alpha1\n  kind: DrydockConfig\n  metadata: {name: drydock}\n  spec:\n    newRelic: {licenseKey: [NR_MARKER_xyz789]}\n'));
    expect(typed.exitCode).toBe(1);
    expect(typed.results[0].message).toMatch(/spec\.newRelic\.licenseKey: expected a string/);
    expect(JSON.stringify(typed.results) + typed.output.split('results:')[1]).not.toContain('NR_MARKER_xyz789');
  });
});
