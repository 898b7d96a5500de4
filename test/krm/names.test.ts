/**
 * drydock-fn's Kubernetes name rules (src/krm/names.ts) against Kubernetes' own: the good and bad
 * values of apimachinery's validation tests (TestIsDNS1123Subdomain, TestIsWildcardDNS1123Subdomain,
 * TestIsQualifiedName, TestIsValidLabelValue) and of the Ingress validation tests (a port, an IP
 * address, a wildcard inside the name). Each value is judged three ways, which must agree: Kubernetes'
 * test table, the transcription of the Go functions in test/support/k8s-names.ts, and drydock-fn's rule.
 * The one place drydock-fn is stricter (a host label longer than 63 characters) is asserted apart.
 */
import { goYamlReadsPlainAsString } from '../../src/krm/go-yaml-scalars';
import { annotationKeyProblem, canonicalHost, configMapKeyProblem, dns1123SubdomainProblem, ingressHostProblem, jobNameProblem, labelValueProblem, qualifiedNameProblem } from '../../src/krm/names';
import { IsConfigMapKey, IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue, IsWildcardDNS1123Subdomain, JobNameProblems, ingressApiProblems, parsesAsIP } from '../support/k8s-names';

const a = (n: number): string => 'a'.repeat(n);

// apimachinery/pkg/util/validation/validation_test.go, TestIsDNS1123Subdomain
const SUBDOMAIN_GOOD = [
  'a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b',
  '0', '01', '012', '1a', '1-a', '1--a--b--2',
  'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a',
  'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1',
  '0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2',
  '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1',
  'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55',
  a(253),
];
const SUBDOMAIN_BAD = [
  '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
  '-', 'a-', '-a', '1-', '-1',
  '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
  '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2',
  ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
  'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A',
  'A.1', 'aB.1', 'A1.1', '1A.1',
  '0.A', '01.A', '012.A', '1A.a', '1a.A',
  'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee',
  'a@b', 'a,b', 'a_b', 'a;b',
  'a:b', 'a%b', 'a?b', 'a$b',
  a(254),
];
// TestIsWildcardDNS1123Subdomain
const WILDCARD_GOOD = ['*.example.com', '*.bar.com', '*.foo.bar.com'];
const WILDCARD_BAD = ['*.*.bar.com', '*.foo.*.com', '*bar.com', 'f*.bar.com', '*'];
// pkg/apis/networking/validation tests: a port, an IP address, a wildcard inside the name
const INGRESS_HOST_BAD = ['foobar:80', '127.0.0.1', 'foo.*.bar.com'];
// TestIsQualifiedName
const QUALIFIED_GOOD = [
  'simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple', 'now-with-dashes/now-with-dashes',
  'now.with.dots/simple', 'now-with.dashes-and.dots/simple', '1-num.2-num/3-num', '1234/5678', '1.2.3.4/5678', 'Uppercase_Is_OK_123',
  'example.com/Uppercase_Is_OK_123', 'requests.storage-foo', a(63), `${a(253)}/${'b'.repeat(63)}`,
];
const QUALIFIED_BAD = ['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc', 'example_com/abc', 'example.com/', '/simple', a(64), `${a(254)}/abc`];
// TestIsValidLabelValue
const LABEL_VALUE_GOOD = ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', a(63), ''];
const LABEL_VALUE_BAD = ['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends-with-dash-', '.starts.with.dot', 'ends.with.dot.', a(64)];

// TestIsConfigMapKey, and the length limit of IsConfigMapKey
const CONFIG_MAP_KEY_GOOD = ['a', 'good', 'good-good', 'still.good', 'this.is.also.good', '.so.is.this', 'THIS_IS_GOOD', 'so_is_this_17', a(253)];
const CONFIG_MAP_KEY_BAD = ['.', '..', '..bad', 'b*d', 'bad!&bad', '', '..data', 'a/b', a(254)];

const verdict = (problems: string[] | string | undefined): boolean => (Array.isArray(problems) ? problems.length === 0 : problems === undefined);
const table = (good: readonly string[], bad: readonly string[]): [string, boolean][] => [...good.map((value) => [value, true] as [string, boolean]), ...bad.map((value) => [value, false] as [string, boolean])];

describe('DNS-1123 subdomains (IngressClass and other object names, annotation key prefixes)', () => {
  test.each(table(SUBDOMAIN_GOOD, SUBDOMAIN_BAD))('%j valid: %s', (value, valid) => {
    expect(verdict(IsDNS1123Subdomain(value))).toBe(valid);
    expect(verdict(dns1123SubdomainProblem(value))).toBe(valid);
  });
});

