/**
 * Ingresses and TLS: one Ingress per public host, all routed to Caddy, with Drydock
 * 22's names (`lms`, `cms`, `mfe`, `meilisearch`, `notes`, one per extra host; `lms-preview` for
 * Tutor ≤ 19, which still has PREVIEW_LMS_HOST), the Let's Encrypt `Issuer` of cert-manager and
 * `spec.tls` per host, or a custom certificate Secret.
 *
 * Beyond Drydock: an existing Issuer or ClusterIssuer can be used by reference instead of creating
 * one; an LMS path listed twice (Drydock's `/learning` when the learning MFE exists) is written once;
 * nothing is specific to one ingress controller. The hosts are in the form an Ingress takes (a host of
 * the manifests that cannot be is reported and its Ingress left out), and every rule comes from the
 * route table of ./lib/routes, which refuses a route another Ingress (generated, of the input, or a Tutor
 * host's) holds, and a TLS Secret cert-manager would fill for two owners. The Issuer and the custom
 * certificate's Secret are generated for Flower's Ingress too, when it is the only one.
 */
import { create } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { Result } from '../krm/types';
import { mapKeyPathEntry } from '../config/dsl';
import type { Feature, FeatureInput } from './feature';
import { settingResult } from './feature';
import { hostFindingResults } from './lib/host-findings';
import { plannedIngressObject } from './lib/ingress-objects';
import { customCertSecretChange, ingressSolver, issuerChange, tlsSettingProblems } from './lib/tls-objects';
import { DEBUG_INGRESS_NAME, FLOWER_INGRESS_NAME, TUTOR_HOST_INGRESSES, extraHostIngressName, extraHostNameClash, extraHostPlan, flowerPlan, ingressesGenerated, routeConflicts, routeTable, tlsSecretConflicts, tutorIngressPlan } from './lib/routes';

/** The deprecated class annotation, which the API server requires to equal spec.ingressClassName when both are set. */
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** The longest object name Kubernetes takes (a DNS subdomain). */
const MAX_NAME_LENGTH = 253;

/** Names of the Ingresses drydock-fn may generate besides the extra hosts: the Tutor hosts', Flower's and the debug canary's. */
export const RESERVED_INGRESS_NAMES: readonly string[] = [...Object.values(TUTOR_HOST_INGRESSES).map((ingress) => ingress.name), FLOWER_INGRESS_NAME, DEBUG_INGRESS_NAME];

/**
 * Settings the codecs cannot judge alone: extra hosts whose Ingress names clash, half a certificate.
 * (Hosts routed twice are route conflicts, see ./lib/routes.)
 */
function checkSettings(input: FeatureInput): Result[] {
  const { settings } = input;
  const results: Result[] = [];
  const error = (path: (string | number)[], message: string): void => void results.push(settingResult(input, 'error', path, message));
  // Extra hosts have Ingresses only with ingress.enabled; the rest applies to Flower's Ingress too.
  if (settings.ingress.enabled) settings.ingress.extraHosts.forEach((host, index) => {
    if (settings.ingress.extraHosts.indexOf(host) !== index) return; // listed twice: a route conflict
    const longest = `${extraHostIngressName(host)}-tls`;
    if (longest.length > MAX_NAME_LENGTH) error(['ingress', 'extraHosts', index], `host ${host} is too long for its Ingress and TLS Secret names (${longest} has ${longest.length} characters; Kubernetes takes ${MAX_NAME_LENGTH})`);
    else {
      const clash = extraHostNameClash(settings.ingress.extraHosts, index, RESERVED_INGRESS_NAMES, 'Ingress');
      if (clash) error(['ingress', 'extraHosts', index], clash);
    }
  });
  // The API server refuses an Ingress whose class annotation names another class than ingressClassName.
  const annotatedClass = settings.ingress.annotations[INGRESS_CLASS_ANNOTATION];
  if (annotatedClass !== undefined && annotatedClass !== settings.ingress.className) {
    error(['ingress', 'annotations', mapKeyPathEntry(INGRESS_CLASS_ANNOTATION)], `${INGRESS_CLASS_ANNOTATION} must be ingress.className (${settings.ingress.className}) or absent: the API server refuses an Ingress whose annotation and spec.ingressClassName differ; drydock-fn sets spec.ingressClassName from ingress.className`);
  }
  results.push(...tlsSettingProblems(input));
  return results;
}

