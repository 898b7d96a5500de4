import type { DefaultEffects } from './types';

/**
 * §3.6: with Drydock 22's defaults (ingress on, auto TLS), the Let's Encrypt Issuer and one Ingress
 * per Tutor host: lms and cms always, lms-preview while Tutor's Caddyfile serves the preview host (≤ 20), mfe,
 * meilisearch and notes when their Deployment is there. Tutor's own items are not changed.
 */
export const effects: DefaultEffects = (before) => {
  const deployments = new Set(before.filter((item) => item.kind === 'Deployment').map((item) => item.metadata.name));
  const caddyfile = String(before.find((item) => item.kind === 'ConfigMap' && item.metadata.name.startsWith('caddy-config'))?.data?.Caddyfile ?? '');
  const preview = /, preview\.[^\s,{]+\{\$default_site_port\}/.test(caddyfile);
  const ingresses = ['lms', 'cms', ...(preview ? ['lms-preview'] : []), ...['mfe', 'meilisearch', 'notes'].filter((name) => deployments.has(name))];
  return { changed: [], added: ['Issuer/letsencrypt', ...ingresses.map((name) => `Ingress/${name}`)] };
};
