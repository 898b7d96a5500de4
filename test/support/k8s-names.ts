/**
 * The API server's checks of the names in an Ingress, transcribed from Kubernetes' Go sources for the
 * tests (written apart from src/krm/names.ts, so that the tests compare drydock-fn's rules with
 * Kubernetes' and not with themselves):
 * - k8s.io/apimachinery/pkg/util/validation: IsDNS1123Subdomain, IsWildcardDNS1123Subdomain,
 *   IsQualifiedName (content.IsLabelKey), IsValidLabelValue, IsConfigMapKey (the keys of ConfigMaps and
 *   Secrets, and secretKeyRef.key);
 * - k8s.io/apimachinery/pkg/api/validation: ValidateAnnotations (keys lower-cased, then qualified
 *   names; 256 KiB of keys and values) and NameIsDNSSubdomain (object names);
 * - k8s.io/kubernetes/pkg/apis/networking/validation: validateIngressRules (not an IP, wildcard or
 *   subdomain), validateIngressTLS, ValidateIngressSpec's ingressClassName, ValidateIngressCreate's
 *   `kubernetes.io/ingress.class` annotation that must match ingressClassName.
 * The regular expressions are Go's constants, composed as Go composes them.
 */

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = dns1123LabelFmt + '(\\.' + dns1123LabelFmt + ')*';
const DNS1123SubdomainMaxLength = 253;
const wildcardDNS1123SubdomainFmt = '\\*\\.' + dns1123SubdomainFmt;
const qualifiedNameCharFmt = '[A-Za-z0-9]';
const qualifiedNameExtCharFmt = '[-A-Za-z0-9_.]';
const qualifiedNameFmt = '(' + qualifiedNameCharFmt + qualifiedNameExtCharFmt + '*)?' + qualifiedNameCharFmt;
const qualifiedNameMaxLength = 63;
const labelValueFmt = '(' + qualifiedNameFmt + ')?';
const LabelValueMaxLength = 63;
const TotalAnnotationSizeLimitB = 256 * (1 << 10);

const dns1123SubdomainRegexp = new RegExp('^' + dns1123SubdomainFmt + '$');
const wildcardDNS1123SubdomainRegexp = new RegExp('^' + wildcardDNS1123SubdomainFmt + '$');
const qualifiedNameRegexp = new RegExp('^' + qualifiedNameFmt + '$');
const labelValueRegexp = new RegExp('^' + labelValueFmt + '$');

/** Go's len(): bytes of the UTF-8 encoding. */
const len = (value: string): number => Buffer.byteLength(value, 'utf8');

export function IsDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (len(value) > DNS1123SubdomainMaxLength) errs.push(`must be no more than ${DNS1123SubdomainMaxLength} characters`);
  if (!dns1123SubdomainRegexp.test(value)) errs.push(`a lowercase RFC 1123 subdomain must match ${dns1123SubdomainFmt}`);
  return errs;
}

export function IsWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (len(value) > DNS1123SubdomainMaxLength) errs.push(`must be no more than ${DNS1123SubdomainMaxLength} characters`);
  if (!wildcardDNS1123SubdomainRegexp.test(value)) errs.push(`a wildcard DNS-1123 subdomain must match ${wildcardDNS1123SubdomainFmt}`);
  return errs;
}

export function IsQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  switch (parts.length) {
    case 1:
      name = parts[0];
      break;
    case 2: {
      const prefix = parts[0];
      name = parts[1];
      if (len(prefix) === 0) errs.push('prefix part must be non-empty');
      else errs.push(...IsDNS1123Subdomain(prefix).map((msg) => `prefix part ${msg}`));
      break;
    }
    default:
      return ['a qualified name must have at most one "/"'];
  }
  if (len(name) === 0) errs.push('name part must be non-empty');
  else if (len(name) > qualifiedNameMaxLength) errs.push(`name part must be no more than ${qualifiedNameMaxLength} characters`);
  if (!qualifiedNameRegexp.test(name)) errs.push(`name part must match ${qualifiedNameFmt}`);
  return errs;
}

export function IsValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (len(value) > LabelValueMaxLength) errs.push(`must be no more than ${LabelValueMaxLength} characters`);
  if (!labelValueRegexp.test(value)) errs.push(`a valid label must match ${labelValueFmt}`);
  return errs;
}

const configMapKeyRegexp = /^[-._a-zA-Z0-9]+$/;

