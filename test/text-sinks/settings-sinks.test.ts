/**
 * Every string setting, the text sink(s) it reaches and the rule that keeps it safe there (issue 13):
 * a setting that reaches a sink without an encoder is one line of text (no line break, no control
 * character), refused otherwise with CONFIG_INVALID_VALUE naming the field and never the value; a
 * setting may hold lines or any text only when every sink it reaches is encoded or validated for it.
 * A new string setting without an entry here fails this test: decide its sinks first.
 */
import { decodeFunctionConfig } from '../../src/config/decode';
import { settingPaths } from '../../src/config/setting-paths';
import type { JsonSchema } from '../../src/config/dsl';
import type { TextKind } from '../../src/encoders/text';
import { drydockConfig } from '../support/run';

/** The sinks with an encoder or validator (src/encoders, and the YAML emitter of src/krm). */
const ENCODED_SINKS = [
  'YAML',
  'Secret data (base64)',
  'shell word (shellWord, shellQuoted)',
  'client option value (optionWords: mongosh, mongo)',
  'JavaScript string (jsString)',
  'MySQL string (mysqlString)',
  'Python string (pythonString)',
  'newrelic.ini value (newRelicIniValueProblem)',
  'newrelic.ini lines (newRelicExtraConfigProblem)',
  'Docker config JSON (dockerConfigJsonProblem)',
  'shell script (the value is the script)',
] as const;

/** Sinks read by another program after YAML, where the value arrives as it is: only one line of text is safe. */
const PLAIN_SINKS = [
  'object name or label (Kubernetes validates)',
  'host name (valid-names rules)',
  'container image reference',
  'environment variable read by the drydock-backups scripts',
  'ingress class (Ingress, Issuer solver)',
  'ingress-nginx annotation value (cookie name)',
  'ACME account e-mail',
  'CronJob schedule (cronScheduleProblem)',
  'Caddyfile token (caddyTokenProblem, caddyHostProblem, caddyBucketProblem)',
  'compared with names only (no sink)',
  'result messages only',
  'Celery worker argument',
] as const;

type Sink = (typeof ENCODED_SINKS)[number] | (typeof PLAIN_SINKS)[number];

interface Decision {
  readonly text: TextKind;
  readonly sinks: readonly Sink[];
  /** A value the setting accepts, holding a line feed ('lines', 'any') or only plain text ('line'). */
  readonly sample?: string;
}

const line = (...sinks: Sink[]): Decision => ({ text: 'line', sinks });
const secret = (...sinks: Sink[]): Decision => ({ text: 'any', sinks, sample: 'any\ntext \u0007 "\' $x' });
const NAME = line('object name or label (Kubernetes validates)');
const HOST = line('host name (valid-names rules)', 'YAML');
const IMAGE = line('container image reference', 'YAML');
const ENV = line('environment variable read by the drydock-backups scripts', 'YAML');

