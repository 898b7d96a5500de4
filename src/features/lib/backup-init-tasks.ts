/**
 * The init tasks the backups add (drydock-backups' CLI_DO_INIT_TASKS): create the
 * MySQL and MongoDB backup users, and, with the minio plugin, the backup bucket and its expiry rule.
 * A pure function of the settings and the Tutor context; the init-jobs feature turns the tasks into
 * Jobs like Tutor's own, so they run only when init jobs are on.
 *
 * Differences from drydock-backups: a task is produced only when there is a user to create (the
 * MySQL backup user is not root; the MongoDB backup user is named and MongoDB runs without
 * authentication, where drydock-backups' task failed for an empty name); the tasks wait for their
 * server, run after Tutor's own (LOW priority: they need MySQL and MinIO initialised), and the MySQL
 * user may also dump views and triggers (SHOW VIEW, TRIGGER, which mysqldump needs for them).
 */
import type { DrydockSettings } from '../../config/settings';
import { MONGO_SHELL_OPTIONS, optionWords, positionalArgumentProblem } from '../../encoders/client-arguments';
import { jsString } from '../../encoders/javascript';
import { mysqlString } from '../../encoders/mysql';
import { shellQuoted, shellWordProblem } from '../../encoders/shell';
import type { Result } from '../../krm/types';
import type { TutorContext } from '../../tutor/context';
import type { ValueSource } from '../../tutor/datastores';
import { lmsEnv } from '../../tutor/datastores';
import { PRIORITY_LOW } from '../../tutor/init-tasks';
import { MYSQL_ROOT_USERNAME, backupSources } from './backup-sources';
import type { ManifestValueSource } from './manifest-values';
import { MANIFEST_VALUES, manifestValueError } from './manifest-values';

export interface BackupInitTask {
  /** The service whose `<service>-job` template runs the task (mysql, mongodb, minio). */
  readonly service: string;
  /** The shell script (it holds credentials, as Tutor's own init tasks do). */
  readonly command: string;
  readonly priority: number;
}

/** A task that could not be produced, and why (for a warning; never holds a secret). */
export interface SkippedBackupTask {
  readonly service: string;
  readonly path: readonly (string | number)[];
  readonly reason: string;
}

/** Retries `probe` every 10 s, 30 times at most, then fails the task. */
function waitFor(probe: string, what: string): string {
  return [
    'attempt=0',
    `until ${probe} >/dev/null 2>&1; do`,
    '  attempt=$((attempt + 1))',
    `  if [ "$attempt" -ge 30 ]; then echo "${what} is not reachable" >&2; exit 1; fi`,
    `  echo "Waiting for ${what} ($attempt/30)..."`,
    '  sleep 10',
    'done',
  ].join('\n');
}

/**
 * The backup init tasks, the ones that had to be skipped, and errors for values of the manifests a
 * script cannot carry (a NUL in a password). Empty unless backups and init jobs are both enabled.
 */
