/**
 * The Gateway API objects drydock-fn generates (gateway.networking.k8s.io/v1, standard channel only):
 * the HTTPRoutes of the route table (./routes), the debug HTTPRoutes, the Gateway with one HTTPS
 * listener per host and the HTTP→HTTPS redirect route. Plans first (names, hosts, paths, listeners),
 * then the objects, in the field order of the Gateway API documentation's examples.
 */
import type { DrydockSettings } from '../../config/settings';
import type { JsonObject, KubeObject } from '../../krm/types';
import type { TutorContext } from '../../tutor/context';
import type { PlannedIngress, RouteOrigin, RouteRule } from './routes';
import { DEBUG_PORT, FLOWER_INGRESS_NAME, FLOWER_PORT, extraHostIngressName, extraHostPlan, flowerPlan, tutorIngressPlan } from './routes';
import { certManagerAnnotations } from './tls-objects';

const API_VERSION = 'gateway.networking.k8s.io/v1';
/** Tutor's Caddy, which every route but Flower's and the debug routes reaches. */
const CADDY_BACKEND = { name: 'caddy', port: 80 } as const;
/** The name of the generated Gateway's plain HTTP listener (port 80). */
export const HTTP_LISTENER = 'http';
/** The route of the HTTP listener that redirects to https. */
export const REDIRECT_ROUTE_NAME = 'https-redirect';
/** The route of the LMS aliases (ingress.lmsExtraHosts), which have more paths than the LMS host (its HTTPRoute's hostnames share its rules). */
export const LMS_ALIASES_ROUTE_NAME = 'lms-extra-hosts';
export const DEBUG_ROUTE_NAMES = { lms: 'lms-debug', cms: 'cms-debug' } as const;

/** One HTTPRoute drydock-fn generates: hosts that share their paths, one backend. */
export interface PlannedHttpRoute {
  readonly name: string;
  /** The hosts, each with the route's paths (the route table's rules). */
  readonly rules: readonly RouteRule[];
  readonly backend: { readonly name: string; readonly port: number };
  readonly origin: RouteOrigin;
  /** For a debug route: the routes whose hosts and paths it narrows to requests with the debug cookie. */
  readonly canaryOf?: readonly string[];
  /** For a debug route: the cookie whose value `always` sends a request to the debug pods. */
  readonly cookie?: string;
}

/**
 * The HTTPRoutes of the routes the Ingresses would have: the Tutor hosts' (whatever ingress.enabled
 * says: Gateway API is the entry point then), the extra hosts', Flower's. An Ingress's rules with other
 * paths (the LMS aliases, which also serve the authoring MFE) become a second route, as hostnames are
 * a route's, not a rule's.
 */
export function httpRoutePlan(settings: DrydockSettings, tutor: TutorContext): PlannedHttpRoute[] {
  const flower = flowerPlan(settings);
  const planned: PlannedIngress[] = [...tutorIngressPlan(settings, tutor), ...extraHostPlan(settings), ...(flower ? [flower] : [])];
  return planned.flatMap((entry) => {
    const backend = entry.name === FLOWER_INGRESS_NAME ? { name: FLOWER_INGRESS_NAME, port: FLOWER_PORT } : CADDY_BACKEND;
    const groups: RouteRule[][] = [];
    for (const rule of entry.rules) {
      const group = groups.find((candidate) => candidate[0].paths.join('\n') === rule.paths.join('\n'));
      if (group) group.push(rule);
      else groups.push([rule]);
    }
    return groups.map((rules, index): PlannedHttpRoute => ({ name: index === 0 ? entry.name : LMS_ALIASES_ROUTE_NAME, rules, backend, origin: index === 0 ? entry.origin : rules[0].origin }));
  });
}

/** The debug routes: `/` of the LMS and CMS hosts, for requests with the debug cookie, to lms-debug and cms-debug. */
export function debugRoutePlan(settings: DrydockSettings, tutor: TutorContext, routes: readonly PlannedHttpRoute[]): PlannedHttpRoute[] {
  const origin: RouteOrigin = { kind: 'setting', path: ['gatewayApi', 'debugRoute'] };
  return (['lms', 'cms'] as const).flatMap((service) => {
    const primary = routes.find((route) => route.name === service);
    const host = tutor.hosts[service];
    if (!primary || !host) return [];
    const name = DEBUG_ROUTE_NAMES[service];
    return [{ name, rules: [{ host, paths: ['/'], origin: primary.rules[0].origin }], backend: { name, port: DEBUG_PORT }, origin, canaryOf: [service], cookie: settings.debug.cookie }];
  });
}

