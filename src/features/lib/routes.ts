/**
 * Every route drydock-fn generates, in one table with the routes it must not take: each Ingress it
 * may write (the Tutor hosts', the extra hosts', Flower's, the debug canary), the hosts and paths of
 * its rules, the setting or Tutor host each rule comes from and the TLS Secret cert-manager fills for
 * it; beside them, the Ingresses of the input and Tutor's hosts, which Caddy serves whether or not
 * drydock-fn generates their Ingresses (`ingress.enabled: false`: Caddy's own Service, or the
 * user's Ingresses). The features that write Ingresses take their rules from here.
 *
 * {@link routeConflicts} checks that no generated rule claims a host and path another Ingress of its
 * class claims: ingress-nginx's admission webhook refuses the second Ingress ("host … and path … is
 * already defined in ingress …"), and other controllers merge them and send one host's traffic to the
 * wrong Service (LMS requests to Flower). What the input holds alone is not drydock-fn's to judge.
 * {@link tlsSecretConflicts} checks that no Secret cert-manager's ingress-shim fills for a generated
 * Ingress is named by another Ingress or Certificate: the shim issues a Secret for one Ingress only
 * ("certificate resource is not owned by this ingress"), so the other's certificate is never issued,
 * or replaced.
 *
 * One exception, by design: the debug canary repeats routes of the lms and cms Ingresses. It is an
 * ingress-nginx canary, which must name the host and path of the Ingress it shadows (requests with
 * the debug cookie go to the debug pods, the rest to the primary). It may share a route with those two
 * Ingresses only; with any other, it is a conflict like any other. ingress-nginx lets a canary of the
 * input shadow any primary, and refuses two canaries on one route.
 */
import type { DrydockSettings } from '../../config/settings';
import { withCode } from '../../krm/codes';
import type { ResourceView } from '../../krm/resource-set';
import type { Result } from '../../krm/types';
import { isPlainObject } from '../../krm/types';
import type { HostSource, TutorContext, TutorHosts } from '../../tutor/context';
import { TUTOR_HOST_SETTINGS } from '../../tutor/context';
import { mfeApps } from '../../tutor/mfe';
import type { FeatureInput } from '../feature';
import { ofKind, resultFor, settingResult } from '../feature';

/** Where a rule's host comes from: a setting, a Tutor host of the manifests, or an object of the input (its field). */
export type RouteOrigin =
  | { readonly kind: 'setting'; readonly path: readonly (string | number)[] }
  | { readonly kind: 'manifest'; readonly key: keyof TutorHosts; readonly source: Extract<HostSource, { kind: 'manifest' }> }
  | { readonly kind: 'input'; readonly item: ResourceView; readonly field: string };

export interface RouteRule {
  readonly host: string;
  /** Prefix paths, in the order the Ingress lists them. */
  readonly paths: readonly string[];
  readonly origin: RouteOrigin;
}

/** One Ingress drydock-fn generates, as routes. */
export interface PlannedIngress {
  readonly name: string;
  readonly rules: readonly RouteRule[];
  /** For the debug canary: the Ingresses whose routes it shadows. */
  readonly canaryOf?: readonly string[];
  /** The Secret cert-manager fills with its certificate (Drydock's name), when cert-manager issues them. */
  readonly tlsSecretName: string;
  /** What brings the Ingress in, for results about it as a whole (its TLS Secret). */
  readonly origin: RouteOrigin;
}

/** The Ingress of each Tutor host, when the deployment has the service (no MinIO Ingress: Drydock has none). */
export const TUTOR_HOST_INGRESSES: Readonly<Partial<Record<keyof TutorHosts, { readonly name: string; readonly plugin?: string }>>> = {
  lms: { name: 'lms' },
  previewLms: { name: 'lms-preview' },
  cms: { name: 'cms' },
  mfe: { name: 'mfe' },
  meilisearch: { name: 'meilisearch', plugin: 'meilisearch' },
  notes: { name: 'notes', plugin: 'notes' },
};

export const FLOWER_INGRESS_NAME = 'flower-edxapp';
export const DEBUG_INGRESS_NAME = 'ingress-debug';
/** The port of Flower's Service, which its Ingress and HTTPRoute route to. */
export const FLOWER_PORT = 5555;
/** The port of the lms-debug and cms-debug Services, which the debug canary and the debug HTTPRoutes route to. */
export const DEBUG_PORT = 8000;

