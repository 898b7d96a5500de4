/**
 * What an adapted Caddy config (the JSON of `caddy adapt`) means for the parts drydock-fn writes: the
 * sites by host, the catch-all route (no host matcher), and the SCORM routes (a `/scorm-proxy/*`
 * matcher and its rewrite and proxy), each comparable with what drydock-fn meant.
 */
type Json = any;

export interface ScormRoute {
  /** `replace:/bucket/` (MinIO: uri replace) or `strip:/scorm-proxy` (S3: strip_prefix). */
  readonly rewrite: string;
  readonly dial: readonly string[];
  readonly tls: boolean;
  readonly hostHeader: readonly string[];
}

export interface CaddyMeaning {
  readonly listen: readonly string[];
  /** Host-matched routes by their hosts, SCORM routes and Caddy's group names taken out. */
  readonly sites: Readonly<Record<string, Json>>;
  /** Routes without a host matcher (catch-all sites), SCORM routes and group names taken out. */
  readonly catchAll: readonly Json[];
  /** SCORM routes in document order of the routes Caddy sorted (by host specificity). */
  readonly scorm: readonly ScormRoute[];
}

const isScormMatch = (route: Json): boolean => Array.isArray(route?.match) && route.match.some((match: Json) => Array.isArray(match.path) && match.path.includes('/scorm-proxy/*'));

/** A route that is only handlers (no matcher, no terminal flag). */
const isHandleOnly = (route: Json): boolean => route !== null && typeof route === 'object' && !Array.isArray(route) && Array.isArray(route.handle) && Object.keys(route).length === 1;

/** Every handler under a route, depth first. */
function handlers(route: Json, out: Json[] = []): Json[] {
  for (const handler of route?.handle ?? []) {
    out.push(handler);
    for (const inner of handler.routes ?? []) handlers(inner, out);
  }
  return out;
}

function scormRoute(route: Json): ScormRoute {
  const all = handlers(route);
  const rewrite = all.find((handler) => handler.handler === 'rewrite');
  const proxy = all.find((handler) => handler.handler === 'reverse_proxy');
  return {
    rewrite: rewrite?.uri_substring ? `replace:${rewrite.uri_substring.map((entry: Json) => `${entry.find}>${entry.replace}`).join(',')}` : `strip:${rewrite?.strip_path_prefix}`,
    dial: (proxy?.upstreams ?? []).map((upstream: Json) => upstream.dial),
    tls: proxy?.transport?.tls !== undefined,
    hostHeader: proxy?.headers?.request?.set?.Host ?? [],
  };
}

/** The route tree without SCORM routes and group names; the SCORM routes collected. */
function withoutScorm(value: Json, scorm: ScormRoute[]): Json {
  if (Array.isArray(value)) {
    const kept = value.filter((entry) => !(isScormMatch(entry) && scorm.push(scormRoute(entry)) > 0)).map((entry) => withoutScorm(entry, scorm));
    // Caddy puts consecutive unmatched handlers in one route; a SCORM route taken out between two leaves them apart.
    const merged: Json[] = [];
    for (const entry of kept) {
      const previous = merged[merged.length - 1];
      if (isHandleOnly(entry) && isHandleOnly(previous)) merged[merged.length - 1] = { handle: [...previous.handle, ...entry.handle] };
      else merged.push(entry);
    }
    return merged;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'group').map(([key, entry]) => [key, withoutScorm(entry, scorm)]));
  }
  return value;
}

/** The meaning of an adapted config with one HTTP server, as Tutor's Caddyfile gives. */
export function caddyMeaning(config: Json): CaddyMeaning {
  const servers = Object.values(config?.apps?.http?.servers ?? {}) as Json[];
  if (servers.length !== 1) throw new Error(`expected one HTTP server, found ${servers.length}`);
  const [server] = servers;
  const scorm: ScormRoute[] = [];
  const sites: Record<string, Json> = {};
  const catchAll: Json[] = [];
  for (const route of server.routes ?? []) {
    const hosts: string[] = (route.match ?? []).flatMap((match: Json) => match.host ?? []);
    const clean = withoutScorm(route, scorm);
    if (hosts.length === 0) catchAll.push(clean);
    else sites[hosts.join(',')] = clean;
  }
  return { listen: server.listen ?? [], sites, catchAll, scorm };
}

/** The upstreams a route proxies to, depth first. */
export function upstreamsOf(route: Json): string[] {
  return handlers(route)
    .filter((handler) => handler.handler === 'reverse_proxy')
    .flatMap((handler) => (handler.upstreams ?? []).map((upstream: Json) => upstream.dial));
}

/** The SCORM routes of each HTTP server of an adapted config, by the server's first listen address. */
export function scormRoutesByListen(config: Json): Map<string, ScormRoute[]> {
  const out = new Map<string, ScormRoute[]>();
  for (const server of Object.values(config?.apps?.http?.servers ?? {}) as Json[]) {
    const scorm: ScormRoute[] = [];
    withoutScorm(server.routes ?? [], scorm);
    out.set(server.listen?.[0], scorm);
  }
  return out;
}
