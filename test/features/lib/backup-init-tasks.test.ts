import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { shellQuoted } from '../../../src/encoders/shell';
import { planBackupInitTasks } from '../../../src/features/lib/backup-init-tasks';
import { PRIORITY_LOW } from '../../../src/tutor/init-tasks';
import { tutorObjects } from '../../support/tutor-objects';
import type { TutorObjectsOptions } from '../../support/tutor-objects';
import { resourceSetOf, settingsOf } from '../../support/views';
import { deriveTutorContext } from '../../../src/tutor/context';

function plan(backups: Record<string, unknown>, options: TutorObjectsOptions = {}, initJobs = true, objects: Record<string, any>[] = tutorObjects(options)) {
  const settings = settingsOf({ initJobs: { enabled: initJobs }, backups: { enabled: true, storage: { bucket: 'b' }, ...backups } });
  const views = resourceSetOf(objects).views();
  return planBackupInitTasks(settings, deriveTutorContext(views, settings));
}

/** Runs a task script with `program` replaced by a stub that records each call's arguments (one JSON list per line), and `sleep` by one that does not wait. */
function runWithStub(program: string, script: string): string[][] {
  const dir = mkdtempSync(path.join(tmpdir(), 'drydock-fn-task-'));
  try {
    const log = path.join(dir, 'calls');
    writeFileSync(path.join(dir, program), `#!/usr/bin/env node\nrequire('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`, { mode: 0o755 });
    // The retry loops wait with `sleep 10`: a stand-in that returns at once, so that a script whose probe never succeeds fails in a moment, not in 5 minutes.
    writeFileSync(path.join(dir, 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    execFileSync('sh', ['-e', '-c', script], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, stdio: 'pipe' });
    return readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as string[]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a task script against a server that never answers: `program` is a stub that fails every call,
 * `sleep` one that records its argument and returns at once. What the script printed, how it ended,
 * how often it called the client and how long it would have slept.
 */
function runUnreachable(program: string, script: string): { status: number | null; stdout: string; stderr: string; calls: number; sleeps: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'drydock-fn-task-'));
  try {
    writeFileSync(path.join(dir, program), `#!/bin/sh\necho "$*" >> ${shellQuoted(path.join(dir, 'calls'))}\nexit 1\n`, { mode: 0o755 });
    writeFileSync(path.join(dir, 'sleep'), `#!/bin/sh\necho "$*" >> ${shellQuoted(path.join(dir, 'sleeps'))}\n`, { mode: 0o755 });
    const run = spawnSync('sh', ['-e', '-c', script], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
    const lines = (file: string): string[] => (existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), 'utf8').trim().split('\n') : []);
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls: lines('calls').length, sleeps: lines('sleeps') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('backup init tasks', () => {
  test('none without init jobs, or while the backups use Tutor\'s own users', () => {
    expect(plan({ mysql: { username: 'backup', password: 'pw' } }, {}, false).tasks).toEqual([]);
    expect(plan({}).tasks).toEqual([]);
    expect(plan({ mysql: { username: 'root', password: 'pw' } }).tasks).toEqual([]);
  });

  test('the MySQL backup user: created with the root password of the mysql Deployment, after Tutor\'s tasks', () => {
    const { tasks } = plan({ mysql: { username: 'backup', password: "it's" } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ service: 'mysql', priority: PRIORITY_LOW });
    expect(tasks[0].command).toContain("--user='root' --password='root-password' --host='mysql' --port=3306");
    // Run the script with a stand-in mysql that records its arguments: the SQL must reach MySQL intact.
    const calls = runWithStub('mysql', tasks[0].command);
    expect(calls[0]).toEqual(['--user=root', '--password=root-password', '--host=mysql', '--port=3306', '-e', 'SELECT 1']);
    expect(calls[1].slice(-1)[0]).toBe(
      "CREATE USER IF NOT EXISTS 'backup'@'%' IDENTIFIED BY 'it''s'; ALTER USER 'backup'@'%' IDENTIFIED BY 'it''s'; GRANT SELECT, RELOAD, PROCESS, SHOW VIEW, TRIGGER ON *.* TO 'backup'@'%';",
    );
  });

  test('the MongoDB backup user, with the backup role, through mongosh or the legacy shell', () => {
    const { tasks } = plan({ mongodb: { username: 'backup', password: 'pw"x' } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ service: 'mongodb', priority: PRIORITY_LOW });
    expect(tasks[0].command).toContain('command -v mongosh');
    expect(tasks[0].command).toContain(`--host 'mongodb' --port 27017 admin`);
    expect(tasks[0].command).toContain('roles: ["backup"]');
    const calls = runWithStub('mongosh', tasks[0].command);
    expect(calls).toHaveLength(2);
    expect(calls[1].slice(0, 7)).toEqual(['--quiet', '--host', 'mongodb', '--port', '27017', 'admin', '--eval']);
    expect(calls[1][7]).toContain('pwd: "pw\\"x"');
  });

  test('a server that never answers: 30 tries 10 s apart, each announced, then the task fails saying so, without the user statement', () => {
    const { tasks } = plan({ mysql: { username: 'backup', password: 'pw' }, mongodb: { username: 'backup', password: 'pw' } });
    expect(tasks.map((task) => task.service)).toEqual(['mysql', 'mongodb']);
    for (const [task, program, what] of [
      [tasks[0], 'mysql', 'MySQL'],
      [tasks[1], 'mongosh', 'MongoDB'],
    ] as const) {
      const run = runUnreachable(program, task.command);
      const waits = Array.from({ length: 29 }, (_, index) => `Waiting for ${what} (${index + 1}/30)...`);
      expect({ what, status: run.status, calls: run.calls, sleeps: run.sleeps, stderr: run.stderr }).toEqual({ what, status: 1, calls: 30, sleeps: Array(29).fill('10'), stderr: `${what} is not reachable\n` });
      expect(run.stdout).toBe([`Creating the ${what} backup user...`, ...waits, ''].join('\n'));
    }
  });

  test('tasks that cannot be written are skipped with the reason and the setting', () => {
    expect(plan({ mysql: { username: 'backup', password: 'pw' } }, { mysqlRootPassword: null }).skipped).toEqual([
      expect.objectContaining({ service: 'mysql', path: ['backups', 'mysql', 'username'] }),
    ]);
    expect(plan({ mysql: { username: 'backup', passwordSecretRef: { name: 's' } } }).skipped).toEqual([
      { service: 'mysql', path: ['backups', 'mysql', 'passwordSecretRef'], reason: 'the MySQL backup password is only in a Secret, which an init task cannot read: create the MySQL backup user yourself' },
    ]);
    expect(plan({ mongodb: { username: 'backup', passwordSecretRef: { name: 's' } } }).skipped).toEqual([
      { service: 'mongodb', path: ['backups', 'mongodb', 'passwordSecretRef'], reason: 'the MongoDB backup password is only in a Secret, which an init task cannot read: create the MongoDB backup user yourself' },
    ]);
    expect(plan({ mongodb: { username: 'backup', password: 'pw' } }, { mongodbUser: 'openedx' }).skipped).toEqual([expect.objectContaining({ service: 'mongodb' })]);
  });

  test('the scripts are valid sh', () => {
    const { tasks } = plan({ mysql: { username: 'backup', password: "a'b\"c$d" }, mongodb: { username: 'backup', password: "e'f" } });
    expect(tasks).toHaveLength(2);
    for (const task of tasks) execFileSync('sh', ['-n', '-c', task.command]);
  });

  test('shell quoting survives a round trip through sh', () => {
    for (const value of ["plain", "it's", 'a"b', '$HOME `x` \\n']) expect(execFileSync('sh', ['-c', `printf %s ${shellQuoted(value)}`]).toString()).toBe(value);
  });

  test('a value of the manifests no shell word can carry (NUL) is an error naming the item and field, never the value', () => {
    const { tasks, refused } = plan({ mysql: { username: 'backup', password: 'pw' } }, { mysqlRootPassword: 'root\u0000secret' });
    expect(tasks).toEqual([]);
    expect(refused).toEqual([
      expect.objectContaining({ severity: 'error', tags: { code: 'RESOURCE_INVALID' }, resourceRef: expect.objectContaining({ kind: 'Deployment', name: 'mysql' }), field: { path: 'spec.template.spec.containers[0].env' } }),
    ]);
    expect(refused[0].message).toMatch(/^MYSQL_ROOT_PASSWORD of the mysql Deployment .+, so it cannot be written into an init Job's script: fix it in Tutor's settings$/);
    expect(refused[0].message).not.toContain('secret');
  });

  test("the error names the mysql Deployment, not Tutor's mysql Service listed before it", () => {
    const settings = settingsOf({ initJobs: { enabled: true }, backups: { enabled: true, storage: { bucket: 'b' }, mysql: { username: 'backup', password: 'pw' } } });
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mysql', namespace: 'openedx', labels: { 'app.kubernetes.io/instance': 'openedx-TEST', 'app.kubernetes.io/part-of': 'openedx', 'app.kubernetes.io/managed-by': 'tutor', 'app.kubernetes.io/name': 'mysql' } }, spec: { ports: [{ port: 3306 }] } };
    const views = resourceSetOf([service, ...tutorObjects({ mysqlRootPassword: 'root\u0000secret' })]).views();
    const { refused } = planBackupInitTasks(settings, deriveTutorContext(views, settings));
    expect(refused.map((result) => result.resourceRef)).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'mysql' })]);
  });
});

