/**
 * URLs drydock-fn composes from parts: the Celery broker URL Flower gets (`transport://user:password@
 * host:port/vhost`, which Celery's kombu splits at `://`, `@`, `:` and `/`). User and password are
 * percent-encoded (encodeURIComponent); the scheme, the host and port, and the path segment are
 * checked, since no encoding keeps a `/`, `@`, `?` or `#` in them from moving the URL's parts.
 */

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?';
const HOST_PORT = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$`);

/** Why `value` is not a URL scheme, or undefined. */
export function urlSchemeProblem(value: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9+.-]*$/.test(value) ? undefined : 'is not a URL scheme (a letter, then letters, digits, "+", "." or "-")';
}

/** Why `value` is not `host` or `host:port` of a URL (a DNS name, or an IP address), or undefined. */
export function urlHostPortProblem(value: string): string | undefined {
  return HOST_PORT.test(value) ? undefined : 'is not a host name or address with an optional :port';
}

/** Why `value` is not one path segment a URL carries as it is (unreserved characters), or undefined. */
export function urlPathSegmentProblem(value: string): string | undefined {
  return /^[A-Za-z0-9._~-]*$/.test(value) ? undefined : 'is not a plain URL path segment (letters, digits, ".", "_", "~" and "-")';
}
