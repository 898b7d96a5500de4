/** The Caddy edits on a real Tutor 20 Caddyfile (examples/tutor-env): catch-all site, SCORM routes, removal. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { decodeFunctionConfig } from '../../src/config/decode';
import { caddy, catchAllPatch, scormRoute } from '../../src/features/caddy';
import { caddyMeaning } from '../support/caddy-meaning';
import { caddyAdaptAll, caddyMissing } from '../support/readers';
import { runFeature } from '../support/views';

const ENV = path.join(__dirname, '..', '..', 'examples', 'tutor-env');
const CADDYFILE = readFileSync(path.join(ENV, 'apps', 'caddy', 'Caddyfile'), 'utf8');
const LMS_ENV = readFileSync(path.join(ENV, 'apps', 'openedx', 'config', 'lms.env.yml'), 'utf8');
const VERSION = { 'app.kubernetes.io/version': '20.0.5' };

const caddyConfig = (caddyfile = CADDYFILE) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'caddy-config', annotations: VERSION }, data: { Caddyfile: caddyfile } });
const openedxConfig = (lmsEnv = LMS_ENV) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'openedx-config', annotations: VERSION }, data: { 'lms.env.yml': lmsEnv } });
const deployment = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, annotations: VERSION }, spec: { template: { spec: { containers: [{ name, image: 'x' }] } } } });
/** What tutor-minio renders: its Caddy site, its Deployment and the bucket in lms.env.yml. */
const MINIO_CADDY = `${CADDYFILE}\n# MinIO\nfiles.example.com{$default_site_port} {\n    import proxy "minio:9001"\n}`;
const MINIO_ENV = LMS_ENV.replace('SECRET_KEY:', 'AWS_STORAGE_BUCKET_NAME: "openedxuploads"\nSECRET_KEY:');

const caddyfileOf = (objects: { kind: string; metadata: { name: string }; data?: unknown }[]): string =>
  (objects.find((object) => object.metadata.name === 'caddy-config')!.data as { Caddyfile: string }).Caddyfile;

/** The text of a top-level site block whose opening line starts with `address`. */
function siteBlock(caddyfile: string, address: string): string {
  const start = caddyfile.indexOf(`\n${address}`) + 1;
  const end = caddyfile.indexOf('\n}\n', start);
  return caddyfile.slice(start, end + 2);
}

