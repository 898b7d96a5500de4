/**
 * Differential tests against the real readers (issue 13): every fixture × representative
 * configurations, run through drydock-fn, and every text it writes read back by the program that
 * reads it in production, compared with what drydock-fn meant:
 * - Caddyfile: `caddy adapt` succeeds; the sites Tutor wrote mean what they meant before (no extra site,
 *   no extra directive); one catch-all site when multitenancy is on (Drydock's, where the input had
 *   it), none when off; the SCORM routes rewrite and proxy to the bucket and host configured.
 * - Django settings: every settings file drydock-fn edits compiles, and the top-level statements it
 *   adds to Tutor's file are exactly the ones meant (Python's ast, the forum database built by Python
 *   from the value).
 * - newrelic.ini: configparser, as the agent reads it, gives exactly the keys and values meant.
 * - Job scripts: `sh -n` parses every script of every generated Job; run with stand-in clients, the
 *   root, backup user and password values arrive as one argument each, the SQL and JavaScript they are
 *   part of read back as the values given.
 * The Drydock cases get another plugin's site after Drydock's catch-all (issue 13, case 4).
 */
import * as path from 'path';
import * as YAML from 'yaml';
import { SENTRY_SETTINGS_FROM_ENV } from '../../src/features/lib/sentry-settings';
import { scormXBlockSettings } from '../../src/features/lib/common-settings-patch';
import { drydockLine } from '../../src/tutor/drydock-line';
import { parseVersion } from '../../src/tutor/context';
import { caddyMeaning, upstreamsOf } from '../support/caddy-meaning';
import type { CaddyMeaning, ScormRoute } from '../support/caddy-meaning';
import { documentsOf, holdsOldDrydockIngresses } from '../support/drydock-cases';
import { describeWithFixtures, fixtureCases, fixturePath, readFixture } from '../support/fixtures';
import { fixtureInitTasks, initTasksResource } from '../support/init-tasks';
import { generatedJobScripts, mongoUserCalls, mysqlStringLiterals, runWithStubClients, shSyntaxErrors } from '../support/job-scripts';
import { NEWRELIC_INI_AS_THE_AGENT_READS, caddyAdaptAll, caddyMissing, pythonMissing, runPython } from '../support/readers';
import { drydockConfig, itemsOf, runOnManifests } from '../support/run';
import { existsSync } from 'fs';

type Item = Record<string, any>;

const ROOT_USER = "ad'min";
const ROOT_PASSWORD = 'p@ss "w$rd" `id` \\ ä';
const MYSQL_BACKUP = { username: "back'up", password: 'it\'s \\ "x"; DROP USER root; --\n2nd line' };
const MONGO_BACKUP = { username: 'backup', password: 'pw"\u2028\\$(id)\'' };
const LICENSE = '0123456789abcdef0123456789abcdef01234567';
const APP_NAME = 'Open edX; staging #1 = "x"';
const EXTRA = 'transaction_tracer.enabled = true\n# comment\nproxy_host: http://proxy:3128 ; not a comment\n';
const FORUM = 'forum_ä';
const MINIO_SITE = 'files.example.com{$default_site_port} {\n    import proxy "minio:9000"\n}\n';

interface Configuration {
  readonly spec: Record<string, unknown>;
  readonly initJobs: boolean;
  readonly multitenancy: boolean;
  /** The SCORM route every site gets, or undefined when any (the defaults decide from the manifests). */
  readonly scorm?: ScormRoute;
  readonly newrelic?: [string, string][];
}

