/**
 * Drydock's MongoDB init task and its `mongodb-job` template. Drydock adds a HIGH
 * priority task in the `mongodb` service that creates or updates Tutor's MongoDB user (when Tutor
 * has one) with readWrite on the Open edX database, and on the forum's when the forum is enabled.
 *
 * The script is the one Drydock renders, byte for byte, with the values Tutor's LMS settings hold:
 * `mongosh --host [<replica set>/]<host> --port <port>` from Tutor 18 (Drydock 18.2.8+), `mongo
 * --host <host>` before. Differences, on purpose: the `mongo` form also gets the port when it is not
 * 27017 and the replica set prefix when there is one (Drydock added them to the `mongosh` form only);
 * every value is encoded for where it goes (one shell word that the client's option parser reads as
 * the option's value, `--password=<value>` when it starts with "-"; a JavaScript string of printable
 * ASCII, which the legacy shell reads too) and the here-document quoted when its text holds what the
 * shell would expand, where Drydock pastes values as they are.
 */
import { MONGO_SHELL_OPTIONS, optionWords, variableOptionSelection } from '../../encoders/client-arguments';
import { jsString } from '../../encoders/javascript';
import { hereDocument, shellWordProblem } from '../../encoders/shell';
import { COMPONENT_LABEL } from '../../krm/annotations';
import type { KubeObject } from '../../krm/types';
import type { TutorContext } from '../../tutor/context';
import { PRIORITY_HIGH } from '../../tutor/init-tasks';
import type { InitTask } from '../../tutor/init-tasks';
import { MONGODB_DEFAULT_PORT, forumEnabled, mongodbParameters } from '../../tutor/openedx-settings';
import type { MongodbParameters } from '../../tutor/openedx-settings';
import { forumDatabaseAfterEdits } from './common-settings-patch';
import { TUTOR_JOB_COMPONENT } from './generated-jobs';
import { INIT_TASKS_FILTER } from './init-task-providers';
import type { InitTaskProvider } from './init-task-providers';
import { MANIFEST_VALUES, manifestValueError } from './manifest-values';

export const MONGODB_SERVICE = 'mongodb';
/** The variable the MongoDB Job reads the root password from when it comes from a Secret. */
export const MONGODB_ROOT_PASSWORD_ENV = 'MONGODB_ROOT_PASSWORD';
/** Tutor release whose Drydock (18.x) switched to mongosh. */
const MONGOSH_SINCE_MAJOR = 18;

/** What the MongoDB script needs. */
export interface MongodbTaskValues {
  readonly connection: MongodbParameters;
  /** Drydock's MONGODB_ROOT_USERNAME / _PASSWORD: both set or none used. */
  readonly rootUsername?: string;
  /** The password, or the environment variable the Job gets it in from a Secret. */
  readonly rootPassword?: string | { readonly env: string };
  /** Add the readWrite role on the forum database. */
  readonly forumDatabase?: string;
  /** `mongosh` (Tutor ≥ 18) or the legacy `mongo` shell. */
  readonly client: 'mongosh' | 'mongo';
}

/** The script of Drydock's MongoDB init task. */
export function mongodbInitScript(values: MongodbTaskValues): string {
  const { connection } = values;
  const host = optionWords(MONGO_SHELL_OPTIONS.host, `${connection.replicaSet ? `${connection.replicaSet}/` : ''}${connection.host}`);
  // A password from a Secret is known when the Job runs: the script picks the option's form then.
  const fromVariable = typeof values.rootPassword === 'object' ? variableOptionSelection(MONGO_SHELL_OPTIONS.password, values.rootPassword.env) : undefined;
  const credentials =
    values.rootUsername && values.rootPassword
      ? `${optionWords(MONGO_SHELL_OPTIONS.username, values.rootUsername)} ${fromVariable ? fromVariable.words : optionWords(MONGO_SHELL_OPTIONS.password, values.rootPassword as string)}`
      : undefined;
  let connect: string;
  if (values.client === 'mongosh') {
    connect = `mongosh ${host} --port ${connection.port} ${credentials ?? ''} admin`;
  } else {
    const port = connection.port !== MONGODB_DEFAULT_PORT ? ` --port ${connection.port}` : '';
    connect = `mongo ${host}${port} ${credentials ? ` ${credentials} ` : ''} admin`;
  }
  const body = ['  '];
  if (connection.username) {
    const user = jsString(connection.username);
    const password = jsString(connection.password ?? '');
    const databaseRole = `{ role: "readWrite", db: ${jsString(connection.database)} },`;
    const forumRole = values.forumDatabase ? `{ role: "readWrite", db: ${jsString(values.forumDatabase)} },` : '';
    // Both calls give the same roles, indented as Drydock's script has them.
    const roles = (margin: string): string[] => [`${margin}roles: [`, `${margin}  ${databaseRole}`, `${margin}  ${forumRole}`, `${margin}]`];
    body.push(
      `  if (db.getUser(${user}) == null) {`,
      `    db.createUser({`,
      `        user: ${user},`,
      `        pwd:  ${password},`,
      ...roles('        '),
      `    })`,
      `  } else {`,
      `    db.updateUser(${user}, {`,
      `      pwd: ${password},`,
      ...roles('      '),
      `    })`,
      `  }`,
      '  ',
    );
  }
  body.push('  ', '  exit');
  // Drydock's unquoted <<EOF, quoted when a value holds what the shell would expand in it.
  const document = hereDocument(body.join('\n'));
  return ['echo "Initialising MongoDB..."', ...(credentials && fromVariable ? [fromVariable.line] : []), `${connect} ${document.operator}`, ...body, document.delimiter].join('\n');
}

