/** Init tasks as TutorInitTasks resources (from the fixtures or written here), and a small Tutor deployment to run them on. */
import * as YAML from 'yaml';
import { readFixture } from './fixtures';

export interface FixtureTask {
  readonly service: string;
  readonly priority: number;
  readonly filter: string;
  readonly command_rendered: string;
  readonly command_template: string;
  /** Tutor hook contexts of the task: `app:<plugin>` for a plugin's task. */
  readonly hook_contexts: readonly string[];
}

export interface FixtureInitTasks {
  readonly tutor_version: string;
  readonly enabled_plugins: readonly string[];
  readonly tasks: readonly FixtureTask[];
}

/** A case's init-tasks.json. */
export function fixtureInitTasks(relative: string): FixtureInitTasks {
  return JSON.parse(readFixture(relative, 'init-tasks.json')) as FixtureInitTasks;
}

/**
 * YAML text of an object, with literal block scalars: kustomize 4.5.4 misreads some of the folded
 * scalars the yaml package writes by default for long strings.
 */
export function literalYaml(object: object): string {
  return YAML.stringify(object, { blockQuote: 'literal', lineWidth: 0 });
}

/** The TutorInitTasks resource the Tutor plugin writes for these tasks. */
export function initTasksResource(fixture: FixtureInitTasks, name = 'tutor-init-tasks'): Record<string, unknown> {
  return {
    apiVersion: 'drydock.io/v1alpha1',
    kind: 'TutorInitTasks',
    metadata: { name, annotations: { 'config.kubernetes.io/local-config': 'true' } },
    spec: {
      tutorVersion: fixture.tutor_version,
      tasks: fixture.tasks.map((task) => ({ service: task.service, priority: task.priority, filter: task.filter, command: task.command_rendered })),
    },
  };
}

