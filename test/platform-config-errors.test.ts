/**
 * Bad settings for the generated platform resources, through a whole run, in both config forms: an
 * error result naming the field (spec.… for a DrydockConfig, data.DRYDOCK_… for a ConfigMap), exit 1,
 * and the input items back unchanged. Secret values never appear in results.
 */
import * as YAML from 'yaml';
import { wrapDocuments } from '../src/io';
import { runFunction } from '../src/run';
import { tutorObjects } from './support/tutor-objects';
import { drydockConfig, drydockConfigMap, itemsOf } from './support/run';

const documents = tutorObjects().map((item) => YAML.stringify(item));

function run(config: unknown) {
  const input = wrapDocuments(documents, config);
  const outcome = runFunction(input);
  return { outcome, input };
}

const cases: [string, unknown, string, RegExp][] = [
  ['an extra host that is not a DNS name', drydockConfig({ ingress: { extraHosts: ['courses.example.com', 'Not A Host'] } }), 'spec.ingress.extraHosts', /item 1: expected a DNS host name/],
  ['the same, from the ConfigMap form', drydockConfigMap({ DRYDOCK_INGRESS_EXTRA_HOSTS: '["courses_example"]' }), 'data.DRYDOCK_INGRESS_EXTRA_HOSTS', /expected a DNS host name/],
  ['a percentage over 100', drydockConfig({ podDisruptionBudgets: { cms: 150 } }), 'spec.podDisruptionBudgets.cms', /0\.\.100, got 150/],
  ['the same, from the ConfigMap form', drydockConfigMap({ DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS_WORKER: '101' }), 'data.DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS_WORKER', /0\.\.100, got 101/],
  ['a schedule that is not cron', drydockConfig({ backups: { enabled: true, schedule: 'every night' } }), 'spec.backups.schedule', /cron schedule/],
  ['a cron field out of range', drydockConfigMap({ BACKUP_CRON_SCHEDULE: '0 25 * * *' }), 'data.BACKUP_CRON_SCHEDULE', /25 is out of range/],
  ['an extra host listed twice (checked by the feature)', drydockConfigMap({ DRYDOCK_INGRESS_EXTRA_HOSTS: '["a.example.com", "a.example.com"]' }), 'data.DRYDOCK_INGRESS_EXTRA_HOSTS', /listed twice/],
  ['an extra host that is the LMS host (checked by the feature)', drydockConfig({ ingress: { extraHosts: ['lms.example.com'] } }), 'spec.ingress.extraHosts[0]', /already served by Ingress lms/],
  ['registry credentials that are not JSON', drydockConfigMap({ DRYDOCK_REGISTRY_CREDENTIALS: "{'auths': 1}" }), 'data.DRYDOCK_REGISTRY_CREDENTIALS', /not JSON/],
  ['backups to S3 without a bucket', drydockConfig({ backups: { enabled: true } }), 'spec.backups.storage.bucket', /bucket is required/],
  ['the Flower Ingress without a host', drydockConfig({ flower: { enabled: true, ingress: { enabled: true, basicAuthSecretRef: { name: 'u' } } } }), 'spec.flower.ingress.host', /needs a host/],
];

describe('bad settings for the generated platform resources', () => {
  test.each(cases)('%s', (_name, config, field, message) => {
    const { outcome, input } = run(config);
    expect(outcome.exitCode).toBe(1);
    const errors = outcome.results.filter((result) => result.severity === 'error');
    expect(errors).toContainEqual(expect.objectContaining({ field: { path: field }, message: expect.stringMatching(message), resourceRef: expect.objectContaining({ name: 'drydock' }) }));
    expect(outcome.diagnostics.some((line) => line.startsWith('drydock-fn: error:') && line.includes(field))).toBe(true);
    expect(itemsOf(outcome.output)).toEqual(itemsOf(input));
  });

  test('secret values stay out of results and stderr', () => {
    const { outcome } = run(drydockConfigMap({ DRYDOCK_REGISTRY_CREDENTIALS: 'hunter2-not-json', BACKUP_AWS_SECRET_KEY: 'aws-secret-value' }));
    expect(outcome.exitCode).toBe(1);
    const text = JSON.stringify(outcome.results) + outcome.diagnostics.join('\n');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('aws-secret-value');
  });
});
