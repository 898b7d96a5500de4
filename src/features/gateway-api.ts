/**
 * Gateway API routes (beyond Drydock, which has only Ingresses): an HTTPRoute
 * (gateway.networking.k8s.io/v1) for every host and path the Ingresses would route, attached to
 * existing Gateways (`gatewayApi.parentRefs`, the platform team's, whose listeners own TLS) or to a
 * Gateway generated here (`gatewayApi.gateway.create`: an HTTPS listener per host, cert-manager's
 * annotation, the Issuer with a Gateway HTTP-01 solver, an HTTP listener with a redirect route).
 * With `keepIngresses` the Ingresses stay beside the routes while DNS moves (cut-over mode).
 *
 * Only standard-channel fields are written. Tenant hosts (multitenancy: Caddy's catch-all site) come
 * in through ingress.extraHosts as for Ingresses; a wildcard `*.example.com` there is a listener and a
 * route hostname, which in Gateway API match any number of labels (a.example.com and a.b.example.com,
 * not example.com: the Hostname type's documentation), where an Ingress wildcard matches one label;
 * the listener's wildcard certificate still covers one label only (RFC 6125), so a.b.example.com is
 * routed but gets a certificate error.
 * The cookie-routed debug routes match the Cookie header by RegularExpression, whose support Gateway
 * API leaves to each implementation (HeaderMatchType: Exact is core, RegularExpression
 * implementation-specific, the dialect too): only with gatewayApi.debugRoute, and as routes of their
 * own, so that an implementation refusing them (Accepted: False, UnsupportedValue) refuses nothing else.
 */
import { create } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { JsonObject, KubeObject, Result } from '../krm/types';
import type { Feature, FeatureInput } from './feature';
import { resultFor, settingResult } from './feature';
import { DEBUG_ROUTE_NAMES, HTTP_LISTENER, LMS_ALIASES_ROUTE_NAME, REDIRECT_ROUTE_NAME, debugRoutePlan, gatewayObject, gatewayTerminatesTls, httpRouteObject, httpRoutePlan, listenerPlan, redirectRouteObject } from './lib/gateway-objects';
import type { PlannedHttpRoute, PlannedListener } from './lib/gateway-objects';
import { hostFindingResults } from './lib/host-findings';
import type { RouteOrigin, TableIngress } from './lib/routes';
import { FLOWER_INGRESS_NAME, TUTOR_HOST_INGRESSES, extraHostNameClash, httpRouteTable, ingressesGenerated, ingressesReplaced, routeConflicts, routeTable, tlsSecretConflicts } from './lib/routes';
import { customCertSecretChange, issuerChange, tlsSettingProblems } from './lib/tls-objects';

/** The CRD's limits: listeners of a Gateway, hostnames and parentRefs of an HTTPRoute. */
const MAX_LISTENERS = 64;
const MAX_HOSTNAMES = 16;
const MAX_PARENT_REFS = 32;
/** The longest SectionName (a listener's name) and object name. */
const MAX_NAME_LENGTH = 253;

/** Route names drydock-fn gives to other routes than the extra hosts'. */
const RESERVED_ROUTE_NAMES: readonly string[] = [
  ...Object.values(TUTOR_HOST_INGRESSES).map((ingress) => ingress.name),
  FLOWER_INGRESS_NAME,
  LMS_ALIASES_ROUTE_NAME,
  REDIRECT_ROUTE_NAME,
  ...Object.values(DEBUG_ROUTE_NAMES),
];

/** Whether this run generates the Issuer and the custom certificate's Secret: for its own Gateway, when no Ingress feature run does it already. */
function gatewayOwnsTls(input: FeatureInput): boolean {
  return input.settings.gatewayApi.gateway.create && !ingressesGenerated(input.settings);
}

/** Whether the Issuer drydock-fn creates is the generated Gateway's, answering HTTP-01 on its HTTP listener. */
function gatewayIssuer(input: FeatureInput): boolean {
  const tls = input.settings.ingress.tls;
  return gatewayOwnsTls(input) && tls.auto && !tls.customCerts && tls.issuer.create;
}

