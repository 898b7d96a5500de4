/**
 * New Relic APM: the newrelic-cm ConfigMap with newrelic.ini, and the LMS (plus the
 * Deployments the config lists) started under `newrelic-admin run-program`, with NEW_RELIC_CONFIG_FILE
 * pointing at the mounted ini. The agent must be in the image, as with Drydock.
 *
 * The ConfigMap is named as kustomize would name Drydock's generated one: in an overlay, where
 * Tutor's ConfigMaps still await kustomize's hash, it carries the same request
 * (needsHashSuffix) and kustomize hashes it and rewrites the volume; on built manifests it gets the
 * suffix of its content here; without suffixes (plain manifests) it is `newrelic-cm`.
 *
 * With `licenseKeySecretRef` the ini holds no key: the container gets NEW_RELIC_LICENSE_KEY from the
 * Secret, which the agent reads from its environment.
 *
 * The container is found by name (Drydock patched container 0). Its command is wrapped: with no
 * command and no args (Tutor's web containers) it runs uWSGI with the ini Tutor mounts (Drydock:
 * `uwsgi /openedx/uwsgi.ini`, `uwsgi uwsgi.ini` before Tutor 18); an existing command becomes the
 * program newrelic-admin runs; args alone (the workers' celery line) are kept.
 */
import { NEW_RELIC_SECTION, newRelicIniLine, newRelicIniValueProblem } from '../encoders/newrelic-ini';
import { NAME_LABEL, NEEDS_HASH_ANNOTATION } from '../krm/annotations';
import { create, set } from '../krm/changes';
import type { Change } from '../krm/changes';
import { podSpecOf } from '../krm/object';
import type { ResourceView } from '../krm/resource-set';
import type { DeepReadonly, JsonObject, JsonValue, KubeObject, Result } from '../krm/types';
import { isPlainObject } from '../krm/types';
import type { TutorContext } from '../tutor/context';
import { hashOfConfigMap, namingOfGeneratedConfigMaps } from '../tutor/kustomize-hash';
import { containerAt, containerIndex, CONTAINERS, indexByName, POD_SPEC } from './lib/containers';
import type { Feature } from './feature';
import { findResource, missingResource, resultFor, settingResult } from './feature';

export const NEW_RELIC_CONFIGMAP = 'newrelic-cm';
export const NEW_RELIC_VOLUME = 'newrelic-ini';
export const NEW_RELIC_MOUNT_PATH = '/openedx/newrelic/';
export const NEW_RELIC_CONFIG_FILE = '/openedx/newrelic/newrelic.ini';
const WRAPPER = ['newrelic-admin', 'run-program'];

/**
 * newrelic.ini: the key (unless it comes from a Secret), the app name, then the extra lines. The
 * values and lines are checked by the settings codecs (src/encoders/newrelic-ini.ts).
 */
export function newRelicIni(licenseKey: string | undefined, appName: string, extraConfig: string): string {
  const lines = [`[${NEW_RELIC_SECTION}]`, ...(licenseKey !== undefined ? [newRelicIniLine('license_key', licenseKey)] : []), newRelicIniLine('app_name', appName)];
  // As Drydock's newrelic-conf patch slot: the extra text follows, its last newline dropped.
  return `${lines.join('\n')}\n${extraConfig.endsWith('\n') ? extraConfig.slice(0, -1) : extraConfig}`;
}

/** The uwsgi.ini the container's mounts provide, as Drydock names it (relative in edx-platform). */
function uwsgiIniPath(view: ResourceView, container: Readonly<Record<string, unknown>>, tutor: TutorContext): string {
  const volumes = podSpecOf(view.object)?.spec.volumes;
  const uwsgiVolumes = new Set(
    (Array.isArray(volumes) ? volumes : [])
      .filter(isPlainObject)
      .filter((volume) => isPlainObject(volume.configMap) && typeof volume.configMap.name === 'string' && /^openedx-uwsgi-config(-[0-9a-z]{10})?$/.test(volume.configMap.name))
      .map((volume) => volume.name),
  );
  const mount = (Array.isArray(container.volumeMounts) ? container.volumeMounts : []).find(
    (candidate) => isPlainObject(candidate) && uwsgiVolumes.has(candidate.name) && typeof candidate.mountPath === 'string',
  ) as { mountPath: string } | undefined;
  if (mount) return mount.mountPath === '/openedx/edx-platform/uwsgi.ini' ? 'uwsgi.ini' : mount.mountPath;
  return (tutor.version?.major ?? 22) >= 18 ? '/openedx/uwsgi.ini' : 'uwsgi.ini';
}

/** command and args that run the container's program under newrelic-admin. */
function wrapped(container: Readonly<Record<string, unknown>>, iniPath: string): { command: string[]; args: string[] } | undefined {
  const command = Array.isArray(container.command) ? (container.command as string[]) : undefined;
  const args = Array.isArray(container.args) ? (container.args as string[]) : undefined;
  if (command && command.length >= WRAPPER.length && WRAPPER.every((word, i) => command[i] === word)) {
    // Already wrapped (an earlier run): keep the program as it is.
    return command.length === WRAPPER.length ? undefined : { command: WRAPPER, args: [...command.slice(WRAPPER.length), ...(args ?? [])] };
  }
  if (command && command.length > 0) return { command: WRAPPER, args: [...command, ...(args ?? [])] };
  if (args && args.length > 0) return { command: WRAPPER, args: [...args] };
  return { command: WRAPPER, args: ['uwsgi', iniPath] };
}