describe('the words of skipped tasks, and the MongoDB replica set', () => {
  test('no MySQL root password in the manifests; MongoDB with authentication: each reason whole', () => {
    expect(plan({ mysql: { username: 'backup', password: 'pw' } }, { mysqlRootPassword: null }).skipped).toEqual([
      { service: 'mysql', path: ['backups', 'mysql', 'username'], reason: 'the MySQL root password is not in the manifests (no mysql Deployment with a literal MYSQL_ROOT_PASSWORD): create the MySQL backup user yourself' },
    ]);
    expect(plan({ mongodb: { username: 'backup', password: 'pw' } }, { mongodbUser: 'openedx' })).toEqual({
      tasks: [],
      skipped: [{ service: 'mongodb', path: ['backups', 'mongodb', 'username'], reason: 'MongoDB requires authentication and its administrator is not in the manifests: create the MongoDB backup user yourself' }],
      refused: [],
    });
  });

  test("the backup user is Tutor's MongoDB user: nothing to create", () => {
    expect(plan({ mongodb: { username: 'openedx', password: 'pw' } }, { mongodbUser: 'openedx' })).toEqual({ tasks: [], skipped: [], refused: [] });
  });

  test('a replica set: the host is <set>/<host>, as the shells read it', () => {
    const objects = tutorObjects().map((item: Record<string, any>) =>
      item.kind === 'ConfigMap' && item.metadata.name.startsWith('openedx-settings-lms') ? { ...item, data: { 'production.py': item.data['production.py'].replace('"replicaSet": None', '"replicaSet": "rs0"').replace('"port": 27017', '"port": 27018') } } : item,
    );
    const { tasks } = plan({ mongodb: { username: 'backup', password: 'pw' } }, {}, true, objects);
    const calls = runWithStub('mongosh', tasks[0].command);
    expect(calls.map((call) => call.slice(0, 6))).toEqual([
      ['--quiet', '--host', 'rs0/mongodb', '--port', '27018', 'admin'],
      ['--quiet', '--host', 'rs0/mongodb', '--port', '27018', 'admin'],
    ]);
  });
});