const COMMON_LABELS = { 'app.kubernetes.io/instance': 'openedx-test', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' };

export interface SmallTutorOptions {
  readonly version?: string;
  /** Deployments to add besides lms and cms (mongodb, mfe, forum …). */
  readonly deployments?: readonly string[];
  /** The mongodb_parameters body of the LMS production settings; undefined leaves the ConfigMap out. */
  readonly mongodbParameters?: string;
  /** More lines for the LMS production settings. */
  readonly lmsSettings?: string;
  /** Extra manifests (YAML documents). */
  readonly extra?: readonly object[];
  /** Job templates to leave out. */
  readonly withoutTemplates?: readonly string[];
  /** Job templates whose container has `command: []` (it then takes the whole command line). */
  readonly emptyCommand?: readonly string[];
}

/** Tutor's default `mongodb_parameters` body. */
export const DEFAULT_MONGODB_PARAMETERS = `    "db": "openedx",\n    "host": "mongodb",\n    "port": 27017,\n    "user": None,\n    "password": None,\n    # Connection/Authentication\n    "connect": False,\n    "ssl": False,\n    "authsource": "admin",\n    "replicaSet": None,\n`;

/** A small Tutor deployment as kustomize builds it: labels, version annotation, namespace, job templates. */
export function smallTutor(options: SmallTutorOptions = {}): string {
  const version = options.version ?? '22.0.0';
  const meta = (name: string, extraLabels: Record<string, string> = {}) => ({
    name,
    namespace: 'openedx',
    labels: { ...COMMON_LABELS, ...extraLabels },
    annotations: { 'app.kubernetes.io/version': version },
  });
  const podMeta = { labels: { ...COMMON_LABELS }, annotations: { 'app.kubernetes.io/version': version } };
  const images: Record<string, string> = { lms: `docker.io/overhangio/openedx:${version}`, cms: `docker.io/overhangio/openedx:${version}`, mongodb: 'docker.io/mongo:7.0.35', mysql: 'docker.io/mysql:8.4.9' };
  const deployment = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, { 'app.kubernetes.io/name': name }),
    spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, template: { metadata: podMeta, spec: { containers: [{ name, image: images[name] ?? `docker.io/example/${name}:1`, ...(name === 'lms' || name === 'cms' ? { ports: [{ containerPort: 8000, name: 'http' }] } : {}) }] } } },
  });
  const openedxJob = (service: 'lms' | 'cms') => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(`${service}-job`, { 'app.kubernetes.io/component': 'job' }),
    spec: {
      template: {
        metadata: podMeta,
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: service,
              image: images[service],
              ...((options.emptyCommand ?? []).includes(`${service}-job`) ? { command: [] } : {}),
              env: [
                { name: 'SERVICE_VARIANT', value: service },
                { name: 'DJANGO_SETTINGS_MODULE', value: `${service}.envs.tutor.production` },
              ],
              volumeMounts: [
                { mountPath: '/openedx/edx-platform/lms/envs/tutor/', name: 'settings-lms' },
                { mountPath: '/openedx/edx-platform/cms/envs/tutor/', name: 'settings-cms' },
                { mountPath: '/openedx/config', name: 'config' },
              ],
            },
          ],
          volumes: [
            { name: 'settings-lms', configMap: { name: 'openedx-settings-lms-h8m48854b9' } },
            { name: 'settings-cms', configMap: { name: 'openedx-settings-cms-26bcmd65mf' } },
            { name: 'config', configMap: { name: 'openedx-config-gcgd45b55m' } },
          ],
        },
      },
    },
  });
  const mysqlJob = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('mysql-job', { 'app.kubernetes.io/component': 'job' }),
    spec: { template: { metadata: podMeta, spec: { restartPolicy: 'Never', containers: [{ name: 'mysql', image: images.mysql }] } } },
  };
  const documents: object[] = [deployment('lms'), deployment('cms'), ...(options.deployments ?? []).map(deployment)];
  if (options.mongodbParameters !== undefined) {
    documents.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('openedx-settings-lms-h8m48854b9', { 'app.kubernetes.io/name': 'openedx' }),
      data: { 'production.py': `import os\n\nmongodb_parameters = {\n${options.mongodbParameters}}\nDOC_STORE_CONFIG = mongodb_parameters\n${options.lmsSettings ?? ''}` },
    });
  }
  const templates = [openedxJob('lms'), openedxJob('cms'), mysqlJob].filter((job) => !(options.withoutTemplates ?? []).includes(job.metadata.name));
  documents.push(...templates, ...(options.extra ?? []));
  return documents.map(literalYaml).join('---\n');
}

/** A TutorInitTasks resource holding these tasks. */
export function tasksResource(tasks: readonly object[], extra: { name?: string; tutorVersion?: string; annotations?: Record<string, string> } = {}): object {
  return {
    apiVersion: 'drydock.io/v1alpha1',
    kind: 'TutorInitTasks',
    metadata: { name: extra.name ?? 'tutor-init-tasks', annotations: extra.annotations ?? { 'config.kubernetes.io/local-config': 'true' } },
    spec: { ...(extra.tutorVersion ? { tutorVersion: extra.tutorVersion } : {}), tasks },
  };
}

/** Tutor 22's core tasks, shortened. */
export const CORE_TASKS = [
  { service: 'lms', priority: 5, filter: 'CLI_DO_INIT_TASKS', command: 'echo mounted directories' },
  { service: 'mysql', priority: 10, filter: 'CLI_DO_INIT_TASKS', command: 'echo "Initialising MySQL..."' },
  { service: 'lms', priority: 10, filter: 'CLI_DO_INIT_TASKS', command: 'echo meilisearch key' },
  { service: 'lms', priority: 10, filter: 'CLI_DO_INIT_TASKS', command: './manage.py lms migrate' },
  { service: 'cms', priority: 10, filter: 'CLI_DO_INIT_TASKS', command: './manage.py cms migrate' },
];

/** Manifests plus documents, as one multi-document text. */
export function withDocuments(manifests: string, ...documents: object[]): string {
  return [manifests, ...documents.map(literalYaml)].join('---\n');
}
