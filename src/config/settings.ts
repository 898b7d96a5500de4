/**
 * The whole configuration surface of drydock-fn: every Drydock feature, the ones
 * Drydock has dropped since (Flower, Celery tuning, Sentry, debug resources, backups), and the
 * context values drydock-fn otherwise derives from the manifests. Defaults follow Drydock 22.
 */
import { bool, group, int, intMap, list, oneOf, optionalBool, optionalGroup, optionalInt, optionalStr, str, stringList, stringMap } from './dsl';
import type { DocLink, StringRule, ValueOf } from './dsl';
import { cronScheduleProblem } from '../encoders/cron';
import { newRelicExtraConfigProblem, newRelicIniValueProblem } from '../encoders/newrelic-ini';
import { shellWordProblem } from '../encoders/shell';
import { CHECK_CODES, RESULT_CODES } from '../krm/codes';
import { ANNOTATIONS_SIZE_LIMIT, DNS1123_SUBDOMAIN, annotationKeyProblem, canonicalHost, configMapKeyProblem, ingressHostProblem } from '../krm/names';

/** The project's pages that explain each feature (docs/settings.md links them; a test checks every link). */
const SEE = {
  initJobsLifeCycle: { title: 'Init Jobs\' life cycle', path: 'docs/operations/init-jobs.md' },
  upgrades: { title: 'Upgrading between releases', path: 'docs/operations/upgrades.md' },
  howInitJobs: { title: 'How it works › Init and upgrade Jobs', path: 'docs/how-it-works.md#init-and-upgrade-jobs' },
  howTutorFiles: { title: 'How it works › Edits of Tutor\'s own files', path: 'docs/how-it-works.md#edits-of-tutors-own-files-and-configmap-names' },
  waves: { title: 'README › Sync waves and Tutor job templates', path: 'README.md#sync-waves-and-tutor-job-templates' },
  inPlace: { title: 'README › In-place features', path: 'README.md#in-place-features-caddy-django-and-uwsgi-settings-pod-lifecycle-new-relic-sentry-celery' },
  initDifferences: { title: 'README › Init and upgrade Jobs', path: 'README.md#init-and-upgrade-jobs' },
  generated: { title: 'README › Generated platform resources', path: 'README.md#generated-platform-resources-ingress-and-tls-poddisruptionbudgets-registry-credentials-flower-debug-backups' },
  troubleshooting: { title: 'A stuck sync wave', path: 'docs/operations/troubleshooting.md' },
  prerequisites: { title: 'Install › Prerequisites', path: 'docs/operations/install-argocd.md#prerequisites' },
  secrets: { title: 'Secrets', path: 'docs/operations/secrets.md' },
  backups: { title: 'Backups, and restoring', path: 'docs/operations/backups.md' },
} satisfies Record<string, DocLink>;

/** DNS labels of at most 63 characters, 253 in all: what an Ingress host holds (src/krm/names.ts has the whole rule). */
const HOST_PATTERN = '(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*';
/** A host name as the Ingress API takes it: lower case, punycode, no wildcard, not an IP address. */
const HOST: StringRule = hostRule(false);
/** A host name, or `*.` and a host name (a wildcard Ingress host). */
const WILDCARD_HOST: StringRule = hostRule(true);
/** An object name: a DNS subdomain (IsDNS1123Subdomain), as Kubernetes names Secrets, Issuers, IngressClasses … */
const K8S_NAME: StringRule = {
  pattern: new RegExp(`^(?=.{1,253}$)${DNS1123_SUBDOMAIN}$`),
  patternName: 'a Kubernetes object name (lower case letters, digits, "-" and ".", starting and ending with a letter or digit)',
};
const INGRESS_CLASS: StringRule = { ...K8S_NAME, patternName: 'an IngressClass name (a DNS subdomain: lower case letters, digits, "-" and ".", e.g. nginx-internal)' };
/** An object name that is also a label value (at most 63 characters). */
const LABELLED_NAME: StringRule = { pattern: new RegExp(`^(?=.{1,63}$)${DNS1123_SUBDOMAIN}$`), patternName: 'a Kubernetes object name of at most 63 characters (it is also a label value)' };

