/**
 * Kubernetes' rules for the names drydock-fn writes into objects: the hosts of Ingress rules and TLS
 * entries, IngressClass and other object names, annotation keys, label values. They are the API
 * server's (apimachinery's IsDNS1123Subdomain, IsWildcardDNS1123Subdomain and IsQualifiedName,
 * networking's ValidateIngressSpec, ValidateAnnotations), so that nothing drydock-fn generates is
 * refused when Argo CD applies it. Where a rule here is stricter than the API server, it says why.
 *
 * Each rule returns what is wrong (a phrase to follow the name), or undefined when the name is valid.
 */
import { domainToASCII } from 'url';
import { goYamlPlainType } from './go-yaml-scalars';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** apimachinery's dns1123SubdomainFmt: dot-separated DNS labels, lower case. */
export const DNS1123_SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const WILDCARD_SUBDOMAIN = new RegExp(`^\\*\\.${DNS1123_SUBDOMAIN}$`);
const MAX_SUBDOMAIN_LENGTH = 253;
/** RFC 1035: a DNS label holds at most 63 octets. */
const MAX_DNS_LABEL_LENGTH = 63;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const MAX_QUALIFIED_NAME_LENGTH = 63;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** The API server's limit on the keys and values of one object's annotations, together (bytes). */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

const SUBDOMAIN_RULE = 'lower case letters, digits, "-" and ".", starting and ending with a letter or digit';

/** IsDNS1123Subdomain: the names of most objects (IngressClass, Secret, Issuer …) and annotation key prefixes. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > MAX_SUBDOMAIN_LENGTH) return `is longer than ${MAX_SUBDOMAIN_LENGTH} characters`;
  if (!SUBDOMAIN.test(value)) return `must be a DNS subdomain: ${SUBDOMAIN_RULE}`;
  return undefined;
}

/**
 * The host of an Ingress rule or TLS entry, as ValidateIngressSpec checks it: a DNS subdomain, not an
 * IPv4 address, or (where `wildcard` allows it) `*.` and a DNS subdomain. Stricter than the API
 * server in one point: each label is at most 63 characters, as DNS requires (the API server checks
 * only the whole length), since no certificate can be issued for, and no client resolve, a longer one.
 */
export function ingressHostProblem(host: string, options: { readonly wildcard: boolean }): string | undefined {
  if (host === '') return 'is empty';
  if (host.includes('*')) {
    if (!options.wildcard) return 'is a wildcard, which is not allowed here';
    if (host.length > MAX_SUBDOMAIN_LENGTH) return `is longer than ${MAX_SUBDOMAIN_LENGTH} characters`;
    if (!WILDCARD_SUBDOMAIN.test(host)) return `must be "*." followed by a host name (a wildcard stands for one whole leftmost label, e.g. *.example.com)`;
  } else {
    if (host.length > MAX_SUBDOMAIN_LENGTH) return `is longer than ${MAX_SUBDOMAIN_LENGTH} characters`;
    if (!SUBDOMAIN.test(host)) return `must be a host name: ${SUBDOMAIN_RULE} (no "_", no port, no scheme)`;
    if (isIPv4Address(host)) return 'is an IP address; an Ingress host must be a DNS name';
  }
  if (host.split('.').some((label) => label.length > MAX_DNS_LABEL_LENGTH)) return `has a label longer than ${MAX_DNS_LABEL_LENGTH} characters, which DNS does not allow`;
  return undefined;
}

/**
 * An IPv4 address as Kubernetes' ParseIPSloppy reads one (four decimal parts up to 255, leading zeros
 * allowed): such a host is refused by the API server although it matches the subdomain pattern.
 */
function isIPv4Address(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((part) => /^[0-9]+$/.test(part) && Number(part) <= 255);
}

/** What {@link canonicalHost} did to a host to make it one the Ingress API accepts. */
export type HostChange = 'lower-cased' | 'punycode' | 'trailing-dot';

export interface CanonicalHost {
  /** The host as an Ingress takes it; absent when it cannot be made valid. */
  readonly host?: string;
  readonly changes: readonly HostChange[];
  /** Why the host cannot be an Ingress host (after the changes). */
  readonly problem?: string;
}

/**
 * A host name as written by a person or a template (Tutor's LMS_HOST, a Caddyfile site), in the form
 * the Ingress API takes: lower case (DNS and Caddy match hosts case-insensitively), an international
 * name in punycode (what browsers send and DNS holds, `url.domainToASCII`), without the trailing dot
 * of a fully qualified name. Anything else that is not valid (an underscore, a misplaced wildcard, an
 * IP address) is a problem, not changed.
 */
