/**
 * The migration on every Drydock release line, 15.x to 22.x: `config-from-tutor --drydock-version X`
 * on a config.yml of that line's Tutor, drydock-fn on the line's Tutor-only manifests, and `compare`
 * against that line's Drydock output, for each feature combination of the fixtures.
 *
 * The shared fixtures hold Drydock's own output for Tutor 17 and 22 (test/migration.test.ts compares
 * with them; with DRYDOCK_FN_FIXTURES naming a folder that holds other lines' real output, it compares
 * with those too). For the other lines, Drydock's output is drydock-fn's with the facts of that line
 * drydock-fn does not reproduce put back, as Drydock's releases have them (the literals below): the
 * comparison must explain each of them, and nothing else may differ. The text drydock-fn reproduces
 * per line (the Django settings, uwsgi.ini) is checked against Drydock's text of the line, literally.
 */
import { compareManifests } from '../src/migration/compare';
import { KNOWN_DIFFERENCES } from '../src/migration/known-differences';
import { settingsFromTutorConfig } from '../src/migration/tutor-config';
import { missingFromRelease } from '../src/migration/drydock-releases';
import type { TutorVersion } from '../src/tutor/context';
import { drydockLine, parseRelease } from '../src/tutor/drydock-line';
import { describeWithFixtures, readFixture, testWithFixtures } from './support/fixtures';
import { fixtureInitTasks, initTasksResource, literalYaml } from './support/init-tasks';
import { itemsOf, runOnManifests } from './support/run';

type Item = Record<string, any>;

/** The last release of each Drydock line (the one a deployment of that Tutor line runs). */
const LINES: readonly { tutor: number; release: string }[] = [
  { tutor: 15, release: '15.9.1' },
  { tutor: 16, release: '16.7.4' },
  { tutor: 17, release: '17.6.0' },
  { tutor: 18, release: '18.4.0' },
  { tutor: 19, release: '19.3.0' },
  { tutor: 20, release: '20.3.0' },
  { tutor: 21, release: '21.2.0' },
  { tutor: 22, release: '22.0.0' },
];

/** The settings of the fixtures' Drydock cases (fixtures/README.md), every flag given whatever the line has. */
const ALL_FEATURES: Record<string, unknown> = {
  DRYDOCK_INIT_JOBS: true,
  DRYDOCK_INGRESS: true,
  DRYDOCK_INGRESS_EXTRA_HOSTS: ['extra1.example.com', 'extra2.example.com'],
  DRYDOCK_INGRESS_LMS_EXTRA_HOSTS: ['lms-alias.example.com'],
  DRYDOCK_AUTO_TLS: true,
  DRYDOCK_LETSENCRYPT_EMAIL: 'ops@example.com',
  DRYDOCK_NEWRELIC_LICENSE_KEY: 'nr-license-key-0123456789',
  DRYDOCK_ENABLE_MULTITENANCY: true,
  DRYDOCK_ENABLE_SCORM: true,
  DRYDOCK_POD_LIFECYCLE: true,
  ...Object.fromEntries(['LMS', 'LMS_WORKER', 'CMS', 'CMS_WORKER', 'MFE', 'FORUM', 'CADDY'].map((component) => [`DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_${component}`, 50])),
  DRYDOCK_REGISTRY_CREDENTIALS: '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNzd29yZA=="}}}',
  DRYDOCK_INGRESS_CLASS: 'nginx-internal',
  DRYDOCK_DEBUG: true,
  DRYDOCK_FLOWER: true,
  DRYDOCK_ENABLE_CELERY_TUNING: true,
  DRYDOCK_ENABLE_SENTRY: true,
  DRYDOCK_SENTRY_DSN: 'https://0123456789abcdef@sentry.example.com/42',
};
const CASES: Readonly<Record<string, Record<string, unknown>>> = {
  'drydock-defaults': {},
  'drydock-init-jobs': { DRYDOCK_INIT_JOBS: true },
  'drydock-init-jobs-migrate13': { DRYDOCK_INIT_JOBS: true, DRYDOCK_MIGRATE_FROM: 13 },
  'drydock-init-jobs-excluded': { DRYDOCK_INIT_JOBS: true, DRYDOCK_INIT_JOBS_EXCLUDED: ['mysql-job'] },
  'drydock-all-features': ALL_FEATURES,
  'drydock-all-off': {
    DRYDOCK_INIT_JOBS: false,
    DRYDOCK_INGRESS: false,
    DRYDOCK_AUTO_TLS: false,
    DRYDOCK_ENABLE_MULTITENANCY: false,
    DRYDOCK_ENABLE_SCORM: false,
    DRYDOCK_POD_LIFECYCLE: false,
    DRYDOCK_ENABLE_CELERY_TUNING: false,
    DRYDOCK_ENABLE_SENTRY: false,
  },
};

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const named = (objects: Item[], kind: string, name: string): Item | undefined => objects.find((object) => object.kind === kind && object.metadata?.name === name);

