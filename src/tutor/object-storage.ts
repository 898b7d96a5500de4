/**
 * The object storage of the deployment, as the SCORM proxy needs it: MinIO
 * (tutor-minio: MINIO_HOST, MINIO_BUCKET_NAME) or S3 (tutor-contrib-s3: S3_STORAGE_BUCKET, S3_HOST).
 * Drydock decides by which of those Tutor settings exist; drydock-fn sees manifests, so it looks for
 * what those plugins render (a minio Deployment, a Caddy site proxying to minio, the bucket in
 * lms.env.yml), and the config can name everything.
 */
import type { DrydockSettings } from '../config/settings';
import { canonicalHost } from '../krm/names';
import { caddyBucketProblem, caddyHostProblem } from '../encoders/caddyfile';
import type { TutorContext } from './context';
import { lmsEnv } from './datastores';
import { caddyBlocks } from './slot-locators';

/**
 * An S3 endpoint as the LMS uses it (AWS_S3_ENDPOINT_URL of lms.env.yml): its scheme, host and port,
 * and how the bucket is addressed. django-storages hands the URL to botocore, which addresses a custom
 * endpoint path-style (`<endpoint>/<bucket>/<key>`) unless AWS_S3_ADDRESSING_STYLE is "virtual"
 * (`<scheme>://<bucket>.<host>[:<port>]/<key>`).
 */
export interface S3Endpoint {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  /** Absent when the scheme's own (80, 443). */
  readonly port?: number;
  readonly addressing: 'path' | 'virtual';
}

/**
 * Where the SCORM routes go. S3 without `endpoint` is Drydock's form, `https://<bucket>.<host>`: for
 * S3_HOST (scorm.s3Host), AWS itself, and an AWS endpoint of lms.env.yml (AWS serves both forms).
 */
export type ObjectStorage =
  | { readonly backend: 'minio'; readonly host: string; readonly bucket: string }
  | { readonly backend: 's3'; readonly bucket: string; readonly host: string; readonly endpoint?: S3Endpoint };

/** Where a value of the storage came from: a setting, or a key of lms.env.yml. */
export type StorageValueOrigin = { readonly setting: 'minioHost' | 'minioBucket' | 's3Bucket' | 's3Host' } | { readonly envKey: 'AWS_STORAGE_BUCKET_NAME' | 'AWS_S3_ENDPOINT_URL' };

export interface StorageDecision {
  readonly storage?: ObjectStorage;
  /** Why no storage was chosen although one was asked for (a warning for the user). */
  readonly problem?: string;
  /** A value the Caddyfile cannot carry (an error), where it came from; never the value itself. */
  readonly refused?: { readonly origin: StorageValueOrigin; readonly message: string };
}

const DEFAULT_MINIO_BUCKET = 'openedx';
const DEFAULT_S3_HOST = 's3.amazonaws.com';

/** The storage the SCORM routes go to, or none; refused when a value it needs cannot be a Caddyfile token. */
export function scormStorage(settings: DrydockSettings['scorm'], tutor: TutorContext): StorageDecision {
  const decision = chooseStorage(settings, tutor);
  const storage = decision.storage;
  if (!storage) return decision;
  const bucketOrigin: StorageValueOrigin = nonEmpty(storage.backend === 'minio' ? settings.minioBucket : settings.s3Bucket)
    ? { setting: storage.backend === 'minio' ? 'minioBucket' : 's3Bucket' }
    : { envKey: 'AWS_STORAGE_BUCKET_NAME' };
  const hostOrigin: StorageValueOrigin = storage.backend === 'minio' ? { setting: 'minioHost' } : nonEmpty(settings.s3Host) ? { setting: 's3Host' } : { envKey: 'AWS_S3_ENDPOINT_URL' };
  const bucketProblem = caddyBucketProblem(storage.bucket);
  if (bucketProblem) return { refused: { origin: bucketOrigin, message: `the bucket ${bucketProblem}` } };
  const hostProblem = caddyHostProblem(storage.host);
  if (hostProblem) return { refused: { origin: hostOrigin, message: `the host ${hostProblem}` } };
  return decision;
}

function chooseStorage(settings: DrydockSettings['scorm'], tutor: TutorContext): StorageDecision {
  if (settings.storage === 'none') return {};
  // Read as YAML, as the LMS reads lms.env.yml: an escaped or quoted value is the value it means.
  const env = lmsEnv(tutor);
  const envBucket = nonEmpty(scalarText(env.AWS_STORAGE_BUCKET_NAME));
  const minioSite = minioSiteHost(tutor.configMapData('caddy-config')?.Caddyfile ?? '');
  const minioHost = nonEmpty(settings.minioHost) ?? minioSite;
  const runsMinio = tutor.plugins.has('minio') || minioSite !== undefined || nonEmpty(settings.minioHost) !== undefined;
  if (settings.storage === 'minio' || (settings.storage === 'auto' && runsMinio)) {
    if (!minioHost) return { problem: 'MinIO is used but its host is unknown (no Caddy site proxies to minio): set scorm.minioHost (MINIO_HOST)' };
    return { storage: { backend: 'minio', host: minioHost, bucket: nonEmpty(settings.minioBucket) ?? envBucket ?? DEFAULT_MINIO_BUCKET } };
  }
  const s3Bucket = nonEmpty(settings.s3Bucket) ?? envBucket;
  if (!s3Bucket) return settings.storage === 's3' ? { problem: 'S3 is used but no bucket is known: set scorm.s3Bucket (S3_STORAGE_BUCKET)' } : {};
  const s3Host = nonEmpty(settings.s3Host);
  const url = nonEmpty(scalarText(env.AWS_S3_ENDPOINT_URL));
  if (s3Host !== undefined || url === undefined) return { storage: { backend: 's3', bucket: s3Bucket, host: s3Host ?? DEFAULT_S3_HOST } };
  // The endpoint the LMS uses; one the routes cannot reach as the LMS does would send SCORM files elsewhere.
  const endpoint = s3Endpoint(url, scalarText(env.AWS_S3_ADDRESSING_STYLE), s3Bucket);
  if ('problem' in endpoint) return { refused: { origin: { envKey: 'AWS_S3_ENDPOINT_URL' }, message: `the endpoint ${endpoint.problem}` } };
  const drydockForm = endpoint.scheme === 'https' && endpoint.port === undefined && (AWS_HOST.test(endpoint.host) || endpoint.addressing === 'virtual');
  return { storage: { backend: 's3', bucket: s3Bucket, host: endpoint.host, ...(drydockForm ? {} : { endpoint }) } };
}

