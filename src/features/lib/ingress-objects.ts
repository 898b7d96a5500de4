/**
 * The Ingress objects drydock-fn generates (the Tutor hosts', the extra hosts', Flower's, the debug
 * canary), whichever feature writes them: the object in the field order of Drydock's templates, the
 * cert-manager annotation and spec.tls the settings give. Their rules come from the route table
 * (./routes).
 */
import type { DrydockSettings } from '../../config/settings';
import type { KubeObject } from '../../krm/types';
import type { PlannedIngress } from './routes';
import { certManagerAnnotations } from './tls-objects';

/** The Service and port every Ingress routes to: Tutor's Caddy. */
const CADDY_BACKEND = { service: { name: 'caddy', port: { number: 80 } } } as const;

export interface IngressRule {
  readonly host: string;
  readonly paths: readonly string[];
  readonly backend?: { readonly service: { readonly name: string; readonly port: { readonly number: number } } };
}

/** An Ingress with Prefix paths, in the field order Drydock's templates use. */
function ingressObject(
  name: string,
  rules: readonly IngressRule[],
  options: { className?: string | null; annotations?: Record<string, string>; tls?: { hosts: string[]; secretName: string } | null },
): KubeObject {
  const annotations = options.annotations ?? {};
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      ...(options.className ? { ingressClassName: options.className } : {}),
      rules: rules.map((rule) => ({
        host: rule.host,
        http: { paths: rule.paths.map((path) => ({ pathType: 'Prefix', path, backend: rule.backend ?? CADDY_BACKEND })) },
      })),
      ...(options.tls ? { tls: [options.tls] } : {}),
    },
  } as KubeObject;
}

/** `spec.tls` of an Ingress: the custom certificate Secret, or the per-Ingress Secret cert-manager fills; null without TLS. */
function tlsFor(settings: DrydockSettings, hosts: string[], secretName: string): { hosts: string[]; secretName: string } | null {
  const tls = settings.ingress.tls;
  if (tls.customCerts) return { hosts, secretName: tls.customCerts.secretName };
  return tls.auto ? { hosts, secretName } : null;
}

/**
 * The Ingress of a planned entry of the route table: the class of the settings, cert-manager's
 * annotation then `annotations`, spec.tls over the entry's hosts; routed to Caddy unless `backend`
 * gives the backend of each rule.
 */
export function plannedIngressObject(settings: DrydockSettings, planned: PlannedIngress, annotations: Record<string, string>, backend?: (index: number) => NonNullable<IngressRule['backend']>): KubeObject {
  const hosts = planned.rules.map((rule) => rule.host);
  const rules = backend ? planned.rules.map((rule, index) => ({ ...rule, backend: backend(index) })) : planned.rules;
  return ingressObject(planned.name, rules, { className: settings.ingress.className, annotations: { ...certManagerAnnotations(settings), ...annotations }, tls: tlsFor(settings, hosts, planned.tlsSecretName) });
}
