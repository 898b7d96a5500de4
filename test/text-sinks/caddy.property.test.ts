/**
 * Property (issue 13): whatever bucket and host the settings or lms.env.yml hold, the SCORM routes
 * drydock-fn writes into the Caddyfile either are refused with an error naming the setting or the
 * lms.env.yml key (never the value, the Caddyfile untouched), or `caddy adapt` reads them as the
 * rewrite to that bucket and the proxy to that host; an S3 endpoint of lms.env.yml (http or https, a
 * port or none) as the LMS addresses it: path-style at the endpoint's scheme, host and port (botocore
 * with a custom endpoint), Drydock's https://<bucket>.<host> for an AWS host. The accepted sites are
 * adapted in one batch.
 */
import * as fc from 'fast-check';
import { decodeFunctionConfig } from '../../src/config/decode';
import { caddy } from '../../src/features/caddy';
import { deriveTutorContext } from '../../src/tutor/context';
import { scormRoutesByListen } from '../support/caddy-meaning';
import type { ScormRoute } from '../support/caddy-meaning';
import { hostileString } from '../support/hostile';
import { caddyAdaptAll, caddyMissing, describeWithReader, propertySamples } from '../support/readers';
import { drydockConfig } from '../support/run';
import { tutorObjects } from '../support/tutor-objects';
import { resourceSetOf } from '../support/views';

interface Case {
  readonly backend: 'minio' | 's3';
  readonly bucket: string;
  readonly host: string;
  /** Where the bucket and host come from: the settings, or lms.env.yml (bucket) and its endpoint URL (S3 host). */
  readonly from: 'settings' | 'manifests';
  /** The endpoint URL's scheme and port (none: the scheme's). */
  readonly scheme: 'http' | 'https';
  readonly port?: number;
}

const plainBucket = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/);
const plainHost = fc.oneof(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]{1,8}){1,3}$/), fc.constantFrom('s3.amazonaws.com', 's3.eu-west-1.amazonaws.com', 'ceph-rgw.storage.svc'));
const CASE: fc.Arbitrary<Case> = fc.record({
  backend: fc.constantFrom('minio' as const, 's3' as const),
  bucket: fc.oneof(hostileString({ maxLength: 6 }), plainBucket),
  host: fc.oneof(hostileString({ maxLength: 6 }), plainHost),
  from: fc.constantFrom('settings' as const, 'manifests' as const),
  scheme: fc.constantFrom('http' as const, 'https' as const),
  port: fc.option(fc.constantFrom(80, 443, 7480, 9000), { nil: undefined }),
});

const endpointOf = (testCase: Case): string => `${testCase.scheme}://${testCase.host}${testCase.port === undefined ? '' : `:${testCase.port}`}/`;

function objectsFor(testCase: Case): Record<string, any>[] {
  const objects = tutorObjects();
  if (testCase.from === 'settings') return objects;
  const env = objects.find((object) => object.metadata.name.startsWith('openedx-config'))!;
  // Escaped to printable ASCII, so that every YAML reader (js-yaml here, PyYAML in the LMS) reads the value.
  const quoted = (value: string): string => JSON.stringify(value).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  env.data['lms.env.yml'] += `\nAWS_STORAGE_BUCKET_NAME: ${quoted(testCase.bucket)}\nAWS_S3_ENDPOINT_URL: ${quoted(endpointOf(testCase))}`;
  return objects;
}

function specFor(testCase: Case): Record<string, unknown> {
  if (testCase.from === 'manifests') return { scorm: testCase.backend === 'minio' ? { storage: 'minio', minioHost: 'files.example.com' } : { storage: 's3' } };
  return { scorm: testCase.backend === 'minio' ? { storage: 'minio', minioHost: testCase.host, minioBucket: testCase.bucket } : { storage: 's3', s3Host: testCase.host, s3Bucket: testCase.bucket } };
}