export function canonicalHost(raw: string, options: { readonly wildcard: boolean }): CanonicalHost {
  const changes: HostChange[] = [];
  let host = raw;
  if (host.length > 1 && host.endsWith('.')) {
    host = host.slice(0, -1);
    changes.push('trailing-dot');
  }
  // IDNA would drop tabs and line breaks silently: a host holding one is refused, not repaired.
  if (/[\x00-\x20\x7f]/.test(host)) return { changes, problem: 'holds a space or a control character' };
  if (/[^\x00-\x7f]/.test(host)) {
    // Only non-ASCII names go through IDNA: it would refuse ASCII names the API server takes (xn--zz).
    const ascii = domainToASCII(host);
    if (ascii === '') return { changes, problem: 'is not a valid international domain name' };
    host = ascii;
    changes.push('punycode');
  } else if (/[A-Z]/.test(host)) {
    host = host.toLowerCase();
    changes.push('lower-cased');
  }
  const problem = ingressHostProblem(host, options);
  return problem ? { changes, problem } : { host, changes };
}

/**
 * IsQualifiedName: an optional DNS subdomain prefix and "/", then a name of at most 63 characters of
 * letters, digits, "-", "_" and ".", starting and ending with a letter or digit (label keys).
 */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return 'must be a name with an optional DNS subdomain prefix and one "/" (e.g. example.com/my-name)';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') return 'has an empty prefix before "/"';
    const prefixProblem = dns1123SubdomainProblem(parts[0]);
    if (prefixProblem) return `has a prefix that ${prefixProblem}`;
  }
  if (name === '') return 'has an empty name';
  if (name.length > MAX_QUALIFIED_NAME_LENGTH) return `has a name longer than ${MAX_QUALIFIED_NAME_LENGTH} characters`;
  if (!QUALIFIED_NAME.test(name)) return 'has a name that is not letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

/**
 * An annotation key: a qualified name, case aside in the prefix (ValidateAnnotations lower-cases the
 * key first). Stricter than the API server in one point: ASCII only, where Go's lower-casing would let
 * a few non-ASCII letters through (the Kelvin sign becomes "k").
 */
export function annotationKeyProblem(key: string): string | undefined {
  if (/[^\x20-\x7e]/.test(key)) return 'must be printable ASCII';
  const problem = qualifiedNameProblem(key.replace(/[A-Z]/g, (letter) => letter.toLowerCase()));
  if (problem) return problem;
  return metadataKeyProblem(key);
}

/**
 * A key of metadata (annotations, labels) that kustomize cannot carry, although the API server takes
 * it: one go-yaml reads as no string (`10`, `1_0`, `0x1F`, `null`, `true`, a date such as
 * `2001-12-14`). kustomize 4.5 and 5.5 then fail on the whole object, even with the key quoted.
 */
export function metadataKeyProblem(key: string): string | undefined {
  const type = goYamlPlainType(key);
  if (type === 'string') return undefined;
  return `is a name kustomize reads as a ${type}, not as a string, even quoted (kustomize then fails on the object): add a prefix such as example.com/`;
}

/** IsValidLabelValue: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > MAX_QUALIFIED_NAME_LENGTH) return `is longer than ${MAX_QUALIFIED_NAME_LENGTH} characters`;
  if (!LABEL_VALUE.test(value)) return 'must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * IsConfigMapKey: a key of a ConfigMap's or Secret's data, and so `secretKeyRef.key`: letters, digits,
 * "-", "_" and ".", at most 253 characters, not "." or ".." and not starting with ".." (a key is a
 * file name in a volume, which must not climb out of it).
 */
export function configMapKeyProblem(key: string): string | undefined {
  if (key.length > MAX_SUBDOMAIN_LENGTH) return `is longer than ${MAX_SUBDOMAIN_LENGTH} characters`;
  if (!CONFIG_MAP_KEY.test(key)) return 'must be letters, digits, "-", "_" and "."';
  if (key === '.' || key === '..' || key.startsWith('..')) return 'must not be "." or "..", nor start with ".."';
  return undefined;
}

/**
 * The name of a Job: a DNS subdomain of at most 63 characters, since the API server puts it in the
 * `batch.kubernetes.io/job-name` label of the Job's pods (a label value) and refuses a longer one.
 */
export function jobNameProblem(name: string): string | undefined {
  if (name.length > MAX_QUALIFIED_NAME_LENGTH) return `has ${name.length} characters; Kubernetes takes ${MAX_QUALIFIED_NAME_LENGTH} (the job-name label of its pods holds it)`;
  return dns1123SubdomainProblem(name);
}

/** The bytes the API server counts for a set of annotations or labels (keys and values, UTF-8). */
export function annotationsSize(annotations: Readonly<Record<string, string>>): number {
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) size += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  return size;
}
