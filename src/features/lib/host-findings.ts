/**
 * Results about the hosts of the manifests that an Ingress or an HTTPRoute takes only changed, or not
 * at all: each names the ConfigMap, its key and where in it (the Caddy site, the env key), so that no
 * route disappears without a word. The Ingress API's host rule and Gateway API's Hostname type are
 * the same (lower-case DNS labels, a wildcard only as the whole first label, no IP address, no
 * trailing dot), so one finding holds for both.
 */
import { withCode } from '../../krm/codes';
import type { Result } from '../../krm/types';
import type { HostFinding, TutorContext } from '../../tutor/context';
import { TUTOR_HOST_SETTINGS } from '../../tutor/context';
import { resultFor } from '../feature';
import { TUTOR_HOST_INGRESSES } from './routes';

/** The findings about the hosts of the services the deployment has, worded for the object that routes them. */
export function hostFindingResults(tutor: TutorContext, kind: 'Ingress' | 'HTTPRoute'): Result[] {
  const results: Result[] = [];
  for (const finding of tutor.hostFindings) {
    const ingress = TUTOR_HOST_INGRESSES[finding.key];
    if (!ingress || (ingress.plugin && !tutor.plugins.has(ingress.plugin))) continue;
    results.push(hostFindingResult(finding, ingress.name, kind));
  }
  return results;
}

function hostFindingResult(finding: HostFinding, name: string, kind: 'Ingress' | 'HTTPRoute'): Result {
  const { source, raw, key } = finding;
  const setting = TUTOR_HOST_SETTINGS[key];
  const named = `${source.where} names the host ${JSON.stringify(raw)} (${setting})`;
  const plural = kind === 'Ingress' ? 'Ingresses' : 'HTTPRoutes';
  if (finding.host === undefined) {
    const message = `${named}, which no ${kind} can route: it ${finding.problem}; the ${name} ${kind} is not generated: correct ${setting} in Tutor's config, or set tutor.${key}Host`;
    return withCode(resultFor(source.item, 'warning', message, source.field), 'HOST_INVALID');
  }
  const why: string[] = [];
  if (finding.changes.includes('trailing-dot')) why.push('without its trailing dot');
  if (finding.changes.includes('lower-cased')) why.push('in lower case (DNS and Caddy match host names in any case)');
  if (finding.changes.includes('punycode')) why.push('in punycode, what browsers send');
  // Caddy 2.6 matches a site written with a trailing dot or in Unicode only to requests naming it so.
  const caddyMatchesAsWritten = finding.changes.includes('trailing-dot') || finding.changes.includes('punycode');
  const message = `${named}; the ${plural} route ${finding.host}, the same host ${why.join(' and ')}${caddyMatchesAsWritten ? `; Caddy may match the site only as written: write ${setting} as ${finding.host} in Tutor's config` : ''}`;
  return withCode(resultFor(source.item, caddyMatchesAsWritten ? 'warning' : 'info', message, source.field), 'HOST_NORMALIZED');
}
