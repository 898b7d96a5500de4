/**
 * Tutor's job templates. Tutor renders `lms-job`, `cms-job`, `mysql-job` and plugin
 * `*-job` Jobs only as templates for `tutor k8s do`; Argo CD must never run them. They are marked as
 * Skip hooks and given a short TTL, and stay in the manifests so `tutor k8s do …` keeps working.
 */
import { ARGO_HOOK, ARGO_HOOK_DELETE_POLICY, COMPONENT_LABEL } from '../krm/annotations';
import { set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { Feature } from './feature';
import { changeable } from './feature';
import { TUTOR_JOB_COMPONENT } from './lib/generated-jobs';

export const tutorJobs: Feature = {
  name: 'tutor-jobs',
  isEnabled: (settings) => settings.tutorJobs.skip,
  run({ resources, settings }) {
    const changes: Change[] = [];
    for (const view of changeable(resources)) {
      const object = view.object;
      if (object.kind !== 'Job' || !object.apiVersion.startsWith('batch/')) continue;
      if (object.metadata.labels?.[COMPONENT_LABEL] !== TUTOR_JOB_COMPONENT) continue;
      changes.push(
        set(view.handle, ['metadata', 'annotations', ARGO_HOOK], 'Skip'),
        set(view.handle, ['metadata', 'annotations', ARGO_HOOK_DELETE_POLICY], 'HookFailed'),
        set(view.handle, ['spec', 'ttlSecondsAfterFinished'], settings.tutorJobs.ttlSecondsAfterFinished),
      );
    }
    return { changes, results: [] };
  },
};