describe('Ingress hosts: what the API server takes in spec.rules[].host and spec.tls[].hosts', () => {
  /** The API server's verdict on a host, from the transcription: rules and TLS hosts alike. */
  const apiAccepts = (host: string): boolean => verdict(ingressApiProblems({ metadata: { name: 'x' }, spec: { rules: [{ host }], tls: [{ hosts: [host] }] } }));
  const hosts = table([...SUBDOMAIN_GOOD, ...WILDCARD_GOOD], [...SUBDOMAIN_BAD.filter((host) => host !== ''), ...WILDCARD_BAD, ...INGRESS_HOST_BAD]);

  test.each(hosts)('%j valid: %s', (host, valid) => {
    // Kubernetes' table, where the API server adds the IP check to the subdomain rule.
    const expected = valid && !(host === '127.0.0.1');
    expect(apiAccepts(host)).toBe(expected);
    const stricter = host.split('.').some((label) => label.length > 63);
    expect(verdict(ingressHostProblem(host, { wildcard: true }))).toBe(expected && !stricter);
  });

  test('drydock-fn is stricter in one point only: a label longer than 63 characters, which DNS does not allow', () => {
    expect(apiAccepts(a(253))).toBe(true);
    expect(ingressHostProblem(a(253), { wildcard: true })).toMatch(/label longer than 63/);
    expect(ingressHostProblem(`${a(63)}.${a(63)}.${a(63)}.${a(61)}`, { wildcard: false })).toBeUndefined();
  });

  test('IPv4 addresses as ParseIPSloppy reads them, leading zeros included; numbers beyond 255 are names', () => {
    for (const host of ['127.0.0.1', '010.001.002.003', '255.255.255.255']) {
      expect(parsesAsIP(host)).toBe(true);
      expect(ingressHostProblem(host, { wildcard: false })).toMatch(/IP address/);
    }
    for (const host of ['1.2.3.256', '1.2.3', '1.2.3.4.5']) {
      expect(apiAccepts(host)).toBe(true);
      expect(ingressHostProblem(host, { wildcard: false })).toBeUndefined();
    }
  });

  test('a wildcard only where the setting allows one', () => {
    for (const host of WILDCARD_GOOD) expect(IsWildcardDNS1123Subdomain(host)).toEqual([]);
    for (const host of WILDCARD_BAD) expect(IsWildcardDNS1123Subdomain(host)).not.toEqual([]);
    expect(ingressHostProblem('*.example.com', { wildcard: true })).toBeUndefined();
    expect(ingressHostProblem('*.example.com', { wildcard: false })).toMatch(/wildcard/);
  });
});

describe('ConfigMap and Secret keys (secretKeyRef.key)', () => {
  test.each(table(CONFIG_MAP_KEY_GOOD, CONFIG_MAP_KEY_BAD))('%j valid: %s', (key, valid) => {
    expect(verdict(IsConfigMapKey(key))).toBe(valid);
    expect(verdict(configMapKeyProblem(key))).toBe(valid);
  });
});

describe("Job names (their pods' job-name label holds them)", () => {
  test.each(table(['drydock-lms-job-0', a(63), 'a.b'], [a(64), 'drydock-Lms-job-0', 'drydock_lms-job-0', '-a', `drydock-${a(50)}-job-12`]))('%j valid: %s', (name, valid) => {
    expect(verdict(JobNameProblems(name))).toBe(valid);
    expect(verdict(jobNameProblem(name))).toBe(valid);
  });
});

