/**
 * The Django settings, env files and uwsgi.ini edits on Tutor 20's real files (examples/tutor-env):
 * what each Tutor line gets, the switches, that the result is valid Python / YAML, idempotence and
 * removal.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { djangoSettings } from '../../src/features/django-settings';
import { commonSettingsPatch, forumDatabaseAfterEdits, scormXBlockSettings } from '../../src/features/lib/common-settings-patch';
import { deriveTutorContext } from '../../src/tutor/context';
import { envPatch, openedxEnv } from '../../src/features/openedx-env';
import { uwsgi } from '../../src/features/uwsgi';
import { drydockLine } from '../../src/tutor/drydock-line';
import { parseVersion } from '../../src/tutor/context';
import { pyyamlLoadAll, pyyamlMissing } from '../support/pyyaml';
import { resourceSetOf, runFeature, settingsOf } from '../support/views';

const ENV = path.join(__dirname, '..', '..', 'examples', 'tutor-env', 'apps', 'openedx');
const read = (...parts: string[]): string => readFileSync(path.join(ENV, ...parts), 'utf8');
const PRODUCTION = read('settings', 'lms', 'production.py');
const LMS_ENV = read('config', 'lms.env.yml');
const CMS_ENV = read('config', 'cms.env.yml');
const UWSGI = read('..', 'openedx', 'uwsgi.ini');

const annotations = (version: string) => ({ 'app.kubernetes.io/version': version });
const settingsMap = (production = PRODUCTION, version = '20.0.5') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'openedx-settings-lms', annotations: annotations(version) },
  data: { '__init__.py': '', 'production.py': production },
});
const data = (objects: readonly unknown[]): Record<string, string> => (objects[0] as { data: Record<string, string> }).data;
const line = (version: string) => drydockLine(parseVersion(version));

describe('Django settings (openedx-common-settings)', () => {
  test.each([
    ['17.0.6', { proxyAssets: false, forum: false, utf8mb4: false }],
    ['19.0.5', { proxyAssets: false, forum: true, utf8mb4: false }],
    ['22.0.0', { proxyAssets: true, forum: true, utf8mb4: true }],
  ])('Tutor %s gets what Drydock\'s release for it adds', (version, expected) => {
    const patch = commonSettingsPatch(settingsOf(), line(version));
    expect({
      proxyAssets: patch.includes('"PROXY_ASSETS_LMS": False'),
      forum: patch.includes('FORUM_MONGODB_DATABASE = "cs_comments_service"'),
      utf8mb4: patch.includes('DATABASES["default"]["OPTIONS"]["charset"] = "utf8mb4"'),
    }).toEqual(expected);
    expect(patch.startsWith('# SCORM SETTINGS\n')).toBe(true);
    expect(patch).toContain('\n\n\nLOGGING["loggers"].pop("tracking")\nLOGGING["loggers"][""]["handlers"] = ["console"]');
  });

  test('the switches: another forum database, none, no utf8mb4 on Tutor 22, utf8mb4 on Tutor 17, no logging changes, no SCORM', () => {
    const v22 = line('22.0.0');
    expect(commonSettingsPatch(settingsOf({ djangoSettings: { forumMongodbDatabase: 'forum' } }), v22)).toContain('FORUM_MONGODB_DATABASE = "forum"');
    expect(commonSettingsPatch(settingsOf({ djangoSettings: { forumMongodbDatabase: '' } }), v22)).not.toContain('FORUM_MONGODB_DATABASE');
    expect(commonSettingsPatch(settingsOf({ djangoSettings: { mysqlUtf8mb4: false } }), v22)).not.toContain('utf8mb4');
    expect(commonSettingsPatch(settingsOf({ djangoSettings: { mysqlUtf8mb4: true } }), line('17.0.6'))).toContain('utf8mb4');
    expect(commonSettingsPatch(settingsOf({ djangoSettings: { loggingTweaks: false } }), v22)).not.toContain('LOGGING');
    expect(commonSettingsPatch(settingsOf({ scorm: { enabled: false } }), v22).startsWith('\n\nLOGGING')).toBe(true);
    expect(commonSettingsPatch(settingsOf({ scorm: { enabled: false }, djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' } }), v22)).toBe('');
  });

  test("the SCORM block as Drydock's release writes it: the request's host and bucket_name (22), the service's base host and bucket (17.3.4)", () => {
    expect(scormXBlockSettings(line('22.0.0'))).toBe(
      [
        '# SCORM SETTINGS',
        'def scorm_xblock_storage(xblock):',
        '    from django.conf import settings',
        '    from storages.backends.s3boto3 import S3Boto3Storage',
        '    from xmodule.util.xmodule_django import get_current_request_hostname',
        '',
        '    domain = get_current_request_hostname()',
        '',
        '    if not domain:',
        '        if SERVICE_VARIANT == "lms":',
        '            domain = settings.LMS_BASE',
        '        else:',
        '            domain = settings.CMS_BASE',
        '',
        '    return S3Boto3Storage(',
        '        bucket_name=AWS_STORAGE_BUCKET_NAME,',
        '        access_key=AWS_ACCESS_KEY_ID,',
        '        secret_key=AWS_SECRET_ACCESS_KEY,',
        '        querystring_expire=86400,',
        '        custom_domain=f"{domain}/scorm-proxy"',
        '    )',
        'XBLOCK_SETTINGS["ScormXBlock"] = {',
        '    "STORAGE_FUNC": scorm_xblock_storage,',
        '    "PROXY_ASSETS_LMS": False,',
        '}',
        '',
      ].join('\n'),
    );
    const old = scormXBlockSettings(drydockLine(parseVersion('17.0.6'), '17.3.4'));
    expect(old).toContain('    from storages.backends.s3boto3 import S3Boto3Storage\n    if SERVICE_VARIANT == "lms":\n        domain = settings.LMS_BASE\n    else:\n        domain = settings.CMS_BASE\n    return S3Boto3Storage(\n        bucket=AWS_STORAGE_BUCKET_NAME,\n');
    expect(old.endsWith('    "STORAGE_FUNC": scorm_xblock_storage,\n}\n')).toBe(true);
  });

  test('SCORM alone: as its template ends before the LOGGING lines (its last newline kept), and without its last newline once they exist', () => {
    const alone = { djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' } };
    const before = drydockLine(parseVersion('16.0.0'), '16.7.1');
    expect(before.loggingTweaks).toBe(false);
    expect(commonSettingsPatch(settingsOf(alone), before)).toBe(scormXBlockSettings(before));
    // A group of the settings on that line follows the SCORM block as on later lines.
    expect(commonSettingsPatch(settingsOf({ djangoSettings: { ...alone.djangoSettings, mysqlUtf8mb4: true } }), before)).toBe(`${scormXBlockSettings(before)}\n\nDATABASES["default"]["OPTIONS"]["charset"] = "utf8mb4"`);
    expect(commonSettingsPatch(settingsOf(alone), line('22.0.0'))).toBe(scormXBlockSettings(line('22.0.0')).slice(0, -1));
  });

  test('the forum database once the edits are applied: tutor-forum\'s Deployment, else the setting, else the LMS settings, else the default', () => {
    const forumOf = (objects: Record<string, unknown>[], spec: unknown = {}) => {
      const settings = settingsOf(spec);
      return forumDatabaseAfterEdits(settings, deriveTutorContext(resourceSetOf(objects).views(), settings));
    };
    const END = '######## End of settings common to LMS and CMS';
    const lms = settingsMap(PRODUCTION.replace(END, `FORUM_MONGODB_DATABASE = "forum_custom"\n${END}`));
    const forum = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'forum' }, spec: { template: { spec: { containers: [{ name: 'forum', env: [{ name: 'MONGODB_DATABASE', value: 'forum_service' }] }] } } } };
    expect(forumOf([lms, forum], { djangoSettings: { forumMongodbDatabase: 'forum_prod' } })).toEqual({ value: 'forum_service' });
    expect(forumOf([lms], { djangoSettings: { forumMongodbDatabase: 'forum_prod' } })).toEqual({ value: 'forum_prod' });
    expect(forumOf([lms], { djangoSettings: { forumMongodbDatabase: '' } })).toEqual({ value: 'forum_custom' });
    expect(forumOf([lms])).toEqual({ value: 'forum_custom' });
    expect(forumOf([settingsMap()])).toEqual({ value: 'cs_comments_service' });
    // An earlier run's patch with another plugin's lines joined after it (the plugins' order is not
    // Drydock's): its FORUM_MONGODB_DATABASE is ours, not the value of Tutor's settings.
    const tutors = `FORUM_MONGODB_DATABASE = "forum_custom"\n${PRODUCTION}`;
    const patched = data(runFeature(djangoSettings, [settingsMap(tutors)], { djangoSettings: { forumMongodbDatabase: 'forum_ours' } }).objects)['production.py'];
    expect(patched).toContain('FORUM_MONGODB_DATABASE = "forum_ours"');
    expect(forumOf([settingsMap(patched.replace(END, `OTHER_PLUGIN = 1\n${END}`))])).toEqual({ value: 'forum_custom' });
    // Another plugin's patch before it as well, ending in a blank line: the earlier patch is found
    // between them and taken out (the blank line was taken for an empty patch of ours, and the search stopped).
    const ours = data(runFeature(djangoSettings, [settingsMap()], { djangoSettings: { forumMongodbDatabase: 'forum_ours' } }).objects)['production.py'];
    let patchStart = 0;
    while (ours[patchStart] === PRODUCTION[patchStart]) patchStart++;
    patchStart = ours.lastIndexOf('\n', patchStart - 1) + 1;
    const between = `${ours.slice(0, patchStart)}FORUM_MONGODB_DATABASE = "forum_custom"\n\n${ours.slice(patchStart)}`.replace(END, `OTHER_PLUGIN = 1\n${END}`);
    expect(between).toContain('FORUM_MONGODB_DATABASE = "forum_ours"');
    expect(forumOf([settingsMap(between)])).toEqual({ value: 'forum_custom' });
  });

  test('a bad forum database name is refused at the config', () => {
    expect(() => settingsOf({ djangoSettings: { forumMongodbDatabase: 'a"b' } })).toThrow(/forumMongodbDatabase/);
  });

  test('goes before the end of the common settings; idempotent; removed when everything is off', () => {
    const once = data(runFeature(djangoSettings, [settingsMap()]).objects);
    expect(once['__init__.py']).toBe('');
    expect(once['production.py']).toContain(`\n\n${commonSettingsPatch(settingsOf(), line('20.0.5'))}\n######## End of settings common to LMS and CMS\n`);
    expect(data(runFeature(djangoSettings, [settingsMap(once['production.py'])]).objects)['production.py']).toBe(once['production.py']);
    const off = { scorm: { enabled: false }, djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' } };
    expect(data(runFeature(djangoSettings, [settingsMap(once['production.py'])], off).objects)['production.py']).toBe(PRODUCTION);
    // Other settings replace the earlier lines instead of adding a second set.
    const other = data(runFeature(djangoSettings, [settingsMap(once['production.py'])], { djangoSettings: { forumMongodbDatabase: 'forum2' } }).objects)['production.py'];
    expect(other.match(/FORUM_MONGODB_DATABASE =/g)).toHaveLength(1);
    expect(other.match(/# SCORM SETTINGS/g)).toHaveLength(1);
  });

  describe("the forum database the manifests give the LMS (tutor-forum's FORUM_MONGODB_DATABASE)", () => {
    const END = '######## End of settings common to LMS and CMS';
    const withForum = (literal: string): string => PRODUCTION.replace(END, `FORUM_MONGODB_DATABASE = ${literal}\n${END}`);
    const forumLines = (text: string): string[] => text.split('\n').filter((row) => row.startsWith('FORUM_MONGODB_DATABASE'));

    test('kept by the patch when the setting is left to the Drydock line, in the CMS settings too', () => {
      const cms = { ...settingsMap(withForum('"forum_custom"')), metadata: { name: 'openedx-settings-cms', annotations: annotations('20.0.5') } };
      const { objects, results } = runFeature(djangoSettings, [settingsMap(withForum('"forum_custom"')), cms]);
      expect(results).toEqual([]);
      for (const object of objects) expect(forumLines(data([object])['production.py'])).toEqual(['FORUM_MONGODB_DATABASE = "forum_custom"', 'FORUM_MONGODB_DATABASE = "forum_custom"']);
    });

    test('named in the settings: that name, and a value Python alone could read is no problem', () => {
      const { objects, results } = runFeature(djangoSettings, [settingsMap(withForum('os.environ["FORUM_DB"]'))], { djangoSettings: { forumMongodbDatabase: 'forum_prod' } });
      expect(results).toEqual([]);
      expect(forumLines(data(objects)['production.py'])).toEqual(['FORUM_MONGODB_DATABASE = os.environ["FORUM_DB"]', 'FORUM_MONGODB_DATABASE = "forum_prod"']);
    });

    test('not a string literal on a line that writes the forum database: an error naming the file, nothing changed', () => {
      const text = withForum('os.environ["FORUM_DB"]');
      const { changes, results } = runFeature(djangoSettings, [settingsMap(text)]);
      expect(changes).toEqual([]);
      expect(results).toEqual([
        expect.objectContaining({ severity: 'error', tags: { code: 'RESOURCE_INVALID' }, field: { path: 'data["production.py"]' }, message: expect.stringMatching(/^FORUM_MONGODB_DATABASE of the LMS's production.py .*set djangoSettings.forumMongodbDatabase/) }),
      ]);
    });

    test("the value read is tutor-forum's, not the one an earlier run of drydock-fn wrote", () => {
      const once = data(runFeature(djangoSettings, [settingsMap(withForum('"forum_custom"'))], { djangoSettings: { forumMongodbDatabase: 'forum_prod' } }).objects)['production.py'];
      expect(forumLines(once)).toEqual(['FORUM_MONGODB_DATABASE = "forum_custom"', 'FORUM_MONGODB_DATABASE = "forum_prod"']);
      expect(forumLines(data(runFeature(djangoSettings, [settingsMap(once)]).objects)['production.py'])).toEqual(['FORUM_MONGODB_DATABASE = "forum_custom"', 'FORUM_MONGODB_DATABASE = "forum_custom"']);
    });

    test('without the LMS settings, the CMS settings get the default forum database', () => {
      const cms = { ...settingsMap(), metadata: { name: 'openedx-settings-cms', annotations: annotations('20.0.5') } };
      expect(forumLines(data(runFeature(djangoSettings, [cms]).objects)['production.py'])).toEqual(['FORUM_MONGODB_DATABASE = "cs_comments_service"']);
    });

    test("Tutor 17's line writes no forum database, so a value it cannot read is no problem there", () => {
      const { objects, results } = runFeature(djangoSettings, [settingsMap(withForum('os.environ["FORUM_DB"]'), '17.0.6')]);
      expect(results).toEqual([]);
      expect(forumLines(data(objects)['production.py'])).toEqual(['FORUM_MONGODB_DATABASE = os.environ["FORUM_DB"]']);
      expect(data(objects)['production.py']).toContain('# SCORM SETTINGS');
    });
  });

  test('the Sentry start-up from a Secret, run by Python: Sentry started as eox-core starts it when SENTRY_DSN is set, not otherwise; none while Sentry is off', () => {
    expect(commonSettingsPatch(settingsOf({ sentry: { enabled: false, dsnSecretRef: { name: 'sentry' } } }), line('22.0.0'))).not.toContain('SENTRY_DSN');
    expect(commonSettingsPatch(settingsOf({ sentry: { enabled: true, dsn: 'https://k@x/1' } }), line('22.0.0'))).not.toContain('SENTRY_DSN');
    const python = spawnSync('python3', ['--version']);
    if (python.status !== 0) {
      // eslint-disable-next-line no-console
      console.warn('SKIPPED the Sentry start-up run by Python: python3 not found');
      return;
    }
    const patch = commonSettingsPatch(settingsOf({ sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } } }), line('22.0.0'));
    const block = patch.slice(patch.indexOf('# Sentry, its DSN'));
    const program = [
      'import json, os, sys, types',
      'calls = []',
      'def module(name, **attributes):',
      '    m = types.ModuleType(name)',
      '    m.__dict__.update(attributes)',
      '    sys.modules[name] = m',
      'module("sentry_sdk", init=lambda **kwargs: calls.append(kwargs))',
      'module("sentry_sdk.integrations")',
      'module("sentry_sdk.integrations.django", DjangoIntegration=type("DjangoIntegration", (), {}))',
      'module("eox_core")',
      'module("eox_core.integrations")',
      'module("eox_core.integrations.sentry", ExceptionFilterSentry=type("ExceptionFilterSentry", (), {}))',
      // The block runs as in production.py, where only os is imported before it.
      'exec(sys.stdin.read(), {"os": os})',
      'print(json.dumps([{key: type(value).__name__ if key in ("before_send", "integrations") and not isinstance(value, list) else ([type(v).__name__ for v in value] if isinstance(value, list) else value) for key, value in call.items()} for call in calls]))',
    ].join('\n');
    const run = (env: Record<string, string>) => spawnSync('python3', ['-c', program], { input: block, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    const started = run({ SENTRY_DSN: 'https://key@sentry.example.com/1' });
    expect(started.stderr).toBe('');
    expect(JSON.parse(started.stdout)).toEqual([{ dsn: 'https://key@sentry.example.com/1', before_send: 'ExceptionFilterSentry', integrations: ['DjangoIntegration'], send_default_pii: true }]);
    expect(JSON.parse(run({}).stdout)).toEqual([]);
  });

  test('the edited settings file is valid Python (with the Sentry start-up from a Secret too)', () => {
    const python = spawnSync('python3', ['--version']);
    if (python.status !== 0) {
      // eslint-disable-next-line no-console
      console.warn('SKIPPED Python syntax check: python3 not found');
      return;
    }
    const spec = { sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } } };
    const edited = data(runFeature(djangoSettings, [settingsMap()], spec).objects)['production.py'];
    expect(edited).toContain('if os.environ.get("SENTRY_DSN"):');
    const check = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "production.py", "exec")'], { input: edited, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('env files (lms-env, cms-env)', () => {
  const envMap = (lms = LMS_ENV, cms = CMS_ENV, version = '20.0.5') => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'openedx-config', annotations: annotations(version) },
    data: { 'lms.env.yml': lms, 'cms.env.yml': cms },
  });
  const spec = { celeryTuning: { enabled: true }, sentry: { enabled: true, dsn: 'https://key@sentry.example.com/1' } };

  test('CELERY_ACKS_LATE and the eox-core Sentry settings, in valid YAML that keeps every Tutor key', () => {
    const edited = data(runFeature(openedxEnv, [envMap()], spec).objects);
    for (const [key, original] of [['lms.env.yml', LMS_ENV], ['cms.env.yml', CMS_ENV]]) {
      const parsed = YAML.parse(edited[key]);
      expect(parsed.CELERY_ACKS_LATE).toBe(true);
      expect(parsed.EOX_CORE_SENTRY_INTEGRATION_DSN).toBe('https://key@sentry.example.com/1');
      expect(parsed.EOX_CORE_SENTRY_IGNORED_ERRORS.length).toBe(key === 'lms.env.yml' ? 3 : 4);
      expect(parsed).toMatchObject(YAML.parse(original));
    }
  });

  describe('a DSN with characters YAML 1.1 reads differently (issue 13): PyYAML reads the DSN line as it was given', () => {
    const dsns = ['https://key@sentry.example.com/1 \u2028  EOX_CORE_SENTRY_IGNORED_ERRORS: []', 'https://k\u2029ey@x/1\ufeff', 'https://key@x/1\r\nA: 1', 'https://"k\\e\x01y\x1b"@x/1\t'];
    const files = dsns.map((dsn) => data(runFeature(openedxEnv, [envMap()], { sentry: { enabled: true, dsn } }).objects)['lms.env.yml']);

    test('one line, no character YAML 1.1 reads differently left raw, YAML 1.2 reads the DSN', () => {
      files.forEach((file, index) => {
        const line = file.split('\n').find((text) => text.startsWith('EOX_CORE_SENTRY_INTEGRATION_DSN: ')) as string;
        expect(line).not.toMatch(/[\u0085\u2028\u2029\ufeff\r\x01\x1b]/);
        expect(YAML.parse(file).EOX_CORE_SENTRY_INTEGRATION_DSN).toBe(dsns[index]);
      });
    });

    const missing = pyyamlMissing();
    (missing ? test.skip : test)(`PyYAML reads the same${missing ? ` (skipped: ${missing})` : ''}`, () => {
      const read = pyyamlLoadAll(files);
      read.forEach((answer, index) => {
        expect(answer).toHaveProperty('documents');
        const [document] = (answer as { documents: Record<string, unknown>[] }).documents;
        expect(document.EOX_CORE_SENTRY_INTEGRATION_DSN).toBe(dsns[index]);
        expect(document).toMatchObject({ EOX_CORE_SENTRY_IGNORED_ERRORS: expect.any(Array) });
      });
    });
  });

  test('a file not shaped as Tutor renders it: a warning naming the file, and no text at a guess', () => {
    const { objects, results } = runFeature(openedxEnv, [envMap('A: 1\n', 'B: 2\n')], spec);
    expect(data(objects)).toEqual({ 'lms.env.yml': 'A: 1\n', 'cms.env.yml': 'B: 2\n' });
    expect(results.map((result) => [result.severity, result.field?.path, result.message])).toEqual([
      ['warning', 'data.lms.env.yml', "lms.env.yml does not have Tutor's lms-env patch slot where Drydock's text goes; that text is not added"],
      ['warning', 'data.cms.env.yml', "cms.env.yml does not have Tutor's cms-env patch slot where Drydock's text goes; that text is not added"],
    ]);
  });

  test("the errors eox-core does not report, as Drydock lists them (the CMS's first its own)", () => {
    const edited = data(runFeature(openedxEnv, [envMap()], spec).objects);
    const AUTH = 'openedx.core.djangoapps.user_authn.exceptions.AuthFailedError';
    const shared = [
      { exc_class: 'opaque_keys.InvalidKeyError', exc_text: ['.*No enrollment found for user.*'] },
      { exc_class: 'opaque_keys.NotFoundError', exc_text: ['.*No course found by course id.*'] },
    ];
    expect(YAML.parse(edited['lms.env.yml']).EOX_CORE_SENTRY_IGNORED_ERRORS).toEqual([{ exc_class: AUTH, exc_text: ['AuthFailedError.*Email or password is incorrect'] }, ...shared]);
    expect(YAML.parse(edited['cms.env.yml']).EOX_CORE_SENTRY_IGNORED_ERRORS).toEqual([{ exc_class: 'xmodule.exceptions.NotFoundError' }, { exc_class: AUTH, exc_text: ['.*Email or password is incorrect'] }, ...shared]);
    // Drydock's indentation: the CMS list's braces deeper than the LMS's, its first entry's fields deeper still.
    expect(edited['lms.env.yml']).toContain('EOX_CORE_SENTRY_IGNORED_ERRORS: [\n  {\n    "exc_class": "openedx.core.djangoapps.user_authn.exceptions.AuthFailedError",\n');
    expect(edited['cms.env.yml']).toContain('EOX_CORE_SENTRY_IGNORED_ERRORS: [\n    {\n      "exc_class": "xmodule.exceptions.NotFoundError"\n    },\n    {\n    "exc_class": "openedx.core.djangoapps.user_authn.exceptions.AuthFailedError",\n');
    // The lines before it, as Drydock's patch has them.
    expect(edited['lms.env.yml']).toContain(
      "# eox plugin settings must be defined in the ENV patches. If defined in python settings patches, they won't\n# take effect since plugins settings are loaded before Tutor loads its settings.\nEOX_CORE_SENTRY_INTEGRATION_DSN: ",
    );
  });

  test('a DSN from a Secret stays out of the ConfigMap', () => {
    const edited = data(runFeature(openedxEnv, [envMap()], { sentry: { enabled: true, dsnSecretRef: { name: 'sentry' } } }).objects);
    expect(edited['lms.env.yml']).not.toContain('EOX_CORE_SENTRY_INTEGRATION_DSN');
    expect(YAML.parse(edited['lms.env.yml']).EOX_CORE_SENTRY_IGNORED_ERRORS).toHaveLength(3);
  });

  test('Drydock ≤ 18.2.2\'s template for Tutor ≤ 17 (a newline between its parts), joined parts after', () => {
    const settings = settingsOf();
    expect(envPatch(settings, 'lms', line('17.0.6'))).toBe('\n');
    expect(envPatch(settings, 'lms', line('22.0.0'))).toBe('');
    expect(envPatch(settingsOf({ celeryTuning: { enabled: true } }), 'lms', line('17.0.6'))).toBe('CELERY_ACKS_LATE: true\n\n');
    expect(envPatch(settingsOf({ celeryTuning: { enabled: true } }), 'lms', line('22.0.0'))).toBe('CELERY_ACKS_LATE: true\n');
    // Both parts: the template's newline between them, and a newline joining them later.
    expect(envPatch(settingsOf(spec), 'lms', line('17.0.6'))).toMatch(/^CELERY_ACKS_LATE: true\n\n# eox plugin settings must be defined in the ENV patches/);
    expect(envPatch(settingsOf(spec), 'lms', line('22.0.0'))).toMatch(/^CELERY_ACKS_LATE: true\n\n# eox plugin settings must be defined in the ENV patches/);
    expect(envPatch(settingsOf({ sentry: spec.sentry }), 'lms', line('22.0.0'))).toMatch(/^# eox plugin settings must be defined in the ENV patches/);
  });

  test("Tutor 17 (Drydock's template): idempotent, removed when off, and Tutor's files untouched when none of Drydock's text is wanted", () => {
    const off = { uwsgi: { keepAlive: false }, multitenancy: { enabled: false }, scorm: { enabled: false }, djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' } };
    const once = data(runFeature(openedxEnv, [envMap(LMS_ENV, CMS_ENV, '17.0.6')], spec).objects);
    expect(once['lms.env.yml']).toContain('\nCELERY_ACKS_LATE: true\n\n# eox plugin settings');
    expect(data(runFeature(openedxEnv, [envMap(once['lms.env.yml'], once['cms.env.yml'], '17.0.6')], spec).objects)).toEqual(once);
    expect(data(runFeature(openedxEnv, [envMap(once['lms.env.yml'], once['cms.env.yml'], '17.0.6')], off).objects)).toEqual({ 'lms.env.yml': LMS_ENV, 'cms.env.yml': CMS_ENV });
    expect(data(runFeature(openedxEnv, [envMap(LMS_ENV, CMS_ENV, '17.0.6')], off).objects)).toEqual({ 'lms.env.yml': LMS_ENV, 'cms.env.yml': CMS_ENV });
  });

  test('idempotent, replaced when the settings change, removed when off', () => {
    const once = data(runFeature(openedxEnv, [envMap()], spec).objects);
    expect(data(runFeature(openedxEnv, [envMap(once['lms.env.yml'], once['cms.env.yml'])], spec).objects)).toEqual(once);
    const noSentry = data(runFeature(openedxEnv, [envMap(once['lms.env.yml'], once['cms.env.yml'])], { celeryTuning: { enabled: true } }).objects);
    expect(noSentry['lms.env.yml']).not.toContain('EOX_CORE');
    expect(noSentry['lms.env.yml'].match(/CELERY_ACKS_LATE/g)).toHaveLength(1);
    expect(data(runFeature(openedxEnv, [envMap(once['lms.env.yml'], once['cms.env.yml'])]).objects)).toEqual({ 'lms.env.yml': LMS_ENV, 'cms.env.yml': CMS_ENV });
  });
});

/** Drydock's `uwsgi-config` patch (patches/uwsgi-config of 18.2.4 and later; before 16.7.2, 17.5.2, 18.2.4 without the last two lines). */
const UWSGI_PATCH_SHORT = [
  '# Fix 502 errors for closed connections',
  'http-keepalive = 1',
  'add-header = Connection: Keep-Alive',
  '',
  '# Better startup/shutdown in docker:',
  'die-on-term = true',
  'lazy-apps = false',
  'need-app = true',
  'no-defer-accept = true',
  '',
  '# Other settings',
  'master = true',
  'py-call-osafterfork = true',
  'vacuum = true',
].join('\n');
const UWSGI_PATCH = `${UWSGI_PATCH_SHORT}\nhook-master-start = unix_signal:1 gracefully_kill_them_all\ndisable-logging = true`;

