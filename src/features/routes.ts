/**
 * Every route drydock-fn generates, in one table: each Ingress it may write (the Tutor hosts', the
 * extra hosts', Flower's, the debug canary), the hosts and paths of its rules, and the setting or
 * Tutor host each rule comes from. The features that write Ingresses take their rules from here, and
 * {@link routeConflicts} checks that no two routes claim the same host and path: ingress-nginx and the
 * other controllers would merge them and send one host's traffic to the wrong Service (LMS requests
 * to Flower).
 *
 * One exception, by design: the debug canary repeats routes of the lms and cms Ingresses. It is an
 * ingress-nginx canary, which must name the host and path of the Ingress it shadows (requests with
 * the debug cookie go to the debug pods, the rest to the primary). It may share a route with those two
 * Ingresses only; with any other, it is a conflict like any other.
 */
import type { DrydockSettings } from '../config/settings';
import { withCode } from '../krm/codes';
import type { Result } from '../krm/types';
import type { HostSource, TutorContext, TutorHosts } from '../tutor/context';
import { TUTOR_HOST_SETTINGS } from '../tutor/context';
import { mfeApps } from '../tutor/mfe';
import type { FeatureInput } from './feature';
import { resultFor, settingResult } from './feature';

/** Where a rule's host comes from: a setting, or a Tutor host of the manifests. */
export type RouteOrigin =
  | { readonly kind: 'setting'; readonly path: readonly (string | number)[] }
  | { readonly kind: 'manifest'; readonly key: keyof TutorHosts; readonly source: Extract<HostSource, { kind: 'manifest' }> };

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

/** The name of an extra host's Ingress: dots become dashes (Drydock 22), a leading `*.` becomes `wildcard-`. */
export function extraHostIngressName(host: string): string {
  return host.replace(/^\*\./, 'wildcard.').replace(/\./g, '-');
}

/** Whether the debug canary Ingress is generated with these settings (it relies on ingress-nginx's annotations). */
export function canaryIngressWanted(settings: DrydockSettings): boolean {
  if (settings.debug.canaryIngress === 'never' || !settings.ingress.enabled) return false;
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
    out.push({ name: ingress.name, rules });
  }
  return out;
}

/** One Ingress per `ingress.extraHosts` entry, routed to Caddy. */
export function extraHostPlan(settings: DrydockSettings): PlannedIngress[] {
  return settings.ingress.extraHosts.map((host, index) => ({ name: extraHostIngressName(host), rules: [{ host, paths: ['/'], origin: { kind: 'setting', path: ['ingress', 'extraHosts', index] } }] }));
}

/** Flower's Ingress, when Flower and its Ingress are on and it has a host. */
export function flowerPlan(settings: DrydockSettings): PlannedIngress | undefined {
  const config = settings.flower;
  if (!config.enabled || !config.ingress.enabled || !config.ingress.host) return undefined;
  return { name: FLOWER_INGRESS_NAME, rules: [{ host: config.ingress.host, paths: ['/'], origin: { kind: 'setting', path: ['flower', 'ingress', 'host'] } }] };
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
  };
}

/** Every Ingress the enabled features generate, in the order they generate them. */
export function generatedIngresses(settings: DrydockSettings, tutor: TutorContext): PlannedIngress[] {
  const planned = settings.ingress.enabled ? [...tutorIngressPlan(settings, tutor), ...extraHostPlan(settings)] : [];
  const flower = flowerPlan(settings);
  const canary = canaryPlan(settings, tutor);
  return [...planned, ...(flower ? [flower] : []), ...(canary ? [canary] : [])];
}

/** Prefix paths that mean the same: a trailing slash does not count (but for `/`). */
function pathKey(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

interface Claim {
  readonly ingress: PlannedIngress;
  readonly rule: RouteRule;
  readonly path: string;
}

/**
 * An error for each rule that routes a host and path another rule already routes (once per pair of
 * rules), naming both: the field is the setting that brought the later one in (or the earlier one's,
 * or, between two Tutor hosts, the ConfigMap that holds them). Code ROUTE_CONFLICT.
 */
export function routeConflicts(input: FeatureInput, planned: readonly PlannedIngress[]): Result[] {
  const claims = new Map<string, Claim>();
  const reported = new Set<string>();
  const results: Result[] = [];
  for (const ingress of planned) {
    for (const rule of ingress.rules) {
      for (const path of rule.paths) {
        const key = `${rule.host} ${pathKey(path)}`;
        const first = claims.get(key);
        if (!first) {
          claims.set(key, { ingress, rule, path });
          continue;
        }
        if (ingress.canaryOf?.includes(first.ingress.name)) continue;
        const pair = `${planned.indexOf(first.ingress)}/${first.ingress.rules.indexOf(first.rule)} ${planned.indexOf(ingress)}/${ingress.rules.indexOf(rule)}`;
        if (reported.has(pair)) continue;
        reported.add(pair);
        results.push(conflictResult(input, first, { ingress, rule, path }));
      }
    }
  }
  return results;
}

function conflictResult(input: FeatureInput, first: Claim, later: Claim): Result {
  const { host } = later.rule;
  // The result is about a setting when one of the two routes comes from one: the later one's, else the earlier's.
  const [about, other] = later.rule.origin.kind === 'setting' || first.rule.origin.kind !== 'setting' ? [later, first] : [first, later];
  const sameList = about.rule.origin.kind === 'setting' && other.rule.origin.kind === 'setting' && about.rule.origin.path.slice(0, -1).join('.') === other.rule.origin.path.slice(0, -1).join('.');
  const message = sameList
    ? `host ${host} is listed twice (also ${describeOrigin(input, other.rule.origin)})`
    : `host ${host}, path ${later.path}, is already served by Ingress ${other.ingress.name} (${describeOrigin(input, other.rule.origin)}); Ingress ${about.ingress.name} may not route it too, or its requests could reach the wrong Service: choose another host`;
  const origin = about.rule.origin;
  if (origin.kind === 'setting') return withCode(settingResult(input, 'error', origin.path, message), 'ROUTE_CONFLICT');
  return withCode(resultFor(origin.source.item, 'error', `${describeOrigin(input, origin)}: ${message}`, origin.source.field), 'ROUTE_CONFLICT');
}

/** A route's origin in words: `ingress.extraHosts[1]` (as the config form names it), or `the LMS host (LMS_HOST) of the Caddy site …`. */
function describeOrigin(input: FeatureInput, origin: RouteOrigin): string {
  if (origin.kind === 'setting') return settingResult(input, 'info', origin.path, '').field?.path ?? origin.path.join('.');
  return `${TUTOR_HOST_SETTINGS[origin.key]}, from ${origin.source.where}`;
}
