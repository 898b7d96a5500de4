/**
 * lms.env.yml as the LMS reads it (PyYAML's safe_load), in one place (src/tutor/datastores.ts): a key
 * given twice is its last value, a comment is no part of a value, quotes and escapes are read as YAML
 * reads them; a file PyYAML cannot read is an error naming the ConfigMap and its key, never a silent
 * fallback to no values. Issue 13's adversarial pass, S2 (duplicate keys) and S7 (CONTACT_EMAIL).
 */
import { readFixture } from '../support/fixtures';
import { describeWithFixtures } from '../support/fixtures';
import { withConfigMapText } from '../support/drydock-cases';
import { drydockConfig, itemsOf, runOnManifests } from '../support/run';

type Item = Record<string, any>;

const tutor22 = (): string => readFixture('tutor-v22', 'default', 'built.yaml');
/** Tutor 22's output with lms.env.yml edited. */
const withLmsEnv = (edit: (text: string) => string, manifests = tutor22()): string => withConfigMapText(manifests, (_name, key, text) => (key === 'lms.env.yml' ? edit(text) : text));
const caddyfileOf = (items: readonly Item[]): string => items.find((item) => item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config'))!.data.Caddyfile as string;
const issuerOf = (items: readonly Item[]): Item | undefined => items.find((item) => item.kind === 'Issuer');

/** The reviewer's edit: a second AWS_STORAGE_BUCKET_NAME, and a FEATURES key twice (PyYAML reads both: the last wins). */
const DUPLICATES = (text: string): string =>
  text.replace('AWS_SECRET_ACCESS_KEY: ""\n', 'AWS_SECRET_ACCESS_KEY: ""\nAWS_STORAGE_BUCKET_NAME: "courses-prod"\n').replace('  MILESTONES_APP: true\n', '  MILESTONES_APP: true\n  ENABLE_MOBILE_REST_API: true\n');
const MINIO = { tutor: { plugins: ['minio'] }, scorm: { minioHost: 'files.example.com' } };

describeWithFixtures('lms.env.yml read as the LMS reads it', () => {
  test('S2: a key given twice is its last value; the rest of the file is still read (MinIO bucket)', () => {
    const manifests = withLmsEnv(DUPLICATES);
    expect(manifests).toContain('courses-prod');
    const outcome = runOnManifests(manifests, drydockConfig(MINIO));
    expect(outcome.results.filter((result) => result.severity !== 'info')).toEqual([]);
    const caddyfile = caddyfileOf(itemsOf(outcome.output));
    expect(caddyfile).toContain('uri replace /scorm-proxy/ /courses-prod/');
    expect(caddyfile).not.toContain('/openedx/');
  });

  test('S2: the same with S3 (spec {}): routes to the bucket, and Flower finds the Celery broker', () => {
    const outcome = runOnManifests(withLmsEnv(DUPLICATES), drydockConfig({ flower: { enabled: true } }));
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
    expect(caddyfileOf(itemsOf(outcome.output))).toContain('reverse_proxy https://courses-prod.s3.amazonaws.com {');
    expect(JSON.stringify(outcome.results)).not.toContain('Celery broker');
    const flower = itemsOf(outcome.output).find((item) => item.kind === 'Deployment' && /flower/.test(item.metadata.name));
    expect(JSON.stringify(flower)).toContain('redis://:@redis:6379/0');
  });

  test('S2: idempotent when drydock-fn\'s own edit makes a key appear twice (a plugin\'s CELERY_ACKS_LATE and the Celery tuning\'s)', () => {
    const input = withLmsEnv((text) =>
      text.replace('AWS_SECRET_ACCESS_KEY: ""\n', 'AWS_SECRET_ACCESS_KEY: ""\nAWS_STORAGE_BUCKET_NAME: "courses-prod"\n').replace(/^(SESSION_COOKIE_DOMAIN: .*\n)/m, '$1CELERY_ACKS_LATE: false\n'),
    );
    const config = drydockConfig({ ...MINIO, celeryTuning: { enabled: true } });
    const first = runOnManifests(input, config);
    expect(first.exitCode).toBe(0);
    const env = itemsOf(first.output).find((item) => item.kind === 'ConfigMap' && item.metadata.name.startsWith('openedx-config'))!.data['lms.env.yml'] as string;
    expect(env.match(/^CELERY_ACKS_LATE:/gm)).toHaveLength(2);
    expect(caddyfileOf(itemsOf(first.output))).toContain('/courses-prod/');
    const second = runOnManifests(itemsOf(first.output).map((item) => JSON.stringify(item)).join('\n---\n'), config);
    expect(itemsOf(second.output)).toEqual(itemsOf(first.output));
  });

  test('a file PyYAML cannot read is an error naming openedx-config and lms.env.yml, never a fallback (exit 1, items unchanged)', () => {
    const input = withLmsEnv((text) => text.replace('LMS_BASE: "lms.example.com"\n', 'LMS_BASE: "lms.example.com\n'));
    const outcome = runOnManifests(input, drydockConfig(MINIO));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([
      expect.objectContaining({ tags: { code: 'RESOURCE_INVALID' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap', name: expect.stringMatching(/^openedx-config/) }), field: { path: 'data["lms.env.yml"]' }, message: expect.stringMatching(/lms\.env\.yml .*line \d+/) }),
    ]);
    // A run that needs nothing from the file is not stopped by it.
    expect(runOnManifests(input, drydockConfig({ scorm: { enabled: false }, ingress: { enabled: false } })).exitCode).toBe(0);
  });

  test.each([
    ['a comment after the value', 'CONTACT_EMAIL: ops@example.com  # the team inbox'],
    ['an escape in double quotes', 'CONTACT_EMAIL: "ops\\x40example.com"'],
    ['single quotes', "CONTACT_EMAIL: 'ops@example.com'"],
    ['given twice', 'CONTACT_EMAIL: "old@example.com"\nCONTACT_EMAIL: "ops@example.com"'],
  ])('S7: CONTACT_EMAIL with %s is the address the LMS reads', (_name, line) => {
    const outcome = runOnManifests(withLmsEnv((text) => text.replace(/^CONTACT_EMAIL: .*$/m, line)), drydockConfig({ ingress: { tls: { auto: true } } }));
    expect(outcome.exitCode).toBe(0);
    expect(issuerOf(itemsOf(outcome.output))?.spec.acme.email).toBe('ops@example.com');
  });

  test('S7: a CONTACT_EMAIL that is no e-mail address does not reach the Issuer: a warning names lms.env.yml and the key, not the value', () => {
    const outcome = runOnManifests(withLmsEnv((text) => text.replace(/^CONTACT_EMAIL: .*$/m, 'CONTACT_EMAIL: "the ops team"')), drydockConfig({ ingress: { tls: { auto: true } } }));
    expect(outcome.exitCode).toBe(0);
    expect(issuerOf(itemsOf(outcome.output))?.spec.acme.email).toBeUndefined();
    const warning = outcome.results.find((result) => /CONTACT_EMAIL of lms\.env\.yml/.test(result.message));
    expect(warning).toEqual(expect.objectContaining({ severity: 'warning', resourceRef: expect.objectContaining({ kind: 'ConfigMap' }), field: { path: 'data["lms.env.yml"]' } }));
    expect(warning!.message).not.toContain('the ops team');
  });
});