/** A listener of the generated Gateway: one per host, its certificate in a Secret of its own. */
export interface PlannedListener {
  readonly name: string;
  readonly host: string;
  /** The Secret cert-manager fills for this listener (named apart from the Ingresses' `*-host-tls` and `<host>-tls`). */
  readonly secretName: string;
  readonly origin: RouteOrigin;
}

/** The HTTPS listener of each host of the routes, in the order the routes name them. */
export function listenerPlan(routes: readonly PlannedHttpRoute[]): PlannedListener[] {
  const listeners: PlannedListener[] = [];
  for (const route of routes) {
    for (const rule of route.rules) {
      if (listeners.some((listener) => listener.host === rule.host)) continue;
      const base = extraHostIngressName(rule.host);
      listeners.push({ name: `https-${base}`, host: rule.host, secretName: `${base}-gateway-tls`, origin: rule.origin });
    }
  }
  return listeners;
}

/**
 * A regular expression (RE2 syntax, which Envoy, NGINX and Go implementations all read) matching a
 * Cookie header that holds `cookie=always`, as ingress-nginx's canary-by-cookie does.
 */
export function debugCookiePattern(cookie: string): string {
  return `(^|;\\s*)${cookie.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=always(;|$)`;
}

/** An HTTPRoute of the plan, attached to `parentRefs`: one rule whose matches are the paths (PathPrefix), to the route's backend. */
export function httpRouteObject(route: PlannedHttpRoute, parentRefs: readonly JsonObject[]): KubeObject {
  const headers = route.cookie === undefined ? undefined : [{ type: 'RegularExpression', name: 'Cookie', value: debugCookiePattern(route.cookie) }];
  return {
    apiVersion: API_VERSION,
    kind: 'HTTPRoute',
    metadata: { name: route.name },
    spec: {
      parentRefs: [...parentRefs],
      hostnames: route.rules.map((rule) => rule.host),
      rules: [
        {
          matches: route.rules[0].paths.map((path) => ({ path: { type: 'PathPrefix', value: path }, ...(headers ? { headers } : {}) })),
          backendRefs: [{ name: route.backend.name, port: route.backend.port }],
        },
      ],
    },
  } as KubeObject;
}

/** The route of the HTTP listener: every request redirected to https with 301 (cert-manager's HTTP-01 routes match their exact path, so they win over it). */
export function redirectRouteObject(gatewayName: string): KubeObject {
  return {
    apiVersion: API_VERSION,
    kind: 'HTTPRoute',
    metadata: { name: REDIRECT_ROUTE_NAME },
    spec: {
      parentRefs: [{ name: gatewayName, sectionName: HTTP_LISTENER }],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    },
  } as KubeObject;
}

/**
 * The generated Gateway: an HTTPS listener per host terminating TLS with the host's Secret (or the
 * custom certificate), after the HTTP listener when `http`; with neither cert-manager nor a custom
 * certificate, the HTTP listener alone. cert-manager's Gateway API support reads the annotation and
 * issues a Certificate per Secret for the hostnames of its listeners.
 */
export function gatewayObject(settings: DrydockSettings, listeners: readonly PlannedListener[], http: boolean): KubeObject {
  const gateway = settings.gatewayApi.gateway;
  const tls = settings.ingress.tls;
  const annotations = { ...certManagerAnnotations(settings), ...gateway.annotations };
  const terminates = gatewayTerminatesTls(settings);
  const httpsListeners = terminates
    ? listeners.map((listener) => ({
        name: listener.name,
        hostname: listener.host,
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: tls.customCerts ? tls.customCerts.secretName : listener.secretName }] },
      }))
    : [];
  return {
    apiVersion: API_VERSION,
    kind: 'Gateway',
    metadata: { name: gateway.name, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: {
      // Required with create: the feature refuses a generated Gateway without it before it gets here.
      gatewayClassName: gateway.gatewayClassName ?? '',
      listeners: [...(http || !terminates ? [{ name: HTTP_LISTENER, port: 80, protocol: 'HTTP' }] : []), ...httpsListeners],
    },
  } as KubeObject;
}

/** Whether the generated Gateway terminates TLS (cert-manager's certificates, or the custom one). */
export function gatewayTerminatesTls(settings: DrydockSettings): boolean {
  return settings.ingress.tls.auto || settings.ingress.tls.customCerts !== null;
}