export function planBackupInitTasks(settings: DrydockSettings, tutor: TutorContext): { tasks: BackupInitTask[]; skipped: SkippedBackupTask[]; refused: Result[] } {
  const tasks: BackupInitTask[] = [];
  const skipped: SkippedBackupTask[] = [];
  const refused: Result[] = [];
  if (!settings.backups.enabled || !settings.initJobs.enabled) return { tasks, skipped, refused };
  const sources = backupSources(settings, tutor);
  /** True when every value of the manifests is one shell word (and passes `check`); else the error is recorded. */
  const writable = (values: readonly (readonly [string | undefined, ManifestValueSource])[], check?: (value: string) => string | undefined): boolean => {
    for (const [value, source] of values) {
      const problem = value === undefined ? undefined : shellWordProblem(value) ?? check?.(value);
      if (problem) {
        refused.push(manifestValueError(tutor, source, problem));
        return false;
      }
    }
    return true;
  };
  /** True when the backup user's password is a value an init task can write; else the task is recorded as skipped. */
  const literalPassword = (service: 'mysql' | 'mongodb', password: ValueSource | undefined): password is Extract<ValueSource, { value: string }> => {
    if (password && 'value' in password) return true;
    const what = service === 'mysql' ? 'MySQL' : 'MongoDB';
    skipped.push({ service, path: ['backups', service, 'passwordSecretRef'], reason: `the ${what} backup password is only in a Secret, which an init task cannot read: create the ${what} backup user yourself` });
    return false;
  };

  const mysql = sources.mysql;
  if (mysql && mysql.username !== MYSQL_ROOT_USERNAME) {
    if (!sources.mysqlRoot || !('value' in sources.mysqlRoot)) {
      skipped.push({ service: 'mysql', path: ['backups', 'mysql', 'username'], reason: 'the MySQL root password is not in the manifests (no mysql Deployment with a literal MYSQL_ROOT_PASSWORD): create the MySQL backup user yourself' });
    } else if (
      literalPassword('mysql', mysql.password) &&
      writable([
        [sources.mysqlRoot.value, MANIFEST_VALUES.mysqlRootPassword],
        [mysql.server.host, MANIFEST_VALUES.mysqlHost],
      ])
    ) {
      const client = `mysql --user=${shellQuoted(MYSQL_ROOT_USERNAME)} --password=${shellQuoted(sources.mysqlRoot.value)} --host=${shellQuoted(mysql.server.host)} --port=${mysql.server.port}`;
      const user = `${mysqlString(mysql.username)}@'%'`;
      const sql = `CREATE USER IF NOT EXISTS ${user} IDENTIFIED BY ${mysqlString(mysql.password.value)}; ALTER USER ${user} IDENTIFIED BY ${mysqlString(mysql.password.value)}; GRANT SELECT, RELOAD, PROCESS, SHOW VIEW, TRIGGER ON *.* TO ${user};`;
      tasks.push({
        service: 'mysql',
        priority: PRIORITY_LOW,
        command: [`echo "Creating the MySQL backup user..."`, waitFor(`${client} -e 'SELECT 1'`, 'MySQL'), `${client} -e ${shellQuoted(sql)}`].join('\n'),
      });
    }
  }

  const mongo = sources.mongodb;
  if (mongo && mongo.username !== '' && mongo.username !== mongo.mongo.username) {
    if (mongo.mongo.username !== '') {
      skipped.push({ service: 'mongodb', path: ['backups', 'mongodb', 'username'], reason: 'MongoDB requires authentication and its administrator is not in the manifests: create the MongoDB backup user yourself' });
    } else if (
      literalPassword('mongodb', mongo.password) &&
      writable([
        [mongo.server.host, MANIFEST_VALUES.mongodbHost],
        [mongo.mongo.replicaSet, MANIFEST_VALUES.mongodbReplicaSet],
      ])
    ) {
      const host = mongo.mongo.replicaSet ? `${mongo.mongo.replicaSet}/${mongo.server.host}` : mongo.server.host;
      const script = [
        `var user = ${jsString(mongo.username)};`,
        `if (db.getUser(user) === null) { db.createUser({ user: user, pwd: ${jsString(mongo.password.value)}, roles: ["backup"] }); }`,
        'else { db.grantRolesToUser(user, ["backup"]); }',
      ].join(' ');
      // mongosh from MongoDB 6 on; the older images (Tutor ≤ 17) ship the legacy mongo shell.
      const client = `"$shell" --quiet ${optionWords(MONGO_SHELL_OPTIONS.host, host, shellQuoted)} --port ${mongo.server.port} admin`;
      tasks.push({
        service: 'mongodb',
        priority: PRIORITY_LOW,
        command: [
          `echo "Creating the MongoDB backup user..."`,
          'shell=mongosh; command -v mongosh >/dev/null 2>&1 || shell=mongo',
          waitFor(`${client} --eval 'db.runCommand({ ping: 1 })'`, 'MongoDB'),
          `${client} --eval ${shellQuoted(script)}`,
        ].join('\n'),
      });
    }
  }

  const storage = settings.backups.storage;
  if (tutor.plugins.has('minio') && storage.service === 'aws-s3' && storage.bucket !== '') {
    const env = lmsEnv(tutor);
    const key = typeof env.AWS_ACCESS_KEY_ID === 'string' ? env.AWS_ACCESS_KEY_ID : '';
    const secret = typeof env.AWS_SECRET_ACCESS_KEY === 'string' ? env.AWS_SECRET_ACCESS_KEY : '';
    if (key === '' || secret === '') {
      skipped.push({ service: 'minio', path: ['backups', 'storage', 'bucket'], reason: 'the MinIO credentials (AWS_ACCESS_KEY_ID of the LMS env) are not in the manifests: create the backup bucket yourself' });
    } else if (
      // Positional arguments of mc, whose parser takes any argument starting with "-" for a flag.
      writable(
        [
          [key, MANIFEST_VALUES.awsAccessKeyId],
          [secret, MANIFEST_VALUES.awsSecretAccessKey],
        ],
        positionalArgumentProblem,
      )
    ) {
      const bucket = shellQuoted(`minio/${storage.bucket}`);
      const lines = [`echo "Creating the backup bucket..."`, `mc alias set minio http://minio:9000 ${shellQuoted(key)} ${shellQuoted(secret)} --api s3v4`, `mc mb --ignore-existing ${bucket}`];
      if (settings.backups.minioExpirationDays > 0) {
        const days = settings.backups.minioExpirationDays;
        lines.push(
          `if ! mc ilm rule ls ${bucket} 2>/dev/null | grep -q Expir && ! mc ilm ls ${bucket} 2>/dev/null | grep -q Expir; then`,
          `  mc ilm rule add --expire-days ${days} ${bucket} || mc ilm add --expiry-days ${days} ${bucket}`,
          'fi',
        );
      }
      tasks.push({ service: 'minio', priority: PRIORITY_LOW, command: lines.join('\n') });
    }
  }
  return { tasks, skipped, refused };
}
