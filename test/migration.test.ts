/**
 * The migration check on real deployments: for every Drydock case of the fixtures (Drydock 22 and
 * 17, with and without plugins), the settings taken from the case's own config.yml, the Tutor-only
 * manifests of the same flavour run through drydock-fn with them, and the result compared with what
 * Drydock deployed: no unexplained difference, and the known ones are those the README lists. A
 * change drydock-fn did not mean is caught, named by object and field, and secrets never printed.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { compareManifests } from '../src/migration/compare';
import type { Comparison } from '../src/migration/compare';
import { compareCommand, configFromTutorCommand, parseManifests, wavesCommand } from '../src/migration/commands';
import { KNOWN_DIFFERENCES } from '../src/migration/known-differences';
import { textReport } from '../src/migration/report';
import { drydockNames } from '../src/config/configmap-form';
import { settingsFromTutorConfig } from '../src/migration/tutor-config';
import { documentsOf } from './support/drydock-cases';
import { FIXTURES, describeWithFixtures, fixtureCases, fixturePath, readFixture, testWithFixtures } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { pyyamlLoadAll, pyyamlMissing } from './support/pyyaml';
import { itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

const ROOT = path.resolve(__dirname, '..');
/** The fixtures of the repository's shared folder (not another folder of Drydock output given by DRYDOCK_FN_FIXTURES). */
const SHARED_FIXTURES = path.resolve(FIXTURES) === path.resolve(ROOT, '..', 'shared', 'fixtures');
/** The Drydock release of each Tutor line of the fixtures (fixtures/README.md). */
const DRYDOCK_RELEASE: Record<string, [number, number, number]> = {
  'tutor-v15': [15, 9, 1],
  'tutor-v16': [16, 7, 4],
  'tutor-v17': [17, 6, 0],
  'tutor-v18': [18, 4, 0],
  'tutor-v19': [19, 3, 0],
  'tutor-v20': [20, 3, 0],
  'tutor-v21': [21, 2, 0],
  'tutor-v22': [22, 0, 0],
};

/** What an operator does: settings from config.yml, drydock-fn on the Tutor-only manifests, compare with Drydock's. */
function migrationCheck(drydockCase: string): { comparison: Comparison; drydock: Item[]; ours: Item[]; configMap: Item } {
  const flavour = path.dirname(drydockCase);
  const { data } = settingsFromTutorConfig(readFixture(drydockCase, 'config.yml'), DRYDOCK_RELEASE[drydockCase.split('/')[0]]);
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock-settings' }, data };
  const tutorOnly = `${readFixture(flavour, 'default', 'built.yaml')}---\n${literalYaml(initTasksResource(fixtureInitTasks(`${flavour}/default`)))}`;
  const outcome = runOnManifests(tutorOnly, configMap);
  expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
  const drydock = documentsOf(readFixture(drydockCase, 'built.yaml'));
  const ours = itemsOf(outcome.output);
  return { comparison: compareManifests(drydock, ours), drydock, ours, configMap };
}

const unexplained = (comparison: Comparison) => comparison.objects.filter((object) => object.status !== 'same' && object.status !== 'known');

