/**
 * Values drydock-fn reads from Tutor's manifests and writes into a text sink (a Job's script, a URL): hostile
 * manifests are input like any other, so a value the sink cannot carry is an error naming the item
 * and the field it was read from, never the value.
 */
import { refOf } from '../../krm/object';
import type { Result } from '../../krm/types';
import type { TutorContext } from '../../tutor/context';
import { hasBaseName } from '../../tutor/context';

/** Where a value of the manifests is read from, and what it is, for the message. */
export interface ManifestValueSource {
  readonly kind: 'ConfigMap' | 'Deployment';
  readonly baseName: string;
  readonly field: string;
  readonly what: string;
}

const PRODUCTION_PY = 'data["production.py"]';
const LMS_ENV = 'data["lms.env.yml"]';

/** The values of Tutor's manifests that the Job scripts use. */
export const MANIFEST_VALUES = {
  mongodbHost: { kind: 'ConfigMap', baseName: 'openedx-settings-lms', field: PRODUCTION_PY, what: 'the MongoDB host of mongodb_parameters' },
  mongodbReplicaSet: { kind: 'ConfigMap', baseName: 'openedx-settings-lms', field: PRODUCTION_PY, what: 'the replicaSet of mongodb_parameters' },
  mysqlHost: { kind: 'ConfigMap', baseName: 'openedx-config', field: LMS_ENV, what: 'DATABASES.default.HOST of lms.env.yml' },
  awsAccessKeyId: { kind: 'ConfigMap', baseName: 'openedx-config', field: LMS_ENV, what: 'AWS_ACCESS_KEY_ID of lms.env.yml' },
  awsSecretAccessKey: { kind: 'ConfigMap', baseName: 'openedx-config', field: LMS_ENV, what: 'AWS_SECRET_ACCESS_KEY of lms.env.yml' },
  celeryBrokerTransport: { kind: 'ConfigMap', baseName: 'openedx-config', field: LMS_ENV, what: 'CELERY_BROKER_TRANSPORT of lms.env.yml' },
  celeryBrokerHostname: { kind: 'ConfigMap', baseName: 'openedx-config', field: LMS_ENV, what: 'CELERY_BROKER_HOSTNAME of lms.env.yml' },
  celeryBrokerVhost: { kind: 'ConfigMap', baseName: 'openedx-config', field: LMS_ENV, what: 'CELERY_BROKER_VHOST of lms.env.yml' },
  mysqlRootPassword: { kind: 'Deployment', baseName: 'mysql', field: 'spec.template.spec.containers[0].env', what: 'MYSQL_ROOT_PASSWORD of the mysql Deployment' },
} as const satisfies Readonly<Record<string, ManifestValueSource>>;

/** The error for a value of the manifests that `problem` keeps out of a text (an init Job's script by default). */
export function manifestValueError(tutor: TutorContext, source: ManifestValueSource, problem: string, into = "an init Job's script"): Result {
  const object = tutor.tutorResources.find((candidate) => candidate.kind === source.kind && hasBaseName(candidate.metadata.name, source.baseName));
  return {
    severity: 'error',
    message: `${source.what} ${problem}, so it cannot be written into ${into}: fix it in Tutor's settings`,
    tags: { code: 'RESOURCE_INVALID' },
    ...(object ? { resourceRef: refOf(object) } : {}),
    field: { path: source.field },
  };
}