/** Drydock 15.x's pod lifecycle (templates/drydock/k8s/lifecycle/lms.yml of 15.9.1) on the Deployment `name`. */
function withDrydock15Lifecycle(deployment: Item, host: string): void {
  const name = deployment.metadata.name as string;
  const podSpec = deployment.spec.template.spec;
  const container = podSpec.containers.find((candidate: Item) => candidate.name === name);
  container.lifecycle = { ...container.lifecycle, preStop: { exec: { command: ['sleep', '30'] } } };
  container.startupProbe = { httpGet: { httpHeaders: [{ name: 'Host', value: host }], path: '/heartbeat', port: 8000 }, initialDelaySeconds: 5, timeoutSeconds: 3, periodSeconds: 5, failureThreshold: 5 };
  delete container.livenessProbe;
  delete podSpec.affinity;
  podSpec.terminationGracePeriodSeconds = 60;
}

/**
 * Drydock's output of a line: drydock-fn's without its own bookkeeping (the rules' drydock-fn side),
 * with the facts of the line drydock-fn does not reproduce.
 */
function drydockOfLine(ours: Item[], tutor: number, settings: Record<string, unknown>): Item[] {
  let objects = copy(ours).map((object) => KNOWN_DIFFERENCES.reduce((current, rule) => rule.normaliseDrydockFn?.(current) ?? current, object));
  // Ingress names: Drydock 15–18 named them ingress-<name>, an extra host's ingress-<host>-tls (renamed in 19.3.0/20.3.0/21.2.0).
  const extraHosts = new Set(((settings.DRYDOCK_INGRESS_EXTRA_HOSTS as string[] | undefined) ?? []).map((host) => host.replace(/\./g, '-')));
  if (tutor <= 18) {
    for (const object of objects) {
      if (object.kind !== 'Ingress' || object.metadata.name === 'ingress-debug') continue;
      object.metadata.name = extraHosts.has(object.metadata.name) ? `ingress-${object.metadata.name}-tls` : `ingress-${object.metadata.name}`;
    }
  }
  // The meilisearch and notes Ingresses came with Drydock 20.0.0; Drydock 20 dropped lms-preview.
  const dropped = tutor <= 19 ? ['meilisearch', 'notes'] : ['lms-preview'];
  objects = objects.filter((object) => !(object.kind === 'Ingress' && dropped.includes(object.metadata.name)));
  // Drydock 15.x's lifecycle values.
  if (tutor === 15) {
    for (const [name, host] of [['lms', 'lms.example.com'], ['cms', 'studio.example.com']]) {
      const deployment = named(objects, 'Deployment', name);
      if (deployment?.spec.template.spec.containers.some((container: Item) => container.startupProbe)) withDrydock15Lifecycle(deployment, host);
    }
  }
  // The debug canary (to 19.3.0): the kubernetes.io/ingress.class annotation, hard-coded to nginx.
  const debug = named(objects, 'Ingress', 'ingress-debug');
  if (debug) {
    delete debug.spec.ingressClassName;
    debug.metadata.annotations = { ...debug.metadata.annotations, 'kubernetes.io/ingress.class': 'nginx' };
  }
  return objects;
}

/** config.yml of the line's Tutor with the case's Drydock settings added, as `tutor config save --set` writes them. */
function configYml(flavour: string, settings: Record<string, unknown>): string {
  const base = readFixture(flavour, 'default', 'config.yml');
  return base + Object.entries(settings).map(([name, value]) => `${name}: ${JSON.stringify(value)}\n`).join('');
}

