/**
 * Flower, the Celery monitor (Drydock ≤ 18.2.2): the `flower-edxapp` Deployment as
 * Drydock had it, plus a Service and, on request, an Ingress. The broker URL is the Celery broker of
 * the LMS settings (Redis host, port, database, user, password), or a Secret's value.
 *
 * Beyond Drydock (which had no Service and no Ingress): the Ingress is protected by Flower's own
 * basic auth (FLOWER_BASIC_AUTH from a Secret), so it works with any ingress controller.
 */
import { create } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { JsonObject, Result } from '../krm/types';
import { urlHostPortProblem, urlPathSegmentProblem, urlSchemeProblem } from '../encoders/url';
import { brokerUrl, celeryBroker } from '../tutor/datastores';
import type { Feature } from './feature';
import { settingResult } from './feature';
import { componentDeployment, componentService } from './lib/generated-workloads';
import { MANIFEST_VALUES, manifestValueError } from './lib/manifest-values';
import { plannedIngressObject } from './lib/ingress-objects';
import { FLOWER_INGRESS_NAME, FLOWER_PORT, flowerPlan, ingressesReplaced } from './lib/routes';

/** The Deployment, Service and Ingress of Flower share this name. */
export const FLOWER_NAME = FLOWER_INGRESS_NAME;

export const flower: Feature = {
  name: 'flower',
  isEnabled: (settings) => settings.flower.enabled,
  run(input) {
    const { settings, tutor } = input;
    const config = settings.flower;
    const results: Result[] = [];
    const broker = celeryBroker(tutor);
    if (!config.brokerUrlSecretRef && !broker) {
      results.push(settingResult(input, 'error', ['flower', 'brokerUrlSecretRef'], 'the manifests hold no Celery broker (CELERY_BROKER_* of the LMS env in the openedx-config ConfigMap): give the broker URL through brokerUrlSecretRef'));
    }
    if (config.ingress.enabled) {
      if (!config.ingress.host) results.push(settingResult(input, 'error', ['flower', 'ingress', 'host'], 'the Flower Ingress needs a host'));
      if (!config.ingress.basicAuthSecretRef) {
        results.push(settingResult(input, 'error', ['flower', 'ingress', 'basicAuthSecretRef'], 'the Flower Ingress needs basic auth: name the Secret holding user:password'));
      }
    }
    if (!config.brokerUrlSecretRef && broker) {
      // The URL's parts other than user and password (percent-encoded) go in as they are.
      const parts = [
        [broker.transport, urlSchemeProblem, MANIFEST_VALUES.celeryBrokerTransport],
        [broker.hostname, urlHostPortProblem, MANIFEST_VALUES.celeryBrokerHostname],
        [broker.vhost, urlPathSegmentProblem, MANIFEST_VALUES.celeryBrokerVhost],
      ] as const;
      for (const [value, problemOf, source] of parts) {
        const problem = problemOf(value);
        if (problem) results.push(manifestValueError(tutor, source, problem, "Flower's broker URL (or give it through flower.brokerUrlSecretRef)"));
      }
    }
    if (results.length > 0) return { changes: [], results };

    const brokerEnv: JsonObject = config.brokerUrlSecretRef
      ? { name: 'CELERY_BROKER_URL', valueFrom: { secretKeyRef: { name: config.brokerUrlSecretRef.name, key: config.brokerUrlSecretRef.key } } }
      : { name: 'CELERY_BROKER_URL', value: brokerUrl(broker!) };
    const env: JsonObject[] = [brokerEnv, { name: 'FLOWER_PORT', value: String(FLOWER_PORT) }];
    const auth = config.ingress.enabled ? config.ingress.basicAuthSecretRef : null;
    if (auth) env.push({ name: 'FLOWER_BASIC_AUTH', valueFrom: { secretKeyRef: { name: auth.name, key: auth.key } } });
    const podSpec: JsonObject = {
      containers: [{ name: FLOWER_NAME, image: config.image, ports: [{ containerPort: FLOWER_PORT }], env }],
    };
    const changes: Change[] = [create(componentDeployment(tutor, FLOWER_NAME, podSpec)), create(componentService(tutor, FLOWER_NAME, FLOWER_PORT, 'http'))];
    // With gatewayApi.enabled (and not keepIngresses) Flower's HTTPRoute takes the Ingress's place (features/gateway-api).
    const planned = ingressesReplaced(settings) ? undefined : flowerPlan(settings);
    if (planned) {
      const backend = { service: { name: FLOWER_NAME, port: { number: FLOWER_PORT } } };
      changes.push(create(tutor.decorate(plannedIngressObject(settings, planned, settings.ingress.annotations, () => backend))));
    }
    return { changes, results };
  },
};
