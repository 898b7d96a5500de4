/**
 * Inputs of the benchmark: ResourceLists built from the real Tutor output in the shared fixtures, and
 * a functionConfig with every feature on. Everything is generated as text, the way kustomize writes a
 * ResourceList (`items:` with `- ` at column 0, two-space indentation), so the function sees what it
 * sees in production.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { COMMENT_MARK } from './lossless';

export const ROOT = path.resolve(__dirname, '..');
export const FIXTURES = process.env.DRYDOCK_FN_FIXTURES ?? path.resolve(ROOT, '..', 'shared', 'fixtures');

/** The Tutor 22 case every measure starts from: tutor-mfe, tutor-forum and tutor-indigo enabled. */
export const TUTOR_22_CASE = path.join('tutor-v22', 'with-plugins', 'default');
/** The Tutor 20 case the standalone kustomize (v4.5.4, which cannot read Tutor 21+ kustomizations) builds. */
export const TUTOR_20_CASE = path.join('tutor-v20', 'with-plugins', 'default');

/** Why the fixtures cannot be used, or undefined when they can. */
export function fixturesMissing(): string | undefined {
  return existsSync(path.join(FIXTURES, TUTOR_22_CASE, 'built.yaml')) ? undefined : `no Tutor fixtures at ${FIXTURES} (set DRYDOCK_FN_FIXTURES)`;
}

/**
 * Every feature of drydock-fn on, with the values Drydock's all-features case uses (init Jobs,
 * ingress with extra hosts, TLS, New Relic, multitenancy, SCORM, pod lifecycle, all PDBs, registry
 * credentials) plus the features Drydock dropped (Celery tuning, Sentry, Flower with its Ingress,
 * debug resources, backups).
 */
export function allFeaturesSpec(): Record<string, unknown> {
  const pdb = 50;
  return {
    initJobs: { enabled: true, migrateFrom: 13 },
    ingress: {
      enabled: true,
      className: 'nginx',
      extraHosts: ['extra1.example.com', 'extra2.example.com'],
      lmsExtraHosts: ['lms-alias.example.com'],
      tls: { auto: true, letsencryptEmail: 'ops@example.com' },
    },
    newRelic: { licenseKey: 'nr-license-key-0123456789' },
    multitenancy: { enabled: true },
    scorm: { enabled: true },
    podLifecycle: { enabled: true },
    podDisruptionBudgets: { lms: pdb, lmsWorker: pdb, cms: pdb, cmsWorker: pdb, mfe: pdb, forum: pdb, caddy: pdb },
    registryCredentials: { dockerConfigJson: '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNzd29yZA=="}}}' },
    celeryTuning: { enabled: true },
    sentry: { enabled: true, dsn: 'https://public@sentry.example.com/1' },
    flower: { enabled: true, ingress: { enabled: true, host: 'flower.example.com', basicAuthSecretRef: { name: 'flower-users' } } },
    debug: { enabled: true },
    backups: { enabled: true, storage: { bucket: 'backups-bucket', awsAccessKey: 'AKIAEXAMPLE', awsSecretKey: 'aws-secret-value' } },
  };
}

/** The DrydockConfig with every feature on. */
export function allFeaturesConfig(): Record<string, unknown> {
  return { apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec: allFeaturesSpec() };
}

/** The TutorInitTasks resource of a fixture case, as the drydock-fn Tutor plugin writes it. */
export function initTasksResource(relativeCase: string): Record<string, unknown> {
  const fixture = JSON.parse(readFileSync(path.join(FIXTURES, relativeCase, 'init-tasks.json'), 'utf8')) as {
    tutor_version: string;
    tasks: { service: string; priority: number; filter: string; command_rendered: string }[];
  };
  return {
    apiVersion: 'drydock.io/v1alpha1',
    kind: 'TutorInitTasks',
    metadata: { name: 'tutor-init-tasks', annotations: { 'config.kubernetes.io/local-config': 'true' } },
    spec: {
      tutorVersion: fixture.tutor_version,
      tasks: fixture.tasks.map((task) => ({ service: task.service, priority: task.priority, filter: task.filter, command: task.command_rendered })),
    },
  };
}

/** YAML text of an object with literal block scalars (kustomize 4.5 misreads some folded ones). */
export function yamlText(object: unknown): string {
  return YAML.stringify(object, { blockQuote: 'literal', lineWidth: 0 });
}