const CONFIGURATIONS: Readonly<Record<string, Configuration>> = {
  defaults: { spec: {}, initJobs: false, multitenancy: true },
  'text features with values': {
    spec: {
      initJobs: { enabled: true, migrateFrom: 13, mongodbRootUsername: ROOT_USER, mongodbRootPassword: ROOT_PASSWORD },
      newRelic: { licenseKey: LICENSE, appName: APP_NAME, extraConfig: EXTRA },
      scorm: { storage: 'minio', minioHost: 'files.example.com', minioBucket: 'scorm-bucket' },
      djangoSettings: { forumMongodbDatabase: FORUM, mysqlUtf8mb4: true },
      sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } },
      backups: { enabled: true, storage: { bucket: 'backups', credentialsSecretName: 'backup-keys' }, mysql: MYSQL_BACKUP, mongodb: MONGO_BACKUP },
      validation: { skip: ['RESOURCE_MISSING'] },
    },
    initJobs: true,
    multitenancy: true,
    scorm: { rewrite: 'replace:/scorm-proxy/>/scorm-bucket/', dial: ['minio:9000'], tls: false, hostHeader: ['files.example.com'] },
    newrelic: [
      ['license_key', LICENSE],
      ['app_name', APP_NAME],
      ['transaction_tracer.enabled', 'true'],
      ['proxy_host', 'http://proxy:3128 ; not a comment'],
    ],
  },
  'S3, multitenancy and logging off, key from a Secret': {
    spec: {
      multitenancy: { enabled: false },
      scorm: { storage: 's3', s3Bucket: 'uploads', s3Host: 'objects.example.net' },
      djangoSettings: { loggingTweaks: false, forumMongodbDatabase: '' },
      newRelic: { licenseKeySecretRef: { name: 'newrelic' }, appName: 'plain' },
    },
    initJobs: false,
    multitenancy: false,
    scorm: { rewrite: 'strip:/scorm-proxy', dial: ['uploads.objects.example.net:443'], tls: true, hostHeader: ['uploads.objects.example.net'] },
    newrelic: [['app_name', 'plain']],
  },
};

const CASES = fixtureCases();
const isDrydockCase = (relative: string): boolean => path.basename(relative).startsWith('drydock-');
/** The Tutor-only case of the same flavour (tutor-v22/default for tutor-v22/drydock-*). */
const tutorOnlyCase = (relative: string): string => path.join(path.dirname(relative), 'default');

function initTasksFor(relative: string): Record<string, unknown> {
  for (let dir = relative; dir !== '.'; dir = path.dirname(dir)) {
    if (existsSync(fixturePath(dir, 'init-tasks.json'))) return initTasksResource(fixtureInitTasks(dir));
  }
  throw new Error(`no init-tasks.json for ${relative}`);
}