interface LineRun {
  readonly ours: Item[];
  readonly notes: readonly string[];
  readonly errors: readonly string[];
}

function migrate(flavour: string, release: string, settings: Record<string, unknown>): LineRun {
  const { data, notes } = settingsFromTutorConfig(configYml(flavour, settings), parseRelease(release));
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock-settings' }, data };
  const tutorOnly = `${readFixture(flavour, 'default', 'built.yaml')}---\n${literalYaml(initTasksResource(fixtureInitTasks(`${flavour}/default`)))}`;
  const outcome = runOnManifests(tutorOnly, configMap);
  return { ours: itemsOf(outcome.output), notes, errors: outcome.results.filter((result) => result.severity === 'error').map((result) => result.message) };
}

const unexplained = (drydock: Item[], ours: Item[]) =>
  compareManifests(drydock, ours)
    .objects.filter((object) => object.status !== 'same' && object.status !== 'known')
    .map((object) => ({ resource: object.resource, status: object.status, fields: object.fields.map((field) => field.path) }));

const settingsText = (objects: Item[], service: 'lms' | 'cms'): string => {
  const configMap = objects.find((object) => object.kind === 'ConfigMap' && String(object.metadata.name).startsWith(`openedx-settings-${service}`));
  return configMap?.data['production.py'] as string;
};
const uwsgiText = (objects: Item[]): string => objects.find((object) => object.kind === 'ConfigMap' && String(object.metadata.name).startsWith('openedx-uwsgi-config'))?.data['uwsgi.ini'] as string;

/** Drydock 15.9.1's SCORM storage (patches/openedx-common-settings), as Tutor renders it. */
const SCORM_15 = `# SCORM SETTINGS
def scorm_xblock_storage(xblock):
    from django.conf import settings
    from storages.backends.s3boto3 import S3Boto3Storage
    if SERVICE_VARIANT == "lms":
        domain = settings.LMS_BASE
    else:
        domain = settings.CMS_BASE
    return S3Boto3Storage(
        bucket=AWS_STORAGE_BUCKET_NAME,
        access_key=AWS_ACCESS_KEY_ID,
        secret_key=AWS_SECRET_ACCESS_KEY,
        querystring_expire=86400,
        custom_domain=f"{domain}/scorm-proxy"
    )
XBLOCK_SETTINGS["ScormXBlock"] = {
    "STORAGE_FUNC": scorm_xblock_storage,
}
`;
/** Drydock 16.7.4's: the request's host, still `bucket=`; then the LOGGING changes. */
const SCORM_16 = `    from xmodule.util.xmodule_django import get_current_request_hostname

    domain = get_current_request_hostname()

    if not domain:
        if SERVICE_VARIANT == "lms":
            domain = settings.LMS_BASE
        else:
            domain = settings.CMS_BASE

    return S3Boto3Storage(
        bucket=AWS_STORAGE_BUCKET_NAME,`;
const LOGGING = 'LOGGING["loggers"].pop("tracking")';
const KEEP_ALIVE = 'http-keepalive = 1';