/** Settings that contradict each other or that no Gateway can take. */
function checkSettings(input: FeatureInput): Result[] {
  const { settings } = input;
  const config = settings.gatewayApi;
  const results: Result[] = [];
  const error = (path: (string | number)[], message: string): void => void results.push(settingResult(input, 'error', path, message));
  if (config.parentRefs.length === 0 && !config.gateway.create) {
    error(['gatewayApi', 'parentRefs'], 'the HTTPRoutes need a Gateway: name the existing Gateway(s) to attach to here, or set gatewayApi.gateway.create to generate one');
  }
  // One entry point: routes attached to a platform Gateway and to a generated one would be served twice, with two sets of certificates.
  if (config.parentRefs.length > 0 && config.gateway.create) {
    error(['gatewayApi', 'parentRefs'], 'give parentRefs (attach to existing Gateways) or gateway.create (generate one), not both');
  }
  if (config.parentRefs.length > MAX_PARENT_REFS) error(['gatewayApi', 'parentRefs'], `an HTTPRoute takes at most ${MAX_PARENT_REFS} parentRefs; ${config.parentRefs.length} are given`);
  if (config.gateway.create && config.gateway.gatewayClassName === null) {
    error(['gatewayApi', 'gateway', 'gatewayClassName'], 'the generated Gateway needs the GatewayClass of the cluster\'s Gateway API implementation (kubectl get gatewayclass)');
  }
  if (gatewayIssuer(input) && !config.gateway.httpRedirect) {
    error(['gatewayApi', 'gateway', 'httpRedirect'], 'the Issuer drydock-fn creates answers HTTP-01 challenges on the Gateway\'s HTTP listener (port 80), which httpRedirect adds: set it to true, or use an existing issuer (ingress.tls.issuer.create: false)');
  }
  if (gatewayOwnsTls(input)) results.push(...tlsSettingProblems(input));
  // Extra hosts name their routes, listeners and Secrets: none may take another's name.
  settings.ingress.extraHosts.forEach((_host, index) => {
    const clash = extraHostNameClash(settings.ingress.extraHosts, index, RESERVED_ROUTE_NAMES, 'HTTPRoute');
    if (clash) error(['ingress', 'extraHosts', index], clash);
  });
  return results;
}

/** An error about where a host comes from: its setting, or the manifest that names it. */
function originError(input: FeatureInput, origin: RouteOrigin, message: string): Result {
  if (origin.kind === 'setting') return settingResult(input, 'error', origin.path, message);
  if (origin.kind === 'input') return resultFor(origin.item, 'error', message, origin.field);
  return resultFor(origin.source.item, 'error', `${origin.source.where}: ${message}`, origin.source.field);
}

/**
 * Routes with more hostnames than an HTTPRoute takes: only the LMS aliases share a route (with the LMS
 * host when they have its paths, else in lms-extra-hosts).
 */
function hostnameProblems(input: FeatureInput, routes: readonly PlannedHttpRoute[]): Result[] {
  return routes
    .filter((route) => route.rules.length > MAX_HOSTNAMES)
    .map((route) => settingResult(input, 'error', ['ingress', 'lmsExtraHosts'], `the ${route.name} HTTPRoute would have ${route.rules.length} hostnames (the LMS aliases${route.name === LMS_ALIASES_ROUTE_NAME ? '' : ' and the LMS host'}); an HTTPRoute takes at most ${MAX_HOSTNAMES}`));
}

/** The generated Gateway's listeners: at most 64, names unique and valid SectionNames, Secret names valid object names. */
function listenerProblems(input: FeatureInput, listeners: readonly PlannedListener[], http: boolean): Result[] {
  const results: Result[] = [];
  const count = listeners.length + (http ? 1 : 0);
  if (count > MAX_LISTENERS) {
    const { extraHosts } = input.settings.ingress;
    const path = extraHosts.length > 0 ? ['ingress', 'extraHosts'] : ['ingress', 'lmsExtraHosts'];
    results.push(settingResult(input, 'error', path, `the generated Gateway would have ${count} listeners (one per host${http ? ', and the HTTP listener' : ''}); a Gateway takes at most ${MAX_LISTENERS}: route the tenant hosts with a wildcard (*.example.com), or attach to a platform Gateway (gatewayApi.parentRefs)`));
    return results;
  }
  listeners.forEach((listener, index) => {
    // The Secret's name (<host>-gateway-tls) is the longer of the two: the listener's is https-<host>.
    const { secretName } = listener;
    if (secretName.length > MAX_NAME_LENGTH) {
      results.push(originError(input, listener.origin, `host ${listener.host} is too long for its Gateway listener and Secret names (${secretName} has ${secretName.length} characters; Kubernetes takes ${MAX_NAME_LENGTH})`));
      return;
    }
    const earlier = listeners.findIndex((other, otherIndex) => otherIndex < index && other.name === listener.name);
    if (earlier >= 0) results.push(originError(input, listener.origin, `hosts ${listeners[earlier].host} and ${listener.host} would both have a Gateway listener named ${listener.name}`));
  });
  return results;
}

/** The routes as the route table holds them, to check that no host and path is claimed twice. */
function tableRoutes(routes: readonly PlannedHttpRoute[]): TableIngress[] {
  return routes.map((route) => ({ name: route.name, source: 'generated', rules: route.rules, className: undefined, canary: route.canaryOf !== undefined, ...(route.canaryOf ? { canaryOf: route.canaryOf } : {}), kind: 'HTTPRoute' }));
}