describe('values the scripts cannot carry, and the MongoDB script whole', () => {
  const edited = (prefix: string, key: string, edit: (text: string) => string): Record<string, any>[] =>
    tutorObjects().map((item: Record<string, any>) => (item.kind === 'ConfigMap' && item.metadata.name.startsWith(prefix) ? { ...item, data: { [key]: edit(item.data[key]) } } : item));

  test('a MySQL host, MongoDB host or replica set with a NUL: an error naming where it is, no task', () => {
    const mysqlHost = plan({ mysql: { username: 'backup', password: 'pw' } }, {}, true, edited('openedx-config', 'lms.env.yml', (text) => text.replace('HOST: "mysql"', 'HOST: "my\\0sql"')));
    expect([mysqlHost.tasks, mysqlHost.refused.map((result) => [result.resourceRef?.kind, result.message.split(' of ')[0]])]).toEqual([[], [['ConfigMap', 'DATABASES.default.HOST']]]);
    const mongoHost = plan({ mongodb: { username: 'backup', password: 'pw' } }, {}, true, edited('openedx-settings-lms', 'production.py', (text) => text.replace('"host": "mongodb"', '"host": "mongo\\x00db"')));
    expect([mongoHost.tasks, mongoHost.refused.map((result) => result.resourceRef?.kind)]).toEqual([[], ['ConfigMap']]);
    const replicaSet = plan({ mongodb: { username: 'backup', password: 'pw' } }, {}, true, edited('openedx-settings-lms', 'production.py', (text) => text.replace('"replicaSet": None', '"replicaSet": "rs\\x000"')));
    expect([replicaSet.tasks, replicaSet.refused.map((result) => result.resourceRef?.kind)]).toEqual([[], ['ConfigMap']]);
  });

  test('no MongoDB settings in the manifests: no MongoDB task', () => {
    const objects = tutorObjects().filter((item: Record<string, any>) => !(item.kind === 'ConfigMap' && item.metadata.name.startsWith('openedx-settings-lms')));
    expect(plan({ mongodb: { username: 'backup', password: 'pw' } }, {}, true, objects).tasks).toEqual([]);
  });

  test('the MongoDB script: the user created with the backup role, or given the role when it exists', () => {
    const { tasks } = plan({ mongodb: { username: 'backup', password: 'pw"x' } });
    const calls = runWithStub('mongosh', tasks[0].command);
    expect(calls[1][7]).toBe('var user = "backup"; if (db.getUser(user) === null) { db.createUser({ user: user, pwd: "pw\\"x", roles: ["backup"] }); } else { db.grantRolesToUser(user, ["backup"]); }');
  });
});

