/**
 * Building blocks for the Deployments and Services drydock-fn generates (Flower, debug). Drydock's
 * went through Tutor's kustomization, whose labels (with selectors) and annotations reach the pod
 * template and the selectors; generated objects do not, so these helpers put them there.
 */
import { NAME_LABEL } from '../../krm/annotations';
import type { JsonObject, KubeObject } from '../../krm/types';
import type { TutorContext } from '../../tutor/context';

/** The labels of a component's pods and selectors: Tutor's common labels and `app.kubernetes.io/name`. */
export function componentLabels(tutor: TutorContext, name: string): Record<string, string> {
  return { ...tutor.commonLabels, [NAME_LABEL]: name };
}

/** A single-replica-by-default Deployment whose pods carry the component labels and Tutor's annotations. */
export function componentDeployment(tutor: TutorContext, name: string, podSpec: JsonObject): KubeObject {
  const labels = componentLabels(tutor, name);
  return tutor.decorate({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { [NAME_LABEL]: name } },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, ...(Object.keys(tutor.commonAnnotations).length > 0 ? { annotations: { ...tutor.commonAnnotations } } : {}) },
        spec: podSpec,
      },
    },
  });
}

/** A ClusterIP Service in front of a component's pods. */
export function componentService(tutor: TutorContext, name: string, port: number, portName?: string): KubeObject {
  return tutor.decorate({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: {
      type: 'ClusterIP',
      ports: [{ ...(portName ? { name: portName } : {}), port, protocol: 'TCP', targetPort: port }],
      selector: componentLabels(tutor, name),
    },
  });
}
