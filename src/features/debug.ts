/**
 * Debug resources (Drydock ≤ 21.0): `lms-debug` and `cms-debug` Deployments running
 * Django's `runserver` with the LMS and CMS settings, their Services, and `ingress-debug`, a canary
 * Ingress that sends requests carrying the debug cookie to them.
 *
 * The canary Ingress relies on ingress-nginx's canary annotations: other controllers ignore them and
 * would route every request to the debug pods. It is generated only when `ingress.className` names an
 * nginx class (`debug.canaryIngress: auto`), or when asked for (`always`). Beyond Drydock, it uses the
 * configured class (`spec.ingressClassName`, not the deprecated annotation hard-coded to nginx) and
 * the custom certificate when there is one.
 */
import { create } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { DeepReadonly, JsonObject, KubeObject, Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import type { Feature } from './feature';
import { findResource, settingResult } from './feature';
import { componentDeployment, componentService } from './lib/generated-workloads';
import { plannedIngressObject } from './lib/ingress-objects';
import { DEBUG_INGRESS_NAME, DEBUG_PORT, canaryIngressWanted, canaryPlan, ingressesReplaced } from './lib/routes';

/** The volumes of the lms Deployment the debug pods mount: the Django settings and the env files. */
const SETTINGS_VOLUMES = ['settings-lms', 'settings-cms', 'config'];

/** The settings volumes of the lms Deployment and where its first container mounts them. */
function settingsVolumes(lms: DeepReadonly<KubeObject>): { volumes: JsonObject[]; mounts: JsonObject[] } {
  const podSpec = (lms.spec as { template?: { spec?: Record<string, unknown> } } | undefined)?.template?.spec ?? {};
  const volumes = Array.isArray(podSpec.volumes) ? (podSpec.volumes as JsonObject[]) : [];
  const containers = Array.isArray(podSpec.containers) ? (podSpec.containers as JsonObject[]) : [];
  const mountsOf = Array.isArray(containers[0]?.volumeMounts) ? (containers[0].volumeMounts as JsonObject[]) : [];
  const out = { volumes: [] as JsonObject[], mounts: [] as JsonObject[] };
  for (const name of SETTINGS_VOLUMES) {
    const volume = volumes.find((candidate) => isPlainObject(candidate) && candidate.name === name);
    const mount = mountsOf.find((candidate) => isPlainObject(candidate) && candidate.name === name);
    if (!volume || !mount) continue;
    out.volumes.push(structuredClone(volume));
    out.mounts.push({ mountPath: mount.mountPath, name });
  }
  return out;
}

function debugPodSpec(service: 'lms' | 'cms', image: string, volumes: { volumes: JsonObject[]; mounts: JsonObject[] }): JsonObject {
  const name = `${service}-debug`;
  return {
    securityContext: { runAsUser: 0, runAsGroup: 0 },
    containers: [
      {
        name,
        image,
        command: ['/bin/bash', '-c'],
        args: [`./manage.py ${service} runserver 0.0.0.0:${DEBUG_PORT}`],
        // The LMS image defaults to the LMS settings; the CMS needs its own (as in Drydock).
        ...(service === 'cms' ? { env: [{ name: 'SERVICE_VARIANT', value: 'cms' }, { name: 'DJANGO_SETTINGS_MODULE', value: 'cms.envs.tutor.production' }] } : {}),
        ports: [{ containerPort: DEBUG_PORT }],
        securityContext: { allowPrivilegeEscalation: false },
        stdin: true,
        tty: true,
        volumeMounts: volumes.mounts,
      },
    ],
    volumes: volumes.volumes,
  };
}

export const debug: Feature = {
  name: 'debug',
  isEnabled: (settings) => settings.debug.enabled,
  run(input) {
    const { resources, settings, tutor } = input;
    const results: Result[] = [];
    const lms = findResource(resources, 'Deployment', 'lms');
    const image = tutor.images.openedx;
    if (!lms || !image) {
      return {
        changes: [],
        results: [settingResult(input, 'error', ['debug', 'enabled'], 'the debug pods copy the lms Deployment (image and settings volumes), which is not in the manifests')],
      };
    }
    const volumes = settingsVolumes(lms.object);
    if (volumes.volumes.length < SETTINGS_VOLUMES.length) {
      results.push(settingResult(input, 'warning', ['debug', 'enabled'], `the lms Deployment does not mount all of ${SETTINGS_VOLUMES.join(', ')}: the debug pods mount only ${volumes.volumes.map((volume) => volume.name).join(', ') || 'none'}`));
    }
    const changes: Change[] = [];
    for (const service of ['lms', 'cms'] as const) {
      changes.push(create(componentDeployment(tutor, `${service}-debug`, debugPodSpec(service, image, volumes))));
    }
    for (const service of ['lms', 'cms'] as const) changes.push(create(componentService(tutor, `${service}-debug`, DEBUG_PORT)));

    const planned = canaryPlan(settings, tutor);
    if (ingressesReplaced(settings)) {
      // HTTPRoutes replace the Ingresses: the debug routes are gatewayApi.debugRoute's (features/gateway-api).
      if (!settings.gatewayApi.debugRoute) results.push(settingResult(input, 'info', ['gatewayApi', 'debugRoute'], `no ${DEBUG_INGRESS_NAME} canary Ingress with gatewayApi.enabled: set gatewayApi.debugRoute for cookie-routed HTTPRoutes to the debug pods, or reach them with kubectl port-forward`));
    } else if (!canaryIngressWanted(settings)) {
      results.push(
        settingResult(input, 'info', ['debug', 'canaryIngress'], `${DEBUG_INGRESS_NAME} is not generated: the cookie-routed canary Ingress needs ingress-nginx (ingress.className ${settings.ingress.className}); reach the debug pods with kubectl port-forward`),
      );
    } else if (planned) {
      // The canary's rules are the LMS host's and the CMS host's, in that order (see ./lib/routes).
      const backends = ['lms-debug', 'cms-debug'].map((name) => ({ service: { name, port: { number: DEBUG_PORT } } }));
      const annotations = { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-by-cookie': settings.debug.cookie };
      changes.push(create(tutor.decorate(plannedIngressObject(settings, planned, annotations, (index) => backends[index]))));
    } else {
      const missing = [tutor.hosts.lms ? undefined : 'LMS', tutor.hosts.cms ? undefined : 'CMS'].filter(Boolean).join(' and ');
      results.push(settingResult(input, 'info', ['debug', 'canaryIngress'], `${DEBUG_INGRESS_NAME} is not generated: the manifests give no valid ${missing} host to route (set tutor.lmsHost and tutor.cmsHost)`));
    }
    return { changes, results };
  },
};
