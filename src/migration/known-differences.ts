/**
 * The intentional differences between Drydock's output and drydock-fn's, as rules the migration
 * check applies before comparing: each rewrites Drydock's object into what drydock-fn means to
 * produce (or says that an object is absent or added on purpose). Whatever differs after the rules is
 * unexplained. Each rule quotes the README bullet it follows (a test checks that the README holds
 * it), so the check and the documented list cannot part.
 */
import { isPlainObject } from '../krm/types';
import { deepEqual } from './diff';

type Item = Record<string, any>;

export interface KnownDifference {
  readonly id: string;
  /** One line: what differs and why. */
  readonly summary: string;
  /** Words of the README's "Intentional differences from Drydock" bullet this rule follows. */
  readonly readme: string;
  /** Drydock's object rewritten as drydock-fn means to produce it (a copy; the input is not changed). */
  readonly normaliseDrydock?: (object: Item) => Item;
  /** drydock-fn's bookkeeping removed from its object (a copy). */
  readonly normaliseDrydockFn?: (object: Item) => Item;
  /** A Drydock object drydock-fn does not produce on purpose. */
  readonly notProduced?: (object: Item) => boolean;
  /** A drydock-fn object Drydock did not produce. */
  readonly added?: (object: Item) => boolean;
  /**
   * Drydock's object rewritten as drydock-fn means to produce it, given drydock-fn's object of the same
   * identity (a copy; returns Drydock's object itself when the rule does not apply): for differences
   * whose value comes from the other side (the configured Ingress class, Drydock 22's probes).
   */
  readonly normaliseWithOther?: (drydock: Item, drydockFn: Item) => Item;
}

const copy = (object: Item): Item => JSON.parse(JSON.stringify(object)) as Item;
const isKind = (object: Item, kind: string): boolean => object.kind === kind;
const nameOf = (object: Item): string => String(object.metadata?.name ?? '');
const annotationsOf = (object: Item): Record<string, unknown> => (isPlainObject(object.metadata?.annotations) ? object.metadata.annotations : {});

/** A rewrite of the objects `applies` picks: `edit` changes a copy of one; other objects are returned as they are. */
function rewritten(applies: (object: Item) => boolean, edit: (copy: Item) => void): (object: Item) => Item {
  return (object) => {
    if (!applies(object)) return object;
    const result = copy(object);
    edit(result);
    return result;
  };
}

/** Drops an annotation, and the annotations map when that leaves it empty. */
function withoutAnnotation(object: Item, name: string): Item {
  if (!(name in annotationsOf(object))) return object;
  const result = copy(object);
  delete result.metadata.annotations[name];
  if (Object.keys(result.metadata.annotations).length === 0) delete result.metadata.annotations;
  return result;
}

const isInitJob = (object: Item): boolean => isKind(object, 'Job') && /^drydock-[a-z0-9-]+-job-\d+$/.test(nameOf(object));
const isUpgradeJob = (object: Item): boolean => isKind(object, 'Job') && /^drydock-upgrade-(lms|cms)-job$/.test(nameOf(object));
const scriptOf = (job: Item): unknown => job.spec?.template?.spec?.containers?.[0]?.args?.at?.(-1);

/** A copy of a Job with `script` as its script (the last argument of its container). */
function withScript(job: Item, script: string): Item {
  const result = copy(job);
  const args = result.spec.template.spec.containers[0].args as string[];
  args[args.length - 1] = script;
  return result;
}

/** The pod's containers of a workload (none when it has no pod template). */
const containersOf = (workload: Item): Item[] => (Array.isArray(workload.spec?.template?.spec?.containers) ? workload.spec.template.spec.containers : []);

/** Tutor's upgrade steps past Redwood that Drydock's upgrade Job misses (README, init and upgrade Jobs). */
const SUMAC_STEPS = [
  './manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar\n',
  '(./manage.py lms waffle_flag --list | grep forum_v2.enable_mysql_backend) || ./manage.py lms waffle_flag --create --deactivate forum_v2.enable_mysql_backend\n',
];