describeWithFixtures('migration check on every Drydock case', () => {
  const cases = fixtureCases((relative) => path.basename(relative).startsWith('drydock-'));

  test('the cases are there', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(cases)('%s', (drydockCase) => {
    const { comparison, drydock } = migrationCheck(drydockCase);

    test('no unexplained difference', () => {
      expect(unexplained(comparison).map((object) => ({ resource: object.resource, status: object.status, fields: object.fields.map((field) => field.path) }))).toEqual([]);
      expect(comparison.equivalent).toBe(true);
    });

    test('every object of Drydock is accounted for', () => {
      expect(comparison.counted.drydock).toBe(drydock.length);
      expect(comparison.objects.filter((object) => object.status === 'same').length).toBeGreaterThan(20);
    });
  });

  test('the known differences seen on the fixtures', () => {
    const seen = new Set(cases.flatMap((drydockCase) => migrationCheck(drydockCase).comparison.objects.flatMap((object) => object.known)));
    // Each is one the README lists (or follows from one); those that need inputs the fixtures lack
    // (an empty upgrade Job: the fixtures upgrade from 13; an Issuer without e-mail; HPAs) are tested below.
    const derived = ['hash-follows-content', 'references-follow-content'];
    for (const id of seen) expect({ id, listed: derived.includes(id) || KNOWN_DIFFERENCES.some((rule) => rule.id === id) }).toEqual({ id, listed: true });
    // Other folders of real output (DRYDOCK_FN_FIXTURES) show other lines' differences: the list is the shared fixtures'.
    if (!SHARED_FIXTURES) return;
    expect([...seen].sort()).toEqual(
      [
        'debug-ingress-class',
        'flower-service',
        'empty-patches-record',
        'generated-by',
        'ingress-names',
        'ingress-paths-once',
        'ingress-through-caddy',
        'init-scripts-stripped',
        'job-deadline',
        'mongodb-job-template',
        'registry-secret-json',
        'static-cache-ingresses',
        'upgrade-jobs-policy',
        'upgrade-steps-past-redwood',
      ].sort(),
    );
  });
});

describeWithFixtures('migration check: what it catches', () => {
  const { drydock, ours } = migrationCheck('tutor-v22/drydock-all-features');

  test('a changed field is unexplained, named by object and field', () => {
    const changed = JSON.parse(JSON.stringify(ours)) as Item[];
    const lms = changed.find((item) => item.kind === 'Deployment' && item.metadata.name === 'lms') as Item;
    lms.spec.template.spec.containers[0].livenessProbe.periodSeconds = 99;
    const comparison = compareManifests(drydock, changed);
    expect(comparison.equivalent).toBe(false);
    expect(unexplained(comparison).map((object) => [object.resource, object.fields.map((field) => [field.path, field.drydockFn])])).toEqual([
      ['Deployment/lms', [['spec.template.spec.containers[name=lms].livenessProbe.periodSeconds', 99]]],
    ]);
  });

  test('a missing and an extra object are unexplained', () => {
    const changed = ours.filter((item) => !(item.kind === 'PodDisruptionBudget' && item.metadata.name === 'lms-pdb'));
    changed.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'surprise', namespace: 'openedx' }, spec: {} });
    const comparison = compareManifests(drydock, changed);
    expect(unexplained(comparison).map((object) => [object.resource, object.status])).toEqual([
      ['PodDisruptionBudget/lms-pdb', 'only-in-drydock'],
      ['Service/surprise', 'only-in-drydock-fn'],
    ]);
  });

  test('a ConfigMap whose text differs: the text difference is shown once, its references follow', () => {
    const changed = JSON.parse(JSON.stringify(ours)) as Item[];
    const caddy = changed.find((item) => item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config-')) as Item;
    const oldName = caddy.metadata.name;
    caddy.data.Caddyfile = caddy.data.Caddyfile.replace('encode gzip', 'encode zstd gzip');
    caddy.metadata.name = 'caddy-config-aaaaaaaaaa';
    for (const item of changed) for (const volume of item.spec?.template?.spec?.volumes ?? []) if (volume.configMap?.name === oldName) volume.configMap.name = 'caddy-config-aaaaaaaaaa';
    const comparison = compareManifests(drydock, changed);
    const report = unexplained(comparison);
    expect(report.map((object) => [object.resource, object.fields.map((field) => field.path)])).toEqual([['ConfigMap/caddy-config-aaaaaaaaaa', ['data.Caddyfile']]]);
    const text = textReport(comparison, { drydock: 'drydock.yaml', drydockFn: 'drydock-fn.yaml' });
    expect(text).toMatch(/- +\d+: .*encode gzip/);
    expect(text).toMatch(/\+ +\d+: .*encode zstd gzip/);
    expect(comparison.objects.find((object) => object.resource === 'Deployment/caddy')?.known).toContain('references-follow-content');
    expect(report[0].known).toContain('hash-follows-content');
    expect(report[0].drydockName).toBe(oldName);
  });

  test('secret values are never printed', () => {
    const changed = JSON.parse(JSON.stringify(ours)) as Item[];
    const secret = changed.find((item) => item.kind === 'Secret' && item.type === 'kubernetes.io/dockerconfigjson') as Item;
    secret.stringData['.dockerconfigjson'] = '{"auths":{"registry.example.com":{"auth":"c2VjcmV0LXZhbHVlLTQy"}}}';
    const settings = changed.find((item) => item.kind === 'ConfigMap' && item.metadata.name.startsWith('openedx-config-')) as Item;
    settings.data['lms.env.yml'] = settings.data['lms.env.yml'].replace(/^(MYSQL_ROOT_PASSWORD|SECRET_KEY): .*$/m, '$1: "changed-secret-value-42"');
    const comparison = compareManifests(drydock, changed);
    expect(comparison.equivalent).toBe(false);
    const text = textReport(comparison, { drydock: 'a', drydockFn: 'b' });
    const json = JSON.stringify(comparison);
    expect(json).toContain('c2VjcmV0LXZhbHVlLTQy'); // the comparison holds it …
    for (const report of [text, compareCommand(['--format', 'json', 'a', 'b'], (name) => Buffer.from(YAML.stringify(name === 'a' ? drydock : changed).replace(/^/, '')))!.stdout]) {
      expect(report).not.toContain('c2VjcmV0LXZhbHVlLTQy'); // … the reports do not
      expect(report).not.toContain('changed-secret-value-42');
      expect(report).not.toContain('dXNlcjpwYXNzd29yZA==');
    }
  });
});