describeWithFixtures('the migration on every Drydock line: config-from-tutor, build, compare', () => {
  describe.each(LINES.flatMap((line) => [`tutor-v${line.tutor}`, `tutor-v${line.tutor}/with-plugins`].map((flavour) => ({ ...line, flavour }))))('Drydock $release on $flavour', ({ tutor, release, flavour }) => {
    const cases = Object.entries(CASES).filter(([name]) => name !== 'drydock-init-jobs-excluded' || tutor >= 19);
    test.each(cases)('%s: no error, nothing unexplained', (_name, settings) => {
      const run = migrate(flavour, release, settings);
      expect(run.errors).toEqual([]);
      expect(unexplained(drydockOfLine(run.ours, tutor, settings), run.ours)).toEqual([]);
    });
  });

  test.each(LINES)("every feature on: the line's differences are the known ones, the settings it lacks are left out (Drydock $release)", ({ tutor, release }) => {
    const run = migrate(`tutor-v${tutor}/with-plugins`, release, ALL_FEATURES);
    const comparison = compareManifests(drydockOfLine(run.ours, tutor, ALL_FEATURES), run.ours);
    const known = new Set(comparison.objects.flatMap((object) => object.known));
    expect(known.has('ingress-names')).toBe(tutor <= 18);
    expect(known.has('pod-lifecycle-values')).toBe(tutor === 15);
    // Tutor serves meilisearch from 19 (the fixtures have no notes).
    expect(named(run.ours, 'Ingress', 'meilisearch') !== undefined).toBe(tutor >= 19);
    expect(known.has('served-host-ingresses')).toBe(tutor === 19);
    expect(known.has('debug-ingress-class')).toBe(tutor <= 19);
    expect(known.has('lms-preview-ingress')).toBe(tutor === 20);
    // Settings the release does not have were ignored by it: left out, with a note, and not acted on.
    const leftOut = run.notes.filter((note) => note.includes(`Drydock ${release} has no such setting`)).map((note) => note.split(' ')[0]);
    const expected = [
      ...(tutor <= 16 ? ['DRYDOCK_REGISTRY_CREDENTIALS'] : []),
      ...(tutor <= 18 ? ['DRYDOCK_INGRESS_CLASS'] : []),
      ...(tutor >= 18 ? ['DRYDOCK_ENABLE_CELERY_TUNING', 'DRYDOCK_ENABLE_SENTRY', 'DRYDOCK_FLOWER', 'DRYDOCK_SENTRY_DSN'] : []),
      ...(tutor >= 20 ? ['DRYDOCK_DEBUG'] : []),
    ];
    expect(leftOut.sort()).toEqual(expected.sort());
    expect(named(run.ours, 'Deployment', 'flower-edxapp') !== undefined).toBe(tutor <= 17);
    expect(named(run.ours, 'Secret', 'openedx-image-pull-secret') !== undefined).toBe(tutor >= 17);
    expect(named(run.ours, 'Ingress', 'ingress-debug') !== undefined).toBe(tutor <= 19);
  });

  test('Drydock 22 with a leftover DRYDOCK_FLOWER: left out with a note, no Flower; Drydock 17 keeps it', () => {
    const leftover = { DRYDOCK_FLOWER: true };
    const at22 = migrate('tutor-v22', '22.0.0', leftover);
    expect(at22.notes).toContain('DRYDOCK_FLOWER left out: Drydock 22.0.0 has no such setting (Flower was removed before it), so it ignored it');
    expect(named(at22.ours, 'Deployment', 'flower-edxapp')).toBeUndefined();
    expect(unexplained(drydockOfLine(at22.ours, 22, leftover), at22.ours)).toEqual([]);
    expect(named(migrate('tutor-v17', '17.6.0', leftover).ours, 'Deployment', 'flower-edxapp')).toBeDefined();
  });

  test('Drydock 19.3.0 honours DRYDOCK_INIT_JOBS_EXCLUDED, 19.2.0 did not have it', () => {
    const settings = CASES['drydock-init-jobs-excluded'];
    const jobs = (run: LineRun) => run.ours.filter((object) => object.kind === 'Job' && /^drydock-mysql-job-/.test(object.metadata.name)).length;
    expect(jobs(migrate('tutor-v19', '19.3.0', settings))).toBe(0);
    expect(jobs(migrate('tutor-v19', '19.2.0', settings))).toBe(1);
  });

  test("the text of each line is Drydock's: SCORM storage, LOGGING and uWSGI lines (Drydock 15.9.1, 16.7.4, 17.6.0)", () => {
    const scorm = { DRYDOCK_ENABLE_SCORM: true };
    const at15 = migrate('tutor-v15', '15.9.1', scorm).ours;
    expect(settingsText(at15, 'lms')).toContain(`\n${SCORM_15}`);
    expect(settingsText(at15, 'cms')).not.toContain(LOGGING);
    expect(uwsgiText(at15)).not.toContain(KEEP_ALIVE);
    const at16 = migrate('tutor-v16', '16.7.4', scorm).ours;
    expect(settingsText(at16, 'lms')).toContain(SCORM_16);
    expect(settingsText(at16, 'lms')).toContain(`}\n\n\n${LOGGING}`);
    expect(uwsgiText(at16)).toContain(KEEP_ALIVE);
    const at17 = migrate('tutor-v17', '17.6.0', scorm).ours;
    expect(settingsText(at17, 'lms')).toContain('        bucket_name=AWS_STORAGE_BUCKET_NAME,');
    expect(settingsText(at17, 'lms')).not.toContain('        bucket=');
  });

  test('what is not a fact of the line stays unexplained: another probe value, another line of text', () => {
    const run = migrate('tutor-v15', '15.9.1', ALL_FEATURES);
    const drydock = drydockOfLine(run.ours, 15, ALL_FEATURES);
    named(drydock, 'Deployment', 'lms')!.spec.template.spec.containers.find((container: Item) => container.name === 'lms').startupProbe.periodSeconds = 6;
    const settings = drydock.find((object) => object.kind === 'ConfigMap' && String(object.metadata.name).startsWith('openedx-settings-lms'))!;
    settings.data['production.py'] = settings.data['production.py'].replace('        bucket=', '        bucket_name=');
    expect(unexplained(drydock, run.ours).map((object) => object.resource).sort()).toEqual([`ConfigMap/${settings.metadata.name}`, 'Deployment/lms']);
  });
});

