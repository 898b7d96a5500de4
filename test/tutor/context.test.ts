/** The Tutor context derived from every Tutor-only fixture, and config overrides. */
import { deriveTutorContext, parseVersion } from '../../src/tutor/context';
import { parseCaddySites } from '../../src/tutor/caddyfile';
import { defaultCases, describeWithFixtures, fixturesMissing, readFixture } from '../support/fixtures';
import { documentsOf } from '../support/drydock-cases';
import { resourceSetOf, settingsOf } from '../support/views';
import { describeWithReader, pythonMissing, runPython } from '../support/readers';
import { mongodbServer } from '../../src/tutor/datastores';
import { forumEnabled, mongodbParameters } from '../../src/tutor/openedx-settings';
import * as fc from 'fast-check';
import { pythonString } from '../../src/encoders/python';
import { hostileString } from '../support/hostile';

describeWithFixtures('derived from the fixtures', () => {
  test.each(defaultCases())('%s', (relative) => {
    const objects = documentsOf(readFixture(relative, 'built.yaml'));
    const tutor = deriveTutorContext(resourceSetOf(objects).views(), settingsOf());
    const major = Number(/tutor-v(\d+)/.exec(relative)?.[1]);
    expect(tutor.version?.major).toBe(major);
    expect(tutor.version?.raw).toBe(readFixture(relative, 'env', 'version').trim());
    expect(tutor.namespace).toBe('openedx');
    expect(Object.keys(tutor.commonLabels).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/part-of']);
    expect(tutor.commonLabels['app.kubernetes.io/instance']).toMatch(/^openedx-/);
    expect(tutor.commonAnnotations).toEqual({ 'app.kubernetes.io/version': tutor.version?.raw });
    expect(tutor.hosts.lms).toBe('lms.example.com');
    expect(tutor.hosts.cms).toBe('studio.example.com');
    expect(tutor.contactEmail).toBe('contact@lms.example.com');
    expect(tutor.images.openedx).toMatch(/^docker\.io\/overhangio\/openedx:/);
    expect(tutor.images.mysql).toMatch(/mysql/);
    expect(tutor.images.mongodb).toMatch(/mongo/);
    const withPlugins = relative.includes('with-plugins');
    expect(tutor.plugins.has('mfe')).toBe(withPlugins);
    expect(tutor.hosts.mfe).toBe(withPlugins ? 'apps.lms.example.com' : undefined);
    // Tutor 21 dropped the preview site; Meilisearch has its own site since Tutor 19.
    expect(tutor.hosts.previewLms).toBe(major <= 20 ? 'preview.lms.example.com' : undefined);
    expect(tutor.hosts.meilisearch).toBe(major >= 19 ? 'meilisearch.lms.example.com' : undefined);
  });
});

describe('overrides and sources', () => {
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'lms', namespace: 'a', annotations: { 'app.kubernetes.io/version': '18.1.0' }, labels: { 'app.kubernetes.io/managed-by': 'tutor' } }, spec: { template: { spec: { containers: [{ name: 'lms', image: 'img:1' }] } } } };

  test('config values win over the manifests', () => {
    const tutor = deriveTutorContext(resourceSetOf([deployment]).views(), settingsOf({ tutor: { version: '19.0.0', namespace: 'b', lmsHost: 'x.example.com', images: { openedx: 'mine:2' } } }));
    expect([tutor.version?.major, tutor.namespace, tutor.hosts.lms, tutor.images.openedx]).toEqual([19, 'b', 'x.example.com', 'mine:2']);
  });

  test('a raw Tutor env under kpt: the kustomization gives namespace, labels and version', () => {
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: 'openedx', commonAnnotations: { 'app.kubernetes.io/version': '20.0.5' }, labels: [{ pairs: { 'app.kubernetes.io/instance': 'openedx-x', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' } }] };
    const raw = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'lms', labels: { 'app.kubernetes.io/name': 'lms' } } };
    const tutor = deriveTutorContext(resourceSetOf([raw, kustomization]).views(), settingsOf());
    expect([tutor.version?.raw, tutor.namespace, tutor.commonLabels['app.kubernetes.io/instance']]).toEqual(['20.0.5', 'openedx', 'openedx-x']);
    expect(tutor.decorate({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }).metadata).toEqual({
      name: 's',
      namespace: 'openedx',
      labels: { 'app.kubernetes.io/instance': 'openedx-x', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' },
      annotations: { 'app.kubernetes.io/version': '20.0.5' },
    });
  });

  test('versions', () => {
    expect(parseVersion('22.0.0')).toEqual({ raw: '22.0.0', major: 22, minor: 0, patch: 0 });
    expect(parseVersion('v18.2')).toMatchObject({ major: 18, minor: 2, patch: 0 });
    expect(parseVersion('nightly')).toBeUndefined();
  });

  test('Caddy sites: hosts and upstreams, snippets and globals skipped', () => {
    const sites = parseCaddySites('{\n  debug\n}\n(proxy) {\n  reverse_proxy {args.0}\n}\nlms.example.com{$default_site_port}, preview.lms.example.com{$default_site_port} {\n  import proxy "lms:8000"\n  handle_path /x/* {\n  }\n}\napps.example.com:443 {\n  reverse_proxy mfe:8002\n}\n');
    expect(sites.map((site) => [site.hosts, site.upstreams, site.proxied])).toEqual([
      [['lms.example.com', 'preview.lms.example.com'], ['lms:8000'], ['lms:8000']],
      [['apps.example.com'], ['mfe:8002'], []],
    ]);
  });

  test('a service\'s host is the site that imports its proxy, not a site that routes a path to it', () => {
    const caddyfile = 'lms.example.com {\n  route /scorm-proxy/* {\n    reverse_proxy minio:9000\n  }\n  import proxy "lms:8000"\n}\napps.example.com {\n  reverse_proxy /api/mfe_config/v1* lms:8000\n  import proxy "mfe:8002"\n}\nfiles.example.com {\n  import proxy "minio:9000"\n}\n';
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'caddy-config' }, data: { Caddyfile: caddyfile } };
    const tutor = deriveTutorContext(resourceSetOf([configMap]).views(), settingsOf());
    expect([tutor.hosts.lms, tutor.hosts.mfe, tutor.hosts.minio]).toEqual(['lms.example.com', 'apps.example.com', 'files.example.com']);
  });
});