/**
 * `list` with each entry (found by name) replaced in place, or inserted at its position (Drydock's
 * patch inserted at the head of env, volumeMounts and volumes).
 */
function withNamedEntries(list: unknown, entries: readonly { value: JsonObject; at: number }[]): JsonValue[] {
  const out = Array.isArray(list) ? [...(list as JsonValue[])] : [];
  for (const { value, at } of entries) {
    const index = indexByName(out, value.name as string);
    if (index >= 0) out[index] = value;
    else out.splice(Math.min(at, out.length), 0, value);
  }
  return out;
}

export const newRelic: Feature = {
  name: 'new-relic',
  isEnabled: (settings) => settings.newRelic.licenseKey !== '' || settings.newRelic.licenseKeySecretRef !== null,
  run(input) {
    const { resources, settings, tutor } = input;
    const config = settings.newRelic;
    if (config.licenseKey !== '' && config.licenseKeySecretRef) {
      return {
        changes: [],
        results: [settingResult(input, 'error', ['newRelic', 'licenseKeySecretRef'], 'give the New Relic license key either as licenseKey or as licenseKeySecretRef, not both')],
      };
    }
    const results: Result[] = [];
    const targets: { view: ResourceView; index: number; name: string }[] = [];
    for (const name of config.deployments) {
      const view = findResource(resources, 'Deployment', name);
      if (!view) {
        results.push(missingResource(input, ['newRelic', 'deployments', config.deployments.indexOf(name)], `Deployment ${name} not found; New Relic is not added to it`));
        continue;
      }
      const index = containerIndex(view, name);
      if (index === undefined) {
        results.push(resultFor(view, 'error', `new relic: no container named ${name} to run under newrelic-admin`, 'spec.template.spec.containers'));
        continue;
      }
      targets.push({ view, index, name });
    }
    if (results.some((result) => result.severity === 'error')) return { changes: [], results };

    const appName = config.appName ?? tutor.namespace ?? 'openedx';
    if (config.appName === null && newRelicIniValueProblem(appName)) {
      // The namespace comes from the manifests; the setting is where the user can fix it.
      results.push(settingResult(input, 'error', ['newRelic', 'appName'], 'the namespace of the Tutor resources, the default app name, cannot be a line of newrelic.ini: set newRelic.appName'));
      return { changes: [], results };
    }
    const ini = newRelicIni(config.licenseKeySecretRef ? undefined : config.licenseKey, appName, config.extraConfig);
    const configMap = tutor.decorate({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: NEW_RELIC_CONFIGMAP, labels: { [NAME_LABEL]: 'openedx' } },
      data: { 'newrelic.ini': ini },
    });
    // Judged on the input: an edit earlier in this run (the Caddyfile) makes a name no longer match its content.
    const naming = namingOfGeneratedConfigMaps(resources.filter((view) => !view.generated).map((view) => view.original() ?? view.object));
    if (naming === 'kustomize-pending') configMap.metadata.annotations = { ...configMap.metadata.annotations, [NEEDS_HASH_ANNOTATION]: 'enabled' };
    if (naming === 'hashed') configMap.metadata.name = `${NEW_RELIC_CONFIGMAP}-${hashOfConfigMap(configMap as DeepReadonly<KubeObject>)}`;
    const changes: Change[] = [create(configMap)];

    for (const { view, index } of targets) {
      const container = containerAt(view, index);
      const path = [...CONTAINERS, index];
      const run = wrapped(container, uwsgiIniPath(view, container, tutor));
      if (run) changes.push(set(view.handle, [...path, 'command'], run.command), set(view.handle, [...path, 'args'], run.args));
      const ref = config.licenseKeySecretRef;
      const env: { value: JsonObject; at: number }[] = [
        { value: { name: 'NEW_RELIC_CONFIG_FILE', value: NEW_RELIC_CONFIG_FILE }, at: 0 },
        ...(ref ? [{ value: { name: 'NEW_RELIC_LICENSE_KEY', valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } }, at: 1 }] : []),
      ];
      changes.push(
        set(view.handle, [...path, 'env'], withNamedEntries(container.env, env)),
        set(view.handle, [...path, 'volumeMounts'], withNamedEntries(container.volumeMounts, [{ value: { mountPath: NEW_RELIC_MOUNT_PATH, name: NEW_RELIC_VOLUME }, at: 0 }])),
        set(view.handle, [...POD_SPEC, 'volumes'], withNamedEntries(podSpecOf(view.object)?.spec.volumes, [{ value: { configMap: { name: configMap.metadata.name }, name: NEW_RELIC_VOLUME }, at: 0 }])),
      );
    }
    return { changes, results };
  },
};