describe('uwsgi.ini (uwsgi-config)', () => {
  const uwsgiMap = (text = UWSGI) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'openedx-uwsgi-config' }, data: { 'uwsgi.ini': text } });

  test('appended before the last newline, once; removed when off', () => {
    const once = data(runFeature(uwsgi, [uwsgiMap()]).objects)['uwsgi.ini'];
    expect(once).toBe(`${UWSGI.slice(0, -1)}${UWSGI_PATCH}\n`);
    expect(data(runFeature(uwsgi, [uwsgiMap(once)]).objects)['uwsgi.ini']).toBe(once);
    const off = { uwsgi: { keepAlive: false }, multitenancy: { enabled: false }, scorm: { enabled: false }, djangoSettings: { loggingTweaks: false, mysqlUtf8mb4: false, forumMongodbDatabase: '' } };
    expect(data(runFeature(uwsgi, [uwsgiMap(once)], off).objects)['uwsgi.ini']).toBe(UWSGI);
  });

  test("a uwsgi.ini not as Tutor renders it (no [uwsgi] section first): a warning naming the uwsgi-config slot, the file unchanged", () => {
    const { objects, results } = runFeature(uwsgi, [uwsgiMap('# ours\n[uwsgi]\n')]);
    expect(data(objects)['uwsgi.ini']).toBe('# ours\n[uwsgi]\n');
    expect(results.map((result) => [result.severity, result.field?.path, result.message])).toEqual([
      ['warning', 'data.uwsgi.ini', "uwsgi.ini does not have Tutor's uwsgi-config patch slot where Drydock's text goes; that text is not added"],
    ]);
  });

  test("as the Drydock release wrote it: 17.5.1's patch lacks the last two lines; the text of either release is recognised and replaced", () => {
    const short = data(runFeature(uwsgi, [uwsgiMap()], { drydockRelease: '17.5.1' }).objects)['uwsgi.ini'];
    expect(short).toBe(`${UWSGI.slice(0, -1)}${UWSGI_PATCH_SHORT}\n`);
    expect(data(runFeature(uwsgi, [uwsgiMap(short)]).objects)['uwsgi.ini']).toBe(`${UWSGI.slice(0, -1)}${UWSGI_PATCH}\n`);
    const full = data(runFeature(uwsgi, [uwsgiMap()]).objects)['uwsgi.ini'];
    expect(data(runFeature(uwsgi, [uwsgiMap(full)], { drydockRelease: '17.5.1' }).objects)['uwsgi.ini']).toBe(short);
    // 17.5.0 had none of it.
    expect(data(runFeature(uwsgi, [uwsgiMap(full)], { drydockRelease: '17.5.0' }).objects)['uwsgi.ini']).toBe(UWSGI);
  });
});