describe('hosts in the form an Ingress takes', () => {
  const context = (caddyfile: string | undefined, env: string, settings: unknown = {}) => {
    const objects = [
      ...(caddyfile === undefined ? [] : [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'caddy-config' }, data: { Caddyfile: caddyfile } }]),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'openedx-config' }, data: { 'lms.env.yml': env } },
    ];
    return deriveTutorContext(resourceSetOf(objects).views(), settingsOf(settings));
  };

  test('Caddy sites keep their hosts as written, for the context to judge; addresses without a dotted host name none', () => {
    const sites = parseCaddySites('Lms.Exämple.COM., http://lms_x.example.com:80/path, *.lms.example.com {\n  import proxy "lms:8000"\n}\n:8002 {\n  import proxy "mfe:8002"\n}\n{$default_site_port} {\n  import proxy "lms:8000"\n}\n');
    expect(sites.map((site) => [site.hosts, site.address])).toEqual([[['Lms.Exämple.COM.', 'lms_x.example.com', '*.lms.example.com'], 'Lms.Exämple.COM., http://lms_x.example.com:80/path, *.lms.example.com']]);
  });

  test('LMS_BASE and CMS_BASE of lms.env.yml when no Caddy site serves the LMS: changed forms recorded with the env key', () => {
    expect(context(undefined, 'LMS_BASE: "lms.example.com:8000"\n').hosts).toEqual({ lms: 'lms.example.com' });
    const tutor = context(undefined, 'LMS_BASE: "Lms.Example.COM."\nCMS_BASE: "studio_x.example.com"\n');
    expect(tutor.hosts).toEqual({ lms: 'lms.example.com' });
    expect(tutor.hostFindings.map((finding) => [finding.key, finding.raw, finding.host, finding.changes, finding.source.field, finding.source.where, finding.problem !== undefined])).toEqual([
      ['lms', 'Lms.Example.COM.', 'lms.example.com', ['trailing-dot', 'lower-cased'], 'data.lms.env.yml', 'LMS_BASE', false],
      ['cms', 'studio_x.example.com', undefined, [], 'data.lms.env.yml', 'CMS_BASE', true],
    ]);
  });

  test('a refused Caddy site is not replaced by LMS_BASE (Caddy does not serve that host); a setting wins and is recorded as the source', () => {
    const caddyfile = 'lms_x.example.com {\n  import proxy "lms:8000"\n}\nPreview.Lms.Example.com, preview.lms.example.com {\n  import proxy "lms:8000"\n}\n';
    const tutor = context(caddyfile, 'LMS_BASE: "lms.example.com"\n');
    expect(tutor.hosts.lms).toBeUndefined();
    expect(tutor.hostFindings[0]).toMatchObject({ key: 'lms', raw: 'lms_x.example.com', source: { field: 'data.Caddyfile', where: 'the Caddy site "lms_x.example.com" (line 1)' } });
    const overridden = context(caddyfile, '', { tutor: { lmsHost: 'courses.example.com' } });
    expect(overridden.hosts.lms).toBe('courses.example.com');
    expect(overridden.hostSources.lms).toEqual({ kind: 'setting', path: ['tutor', 'lmsHost'] });
    expect(overridden.hostFindings.map((finding) => finding.key)).toEqual([]);
  });
});