/** Drydock's `mongodb-job` template: a Job with one `mongodb` container, labelled as Tutor's templates are. */
export function mongodbJobTemplate(image: string, tutor: TutorContext): KubeObject {
  const labels = tutor.commonLabels;
  const annotations = tutor.commonAnnotations;
  const podMetadata = {
    ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
    ...(Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${MONGODB_SERVICE}-job`, ...(tutor.namespace ? { namespace: tutor.namespace } : {}), labels: { ...labels, [COMPONENT_LABEL]: TUTOR_JOB_COMPONENT } },
    spec: {
      ttlSecondsAfterFinished: 100,
      template: {
        ...(Object.keys(podMetadata).length > 0 ? { metadata: podMetadata } : {}),
        spec: { restartPolicy: 'Never', containers: [{ name: MONGODB_SERVICE, image }] },
      },
    },
  };
}

/**
 * Adds the MongoDB task (unless the tasks already have a `mongodb` one, or the setting is off) and
 * the `mongodb-job` template, when MongoDB is part of the deployment: a `mongodb` Deployment, or
 * MongoDB settings in Tutor's LMS settings (an external MongoDB).
 */
export const mongodbInitTask: InitTaskProvider = {
  name: 'mongodb-init-task',
  contribute({ settings, tutor, tasks, settingResult }) {
    const { mongodbRootUsername: rootUsername, mongodbRootPassword: rootPassword, mongodbRootPasswordSecretRef: passwordRef } = settings.initJobs;
    if (passwordRef && rootPassword !== null) {
      return { tasks: [], results: [settingResult('error', ['initJobs', 'mongodbRootPasswordSecretRef'], 'give either mongodbRootPassword or mongodbRootPasswordSecretRef, not both')] };
    }
    if (passwordRef && !rootUsername) {
      return { tasks: [], results: [settingResult('error', ['initJobs', 'mongodbRootUsername'], 'required with mongodbRootPasswordSecretRef: the MongoDB user the password belongs to')] };
    }
    const parameters = mongodbParameters(tutor);
    // MongoDB settings drydock-fn cannot evaluate: MongoDB is part of the deployment, but where the LMS connects is not known (the task needs it, the template does not).
    const unknown = parameters && 'problem' in parameters ? parameters.problem : undefined;
    const read = parameters && !('problem' in parameters) ? parameters : undefined;
    const connection: MongodbParameters | undefined = unknown ? undefined : read ?? (tutor.deployments.has(MONGODB_SERVICE) ? { host: MONGODB_SERVICE, port: MONGODB_DEFAULT_PORT, database: 'openedx' } : undefined);
    if (!connection && !unknown) return { tasks: [] };
    // Host and replica set become shell words; the JavaScript strings carry any text.
    const unwritable = (
      [
        [connection?.host, MANIFEST_VALUES.mongodbHost],
        [connection?.replicaSet, MANIFEST_VALUES.mongodbReplicaSet],
      ] as const
    ).find(([value]) => value !== undefined && shellWordProblem(value) !== undefined);
    if (unwritable) return { tasks: [], results: [manifestValueError(tutor, unwritable[1], shellWordProblem(unwritable[0] as string) as string)] };
    const image = tutor.images.mongodb;
    const listed = tasks.some((task) => task.service === MONGODB_SERVICE);
    const wanted = settings.initJobs.mongodbTask && !listed;
    if (!image) {
      if (!wanted && !listed) return { tasks: [] };
      return {
        tasks: [],
        results: [
          {
            severity: 'warning',
            tags: { code: 'RESOURCE_MISSING' },
            message: `the MongoDB init task needs the MongoDB image and the input has no mongodb Deployment to take it from: set spec.tutor.images.mongodb (DOCKER_IMAGE_MONGODB); no drydock-mongodb-job is generated`,
          },
        ],
      };
    }
    const templates = { [MONGODB_SERVICE]: mongodbJobTemplate(image, tutor) };
    if (!wanted) return { tasks: [], templates };
    if (!connection) return { tasks: [], results: unknown ? [unknown] : [] };
    const major = tutor.version?.major;
    // The database the LMS will read once the settings are edited: the role goes where the forum is.
    const forum = forumEnabled(tutor) ? forumDatabaseAfterEdits(settings, tutor) : undefined;
    if (forum && 'problem' in forum) return { tasks: [], results: [forum.problem] };
    const command = mongodbInitScript({
      connection,
      rootUsername: rootUsername ?? undefined,
      rootPassword: passwordRef ? { env: MONGODB_ROOT_PASSWORD_ENV } : rootPassword ?? undefined,
      forumDatabase: forum?.value,
      client: major !== undefined && major < MONGOSH_SINCE_MAJOR ? 'mongo' : 'mongosh',
    });
    const secretEnv = passwordRef && rootUsername ? [{ name: MONGODB_ROOT_PASSWORD_ENV, secretName: passwordRef.name, key: passwordRef.key }] : undefined;
    const task: InitTask = { service: MONGODB_SERVICE, command, priority: PRIORITY_HIGH, filter: INIT_TASKS_FILTER, ...(secretEnv ? { secretEnv } : {}) };
    return { tasks: [task], templates };
  },
};