/** The case's manifests, another plugin's site after Drydock's catch-all in the Drydock cases. */
function inputOf(relative: string): Item[] {
  const items = documentsOf(readFixture(relative, 'built.yaml'));
  if (!isDrydockCase(relative)) return items;
  return items.map((item) => (item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config-') ? { ...item, data: { ...item.data, Caddyfile: `${item.data.Caddyfile}\n${MINIO_SITE}` } } : item));
}

const tutorOnlyCache = new Map<string, Item[]>();
function tutorOnlyItems(relative: string): Item[] {
  const key = tutorOnlyCase(relative);
  if (!tutorOnlyCache.has(key)) tutorOnlyCache.set(key, documentsOf(readFixture(key, 'built.yaml')));
  return tutorOnlyCache.get(key) as Item[];
}

interface Run {
  readonly relative: string;
  readonly configuration: string;
  readonly input: Item[];
  readonly output: Item[];
}

const configMapData = (items: readonly Item[], baseName: string): Record<string, string> | undefined =>
  items.find((item) => item.kind === 'ConfigMap' && new RegExp(`^${baseName}(-[a-z0-9]{10})?$`).test(item.metadata.name))?.data;

/**
 * The configurations of a case: all three for Tutor's own output; for Drydock's output (where the
 * point is recognising Drydock's text, with another plugin's site after its catch-all) the defaults,
 * and every configuration for the all-features case.
 */
function configurationsOf(relative: string): string[] {
  return !isDrydockCase(relative) || path.basename(relative) === 'drydock-all-features' ? Object.keys(CONFIGURATIONS) : ['defaults'];
}

/** Runs every case × configuration once; the readers below share the outputs. */
function runAll(): Run[] {
  const runs: Run[] = [];
  for (const relative of CASES) {
    const input = inputOf(relative);
    for (const name of configurationsOf(relative)) {
      const configuration = CONFIGURATIONS[name];
      const documents = [...input, ...(configuration.initJobs ? [initTasksFor(relative)] : [])].map((item) => YAML.stringify(item, { lineWidth: 0 }));
      // Beside Drydock ≤ 21.1's own Ingresses, drydock-fn's would route the same hosts (ROUTE_CONFLICT): off there.
      const spec = holdsOldDrydockIngresses(relative) ? { ...configuration.spec, ingress: { ...(configuration.spec.ingress as object | undefined), enabled: false } } : configuration.spec;
      const outcome = runOnManifests(documents.join('---\n'), drydockConfig(spec));
      const errors = outcome.results.filter((result) => result.severity === 'error');
      if (errors.length > 0) throw new Error(`${relative} (${name}): ${JSON.stringify(errors)}`);
      runs.push({ relative, configuration: name, input, output: itemsOf(outcome.output) });
    }
  }
  return runs;
}

for (const missing of [caddyMissing(), pythonMissing()]) {
  // eslint-disable-next-line no-console
  if (missing) console.warn(`SKIPPED the reader tests that need it: ${missing}`);
}

describeWithFixtures('what drydock-fn writes, read by the real readers, means what drydock-fn meant', () => {
  let runs: Run[] = [];
  beforeAll(() => {
    runs = runAll();
  });

  test(`${CASES.length} fixtures, ${CASES.map(configurationsOf).flat().length} runs over ${Object.keys(CONFIGURATIONS).length} configurations, without an error`, () => {
    expect(runs).toHaveLength(CASES.map(configurationsOf).flat().length);
  });

  const caddy = caddyMissing();
  (caddy ? test.skip : test)(`Caddyfiles: caddy adapt reads the sites, the catch-all and the SCORM routes meant${caddy ? ` (skipped: ${caddy})` : ''}`, async () => {
    // Each input once, each output once.
    const inputs = CASES.map((relative) => configMapData(inputOf(relative), 'caddy-config')?.Caddyfile as string);
    const outputs = runs.map((run) => configMapData(run.output, 'caddy-config')?.Caddyfile as string);
    expect([...inputs, ...outputs].every((caddyfile) => typeof caddyfile === 'string')).toBe(true);
    const adapted = await caddyAdaptAll([...inputs, ...outputs]);
    runs.forEach((run, index) => {
      const where = `${run.relative} (${run.configuration})`;
      const [before, after] = [adapted[CASES.indexOf(run.relative)], adapted[CASES.length + index]];
      expect({ where, before: before.error, after: after.error }).toEqual({ where, before: undefined, after: undefined });
      const input: CaddyMeaning = caddyMeaning(before.config);
      const output: CaddyMeaning = caddyMeaning(after.config);
      const configuration = CONFIGURATIONS[run.configuration];
      // No site added or lost, no directive of Tutor's sites changed (the SCORM routes apart).
      expect({ where, listen: output.listen, sites: output.sites }).toEqual({ where, listen: input.listen, sites: input.sites });
      // One catch-all with multitenancy (Drydock's own where the input had it), none without.
      expect({ where, catchAll: output.catchAll.length }).toEqual({ where, catchAll: configuration.multitenancy ? 1 : 0 });
      if (configuration.multitenancy) {
        expect({ where, upstreams: upstreamsOf(output.catchAll[0]) }).toEqual({ where, upstreams: ['lms:8000'] });
        if (input.catchAll.length === 1) expect({ where, catchAll: output.catchAll }).toEqual({ where, catchAll: input.catchAll });
      }
      // The SCORM routes: in the LMS, CMS and catch-all sites, to the storage configured.
      const sites = configuration.multitenancy ? 3 : 2;
      if (configuration.scorm) expect({ where, scorm: output.scorm }).toEqual({ where, scorm: Array(sites).fill(configuration.scorm) });
      else expect([0, sites]).toContain(output.scorm.length);
      expect(new Set(output.scorm.map((route) => JSON.stringify(route))).size).toBeLessThanOrEqual(1);
    });
  });

  const python = pythonMissing();
  (python ? test.skip : test)(`Django settings: every edited file compiles and gains exactly the statements meant${python ? ` (skipped: ${python})` : ''}`, () => {
    interface Check {
      where: string;
      baseline: string;
      after: string;
      meant: ({ source: string } | { assign: string; value: string })[];
    }
    const checks: Check[] = [];
    for (const run of runs) {
      const configuration = CONFIGURATIONS[run.configuration];
      const version = parseVersion(run.output.find((item) => item.metadata?.annotations?.['app.kubernetes.io/version'])?.metadata.annotations['app.kubernetes.io/version']);
      const line = drydockLine(version);
      const spec = configuration.spec as { djangoSettings?: { forumMongodbDatabase?: string; loggingTweaks?: boolean; mysqlUtf8mb4?: boolean }; sentry?: unknown };
      const forum = spec.djangoSettings?.forumMongodbDatabase ?? (line.forumDatabase ? 'cs_comments_service' : '');
      const meant: Check['meant'] = [
        { source: scormXBlockSettings(line) },
        ...(!(spec.djangoSettings?.loggingTweaks ?? line.loggingTweaks) ? [] : [{ source: 'LOGGING["loggers"].pop("tracking")\nLOGGING["loggers"][""]["handlers"] = ["console"]' }]),
        ...(forum !== '' ? [{ assign: 'FORUM_MONGODB_DATABASE', value: forum }] : []),
        ...(spec.djangoSettings?.mysqlUtf8mb4 ?? line.mysqlUtf8mb4 ? [{ source: 'DATABASES["default"]["OPTIONS"]["charset"] = "utf8mb4"' }] : []),
        ...(spec.sentry ? [{ source: SENTRY_SETTINGS_FROM_ENV }] : []),
      ];
      const tutorOnly = tutorOnlyItems(run.relative);
      for (const baseName of ['openedx-settings-lms', 'openedx-settings-cms']) {
        const after = configMapData(run.output, baseName) ?? {};
        const baseline = configMapData(tutorOnly, baseName) ?? {};
        for (const key of Object.keys(after).filter((name) => after[name].includes('######## End of settings common to LMS and CMS'))) {
          checks.push({ where: `${run.relative} (${run.configuration}) ${baseName} ${key}`, baseline: baseline[key], after: after[key], meant });
        }
      }
    }
    expect(checks.length).toBeGreaterThanOrEqual(runs.length * 2);
    const read = runPython<{ where: string; inserted: string[]; meant: string[]; other: string[] }[]>(
      [
        'import ast, difflib',
        'def dumps(source):',
        '    return [ast.dump(statement) for statement in ast.parse(source).body]',
        'result = []',
        'for check in data:',
        '    compile(check["after"], check["where"], "exec")',
        '    before, after = dumps(check["baseline"]), dumps(check["after"])',
        '    inserted, other = [], []',
        '    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():',
        '        if tag == "insert": inserted += after[j1:j2]',
        '        elif tag != "equal": other.append(tag)',
        '    meant = []',
        '    for statement in check["meant"]:',
        '        meant += dumps(statement["source"]) if "source" in statement else dumps("%s = %r" % (statement["assign"], statement["value"]))',
        '    result.append({"where": check["where"], "inserted": inserted, "meant": meant, "other": other})',
      ].join('\n'),
      checks,
    );
    for (const file of read) expect({ where: file.where, inserted: file.inserted, other: file.other }).toEqual({ where: file.where, inserted: file.meant, other: [] });
  });

  (python ? test.skip : test)(`newrelic.ini: configparser reads the keys and values meant${python ? ` (skipped: ${python})` : ''}`, () => {
    const files = runs.flatMap((run) => {
      const configuration = CONFIGURATIONS[run.configuration];
      const generated = run.output.find((item) => item.kind === 'ConfigMap' && /^newrelic-cm(-[a-z0-9]{10})?$/.test(item.metadata.name) && item.metadata.annotations?.['drydock.io/generated-by'] === 'drydock-fn');
      expect({ where: run.relative, generated: generated !== undefined }).toEqual({ where: run.relative, generated: configuration.newrelic !== undefined });
      return configuration.newrelic && generated ? [{ ini: generated.data['newrelic.ini'] as string, meant: configuration.newrelic }] : [];
    });
    expect(files.length).toBeGreaterThan(0);
    const read = runPython<{ sections?: string[]; newrelic?: [string, string][]; error?: string }[]>(NEWRELIC_INI_AS_THE_AGENT_READS, files.map((file) => file.ini));
    files.forEach((file, index) => expect(read[index]).toEqual({ sections: ['newrelic'], newrelic: file.meant }));
  });

  test('Job scripts: sh -n parses every script of every generated Job; the values arrive as one argument each and read back as given', () => {
    const scripts = runs.flatMap((run) => generatedJobScripts(run.output).map((script) => ({ ...script, where: `${run.relative} (${run.configuration})` })));
    expect(scripts.length).toBeGreaterThan(CASES.length * 5);
    expect(shSyntaxErrors(scripts.map((script) => script.script)).map(({ index, error }) => ({ where: scripts[index].where, job: scripts[index].job, error }))).toEqual([]);

    // drydock-fn's MongoDB task is the one with the root user (-u); Drydock's own, where Tutor's tasks hold it, has none.
    const ours = scripts.filter((script) => /Initialising MongoDB[^]* -u |Creating the MySQL backup user|Creating the MongoDB backup user/.test(script.script));
    const kinds = (pattern: RegExp): string[] => ours.filter((script) => pattern.test(script.script)).map((script) => script.where);
    const withValues = runs.filter((run) => CONFIGURATIONS[run.configuration].initJobs).map((run) => `${run.relative} (${run.configuration})`);
    // Drydock's own MongoDB task, where Tutor's tasks already hold it (Drydock installed in Tutor), runs instead of drydock-fn's.
    const drydockMongoTask = (where: string): boolean => (initTasksFor(where.replace(/ \(.*$/, '')).spec as { tasks: { service: string }[] }).tasks.some((task) => task.service === 'mongodb');
    expect({ mongodb: kinds(/Initialising MongoDB/), mysql: kinds(/MySQL backup/), mongo: kinds(/MongoDB backup/) }).toEqual({
      mongodb: withValues.filter((where) => !drydockMongoTask(where)),
      mysql: withValues,
      mongo: withValues,
    });
    const ran = runWithStubClients(ours.map((script) => script.script));
    ours.forEach((script, index) => {
      const { calls, status, stderr } = ran[index];
      expect({ where: script.where, job: script.job, status, stderr }).toEqual({ where: script.where, job: script.job, status: 0, stderr: '' });
      const last = calls[calls.length - 1];
      if (script.script.includes('Initialising MongoDB')) {
        const at = last.args.indexOf('-u');
        expect(last.args.slice(at, at + 4)).toEqual(['-u', ROOT_USER, '-p', ROOT_PASSWORD]);
        expect(mongoUserCalls(last.stdin)).toEqual([]);
      } else if (script.script.includes('MySQL')) {
        expect(last.args.slice(-2, -1)).toEqual(['-e']);
        const user = MYSQL_BACKUP.username;
        expect(mysqlStringLiterals(last.args[last.args.length - 1])).toEqual([user, '%', MYSQL_BACKUP.password, user, '%', MYSQL_BACKUP.password, user, '%']);
      } else {
        expect(last.args.slice(-2, -1)).toEqual(['--eval']);
        expect(mongoUserCalls(last.args[last.args.length - 1])).toEqual([{ method: 'createUser', args: [{ user: MONGO_BACKUP.username, pwd: MONGO_BACKUP.password, roles: ['backup'] }] }]);
      }
    });
  });
});
