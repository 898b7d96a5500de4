/** Reading the site blocks of Tutor's Caddyfile: which hosts Caddy serves and what it proxies them to. */

export interface CaddySite {
  /**
   * Host names of the site's addresses as written, without scheme, port, path or placeholders such as
   * `{$default_site_port}`: not checked, so that a host an Ingress cannot take is reported, not lost.
   */
  readonly hosts: readonly string[];
  /** The site's addresses as written on its opening line, for messages. */
  readonly address: string;
  /** Upstream services the site proxies to, e.g. `lms:8000`. */
  readonly upstreams: readonly string[];
  /**
   * The upstreams of Tutor's own `import proxy "svc:port"` lines: the service a site is for. (Other
   * `reverse_proxy` lines route a path elsewhere, such as the MFE site's config API to the LMS, or
   * SCORM routes to MinIO.)
   */
  readonly proxied: readonly string[];
  /** Zero-based line of the site's opening line. */
  readonly line: number;
}

const SITE_OPENING = /^([^\s#(].*?)\s*\{\s*$/;
const UPSTREAM = /(?:import\s+proxy\s+"([^"]+)"|reverse_proxy\s+([^\s{]+))/g;
const IMPORT_PROXY = /import\s+proxy\s+"([^"]+)"/g;

/**
 * The top-level site blocks of a Caddyfile. Snippets (`(proxy) {`) and the global options block are
 * skipped; braces inside a block are balanced naively, which holds for Tutor's Caddyfile.
 */
export function parseCaddySites(caddyfile: string): CaddySite[] {
  const lines = caddyfile.split('\n');
  const sites: CaddySite[] = [];
  let depth = 0;
  let open: { hosts: string[]; address: string; line: number; body: string[] } | undefined;
  lines.forEach((line, index) => {
    const code = line.replace(/(^|\s)#.*$/, '');
    if (depth === 0) {
      const match = SITE_OPENING.exec(code);
      if (match && match[1].trim() !== '') {
        open = { hosts: addressesToHosts(match[1]), address: match[1].trim(), line: index, body: [] };
      } else {
        open = undefined;
      }
    } else if (open) {
      open.body.push(code);
    }
    depth += count(code, '{') - count(code, '}');
    if (depth <= 0) {
      depth = 0;
      if (open && index !== open.line) {
        const body = open.body.join('\n');
        sites.push({ hosts: open.hosts, address: open.address, upstreams: upstreamsOf(body), proxied: [...body.matchAll(IMPORT_PROXY)].map((match) => match[1]), line: open.line });
        open = undefined;
      }
    }
  });
  return sites.filter((site) => site.hosts.length > 0);
}

/**
 * The host of each address (`[scheme://]host[:port][/path]`, separated by commas or spaces). Addresses
 * without a dotted host (`:8002`, `{$default_site_port}`, `localhost`) name no public host.
 */
function addressesToHosts(addresses: string): string[] {
  return addresses
    .split(/[\s,]+/)
    .map((address) => address.replace(/\{\$[^}]*\}/g, '').replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '').replace(/:\d*$/, ''))
    .filter((host) => host.includes('.') && !host.startsWith('['));
}

function upstreamsOf(body: string): string[] {
  const upstreams: string[] = [];
  for (const match of body.matchAll(UPSTREAM)) upstreams.push(match[1] ?? match[2]);
  return upstreams;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