describe('migration check: known differences the fixtures do not show', () => {
  const job = (name: string, script: string): Item => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'openedx', annotations: { 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded' } },
    spec: { ttlSecondsAfterFinished: 100, template: { spec: { containers: [{ name: 'cms', args: [script] }] } } },
  });

  test('an empty upgrade Job of Drydock is not produced on purpose', () => {
    const comparison = compareManifests([job('drydock-upgrade-cms-job', '')], []);
    expect(comparison.objects).toEqual([expect.objectContaining({ resource: 'Job/drydock-upgrade-cms-job', status: 'known', known: ['upgrade-jobs-empty'] })]);
  });

  test('an upgrade Job with a script is not', () => {
    const comparison = compareManifests([job('drydock-upgrade-cms-job', './manage.py cms simulate_publish\n')], []);
    expect(comparison.objects[0].status).toBe('only-in-drydock');
  });

  test("hook annotations on an HPA are Drydock's bug, an Issuer's empty e-mail is left out", () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'lms', annotations: { 'argocd.argoproj.io/sync-wave': '150' } }, spec: { maxReplicas: 3 } };
    const drydockHpa = { ...hpa, metadata: { ...hpa.metadata, annotations: { ...hpa.metadata.annotations, 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded' } } };
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'letsencrypt' }, spec: { acme: { server: 'x' } } };
    const comparison = compareManifests([drydockHpa, { ...issuer, spec: { acme: { server: 'x', email: '' } } }], [hpa, issuer]);
    expect(comparison.objects.map((object) => [object.resource, object.status, object.known])).toEqual([
      ['HorizontalPodAutoscaler/lms', 'known', ['hooks-only-on-jobs']],
      ['Issuer/letsencrypt', 'known', ['issuer-without-email']],
    ]);
  });

  test("SCORM routes to a custom S3 endpoint: Drydock's https://<bucket>.<S3_HOST> against the LMS's endpoint, and nothing else", () => {
    const site = (route: string, extra = '') => `lms.example.com {\n    @scorm_matcher {\n        path /scorm-proxy/*\n    }\n    route @scorm_matcher {\n${route}    }\n${extra}}\n`;
    const drydockRoute = '        uri /scorm-proxy/* strip_prefix /scorm-proxy\n        reverse_proxy https://scorm-bucket.s3.example.net {\n            header_up Host scorm-bucket.s3.example.net\n        }\n';
    const ourRoute = '        uri replace /scorm-proxy/ /scorm-bucket/\n        reverse_proxy http://s3.example.net:9000 {\n            header_up Host s3.example.net:9000\n        }\n';
    const caddy = (text: string): Item => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'caddy-config-abc' }, data: { Caddyfile: text } });
    const explained = compareManifests([caddy(site(drydockRoute))], [caddy(site(ourRoute))]);
    expect(explained.objects.map((object) => [object.status, object.known])).toEqual([['known', ['scorm-s3-endpoint']]]);
    // Another difference in the same file stays unexplained.
    const other = compareManifests([caddy(site(drydockRoute))], [caddy(site(ourRoute, '    encode gzip\n'))]);
    expect(other.objects[0].status).toBe('differs');
    // MinIO's route is not S3's: not rewritten.
    const minio = compareManifests([caddy(site(drydockRoute))], [caddy(site(ourRoute.replace('http://s3.example.net:9000', 'minio:9000')))]);
    expect(minio.objects[0]).toEqual(expect.objectContaining({ status: 'differs', known: [] }));
  });

  test("releases inside a line: the CMS probed with Host: lms, New Relic's uwsgi.ini, mongosh without --port, Tutor 17's worker arguments on Tutor 18", () => {
    const deployment = (name: string, container: Item): Item => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'openedx' }, spec: { template: { spec: { containers: [{ name, ...container }] } } } });
    const probe = (host: string) => ({ httpGet: { httpHeaders: [{ name: 'Host', value: host }], path: '/heartbeat', port: 8000 }, initialDelaySeconds: 3, timeoutSeconds: 30, periodSeconds: 60, failureThreshold: 2, successThreshold: 1 });
    const ourCms = deployment('cms', { startupProbe: probe('cms'), livenessProbe: probe('cms') });
    const ourLms = deployment('lms', { args: ['uwsgi', '/openedx/uwsgi.ini'] });
    const ourWorker = deployment('lms-worker', { args: ['celery', '--app=lms.celery', 'worker', '--concurrency=1', '--hostname=edx.lms.core.default.%h', '--queues=edx.lms.core.default,edx.lms.core.high', '--max-tasks-per-child=1', '--prefetch-multiplier=1'] });
    const mongo = (script: string): Item => ({ ...job('drydock-mongodb-job-1', script), spec: { template: { spec: { containers: [{ name: 'mongodb', args: ['sh', '-e', '-c', script] }] } } } });
    const ourMongo = mongo('mongosh --host mongodb --port 27017  admin <<EOF\n  exit\nEOF');
    const drydock = [
      deployment('cms', { startupProbe: probe('cms'), livenessProbe: probe('lms') }),
      deployment('lms', { args: ['uwsgi', 'uwsgi.ini'] }),
      deployment('lms-worker', { args: ['celery', '--app=lms.celery', 'worker', '--concurrency=1', '--hostname=edx.lms.core.default.%%h', '--max-tasks-per-child=1', '--prefetch-multiplier=1', '--exclude-queues=edx.cms.core.default'] }),
      mongo('mongosh --host mongodb  admin <<EOF\n  exit\nEOF'),
    ];
    const comparison = compareManifests(drydock, [ourCms, ourLms, ourWorker, ourMongo]);
    expect(comparison.objects.map((object) => [object.resource, object.status, object.known])).toEqual([
      ['Deployment/cms', 'known', ['pod-lifecycle-values']],
      ['Deployment/lms', 'known', ['new-relic-uwsgi-ini']],
      ['Deployment/lms-worker', 'known', ['celery-worker-arguments']],
      ['Job/drydock-mongodb-job-1', 'known', ['mongosh-port']],
    ]);
    // Only those: another probe value, another worker tuning, another script stay unexplained.
    const other = compareManifests(
      [
        deployment('cms', { startupProbe: { ...probe('cms'), periodSeconds: 5 }, livenessProbe: probe('lms') }),
        deployment('lms-worker', { args: ['celery', '--concurrency=2', '--hostname=edx.lms.core.default.%%h'] }),
        mongo('mongosh --host mongodb  admin <<EOF\n  db.dropDatabase()\nEOF'),
      ],
      [ourCms, ourWorker, ourMongo],
    );
    expect(other.objects.map((object) => object.status)).toEqual(['differs', 'differs', 'differs']);
  });

  test('local-config objects (the TutorInitTasks, a functionConfig) are left out on both sides', () => {
    const local = { apiVersion: 'drydock.io/v1alpha1', kind: 'TutorInitTasks', metadata: { name: 't', annotations: { 'config.kubernetes.io/local-config': 'true' } } };
    expect(compareManifests([local], []).objects).toEqual([]);
  });
});