/** The name of an extra host's Ingress: dots become dashes (Drydock 22), a leading `*.` becomes `wildcard-`. */
export function extraHostIngressName(host: string): string {
  return host.replace(/^\*\./, 'wildcard.').replace(/\./g, '-');
}

/** Whether Gateway API routes take the place of the Ingresses: gatewayApi.enabled, and not in cut-over mode (gatewayApi.keepIngresses). */
export function ingressesReplaced(settings: DrydockSettings): boolean {
  return settings.gatewayApi.enabled && !settings.gatewayApi.keepIngresses;
}

/** Whether the ingress feature runs: it writes an Ingress (the Tutor hosts' or Flower's) that HTTPRoutes do not replace. */
export function ingressesGenerated(settings: DrydockSettings): boolean {
  return !ingressesReplaced(settings) && (settings.ingress.enabled || flowerPlan(settings) !== undefined);
}

/**
 * Why the extra host at `index` cannot have the object drydock-fn names after it (its Ingress or its
 * HTTPRoute): the name is one drydock-fn gives another object of that kind, or an earlier extra
 * host's. Undefined otherwise, and for a host listed twice (a route conflict, reported as such).
 */
export function extraHostNameClash(extraHosts: readonly string[], index: number, reserved: readonly string[], kind: 'Ingress' | 'HTTPRoute'): string | undefined {
  const host = extraHosts[index];
  if (extraHosts.indexOf(host) !== index) return undefined;
  const name = extraHostIngressName(host);
  const served = kind === 'Ingress' ? 'served by an Ingress' : 'routed by an HTTPRoute';
  if (reserved.includes(name)) return `host ${host} would be ${served} named ${name}, a name drydock-fn uses for another ${kind}`;
  const earlier = extraHosts.findIndex((other, otherIndex) => otherIndex < index && extraHostIngressName(other) === name);
  return earlier >= 0 ? `hosts ${extraHosts[earlier]} and ${host} would both be ${served} named ${name}` : undefined;
}

/** Whether the debug canary Ingress is generated with these settings (it relies on ingress-nginx's annotations). */
export function canaryIngressWanted(settings: DrydockSettings): boolean {
  if (settings.debug.canaryIngress === 'never' || !settings.ingress.enabled || ingressesReplaced(settings)) return false;
  return settings.debug.canaryIngress === 'always' || /nginx/i.test(settings.ingress.className);
}