/** Hosts of AWS's own S3 endpoints, which serve a bucket in both forms. */
const AWS_HOST = /(^|\.)amazonaws\.com(\.cn)?$/;
const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

/**
 * AWS_S3_ENDPOINT_URL as botocore takes it (Python's urlsplit: scheme, network location, path), or
 * why the SCORM routes cannot reach it as the LMS does; never quotes the URL (it may hold credentials).
 */
function s3Endpoint(url: string, addressingStyle: string | undefined, bucket: string): S3Endpoint | { problem: string } {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url.trim());
  if (!match) return { problem: 'is not a URL with a host name' };
  const scheme = match[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { problem: 'is not an http or https URL' };
  const location = match[2];
  if (location.includes('@')) return { problem: 'holds user information, which the route would not send' };
  if ((match[3] !== '' && match[3] !== '/') || match[4] !== undefined || match[5] !== undefined) return { problem: 'has a path, query or fragment, which the SCORM routes do not carry: set scorm.s3Host, or scorm.storage: none' };
  const hostPort = /^([^:]*)(?::([0-9]*))?$/.exec(location);
  if (!hostPort || hostPort[1] === '') return { problem: 'is not a URL with a host name' };
  const port = hostPort[2] === undefined || hostPort[2] === '' ? DEFAULT_PORTS[scheme] : Number(hostPort[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { problem: 'has a port out of range' };
  // Caddy refuses an upstream whose port is the other scheme's (http on 443, https on 80).
  if (port === DEFAULT_PORTS[scheme === 'http' ? 'https' : 'http']) return { problem: `uses ${scheme} on port ${port}, which Caddy does not proxy to` };
  const host = hostPort[1].toLowerCase();
  const virtual = addressingStyle === 'virtual' && !BOTOCORE_IPV4.test(host) && botocoreVirtualHostable(bucket, scheme === 'http');
  return { scheme, host, ...(port === DEFAULT_PORTS[scheme] ? {} : { port }), addressing: virtual ? 'virtual' : 'path' };
}

/**
 * botocore's rule for a bucket it addresses virtually at a custom endpoint (addressing_style
 * "virtual", not forced path style): S3's endpoint rule set calls `aws.isVirtualHostableS3Bucket`
 * (botocore/endpoint_provider.py, RuleSetStandardLibrary.aws_is_virtual_hostable_s3_bucket and
 * is_valid_host_label) with subdomains (dots) allowed only over http, and an endpoint whose host is
 * an IPv4 address is addressed path-style. Any other bucket goes path-style: `<endpoint>/<bucket>/…`.
 * (botocore before the rule sets, utils.check_dns_name, refused such a bucket instead.) Python's `$`
 * also matches before a final newline, hence `\n?$`.
 */
export function botocoreVirtualHostable(bucket: string, allowSubdomains: boolean): boolean {
  if (bucket.length < 3 || bucket.toLowerCase() !== bucket || BOTOCORE_IPV4.test(bucket)) return false;
  const labels = allowSubdomains ? bucket.split('.') : [bucket];
  return labels.every((label) => BOTOCORE_HOST_LABEL.test(label));
}
/** botocore.compat.IPV4_RE. */
const BOTOCORE_IPV4 = /^(?:[0-9]{1,3}\.){3}[0-9]{1,3}\n?$/;
/** VALID_HOST_LABEL_RE of botocore/endpoint_provider.py (Python's \d: any Unicode digit). */
const BOTOCORE_HOST_LABEL = /^(?!-)[a-zA-Z\p{Nd}-]{1,63}(?<!-)\n?$/u;

/**
 * The host of tutor-minio's Caddy site (`MINIO_HOST{$default_site_port} { import proxy "minio:…" }`).
 * Only `import proxy` counts: the SCORM routes reverse_proxy to minio from the LMS and CMS sites.
 */
function minioSiteHost(caddyfile: string): string | undefined {
  const site = caddyBlocks(caddyfile).find((block) => /^\s*import proxy "minio:\d+"/m.test(block.body));
  const host = site?.address.split(',')[0].trim().replace(/\{\$[^}]*\}/g, '').replace(/^https?:\/\//, '').replace(/:\d+$/, '');
  const canonical = host ? canonicalHost(host, { wildcard: false }).host : undefined;
  return canonical && caddyHostProblem(canonical) === undefined ? canonical : undefined;
}

/** A scalar of the env file as text (YAML may read a bucket name such as 2024 as a number). */
function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
