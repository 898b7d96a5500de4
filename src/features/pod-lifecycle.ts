/**
 * Pod lifecycle of the web Deployments (Drydock 22 values): a startup probe and a
 * liveness probe on /heartbeat with the Host header the app accepts, a preStop sleep so the endpoints
 * drop the pod before it stops, a grace period, and preferred anti-affinity spreading the pods over
 * nodes. Drydock patches lms and cms; other Deployments can be listed in the config.
 *
 * Fields are set as Drydock's strategic-merge patch leaves them, with whole probe objects set (a
 * merge into an existing probe could leave two handlers). The container is found by the
 * Deployment's name, not by position. The anti-affinity term selects the Deployment's own pod
 * labels (its selector), which is what Drydock's term becomes once Tutor's labels are added.
 */
import type { JsonObject } from '../krm/types';
import { isPlainObject } from '../krm/types';
import { NAME_LABEL } from '../krm/annotations';
import { set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { Result } from '../krm/types';
import { DEFAULT_SETTINGS } from '../config/settings';
import { containerAt, containerIndex, CONTAINERS, containersOf, POD_SPEC } from './lib/containers';
import type { Feature } from './feature';
import { findResource, missingResource, resultFor } from './feature';

const HEARTBEAT = '/heartbeat';
const DEFAULT_PORT = 8000;

/** An HTTP GET of /heartbeat on `port`, with `Host: <host>`. */
function heartbeat(host: string, port: number): JsonObject {
  return { httpHeaders: [{ name: 'Host', value: host }], path: HEARTBEAT, port };
}

export function startupProbe(host: string, port: number): JsonObject {
  return { httpGet: heartbeat(host, port), initialDelaySeconds: 1, timeoutSeconds: 3, periodSeconds: 1, failureThreshold: 30 };
}

export function livenessProbe(host: string, port: number): JsonObject {
  return { httpGet: heartbeat(host, port), initialDelaySeconds: 3, timeoutSeconds: 30, periodSeconds: 60, failureThreshold: 2, successThreshold: 1 };
}

/** The first containerPort of the container, else 8000 (uWSGI's port in Tutor). */
function portOf(container: Readonly<Record<string, unknown>>): number {
  const ports = Array.isArray(container.ports) ? container.ports : [];
  const first = ports.find((port) => isPlainObject(port) && typeof port.containerPort === 'number') as { containerPort: number } | undefined;
  return first?.containerPort ?? DEFAULT_PORT;
}

export const podLifecycle: Feature = {
  name: 'pod-lifecycle',
  isEnabled: (settings) => settings.podLifecycle.enabled,
  run(input) {
    const { resources, settings } = input;
    const lifecycle = settings.podLifecycle;
    const changes: Change[] = [];
    const results: Result[] = [];
    for (const name of lifecycle.deployments) {
      const view = findResource(resources, 'Deployment', name);
      if (!view) {
        // Drydock's own pair is simply skipped when absent (partial manifests); a name the user listed is worth a word.
        if (!DEFAULT_SETTINGS.podLifecycle.deployments.includes(name)) {
          results.push(missingResource(input, ['podLifecycle', 'deployments', lifecycle.deployments.indexOf(name)], `Deployment ${name} not found; no pod lifecycle added to it`));
        }
        continue;
      }
      const index = containerIndex(view, name);
      if (index === undefined) {
        // Probes cannot go anywhere sensible; the rest of the run is unaffected. (No containers at all: a stub, nothing to say.)
        if (containersOf(view).length > 0) results.push(resultFor(view, 'warning', `pod lifecycle: no container named ${name} (the probes go on the container named as the Deployment); not changed`, 'spec.template.spec.containers'));
        continue;
      }
      const port = portOf(containerAt(view, index));
      const container = [...CONTAINERS, index];
      changes.push(
        set(view.handle, [...container, 'lifecycle', 'preStop'], { exec: { command: ['sleep', String(lifecycle.preStopSleepSeconds)] } }),
        set(view.handle, [...container, 'startupProbe'], startupProbe(name, port)),
        set(view.handle, [...container, 'livenessProbe'], livenessProbe(name, port)),
        set(view.handle, [...POD_SPEC, 'terminationGracePeriodSeconds'], lifecycle.terminationGracePeriodSeconds),
      );
      if (lifecycle.antiAffinity) {
        const selector = (view.object.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
        const matchLabels = selector && Object.keys(selector).length > 0 ? { ...selector } : { [NAME_LABEL]: name };
        changes.push(
          set(view.handle, [...POD_SPEC, 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'], [
            { weight: 100, podAffinityTerm: { labelSelector: { matchLabels }, topologyKey: 'kubernetes.io/hostname' } },
          ]),
        );
      }
    }
    return { changes, results };
  },
};