describeWithReader(pythonMissing() ?? fixturesMissing, 'mongodb_parameters read as Python reads the settings (one reading for the init Jobs and the backups)', () => {
  test('the last assignment of the dict, a key given twice its last value', () => {
    const objects = documentsOf(readFixture('tutor-v22', 'default', 'built.yaml'));
    const settings = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('openedx-settings-lms'))!;
    settings.data['production.py'] = settings.data['production.py']
      .replace('    "host": "mongodb",\n', '    "host": "first",\n    "user": "u1",\n    "host": "mongodb.example.svc",\n')
      .replace('DOC_STORE_CONFIG = mongodb_parameters', 'mongodb_parameters = {\n    "host": "last.example.svc",\n    "host": "final.example.svc",\n    "port": 27018,\n    "user": "u2",\n    "password": "p",\n}\nDOC_STORE_CONFIG = mongodb_parameters');
    const tutor = deriveTutorContext(resourceSetOf(objects).views(), settingsOf());
    // The dict of the last top-level assignment, as Python builds it (literal_eval of its node).
    const python = runPython<Record<string, unknown>>(
      [
        'import ast',
        'value = None',
        'for node in ast.parse(data).body:',
        '    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "mongodb_parameters" for t in node.targets):',
        '        value = ast.literal_eval(node.value)',
        'result = {"host": value["host"], "port": value["port"], "user": value.get("user")}',
      ].join('\n'),
      settings.data['production.py'],
    );
    expect(python).toEqual({ host: 'final.example.svc', port: 27018, user: 'u2' });
    expect(mongodbParameters(tutor)).toMatchObject({ host: 'final.example.svc', port: 27018, username: 'u2', password: 'p' });
    expect(mongodbServer(tutor)).toMatchObject({ host: 'final.example.svc', port: 27018, username: 'u2', password: 'p' });
  });
});

