/**
 * A small Tutor deployment as plain objects, shaped like Tutor's own output (namespace, common labels,
 * version annotation, hashed ConfigMaps, Caddyfile sites, env and settings files), for feature tests
 * that must not depend on the shared fixtures.
 */
type Item = Record<string, any>;

export interface TutorObjectsOptions {
  readonly version?: string;
  readonly lmsHost?: string;
  readonly cmsHost?: string;
  /** Adds the preview host to the LMS site (Tutor ≤ 20). */
  readonly previewHost?: string;
  /** tutor-mfe with these apps (an `mfe` Deployment, its site and the mfe-caddy-config routes). */
  readonly mfeApps?: readonly string[];
  readonly meilisearch?: boolean;
  readonly notes?: boolean;
  readonly forum?: boolean;
  /** MYSQL_ROOT_PASSWORD of the mysql Deployment; null: no mysql Deployment. */
  readonly mysqlRootPassword?: string | null;
  readonly mongodbUser?: string;
  readonly redisPassword?: string;
  readonly contactEmail?: string | null;
}

const LABELS = { 'app.kubernetes.io/instance': 'openedx-TEST', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor' };

export function tutorObjects(options: TutorObjectsOptions = {}): Item[] {
  const version = options.version ?? '22.0.0';
  const lms = options.lmsHost ?? 'lms.example.com';
  const cms = options.cmsHost ?? 'studio.example.com';
  const meta = (name: string, extra: Item = {}): Item => ({ name, namespace: 'openedx', labels: { ...LABELS, ...(extra.labels ?? {}) }, annotations: { 'app.kubernetes.io/version': version } });
  const deployment = (name: string, image: string, podExtra: Item = {}, containerExtra: Item = {}): Item => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, { labels: { 'app.kubernetes.io/name': name } }),
    spec: {
      selector: { matchLabels: { ...LABELS, 'app.kubernetes.io/name': name } },
      template: { metadata: { labels: { ...LABELS, 'app.kubernetes.io/name': name } }, spec: { containers: [{ name, image, ...containerExtra }], ...podExtra } },
    },
  });
  const sites = [
    `${lms}{$default_site_port}${options.previewHost ? `, ${options.previewHost}{$default_site_port}` : ''} {\n    import proxy "lms:8000"\n}`,
    `${cms}{$default_site_port} {\n    import proxy "cms:8000"\n}`,
    ...(options.mfeApps ? [`apps.${lms}{$default_site_port} {\n    import proxy "mfe:8002"\n}`] : []),
    ...(options.meilisearch ? [`meilisearch.${lms}{$default_site_port} {\n    import proxy "meilisearch:7700"\n}`] : []),
    ...(options.notes ? [`notes.${lms}{$default_site_port} {\n    import proxy "notes:8000"\n}`] : []),
  ];
  const caddyfile = `# Global configuration\n{\n}\n\n(proxy) {\n    reverse_proxy {args.0}\n}\n\n${sites.join('\n\n')}\n`;
  const contact = options.contactEmail === undefined ? 'contact@lms.example.com' : options.contactEmail;
  const env = [
    `LMS_BASE: "${lms}"`,
    `CMS_BASE: "${cms}"`,
    ...(contact ? [`CONTACT_EMAIL: "${contact}"`] : []),
    'CELERY_BROKER_TRANSPORT: "redis"',
    'CELERY_BROKER_HOSTNAME: "redis:6379"',
    'CELERY_BROKER_VHOST: "0"',
    'CELERY_BROKER_USER: ""',
    `CELERY_BROKER_PASSWORD: "${options.redisPassword ?? ''}"`,
    'AWS_ACCESS_KEY_ID: ""',
    'AWS_SECRET_ACCESS_KEY: ""',
    'DATABASES:',
    '  default:',
    '    ENGINE: "django.db.backends.mysql"',
    '    HOST: "mysql"',
    '    PORT: 3306',
    '    USER: "openedx"',
    '    PASSWORD: "openedx-password"',
  ].join('\n');
  const mongoUser = options.mongodbUser ? `"${options.mongodbUser}"` : 'None';
  const mongoPassword = options.mongodbUser ? '"mongo-password"' : 'None';
  const production = `import os\nmongodb_parameters = {\n    "db": "openedx",\n    "host": "mongodb",\n    "port": 27017,\n    "user": ${mongoUser},\n    "password": ${mongoPassword},\n    "ssl": False,\n    "authsource": "admin",\n    "replicaSet": None,\n    \n}\n`;
  const openedxVolumes = {
    volumes: [
      { name: 'settings-lms', configMap: { name: 'openedx-settings-lms-aaaaaaaaaa' } },
      { name: 'settings-cms', configMap: { name: 'openedx-settings-cms-bbbbbbbbbb' } },
      { name: 'config', configMap: { name: 'openedx-config-cccccccccc' } },
    ],
  };
  const openedxMounts = {
    volumeMounts: [
      { name: 'settings-lms', mountPath: '/openedx/edx-platform/lms/envs/tutor/' },
      { name: 'settings-cms', mountPath: '/openedx/edx-platform/cms/envs/tutor/' },
      { name: 'config', mountPath: '/openedx/config' },
    ],
  };
  const image = `docker.io/overhangio/openedx:${version}`;
  const items: Item[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openedx', labels: LABELS, annotations: { 'app.kubernetes.io/version': version } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('caddy-config-dddddddddd', { labels: { 'app.kubernetes.io/name': 'caddy' } }), data: { Caddyfile: caddyfile } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('openedx-config-cccccccccc'), data: { 'lms.env.yml': env } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('openedx-settings-lms-aaaaaaaaaa'), data: { 'production.py': production } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('openedx-settings-cms-bbbbbbbbbb'), data: { 'production.py': production } },
    deployment('caddy', 'docker.io/caddy:2'),
    deployment('lms', image, openedxVolumes, openedxMounts),
    deployment('cms', image, openedxVolumes, openedxMounts),
    deployment('lms-worker', image),
    deployment('cms-worker', image),
    deployment('mongodb', 'docker.io/mongo:7.0'),
    deployment('redis', 'docker.io/redis:7'),
    ...(options.mysqlRootPassword === null ? [] : [deployment('mysql', 'docker.io/mysql:8.4', {}, { env: [{ name: 'MYSQL_ROOT_PASSWORD', value: options.mysqlRootPassword ?? 'root-password' }] })]),
    { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('lms-job', { labels: { 'app.kubernetes.io/component': 'job' } }), spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'lms', image }] } } } },
  ];
  if (options.mfeApps) {
    const routes = options.mfeApps.map((app) => `    @mfe_${app} {\n        path /${app} /${app}/*\n    }\n    handle @mfe_${app} {\n        root * /openedx/dist/${app}\n    }`).join('\n');
    items.push(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('mfe-caddy-config-eeeeeeeeee'), data: { Caddyfile: `:8002 {\n${routes}\n}\n` } },
      deployment('mfe', 'docker.io/overhangio/openedx-mfe:22.0.0'),
    );
  }
  if (options.meilisearch) items.push(deployment('meilisearch', 'docker.io/getmeili/meilisearch:v1.8'));
  if (options.notes) items.push(deployment('notes', 'docker.io/overhangio/openedx-notes:22.0.0'));
  if (options.forum) items.push(deployment('forum', 'docker.io/overhangio/openedx-forum:22.0.0'));
  return items;
}

/** The objects of a kind, by name. */
export function byName(items: readonly Item[], kind: string): Record<string, Item> {
  return Object.fromEntries(items.filter((item) => item.kind === kind).map((item) => [item.metadata.name, item]));
}