describe('the MinIO backup bucket', () => {
  /** The test manifests with tutor-minio (a minio Deployment) and these MinIO credentials in the LMS env. */
  const withMinio = (key: string, secret: string): Record<string, any>[] => {
    const objects = tutorObjects().map((item: Record<string, any>) =>
      item.kind === 'ConfigMap' && item.metadata.name.startsWith('openedx-config')
        ? { ...item, data: { 'lms.env.yml': item.data['lms.env.yml'].replace('AWS_ACCESS_KEY_ID: ""', `AWS_ACCESS_KEY_ID: "${key}"`).replace('AWS_SECRET_ACCESS_KEY: ""', `AWS_SECRET_ACCESS_KEY: "${secret}"`) } }
        : item,
    );
    const redis = objects.find((item) => item.kind === 'Deployment' && item.metadata.name === 'redis')!;
    const minio = JSON.parse(JSON.stringify(redis).replace(/redis/g, 'minio'));
    return [...objects, minio];
  };

  test('with tutor-minio and aws-s3 storage: the bucket is created with the LMS\'s MinIO credentials, after Tutor\'s tasks', () => {
    const { tasks, skipped } = plan({}, {}, true, withMinio('minio-key', 'minio-secret'));
    expect(skipped).toEqual([]);
    expect(tasks).toEqual([
      {
        service: 'minio',
        priority: PRIORITY_LOW,
        command: ['echo "Creating the backup bucket..."', "mc alias set minio http://minio:9000 'minio-key' 'minio-secret' --api s3v4", "mc mb --ignore-existing 'minio/b'"].join('\n'),
      },
    ]);
  });

  test('with minioExpirationDays: an expiry rule unless the bucket has one, through the new mc command or the old one', () => {
    const { tasks } = plan({ minioExpirationDays: 30 }, {}, true, withMinio('minio-key', 'minio-secret'));
    const script = tasks[0].command;
    execFileSync('sh', ['-n', '-c', script]);
    const run = (listing: string): string[] => {
      const dir = mkdtempSync(path.join(tmpdir(), 'drydock-fn-task-'));
      try {
        writeFileSync(path.join(dir, 'mc'), `#!/bin/sh\necho "$*" >> ${shellQuoted(path.join(dir, 'calls'))}\ncase "$*" in *" ls "*) printf '%s\\n' ${shellQuoted(listing)} ;; esac\n`, { mode: 0o755 });
        execFileSync('sh', ['-e', '-c', script], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, stdio: 'pipe' });
        return readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    expect(run('no rules')).toEqual([
      'alias set minio http://minio:9000 minio-key minio-secret --api s3v4',
      'mb --ignore-existing minio/b',
      'ilm rule ls minio/b',
      'ilm ls minio/b',
      'ilm rule add --expire-days 30 minio/b',
    ]);
    expect(run('ID  Expiration: 30 days')).toEqual(['alias set minio http://minio:9000 minio-key minio-secret --api s3v4', 'mb --ignore-existing minio/b', 'ilm rule ls minio/b']);
  });

  test('without the MinIO credentials in the LMS env: skipped, about the bucket setting', () => {
    expect(plan({}, {}, true, withMinio('', 'minio-secret'))).toEqual({
      tasks: [],
      skipped: [{ service: 'minio', path: ['backups', 'storage', 'bucket'], reason: 'the MinIO credentials (AWS_ACCESS_KEY_ID of the LMS env) are not in the manifests: create the backup bucket yourself' }],
      refused: [],
    });
    expect(plan({}, {}, true, withMinio('minio-key', '')).skipped.map((entry) => entry.service)).toEqual(['minio']);
    // Keys that are not text in the env (null) are as good as none.
    const withNull = (name: string) =>
      withMinio('k', 's').map((item: Record<string, any>) => (item.kind === 'ConfigMap' && item.metadata.name.startsWith('openedx-config') ? { ...item, data: { 'lms.env.yml': item.data['lms.env.yml'].replace(new RegExp(`${name}: "."`), `${name}: null`) } } : item));
    expect(plan({}, {}, true, withNull('AWS_ACCESS_KEY_ID')).skipped.map((entry) => entry.service)).toEqual(['minio']);
    expect(plan({}, {}, true, withNull('AWS_SECRET_ACCESS_KEY')).skipped.map((entry) => entry.service)).toEqual(['minio']);
  });

  test('credentials mc would read as an option (starting with "-"): an error naming the value\'s place, no task', () => {
    const { tasks, refused } = plan({}, {}, true, withMinio('-key', 'minio-secret'));
    expect(tasks).toEqual([]);
    expect(refused).toEqual([expect.objectContaining({ severity: 'error', tags: { code: 'RESOURCE_INVALID' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap' }) })]);
    expect(plan({}, {}, true, withMinio('minio-key', '-secret')).refused).toHaveLength(1);
  });

  test('no bucket task without tutor-minio, with Azure storage, or without a bucket name', () => {
    expect(plan({}).tasks).toEqual([]);
    expect(plan({ storage: { service: 'azure-blob', bucket: 'b', azureContainerName: 'c', azureAccountName: 'a', azureSasToken: 't' } }, {}, true, withMinio('k', 's')).tasks).toEqual([]);
    expect(plan({ storage: { bucket: '' } }, {}, true, withMinio('k', 's')).tasks).toEqual([]);
  });
});