export const gatewayApi: Feature = {
  name: 'gateway-api',
  isEnabled: (settings) => settings.gatewayApi.enabled,
  run(input) {
    const { settings, tutor } = input;
    const config = settings.gatewayApi;
    const settingProblems = checkSettings(input);
    if (settingProblems.length > 0) return { changes: [], results: settingProblems };

    const routes = httpRoutePlan(settings, tutor);
    const debugWanted = config.debugRoute && settings.debug.enabled;
    const debugRoutes = debugWanted ? debugRoutePlan(settings, tutor, routes) : [];
    const create = config.gateway.create;
    const terminates = gatewayTerminatesTls(settings);
    const http = create && (config.gateway.httpRedirect || !terminates);
    const listeners = create && terminates ? listenerPlan(routes) : [];
    const secretClaims = create && settings.ingress.tls.auto && !settings.ingress.tls.customCerts
      ? listeners.map((listener) => ({ secretName: listener.secretName, owner: `Gateway ${config.gateway.name} listener ${listener.name}`, generated: true, issued: true, origin: listener.origin }))
      : [];
    const problems = [
      ...hostnameProblems(input, routes),
      ...listenerProblems(input, listeners, http),
      ...routeConflicts(input, { ingresses: httpRouteTable(input, tableRoutes([...routes, ...debugRoutes])), secrets: [] }),
      ...tlsSecretConflicts(input, { ingresses: [], secrets: [...routeTable(input).secrets, ...secretClaims] }),
    ];
    if (problems.length > 0) return { changes: [], results: problems };

    const results: Result[] = ingressesReplaced(settings) ? hostFindingResults(tutor, 'HTTPRoute') : [];
    if (routes.length === 0 && results.length === 0) results.push(settingResult(input, 'info', ['gatewayApi', 'enabled'], 'no Tutor host in the manifests (no Caddy site, no LMS_BASE): no HTTPRoute generated'));
    if (config.debugRoute && !settings.debug.enabled) results.push(settingResult(input, 'info', ['gatewayApi', 'debugRoute'], 'debug.enabled is false: no debug pods, no debug routes'));
    if (config.parentRefs.length > 0) {
      const names = config.parentRefs.map((ref) => `${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`).join(', ');
      results.push(settingResult(input, 'info', ['gatewayApi', 'parentRefs'], `the HTTPRoutes attach to Gateway ${names}, whose listeners own TLS: drydock-fn generates no Issuer and no certificate for them`));
    }

    const changes: Change[] = [];
    let parentRefsOf: (route: PlannedHttpRoute) => JsonObject[];
    if (create) {
      const gatewayName = config.gateway.name;
      if (gatewayOwnsTls(input)) {
        if (gatewayIssuer(input)) {
          const namespace = tutor.namespace ?? 'openedx';
          changes.push(issuerChange(input, { gatewayHTTPRoute: { parentRefs: [{ name: gatewayName, namespace, kind: 'Gateway', sectionName: HTTP_LISTENER }] } }, results));
        }
        const secret = customCertSecretChange(input);
        if (secret) changes.push(secret);
      } else if (settings.ingress.tls.auto && !settings.ingress.tls.customCerts && settings.ingress.tls.issuer.create) {
        // Cut-over: DNS still points to the ingress controller, so HTTP-01 challenges (the Gateway's
        // certificates' too) can only be answered there; the Issuer keeps the ingress solver until
        // keepIngresses is off, and certificates renewed after DNS moved fail until then.
        results.push(settingResult(input, 'info', ['gatewayApi', 'keepIngresses'], `the Issuer ${settings.ingress.tls.issuer.name} answers HTTP-01 challenges through the ingress class ${settings.ingress.className} while the Ingresses are kept, so the Gateway's certificates are issued before DNS moves; set keepIngresses to false once DNS points to the Gateway`));
      }
      changes.push(generated(input, gatewayObject(settings, listeners, http)));
      if (http && terminates) changes.push(generated(input, redirectRouteObject(gatewayName)));
      parentRefsOf = (route) => (terminates ? route.rules.map((rule) => ({ name: gatewayName, sectionName: listeners.find((listener) => listener.host === rule.host)!.name })) : [{ name: gatewayName, sectionName: HTTP_LISTENER }]);
    } else {
      const refs = config.parentRefs.map((ref): JsonObject => ({ name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}), ...(ref.sectionName ? { sectionName: ref.sectionName } : {}) }));
      parentRefsOf = () => refs;
    }
    for (const route of [...routes, ...debugRoutes]) changes.push(generated(input, httpRouteObject(route, parentRefsOf(route))));
    if (gatewayIssuer(input)) {
      const http01 = 'the Issuer drydock-fn creates uses HTTP-01: use an existing DNS-01 issuer (ingress.tls.issuer.create: false)';
      for (const list of ['extraHosts', 'lmsExtraHosts'] as const) {
        settings.ingress[list].forEach((host, index) => {
          if (host.startsWith('*.')) results.push(settingResult(input, 'warning', ['ingress', list, index], `Let's Encrypt issues wildcard certificates (${host}) only through DNS-01; ${http01}`));
        });
      }
    }
    return { changes, results };
  },
};

/** A new object of the Tutor instance (its namespace, labels and drydock-fn's mark). */
function generated(input: FeatureInput, object: KubeObject): Change {
  return create(input.tutor.decorate(object));
}
