import { tutorJobs } from '../../src/features/tutor-jobs';
import { runFeature, settingsOf } from '../support/views';

const job = (name: string, component?: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, labels: component ? { 'app.kubernetes.io/component': component } : {} },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'x' }] } } },
});

describe('Tutor job templates', () => {
  test('Tutor\'s templates become Skip hooks with a short TTL; the rest of the spec stays (unlike Drydock 15.0)', () => {
    const { objects } = runFeature(tutorJobs, [job('lms-job', 'job')]);
    expect(objects[0].metadata.annotations).toEqual({ 'argocd.argoproj.io/hook': 'Skip', 'argocd.argoproj.io/hook-delete-policy': 'HookFailed' });
    expect(objects[0].spec).toEqual({ ...job('lms-job').spec, ttlSecondsAfterFinished: 100 });
  });

  test('other Jobs and other kinds are left alone', () => {
    // A Job of another API group with Tutor's label is not Kubernetes' Job.
    const { changes } = runFeature(tutorJobs, [job('drydock-lms-job-0', 'drydock-job'), job('backup'), { ...job('x', 'job'), kind: 'CronJob' }, { ...job('y', 'job'), apiVersion: 'example.com/v1' }]);
    expect(changes).toEqual([]);
  });

  test('the TTL is configurable and the feature can be switched off', () => {
    const spec = runFeature(tutorJobs, [job('mysql-job', 'job')], { tutorJobs: { ttlSecondsAfterFinished: 30 } }).objects[0].spec as { ttlSecondsAfterFinished?: number };
    expect(spec.ttlSecondsAfterFinished).toBe(30);
    expect(tutorJobs.isEnabled(settingsOf({ tutorJobs: { skip: false } }))).toBe(false);
  });

  test('running on its own output changes nothing', () => {
    const first = runFeature(tutorJobs, [job('cms-job', 'job')]);
    expect(runFeature(tutorJobs, first.objects).objects).toEqual(first.objects);
  });
});