/** The origin of a Tutor host: the setting that gave it, or where the manifests hold it. */
function tutorOrigin(tutor: TutorContext, key: keyof TutorHosts): RouteOrigin {
  const source = tutor.hostSources[key];
  return !source || source.kind === 'setting' ? { kind: 'setting', path: ['tutor', `${key}Host`] } : { kind: 'manifest', key, source };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The Ingresses of Tutor's own hosts, in Drydock's order: lms (with its aliases), lms-preview, cms, mfe, meilisearch, notes. */
export function tutorIngressPlan(settings: DrydockSettings, tutor: TutorContext): PlannedIngress[] {
  const hosts = tutor.hosts;
  const apps = mfeApps(tutor, settings);
  // LMS_HOST leaves the authoring MFE to Studio; the LMS aliases serve every MFE path.
  const paths: Partial<Record<keyof TutorHosts, readonly string[]>> = {
    lms: unique(['/learning', ...apps.filter((app) => app !== 'authoring').map((app) => `/${app}`), '/']),
    cms: apps.includes('authoring') ? ['/course-authoring', '/authoring', '/'] : ['/'],
  };
  const aliasPaths = unique(['/learning', ...apps.map((app) => `/${app}`), '/']);
  const out: PlannedIngress[] = [];
  for (const [key, ingress] of Object.entries(TUTOR_HOST_INGRESSES) as [keyof TutorHosts, { name: string; plugin?: string }][]) {
    const host = hosts[key];
    if (!host || (ingress.plugin && !tutor.plugins.has(ingress.plugin))) continue;
    const rules: RouteRule[] = [{ host, paths: paths[key] ?? ['/'], origin: tutorOrigin(tutor, key) }];
    if (key === 'lms') rules.push(...settings.ingress.lmsExtraHosts.map((alias, index): RouteRule => ({ host: alias, paths: aliasPaths, origin: { kind: 'setting', path: ['ingress', 'lmsExtraHosts', index] } })));
    out.push({ name: ingress.name, rules, tlsSecretName: `${ingress.name}-host-tls`, origin: rules[0].origin });
  }
  return out;
}

/** One Ingress per `ingress.extraHosts` entry, routed to Caddy. */
export function extraHostPlan(settings: DrydockSettings): PlannedIngress[] {
  return settings.ingress.extraHosts.map((host, index) => {
    const name = extraHostIngressName(host);
    const origin: RouteOrigin = { kind: 'setting', path: ['ingress', 'extraHosts', index] };
    return { name, rules: [{ host, paths: ['/'], origin }], tlsSecretName: `${name}-tls`, origin };
  });
}

/** Flower's Ingress, when Flower and its Ingress are on and it has a host. */
export function flowerPlan(settings: DrydockSettings): PlannedIngress | undefined {
  const config = settings.flower;
  if (!config.enabled || !config.ingress.enabled || !config.ingress.host) return undefined;
  const origin: RouteOrigin = { kind: 'setting', path: ['flower', 'ingress', 'host'] };
  return { name: FLOWER_INGRESS_NAME, rules: [{ host: config.ingress.host, paths: ['/'], origin }], tlsSecretName: 'flower-host-tls', origin };
}

/** The debug canary: `/` of the LMS host to lms-debug, `/` of the CMS host to cms-debug (in that order). */
export function canaryPlan(settings: DrydockSettings, tutor: TutorContext): PlannedIngress | undefined {
  const { lms, cms } = tutor.hosts;
  if (!settings.debug.enabled || !canaryIngressWanted(settings) || !lms || !cms) return undefined;
  return {
    name: DEBUG_INGRESS_NAME,
    rules: [
      { host: lms, paths: ['/'], origin: tutorOrigin(tutor, 'lms') },
      { host: cms, paths: ['/'], origin: tutorOrigin(tutor, 'cms') },
    ],
    canaryOf: ['lms', 'cms'],
    // Drydock's canary certificate, named after the namespace.
    tlsSecretName: `${tutor.namespace ?? 'openedx'}-tls`,
    origin: { kind: 'setting', path: ['debug', 'canaryIngress'] },
  };
}

/** Every Ingress the enabled features generate, in the order they generate them (none when HTTPRoutes replace them). */
export function generatedIngresses(settings: DrydockSettings, tutor: TutorContext): PlannedIngress[] {
  if (ingressesReplaced(settings)) return [];
  const planned = settings.ingress.enabled ? [...tutorIngressPlan(settings, tutor), ...extraHostPlan(settings)] : [];
  const flower = flowerPlan(settings);
  const canary = canaryPlan(settings, tutor);
  return [...planned, ...(flower ? [flower] : []), ...(canary ? [canary] : [])];
}

/**
 * An Ingress of the route table: one drydock-fn generates in this run, one of the input, or Tutor's
 * host served without a generated Ingress.
 */
export interface TableIngress {
  readonly name: string;
  readonly source: 'generated' | 'input' | 'served';
  readonly rules: readonly RouteRule[];
  /** Its IngressClass; undefined when any controller may serve it (no class: the cluster's default one; Caddy's own Service). */
  readonly className: string | undefined;
  /** An ingress-nginx canary, which shadows the primary Ingress of its routes. */
  readonly canary: boolean;
  readonly canaryOf?: readonly string[];
  /** What routes: an Ingress (undefined), or a Gateway API HTTPRoute (a table of HTTPRoutes, see {@link httpRouteTable}). */
  readonly kind?: 'HTTPRoute';
}

/** A claim on a TLS Secret: an Ingress's `spec.tls` entry or a Certificate's `spec.secretName`. */
export interface SecretClaim {
  readonly secretName: string;
  /** `Ingress lms`, `Certificate www`. */
  readonly owner: string;
  readonly generated: boolean;
  /** cert-manager fills the Secret for this owner (ingress-shim annotations, or a Certificate). */
  readonly issued: boolean;
  readonly origin: RouteOrigin;
}

export interface RouteTable {
  readonly ingresses: readonly TableIngress[];
  readonly secrets: readonly SecretClaim[];
}

const CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary';
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** The annotations that make cert-manager's ingress-shim issue an Ingress's TLS Secrets. */
const INGRESS_SHIM_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];

