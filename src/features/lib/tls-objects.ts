/**
 * The cert-manager objects behind the generated Ingresses and the generated Gateway, whichever feature
 * writes them: the Let's Encrypt Issuer (its HTTP-01 solver through the ingress class, or through a
 * Gateway's HTTP listener), the custom certificate's Secret, and the checks of the TLS settings both
 * paths share.
 */
import { NAME_LABEL } from '../../krm/annotations';
import { create } from '../../krm/changes';
import type { Change } from '../../krm/changes';
import type { JsonObject, KubeObject, Result } from '../../krm/types';
import type { DrydockSettings } from '../../config/settings';
import type { TutorContext } from '../../tutor/context';
import type { FeatureInput } from '../feature';
import { settingResult } from '../feature';

/** How the Issuer answers HTTP-01 challenges: cert-manager's solver entry (`http01.ingress` or `http01.gatewayHTTPRoute`). */
export type Http01Solver = { readonly ingress: { readonly class: string } } | { readonly gatewayHTTPRoute: { readonly parentRefs: readonly JsonObject[] } };

/** Drydock's solver: a temporary Ingress of the configured class per challenge. */
export function ingressSolver(settings: DrydockSettings): Http01Solver {
  return { ingress: { class: settings.ingress.className } };
}

/** The Let's Encrypt Issuer of Drydock, its HTTP-01 challenges answered through `solver`. */
export function letsencryptIssuer(settings: DrydockSettings, tutor: TutorContext, solver: Http01Solver): KubeObject {
  const email = settings.ingress.tls.letsencryptEmail ?? tutor.contactEmail;
  const namespace = tutor.namespace ?? 'openedx';
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: { name: settings.ingress.tls.issuer.name, labels: { [NAME_LABEL]: settings.ingress.tls.issuer.name } },
    spec: {
      acme: {
        ...(email ? { email } : {}),
        privateKeySecretRef: { name: `${namespace}-${settings.ingress.tls.issuer.name}-account-key` },
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        solvers: [{ http01: solver as unknown as JsonObject }],
      },
    },
  };
}

/** The Issuer, decorated, with a warning when no e-mail address is known for the ACME account. */
export function issuerChange(input: FeatureInput, solver: Http01Solver, results: Result[]): Change {
  const issuer = letsencryptIssuer(input.settings, input.tutor, solver);
  if (!(issuer.spec as { acme: { email?: string } }).acme.email) {
    results.push(settingResult(input, 'warning', ['ingress', 'tls', 'letsencryptEmail'], 'no e-mail for the Let\'s Encrypt account (no CONTACT_EMAIL address in the manifests): Let\'s Encrypt cannot warn about expiring certificates'));
  }
  return create(input.tutor.decorate(issuer));
}

/** The custom certificate's Secret, when its values are given (else the Secret exists already, or there is no custom certificate). */
export function customCertSecretChange(input: FeatureInput): Change | undefined {
  const custom = input.settings.ingress.tls.customCerts;
  if (!custom || custom.crt === null || custom.key === null) return undefined;
  return create(
    input.tutor.decorate({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: custom.secretName },
      data: { 'tls.crt': custom.crt.replace(/\s+/g, ''), 'tls.key': custom.key.replace(/\s+/g, '') },
    } as KubeObject),
  );
}

/** Problems of the TLS settings the codecs cannot judge alone: half a custom certificate, one not in base64, an Issuer to create that is a ClusterIssuer. */
export function tlsSettingProblems(input: FeatureInput): Result[] {
  const { settings } = input;
  const results: Result[] = [];
  const error = (path: (string | number)[], message: string): void => void results.push(settingResult(input, 'error', path, message));
  const custom = settings.ingress.tls.customCerts;
  if (custom && (custom.crt === null) !== (custom.key === null)) {
    error(['ingress', 'tls', 'customCerts', custom.crt === null ? 'crt' : 'key'], 'give both crt and key to generate the certificate Secret, or neither to use an existing Secret');
  }
  if (custom) {
    for (const field of ['crt', 'key'] as const) {
      const value = custom[field];
      if (value !== null && !isBase64(value)) error(['ingress', 'tls', 'customCerts', field], 'expected base64 (the PEM file encoded with base64, as in a Secret\'s data)');
    }
  }
  const issuer = settings.ingress.tls.issuer;
  if (settings.ingress.tls.auto && issuer.create && issuer.kind === 'ClusterIssuer') {
    error(['ingress', 'tls', 'issuer', 'create'], 'drydock-fn creates only a namespaced Issuer; set create: false to use an existing ClusterIssuer');
  }
  return results;
}

function isBase64(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}

/**
 * The cert-manager annotation of a generated Ingress or Gateway: `cert-manager.io/issuer` (or
 * `cluster-issuer`) when cert-manager issues the certificates, none with custom certificates.
 */
export function certManagerAnnotations(settings: DrydockSettings): Record<string, string> {
  const tls = settings.ingress.tls;
  if (!tls.auto || tls.customCerts) return {};
  const key = tls.issuer.kind === 'ClusterIssuer' ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer';
  return { [key]: tls.issuer.name };
}