describe('multitenancy', () => {
  test('the catch-all site goes after Tutor\'s own sites, as Drydock\'s patch renders', () => {
    const { objects, results } = runFeature(caddy, [caddyConfig()], { scorm: { enabled: false } });
    expect(results).toEqual([]);
    expect(caddyfileOf(objects)).toBe(CADDYFILE + catchAllPatch(undefined));
    expect(caddyfileOf(objects).endsWith('import proxy "lms:8000"\n\n    \n\n}\n\n')).toBe(true);
  });

  test('is idempotent, and switched off removes the site again (Tutor\'s bytes back)', () => {
    const once = caddyfileOf(runFeature(caddy, [caddyConfig()]).objects);
    expect(caddyfileOf(runFeature(caddy, [caddyConfig(once)]).objects)).toBe(once);
    expect(caddyfileOf(runFeature(caddy, [caddyConfig(once)], { multitenancy: { enabled: false }, scorm: { enabled: false } }).objects)).toBe(CADDYFILE);
  });

  test("the catch-all site as Drydock's template renders it without SCORM (its empty caddyfile-mfe-by-path slot and if-block lines indented)", () => {
    expect(catchAllPatch(undefined)).toBe(
      [
        '{$default_site_port} {',
        '    @favicon_matcher {',
        '        path_regexp ^/favicon.ico$',
        '    }',
        '    rewrite @favicon_matcher /theming/asset/images/favicon.ico',
        '',
        '    ',
        '',
        '    # Limit profile image upload size',
        '    request_body /api/profile_images/*/*/upload {',
        '        max_size 1MB',
        '    }',
        '    request_body {',
        '        max_size 4MB',
        '    }',
        '    import proxy "lms:8000"',
        '',
        '    ',
        '',
        '}',
        '',
        '',
      ].join('\n'),
    );
  });

  test('always runs; nothing to do without the caddy-config ConfigMap; a Caddyfile without the version annotation is edited as well', () => {
    expect(caddy.isEnabled({} as never)).toBe(true);
    expect(runFeature(caddy, [])).toMatchObject({ changes: [], results: [] });
    const unversioned = { ...caddyConfig(), metadata: { name: 'caddy-config' } };
    expect(caddyfileOf(runFeature(caddy, [unversioned], { scorm: { enabled: false } }).objects)).toBe(CADDYFILE + catchAllPatch(undefined));
  });

  test("a Caddyfile without the sites Drydock's patches go in: a warning per slot, naming where it goes", () => {
    const { results } = runFeature(caddy, [caddyConfig(':80 {\n    respond 200\n}\n')], { scorm: { storage: 'minio', minioHost: 'files.example.com', minioBucket: 'openedxuploads' } });
    expect(results.map((result) => [result.severity, result.field?.path, result.message])).toEqual([
      ['warning', 'data.Caddyfile', 'the Caddyfile has no LMS site (import proxy "lms:8000" … handle_path /*), where Drydock\'s caddyfile-lms patch goes; it is not added'],
      ['warning', 'data.Caddyfile', 'the Caddyfile has no CMS site (import proxy "cms:8000" … handle_path /*), where Drydock\'s caddyfile-cms patch goes; it is not added'],
      ['warning', 'data.Caddyfile', 'the Caddyfile has no LMS site (import proxy "lms:8000") after which the catch-all site goes, where Drydock\'s caddyfile patch goes; it is not added'],
    ]);
  });

  test('a Caddyfile without an LMS site is a warning, not a guess', () => {
    const { objects, results } = runFeature(caddy, [caddyConfig(':80 {\n    respond 200\n}\n')]);
    expect(caddyfileOf(objects)).toBe(':80 {\n    respond 200\n}\n');
    expect(results.map((result) => [result.severity, result.message])).toEqual([
      ['warning', expect.stringContaining('where Drydock\'s caddyfile patch goes')],
    ]);
  });
});