/** The documents of a multi-document YAML text, each as its own text ending in a newline. */
export function documentTexts(text: string): string[] {
  return text
    .split(/^---[ \t]*\n/m)
    .filter((document) => /^[^#\s]/m.test(document))
    .map((document) => (document.endsWith('\n') ? document : `${document}\n`));
}

/** A document's text as a ResourceList item: `- ` before the first line, two spaces before the others. */
export function asItem(document: string): string {
  const lines = document.slice(0, -1).split('\n');
  return `${lines.map((line, index) => (index === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`)).join('\n')}\n`;
}

/** A ResourceList text of item texts and a functionConfig. */
export function resourceList(items: readonly string[], functionConfig?: unknown): string {
  const config = functionConfig === undefined ? '' : yamlText({ functionConfig });
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('')}${config}`;
}

/** The built manifests of a fixture case with its init tasks: one Tutor instance, as document texts. */
export function instanceDocuments(relativeCase: string): string[] {
  const built = readFileSync(path.join(FIXTURES, relativeCase, 'built.yaml'), 'utf8');
  return [...documentTexts(built), yamlText(initTasksResource(relativeCase))];
}

/**
 * Comments a user (or kpt, which keeps them) may have in the manifests, added to a few items of each
 * instance so that the losslessness check can see a comment lost in an item drydock-fn changes.
 */
export function withComments(document: string): string {
  if (/^kind: Deployment\n/m.test(document) && /^  name: (lms|cms|caddy)\n/m.test(document)) {
    return document
      .replace(/^spec:\n/m, `spec: # ${COMMENT_MARK}: tuned by the platform team\n`)
      .replace(/^(  replicas: .*)$/m, `  # ${COMMENT_MARK}: replicas, see the autoscaler\n$1`)
      .replace(/^(    app\.kubernetes\.io\/name: .*)$/m, `$1 # ${COMMENT_MARK}: selector`);
  }
  if (/^kind: (Service|ConfigMap)\n/m.test(document)) return `# ${COMMENT_MARK}: the ${/^  name: (.*)$/m.exec(document)?.[1] ?? ''} ${/^kind: (.*)$/m.exec(document)?.[1]}\n${document}`;
  return document;
}

/**
 * A ResourceList of about `objects` items: copies of the Tutor 22 instance (with its TutorInitTasks),
 * each in its own namespace `openedx-<i>` with its own `app.kubernetes.io/instance` label, as an
 * operator running many Open edX instances from one repository would have. ConfigMap contents are
 * those Tutor rendered, so their names still carry the kustomize hash of their content.
 */
export function scaleResourceList(objects: number, functionConfig: unknown = allFeaturesConfig()): { text: string; items: number; instances: number } {
  const documents = instanceDocuments(TUTOR_22_CASE).map(withComments);
  const instanceLabel = /app\.kubernetes\.io\/instance: (\S+)/.exec(documents.join(''))?.[1];
  if (!instanceLabel) throw new Error(`no app.kubernetes.io/instance label in ${TUTOR_22_CASE}`);
  const instances = Math.max(1, Math.round(objects / documents.length));
  const items: string[] = [];
  for (let i = 0; i < instances; i++) {
    const namespace = `openedx-${i}`;
    for (const document of documents) {
      const renamed = document
        .split(instanceLabel)
        .join(`${instanceLabel}-${i}`)
        .replace(/^(\s*)namespace: openedx$/gm, `$1namespace: ${namespace}`)
        .replace(/^(kind: Namespace\n(?:.*\n)*?  name:) openedx$/m, `$1 ${namespace}`)
        .replace(/^(kind: TutorInitTasks\nmetadata:\n)/m, `$1  namespace: ${namespace}\n  labels:\n    app.kubernetes.io/instance: ${instanceLabel}-${i}\n`);
      items.push(asItem(renamed));
    }
  }
  return { text: resourceList(items, functionConfig), items: items.length, instances };
}

/** The ResourceList kustomize would give drydock-fn for one Tutor 22 instance: its built manifests and init tasks. */
export function instanceResourceList(functionConfig: unknown = allFeaturesConfig()): string {
  return resourceList(instanceDocuments(TUTOR_22_CASE).map(asItem), functionConfig);
}