describe('the known differences follow the README', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const section = readme.slice(readme.indexOf('## Intentional differences from Drydock'));

  test.each(KNOWN_DIFFERENCES.map((rule) => [rule.id, rule.readme]))('%s is listed under "Intentional differences from Drydock"', (_id, words) => {
    expect(section).toContain(words.replace(/\s+/g, ' '));
  });
});

test('config-from-tutor: values holding characters YAML 1.1 reads as line breaks are written escaped', () => {
  const values = { DRYDOCK_SENTRY_DSN: 'https://k@x/1 \u2028  DRYDOCK_INGRESS: false', BACKUP_MONGO_PASSWORD: "it's\u0085x\u2029", DRYDOCK_INGRESS_CLASS: 'plain' };
  const configYml = Buffer.from(Object.entries(values).map(([key, value]) => `${key}: ${JSON.stringify(value).replace(/\u2028/g, '\\L').replace(/\u2029/g, '\\P').replace(/\u0085/g, '\\N')}\n`).join(''));
  const outcome = configFromTutorCommand(['config.yml'], () => configYml);
  expect(outcome.exitCode).toBe(0);
  expect(outcome.stdout).not.toMatch(/[\u0085\u2028\u2029]/);
  expect(outcome.stdout).toContain("DRYDOCK_INGRESS_CLASS: 'plain'");
  // Each data value is YAML text that drydock-fn reads back as the setting (double-quoted where reading it plain would change it).
  const data = YAML.parse(outcome.stdout).data as Record<string, string>;
  expect(Object.fromEntries(Object.entries(data).map(([key, text]) => [key, YAML.parse(text)]))).toEqual(values);
  const missing = pyyamlMissing();
  if (missing) {
    // eslint-disable-next-line no-console
    console.warn(`config-from-tutor: not read by PyYAML (${missing})`);
    return;
  }
  const [read] = pyyamlLoadAll([outcome.stdout]);
  expect(read).toEqual({ documents: [expect.objectContaining({ data })] });
});