describe('SCORM routes', () => {
  test('MinIO (tutor-minio found from its site and Deployment): LMS, CMS and catch-all route /scorm-proxy/ to the bucket', () => {
    const { objects, results } = runFeature(caddy, [caddyConfig(MINIO_CADDY), openedxConfig(MINIO_ENV), deployment('minio')]);
    expect(results).toEqual([]);
    const caddyfile = caddyfileOf(objects);
    const route = [
      '    @scorm_matcher {',
      '        path /scorm-proxy/*',
      '    }',
      '    route @scorm_matcher {',
      '        uri replace /scorm-proxy/ /openedxuploads/',
      '        reverse_proxy minio:9000 {',
      '            header_up Host files.example.com',
      '        }',
      '    }',
    ].join('\n');
    // In the LMS site: Drydock's caddyfile-lms patch, indented by Tutor's template, before handle_path.
    expect(siteBlock(caddyfile, 'lms.example.com')).toContain(`    import proxy "lms:8000"\n\n    \n${route}\n\n\n    handle_path /* {`);
    expect(siteBlock(caddyfile, 'studio.example.com')).toContain(`    import proxy "cms:8000"\n\n    \n${route}\n\n\n    handle_path /* {`);
    // The catch-all rewrites to the bucket too (Drydock stripped the prefix there, losing the bucket).
    expect(siteBlock(caddyfile, '{$default_site_port}')).toContain(`    import proxy "lms:8000"\n\n    \n${route}\n    \n\n}`);
  });

  test("S3 (a bucket in lms.env.yml, no MinIO): Drydock's https://<bucket>.<host> for AWS, the endpoint the LMS uses otherwise", () => {
    const aws = caddyfileOf(runFeature(caddy, [caddyConfig(), openedxConfig(MINIO_ENV)]).objects);
    expect(aws).toContain('reverse_proxy https://openedxuploads.s3.amazonaws.com {');
    const withEndpoint = (url: string): string => caddyfileOf(runFeature(caddy, [caddyConfig(), openedxConfig(MINIO_ENV.replace('SECRET_KEY:', `AWS_S3_ENDPOINT_URL: "${url}"\nSECRET_KEY:`))]).objects);
    expect(siteBlock(withEndpoint('https://s3.eu-west-1.amazonaws.com'), 'lms.example.com')).toContain(
      '        uri /scorm-proxy/* strip_prefix /scorm-proxy\n        reverse_proxy https://openedxuploads.s3.eu-west-1.amazonaws.com {\n            header_up Host openedxuploads.s3.eu-west-1.amazonaws.com',
    );
    // Another endpoint: path-style, as botocore addresses a custom endpoint (its default port left out of the Host header).
    expect(siteBlock(withEndpoint('https://objects.example.net:443'), 'lms.example.com')).toContain(
      '        uri replace /scorm-proxy/ /openedxuploads/\n        reverse_proxy https://objects.example.net {\n            header_up Host objects.example.net\n',
    );
  });

  test('S4: the scheme and port of the endpoint are kept (http://ceph-rgw.storage.svc:7480), and read back so by caddy adapt', async () => {
    const env = LMS_ENV.replace('SECRET_KEY:', 'AWS_STORAGE_BUCKET_NAME: "courses"\nAWS_S3_ENDPOINT_URL: "http://ceph-rgw.storage.svc:7480"\nSECRET_KEY:');
    const { objects, results } = runFeature(caddy, [caddyConfig(), openedxConfig(env)]);
    expect(results).toEqual([]);
    const caddyfile = caddyfileOf(objects);
    expect(siteBlock(caddyfile, 'lms.example.com')).toContain('        uri replace /scorm-proxy/ /courses/\n        reverse_proxy http://ceph-rgw.storage.svc:7480 {\n            header_up Host ceph-rgw.storage.svc:7480\n');
    if (caddyMissing()) {
      // eslint-disable-next-line no-console
      console.warn(`SKIPPED caddy adapt of the S4 endpoint: ${caddyMissing()}`);
      return;
    }
    const [adapted] = await caddyAdaptAll([caddyfile]);
    expect(adapted.error).toBeUndefined();
    const route = { rewrite: 'replace:/scorm-proxy/>/courses/', dial: ['ceph-rgw.storage.svc:7480'], tls: false, hostHeader: ['ceph-rgw.storage.svc:7480'] };
    expect(caddyMeaning(adapted.config).scorm).toEqual([route, route, route]);
  });

  test('S4: AWS_S3_ADDRESSING_STYLE "virtual" in lms.env.yml: the bucket\'s host at the endpoint\'s scheme and port', () => {
    const env = LMS_ENV.replace('SECRET_KEY:', 'AWS_STORAGE_BUCKET_NAME: "courses"\nAWS_S3_ENDPOINT_URL: "http://objects.example.net:7480/"\nAWS_S3_ADDRESSING_STYLE: "virtual"\nSECRET_KEY:');
    expect(siteBlock(caddyfileOf(runFeature(caddy, [caddyConfig(), openedxConfig(env)]).objects), 'lms.example.com')).toContain(
      '        uri /scorm-proxy/* strip_prefix /scorm-proxy\n        reverse_proxy http://courses.objects.example.net:7480 {\n            header_up Host courses.objects.example.net:7480\n',
    );
  });

  // botocore's addressing at a custom endpoint with addressing_style "virtual", as botocore 1.43 builds
  // the URL of get_object (checked on a machine with botocore; the rule is transcribed in object-storage.ts).
  const ADDRESSING: readonly [endpoint: string, bucket: string, botocoreUrl: string][] = [
    ['https://s3.example.net:9443', 'ScormFiles', 'https://s3.example.net:9443/ScormFiles/k'],
    ['https://s3.example.net:9443', 'scorm_files', 'https://s3.example.net:9443/scorm_files/k'],
    ['https://s3.example.net:9443', 'scorm.files', 'https://s3.example.net:9443/scorm.files/k'],
    ['http://s3.example.net:7480', 'scorm.files', 'http://scorm.files.s3.example.net:7480/k'],
    ['http://s3.example.net:7480', 'scorm..files', 'http://s3.example.net:7480/scorm..files/k'],
    ['https://s3.example.net:9443', 'scormfiles', 'https://scormfiles.s3.example.net:9443/k'],
    ['https://s3.example.net:9443', 'ab-', 'https://s3.example.net:9443/ab-/k'],
    ['https://s3.example.net:9443', '192.168.1.1', 'https://s3.example.net:9443/192.168.1.1/k'],
    ['https://s3.example.net:9443', 'x'.repeat(63), `https://${'x'.repeat(63)}.s3.example.net:9443/k`],
    ['https://s3.example.net:9443', 'x'.repeat(64), `https://s3.example.net:9443/${'x'.repeat(64)}/k`],
    ['https://10.0.0.5:9000', 'scormfiles', 'https://10.0.0.5:9000/scormfiles/k'],
  ];

  test('S4: AWS_S3_ADDRESSING_STYLE "virtual" with a bucket botocore cannot address so (capitals, "_", dots over https, an IP endpoint): path style, as botocore; read by caddy adapt', async () => {
    const caddyfiles = ADDRESSING.map(([endpoint, bucket]) => {
      const env = LMS_ENV.replace('SECRET_KEY:', `AWS_STORAGE_BUCKET_NAME: "${bucket}"\nAWS_S3_ENDPOINT_URL: "${endpoint}"\nAWS_S3_ADDRESSING_STYLE: "virtual"\nSECRET_KEY:`);
      const { objects, results } = runFeature(caddy, [caddyConfig(), openedxConfig(env)]);
      expect(results).toEqual([]);
      return caddyfileOf(objects);
    });
    // What the route means, from the URL botocore builds: path style rewrites to /<bucket>/ at the endpoint; virtual strips the prefix at <bucket>.<endpoint>.
    const meant = ADDRESSING.map(([endpoint, bucket, url]) => {
      const { protocol, host } = new URL(url);
      const authority = new URL(endpoint).host;
      const route = { dial: [host], tls: protocol === 'https:', hostHeader: [host] };
      return host === authority ? { rewrite: `replace:/scorm-proxy/>/${bucket}/`, ...route } : { rewrite: 'strip:/scorm-proxy', ...route };
    });
    expect(meant.filter((route) => route.rewrite.startsWith('strip')).length).toBe(3);
    if (caddyMissing()) {
      console.warn(`SKIPPED caddy adapt of the S3 addressing cases: ${caddyMissing()}`);
      return;
    }
    const adapted = await caddyAdaptAll(caddyfiles);
    expect(adapted.map((entry) => entry.error)).toEqual(adapted.map(() => undefined));
    expect(adapted.map((entry) => caddyMeaning(entry.config).scorm[0])).toEqual(meant);
  });

  test.each([
    ['http on port 443 (Caddy refuses the upstream)', 'http://objects.example.net:443', /http on port 443/],
    ['a path', 'https://objects.example.net/prefix', /path/],
    ['user information', 'https://key:secret@objects.example.net', /user/],
    ['another scheme', 'ftp://objects.example.net', /http or https/],
    ['a port out of range', 'http://objects.example.net:99999', /port/],
  ])('S4: an endpoint with %s is refused naming lms.env.yml (the route could not go where the LMS goes)', (_name, url, message) => {
    const env = LMS_ENV.replace('SECRET_KEY:', `AWS_STORAGE_BUCKET_NAME: "courses"\nAWS_S3_ENDPOINT_URL: "${url}"\nSECRET_KEY:`);
    const { objects, results } = runFeature(caddy, [caddyConfig(), openedxConfig(env)]);
    expect(caddyfileOf(objects)).toBe(CADDYFILE);
    expect(results).toEqual([expect.objectContaining({ severity: 'error', field: { path: 'data["lms.env.yml"]' }, message: expect.stringMatching(message) })]);
    expect(results[0].message).not.toContain('secret');
  });

  test('the config names the storage: bucket and host win over what the manifests say', () => {
    const spec = { scorm: { storage: 'minio', minioHost: 'minio.example.org', minioBucket: 'scorm-bucket' } };
    const caddyfile = caddyfileOf(runFeature(caddy, [caddyConfig()], spec).objects);
    expect(caddyfile).toContain('uri replace /scorm-proxy/ /scorm-bucket/');
    expect(caddyfile).toContain('header_up Host minio.example.org');
  });

  test("MinIO's site host by the host rule of the Ingresses: lower case, punycode; a host no request can carry is no host", () => {
    const withSite = (host: string) => caddyfileOf(runFeature(caddy, [caddyConfig(MINIO_CADDY.replace('files.example.com', host)), openedxConfig(MINIO_ENV), deployment('minio')]).objects);
    expect(withSite('Files.Example.COM')).toContain('header_up Host files.example.com');
    expect(withSite('files.exämple.com')).toContain('header_up Host files.xn--exmple-cua.com');
    const { results } = runFeature(caddy, [caddyConfig(MINIO_CADDY.replace('files.example.com', 'files_x.example.com')), openedxConfig(MINIO_ENV), deployment('minio')]);
    expect(results).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('scorm.minioHost') })]);
  });

  test('no object storage: no routes (as Drydock); MinIO asked for without a host: a warning', () => {
    expect(caddyfileOf(runFeature(caddy, [caddyConfig()]).objects)).not.toContain('scorm');
    const { objects, results } = runFeature(caddy, [caddyConfig()], { scorm: { storage: 'minio' } });
    expect(caddyfileOf(objects)).not.toContain('scorm');
    expect(results.map((result) => [result.severity, result.tags?.code, result.field?.path])).toEqual([['warning', 'CONFIG_SETTING', 'data.Caddyfile']]);
    expect(results[0].message).toMatch(/^SCORM: .*scorm\.minioHost.*; no \/scorm-proxy\/ routes added$/);
  });

  test('changing the storage replaces the routes; SCORM off removes them; each run on its own output is a no-op', () => {
    const minio = caddyfileOf(runFeature(caddy, [caddyConfig(MINIO_CADDY), openedxConfig(MINIO_ENV), deployment('minio')]).objects);
    expect(caddyfileOf(runFeature(caddy, [caddyConfig(minio), openedxConfig(MINIO_ENV), deployment('minio')]).objects)).toBe(minio);
    const s3 = caddyfileOf(runFeature(caddy, [caddyConfig(minio), openedxConfig(MINIO_ENV)], { scorm: { storage: 's3' } }).objects);
    expect(s3.match(/^ *@scorm_matcher \{/gm)).toHaveLength(3);
    expect(s3).not.toContain('minio:9000');
    const off = caddyfileOf(runFeature(caddy, [caddyConfig(s3), openedxConfig(MINIO_ENV)], { scorm: { enabled: false } }).objects);
    // Joined after tutor-minio's site, as Tutor joins patches.
    expect(off).toBe(`${MINIO_CADDY}\n${catchAllPatch(undefined)}`);
  });

  test('Tutor\'s own setting names in the ConfigMap form: MINIO_HOST, MINIO_BUCKET_NAME, S3_STORAGE_BUCKET, S3_HOST ("" is unset)', () => {
    const decoded = decodeFunctionConfig({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'drydock' },
      data: { MINIO_HOST: 'files.example.com', MINIO_BUCKET_NAME: 'uploads', S3_STORAGE_BUCKET: 'openedx', S3_HOST: '', FORUM_MONGODB_DATABASE: 'forum' },
    });
    expect(decoded.results).toEqual([]);
    expect(decoded.settings.scorm).toMatchObject({ minioHost: 'files.example.com', minioBucket: 'uploads', s3Bucket: 'openedx', s3Host: '' });
    expect(decoded.settings.djangoSettings.forumMongodbDatabase).toBe('forum');
    const caddyfile = caddyfileOf(runFeature(caddy, [caddyConfig()], { scorm: decoded.settings.scorm }).objects);
    expect(caddyfile).toContain('uri replace /scorm-proxy/ /uploads/');
  });

  test('the route text', () => {
    expect(scormRoute({ backend: 'minio', host: 'files.example.com', bucket: 'b' }).split('\n')).toHaveLength(9);
  });
});