/** Path (list items as `list.field`, map values as `map.*`) → sinks and rule. */
const DECISIONS: Readonly<Record<string, Decision>> = {
  'tutor.version': line('YAML'),
  'tutor.namespace': { text: 'line', sinks: ['object name or label (Kubernetes validates)', 'newrelic.ini value (newRelicIniValueProblem)'] },
  'tutor.lmsHost': HOST,
  'tutor.cmsHost': HOST,
  'tutor.mfeHost': HOST,
  'tutor.previewLmsHost': HOST,
  'tutor.meilisearchHost': HOST,
  'tutor.notesHost': HOST,
  'tutor.contactEmail': line('ACME account e-mail', 'YAML'),
  'tutor.plugins': line('compared with names only (no sink)'),
  'tutor.mfeApps': line('YAML'),
  'tutor.images.openedx': IMAGE,
  'tutor.images.mongodb': IMAGE,
  'tutor.images.mysql': IMAGE,
  'initJobs.excluded': line('compared with names only (no sink)'),
  'initJobs.mongodbRootUsername': line('shell word (shellWord, shellQuoted)', 'client option value (optionWords: mongosh, mongo)', 'YAML'),
  'initJobs.mongodbRootPassword': { ...secret('shell word (shellWord, shellQuoted)', 'client option value (optionWords: mongosh, mongo)', 'YAML'), sample: 'any\ntext "\' $x' },
  'initJobs.mongodbRootPasswordSecretRef.name': NAME,
  'initJobs.mongodbRootPasswordSecretRef.key': NAME,
  'initJobs.tasks.service': NAME,
  'initJobs.tasks.command': { text: 'lines', sinks: ['shell script (the value is the script)', 'YAML'], sample: 'echo a\n\techo b\n' },
  'initJobs.tasks.filter': line('result messages only'),
  'syncWaves.postInitDeployments': NAME,
  'ingress.className': line('ingress class (Ingress, Issuer solver)', 'YAML'),
  'ingress.extraHosts': HOST,
  'ingress.lmsExtraHosts': HOST,
  // Annotation values are the user's, for the ingress controller (a configuration snippet may be lines).
  'ingress.annotations.*': { text: 'any', sinks: ['YAML'] },
  'ingress.tls.letsencryptEmail': line('ACME account e-mail', 'YAML'),
  'ingress.tls.issuer.kind': NAME,
  'ingress.tls.issuer.name': NAME,
  'ingress.tls.customCerts.secretName': NAME,
  'ingress.tls.customCerts.crt': secret('Secret data (base64)'),
  'ingress.tls.customCerts.key': secret('Secret data (base64)'),
  'gatewayApi.parentRefs.name': NAME,
  'gatewayApi.parentRefs.namespace': NAME,
  'gatewayApi.parentRefs.sectionName': NAME,
  'gatewayApi.gateway.name': NAME,
  'gatewayApi.gateway.gatewayClassName': NAME,
  // As the Ingresses' annotations: the user's, for the Gateway's implementation.
  'gatewayApi.gateway.annotations.*': { text: 'any', sinks: ['YAML'] },
  'registryCredentials.dockerConfigJson': { text: 'any', sinks: ['Docker config JSON (dockerConfigJsonProblem)', 'YAML'], sample: '{"auths":\n  {"r.example.com": {"auth": "\\u0007"}}}' },
  'registryCredentials.secretName': NAME,
  'newRelic.licenseKey': line('newrelic.ini value (newRelicIniValueProblem)', 'YAML'),
  'newRelic.licenseKeySecretRef.name': NAME,
  'newRelic.licenseKeySecretRef.key': NAME,
  'newRelic.appName': line('newrelic.ini value (newRelicIniValueProblem)', 'YAML'),
  'newRelic.deployments': NAME,
  'newRelic.extraConfig': { text: 'lines', sinks: ['newrelic.ini lines (newRelicExtraConfigProblem)', 'YAML'], sample: 'log_level = info\n# comment\n' },
  'scorm.storage': line('compared with names only (no sink)'),
  'scorm.minioHost': line('host name (valid-names rules)', 'Caddyfile token (caddyTokenProblem, caddyHostProblem, caddyBucketProblem)'),
  'scorm.minioBucket': line('Caddyfile token (caddyTokenProblem, caddyHostProblem, caddyBucketProblem)'),
  'scorm.s3Bucket': line('Caddyfile token (caddyTokenProblem, caddyHostProblem, caddyBucketProblem)'),
  'scorm.s3Host': line('host name (valid-names rules)', 'Caddyfile token (caddyTokenProblem, caddyHostProblem, caddyBucketProblem)'),
  'podLifecycle.deployments': NAME,
  'djangoSettings.forumMongodbDatabase': line('Python string (pythonString)'),
  'celeryTuning.autoscale': line('Celery worker argument', 'YAML'),
  // The DSN goes into lms.env.yml and cms.env.yml, which eox-core reads as YAML.
  'sentry.dsn': secret('YAML'),
  'sentry.dsnSecretRef.name': NAME,
  'sentry.dsnSecretRef.key': NAME,
  'flower.image': IMAGE,
  'flower.brokerUrlSecretRef.name': NAME,
  'flower.brokerUrlSecretRef.key': NAME,
  'flower.ingress.host': HOST,
  'flower.ingress.basicAuthSecretRef.name': NAME,
  'flower.ingress.basicAuthSecretRef.key': NAME,
  'debug.cookie': line('ingress-nginx annotation value (cookie name)', 'YAML'),
  'debug.canaryIngress': line('compared with names only (no sink)'),
  'backups.image': IMAGE,
  'backups.schedule': line('CronJob schedule (cronScheduleProblem)', 'YAML'),
  'backups.storage.service': ENV,
  'backups.storage.bucket': { text: 'line', sinks: ['environment variable read by the drydock-backups scripts', 'shell word (shellWord, shellQuoted)', 'YAML'] },
  'backups.storage.path': ENV,
  'backups.storage.endpoint': ENV,
  'backups.storage.awsAccessKey': secret('Secret data (base64)'),
  'backups.storage.awsSecretKey': secret('Secret data (base64)'),
  'backups.storage.azureContainerName': ENV,
  'backups.storage.azureAccountName': ENV,
  'backups.storage.azureSasToken': secret('Secret data (base64)'),
  'backups.storage.credentialsSecretName': NAME,
  'backups.ephemeralVolume.size': line('YAML'),
  'backups.ephemeralVolume.storageClass': NAME,
  'backups.mysql.username': { text: 'line', sinks: ['MySQL string (mysqlString)', 'shell word (shellWord, shellQuoted)', 'environment variable read by the drydock-backups scripts'] },
  'backups.mysql.password': secret('MySQL string (mysqlString)', 'shell word (shellWord, shellQuoted)', 'Secret data (base64)'),
  'backups.mysql.passwordSecretRef.name': NAME,
  'backups.mysql.passwordSecretRef.key': NAME,
  'backups.mongodb.username': { text: 'line', sinks: ['JavaScript string (jsString)', 'shell word (shellWord, shellQuoted)', 'environment variable read by the drydock-backups scripts'] },
  'backups.mongodb.password': secret('JavaScript string (jsString)', 'shell word (shellWord, shellQuoted)', 'Secret data (base64)'),
  'backups.mongodb.passwordSecretRef.name': NAME,
  'backups.mongodb.passwordSecretRef.key': NAME,
  'validation.skip': line('compared with names only (no sink)'),
  'strict.warnings': line('compared with names only (no sink)'),
  'drydockRelease': line('compared with names only (no sink)'),
};