export function IsConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (len(value) > DNS1123SubdomainMaxLength) errs.push(`must be no more than ${DNS1123SubdomainMaxLength} characters`);
  if (!configMapKeyRegexp.test(value)) errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
  // hasChDirPrefix
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/**
 * A Job's name as the API server checks it on create: a DNS subdomain (ValidateObjectMeta with
 * NameIsDNSSubdomain), which is also the value of the `batch.kubernetes.io/job-name` and `job-name`
 * labels the API server gives its pod template (IsValidLabelValue, at most 63 characters).
 */
export function JobNameProblems(name: string): string[] {
  return [...IsDNS1123Subdomain(name), ...IsValidLabelValue(name).map((msg) => `label job-name: ${msg}`)];
}

/**
 * netutils.ParseIPSloppy(host) != nil for the strings that can reach this check: IPv4 in four decimal
 * parts up to 255 with leading zeros allowed (IPv6 holds ":", which no host that passes the subdomain
 * pattern holds, and the check's verdict only matters alongside that pattern).
 */
export function parsesAsIP(host: string): boolean {
  const parts = host.split('.');
  if (parts.length !== 4) return host.includes(':');
  return parts.every((part) => /^[0-9]+$/.test(part) && Number(part) <= 0xff);
}

/** ValidateAnnotations, with JavaScript's lower-casing for Go's strings.ToLower (the same on ASCII). */
export function ValidateAnnotations(annotations: Record<string, string>, fieldPath: string): string[] {
  const errs: string[] = [];
  let totalSize = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of IsQualifiedName(k.toLowerCase())) errs.push(`${fieldPath}: Invalid value: ${JSON.stringify(k)}: ${msg}`);
    totalSize += len(k) + len(v);
  }
  if (totalSize > TotalAnnotationSizeLimitB) errs.push(`${fieldPath}: Too long: must have at most ${TotalAnnotationSizeLimitB} bytes`);
  return errs;
}

type Ingress = Record<string, any>;

/** What the API server says about an Ingress's names on create (metadata.name, annotations, hosts, TLS hosts, class). */
export function ingressApiProblems(ingress: Ingress): string[] {
  const errs: string[] = [];
  const name = ingress.metadata?.name;
  for (const msg of IsDNS1123Subdomain(String(name))) errs.push(`metadata.name: Invalid value: ${JSON.stringify(name)}: ${msg}`);
  const labels: Record<string, string> = ingress.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of IsQualifiedName(k)) errs.push(`metadata.labels: Invalid value: ${JSON.stringify(k)}: ${msg}`);
    for (const msg of IsValidLabelValue(v)) errs.push(`metadata.labels: Invalid value: ${JSON.stringify(v)}: ${msg}`);
  }
  const annotations: Record<string, string> = ingress.metadata?.annotations ?? {};
  errs.push(...ValidateAnnotations(annotations, 'metadata.annotations'));
  const spec = ingress.spec ?? {};
  (spec.rules ?? []).forEach((rule: Ingress, i: number) => {
    const host: string = rule.host ?? '';
    if (len(host) === 0) return;
    const path = `spec.rules[${i}].host`;
    if (parsesAsIP(host)) errs.push(`${path}: Invalid value: ${JSON.stringify(host)}: must be a DNS name, not an IP address`);
    const msgs = host.includes('*') ? IsWildcardDNS1123Subdomain(host) : IsDNS1123Subdomain(host);
    for (const msg of msgs) errs.push(`${path}: Invalid value: ${JSON.stringify(host)}: ${msg}`);
  });
  (spec.tls ?? []).forEach((tls: Ingress, t: number) => {
    (tls.hosts ?? []).forEach((host: string, i: number) => {
      const msgs = host.includes('*') ? IsWildcardDNS1123Subdomain(host) : IsDNS1123Subdomain(host);
      for (const msg of msgs) errs.push(`spec.tls[${t}].hosts[${i}]: Invalid value: ${JSON.stringify(host)}: ${msg}`);
    });
    if (tls.secretName) for (const msg of IsDNS1123Subdomain(tls.secretName)) errs.push(`spec.tls[${t}].secretName: Invalid value: ${JSON.stringify(tls.secretName)}: ${msg}`);
  });
  if (spec.ingressClassName !== undefined) {
    for (const msg of IsDNS1123Subdomain(spec.ingressClassName)) errs.push(`spec.ingressClassName: Invalid value: ${JSON.stringify(spec.ingressClassName)}: ${msg}`);
    const annotated = annotations['kubernetes.io/ingress.class'];
    if (annotated !== undefined && annotated !== spec.ingressClassName) errs.push(`annotations.kubernetes.io/ingress.class: Invalid value: ${JSON.stringify(annotated)}: must match \`ingressClassName\` when both are specified`);
  }
  return errs;
}
