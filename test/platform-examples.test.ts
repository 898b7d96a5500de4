/**
 * The golden examples of the generated platform resources (examples/ingress-tls, examples/backups,
 * examples/gateway-api): test/examples.test.ts builds them with kustomize and compares bytes; this
 * checks what they show and that every generated object in them validates against its schema.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { documentsOf } from './support/drydock-cases';
import { experimentalFieldsOf, schemaProblems } from './support/k8s-schema';

const generatedIn = (example: string): Record<string, any>[] =>
  documentsOf(readFileSync(path.join(__dirname, '..', 'examples', example, 'expected.yaml'), 'utf8')).filter((item) => item.metadata.annotations?.['drydock.io/generated-by'] === 'drydock-fn');

describe('golden examples of the platform resources', () => {
  test('ingress-tls: the Issuer, an Ingress per host with the LMS alias, extra hosts and PDBs, all valid', () => {
    const generated = generatedIn('ingress-tls');
    expect(generated.map((item) => `${item.kind}/${item.metadata.name}`).sort()).toEqual([
      'Ingress/cms',
      'Ingress/lms',
      'Ingress/lms-preview',
      'Ingress/meilisearch',
      'Ingress/tenant-a-example-org',
      'Ingress/tenant-b-example-org',
      'Issuer/letsencrypt',
      'PodDisruptionBudget/caddy-pdb',
      'PodDisruptionBudget/cms-pdb',
      'PodDisruptionBudget/lms-pdb',
    ]);
    const lms = generated.find((item) => item.kind === 'Ingress' && item.metadata.name === 'lms') as Record<string, any>;
    expect(lms.spec.rules.map((rule: Record<string, any>) => rule.host)).toEqual(['lms.example.com', 'learn.example.org']);
    expect(generated.filter((item) => item.kind === 'Ingress').every((item) => item.spec.ingressClassName === 'traefik')).toBe(true);
    expect(generated.flatMap(schemaProblems)).toEqual([]);
  });

  test('backups: both CronJobs, credentials only by reference, all valid', () => {
    const generated = generatedIn('backups');
    expect(generated.map((item) => `${item.kind}/${item.metadata.name}`).sort()).toEqual(['CronJob/backup-mongo-cron', 'CronJob/backup-mysql-cron']);
    for (const cronJob of generated) {
      const env = cronJob.spec.jobTemplate.spec.template.spec.containers[0].env as Record<string, any>[];
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) expect(env.find((entry) => entry.name === name)?.valueFrom?.secretKeyRef?.name).toBe('backup-s3-credentials');
    }
    expect(generated.flatMap(schemaProblems)).toEqual([]);
  });

  test('gateway-api: the Gateway with a listener per host and the ClusterIssuer annotation, an HTTPRoute per host, the redirect, no Ingress; all valid, standard channel only', () => {
    const generated = generatedIn('gateway-api');
    expect(generated.map((item) => `${item.kind}/${item.metadata.name}`).sort()).toEqual([
      'Gateway/openedx',
      'HTTPRoute/cms',
      'HTTPRoute/courses-example-org',
      'HTTPRoute/https-redirect',
      'HTTPRoute/lms',
      'HTTPRoute/lms-preview',
      'HTTPRoute/meilisearch',
      'HTTPRoute/wildcard-tenants-example-org',
    ]);
    const gateway = generated.find((item) => item.kind === 'Gateway') as Record<string, any>;
    expect(gateway.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-dns01');
    expect(gateway.spec.listeners.map((listener: Record<string, any>) => listener.hostname ?? listener.name)).toEqual(['http', 'lms.example.com', 'learn.example.org', 'preview.lms.example.com', 'studio.example.com', 'meilisearch.lms.example.com', 'courses.example.org', '*.tenants.example.org']);
    const routes = generated.filter((item) => item.kind === 'HTTPRoute' && item.metadata.name !== 'https-redirect');
    expect(routes.every((route) => JSON.stringify(route.spec.rules.map((rule: Record<string, any>) => rule.backendRefs)) === '[[{"name":"caddy","port":80}]]')).toBe(true);
    expect(generated.flatMap(schemaProblems)).toEqual([]);
    expect(generated.flatMap(experimentalFieldsOf)).toEqual([]);
  });
});
