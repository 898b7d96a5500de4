import { PULL_SECRET_NAME, registryCredentials } from '../../src/features/registry-credentials';
import type { Feature } from '../../src/features/feature';
import { create } from '../../src/krm/changes';
import { runFunction } from '../../src/run';
import { schemaProblems } from '../support/k8s-schema';
import { byName, tutorObjects } from '../support/tutor-objects';
import { drydockConfig, itemsOf } from '../support/run';
import { runFeature, settingsOf } from '../support/views';
import { wrapDocuments } from '../../src/io';
import * as YAML from 'yaml';

const DOCKER_CONFIG = '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNzd29yZA=="}}}';
const pullSecrets = (item: Record<string, any>): unknown => (item.kind === 'CronJob' ? item.spec.jobTemplate.spec.template.spec : item.spec.template.spec).imagePullSecrets;

const extraWorkloads = [
  { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { template: { spec: { containers: [] } } } },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { template: { spec: { containers: [] } } } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 1 * * *', jobTemplate: { spec: { template: { spec: { containers: [] } } } } } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'private' }, spec: { template: { spec: { containers: [], imagePullSecrets: [{ name: 'other' }] } } } },
];

describe('registry credentials', () => {
  test('the Secret holds the JSON as given (not Drydock\'s Python form), and validates', () => {
    const { objects } = runFeature(registryCredentials, tutorObjects(), { registryCredentials: { dockerConfigJson: DOCKER_CONFIG } });
    const secret = byName(objects, 'Secret')[PULL_SECRET_NAME];
    expect(secret).toMatchObject({ type: 'kubernetes.io/dockerconfigjson', metadata: { namespace: 'openedx' }, stringData: { '.dockerconfigjson': DOCKER_CONFIG } });
    expect(JSON.parse(secret.stringData['.dockerconfigjson'])).toEqual(JSON.parse(DOCKER_CONFIG));
    expect(schemaProblems(secret)).toEqual([]);
  });

  test('every Deployment, Job and CronJob; DaemonSets and StatefulSets only on request; existing entries kept', () => {
    const before = [...tutorObjects(), ...extraWorkloads];
    const { objects } = runFeature(registryCredentials, before, { registryCredentials: { dockerConfigJson: DOCKER_CONFIG } });
    const entry = [{ name: PULL_SECRET_NAME }];
    for (const item of objects.filter((object) => ['Deployment', 'Job', 'CronJob'].includes(object.kind) && object.metadata.name !== 'private')) expect([item.metadata.name, pullSecrets(item)]).toEqual([item.metadata.name, entry]);
    expect(pullSecrets(byName(objects, 'Deployment').private)).toEqual([{ name: 'other' }, { name: PULL_SECRET_NAME }]);
    expect(pullSecrets(byName(objects, 'DaemonSet').agent)).toBeUndefined();
    expect(pullSecrets(byName(objects, 'StatefulSet').db)).toBeUndefined();
    const optIn = runFeature(registryCredentials, before, { registryCredentials: { secretName: 'corp-registry', daemonSets: true, statefulSets: true } });
    expect(pullSecrets(byName(optIn.objects, 'DaemonSet').agent)).toEqual([{ name: 'corp-registry' }]);
    expect(pullSecrets(byName(optIn.objects, 'StatefulSet').db)).toEqual([{ name: 'corp-registry' }]);
    expect(optIn.objects.some((item) => item.kind === 'Secret')).toBe(false);
  });

  test('workloads generated earlier in the pipeline get them too, once, and a second run adds nothing', () => {
    const generator: Feature = {
      name: 'test-generator',
      isEnabled: () => true,
      run: ({ tutor }) => ({
        changes: [create(tutor.decorate({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'drydock-lms-job-0' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'lms', image: 'x' }] } } } }))],
        results: [],
      }),
    };
    const input = wrapDocuments(tutorObjects().map((item) => YAML.stringify(item)), drydockConfig({ registryCredentials: { dockerConfigJson: DOCKER_CONFIG } }));
    const first = runFunction(input, { features: [generator, registryCredentials] });
    expect(first.exitCode).toBe(0);
    const job = itemsOf(first.output).find((item) => item.metadata.name === 'drydock-lms-job-0') as Record<string, any>;
    expect(pullSecrets(job)).toEqual([{ name: PULL_SECRET_NAME }]);
    expect(runFunction(first.output, { features: [generator, registryCredentials] }).output).toBe(first.output);
  });

  test('on when a Docker config or a Secret name is given, off otherwise', () => {
    expect([{}, { dockerConfigJson: DOCKER_CONFIG }, { secretName: 'corp-registry' }].map((registry) => registryCredentials.isEnabled(settingsOf({ registryCredentials: registry })))).toEqual([false, true, true]);
  });

  test('the JSON with the line break a YAML block scalar ends with: the Secret holds it without the surrounding white space', () => {
    const { objects, results } = runFeature(registryCredentials, tutorObjects(), { registryCredentials: { dockerConfigJson: `  ${DOCKER_CONFIG}\n` } });
    expect(results).toEqual([]);
    expect(byName(objects, 'Secret')[PULL_SECRET_NAME].stringData).toEqual({ '.dockerconfigjson': DOCKER_CONFIG });
  });

  test('a workload without a pod template is left as it is; one already naming the Secret is not given it twice; other entries of any shape are kept', () => {
    const before = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bare' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'named' }, spec: { template: { spec: { containers: [], imagePullSecrets: [{ name: 'other' }, { name: 'corp-registry' }] } } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'odd' }, spec: { template: { spec: { containers: [], imagePullSecrets: ['corp-registry'] } } } },
    ];
    const { objects, results } = runFeature(registryCredentials, before, { registryCredentials: { secretName: 'corp-registry' } });
    expect(results).toEqual([]);
    expect(objects[0]).toEqual(before[0]);
    expect(pullSecrets(objects[1])).toEqual([{ name: 'other' }, { name: 'corp-registry' }]);
    expect(pullSecrets(objects[2])).toEqual(['corp-registry', { name: 'corp-registry' }]);
  });

  test('both a value and a Secret: the error says which to give', () => {
    expect(runFeature(registryCredentials, tutorObjects(), { registryCredentials: { dockerConfigJson: DOCKER_CONFIG, secretName: 'x' } }).results.map((result) => [result.tags?.code, result.message])).toEqual([
      ['CONFIG_SETTING', 'spec.registryCredentials.secretName: give either dockerConfigJson (drydock-fn generates the Secret) or secretName (an existing Secret), not both'],
    ]);
  });

  const bad: [string, unknown, string, RegExp][] = [
    ['not JSON', { dockerConfigJson: "{'auths': {}}" }, 'spec.registryCredentials.dockerConfigJson', /not JSON/],
    ['no auths', { dockerConfigJson: '{"registry": 1}' }, 'spec.registryCredentials.dockerConfigJson', /auths/],
    ['both a value and a Secret', { dockerConfigJson: DOCKER_CONFIG, secretName: 'x' }, 'spec.registryCredentials.secretName', /either/],
  ];
  test.each(bad)('bad config: %s', (_name, registry, field, message) => {
    const { results, changes } = runFeature(registryCredentials, tutorObjects(), { registryCredentials: registry });
    expect(changes).toEqual([]);
    expect(results).toEqual([expect.objectContaining({ severity: 'error', field: { path: field }, message: expect.stringMatching(message) })]);
    expect(JSON.stringify(results)).not.toContain('auths\': {}');
  });

  test('a value nested deeper than Go reads (encoding/json maxNestingDepth, 10000) is a CONFIG_INVALID_VALUE naming the field, not an internal error', () => {
    const nested = (depth: number, open: string, close: string): string => `{"auths":{"r":{"auth":"dXNlcjpwYXNzd29yZA=="}},"x":${open.repeat(depth - 1)}1${close.repeat(depth - 1)}}`;
    for (const [open, close] of [['[', ']'], ['{"a":', '}']]) {
      // Depth counts the outer object: 10000 levels in all is what Go still reads.
      const readable = runFeature(registryCredentials, tutorObjects(), { registryCredentials: { dockerConfigJson: nested(10000, open, close) } });
      expect(readable.results).toEqual([]);
      for (const depth of [10001, 60000, 200000]) {
        const value = nested(depth, open, close);
        const outcome = runFunction(wrapDocuments(tutorObjects().map((item) => YAML.stringify(item)), drydockConfig({ registryCredentials: { dockerConfigJson: value } })));
        expect(outcome.exitCode).toBe(1);
        const results = (YAML.parse(outcome.output) as { results: Record<string, any>[] }).results;
        expect(results).toEqual([expect.objectContaining({ severity: 'error', tags: { code: 'CONFIG_INVALID_VALUE' }, field: { path: 'spec.registryCredentials.dockerConfigJson' }, message: expect.stringMatching(/nest/) })]);
        expect(JSON.stringify(results)).not.toContain('dXNlcjpwYXNzd29yZA');
      }
    }
  });
});