/**
 * The route table of a run: Tutor's hosts served without a generated Ingress, the input's Ingresses
 * and Certificates, then what the enabled features generate, in that order. An Ingress of the input
 * with the name of one drydock-fn generates stands in its place: the input's object stays and no
 * other is written (RESOURCE_CONFLICT).
 */
export function routeTable(input: FeatureInput): RouteTable {
  const { settings, tutor, resources } = input;
  const existing = ofKind(resources, 'Ingress', 'networking.k8s.io').filter((view) => !view.generated);
  const taken = new Set(existing.map((view) => view.object.metadata.name));
  const ingresses: TableIngress[] = [];
  const secrets: SecretClaim[] = [];
  // Tutor's hosts are served whatever ingress.enabled says: by Caddy's own Service, or by Ingresses drydock-fn does not see.
  for (const planned of tutorIngressPlan(settings, tutor)) {
    if (settings.ingress.enabled && !taken.has(planned.name)) continue;
    const rules = planned.rules.filter((rule) => rule.origin.kind === 'manifest' || (rule.origin.kind === 'setting' && rule.origin.path[0] === 'tutor'));
    ingresses.push({ name: planned.name, source: 'served', rules, className: undefined, canary: false });
  }
  for (const view of existing) {
    ingresses.push(inputIngress(view));
    secrets.push(...inputTlsClaims(view));
  }
  for (const view of ofKind(resources, 'Certificate', 'cert-manager.io').filter((candidate) => !candidate.generated)) {
    const secretName = (view.object.spec as { secretName?: unknown } | undefined)?.secretName;
    if (typeof secretName === 'string') secrets.push({ secretName, owner: `Certificate ${view.object.metadata.name}`, generated: false, issued: true, origin: { kind: 'input', item: view, field: 'spec.secretName' } });
  }
  const tls = settings.ingress.tls;
  for (const planned of generatedIngresses(settings, tutor)) {
    if (taken.has(planned.name)) continue;
    ingresses.push({ name: planned.name, source: 'generated', rules: planned.rules, className: settings.ingress.className, canary: planned.canaryOf !== undefined, ...(planned.canaryOf ? { canaryOf: planned.canaryOf } : {}) });
    // With custom certificates every Ingress names their Secret on purpose, and cert-manager fills none.
    if (tls.auto && !tls.customCerts) secrets.push({ secretName: planned.tlsSecretName, owner: `Ingress ${planned.name}`, generated: true, issued: true, origin: planned.origin });
  }
  return { ingresses, secrets };
}

/** An Ingress of the input as routes: one per host and path of its rules (rules without host are the controller's default server, which drydock-fn never routes). */
function inputIngress(view: ResourceView): TableIngress {
  const object = view.object as unknown as { metadata: { name: string; annotations?: Record<string, string> }; spec?: { ingressClassName?: unknown; rules?: unknown } };
  const annotations = object.metadata.annotations ?? {};
  const rules: RouteRule[] = [];
  const specRules = Array.isArray(object.spec?.rules) ? (object.spec.rules as unknown[]) : [];
  specRules.forEach((rule, index) => {
    if (!isPlainObject(rule) || typeof rule.host !== 'string' || rule.host === '') return;
    const http = isPlainObject(rule.http) && Array.isArray(rule.http.paths) ? (rule.http.paths as unknown[]) : [];
    // An empty path is `/` to ingress-nginx.
    const paths = http.map((entry) => (isPlainObject(entry) && typeof entry.path === 'string' && entry.path !== '' ? entry.path : '/'));
    rules.push({ host: rule.host.toLowerCase(), paths, origin: { kind: 'input', item: view, field: `spec.rules[${index}].host` } });
  });
  const className = typeof object.spec?.ingressClassName === 'string' ? object.spec.ingressClassName : annotations[INGRESS_CLASS_ANNOTATION];
  return { name: object.metadata.name, source: 'input', rules, className, canary: annotations[CANARY_ANNOTATION] === 'true' };
}