describeWithReader(pythonMissing() ?? fixturesMissing, 'mongodb_parameters at the end of the module, as Python runs it (later statements, aliases, decoys)', () => {
  const objects = documentsOf(readFixture('tutor-v22', 'default', 'built.yaml'));
  const settings = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('openedx-settings-lms'))!;
  const production = settings.data['production.py'] as string;
  // Tutor's own statements about MongoDB, as rendered: the dict, its alias, the content store and the module store.
  const start = production.indexOf('mongodb_parameters = {');
  const end = production.indexOf('\n', production.indexOf('update_module_store_settings(')) + 1;
  const tutorPart = production.slice(start, end);
  const tutorOf = (text: string) => {
    const configMap = { ...settings, data: { ...settings.data, 'production.py': text } };
    return deriveTutorContext(resourceSetOf([configMap]).views(), settingsOf());
  };
  /** Python's run of each module: the keys drydock-fn reads, as the LMS ends up with them; or the error that stops it. */
  const pythonRuns = (modules: readonly string[]) =>
    runPython<({ value: Record<string, unknown> } | { error: string })[]>(
      [
        'import types',
        'result = []',
        'for text in data:',
        '    scope = {"update_module_store_settings": lambda *args, **kwargs: None, "MODULESTORE": {}, "os": types.SimpleNamespace(environ={"X": "from-env"})}',
        '    try:',
        '        exec(compile(text, "production.py", "exec"), scope)',
        '    except Exception as error:',
        '        result.append({"error": type(error).__name__})',
        '        continue',
        '    value = scope["mongodb_parameters"]',
        '    result.append({"value": {key: value.get(key) for key in ("host", "port", "db", "user", "password", "replicaSet", "authsource")}})',
      ].join('\n'),
      modules,
    );
  /** What drydock-fn means by Python's dict (openedx-settings.ts's reading of the keys). */
  const meaning = (value: Record<string, unknown>) => {
    const text = (entry: unknown) => (typeof entry === 'string' && entry !== '' ? entry : undefined);
    if (text(value.host) === undefined) return undefined;
    const port = typeof value.port === 'number' ? value.port : Number(value.port ?? 27017);
    return Object.fromEntries(
      Object.entries({ host: value.host, port: Number.isInteger(port) && port > 0 ? port : 27017, database: text(value.db) ?? 'openedx', username: text(value.user), password: text(value.password), replicaSet: text(value.replicaSet), authSource: text(value.authsource) }).filter(([, entry]) => entry !== undefined),
    );
  };

  test('the cases of the adversarial pass: a later key assignment is evaluated; update(), a rebound DOC_STORE_CONFIG and \\N{} are errors naming production.py', () => {
    const modules = [
      `${tutorPart}mongodb_parameters["host"] = "mongo-ha.example.net"\n`,
      `${tutorPart}mongodb_parameters.update({"host": "mongo-ha.example.net"})\n`,
      `${tutorPart}DOC_STORE_CONFIG = {**mongodb_parameters, "host": "mongo-ha.example.net"}\n`,
      `${tutorPart}mongodb_parameters["password"] = "p\\N{DIGIT ONE}x"\n`,
    ];
    const python = pythonRuns(modules);
    expect(python.map((run) => ('value' in run ? run.value.host : run.error))).toEqual(['mongo-ha.example.net', 'mongo-ha.example.net', 'mongodb', 'mongodb']);
    expect(python[3]).toEqual({ value: expect.objectContaining({ password: 'p1x' }) });
    expect(mongodbParameters(tutorOf(modules[0]))).toEqual(meaning((python[0] as { value: Record<string, unknown> }).value));
    for (const module of modules.slice(1)) {
      const read = mongodbParameters(tutorOf(module));
      expect(read).toEqual({ problem: expect.objectContaining({ severity: 'error', tags: { code: 'RESOURCE_INVALID' }, field: { path: 'data["production.py"]' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap' }) }) });
      expect(JSON.stringify(read)).not.toMatch(/mongo-ha|p\\\\N/);
    }
  });

  test('a change through a container the dict was put in (CONTENTSTORE, a list) is an error; other keys of the container are free', () => {
    const modules = [
      `${tutorPart}CONTENTSTORE["DOC_STORE_CONFIG"]["host"] = "mongo-ha.example.net"\n`,
      `${tutorPart}CONTENTSTORE.get("DOC_STORE_CONFIG").update(host="mongo-ha.example.net")\n`,
      `${tutorPart}KEEP = [mongodb_parameters]\nKEEP[0]["host"] = "mongo-ha.example.net"\n`,
      `${tutorPart}CONTENTSTORE["ENGINE"] = "other.engine"\nCONTENTSTORE["ADDITIONAL_OPTIONS"]["x"] = 1\nCONTENTSTORE["DOC_STORE_CONFIG"] = {"host": "only-the-content-store"}\n`,
    ];
    const python = pythonRuns(modules);
    expect(python.map((run) => ('value' in run ? run.value.host : run.error))).toEqual(['mongo-ha.example.net', 'mongo-ha.example.net', 'mongo-ha.example.net', 'mongodb']);
    for (const module of modules.slice(0, 3)) expect(mongodbParameters(tutorOf(module))).toEqual({ problem: expect.objectContaining({ severity: 'error', field: { path: 'data["production.py"]' } }) });
    expect(mongodbParameters(tutorOf(modules[3]))).toEqual(meaning((python[3] as { value: Record<string, unknown> }).value));
  });

  test('the forum is enabled by a statement setting FORUM_SEARCH_BACKEND, not by such a line inside a string', () => {
    const modules = [`${tutorPart}FORUM_SEARCH_BACKEND = "forum.search.meilisearch.MeilisearchBackend"\n`, `${tutorPart}_OLD = """\nFORUM_SEARCH_BACKEND = "forum.search.meilisearch.MeilisearchBackend"\n"""\n`, tutorPart];
    const python = runPython<boolean[]>('result = []\nfor text in data:\n    scope = {"update_module_store_settings": lambda *args, **kwargs: None, "MODULESTORE": {}}\n    exec(text, scope)\n    result.append("FORUM_SEARCH_BACKEND" in scope)', modules);
    expect(python).toEqual([true, false, false]);
    expect(modules.map((module) => forumEnabled(tutorOf(module)))).toEqual(python);
  });

  test('sampled later statements: the value read is the one Python ends with, or an error; never another', () => {
    const value = fc.oneof(hostileString().filter((text) => !/[\ud800-\udfff]/.test(text)).map(pythonString), fc.constantFrom('27018', '-1', '0x6989', 'None', 'True', '"a" "b"', '"p\\N{DIGIT ONE}x"', "r'raw\\n'", 'os.environ["X"]', 'f"{1}"', '"x" + "y"'));
    const key = fc.constantFrom('"host"', "'port'", '"password"', '"user"', '"db"', '"replicaSet"', '"authsource"', '"ssl"');
    const statement = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom('mongodb_parameters', 'DOC_STORE_CONFIG'), key, value).map(([name, entry, literal]) => `${name}[${entry}] = ${literal}`) },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'mongodb_parameters.update({"host": "updated"})',
          'DOC_STORE_CONFIG = {"host": "rebound"}',
          'ALIAS = mongodb_parameters',
          'ALIAS["host"] = "through-alias"',
          'if True:\n    mongodb_parameters["host"] = "in-block"',
          'mongodb_parameters = {"host": "replaced", "port": 27019}',
          'mongodb_parameters |= {"host": "merged"}',
          'del mongodb_parameters["ssl"]',
          '_OLD = """\nmongodb_parameters = {"host": "decoy"}\nmongodb_parameters["host"] = "decoy"\n"""',
          "_OLD = r'''\nmongodb_parameters['host'] = 'decoy'\n'''",
          '# mongodb_parameters["host"] = "commented"',
          'KEEP = [mongodb_parameters, DOC_STORE_CONFIG]',
          'repr(mongodb_parameters)',
          'HOST = mongodb_parameters["host"]',
          'mongodb_parameters["host"] = "a"; mongodb_parameters["port"] = 1',
          'CONTENTSTORE["DOC_STORE_CONFIG"]["host"] = "via-content-store"',
          'CONTENTSTORE["ENGINE"] = "other.engine"',
          'KEEP[0]["host"] = "via-list"',
          'HOLDER = {"config": DOC_STORE_CONFIG}',
          'HOLDER["config"]["port"] = 1',
          'HOST = mongodb_parameters["host"] + ":27017"',
          'mongodb_parameters["host"] += "-ha"',
          'X = CONTENTSTORE["DOC_STORE_CONFIG"]',
          'X["host"] = "via-x"',
          'CHOSEN = DOC_STORE_CONFIG if True else {}',
          'CHOSEN["host"] = "via-conditional"',
        ),
      },
    );
    const modules = fc.sample(fc.array(statement, { minLength: 1, maxLength: 4 }).map((lines) => `${tutorPart}${lines.join('\n')}\n`), { numRuns: Number(process.env.PROPERTY_RUNS ?? 500), seed: 11 });
    const python = pythonRuns(modules);
    let read = 0;
    let refused = 0;
    modules.forEach((module, index) => {
      const theirs = python[index];
      if ('error' in theirs) return;
      const ours = mongodbParameters(tutorOf(module));
      if (ours !== undefined && 'problem' in ours) {
        refused++;
        return;
      }
      read++;
      expect({ module, value: ours }).toEqual({ module, value: meaning(theirs.value) });
    });
    expect(read).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(50);
  });
});
