/**
 * The data stores of a deployment as its manifests describe them: the Celery broker (Redis), MySQL and
 * MongoDB connection settings, read from the Open edX settings Tutor renders into ConfigMaps, and the
 * MySQL root password as Tutor's mysql Deployment receives it. The one home of reading lms.env.yml.
 */
import { readAsPyYaml } from '../krm/pyyaml';
import { refOf } from '../krm/object';
import { isPlainObject } from '../krm/types';
import type { Result } from '../krm/types';
import type { TutorContext } from './context';
import { mongodbParameters } from './openedx-settings';

/** Where an environment value comes from: a literal, or a key of an existing Secret. */
export type ValueSource = { readonly value: string } | { readonly secretKeyRef: { readonly name: string; readonly key: string } };

export interface CeleryBroker {
  readonly transport: string;
  /** `host:port` as Tutor writes CELERY_BROKER_HOSTNAME. */
  readonly hostname: string;
  /** The database number (CELERY_BROKER_VHOST). */
  readonly vhost: string;
  readonly user: string;
  readonly password: string;
}

export interface DatabaseServer {
  readonly host: string;
  readonly port: number;
}

export interface MongodbServer extends DatabaseServer {
  /** MONGODB_USERNAME; empty without authentication. */
  readonly username: string;
  /** MONGODB_PASSWORD; empty without authentication. */
  readonly password: string;
  readonly authSource: string;
  readonly replicaSet?: string;
}

const lmsEnvCache = new WeakMap<TutorContext, Readonly<Record<string, unknown>>>();

/**
 * The LMS env file (lms.env.yml of the openedx-config ConfigMap) as the LMS reads it (PyYAML: a key
 * given twice is its last value); empty when absent. A file that cannot be read so is an error,
 * reported through the context once, so that no value silently goes missing.
 */
export function lmsEnv(tutor: TutorContext): Readonly<Record<string, unknown>> {
  let env = lmsEnvCache.get(tutor);
  if (!env) {
    const read = readEnvFile(tutor.configMapData('openedx-config')?.['lms.env.yml']);
    if ('problem' in read) tutor.report(envFileError(tutor, 'openedx-config', 'lms.env.yml', read.problem));
    env = 'values' in read ? read.values : {};
    lmsEnvCache.set(tutor, env);
  }
  return env;
}

function readEnvFile(text: string | undefined): { values: Readonly<Record<string, unknown>> } | { problem: string } {
  if (typeof text !== 'string') return { values: {} };
  const read = readAsPyYaml(text);
  if ('problem' in read) return read;
  if (read.value === null) return { values: {} };
  return isPlainObject(read.value) ? { values: read.value } : { problem: 'is not a mapping of settings' };
}

/** The error for an env file drydock-fn cannot read as the LMS does; never quotes the file. */
function envFileError(tutor: TutorContext, baseName: string, key: string, problem: string): Result {
  const object = tutor.configMapObject(baseName);
  return {
    severity: 'error',
    message: `${key} ${problem}, so the values drydock-fn reads from it (hosts, the object storage, the Celery broker, MySQL, CONTACT_EMAIL) are not known as the LMS reads them: fix it in Tutor's settings`,
    tags: { code: 'RESOURCE_INVALID' },
    ...(object ? { resourceRef: refOf(object) } : {}),
    field: { path: `data[${JSON.stringify(key)}]` },
  };
}

/** The Celery broker of the LMS env (CELERY_BROKER_*), or undefined when the env file does not say. */
export function celeryBroker(tutor: TutorContext): CeleryBroker | undefined {
  const env = lmsEnv(tutor);
  const text = (key: string): string | undefined => (env[key] === undefined || env[key] === null ? undefined : String(env[key]));
  const hostname = text('CELERY_BROKER_HOSTNAME');
  if (hostname === undefined) return undefined;
  return {
    transport: text('CELERY_BROKER_TRANSPORT') ?? 'redis',
    hostname,
    vhost: text('CELERY_BROKER_VHOST') ?? '0',
    user: text('CELERY_BROKER_USER') ?? '',
    password: text('CELERY_BROKER_PASSWORD') ?? '',
  };
}

/**
 * The broker URL the way Drydock wrote it for Flower: `redis://USER:PASSWORD@HOST:PORT/DB`. User and
 * password are percent-encoded so that special characters cannot break the URL.
 */
export function brokerUrl(broker: CeleryBroker): string {
  return `${broker.transport}://${encodeURIComponent(broker.user)}:${encodeURIComponent(broker.password)}@${broker.hostname}/${broker.vhost}`;
}

/** MySQL host and port of the LMS database (DATABASES.default), or undefined. */
export function mysqlServer(tutor: TutorContext): DatabaseServer | undefined {
  const databases = lmsEnv(tutor).DATABASES;
  const main = isPlainObject(databases) ? databases.default : undefined;
  if (!isPlainObject(main) || typeof main.HOST !== 'string') return undefined;
  const port = Number(main.PORT ?? 3306);
  return { host: main.HOST, port: Number.isInteger(port) ? port : 3306 };
}

/** MYSQL_ROOT_PASSWORD of Tutor's mysql Deployment (literal or Secret reference), when MySQL runs in the deployment. */
export function mysqlRootPassword(tutor: TutorContext): ValueSource | undefined {
  const mysql = tutor.tutorResources.find((object) => object.kind === 'Deployment' && object.metadata.name === 'mysql') as Record<string, any> | undefined;
  const containers: unknown = mysql?.spec?.template?.spec?.containers;
  if (!Array.isArray(containers)) return undefined;
  for (const container of containers) {
    const env: unknown = isPlainObject(container) ? container.env : undefined;
    if (!Array.isArray(env)) continue;
    const entry = env.find((candidate) => isPlainObject(candidate) && candidate.name === 'MYSQL_ROOT_PASSWORD') as Record<string, any> | undefined;
    if (!entry) continue;
    if (typeof entry.value === 'string') return { value: entry.value };
    const ref = entry.valueFrom?.secretKeyRef;
    if (isPlainObject(ref) && typeof ref.name === 'string' && typeof ref.key === 'string') return { secretKeyRef: { name: ref.name, key: ref.key } };
  }
  return undefined;
}

/**
 * MongoDB connection settings of the LMS (`mongodb_parameters` in Tutor's production settings, read
 * by openedx-settings.ts), or undefined when the settings are not in the input; a problem (an error
 * naming production.py) when drydock-fn cannot evaluate them.
 */
export function mongodbServer(tutor: TutorContext): MongodbServer | { problem: Result } | undefined {
  const parameters = mongodbParameters(tutor);
  if (!parameters || 'problem' in parameters) return parameters;
  return {
    host: parameters.host,
    port: parameters.port,
    username: parameters.username ?? '',
    password: parameters.password ?? '',
    authSource: parameters.authSource ?? 'admin',
    ...(parameters.replicaSet ? { replicaSet: parameters.replicaSet } : {}),
  };
}