/**
 * The route table of the HTTPRoutes: those of the input (the instance's namespace: a Gateway gives a
 * host and path two routes claim to one of them only, by age), then the `generated` ones. Gateways
 * and listeners do not tell routes apart here: a route of the input attached elsewhere is reported
 * too, which is the safe side. An HTTPRoute of the input with the name of a generated one stands in
 * its place (RESOURCE_CONFLICT).
 */
export function httpRouteTable(input: FeatureInput, generated: readonly TableIngress[]): TableIngress[] {
  const existing = ofKind(input.resources, 'HTTPRoute', 'gateway.networking.k8s.io').filter((view) => !view.generated);
  const taken = new Set(existing.map((view) => view.object.metadata.name));
  return [...existing.map(inputHttpRoute), ...generated.filter((route) => !taken.has(route.name))];
}

/**
 * An HTTPRoute of the input as routes: each hostname with the PathPrefix paths of its rules' matches
 * (a match without path is `/`). Matches on headers, query parameters or a method are narrower than
 * a host and path, and Exact or RegularExpression paths are not prefixes: neither claims a route
 * here. A route without hostnames takes the hosts of its listeners, which drydock-fn does not see.
 */
function inputHttpRoute(view: ResourceView): TableIngress {
  const object = view.object as unknown as { metadata: { name: string }; spec?: { hostnames?: unknown; rules?: unknown } };
  const hostnames = Array.isArray(object.spec?.hostnames) ? (object.spec.hostnames as unknown[]) : [];
  const specRules = Array.isArray(object.spec?.rules) ? (object.spec.rules as unknown[]) : [];
  const paths: string[] = [];
  for (const rule of specRules) {
    if (!isPlainObject(rule)) continue;
    const matches = Array.isArray(rule.matches) ? (rule.matches as unknown[]) : [{}];
    for (const match of matches.length > 0 ? matches : [{}]) {
      if (!isPlainObject(match) || match.headers !== undefined || match.queryParams !== undefined || match.method !== undefined) continue;
      const path = isPlainObject(match.path) ? match.path : {};
      if ((path.type ?? 'PathPrefix') !== 'PathPrefix') continue;
      paths.push(typeof path.value === 'string' && path.value !== '' ? path.value : '/');
    }
  }
  const rules: RouteRule[] = [];
  hostnames.forEach((hostname, index) => {
    if (typeof hostname === 'string' && hostname !== '' && paths.length > 0) rules.push({ host: hostname.toLowerCase(), paths, origin: { kind: 'input', item: view, field: `spec.hostnames[${index}]` } });
  });
  return { name: object.metadata.name, source: 'input', rules, className: undefined, canary: false, kind: 'HTTPRoute' };
}

/** The TLS Secrets an Ingress of the input names, and whether cert-manager fills them for it. */
function inputTlsClaims(view: ResourceView): SecretClaim[] {
  const object = view.object as unknown as { metadata: { name: string; annotations?: Record<string, string> }; spec?: { tls?: unknown } };
  const annotations = object.metadata.annotations ?? {};
  const issued = INGRESS_SHIM_ANNOTATIONS.some((key) => annotations[key] !== undefined) || annotations['kubernetes.io/tls-acme'] === 'true';
  const entries = Array.isArray(object.spec?.tls) ? (object.spec.tls as unknown[]) : [];
  return entries.flatMap((entry, index): SecretClaim[] =>
    isPlainObject(entry) && typeof entry.secretName === 'string' && entry.secretName !== ''
      ? [{ secretName: entry.secretName, owner: `Ingress ${object.metadata.name}`, generated: false, issued, origin: { kind: 'input', item: view, field: `spec.tls[${index}].secretName` } }]
      : [],
  );
}

