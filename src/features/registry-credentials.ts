/**
 * Private registry credentials: the `openedx-image-pull-secret` Secret (or an
 * existing Secret, by name) and `imagePullSecrets` on the pod template of every Deployment, Job and
 * CronJob of the Tutor instance, those generated earlier in the pipeline included; DaemonSets and
 * StatefulSets on request. Workloads of other namespaces or tools are not the instance's and are
 * never seen: the Secret exists only in the instance's namespace.
 *
 * Beyond Drydock: the Secret holds the JSON as given (Drydock wrote the Python form of the parsed
 * value, `{'auths': …}`, which the kubelet cannot read), and the value is checked to be a Docker
 * config (`{"auths": {…}}`) that the kubelet (Go) reads as JSON.parse does (src/encoders/json.ts)
 * before anything is written.
 */
import { dockerConfigJsonProblem } from '../encoders/json';
import { withCode } from '../krm/codes';
import { create, insert } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import { podSpecOf } from '../krm/object';
import type { DrydockSettings } from '../config/settings';
import type { Feature } from './feature';
import { changeable, settingResult } from './feature';

/** The name Drydock gives the generated Secret. */
export const PULL_SECRET_NAME = 'openedx-image-pull-secret';

/** The kinds that get imagePullSecrets with these settings. */
export function pullSecretKinds(settings: DrydockSettings): string[] {
  return ['Deployment', 'Job', 'CronJob', ...(settings.registryCredentials.daemonSets ? ['DaemonSet'] : []), ...(settings.registryCredentials.statefulSets ? ['StatefulSet'] : [])];
}

/** The name of the Secret the pods use. */
export function pullSecretName(settings: DrydockSettings): string {
  return settings.registryCredentials.secretName ?? PULL_SECRET_NAME;
}

export const registryCredentials: Feature = {
  name: 'registry-credentials',
  isEnabled: (settings) => settings.registryCredentials.dockerConfigJson !== '' || settings.registryCredentials.secretName !== null,
  run(input) {
    const { resources, settings, tutor } = input;
    const credentials = settings.registryCredentials;
    const results: Result[] = [];
    if (credentials.dockerConfigJson !== '' && credentials.secretName !== null) {
      results.push(settingResult(input, 'error', ['registryCredentials', 'secretName'], 'give either dockerConfigJson (drydock-fn generates the Secret) or secretName (an existing Secret), not both'));
    }
    const problem = credentials.dockerConfigJson !== '' ? dockerConfigJsonProblem(credentials.dockerConfigJson) : undefined;
    if (problem) results.push(withCode(settingResult(input, 'error', ['registryCredentials', 'dockerConfigJson'], problem), 'CONFIG_INVALID_VALUE'));
    if (results.length > 0) return { changes: [], results };

    const changes: Change[] = [];
    if (credentials.dockerConfigJson !== '') {
      changes.push(
        create(
          tutor.decorate({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: PULL_SECRET_NAME },
            type: 'kubernetes.io/dockerconfigjson',
            stringData: { '.dockerconfigjson': credentials.dockerConfigJson.trim() },
          }),
        ),
      );
    }
    const name = pullSecretName(settings);
    const kinds = pullSecretKinds(settings);
    for (const view of changeable(resources)) {
      if (!kinds.includes(view.object.kind)) continue;
      const podSpec = podSpecOf(view.object);
      if (!podSpec) continue;
      const current = podSpec.spec.imagePullSecrets;
      if (Array.isArray(current) && current.some((entry) => isPlainObject(entry) && entry.name === name)) continue;
      changes.push(insert(view.handle, [...podSpec.path, 'imagePullSecrets'], 'end', { name }));
    }
    return { changes, results };
  },
};