describe('canonical hosts: the forms a person or a template writes, as the Ingress API takes them', () => {
  const cases: [string, boolean, { host?: string; changes: string[]; problem?: RegExp }][] = [
    ['lms.example.com', false, { host: 'lms.example.com', changes: [] }],
    ['Lms.Example.COM', false, { host: 'lms.example.com', changes: ['lower-cased'] }],
    ['lms.exämple.com', false, { host: 'lms.xn--exmple-cua.com', changes: ['punycode'] }],
    ['LMS.Exämple.com', false, { host: 'lms.xn--exmple-cua.com', changes: ['punycode'] }],
    ['lms.example.com.', false, { host: 'lms.example.com', changes: ['trailing-dot'] }],
    ['Lms.Example.Com.', false, { host: 'lms.example.com', changes: ['trailing-dot', 'lower-cased'] }],
    ['lms_x.example.com', false, { changes: [], problem: /host name/ }],
    ['*.lms.example.com', false, { changes: [], problem: /wildcard/ }],
    ['*.lms.example.com', true, { host: '*.lms.example.com', changes: [] }],
    ['*.Exämple.com', true, { host: '*.xn--exmple-cua.com', changes: ['punycode'] }],
    ['lms.example.com:8000', false, { changes: [], problem: /host name/ }],
    ['10.0.0.1', false, { changes: [], problem: /IP address/ }],
    ['\tlms.exämple.com', false, { changes: [], problem: /control character/ }],
    ['lms.exämple.com\u2028', false, { changes: [], problem: /international/ }],
    ['xn--zz.exämple.com', false, { changes: [], problem: /international/ }],
    ['.', false, { changes: [], problem: /host name/ }],
    ['', false, { changes: [], problem: /empty/ }],
  ];
  test.each(cases)('%j (wildcard allowed: %s)', (raw, wildcard, expected) => {
    const canonical = canonicalHost(raw, { wildcard });
    expect(canonical.changes).toEqual(expected.changes);
    expect(canonical.host).toBe(expected.host);
    if (expected.problem) expect(canonical.problem).toMatch(expected.problem);
    else expect(canonical.problem).toBeUndefined();
    if (canonical.host) expect(ingressApiProblems({ metadata: { name: 'x' }, spec: { rules: [{ host: canonical.host }], tls: [{ hosts: [canonical.host] }] } })).toEqual([]);
  });
});

describe('qualified names (label keys) and annotation keys', () => {
  test.each(table(QUALIFIED_GOOD, QUALIFIED_BAD))('%j valid as a label key: %s', (key, valid) => {
    expect(verdict(IsQualifiedName(key))).toBe(valid);
    expect(verdict(qualifiedNameProblem(key))).toBe(valid);
  });

  test.each(table([...QUALIFIED_GOOD, 'Example.com/abc', 'EXAMPLE.COM/x'], QUALIFIED_BAD.filter((key) => key !== 'Example.com/abc').concat(['not a valid key!', '', 'a/b/c', 'k8s.io/'])))('%j valid as an annotation key: %s', (key, valid) => {
    const api = verdict(ingressApiProblems({ metadata: { name: 'x', annotations: { [key]: 'v' } }, spec: {} }));
    expect(api).toBe(valid);
    // Stricter than the API server for keys kustomize reads as no string (test/go-yaml-numbers.test.ts).
    expect(verdict(annotationKeyProblem(key))).toBe(valid && goYamlReadsPlainAsString(key));
  });

  test('annotation keys: none that kustomize reads as a number, boolean, null or date (stricter than the API server)', () => {
    for (const key of ['1234', '10', '1_0', '0X1F', 'null', 'true', 'FALSE', '2001-12-14', '1e5']) {
      expect(verdict(ingressApiProblems({ metadata: { name: 'x', annotations: { [key]: 'v' } }, spec: {} }))).toBe(true);
      expect(annotationKeyProblem(key)).toMatch(/kustomize reads as a (number|boolean|null|date), not as a string/);
    }
    for (const key of ['example.com/10', 'yes', 'on', '2001-13-14', 'x10']) expect(annotationKeyProblem(key)).toBeUndefined();
  });

  test('annotation keys: ASCII only (stricter than Go, whose lower-casing turns the Kelvin sign into "k")', () => {
    expect(annotationKeyProblem('\u212a8s.io/x')).toMatch(/ASCII/);
    expect(annotationKeyProblem('exämple.com/x')).toMatch(/ASCII/);
  });
});

describe('label values', () => {
  test.each(table(LABEL_VALUE_GOOD, LABEL_VALUE_BAD))('%j valid: %s', (value, valid) => {
    expect(verdict(IsValidLabelValue(value))).toBe(valid);
    expect(verdict(labelValueProblem(value))).toBe(valid);
  });
});