function isString(schema: JsonSchema): boolean {
  const types = ([] as unknown[]).concat(schema.type ?? []);
  return types.includes('string');
}

/** Every string setting: strings, lists of strings, maps of strings; fields of list items as `list.field`. */
function stringSettings(): string[] {
  const out: string[] = [];
  for (const { path, setting } of settingPaths()) {
    const schema = setting.schema;
    if (isString(schema) || (schema.type === 'array' && isString((schema.items ?? {}) as JsonSchema))) out.push(path.join('.'));
    else if (schema.type === 'object' && typeof schema.additionalProperties === 'object' && isString(schema.additionalProperties as JsonSchema)) out.push(`${path.join('.')}.*`);
  }
  return out;
}

/** The settings that are lists of groups, with a valid item each test changes one field of. */
const LISTS_OF_GROUPS: readonly { readonly path: string; readonly item: Record<string, string> }[] = [
  { path: 'initJobs.tasks', item: { service: 'lms', command: 'echo' } },
  { path: 'gatewayApi.parentRefs', item: { name: 'openedx' } },
];

/** The field path of a setting's path in results: a list of groups' first item, a map's key left out. */
function resultFieldPath(path: string): string {
  const list = LISTS_OF_GROUPS.find((candidate) => path.startsWith(`${candidate.path}.`));
  return `spec.${list ? `${list.path}[0].${path.slice(list.path.length + 1)}` : path.replace('.*', '')}`;
}