describe('case 4: the catch-all site wherever it stands among the sites', () => {
  const MINIO_SITE = 'files.example.com{$default_site_port} {\n    import proxy "minio:9000"\n}';
  const catchAllSites = (caddyfile: string): number => (caddyfile.match(/^\{\$default_site_port\} \{$/gm) ?? []).length;

  test.each([
    ['SCORM off', { scorm: { enabled: false } }],
    ['SCORM on, MinIO', { scorm: { storage: 'minio', minioHost: 'files.example.com' } }],
  ])('another plugin\'s site after Drydock\'s catch-all: no second catch-all (%s)', (_name, spec) => {
    // Drydock's output: its catch-all joined first, another plugin's site after it.
    for (const drydock of [catchAllPatch(undefined), catchAllPatch({ backend: 'minio', host: 'files.example.com', bucket: 'openedx' })]) {
      const input = `${CADDYFILE}${drydock}\n${MINIO_SITE}`;
      const { objects } = runFeature(caddy, [caddyConfig(input), deployment('minio')], spec);
      const output = caddyfileOf(objects);
      expect(catchAllSites(output)).toBe(1);
      expect(output.endsWith(`\n${MINIO_SITE}`)).toBe(true);
      // Idempotent where it stands.
      expect(caddyfileOf(runFeature(caddy, [caddyConfig(output), deployment('minio')], spec).objects)).toBe(output);
    }
  });

  test("another plugin's own catch-all is not taken for Drydock's: both stand (the CADDY_DUPLICATE_SITE check then refuses the run)", () => {
    const other = '{$default_site_port} {\n    respond "not found" 404\n}\n\n';
    const output = caddyfileOf(runFeature(caddy, [caddyConfig(`${CADDYFILE}${other}`)], { scorm: { enabled: false } }).objects);
    expect(catchAllSites(output)).toBe(2);
    expect(output).toContain(other);
  });

  test('multitenancy off removes the catch-all from where it stands, with its joining newline', () => {
    const input = `${CADDYFILE}${catchAllPatch(undefined)}\n${MINIO_SITE}`;
    const output = caddyfileOf(runFeature(caddy, [caddyConfig(input)], { multitenancy: { enabled: false }, scorm: { enabled: false } }).objects);
    expect(catchAllSites(output)).toBe(0);
    expect(output).toBe(`${CADDYFILE}${MINIO_SITE}`);
  });

  test("before Tutor 19 Drydock's patches were joined first: the catch-all site goes before another plugin's site at the end of the file", () => {
    const v18 = { 'app.kubernetes.io/version': '18.1.0' };
    const at18 = <T extends { metadata: Record<string, unknown> }>(object: T): T => ({ ...object, metadata: { ...object.metadata, annotations: v18 } });
    const withPlugin = `${CADDYFILE}\nplugin.example.com {\n    respond 1\n}`;
    const output = caddyfileOf(runFeature(caddy, [at18(caddyConfig(withPlugin)), at18(openedxConfig(MINIO_ENV)), at18(deployment('minio'))], { multitenancy: { enabled: true } }).objects);
    const catchAll = output.indexOf('\n{$default_site_port} {\n');
    expect(catchAll).toBeGreaterThanOrEqual(CADDYFILE.length - 2);
    expect(catchAll).toBeLessThan(output.indexOf('\nplugin.example.com {\n'));
  });

  test('another plugin\'s caddyfile-lms or caddyfile-cms patch after the SCORM route: the route is replaced where it stands, not added twice', () => {
    const objects = [openedxConfig(MINIO_ENV), deployment('minio')];
    const once = caddyfileOf(runFeature(caddy, [caddyConfig(MINIO_CADDY), ...objects]).objects);
    const end = '    }\n    }\n\n\n    handle_path /* {';
    const sites = once.split(end);
    // The LMS site, then the CMS site.
    expect(sites.length).toBeGreaterThanOrEqual(3);
    for (const site of [0, 1]) {
      const withPlugin = sites.map((part, i) => (i === 0 ? part : `${i - 1 === site ? '    }\n    }\n\n    header X-Plugin yes\n\n    handle_path /* {' : end}${part}`)).join('');
      expect(withPlugin).not.toBe(once);
      const spec = { scorm: { minioBucket: 'other-bucket' } };
      const output = caddyfileOf(runFeature(caddy, [caddyConfig(withPlugin), ...objects], spec).objects);
      expect(output.match(/^ *@scorm_matcher \{/gm)).toHaveLength(3);
      expect(output).not.toContain('/openedxuploads/');
      expect(output).toContain('    header X-Plugin yes\n\n    handle_path /* {');
      expect(caddyfileOf(runFeature(caddy, [caddyConfig(output), ...objects], spec).objects)).toBe(output);
    }
  });
});

describe('values the Caddyfile cannot carry (bucket and host, from the settings or lms.env.yml)', () => {
  test.each([
    ['a bucket with a space and a placeholder', 'AWS_STORAGE_BUCKET_NAME: "my bucket{$HOME}"'],
    ['a bucket that closes the block', "AWS_STORAGE_BUCKET_NAME: 'b}'"],
    ['an endpoint host with a brace', 'AWS_STORAGE_BUCKET_NAME: "uploads"\nAWS_S3_ENDPOINT_URL: "https://x{http.request.host}y/"'],
    ['an endpoint that is no URL (proxying to AWS instead would send the files elsewhere)', 'AWS_STORAGE_BUCKET_NAME: "uploads"\nAWS_S3_ENDPOINT_URL: "objects.example.net"'],
    ['a bucket with a line break, escaped in YAML', 'AWS_STORAGE_BUCKET_NAME: "up\\nloads"'],
  ])('%s in lms.env.yml: an error naming the ConfigMap and the key, never the value; no edit', (_name, lines) => {
    const env = LMS_ENV.replace('SECRET_KEY:', `${lines}\nSECRET_KEY:`);
    const { objects, results } = runFeature(caddy, [caddyConfig(), openedxConfig(env)], { scorm: { storage: 's3' } });
    expect(caddyfileOf(objects)).toBe(CADDYFILE);
    expect(results).toEqual([expect.objectContaining({ severity: 'error', resourceRef: expect.objectContaining({ kind: 'ConfigMap', name: 'openedx-config' }), field: { path: 'data["lms.env.yml"]' } })]);
    expect(results[0].message).toMatch(/AWS_STORAGE_BUCKET_NAME|AWS_S3_ENDPOINT_URL/);
    expect(results[0].message).not.toMatch(/my bucket|b\}|request\.host|objects\.example|loads/);
    // The fix named: the bucket's settings for the bucket, scorm.s3Host for the endpoint.
    const endpoint = lines.includes('AWS_S3_ENDPOINT_URL');
    const fix = endpoint ? 'AWS_S3_ENDPOINT_URL of lms.env.yml; set scorm.s3Host' : 'AWS_STORAGE_BUCKET_NAME of lms.env.yml; set scorm.minioBucket or scorm.s3Bucket';
    expect(results[0].message.endsWith(`routes: ${fix}, or scorm.storage: none`)).toBe(true);
  });

  test('a MinIO bucket from lms.env.yml with a line break: an error; the same bucket named in the settings is used', () => {
    const env = MINIO_ENV.replace('"openedxuploads"', '"open\\nedx"');
    const refused = runFeature(caddy, [caddyConfig(MINIO_CADDY), openedxConfig(env), deployment('minio')]);
    expect(refused.results.map((result) => [result.severity, result.tags?.code, result.field?.path])).toEqual([['error', 'RESOURCE_INVALID', 'data["lms.env.yml"]']]);
    expect(refused.results[0].message).toMatch(/^SCORM: .+, so it cannot be written into the Caddyfile's \/scorm-proxy\/ routes: AWS_STORAGE_BUCKET_NAME of lms\.env\.yml; set scorm\.minioBucket or scorm\.s3Bucket, or scorm\.storage: none$/);
    const named = runFeature(caddy, [caddyConfig(MINIO_CADDY), openedxConfig(env), deployment('minio')], { scorm: { minioBucket: 'scorm-bucket' } });
    expect(named.results).toEqual([]);
    expect(caddyfileOf(named.objects)).toContain('uri replace /scorm-proxy/ /scorm-bucket/');
  });
});
