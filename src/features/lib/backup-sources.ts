/**
 * Where the database backups take their connection settings and credentials from:
 * the settings first, then what the manifests say (Tutor's MySQL and MongoDB settings, the MySQL root
 * password of the mysql Deployment), as drydock-backups defaults to MYSQL_ROOT_* and MONGODB_*.
 * Shared by the backup CronJobs and the backup-user init tasks, so both see the same users.
 */
import type { DrydockSettings } from '../../config/settings';
import type { Result } from '../../krm/types';
import type { TutorContext } from '../../tutor/context';
import type { DatabaseServer, MongodbServer, ValueSource } from '../../tutor/datastores';
import { mongodbServer, mysqlRootPassword, mysqlServer } from '../../tutor/datastores';

/** Tutor's MySQL administrator (MYSQL_ROOT_USERNAME; Tutor's mysql Deployment only knows root). */
export const MYSQL_ROOT_USERNAME = 'root';

export interface BackupDatabase {
  readonly server: DatabaseServer;
  readonly username: string;
  /** Undefined when no password is known (and none is needed for MongoDB without authentication). */
  readonly password?: ValueSource;
}

export interface BackupSources {
  readonly mysql?: BackupDatabase;
  readonly mongodb?: BackupDatabase & { readonly mongo: MongodbServer };
  /** The MySQL root password, for the init task that creates the backup user. */
  readonly mysqlRoot?: ValueSource;
  /** Why the MongoDB the LMS uses is not known although its settings are in the manifests (an error naming production.py). */
  readonly mongodbProblem?: Result;
}

/** Resolves the backup users and their passwords. Values that are secret stay in the returned sources only. */
export function backupSources(settings: DrydockSettings, tutor: TutorContext): BackupSources {
  const config = settings.backups;
  const mysqlRoot = mysqlRootPassword(tutor);
  const mysql = mysqlServer(tutor);
  const mongoRead = mongodbServer(tutor);
  const mongo = mongoRead && 'problem' in mongoRead ? undefined : mongoRead;
  const fromSettings = (group: DrydockSettings['backups']['mysql']): ValueSource | undefined =>
    group.passwordSecretRef ? { secretKeyRef: { name: group.passwordSecretRef.name, key: group.passwordSecretRef.key } } : group.password !== '' ? { value: group.password } : undefined;

  let mysqlBackup: BackupDatabase | undefined;
  if (mysql) {
    const username = config.mysql.username ?? MYSQL_ROOT_USERNAME;
    const password = fromSettings(config.mysql) ?? (username === MYSQL_ROOT_USERNAME ? mysqlRoot : undefined);
    mysqlBackup = { server: mysql, username, ...(password ? { password } : {}) };
  }
  let mongoBackup: BackupSources['mongodb'];
  if (mongo) {
    const username = config.mongodb.username ?? mongo.username;
    const password = fromSettings(config.mongodb) ?? (username === mongo.username && mongo.password !== '' ? { value: mongo.password } : undefined);
    mongoBackup = { server: { host: mongo.host, port: mongo.port }, mongo, username, ...(password ? { password } : {}) };
  }
  const mongodbProblem = mongoRead && 'problem' in mongoRead ? mongoRead.problem : undefined;
  return { ...(mysqlBackup ? { mysql: mysqlBackup } : {}), ...(mongoBackup ? { mongodb: mongoBackup } : {}), ...(mysqlRoot ? { mysqlRoot } : {}), ...(mongodbProblem ? { mongodbProblem } : {}) };
}