function hostRule(wildcard: boolean): StringRule {
  return {
    pattern: new RegExp(`^${wildcard ? '(\\*\\.)?' : ''}${HOST_PATTERN}$`),
    patternName: `a DNS host name (lower case, international names in punycode, no trailing dot${wildcard ? '; a leading "*." for a wildcard' : ', no wildcard'}, e.g. courses.example.com)`,
    check: (value) => {
      const problem = ingressHostProblem(value, { wildcard });
      return problem && `expected a DNS host name: it ${problem}`;
    },
    suggest: (value) => canonicalHost(value, { wildcard }).host,
  };
}
const LABEL_VALUE_NAME: StringRule = { pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, patternName: 'a DNS label (lower case letters, digits and "-")' };
/** A key of a Secret's data, as secretKeyRef.key takes it (IsConfigMapKey). */
const SECRET_KEY: StringRule = {
  pattern: /^(?!\.\.?$)(?!\.\.)[-._a-zA-Z0-9]{1,253}$/,
  patternName: 'a Secret data key (letters, digits, "-", "_" and ".", at most 253, not "." or "..", not starting with "..")',
  check: (value) => {
    const problem = configMapKeyProblem(value);
    return problem && `expected a Secret data key: it ${problem}`;
  },
};
/** An e-mail address as drydock-fn takes one, from the settings or the manifests (CONTACT_EMAIL). */
export const EMAIL_ADDRESS = /^[^@\s\u0000-\u001f\u007f-\u009f]+@[^@\s\u0000-\u001f\u007f-\u009f]+$/;
const EMAIL: StringRule = { pattern: EMAIL_ADDRESS, patternName: 'an e-mail address' };
const QUANTITY: StringRule = { pattern: /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/, patternName: 'a Kubernetes quantity such as 8Gi' };
const IMAGE: StringRule = { pattern: /^[^\s\u0000-\u001f\u007f-\u009f]+$/, patternName: 'a container image reference' };
const VERSION: StringRule = { pattern: /^[0-9]+(\.[0-9]+){0,2}([-+.][0-9A-Za-z.-]+)?$/, patternName: 'a Tutor version such as 22.0.0' };
/** A host name, or "" for "not set" (Tutor's own default for optional hosts such as S3_HOST). */
const HOST_OR_EMPTY: StringRule = {
  pattern: new RegExp(`^(?:${HOST_PATTERN})?$`),
  patternName: 'a DNS host name (lower case, punycode, no trailing dot), or "" for none',
  check: (value) => (value === '' ? undefined : HOST.check?.(value)),
  suggest: HOST.suggest,
};
const BUCKET: StringRule = { pattern: /^$|^[a-z0-9][-a-z0-9.]{1,61}[a-z0-9]$/, patternName: 'an S3 bucket name (lower case letters, digits, "-" and "."), or "" for none' };
const MONGODB_DATABASE: StringRule = { pattern: /^[^/\\. "$]{0,63}$/, patternName: 'a MongoDB database name (no /, \\, ., space, " or $), or "" for none' };
/** A schedule Kubernetes reads as written (src/encoders/cron.ts). */
const CRON: StringRule = { sink: cronScheduleProblem };
/** An HTTP cookie name (RFC 6265 token): ingress-nginx matches it against the request's cookies. */
const COOKIE_NAME: StringRule = { pattern: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, patternName: 'a cookie name (letters, digits and !#$%&\'*+.^_`|~-)' };
/** A secret any text may hold: every place it goes encodes it (a Secret's data, YAML). */
const SECRET_TEXT: StringRule = { text: 'any' };
/** A secret that becomes one word of a Job's script. */
const SECRET_SHELL_WORD: StringRule = { text: 'any', sink: shellWordProblem };

/** Default activeDeadlineSeconds of generated init and upgrade Jobs: two hours. */
export const DEFAULT_JOB_DEADLINE_SECONDS = 7200;
/** Default activeDeadlineSeconds of a backup run: six hours. */
export const DEFAULT_BACKUP_DEADLINE_SECONDS = 21600;

/** A reference to a key of an existing Secret; `exampleName` names the Secret in the examples. */
const secretRef = (description: string, defaultKey: string, exampleName: string) =>
  optionalGroup(
    {
      name: str('', { ...K8S_NAME, minLength: 1 }, { description: 'Name of the existing Secret, in the Tutor namespace.', example: exampleName }),
      key: str(defaultKey, SECRET_KEY, { description: 'Key of the value in the Secret.', example: defaultKey }),
    },
    { description, example: { name: exampleName, key: defaultKey } },
  );

const percentage = (component: string, drydock: string) =>
  int(0, { min: 0, max: 100 }, {
    description: `minAvailable percentage of the ${component} PodDisruptionBudget (${component}-pdb); 0 creates none.`,
    drydock,
    tutor: '15–22',
    example: 50,
  });

export const TUTOR_CONTEXT = group(
  {
    version: optionalStr(VERSION, { description: 'Tutor version of the manifests. Default: the app.kubernetes.io/version annotation Tutor puts on every resource.', example: '22.0.0' }),
    namespace: optionalStr(LABEL_VALUE_NAME, { description: 'Namespace of the deployment (K8S_NAMESPACE): drydock-fn works on the objects in it (or in none) and leaves the others as they are. Default: the namespace of the Tutor resources.', example: 'openedx' }),
    lmsHost: optionalStr(HOST, { description: 'LMS_HOST. Default: the LMS site of the Caddyfile.', example: 'lms.example.com' }),
    cmsHost: optionalStr(HOST, { description: 'CMS_HOST. Default: the CMS site of the Caddyfile.', example: 'studio.example.com' }),
    mfeHost: optionalStr(HOST, { description: 'MFE_HOST (tutor-mfe). Default: the MFE site of the Caddyfile.', example: 'apps.lms.example.com' }),
    previewLmsHost: optionalStr(HOST, { description: 'PREVIEW_LMS_HOST (Tutor ≤ 19). Default: the preview site of the Caddyfile.', tutor: '15–20', example: 'preview.lms.example.com' }),
    meilisearchHost: optionalStr(HOST, { description: 'MEILISEARCH_HOST. Default: the Meilisearch site of the Caddyfile.', tutor: '19–22', example: 'meilisearch.lms.example.com' }),
    notesHost: optionalStr(HOST, { description: 'NOTES_HOST (tutor-notes). Default: the notes site of the Caddyfile.', example: 'notes.lms.example.com' }),
    contactEmail: optionalStr(EMAIL, { description: 'CONTACT_EMAIL. Default: CONTACT_EMAIL of the LMS env file in the openedx-config ConfigMap.', example: 'contact@example.com' }),
    plugins: list(str('', { minLength: 1 }, { description: 'A plugin name.' }), {
      description: 'Extra Tutor plugins to consider enabled (mfe, forum, notes, minio, s3, …) besides those recognised from their Deployments. In the ConfigMap form: PLUGINS, as in config.yml.',
      example: ['mfe', 'forum'],
    }),
    mfeApps: list(str('', { pattern: /^[a-z0-9][-a-z0-9_]*$/, patternName: 'an MFE app name' }, { description: 'An MFE app name.' }), {
      description: 'MFE apps (tutor-mfe iter_mfes()). Default: the apps routed in the MFE site of the Caddyfile.',
      example: ['authn', 'learning', 'account'],
    }),
    images: group(
      {
        openedx: optionalStr(IMAGE, { description: 'DOCKER_IMAGE_OPENEDX. Default: the image of the lms Deployment.', example: 'registry.example.com/openedx:22.0.0' }),
        mongodb: optionalStr(IMAGE, { description: 'DOCKER_IMAGE_MONGODB. Default: the image of the mongodb Deployment.', example: 'docker.io/mongo:7.0.35' }),
        mysql: optionalStr(IMAGE, { description: 'DOCKER_IMAGE_MYSQL. Default: the image of the mysql-job template.', example: 'docker.io/mysql:8.4.9' }),
      },
      { description: 'Images used by generated Jobs that have no Tutor template to clone.' },
    ),
  },
  { description: 'What drydock-fn otherwise reads from the manifests. A value set here always wins.' },
);

/** One init task, as the TutorInitTasks resource and spec.initJobs.tasks hold it. */
export const INIT_TASK = group(
  {
    service: str('', { ...LABEL_VALUE_NAME, minLength: 1 }, { description: 'Service whose <service>-job template runs the task (lms, cms, mysql, mongodb, forum, …).', example: 'lms' }),
    command: str('', { minLength: 1, text: 'lines' }, { description: 'The rendered shell script (lines; no control character but the line feed and the tab).', example: './manage.py lms migrate\n' }),
    priority: optionalInt({ min: 0 }, { description: 'Tutor priority (HIGH 5, DEFAULT 10, LOW 50). The list order is kept; priorities place drydock-fn\'s own tasks (the MongoDB task) among these. None counts as 10.', example: 5 }),
    filter: optionalStr({}, { description: 'Tutor filter the task came from (CLI_DO_INIT_TASKS, COMMANDS_INIT, …); informational.', example: 'CLI_DO_INIT_TASKS' }),
  },
  { description: 'One init task.' },
);

export const SETTINGS = group(
  {
    tutor: TUTOR_CONTEXT,
    initJobs: group(
      {
        enabled: bool(false, { description: 'Render Tutor\'s init tasks as ordered Argo CD Sync-hook Jobs (drydock-<service>-job-<i>).', drydock: 'DRYDOCK_INIT_JOBS', tutor: '15–22', example: true }),
        excluded: stringList([], { minLength: 1 }, {
          description: 'Skip init Jobs, by template name (mysql-job: every task of that service) or by generated name (drydock-lms-job-3).',
          drydock: 'DRYDOCK_INIT_JOBS_EXCLUDED',
          tutor: '15–22',
          example: ['mysql-job'],
        }),
        migrateFrom: int(0, { min: 0, max: 99 }, {
          description: 'Tutor major release being upgraded from (13 = Maple, 14 = Nutmeg …); non-zero adds the upgrade Jobs. Only with init jobs on.',
          drydock: 'DRYDOCK_MIGRATE_FROM',
          tutor: '15–22',
          example: 18,
        }),
        mongodbTask: bool(true, { description: 'Add Drydock\'s MongoDB user task (when MongoDB is part of the deployment).', tutor: '15–22', example: false }),
        mongodbRootUsername: optionalStr({}, {
          description: 'MongoDB user the MongoDB task connects as (-u); with mongodbRootPassword. Default: none, as Drydock (it overrides Tutor\'s to "").',
          drydock: 'MONGODB_ROOT_USERNAME',
          tutor: '15–22',
          example: 'admin',
        }),
        mongodbRootPassword: optionalStr(SECRET_SHELL_WORD, {
          description: 'Password of mongodbRootUsername (-p); it ends up in the Job\'s arguments, as with Drydock.',
          drydock: 'MONGODB_ROOT_PASSWORD',
          tutor: '15–22',
          secret: true,
          example: '<MongoDB administrator password>',
        }),
        mongodbRootPasswordSecretRef: secretRef(
          'Read the password of mongodbRootUsername from an existing Secret instead: the MongoDB Job gets it as MONGODB_ROOT_PASSWORD from the Secret and its script passes "$MONGODB_ROOT_PASSWORD", so no manifest holds it.',
          'password',
          'mongodb-admin',
        ),
        tasks: list(INIT_TASK, {
          description: 'Init tasks given inline, in Tutor\'s order. A TutorInitTasks resource in the input (the drydock-fn Tutor plugin writes one) wins over this list.',
          example: [{ service: 'lms', command: './manage.py lms migrate\n' }],
        }),
        backoffLimit: int(1, { min: 0 }, { description: 'backoffLimit of every generated init and upgrade Job.', example: 2 }),
        ttlSecondsAfterFinished: int(3600, { min: 0 }, { description: 'ttlSecondsAfterFinished of every generated init and upgrade Job.', example: 86400 }),
        activeDeadlineSeconds: optionalInt(
          { min: 1 },
          {
            description:
              'activeDeadlineSeconds of every generated init and upgrade Job: a Job still running after this many seconds fails, and with it the sync, instead of holding the sync wave forever. Raise it for very large databases; null sets none.',
            example: 14400,
          },
          DEFAULT_JOB_DEADLINE_SECONDS,
        ),
      },
      { description: 'Init and upgrade Jobs.', see: [SEE.initJobsLifeCycle, SEE.upgrades, SEE.howInitJobs, SEE.initDifferences] },
    ),
    tutorJobs: group(
      {
        skip: bool(true, { description: 'Mark Tutor\'s own job templates (app.kubernetes.io/component: job) as Argo CD Skip hooks so Argo CD never runs them.', tutor: '15–22', example: false }),
        ttlSecondsAfterFinished: int(100, { min: 0 }, { description: 'ttlSecondsAfterFinished given to Tutor\'s job templates.', example: 300 }),
      },
      { description: 'Neutralising Tutor\'s job templates.', see: [SEE.waves] },
    ),
    syncWaves: group(
      {
        enabled: bool(true, { description: 'Annotate resources with Argo CD sync waves.', tutor: '15–22', example: false }),
        postInitDeployments: stringList(['lms', 'cms', 'forum', 'lms-worker', 'cms-worker', 'superset', 'superset-worker', 'superset-celery-beat'], K8S_NAME, {
          description: 'Deployments that start after the init Jobs (group key deployments:post-init-apps).',
          drydock: 'DRYDOCK_POST_INIT_DEPLOYMENTS',
          tutor: '15–22',
          example: ['lms', 'cms', 'lms-worker', 'cms-worker'],
        }),
        order: intMap(
          {
            description:
              'Wave per key, added to and overriding Drydock\'s order. Keys: Kind/name, a resource name, a group key (deployments:post-init-apps, horizontalpodautoscalers:all) or kind:<Kind>. null removes a wave.',
            example: { 'deployments:post-init-apps': 100, 'kind:StatefulSet': -1, 'Deployment/mfe': 110 },
          },
          { min: -1000000, max: 1000000 },
        ),
      },
      { description: 'Argo CD sync waves.', see: [SEE.waves, SEE.troubleshooting] },
    ),
    ingress: group(
      {
        enabled: bool(true, { description: 'Generate per-host Ingresses routed to Caddy.', drydock: 'DRYDOCK_INGRESS', tutor: '15–22', example: false }),
        className: str('nginx', INGRESS_CLASS, { description: 'spec.ingressClassName of every Ingress, and the HTTP-01 solver class of the Issuer.', drydock: 'DRYDOCK_INGRESS_CLASS', tutor: '15–22', example: 'traefik' }),
        extraHosts: stringList([], WILDCARD_HOST, { description: 'One more Ingress per host, routed to Caddy; `*.example.com` for a wildcard.', drydock: 'DRYDOCK_INGRESS_EXTRA_HOSTS', tutor: '15–22', example: ['courses.example.com'] }),
        lmsExtraHosts: stringList([], WILDCARD_HOST, { description: 'Hosts served with the LMS paths inside the lms Ingress.', drydock: 'DRYDOCK_INGRESS_LMS_EXTRA_HOSTS', tutor: '15–22', example: ['learn.example.com'] }),
        annotations: stringMap(
          { description: 'Extra annotations on every generated Ingress (not the debug canary). Keys are Kubernetes annotation keys (example.com/name) that kustomize reads as text (not 10, true, null or a date); values any text, lines too.', example: { 'nginx.ingress.kubernetes.io/proxy-body-size': '100m' } },
          // What drydock-fn adds itself (cert-manager, version, generated-by) must fit too.
          { key: annotationKeyProblem, keyName: 'an annotation key (a name such as example.com/my-key)', keyPattern: /^([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, maxBytes: ANNOTATIONS_SIZE_LIMIT - 4096 },
        ),
        tls: group(
          {
            auto: bool(true, { description: 'Let cert-manager issue certificates (Issuer letsencrypt, cert-manager.io/issuer annotation, spec.tls per host).', drydock: 'DRYDOCK_AUTO_TLS', tutor: '15–22', example: false }),
            letsencryptEmail: optionalStr(EMAIL, { description: 'ACME account e-mail. Default: CONTACT_EMAIL.', drydock: 'DRYDOCK_LETSENCRYPT_EMAIL', tutor: '15–22', example: 'ops@example.com' }),
            issuer: group(
              {
                kind: oneOf(['Issuer', 'ClusterIssuer'], 'Issuer', { description: 'Kind of the cert-manager issuer the Ingresses use.', example: 'ClusterIssuer' }),
                name: str('letsencrypt', LABELLED_NAME, { description: 'Name of the issuer (also the app.kubernetes.io/name label of the Issuer drydock-fn creates).', example: 'letsencrypt-prod' }),
                create: bool(true, { description: 'Create the Let\'s Encrypt Issuer for the generated Ingresses (Flower\'s too, also with ingress.enabled false); false uses an existing Issuer or ClusterIssuer by reference.', example: false }),
              },
              { description: 'The cert-manager issuer.' },
            ),
            customCerts: optionalGroup(
              {
                secretName: str('custom-tls-certs', K8S_NAME, { description: 'TLS Secret every Ingress uses.', example: 'wildcard-example-com' }),
                crt: optionalStr(SECRET_TEXT, { description: 'Base64 certificate; with key, the Secret is generated. Omit both to use an existing Secret.', secret: true, example: '<base64 PEM certificate>' }),
                key: optionalStr(SECRET_TEXT, { description: 'Base64 private key.', secret: true, example: '<base64 PEM private key>' }),
              },
              { description: 'Use a custom certificate instead of cert-manager.', drydock: 'DRYDOCK_CUSTOM_CERTS', tutor: '15–22', example: { secretName: 'wildcard-example-com' } },
            ),
          },
          { description: 'TLS for the Ingresses.' },
        ),
      },
      { description: 'Ingresses and TLS.', see: [SEE.generated, SEE.prerequisites] },
    ),
    gatewayApi: group(
      {
        enabled: bool(false, {
          description:
            'Route through Gateway API (gateway.networking.k8s.io/v1) instead of Ingresses: an HTTPRoute for every host and path the Ingresses would route (the Tutor hosts with ingress.lmsExtraHosts, whatever ingress.enabled says; ingress.extraHosts; Flower\'s host), to caddy port 80 (Flower\'s to its Service). No Ingress then, and no Issuer for Ingresses (unless keepIngresses). Needs parentRefs or gateway.create. In the ConfigMap form: the data key gatewayApi.enabled (every setting here by its path).',
          example: true,
        }),
        keepIngresses: bool(false, {
          description:
            'Cut-over mode: the Ingresses (and their TLS) stay beside the HTTPRoutes while DNS moves to the Gateway. The generated Gateway\'s certificates go to other Secrets than the Ingresses\', and the generated Issuer keeps answering HTTP-01 challenges through the ingress class, where DNS still points; turn it off once DNS points to the Gateway.',
          example: true,
        }),
        parentRefs: list(
          group(
            {
              name: str('', { ...K8S_NAME, minLength: 1 }, { description: 'Name of the Gateway.', example: 'openedx' }),
              namespace: optionalStr(LABEL_VALUE_NAME, { description: 'Namespace of the Gateway. Default: the Tutor namespace. A Gateway of another namespace must allow routes from the Tutor namespace (its listeners\' allowedRoutes).', example: 'gateway-system' }),
              sectionName: optionalStr(K8S_NAME, { description: 'The listener of the Gateway to attach to. Default: every listener whose hostname matches.', example: 'https' }),
            },
            { description: 'A Gateway the HTTPRoutes attach to.' },
          ),
          {
            description:
              'Existing Gateways the HTTPRoutes attach to (the usual case: the platform team\'s Gateway, whose listeners own TLS: no Issuer and no certificate are generated). Give these or gateway.create, not both.',
            example: [{ name: 'openedx', namespace: 'gateway-system' }],
          },
        ),
        gateway: group(
          {
            create: bool(false, { description: 'Generate a Gateway in the Tutor namespace: one HTTPS listener (port 443, TLS terminated) per host, with a certificate Secret per host that cert-manager fills from ingress.tls (or the custom certificate), and the HTTPRoutes attached to those listeners.', example: true }),
            name: str('openedx', K8S_NAME, { description: 'Name of the generated Gateway.', example: 'openedx-gateway' }),
            gatewayClassName: optionalStr(K8S_NAME, { description: 'spec.gatewayClassName of the generated Gateway (required with create): the GatewayClass of the cluster\'s implementation (Envoy Gateway, NGINX Gateway Fabric, Cilium, Istio, Traefik …).', example: 'eg' }),
            annotations: stringMap(
              { description: 'Extra annotations on the generated Gateway (beside cert-manager\'s).', example: { 'example.com/team': 'learning' } },
              { key: annotationKeyProblem, keyName: 'an annotation key (a name such as example.com/my-key)', keyPattern: /^([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, maxBytes: ANNOTATIONS_SIZE_LIMIT - 4096 },
            ),
            httpRedirect: bool(true, { description: 'An HTTP listener on port 80 and an HTTPRoute (https-redirect) redirecting every request to https with 301. cert-manager\'s HTTP-01 solver answers its challenges on that listener: the Issuer drydock-fn creates needs it.', example: false }),
          },
          { description: 'A Gateway generated for the deployment, when no platform Gateway exists.' },
        ),
        debugRoute: bool(false, {
          description:
            'With debug.enabled: HTTPRoutes lms-debug and cms-debug sending the LMS and CMS requests that carry the debug cookie (debug.cookie=always) to the debug pods, by a RegularExpression match on the Cookie header, which Gateway API leaves to each implementation (implementation-specific support: an implementation without it does not accept these two routes, and only them).',
          example: true,
        }),
      },
      { description: 'Gateway API routes, instead of Ingresses or beside them while DNS moves.' },
    ),
    podDisruptionBudgets: group(
      {
        lms: percentage('lms', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS'),
        lmsWorker: percentage('lms-worker', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_LMS_WORKER'),
        cms: percentage('cms', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CMS'),
        cmsWorker: percentage('cms-worker', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CMS_WORKER'),
        mfe: percentage('mfe', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_MFE'),
        forum: percentage('forum', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_FORUM'),
        caddy: percentage('caddy', 'DRYDOCK_PDB_MINAVAILABLE_PERCENTAGE_CADDY'),
      },
      { description: 'PodDisruptionBudgets, only for components present.', see: [SEE.generated] },
    ),
    registryCredentials: group(
      {
        dockerConfigJson: str('', SECRET_TEXT, { description: 'Raw .dockerconfigjson content; generates the openedx-image-pull-secret Secret.', drydock: 'DRYDOCK_REGISTRY_CREDENTIALS', tutor: '15–22', secret: true, example: '{"auths":{"registry.example.com":{"auth":"<base64 user:password>"}}}' }),
        secretName: optionalStr(K8S_NAME, { description: 'Use this existing kubernetes.io/dockerconfigjson Secret instead of generating one.', example: 'registry-example-com' }),
        daemonSets: bool(false, { description: 'Also add imagePullSecrets to DaemonSets.', example: true }),
        statefulSets: bool(false, { description: 'Also add imagePullSecrets to StatefulSets.', example: true }),
      },
      { description: 'Private registry credentials.', see: [SEE.generated, SEE.secrets] },
    ),
    newRelic: group(
      {
        licenseKey: str('', { sink: newRelicIniValueProblem }, { description: 'New Relic license key; non-empty enables New Relic on the LMS. One line of newrelic.ini: no line break, control character or surrounding space.', drydock: 'DRYDOCK_NEWRELIC_LICENSE_KEY', tutor: '15–22', secret: true, example: '<New Relic license key>' }),
        licenseKeySecretRef: secretRef('Read the license key from an existing Secret (enables New Relic; the ini then holds no key).', 'license-key', 'newrelic'),
        appName: optionalStr({ minLength: 1, sink: newRelicIniValueProblem }, { description: 'app_name in newrelic.ini (one line: no line break, control character or surrounding space; ";" separates the names of several apps, as the agent reads it). Default: the namespace.', example: 'openedx-production' }),
        deployments: stringList(['lms'], K8S_NAME, { description: 'Deployments run under newrelic-admin (cms and the workers are opt-in).', example: ['lms', 'cms'] }),
        extraConfig: str('', { text: 'lines', sink: newRelicExtraConfigProblem }, {
          description:
            'Lines appended to the [newrelic] section of newrelic.ini (Drydock patch newrelic-conf): "key = value" lines with lower-case keys, each key once and neither license_key nor app_name; comment (# or ;) and blank lines. No section headers, no indented lines.',
          example: 'distributed_tracing.enabled = true\n',
        }),
      },
      { description: 'New Relic APM.', see: [SEE.inPlace, SEE.secrets] },
    ),
    multitenancy: group(
      { enabled: bool(true, { description: 'Add a catch-all Caddy site that serves every other host from the LMS.', drydock: 'DRYDOCK_ENABLE_MULTITENANCY', tutor: '15–22', example: false }) },
      { description: 'Caddy multitenancy.', see: [SEE.inPlace, SEE.howTutorFiles] },
    ),
    scorm: group(
      {
        enabled: bool(true, { description: 'Proxy /scorm-proxy/ to the object storage and set the SCORM XBlock storage.', drydock: 'DRYDOCK_ENABLE_SCORM', tutor: '15–22', example: false }),
        storage: oneOf(['auto', 'minio', 's3', 'none'], 'auto', {
          description:
            'Where the Caddy /scorm-proxy/ routes go. auto: MinIO when the deployment runs it (a minio Deployment, a Caddy site proxying to minio, or minioHost set), else S3 when a bucket is known (s3Bucket, or AWS_STORAGE_BUCKET_NAME in lms.env.yml), else none. none: no routes (the Django setting is still written, as Drydock does).',
          example: 'minio',
        }),
        minioHost: optionalStr(HOST_OR_EMPTY, { description: 'MINIO_HOST, the Host header sent to MinIO. Default: the host of the Caddy site that proxies to minio.', drydock: 'MINIO_HOST', example: 'files.example.com' }),
        minioBucket: optionalStr(BUCKET, { description: 'MINIO_BUCKET_NAME. Default: AWS_STORAGE_BUCKET_NAME of lms.env.yml, else openedx.', drydock: 'MINIO_BUCKET_NAME', example: 'openedxuploads' }),
        s3Bucket: optionalStr(BUCKET, { description: 'S3_STORAGE_BUCKET. Default: AWS_STORAGE_BUCKET_NAME of lms.env.yml.', drydock: 'S3_STORAGE_BUCKET', example: 'openedx-uploads' }),
        s3Host: optionalStr(HOST_OR_EMPTY, { description: 'S3_HOST: the SCORM routes go to https://<bucket>.<S3_HOST>, as Drydock\'s. Default: the endpoint AWS_S3_ENDPOINT_URL of lms.env.yml as the LMS uses it (its scheme and port; path-style, <endpoint>/<bucket>/, unless AWS_S3_ADDRESSING_STYLE is virtual and botocore can address the bucket so; an AWS host as Drydock), else s3.amazonaws.com.', drydock: 'S3_HOST', example: 's3.eu-central-1.amazonaws.com' }),
      },
      { description: 'SCORM.', see: [SEE.inPlace, SEE.howTutorFiles] },
    ),
    podLifecycle: group(
      {
        enabled: bool(true, { description: 'Probes, preStop, grace period and anti-affinity on the web Deployments.', drydock: 'DRYDOCK_POD_LIFECYCLE', tutor: '15–22', example: false }),
        deployments: stringList(['lms', 'cms'], K8S_NAME, { description: 'Deployments that get the lifecycle settings (their container serves /heartbeat on 8000).', example: ['lms', 'cms', 'lms-preview'] }),
        preStopSleepSeconds: int(15, { min: 0 }, { description: 'preStop sleep.', example: 20 }),
        terminationGracePeriodSeconds: int(60, { min: 0 }, { description: 'Pod terminationGracePeriodSeconds.', example: 90 }),
        antiAffinity: bool(true, { description: 'Prefer spreading pods over nodes.', example: false }),
      },
      { description: 'Pod lifecycle.', see: [SEE.inPlace] },
    ),
    drydockRelease: optionalStr(
      { pattern: /^\d+\.\d+\.\d+$/, patternName: 'a Drydock release, such as 17.3.4' },
      {
        description:
          "The Drydock release the deployment ran, when not the last of its Tutor line: Drydock's always-on text (uwsgi.ini, the Django settings) is then written as that release wrote it, so that moving over changes no ConfigMap (config-from-tutor --drydock-version writes it). null: the last release of the Tutor line (15.9.1, 16.7.4, 17.6.0, 18.4.0, 19.3.0, 20.3.0, 21.2.0, 22.0.0).",
        example: '17.3.4',
      },
    ),
    djangoSettings: group(
      {
        loggingTweaks: optionalBool({ description: 'Drop the tracking log file handler and log to the console only. null: as Drydock for the Tutor release (on for Tutor 16+; Drydock 15 had no such lines).', tutor: '15–22', example: false }),
        forumMongodbDatabase: optionalStr(MONGODB_DATABASE, {
          description: 'FORUM_MONGODB_DATABASE written to the Django settings (and the database the MongoDB init Job gives the forum\'s role). null: as Drydock for the Tutor release: on Tutor 19+ the value the LMS settings already hold (tutor-forum\'s), else cs_comments_service; nothing before; "" writes nothing.',
          drydock: 'FORUM_MONGODB_DATABASE',
          example: 'cs_comments_service',
        }),
        mysqlUtf8mb4: optionalBool({ description: 'Force the utf8mb4 MySQL connection charset. null: as Drydock for the Tutor release (on for Tutor 20+).', tutor: '15–22', example: true }),
      },
      { description: 'Django settings Drydock always adds.', see: [SEE.inPlace, SEE.howTutorFiles] },
    ),
    uwsgi: group(
      { keepAlive: optionalBool({ description: 'Append the keep-alive and graceful shutdown settings to uwsgi.ini. null: as Drydock for the Tutor release (on for Tutor 16+; Drydock 15 had no such lines).', tutor: '15–22', example: false }) },
      { description: 'uWSGI settings Drydock always adds.', see: [SEE.inPlace, SEE.howTutorFiles] },
    ),
    celeryTuning: group(
      {
        enabled: bool(false, { description: 'Tune the LMS and CMS Celery workers (Drydock ≤ 18.2.2 had it on).', drydock: 'DRYDOCK_ENABLE_CELERY_TUNING', tutor: '15–22', example: true }),
        concurrency: int(1, { min: 1 }, { description: '--concurrency.', example: 4 }),
        prefetchMultiplier: int(1, { min: 1 }, { description: '--prefetch-multiplier.', example: 2 }),
        maxTasksPerChild: int(1, { min: 1 }, { description: '--max-tasks-per-child.', example: 100 }),
        autoscale: optionalStr({ pattern: /^[0-9]+,[0-9]+$/, patternName: 'max,min such as 10,1' }, { description: '--autoscale=max,min instead of a fixed concurrency.', example: '10,2' }),
        terminationGracePeriodSeconds: int(300, { min: 0 }, { description: 'Grace period of the worker pods.', example: 600 }),
        acksLate: bool(true, { description: 'CELERY_ACKS_LATE in the LMS and CMS env.', example: false }),
      },
      { description: 'Celery worker tuning.', see: [SEE.inPlace] },
    ),
    sentry: group(
      {
        enabled: bool(false, { description: 'eox-core Sentry settings in the LMS and CMS env (Drydock ≤ 18.2.0 had it on).', drydock: 'DRYDOCK_ENABLE_SENTRY', tutor: '15–22', example: true }),
        dsn: str('', SECRET_TEXT, { description: 'Sentry DSN.', drydock: 'DRYDOCK_SENTRY_DSN', tutor: '15–22', secret: true, example: '<https://key@sentry.example.com/42>' }),
        dsnSecretRef: secretRef('Read the DSN from an existing Secret instead: the lms, cms and worker containers get SENTRY_DSN from it and the Django settings start Sentry from that variable; no ConfigMap holds the DSN.', 'dsn', 'sentry'),
      },
      { description: 'Sentry through eox-core.', see: [SEE.inPlace, SEE.secrets] },
    ),
    flower: group(
      {
        enabled: bool(false, { description: 'Deploy Flower for the Celery workers.', drydock: 'DRYDOCK_FLOWER', tutor: '15–22', example: true }),
        image: str('docker.io/mher/flower:0.9.5', IMAGE, { description: 'Flower image.', example: 'docker.io/mher/flower:2.0.1' }),
        brokerUrlSecretRef: secretRef('Read CELERY_BROKER_URL from an existing Secret instead of deriving it from the Redis settings.', 'broker-url', 'celery-broker'),
        ingress: group(
          {
            enabled: bool(false, { description: 'Expose Flower through an Ingress (class, TLS and issuer as the other Ingresses), behind Flower\'s own basic auth.', example: true }),
            host: optionalStr(HOST, { description: 'Host of the Flower Ingress (required with the Ingress); no other Ingress (generated or of the input) may route it, nor may it be a Tutor host, whatever ingress.enabled says.', example: 'flower.example.com' }),
            basicAuthSecretRef: secretRef('Existing Secret whose key holds Flower\'s users as user:password[,user:password…] (FLOWER_BASIC_AUTH); required with the Ingress.', 'basic-auth', 'flower-users'),
          },
          { description: 'Flower Ingress. Authentication is Flower\'s own, so it works with any ingress controller.' },
        ),
      },
      { description: 'Flower.', see: [SEE.generated, SEE.secrets] },
    ),
    debug: group(
      {
        enabled: bool(false, { description: 'lms-debug and cms-debug Deployments and Services, and the cookie-routed canary Ingress (ingress-nginx only).', drydock: 'DRYDOCK_DEBUG', tutor: '15–22', example: true }),
        cookie: str('ednx_enable_debug', COOKIE_NAME, { description: 'Cookie that routes a request to the debug pods.', drydock: 'OPENEDX_DEBUG_COOKIE', example: 'debug_me' }),
        canaryIngress: oneOf(['auto', 'always', 'never'], 'auto', {
          description: 'The cookie-routed canary Ingress ingress-debug uses ingress-nginx annotations: auto generates it when ingress.className names an nginx class.',
          example: 'never',
        }),
      },
      { description: 'Debug resources.', see: [SEE.generated] },
    ),
    backups: group(
      {
        enabled: bool(false, { description: 'MySQL and MongoDB backup CronJobs (drydock-backups). In the ConfigMap form: drydock-backups listed in PLUGINS, as in config.yml.', example: true }),
        image: str('docker.io/ednxops/drydock-backups:v21.0.0', IMAGE, { description: 'Backup image.', drydock: 'BACKUP_DOCKER_IMAGE', example: 'registry.example.com/ops/drydock-backups:21.0.0' }),
        schedule: str('0 2 * * *', CRON, {
          description: 'Cron schedule of both CronJobs, as Kubernetes reads it: five fields separated by spaces (day of week 0–6 or sun–sat), or @hourly, @daily, @weekly, @monthly, @yearly.',
          drydock: 'BACKUP_CRON_SCHEDULE',
          example: '15 1 * * *',
        }),
        storage: group(
          {
            service: oneOf(['aws-s3', 'azure-blob'], 'aws-s3', { description: 'Where backups go.', drydock: 'BACKUP_STORAGE_SERVICE', example: 'azure-blob' }),
            bucket: str('', {}, { description: 'S3 bucket.', drydock: 'BACKUP_BUCKET_NAME', example: 'openedx-backups' }),
            path: str('backups', {}, { description: 'Object prefix.', drydock: 'BACKUP_BUCKET_PATH', example: 'production' }),
            endpoint: optionalStr({}, { description: 'S3-compatible endpoint URL (MinIO …).', drydock: 'BACKUP_CUSTOM_STORAGE_ENDPOINT', example: 'https://minio.example.com' }),
            awsAccessKey: str('', SECRET_TEXT, { description: 'S3 access key.', drydock: 'BACKUP_AWS_ACCESS_KEY', secret: true, example: '<access key id>' }),
            awsSecretKey: str('', SECRET_TEXT, { description: 'S3 secret key.', drydock: 'BACKUP_AWS_SECRET_KEY', secret: true, example: '<secret access key>' }),
            azureContainerName: str('', {}, { description: 'Azure Blob container.', drydock: 'BACKUP_AZURE_CONTAINER_NAME', example: 'openedx-backups' }),
            azureAccountName: str('', {}, { description: 'Azure storage account.', drydock: 'BACKUP_AZURE_ACCOUNT_NAME', example: 'examplebackups' }),
            azureSasToken: str('', SECRET_TEXT, { description: 'Azure SAS token.', drydock: 'BACKUP_AZURE_CONTAINER_SAS_TOKEN', secret: true, example: '<SAS token>' }),
            credentialsSecretName: optionalStr(K8S_NAME, {
              description: 'Existing Secret holding the storage credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AZURE_CONTAINER_SAS_TOKEN) instead of the values above.',
              example: 'backup-s3-credentials',
            }),
          },
          { description: 'Backup storage.' },
        ),
        ephemeralVolume: group(
          {
            enabled: bool(false, { description: 'Dump to a generic ephemeral volume at /data/.', drydock: 'BACKUP_K8S_USE_EPHEMERAL_VOLUMES', example: true }),
            size: str('8Gi', QUANTITY, { description: 'Volume size.', drydock: 'BACKUP_K8S_EPHEMERAL_VOLUME_SIZE', example: '20Gi' }),
            storageClass: optionalStr(K8S_NAME, { description: 'Storage class.', drydock: 'BACKUP_K8S_EPHEMERAL_VOLUME_STORAGE_CLASS', example: 'fast-ssd' }),
          },
          { description: 'Scratch volume for the dumps.' },
        ),
        mysql: group(
          {
            username: optionalStr({ minLength: 1 }, { description: 'MySQL backup user. Default: root.', drydock: 'BACKUP_MYSQL_USERNAME', example: 'backup' }),
            password: str('', SECRET_TEXT, { description: 'MySQL backup password.', drydock: 'BACKUP_MYSQL_PASSWORD', secret: true, example: '<MySQL backup password>' }),
            passwordSecretRef: secretRef('Read the MySQL backup password from an existing Secret.', 'password', 'mysql-backup-user'),
          },
          { description: 'MySQL backup credentials.' },
        ),
        mongodb: group(
          {
            username: optionalStr({ minLength: 1 }, { description: 'MongoDB backup user.', drydock: 'BACKUP_MONGO_USERNAME', example: 'backup' }),
            password: str('', SECRET_TEXT, { description: 'MongoDB backup password.', drydock: 'BACKUP_MONGO_PASSWORD', secret: true, example: '<MongoDB backup password>' }),
            passwordSecretRef: secretRef('Read the MongoDB backup password from an existing Secret.', 'password', 'mongodb-backup-user'),
          },
          { description: 'MongoDB backup credentials.' },
        ),
        minioExpirationDays: int(0, { min: 0 }, { description: 'Expire backups in MinIO after this many days (0: keep).', drydock: 'BACKUP_MINIO_EXPIRATION_DAYS', example: 30 }),
        activeDeadlineSeconds: optionalInt(
          { min: 1 },
          { description: 'activeDeadlineSeconds of each backup run: with concurrencyPolicy Forbid a run that hangs would otherwise hold back every later one. null sets none.', example: 43200 },
          DEFAULT_BACKUP_DEADLINE_SECONDS,
        ),
      },
      { description: 'Database backups.', see: [SEE.backups, SEE.generated] },
    ),
    validation: group(
      {
        enabled: bool(true, { description: 'Check the output and report problems as results (hooks only on Jobs, Job limits, CronJob concurrency, HPA CPU requests, probe ports, Tutor resources the enabled features need).', example: false }),
        skip: stringList([], { pattern: new RegExp(`^(${CHECK_CODES.join('|')})$`), patternName: `one of ${CHECK_CODES.join(', ')}` }, {
          description: 'Result codes of checks not to run (docs/guarantees.md lists them).',
          example: ['PROBE_PORT_NOT_EXPOSED'],
        }),
      },
      { description: 'Semantic checks over the output, reported as results (docs/guarantees.md).' },
    ),
    strict: group(
      {
        warnings: stringList([], { pattern: new RegExp(`^(all|${Object.keys(RESULT_CODES).join('|')})$`), patternName: 'all, or a result code (docs/guarantees.md), e.g. UPGRADE_MANUAL_STEP' }, {
          description:
            'Warnings that fail the run instead of being printed: their result codes, or all for every warning. The run then exits 1 with the items unchanged and the warning as an error, which Argo CD shows in the application\'s condition (it drops the output of a plugin that succeeds). The environment variable DRYDOCK_FN_STRICT (all, or codes separated by commas) adds to this list.',
          example: ['UPGRADE_MANUAL_STEP', 'RESOURCE_MISSING'],
        }),
      },
      { description: 'Strict mode: warnings that must stop a render (docs/operations/install-argocd.md).' },
    ),
  },
  { description: 'drydock-fn settings.' },
);

/** The fully-defaulted, read-only configuration every feature receives. */
export type DrydockSettings = ValueOf<typeof SETTINGS>;
export type InitTaskSetting = DrydockSettings['initJobs']['tasks'][number];

/** The configuration with every default. */
export const DEFAULT_SETTINGS: DrydockSettings = SETTINGS.defaultValue;