/** The host of a URL as Python's urllib (botocore) reads it: the network location up to / ? or #, after any user, before the port. */
function urlHost(url: string): string {
  const location = url.slice(url.indexOf('//') + 2).split(/[/?#]/)[0];
  return location.slice(location.lastIndexOf('@') + 1).split(':')[0].toLowerCase();
}

/** The route drydock-fn means for the case. */
function meant(testCase: Case): ScormRoute {
  const host = testCase.from === 'settings' ? testCase.host : testCase.backend === 'minio' ? 'files.example.com' : urlHost(endpointOf(testCase));
  if (testCase.backend === 'minio') return { rewrite: `replace:/scorm-proxy/>/${testCase.bucket}/`, dial: ['minio:9000'], tls: false, hostHeader: [host] };
  const virtual = { rewrite: 'strip:/scorm-proxy', dial: [`${testCase.bucket}.${host}:443`], tls: true, hostHeader: [`${testCase.bucket}.${host}`] };
  if (testCase.from === 'settings') return virtual;
  // The endpoint the LMS uses: botocore addresses a custom endpoint path-style, at its scheme, host and port.
  const port = testCase.port ?? (testCase.scheme === 'https' ? 443 : 80);
  if (port === (testCase.scheme === 'https' ? 80 : 443)) throw new Error('accepted, but Caddy takes no upstream of one scheme on the other\'s port: drydock-fn must refuse it');
  if (testCase.scheme === 'https' && port === 443 && /(^|\.)amazonaws\.com$/.test(host)) return virtual;
  const authority = port === (testCase.scheme === 'https' ? 443 : 80) ? host : `${host}:${port}`;
  return { rewrite: `replace:/scorm-proxy/>/${testCase.bucket}/`, dial: [`${host}:${port}`], tls: testCase.scheme === 'https', hostHeader: [authority] };
}

/** The catch-all site drydock-fn wrote into a Caddyfile, listening on `port`. */
function catchAllOn(caddyfile: string, port: number): string {
  const start = caddyfile.indexOf('\n{$default_site_port} {\n') + 1;
  const end = caddyfile.indexOf('\n}\n', start);
  if (start === 0 || end < 0) throw new Error('no catch-all site');
  return `:${port}${caddyfile.slice(start, end + 2).slice('{$default_site_port}'.length)}`;
}

describeWithReader(caddyMissing(), 'Caddyfile property: hostile buckets and hosts', () => {
  test('every value is refused with its field or adapted by caddy as the route meant', async () => {
    const { seed, runs, values } = propertySamples(CASE);
    const accepted: { testCase: Case; site: string }[] = [];
    let refused = 0;
    for (const testCase of values) {
      const where = { seed, testCase };
      const decoded = decodeFunctionConfig(drydockConfig(specFor(testCase)));
      if (decoded.results.length > 0) {
        refused++;
        for (const result of decoded.results) {
          expect({ ...where, code: result.tags?.code, field: result.field?.path }).toEqual({ ...where, code: 'CONFIG_INVALID_VALUE', field: expect.stringMatching(/^spec\.scorm\.(minio|s3)(Host|Bucket)$/) });
        }
        continue;
      }
      const resources = resourceSetOf(objectsFor(testCase));
      const views = resources.views();
      const output = caddy.run({ resources: views, settings: decoded.settings, tutor: deriveTutorContext(views, decoded.settings) });
      const errors = output.results.filter((result) => result.severity === 'error');
      if (errors.length > 0) {
        refused++;
        expect({ ...where, changes: output.changes.length, fields: errors.map((result) => result.field?.path) }).toEqual({
          ...where,
          changes: 0,
          fields: [expect.stringMatching(/^(data\["lms\.env\.yml"\]|spec\.scorm\.\w+)$/)],
        });
        for (const value of [testCase.bucket, testCase.host].filter((text) => text.length > 3)) expect({ ...where, leaked: JSON.stringify(errors).includes(value) }).toEqual({ ...where, leaked: false });
        continue;
      }
      resources.apply(output.changes);
      const caddyfile = (resources.views().find((view) => view.object.metadata.name.startsWith('caddy-config'))!.object.data as Record<string, string>).Caddyfile;
      accepted.push({ testCase, site: catchAllOn(caddyfile, 10000 + accepted.length) });
    }
    expect(refused).toBeGreaterThan(runs / 10);
    expect(accepted.length).toBeGreaterThan(runs / 10);
    // One Caddyfile for all accepted cases: the proxy snippet, then each case's catch-all site (with its SCORM route) on its own port.
    const [adapted] = await caddyAdaptAll([`(proxy) {\n    reverse_proxy {args.0}\n}\n\n${accepted.map(({ site }) => site).join('\n\n')}\n`]);
    expect({ seed, error: adapted.error }).toEqual({ seed, error: undefined });
    const routes = scormRoutesByListen(adapted.config);
    accepted.forEach(({ testCase }, index) => {
      expect({ seed, testCase, routes: routes.get(`:${10000 + index}`) }).toEqual({ seed, testCase, routes: [meant(testCase)] });
    });
  });
});