test("the lines are drydock-fn's: each Tutor major's Drydock release is the one reproduced", () => {
  expect(LINES.map((line) => drydockLine({ major: line.tutor, minor: 0, patch: 0 } as TutorVersion).release)).toEqual(LINES.map((line) => line.release));
});

describe('which Drydock release has which setting (checked against the tags of every release 15.0.0–21.2.0)', () => {
  const has = (name: string, release: string): boolean => missingFromRelease(name, parseRelease(release)!) === undefined;
  test.each([
    // [setting, last release without it or with it, first release of the change]
    ['DRYDOCK_FLOWER', '18.2.2', '18.2.3', 'removed'],
    ['DRYDOCK_ENABLE_CELERY_TUNING', '18.2.2', '18.2.3', 'removed'],
    ['DRYDOCK_ENABLE_SENTRY', '18.2.0', '18.2.1', 'removed'],
    ['DRYDOCK_DEBUG', '20.2.0', '20.3.0', 'removed'],
    ['DRYDOCK_DEBUG', '21.0.0', '21.1.0', 'removed'],
    ['OPENEDX_DEBUG_COOKIE', '21.0.0', '21.1.0', 'removed'],
    ['DRYDOCK_INGRESS_CLASS', '19.2.0', '19.3.0', 'added'],
    ['DRYDOCK_INGRESS_CLASS', '20.2.0', '20.3.0', 'added'],
    ['DRYDOCK_INGRESS_CLASS', '21.0.0', '21.1.0', 'added'],
    ['DRYDOCK_INIT_JOBS_EXCLUDED', '19.2.0', '19.3.0', 'added'],
    ['DRYDOCK_INIT_JOBS_EXCLUDED', '20.0.0', '20.1.0', 'added'],
    ['DRYDOCK_REGISTRY_CREDENTIALS', '17.5.4', '17.6.0', 'added'],
    ['DRYDOCK_REGISTRY_CREDENTIALS', '18.2.8', '18.3.0', 'added'],
    ['DRYDOCK_REGISTRY_CREDENTIALS', '19.0.1', '19.1.0', 'added'],
    ['DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CADDY', '15.8.1', '15.9.0', 'added'],
    ['DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS', '16.4.1', '16.5.0', 'added'],
    ['DRYDOCK_MIGRATE_FROM', '17.2.0', '17.3.0', 'added'],
    ['DRYDOCK_POST_INIT_DEPLOYMENTS', '15.8.0', '15.8.1', 'added'],
    ['DRYDOCK_INGRESS_LMS_EXTRA_HOSTS', '15.1.0', '15.2.0', 'added'],
  ])('%s: %s → %s %s', (name, before, after, change) => {
    expect([has(name, before), has(name, after)]).toEqual(change === 'added' ? [false, true] : [true, false]);
  });

  test('lines after the last change keep it or lack it; settings with no history are always there', () => {
    expect([has('DRYDOCK_FLOWER', '17.6.0'), has('DRYDOCK_FLOWER', '22.0.0'), has('DRYDOCK_DEBUG', '19.3.0'), has('DRYDOCK_DEBUG', '22.0.0')]).toEqual([true, false, true, false]);
    expect([has('DRYDOCK_INGRESS_CLASS', '18.4.0'), has('DRYDOCK_INGRESS_CLASS', '22.0.0'), has('DRYDOCK_REGISTRY_CREDENTIALS', '16.7.4'), has('DRYDOCK_REGISTRY_CREDENTIALS', '20.0.0')]).toEqual([false, true, false, true]);
    expect([has('DRYDOCK_INIT_JOBS', '15.0.0'), has('DRYDOCK_ENABLE_SCORM', '22.0.0')]).toEqual([true, true]);
  });
});