describe('what each problem says (the words a result shows the operator)', () => {
  const SUBDOMAIN_RULE = 'lower case letters, digits, "-" and ".", starting and ending with a letter or digit';

  test('DNS subdomains', () => {
    expect(dns1123SubdomainProblem(a(254))).toBe('is longer than 253 characters');
    expect(dns1123SubdomainProblem('A')).toBe(`must be a DNS subdomain: ${SUBDOMAIN_RULE}`);
  });

  test('Ingress hosts: every rule at its boundary', () => {
    const long = (last: number, prefix = ''): string => `${prefix}${a(63)}.${a(63)}.${a(63)}.${a(last)}`;
    expect(ingressHostProblem('', { wildcard: true })).toBe('is empty');
    expect(ingressHostProblem('*.example.com', { wildcard: false })).toBe('is a wildcard, which is not allowed here');
    // 253 characters pass and 254 do not, with or without a wildcard: every label within DNS's 63.
    expect(long(61)).toHaveLength(253);
    expect(ingressHostProblem(long(61), { wildcard: false })).toBeUndefined();
    expect(ingressHostProblem(long(62), { wildcard: false })).toBe('is longer than 253 characters');
    expect(long(59, '*.')).toHaveLength(253);
    expect(ingressHostProblem(long(59, '*.'), { wildcard: true })).toBeUndefined();
    expect(ingressHostProblem(long(60, '*.'), { wildcard: true })).toBe('is longer than 253 characters');
    expect(ingressHostProblem('*bar.com', { wildcard: true })).toBe('must be "*." followed by a host name (a wildcard stands for one whole leftmost label, e.g. *.example.com)');
    expect(ingressHostProblem('lms_x.example.com', { wildcard: false })).toBe(`must be a host name: ${SUBDOMAIN_RULE} (no "_", no port, no scheme)`);
    expect(ingressHostProblem('10.0.0.1', { wildcard: false })).toBe('is an IP address; an Ingress host must be a DNS name');
    // One label too long among short ones.
    expect(ingressHostProblem(`${a(64)}.example.com`, { wildcard: false })).toBe('has a label longer than 63 characters, which DNS does not allow');
    expect(ingressHostProblem(`*.${a(64)}.example.com`, { wildcard: true })).toBe('has a label longer than 63 characters, which DNS does not allow');
  });

  test('hosts with four parts that ParseIPSloppy does not read as an address are names (decimal digits only)', () => {
    for (const host of ['0x1.2.3.4', '1e2.1.1.1', 'a1.2.3.4', '1.2.3.4a']) {
      expect(parsesAsIP(host)).toBe(false);
      expect(ingressHostProblem(host, { wildcard: false })).toBeUndefined();
    }
  });

  test('qualified names', () => {
    expect(qualifiedNameProblem('/simple')).toBe('has an empty prefix before "/"');
    expect(qualifiedNameProblem('Example.com/abc')).toBe(`has a prefix that must be a DNS subdomain: ${SUBDOMAIN_RULE}`);
    expect(qualifiedNameProblem('example.com/')).toBe('has an empty name');
    expect(qualifiedNameProblem('a/b/c')).toBe('must be a name with an optional DNS subdomain prefix and one "/" (e.g. example.com/my-name)');
    expect(qualifiedNameProblem(a(64))).toBe('has a name longer than 63 characters');
    for (const name of ['-abc', '_abc', '.abc', 'abc-']) {
      expect(IsQualifiedName(name)).not.toEqual([]);
      expect(qualifiedNameProblem(name)).toBe('has a name that is not letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
    }
  });

  test('annotation keys are lower-cased letter by letter before the check, and only for it', () => {
    // Upper case anywhere: a prefix of 253 letters and a name of 63 stay within the limits.
    expect(annotationKeyProblem(`${'A'.repeat(253)}/x`)).toBeUndefined();
    expect(annotationKeyProblem(`example.com/${'A'.repeat(63)}`)).toBeUndefined();
    expect(annotationKeyProblem('Example.COM/Name')).toBeUndefined();
    expect(annotationKeyProblem('EXAMPLE_COM/x')).toBe(`has a prefix that must be a DNS subdomain: ${SUBDOMAIN_RULE}`);
  });

  test('label values', () => {
    expect(IsValidLabelValue('a')).toEqual([]);
    expect(labelValueProblem('a')).toBeUndefined();
    expect(labelValueProblem(a(64))).toBe('is longer than 63 characters');
    expect(labelValueProblem('-a')).toBe('must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
  });

  test('ConfigMap keys', () => {
    expect(configMapKeyProblem(a(254))).toBe('is longer than 253 characters');
    expect(configMapKeyProblem('a/b')).toBe('must be letters, digits, "-", "_" and "."');
    for (const key of ['.', '..', '..data']) expect(configMapKeyProblem(key)).toBe('must not be "." or "..", nor start with ".."');
  });

  test('Job names', () => {
    expect(jobNameProblem(a(64))).toBe('has 64 characters; Kubernetes takes 63 (the job-name label of its pods holds it)');
    expect(jobNameProblem('Lms-job')).toBe(`must be a DNS subdomain: ${SUBDOMAIN_RULE}`);
  });
});