/** The Python form Drydock wrote ({'auths': …}) or JSON, as a canonical JSON text; undefined when neither. */
function canonicalDockerConfig(text: string): string | undefined {
  for (const candidate of [text, text.replace(/'/g, '"')]) {
    try {
      return JSON.stringify(JSON.parse(candidate));
    } catch {
      // try the next form
    }
  }
  return undefined;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'generated-by',
    summary: 'drydock-fn marks the objects it generates with drydock.io/generated-by, so later runs update and prune them',
    readme: 'Every generated object carries the annotation `drydock.io/generated-by: drydock-fn`',
    normaliseDrydockFn: (object) => withoutAnnotation(object, 'drydock.io/generated-by'),
  },
  {
    id: 'empty-patches-record',
    summary: 'a ConfigMap where an empty Drydock patch joined its slot records it in drydock.io/empty-patches (not hashed by kustomize)',
    readme: 'ConfigMaps where an empty Drydock patch was joined carry the annotation `drydock.io/empty-patches`',
    normaliseDrydockFn: (object) => (isKind(object, 'ConfigMap') ? withoutAnnotation(object, 'drydock.io/empty-patches') : object),
  },
  {
    id: 'ingress-names',
    summary: "Ingresses are named as Drydock 22 names them (ingress-lms → lms, ingress-<host>-tls → <host>) on every Tutor release",
    readme: "Ingress names and routing are Drydock 22's for every Tutor version",
    normaliseDrydock: rewritten(
      (object) => isKind(object, 'Ingress') && nameOf(object) !== 'ingress-debug' && !nameOf(object).startsWith('ingress-static-') && nameOf(object).startsWith('ingress-'),
      (ingress) => {
        ingress.metadata.name = nameOf(ingress).replace(/^ingress-/, '').replace(/-tls$/, '');
      },
    ),
  },
  {
    id: 'ingress-through-caddy',
    summary: 'every Ingress routes to caddy:80 ("bypass Caddy", dropped by Drydock 21.1, is not reproduced)',
    readme: 'every Ingress routes to `caddy:80`',
    normaliseDrydock: rewritten(
      (object) => isKind(object, 'Ingress') && nameOf(object) !== 'ingress-debug' && Array.isArray(object.spec?.rules),
      (ingress) => {
        for (const rule of ingress.spec.rules) for (const entry of rule.http?.paths ?? []) if (entry.backend?.service) entry.backend = { service: { name: 'caddy', port: { number: 80 } } };
      },
    ),
  },
  {
    id: 'ingress-paths-once',
    summary: 'a path listed twice in one Ingress rule is written once',
    readme: 'A path listed twice in one LMS rule is written once',
    normaliseDrydock: rewritten(
      (object) => isKind(object, 'Ingress') && Array.isArray(object.spec?.rules),
      (ingress) => {
        for (const rule of ingress.spec.rules) {
          if (!Array.isArray(rule.http?.paths)) continue;
          const seen = new Set<string>();
          rule.http.paths = rule.http.paths.filter((entry: Item) => !seen.has(JSON.stringify(entry)) && seen.add(JSON.stringify(entry)));
        }
      },
    ),
  },
  {
    id: 'static-cache-ingresses',
    summary: "Drydock's NGINX static-cache Ingresses (ingress-static-*, dropped by Drydock 21.1) are not produced",
    readme: 'the NGINX static-cache Ingresses (dropped by Drydock 21.1 with the other ingress-nginx-specific features) are not reproduced',
    notProduced: (object) => isKind(object, 'Ingress') && nameOf(object).startsWith('ingress-static-'),
  },
  {
    id: 'lms-preview-ingress',
    summary: 'the lms-preview Ingress is generated while Tutor serves the preview host (Drydock 20 dropped it)',
    readme: '`lms-preview` is generated whenever Tutor\'s Caddyfile serves the preview host',
    added: (object) => isKind(object, 'Ingress') && nameOf(object) === 'lms-preview',
  },
  {
    id: 'new-relic-uwsgi-ini',
    summary: "New Relic runs uWSGI with the uwsgi.ini path Tutor mounts (Drydock before 18.2.7 wrote `uwsgi uwsgi.ini` on Tutor 18)",
    readme: 'runs uWSGI with the ini path Tutor mounts',
    normaliseWithOther: withMountedUwsgiIni,
  },
  {
    id: 'mongosh-port',
    summary: "the MongoDB init script gives mongosh the port (Drydock added it in 18.2.8)",
    readme: 'Drydock added both to the `mongosh` form only (18.2.8)',
    normaliseWithOther: withMongoshPort,
  },
  {
    id: 'celery-worker-arguments',
    summary: "Celery tuning keeps Tutor 18's worker arguments (Drydock before 18.2.3 replaced them with its Tutor 17 list, losing the queues)",
    readme: "instead of replacing them with Tutor 17's",
    normaliseWithOther: withTutorWorkerArguments,
  },
  {
    id: 'scorm-s3-endpoint',
    summary: "the SCORM routes of the Caddyfile go to lms.env.yml's AWS_S3_ENDPOINT_URL as the LMS addresses it (Drydock: https://<bucket>.<S3_HOST> whatever the endpoint)",
    readme: 'the SCORM routes go to the `AWS_S3_ENDPOINT_URL` there as the LMS uses it',
    normaliseWithOther: withOurS3Routes,
  },
  {
    id: 'served-host-ingresses',
    summary: 'the meilisearch and notes Ingresses are generated wherever Tutor\'s Caddyfile serves those hosts (Drydock added them in 20.0.0)',
    readme: '`meilisearch` and `notes` Ingresses are generated wherever Tutor\'s Caddyfile serves their hosts',
    added: (object) => isKind(object, 'Ingress') && (nameOf(object) === 'meilisearch' || nameOf(object) === 'notes'),
  },
  {
    id: 'debug-ingress-class',
    summary: "the debug canary Ingress uses spec.ingressClassName (the configured class) instead of the deprecated kubernetes.io/ingress.class annotation, which Drydock hard-coded to nginx",
    readme: 'It uses `spec.ingressClassName` from the config instead of the deprecated',
    normaliseWithOther: (drydock, drydockFn) => {
      const className = annotationsOf(drydock)['kubernetes.io/ingress.class'];
      if (!isKind(drydock, 'Ingress') || nameOf(drydock) !== 'ingress-debug' || className === undefined) return drydock;
      // Drydock wrote `nginx` whatever DRYDOCK_INGRESS_CLASS said (19.3.0 has the setting): the canary
      // then sat on another class than the routes it shadows; drydock-fn puts it on the configured class.
      const configured = drydockFn.spec?.ingressClassName;
      const result = withoutAnnotation(drydock, 'kubernetes.io/ingress.class');
      return { ...result, spec: { ...result.spec, ingressClassName: className === 'nginx' && typeof configured === 'string' ? configured : className } };
    },
  },
  {
    id: 'flower-service',
    summary: 'Flower gets a flower-edxapp Service',
    readme: 'adds a `flower-edxapp` Service',
    added: (object) => isKind(object, 'Service') && nameOf(object) === 'flower-edxapp',
  },
  {
    id: 'registry-secret-json',
    summary: "the registry Secret holds the Docker config JSON (Drydock wrote Python's form of it, which the kubelet cannot read)",
    readme: 'The registry Secret holds the JSON as given.',
    normaliseDrydock: canonicalRegistrySecret,
    normaliseDrydockFn: canonicalRegistrySecret,
  },
  {
    id: 'hooks-only-on-jobs',
    summary: 'Argo CD hook annotations are only put on Jobs (Drydock once put them on HorizontalPodAutoscalers, bug #117)',
    readme: 'Hook annotations are only ever put on Jobs',
    normaliseDrydock: (object) =>
      isKind(object, 'Job') ? object : withoutAnnotation(withoutAnnotation(object, 'argocd.argoproj.io/hook'), 'argocd.argoproj.io/hook-delete-policy'),
  },
  {
    id: 'mongodb-job-template',
    summary: "Drydock's inert mongodb-job template is not added (drydock-fn generates its MongoDB init Job directly)",
    readme: "drydock-fn does not add Drydock's inert `mongodb-job` template",
    notProduced: (object) => isKind(object, 'Job') && nameOf(object) === 'mongodb-job',
  },
  {
    id: 'init-scripts-stripped',
    summary: 'init Job scripts are as `tutor k8s do init` runs them, without the blank lines Jinja leaves at either end',
    readme: 'Scripts are as `tutor k8s do init` runs them',
    normaliseDrydock: (object) => {
      const script = scriptOf(object);
      return isInitJob(object) && typeof script === 'string' && script.trim() !== script ? withScript(object, script.trim()) : object;
    },
  },
  {
    id: 'upgrade-jobs-empty',
    summary: 'an upgrade Job with nothing to run is not emitted (Drydock emits it with an empty script)',
    readme: 'Upgrade Jobs with nothing to run are not emitted',
    notProduced: (object) => isUpgradeJob(object) && typeof scriptOf(object) === 'string' && (scriptOf(object) as string).trim() === '',
  },
  {
    id: 'upgrade-jobs-policy',
    summary: "upgrade Jobs use the init Jobs' delete policy HookSucceeded,BeforeHookCreation, backoffLimit 1 and ttlSecondsAfterFinished 3600",
    readme: "Upgrade Jobs use the init Jobs' delete policy",
    normaliseDrydock: rewritten(isUpgradeJob, (job) => {
      job.metadata.annotations = { ...(job.metadata.annotations ?? {}), 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded,BeforeHookCreation' };
      job.spec = { ...job.spec, backoffLimit: 1, ttlSecondsAfterFinished: 3600 };
    }),
  },
  {
    id: 'job-deadline',
    summary: 'generated init and upgrade Jobs have an activeDeadlineSeconds (initJobs.activeDeadlineSeconds, 7200 by default): a stuck Job fails its sync wave instead of holding it',
    readme: 'Generated init and upgrade Jobs get `activeDeadlineSeconds: 7200`',
    normaliseDrydockFn: rewritten(
      (object) => (isInitJob(object) || isUpgradeJob(object)) && object.spec?.activeDeadlineSeconds !== undefined,
      (job) => {
        delete job.spec.activeDeadlineSeconds;
      },
    ),
  },
  {
    id: 'upgrade-steps-past-redwood',
    summary: "upgrades past Redwood also run Tutor's steps Drydock misses (the navigation sidebar flag with the MFE plugin, the forum's MongoDB backend with the forum plugin)",
    readme: 'Upgrades past Redwood also run the steps',
    // Which steps apply depends on the plugins: seen on drydock-fn's script.
    normaliseWithOther: withUpgradeSteps,
  },
  {
    id: 'pod-lifecycle-values',
    summary: "pod lifecycle has Drydock 22's values on every Tutor release (Drydock before 16.7.2, 17.5.2, 18.2.4: preStop sleep 30, a startup probe on the public host, no liveness probe, no anti-affinity; those releases probed the CMS with Host: lms)",
    readme: "Pod lifecycle uses Drydock 22's values on every Tutor release",
    normaliseWithOther: withCurrentLifecycle,
  },
  {
    id: 'issuer-without-email',
    summary: 'the Issuer gets no e-mail when none is known, instead of an empty one',
    readme: 'the Issuer gets no `email` when neither `letsencryptEmail` nor `CONTACT_EMAIL` is known',
    normaliseDrydock: rewritten(
      (object) => isKind(object, 'Issuer') && object.spec?.acme?.email === '',
      (issuer) => {
        delete issuer.spec.acme.email;
      },
    ),
  },
];

/** The Sumac steps drydock-fn's upgrade Job adds at the end of Drydock's script. */
function withUpgradeSteps(drydockJob: Item, drydockFnJob: Item | undefined): Item {
  const theirs = scriptOf(drydockJob);
  const ours = drydockFnJob ? scriptOf(drydockFnJob) : undefined;
  if (!isUpgradeJob(drydockJob) || typeof theirs !== 'string' || typeof ours !== 'string' || !ours.startsWith(theirs) || ours === theirs) return drydockJob;
  let rest = ours.slice(theirs.length);
  for (const step of SUMAC_STEPS) if (rest.startsWith(step)) rest = rest.slice(step.length);
  return rest === '' ? withScript(drydockJob, ours) : drydockJob;
}

/** The three lines of Drydock's SCORM route to S3, with their indentation. */
const DRYDOCK_S3_ROUTE = /^([ \t]*)uri \/scorm-proxy\/\* strip_prefix \/scorm-proxy\n[ \t]*reverse_proxy https:\/\/\S+ \{\n[ \t]*header_up Host \S+$/gm;
/** The same lines of drydock-fn's route to an S3 endpoint, path-style or not (not MinIO's). */
const S3_ROUTE = /^[ \t]*uri (?:replace \/scorm-proxy\/ \S+|\/scorm-proxy\/\* strip_prefix \/scorm-proxy)\n[ \t]*reverse_proxy (?!minio:9000 )\S+ \{\n[ \t]*header_up Host \S+$/gm;

/**
 * A Drydock Caddyfile whose SCORM routes go to S3 as Drydock wrote them, with drydock-fn's routes
 * instead, one for one (each in Drydock's indentation), when both have as many: what else differs is
 * still compared.
 */
function withOurS3Routes(drydock: Item, drydockFn: Item): Item {
  const theirs = drydock.data?.Caddyfile;
  const ours = drydockFn.data?.Caddyfile;
  if (!isKind(drydock, 'ConfigMap') || typeof theirs !== 'string' || typeof ours !== 'string') return drydock;
  const ourRoutes = [...ours.matchAll(S3_ROUTE)].map((match) => match[0].split('\n').map((line) => line.trimStart()));
  if (ourRoutes.length === 0 || [...theirs.matchAll(DRYDOCK_S3_ROUTE)].length !== ourRoutes.length) return drydock;
  let index = 0;
  const text = theirs.replace(DRYDOCK_S3_ROUTE, (_route, indent: string) => {
    const [rewrite, proxy, host] = ourRoutes[index++];
    const inner = `${indent}    `;
    return `${indent}${rewrite}\n${indent}${proxy}\n${inner}${host}`;
  });
  if (text === theirs) return drydock;
  const result = copy(drydock);
  result.data.Caddyfile = text;
  return result;
}

const OLDER_PRE_STOP = JSON.stringify({ exec: { command: ['sleep', '30'] } });

/** Drydock's pod lifecycle before 16.7.2 (all of 15.x): preStop sleep 30 and a startup probe of 5 × 5 s, nothing else. */
function hasOlderLifecycle(container: Item): boolean {
  const probe = container.startupProbe;
  return (
    JSON.stringify(container.lifecycle?.preStop) === OLDER_PRE_STOP &&
    container.livenessProbe === undefined &&
    isPlainObject(probe) &&
    probe.initialDelaySeconds === 5 &&
    probe.timeoutSeconds === 3 &&
    probe.periodSeconds === 5 &&
    probe.failureThreshold === 5
  );
}

/**
 * A Drydock lms or cms Deployment with the older lifecycle, with drydock-fn's lifecycle fields instead
 * (preStop, startup and liveness probes on the container named as the Deployment; the grace period and
 * anti-affinity of the pod): every other field is still compared.
 */
function withCurrentLifecycle(drydock: Item, drydockFn: Item): Item {
  const name = nameOf(drydock);
  if (!isKind(drydock, 'Deployment') || (name !== 'lms' && name !== 'cms')) return drydock;
  const index = containersOf(drydock).findIndex((container) => container?.name === name);
  const ourContainer = containersOf(drydockFn).find((container) => container?.name === name);
  if (index < 0 || !ourContainer) return drydock;
  if (!hasOlderLifecycle(containersOf(drydock)[index])) return name === 'cms' ? withCmsProbeHost(drydock, index, ourContainer) : drydock;
  const result = copy(drydock);
  const container = result.spec.template.spec.containers[index];
  for (const field of ['startupProbe', 'livenessProbe']) {
    if (ourContainer[field] === undefined) delete container[field];
    else container[field] = ourContainer[field];
  }
  container.lifecycle = { ...container.lifecycle, preStop: ourContainer.lifecycle?.preStop };
  const podSpec = result.spec.template.spec;
  for (const field of ['terminationGracePeriodSeconds', 'affinity']) {
    const value = drydockFn.spec?.template?.spec?.[field];
    if (value === undefined) delete podSpec[field];
    else podSpec[field] = value;
  }
  return result;
}

/**
 * Drydock 16.7.2, 17.5.2 and 18.2.4 probed the CMS with `Host: lms` (fixed in the next release, #138):
 * the cms probes with the host drydock-fn gives them, when nothing else differs.
 */
function withCmsProbeHost(drydock: Item, index: number, ourContainer: Item): Item {
  const result = copy(drydock);
  const container = result.spec.template.spec.containers[index];
  let changed = false;
  for (const field of ['startupProbe', 'livenessProbe']) {
    for (const header of container[field]?.httpGet?.httpHeaders ?? []) {
      if (header?.name !== 'Host' || header.value !== 'lms') continue;
      header.value = 'cms';
      changed = true;
    }
  }
  const same = ['startupProbe', 'livenessProbe'].every((field) => deepEqual(container[field], ourContainer[field]));
  return changed && same ? result : drydock;
}

/** Drydock's New Relic launch before 18.2.7 on Tutor 18: `uwsgi uwsgi.ini`, where drydock-fn gives the path Tutor mounts. */
function withMountedUwsgiIni(drydock: Item, drydockFn: Item): Item {
  if (!isKind(drydock, 'Deployment')) return drydock;
  let result: Item | undefined;
  containersOf(drydock).forEach((container, index) => {
    const ourContainer = containersOf(drydockFn).find((candidate) => candidate?.name === container?.name);
    if (JSON.stringify(container?.args) !== '["uwsgi","uwsgi.ini"]' || !Array.isArray(ourContainer?.args) || ourContainer.args.length !== 2 || ourContainer.args[0] !== 'uwsgi' || !/\/uwsgi\.ini$/.test(ourContainer.args[1])) return;
    result ??= copy(drydock);
    result.spec.template.spec.containers[index].args = [...ourContainer.args];
  });
  return result ?? drydock;
}

/**
 * Drydock's MongoDB init script before 18.2.8: `mongosh --host <host>` without `--port`, where
 * drydock-fn always gives the port: the same script once the port is put in.
 */
function withMongoshPort(drydock: Item, drydockFn: Item): Item {
  if (!isInitJob(drydock)) return drydock;
  const theirs = scriptOf(drydock);
  const ours = scriptOf(drydockFn);
  if (typeof theirs !== 'string' || typeof ours !== 'string') return drydock;
  const port = /mongosh --host (\S+) (--port \S+ )/.exec(ours);
  if (!port) return drydock;
  const completed = theirs.replace(`mongosh --host ${port[1]} `, `mongosh --host ${port[1]} ${port[2]}`);
  return completed === ours ? withScript(drydock, completed) : drydock;
}

/** The tuning arguments of a Celery worker (what celeryTuning sets). */
const TUNING = /^--(?:concurrency|autoscale|max-tasks-per-child|prefetch-multiplier)(?:=|$)/;

/**
 * Drydock before 18.2.3 replaced Tutor 18's worker arguments with its Tutor 17 list (`--hostname=…%%h`,
 * `--exclude-queues`), losing Tutor's queues; drydock-fn keeps Tutor's arguments and sets the same
 * tuning in them: Drydock's list replaced by drydock-fn's when the tuning arguments are the same.
 */
function withTutorWorkerArguments(drydock: Item, drydockFn: Item): Item {
  if (!isKind(drydock, 'Deployment') || !/^(lms|cms)-worker$/.test(nameOf(drydock))) return drydock;
  const index = containersOf(drydock).findIndex((container) => container?.name === nameOf(drydock));
  const ourContainer = containersOf(drydockFn).find((container) => container?.name === nameOf(drydock));
  const theirArgs = containersOf(drydock)[index]?.args;
  if (index < 0 || !Array.isArray(theirArgs) || !Array.isArray(ourContainer?.args)) return drydock;
  if (!theirArgs.some((arg: unknown) => typeof arg === 'string' && (arg.includes('%%h') || arg.startsWith('--exclude-queues=')))) return drydock;
  const tuning = (args: unknown[]): string => JSON.stringify(args.filter((arg) => typeof arg === 'string' && TUNING.test(arg)).sort());
  if (tuning(theirArgs) !== tuning(ourContainer.args)) return drydock;
  const result = copy(drydock);
  result.spec.template.spec.containers[index].args = [...ourContainer.args];
  return result;
}

/** The registry Secret with its Docker config as canonical JSON (Drydock's Python form read as JSON), on either side. */
function canonicalRegistrySecret(object: Item): Item {
  if (!isKind(object, 'Secret') || object.type !== 'kubernetes.io/dockerconfigjson') return object;
  const text = object.stringData?.['.dockerconfigjson'];
  if (typeof text !== 'string') return object;
  const canonical = canonicalDockerConfig(text);
  if (canonical === undefined || canonical === text) return object;
  const result = copy(object);
  result.stringData['.dockerconfigjson'] = canonical;
  return result;
}

/** The rule with this id. */
export function knownDifference(id: string): KnownDifference {
  const rule = KNOWN_DIFFERENCES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no known difference ${id}`);
  return rule;
}