describe('Drydock releases inside a line (drydockRelease, written by config-from-tutor --drydock-version)', () => {
  const tutor = (major: number) => ({ raw: `${major}.0.0`, major, minor: 0, patch: 0 }) as TutorVersion;
  test.each([
    // [release, logging, uwsgi lines, the last two uwsgi lines, SCORM by request host, bucket keyword, patches last, utf8mb4] — from Drydock's tags
    ['15.9.1', false, false, false, false, 'bucket', false, false],
    ['16.7.0', false, false, false, false, 'bucket', false, false],
    ['16.7.1', false, true, false, false, 'bucket', false, false],
    ['16.7.2', true, true, true, false, 'bucket', false, false],
    ['16.7.4', true, true, true, true, 'bucket', false, false],
    ['17.3.4', false, false, false, false, 'bucket', false, false],
    ['17.3.5', false, false, false, false, 'bucket_name', false, false],
    ['17.5.1', false, true, false, false, 'bucket_name', false, false],
    ['17.5.3', true, true, true, false, 'bucket_name', false, false],
    ['17.5.4', true, true, true, true, 'bucket_name', false, false],
    ['18.2.0', false, false, false, false, 'bucket_name', false, false],
    ['18.2.3', false, true, false, false, 'bucket_name', false, false],
    ['18.2.6', true, true, true, true, 'bucket_name', false, false],
    ['19.0.0', true, true, true, true, 'bucket_name', false, false],
    ['19.0.1', true, true, true, true, 'bucket_name', true, false],
    ['20.1.1', true, true, true, true, 'bucket_name', true, false],
    ['20.2.0', true, true, true, true, 'bucket_name', true, true],
  ] as const)('%s', (release, logging, keepAlive, quiet, requestHost, bucket, patchesLast, utf8mb4) => {
    const line = drydockLine(tutor(Number(release.split('.')[0])), release);
    expect([line.release, line.loggingTweaks, line.uwsgiKeepAlive, line.uwsgiQuietShutdown, line.scormRequestHost, line.scormBucketKeyword, line.patchesLast, line.mysqlUtf8mb4]).toEqual([
      release,
      logging,
      keepAlive,
      quiet,
      requestHost,
      bucket,
      patchesLast,
      utf8mb4,
    ]);
  });

  testWithFixtures('config-from-tutor writes drydockRelease for a release older than the last of its line only, and drydock-fn follows it', () => {
    const configYml = readFixture('tutor-v17', 'with-plugins', 'default', 'config.yml');
    const older = settingsFromTutorConfig(configYml, parseRelease('17.3.4'));
    expect(older.data.drydockRelease).toBe('17.3.4');
    expect(older.notes.some((note) => note.startsWith('drydockRelease: "17.3.4" written'))).toBe(true);
    for (const release of ['17.6.0', '17.7.0', '22.0.0']) expect(settingsFromTutorConfig(configYml, parseRelease(release)).data.drydockRelease).toBeUndefined();
    const run = migrate('tutor-v17/with-plugins', '17.3.4', { DRYDOCK_ENABLE_SCORM: true });
    expect(run.errors).toEqual([]);
    // 17.3.4: no LOGGING lines, no uWSGI lines, the SCORM storage by the service's host with bucket=.
    expect(settingsText(run.ours, 'lms')).not.toContain(LOGGING);
    expect(settingsText(run.ours, 'lms')).toContain('    if SERVICE_VARIANT == "lms":\n        domain = settings.LMS_BASE\n    else:\n        domain = settings.CMS_BASE\n    return S3Boto3Storage(\n        bucket=AWS_STORAGE_BUCKET_NAME,');
    expect(uwsgiText(run.ours)).not.toContain(KEEP_ALIVE);
  });
});
