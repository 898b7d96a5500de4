/**
 * Documentation of the settings beyond their own descriptions (settings.ts, with their examples and
 * Tutor releases): the releases a setting names none for, and the settings that become required once
 * another is set. The settings reference (docs.ts) reads it; tests check that each requirement is
 * enforced by an error naming the setting.
 */
import type { JsonValue } from '../krm/types';
import type { AnySetting } from './dsl';

/** Releases a setting applies to unless said otherwise: every release drydock-fn supports. */
export const ALL_RELEASES = '15–22';

/** A setting that must be given once another one is: what the settings reference lists as required. */
export interface Requirement {
  /** The required setting. */
  readonly path: string;
  /** When, in words. */
  readonly when: string;
  /** A spec where the condition holds and the setting is missing (tests: an error names the setting). */
  readonly spec: JsonValue;
}

export const REQUIREMENTS: readonly Requirement[] = [
  {
    path: 'flower.ingress.host',
    when: 'flower.ingress.enabled is true',
    spec: { flower: { enabled: true, ingress: { enabled: true, basicAuthSecretRef: { name: 'flower-users' } } } },
  },
  {
    path: 'flower.ingress.basicAuthSecretRef',
    when: 'flower.ingress.enabled is true',
    spec: { flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.com' } } },
  },
  {
    path: 'backups.storage.bucket',
    when: 'backups.enabled is true with the aws-s3 storage',
    spec: { backups: { enabled: true, storage: { credentialsSecretName: 'backup-s3-credentials' } } },
  },
  {
    path: 'backups.storage.azureContainerName',
    when: 'backups.enabled is true with the azure-blob storage',
    spec: { backups: { enabled: true, storage: { service: 'azure-blob', azureAccountName: 'examplebackups', credentialsSecretName: 'backup-azure' } } },
  },
  {
    path: 'backups.storage.azureAccountName',
    when: 'backups.enabled is true with the azure-blob storage',
    spec: { backups: { enabled: true, storage: { service: 'azure-blob', azureContainerName: 'openedx-backups', credentialsSecretName: 'backup-azure' } } },
  },
  {
    path: 'initJobs.mongodbRootUsername',
    when: 'initJobs.mongodbRootPasswordSecretRef is given (the user the password belongs to)',
    spec: { initJobs: { enabled: true, tasks: [{ service: 'lms', command: './manage.py lms migrate' }], mongodbRootPasswordSecretRef: { name: 'mongodb-admin' } } },
  },
  {
    path: 'ingress.tls.customCerts.key',
    when: 'ingress.tls.customCerts.crt is given (the certificate and its key go together)',
    spec: { ingress: { tls: { customCerts: { crt: 'Y2VydA==' } } } },
  },
];

/** Tutor releases a setting applies to. */
export function releasesOf(setting: AnySetting): string {
  return setting.doc.tutor ?? ALL_RELEASES;
}