/** A DrydockConfig spec setting `path` to `value` (in a one-item list for list settings and list items). */
function specWith(path: string, value: string): Record<string, unknown> {
  const parts = path.split('.');
  if (parts[parts.length - 1] === '*') return nest(parts.slice(0, -1), { key: value });
  const entry = settingPaths().find((candidate) => candidate.path.join('.') === path);
  const list = LISTS_OF_GROUPS.find((candidate) => path.startsWith(`${candidate.path}.`));
  if (list) return nest(list.path.split('.'), [{ ...list.item, [parts[parts.length - 1]]: value }]);
  const inList = entry?.setting.schema.type === 'array' || path === 'tutor.plugins' || path === 'tutor.mfeApps';
  return nest(parts, inList ? [value] : value);
}

function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, key, index) => (index === path.length - 1 ? { [key]: value } : { [key]: inner }), {});
}

const MARKER = 'marker-4f2c';

describe('every string setting has its sinks decided', () => {
  test('the table lists exactly the string settings', () => {
    expect(Object.keys(DECISIONS).sort()).toEqual(stringSettings().sort());
  });

  test('lines or any text only where every sink encodes or validates it', () => {
    for (const [path, decision] of Object.entries(DECISIONS)) {
      if (decision.text === 'line') continue;
      expect({ path, unencoded: decision.sinks.filter((sink) => !(ENCODED_SINKS as readonly string[]).includes(sink)) }).toEqual({ path, unencoded: [] });
    }
  });

  const lineSettings = Object.entries(DECISIONS).filter(([, decision]) => decision.text === 'line');
  test.each(lineSettings.map(([path]) => [path]))('%s: a line break, a tab, NUL, NEL, U+2028 and DEL are refused, naming the field, never the value', (path) => {
    for (const char of ['\n', '\r', '\t', '\u0000', '\u0085', '\u2028', '\u007f']) {
      const decoded = decodeFunctionConfig(drydockConfig(specWith(path, `${MARKER}${char}x`)));
      const fieldPath = resultFieldPath(path);
      expect(decoded.results).toEqual([expect.objectContaining({ severity: 'error', tags: { code: 'CONFIG_INVALID_VALUE' }, field: { path: expect.stringMatching(new RegExp(`^${fieldPath.replace(/[.[\]]/g, '\\$&')}`)) } })]);
      expect(JSON.stringify(decoded.results)).not.toContain(MARKER);
    }
  });

  const otherSettings = Object.entries(DECISIONS).filter(([, decision]) => decision.text !== 'line');
  test.each(otherSettings.map(([path]) => [path]))('%s: lines (or any text) are accepted as the sinks allow; unpaired surrogates are not', (path) => {
    const decision = DECISIONS[path];
    const sample = decision.sample ?? 'two\nlines';
    expect(decodeFunctionConfig(drydockConfig(specWith(path, sample))).results).toEqual([]);
    if (path.endsWith('.*')) return; // annotation values: a map of strings, any text
    const surrogate = decodeFunctionConfig(drydockConfig(specWith(path, `${MARKER}\ud800`)));
    expect(surrogate.results).toEqual([expect.objectContaining({ tags: { code: 'CONFIG_INVALID_VALUE' } })]);
    if (decision.text === 'lines') {
      const control = decodeFunctionConfig(drydockConfig(specWith(path, `${MARKER}\u001b[31m`)));
      expect(control.results).toEqual([expect.objectContaining({ tags: { code: 'CONFIG_INVALID_VALUE' } })]);
    }
  });
});