/**
 * The TLS objects the generated Ingresses need: the Let's Encrypt Issuer their cert-manager annotation
 * names (unless an existing issuer is used by reference), and the custom certificate's Secret when
 * its values are given. Whichever feature writes the Ingress: Flower's needs them without the others.
 */
function tlsObjects(input: FeatureInput, results: Result[]): Change[] {
  const tls = input.settings.ingress.tls;
  const changes: Change[] = [];
  if (tls.auto && tls.issuer.create) changes.push(issuerChange(input, ingressSolver(input.settings), results));
  const secret = customCertSecretChange(input);
  if (secret) changes.push(secret);
  return changes;
}

export const ingress: Feature = {
  name: 'ingress',
  // Flower's Ingress alone needs the route checks and the TLS objects too; HTTPRoutes may replace them all (gatewayApi).
  isEnabled: ingressesGenerated,
  run(input) {
    const { settings, tutor } = input;
    const table = routeTable(input);
    const problems = [...checkSettings(input), ...routeConflicts(input, table), ...tlsSecretConflicts(input, table)];
    if (problems.length > 0) return { changes: [], results: problems };
    const ingresses = settings.ingress.enabled ? tutorIngressPlan(settings, tutor) : [];
    const extraHosts = settings.ingress.enabled ? extraHostPlan(settings) : [];
    const results: Result[] = settings.ingress.enabled ? hostFindingResults(tutor, 'Ingress') : [];
    if (settings.ingress.enabled && ingresses.length === 0 && extraHosts.length === 0) {
      // Not a Tutor deployment (or only part of one): nothing to route, nothing to certify.
      if (results.length === 0) results.push(settingResult(input, 'info', ['ingress', 'enabled'], 'no Tutor host in the manifests (no Caddy site, no LMS_BASE): no Ingress generated'));
    } else if (settings.ingress.enabled && !tutor.hosts.lms && !tutor.hostFindings.some((finding) => finding.key === 'lms')) {
      results.push(
        settingResult(input, 'warning', ['tutor', 'lmsHost'], 'no LMS host in the manifests (no Caddy site proxying to lms, no LMS_BASE): the lms Ingress is not generated; set tutor.lmsHost'),
      );
    }
    if (ingresses.length === 0 && extraHosts.length === 0 && !flowerPlan(settings)) return { changes: [], results };
    const tls = settings.ingress.tls;
    const changes: Change[] = tlsObjects(input, results);
    for (const entry of [...ingresses, ...extraHosts]) changes.push(create(tutor.decorate(plannedIngressObject(settings, entry, settings.ingress.annotations))));
    if (settings.ingress.enabled && tls.auto && !tls.customCerts && tls.issuer.create) {
      const http01 = `the Issuer drydock-fn creates uses HTTP-01: use an existing DNS-01 issuer (ingress.tls.issuer.create: false)`;
      settings.ingress.extraHosts.forEach((host, index) => {
        if (host.startsWith('*.')) results.push(settingResult(input, 'warning', ['ingress', 'extraHosts', index], `Let's Encrypt issues wildcard certificates (${host}) only through DNS-01; ${http01}`));
      });
      // An LMS alias shares the lms Ingress's certificate: a wildcard there keeps the LMS host's own certificate from being issued.
      settings.ingress.lmsExtraHosts.forEach((host, index) => {
        if (host.startsWith('*.')) results.push(settingResult(input, 'warning', ['ingress', 'lmsExtraHosts', index], `Let's Encrypt issues wildcard certificates (${host}) only through DNS-01, and the lms Ingress has one certificate for the LMS host and its aliases, which then fails too; ${http01}`));
      });
    }
    return { changes, results };
  },
};