/** Why Jinja2 (with PyYAML, to read config.yml as Tutor does) cannot render here, or undefined when it can. */
const JINJA_MISSING = spawnSync('python3', ['-c', 'import jinja2, yaml'], { encoding: 'utf8' }).status === 0 ? undefined : 'python3 cannot import jinja2 and yaml (Debian: python3-jinja2, python3-yaml)';
if (JINJA_MISSING) {
  // eslint-disable-next-line no-console
  console.warn(`migration: config-from-tutor's rendering not checked against Jinja (${JINJA_MISSING})`);
}

describe('config-from-tutor: Jinja in config.yml values (Tutor renders every value as a template)', () => {
  const configYml = [
    'NEWRELIC_KEY_PART: abc123',
    'LMS_HOST: lms.example.com',
    'SOME_OCTAL: 010',
    'SOME_FLAG: yes',
    'MYSQL_ROOT_PASSWORD: "s3cr{{ et }}"',
    // Rendered for sure: only {{ NAME }} references to text values of config.yml that hold no template.
    'DRYDOCK_NEWRELIC_LICENSE_KEY: "{{ NEWRELIC_KEY_PART }}-eu01"',
    'BACKUP_BUCKET_PATH: "{{LMS_HOST}}/{{ NEWRELIC_KEY_PART }}"',
    'BACKUP_AZURE_ACCOUNT_NAME: "acct{{ SOME_OCTAL }}{{SOME_FLAG}}"',
    // Left out: a name config.yml does not hold (a Tutor default), a statement, a filter, a value that is itself a template, a list.
    'DRYDOCK_SENTRY_DSN: "https://{{ SENTRY_KEY }}@sentry.example.com/1"',
    'DRYDOCK_LETSENCRYPT_EMAIL: "{{ CONTACT_EMAIL }}"',
    'DRYDOCK_INGRESS_CLASS: "{% if true %}nginx{% endif %}"',
    'MINIO_BUCKET_NAME: "{{ LMS_HOST | replace(\'.\', \'-\') }}"',
    'BACKUP_MYSQL_PASSWORD: "{{ MYSQL_ROOT_PASSWORD }}"',
    'BACKUP_MYSQL_USERNAME: "root{# a comment #}"',
    'BACKUP_MONGO_USERNAME: "{{{ LMS_HOST }}"',
    'DRYDOCK_INGRESS_EXTRA_HOSTS: ["{{ LMS_HOST }}", "x.example.com"]',
    '',
  ].join('\n');
  const LEFT_OUT = ['BACKUP_MONGO_USERNAME', 'BACKUP_MYSQL_PASSWORD', 'BACKUP_MYSQL_USERNAME', 'DRYDOCK_INGRESS_CLASS', 'DRYDOCK_INGRESS_EXTRA_HOSTS', 'DRYDOCK_LETSENCRYPT_EMAIL', 'DRYDOCK_SENTRY_DSN', 'MINIO_BUCKET_NAME'];

  testWithFixtures('simple references are rendered as Jinja renders them; any other template is left out with a note naming the key, never written as text', () => {
    const outcome = configFromTutorCommand(['config.yml'], () => Buffer.from(configYml));
    expect(outcome.exitCode).toBe(0);
    const configMap = YAML.parse(outcome.stdout) as Item;
    const read = Object.fromEntries(Object.entries(configMap.data as Record<string, string>).map(([key, text]) => [key, YAML.parse(text)]));
    // Python's text of the values, as Jinja prints them: 010 is 8 and yes True in YAML 1.1.
    expect(read).toEqual({ DRYDOCK_NEWRELIC_LICENSE_KEY: 'abc123-eu01', BACKUP_BUCKET_PATH: 'lms.example.com/abc123', BACKUP_AZURE_ACCOUNT_NAME: 'acct8True', LMS_HOST: 'lms.example.com' });
    for (const key of LEFT_OUT) expect(outcome.stderr).toMatch(new RegExp(`^drydock-fn: note: ${key} left out: .*Jinja`, 'm'));
    // Neither the templates nor the values they name are shown.
    expect(outcome.stderr).not.toMatch(/SENTRY_KEY|sentry\.example|s3cr|CONTACT_EMAIL|replace|\{\{|\{%|\{#/);
    // drydock-fn reads the licence key rendered, and newrelic.ini holds it.
    const run = runOnManifests(readFixture('tutor-v22/default', 'built.yaml'), configMap);
    expect(run.results.filter((result) => result.severity === 'error')).toEqual([]);
    const ini = itemsOf(run.output).find((item) => item.kind === 'ConfigMap' && item.data?.['newrelic.ini'])?.data['newrelic.ini'] as string;
    expect(ini).toMatch(/^license_key = abc123-eu01$/m);
    expect(ini).not.toContain('{');
  });

  test(`what it renders is what Jinja renders from config.yml (Tutor's Environment: StrictUndefined)${JINJA_MISSING ? ` (skipped: ${JINJA_MISSING})` : ''}`, () => {
    if (JINJA_MISSING) return;
    const outcome = configFromTutorCommand(['config.yml'], () => Buffer.from(configYml));
    const data = (YAML.parse(outcome.stdout) as Item).data as Record<string, string>;
    const program = [
      'import json, sys, yaml, jinja2',
      'config = yaml.safe_load(sys.stdin.read())',
      'env = jinja2.Environment(undefined=jinja2.StrictUndefined)',
      'out = {}',
      'for key, value in config.items():',
      '    try: out[key] = env.from_string(value).render(**config) if isinstance(value, str) else None',
      '    except Exception as error: out[key] = {"error": type(error).__name__}',
      'json.dump(out, sys.stdout)',
    ].join('\n');
    const jinja = spawnSync('python3', ['-c', program], { input: configYml, encoding: 'utf8' });
    expect(jinja.stderr).toBe('');
    const rendered = JSON.parse(jinja.stdout) as Record<string, unknown>;
    const written = Object.keys(data).filter((key) => /\{\{/.test(configYml.split('\n').find((line) => line.startsWith(`${key}:`)) ?? ''));
    expect(written.sort()).toEqual(['BACKUP_AZURE_ACCOUNT_NAME', 'BACKUP_BUCKET_PATH', 'DRYDOCK_NEWRELIC_LICENSE_KEY']);
    for (const key of written) expect({ key, value: YAML.parse(data[key]) }).toEqual({ key, value: rendered[key] });
  });
});

describe('config-from-tutor: the keys it writes that are not Drydock\'s own', () => {
  test('docs/migrating-from-drydock.md names every one, and config-from-tutor writes each from config.yml', () => {
    const tutorKeys = ['PLUGINS', ...[...drydockNames().keys()].filter((name) => !/^(DRYDOCK|BACKUP)_/.test(name))].sort();
    const guide = readFileSync(path.join(ROOT, 'docs', 'migrating-from-drydock.md'), 'utf8');
    expect(tutorKeys.filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
    expect(tutorKeys).toEqual(expect.arrayContaining(['LMS_HOST', 'CMS_HOST', 'MONGODB_ROOT_USERNAME', 'MONGODB_ROOT_PASSWORD']));
    // Each is read from config.yml (a value that fits every one of these settings), and an unknown Tutor key is not.
    const configYml = `${tutorKeys.map((name) => `${name}: ${name === 'PLUGINS' ? '[mfe]' : name === 'TUTOR_VERSION' ? '"22.0.0"' : /IMAGE/.test(name) ? 'docker.io/example:1' : /HOST/.test(name) ? 'host.example.com' : name === 'CONTACT_EMAIL' ? 'ops@example.com' : 'value'}`).join('\n')}\nMYSQL_ROOT_PASSWORD: not-read\n`;
    // Drydock 19.3.0 has every one of them (22.0.0 lacks OPENEDX_DEBUG_COOKIE, and leaves it out).
    expect(Object.keys(settingsFromTutorConfig(configYml, [19, 3, 0]).data).sort()).toEqual(tutorKeys);
  });
});

describe('config-from-tutor: the note on secret values', () => {
  // Drydock 17.6.0 has Sentry (22.0.0 would leave its DSN out as a setting it lacks).
  const noteOf = (configYml: string): string | undefined => settingsFromTutorConfig(configYml, [17, 6, 0]).notes.find((note) => /secret value/.test(note));

  test('one key holds a secret value, several hold secret values; the values themselves are never in a note', () => {
    expect(noteOf('DRYDOCK_SENTRY_DSN: https://key@sentry.example.com/1\n')).toBe(
      'DRYDOCK_SENTRY_DSN holds a secret value, as in config.yml: keep this file as you keep config.yml, or move it to a Secret (docs/operations/secrets.md)',
    );
    expect(noteOf('DRYDOCK_SENTRY_DSN: https://key@sentry.example.com/1\nMONGODB_ROOT_PASSWORD: pw-42\n')).toBe(
      'DRYDOCK_SENTRY_DSN, MONGODB_ROOT_PASSWORD hold secret values, as in config.yml: keep this file as you keep config.yml, or move them to Secrets (docs/operations/secrets.md)',
    );
    // An empty secret is no secret to keep.
    expect(noteOf('MONGODB_ROOT_PASSWORD: ""\nLMS_HOST: lms.example.com\n')).toBeUndefined();
  });
});

describeWithFixtures('the commands', () => {
  const read = (name: string): Buffer => readFileSync(name);

  test('config-from-tutor: Drydock 17 defaults written out, removed settings noted, secrets named but not shown', () => {
    const outcome = configFromTutorCommand(['--drydock-version', '17.6.0', fixturePath('tutor-v17/with-plugins/drydock-defaults', 'config.yml')], read);
    expect(outcome.exitCode).toBe(0);
    const configMap = YAML.parse(outcome.stdout);
    expect(configMap.data).toMatchObject({ DRYDOCK_INGRESS: 'false', DRYDOCK_ENABLE_SENTRY: 'true', DRYDOCK_ENABLE_CELERY_TUNING: 'true' });
    expect(outcome.stderr).toContain('DRYDOCK_INGRESS: "false" written out');
    const all = configFromTutorCommand(['--drydock-version=17.6.0', fixturePath('tutor-v17/with-plugins/drydock-all-features', 'config.yml')], read);
    expect(all.stderr).toContain('DRYDOCK_BYPASS_CADDY left out');
    expect(all.stderr).toContain('DRYDOCK_SENTRY_DSN');
    expect(all.stderr).not.toContain('sentry.example.com');
    expect(YAML.parse(all.stdout).data.DRYDOCK_INGRESS_EXTRA_HOSTS).toBe('["extra1.example.com","extra2.example.com"]');
    // Tutor's plugin list comes along (the context's plugins; drydock-backups would switch the backups on).
    expect(JSON.parse(YAML.parse(all.stdout).data.PLUGINS)).toEqual(expect.arrayContaining(['drydock', 'mfe', 'forum']));
  });

  test('config-from-tutor: usage errors', () => {
    expect(configFromTutorCommand([], read).exitCode).toBe(2);
    expect(configFromTutorCommand(['--drydock-version', 'latest', 'config.yml'], read).stderr).toContain('--drydock-version expects a release');
    expect(configFromTutorCommand(['/nonexistent/config.yml'], read)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('cannot read /nonexistent/config.yml: ENOENT') });
  });

  test('compare: two files, exit 0 when equivalent, 1 otherwise, 2 on usage errors', () => {
    const built = fixturePath('tutor-v22/default', 'built.yaml');
    const same = compareCommand([built, built], read);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toContain('Result: no unexplained difference.');
    const differs = compareCommand([built, fixturePath('tutor-v22/drydock-defaults', 'built.yaml')], read);
    expect(differs.exitCode).toBe(1);
    expect(differs.stdout).toContain('Unexplained differences:');
    expect(compareCommand([built], read).exitCode).toBe(2);
    expect(compareCommand(['--format', 'xml', built, built], read).exitCode).toBe(2);
    expect(JSON.parse(compareCommand(['--format=json', built, built], read).stdout).equivalent).toBe(true);
    expect(parseManifests('a: 1\n---\n# only a comment\n---\nb: 2\n', 'x')).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe('waves: the Argo CD sync plan', () => {
  const read = (name: string): Buffer => readFileSync(path.join(ROOT, name));

  test('init Jobs in their waves, the post-init Deployments after them, Tutor\'s templates never applied', () => {
    const outcome = wavesCommand(['examples/init-jobs/expected.yaml'], read);
    expect(outcome.exitCode).toBe(0);
    const lines = outcome.stdout.split('\n');
    const row = (resource: string): number => lines.findIndex((line) => line.endsWith(` ${resource}`));
    expect(lines[row('Job/drydock-lms-job-0')]).toMatch(/^ {3}1 {2}Sync +Job\/drydock-lms-job-0$/);
    expect(row('Namespace/openedx')).toBeLessThan(row('ConfigMap/redis-config-4gbgdh84gf'));
    expect(row('Job/drydock-cms-job-5')).toBeLessThan(row('Deployment/lms'));
    expect(lines[row('Deployment/lms')]).toMatch(/^ 100 +Deployment\/lms$/);
    expect(outcome.stdout).toContain('Never applied (hook: Skip):\n  Job/cms-job\n  Job/lms-job\n  Job/mysql-job\n');
  });

  test('--wave shows one wave', () => {
    expect(wavesCommand(['--wave', '7', 'examples/init-jobs/expected.yaml'], read).stdout).toBe('WAVE  HOOK     RESOURCE\n   7  Sync     Job/drydock-lms-job-3\n');
    expect(wavesCommand(['--wave', 'x'], read).exitCode).toBe(2);
  });
});