/** Prefix paths that mean the same: a trailing slash does not count (but for `/`). */
function pathKey(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

interface Claim {
  readonly ingress: TableIngress;
  readonly rule: RouteRule;
  readonly path: string;
}

/**
 * Whether two Ingresses (or one, twice) may both route one host and path. drydock-fn judges only what
 * it generates; Ingresses of two classes are served by two controllers; a canary beside a primary is
 * how ingress-nginx shadows it (drydock-fn's canary shadows lms and cms only); two primaries, or two
 * canaries, conflict.
 */
function mayShare(first: TableIngress, later: TableIngress): boolean {
  if (first.source !== 'generated' && later.source !== 'generated') return true;
  if (first.className !== undefined && later.className !== undefined && first.className !== later.className) return true;
  if (first.canary === later.canary) return false;
  const [canary, primary] = first.canary ? [first, later] : [later, first];
  return canary.source !== 'generated' || (canary.canaryOf?.includes(primary.name) ?? false);
}

/**
 * An error for each route that a generated rule shares with an Ingress before it in the table (once
 * per pair of rules), naming both. The result is about a setting that adds a route when one of the
 * two comes from one, else about the input's Ingress, else (two Tutor hosts) the later one's origin.
 * A route in conflict is not taken into the table, so that one wrong setting gives one error, not one
 * more with every Ingress after it. Code ROUTE_CONFLICT.
 */
export function routeConflicts(input: FeatureInput, table: RouteTable): Result[] {
  const claims = new Map<string, Claim[]>();
  const reported = new Set<string>();
  const results: Result[] = [];
  const ruleId = (claim: Claim): string => `${table.ingresses.indexOf(claim.ingress)}/${claim.ingress.rules.indexOf(claim.rule)}`;
  for (const ingress of table.ingresses) {
    for (const rule of ingress.rules) {
      for (const path of rule.paths) {
        const key = `${rule.host} ${pathKey(path)}`;
        const earlier = claims.get(key) ?? [];
        const later: Claim = { ingress, rule, path };
        const first = earlier.find((claim) => !mayShare(claim.ingress, ingress));
        if (!first) {
          claims.set(key, [...earlier, later]);
          continue;
        }
        const pair = `${ruleId(first)} ${ruleId(later)}`;
        if (reported.has(pair)) continue;
        reported.add(pair);
        results.push(conflictResult(input, first, later));
      }
    }
  }
  return results;
}

/**
 * How much a result about this origin helps the user: a setting that adds a route (an extra host,
 * Flower's host, the canary), then an object of the input, then a Tutor host (of the manifests, or
 * given as tutor.*Host).
 */
function originRank(origin: RouteOrigin): number {
  if (origin.kind === 'setting') return origin.path[0] === 'tutor' ? 2 : 0;
  return origin.kind === 'input' ? 1 : 2;
}

function conflictResult(input: FeatureInput, first: Claim, later: Claim): Result {
  const { host } = later.rule;
  const [about, other] = originRank(later.rule.origin) <= originRank(first.rule.origin) ? [later, first] : [first, later];
  const origin = about.rule.origin;
  const sameList = origin.kind === 'setting' && other.rule.origin.kind === 'setting' && origin.path.slice(0, -1).join('.') === other.rule.origin.path.slice(0, -1).join('.');
  let message: string;
  if (sameList) message = `host ${host} is listed twice (also ${describeOrigin(input, other.rule.origin)})`;
  else if (origin.kind === 'input' && other.ingress.kind === 'HTTPRoute') {
    const instead = other.rule.origin.kind === 'setting' ? 'change that setting' : 'set gatewayApi.enabled to false';
    message = `host ${host}, path ${later.path}, is also routed by HTTPRoute ${other.ingress.name}, which drydock-fn generates (${describeOrigin(input, other.rule.origin)}): a Gateway gives a host and path claimed twice to the older route, so the requests of one of the two reach the wrong Service; remove this route, or ${instead}`;
  } else if (origin.kind === 'input') {
    const instead = other.ingress.canary ? 'leave the debug canary out (debug.canaryIngress: never)' : other.rule.origin.kind === 'setting' ? 'change that setting' : 'set ingress.enabled to false';
    message = `host ${host}, path ${later.path}, is also routed by Ingress ${other.ingress.name}, which drydock-fn generates (${describeOrigin(input, other.rule.origin)}): ingress-nginx refuses the second Ingress, and other controllers send the requests to either; remove this route or give this Ingress another class, or ${instead}`;
  } else {
    message = `host ${host}, path ${later.path}, ${describeClaimant(input, other)}; ${about.ingress.kind ?? 'Ingress'} ${about.ingress.name} may not route it too, or its requests could reach the wrong Service: choose another host`;
  }
  if (origin.kind === 'setting') return withCode(settingResult(input, 'error', origin.path, message), 'ROUTE_CONFLICT');
  if (origin.kind === 'input') return withCode(resultFor(origin.item, 'error', message, origin.field), 'ROUTE_CONFLICT');
  return withCode(resultFor(origin.source.item, 'error', `${describeOrigin(input, origin)}: ${message}`, origin.source.field), 'ROUTE_CONFLICT');
}

/** Who already routes a host and path, in words. */
function describeClaimant(input: FeatureInput, claim: Claim): string {
  const { ingress, rule } = claim;
  if (ingress.source === 'served' && rule.origin.kind !== 'input') {
    const setting = rule.origin.kind === 'manifest' ? TUTOR_HOST_SETTINGS[rule.origin.key] : undefined;
    const which = setting ? `Tutor's ${setting.replace(/_HOST$/, '').replace('PREVIEW_LMS', 'LMS preview')} host` : 'a Tutor host';
    return `is ${which} (${describeOrigin(input, rule.origin)}), served whether drydock-fn generates its Ingress or not`;
  }
  if (ingress.source === 'input') return `is already served by ${ingress.kind ?? 'Ingress'} ${ingress.name} of the input (${describeOrigin(input, rule.origin)})`;
  return `is already served by ${ingress.kind ?? 'Ingress'} ${ingress.name} (${describeOrigin(input, rule.origin)})`;
}

/**
 * An error for each Secret that cert-manager fills for a generated Ingress and that another Ingress
 * or a Certificate names too (or the other way round), naming both: the result is about a setting
 * when one of the two comes from one, else about the input's object. Code TLS_SECRET_CONFLICT.
 */
export function tlsSecretConflicts(input: FeatureInput, table: RouteTable): Result[] {
  const bySecret = new Map<string, SecretClaim[]>();
  const results: Result[] = [];
  for (const claim of table.secrets) {
    const earlier = bySecret.get(claim.secretName) ?? [];
    const first = earlier.find((other) => other.owner !== claim.owner && (other.generated || claim.generated) && (other.issued || claim.issued));
    if (!first) {
      bySecret.set(claim.secretName, [...earlier, claim]);
      continue;
    }
    results.push(secretConflictResult(input, first, claim));
  }
  return results;
}

function secretConflictResult(input: FeatureInput, first: SecretClaim, later: SecretClaim): Result {
  const [about, other] = originRank(later.origin) <= originRank(first.origin) ? [later, first] : [first, later];
  const origin = about.origin;
  const why = 'a Secret cert-manager fills has one owner ("certificate resource is not owned by this ingress"), so one of the two certificates is never issued, or is replaced by the other';
  if (origin.kind === 'input') {
    const kind = about.owner.split(' ')[0];
    const otherOwner = `${other.owner}, which drydock-fn generates (${describeOrigin(input, other.origin)})`;
    const relation = other.issued ? `which cert-manager fills for ${otherOwner}` : `which ${otherOwner}, names too, while cert-manager fills it for this ${kind}`;
    const message = `this ${kind} names the TLS Secret ${about.secretName}, ${relation}: ${why}; name another Secret here`;
    return withCode(resultFor(origin.item, 'error', message, origin.field), 'TLS_SECRET_CONFLICT');
  }
  const instead = origin.kind === 'setting' && origin.path[0] === 'debug' ? 'leave the canary out (debug.canaryIngress: never)' : 'choose another host';
  const message = `${about.owner} would name the TLS Secret ${about.secretName}, which ${other.owner} names too (${describeOrigin(input, other.origin)}${other.generated ? '' : ', in the input'}): ${why}; ${instead}, or give one certificate to every Ingress (ingress.tls.customCerts)`;
  if (origin.kind === 'setting') return withCode(settingResult(input, 'error', origin.path, message), 'TLS_SECRET_CONFLICT');
  return withCode(resultFor(origin.source.item, 'error', `${describeOrigin(input, origin)}: ${message}`, origin.source.field), 'TLS_SECRET_CONFLICT');
}

/** A route's origin in words: `spec.ingress.extraHosts[1]` (as the config form names it), `LMS_HOST, from the Caddy site …`, `spec.rules[0].host`. */
function describeOrigin(input: FeatureInput, origin: RouteOrigin): string {
  if (origin.kind === 'setting') return settingResult(input, 'info', origin.path, '').field?.path ?? origin.path.join('.');
  if (origin.kind === 'input') return origin.field;
  return `${TUTOR_HOST_SETTINGS[origin.key]}, from ${origin.source.where}`;
}
