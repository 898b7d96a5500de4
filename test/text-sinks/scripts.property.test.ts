/**
 * Property (issue 13): whatever the MongoDB root credentials, the backup users and passwords (settings)
 * and the MySQL root password and MongoDB user (manifests) hold, each is refused with an error naming
 * its field (never a value with a control character), or the init Jobs' scripts parse (`sh -n`) and,
 * run with stand-in clients, pass every value as one argument that the client's option parser reads
 * as the value of its option (mongosh's, for values starting with "-" too), and as the SQL or
 * JavaScript string that reads back as it. Then the cases of a value a client would take for an
 * option, through the whole function on Tutor's own output.
 */
import * as fc from 'fast-check';
import { decodeFunctionConfig } from '../../src/config/decode';
import { pythonString } from '../../src/encoders/python';
import { hasControlCharacter } from '../../src/encoders/text';
import { planBackupInitTasks } from '../../src/features/lib/backup-init-tasks';
import { mongodbInitTask } from '../../src/features/lib/mongodb-init-task';
import type { Result } from '../../src/krm/types';
import { deriveTutorContext } from '../../src/tutor/context';
import { hostileString } from '../support/hostile';
import { mcPositionalArguments, mongoshArguments } from '../support/client-parsers';
import { documentsOf, withConfigMapText } from '../support/drydock-cases';
import { describeWithFixtures, readFixture } from '../support/fixtures';
import { generatedJobScripts, mongoUserCalls, mysqlStringLiterals, runWithStubClients, shSyntaxErrors } from '../support/job-scripts';
import { propertySamples } from '../support/readers';
import { drydockConfig, itemsOf, runOnManifests } from '../support/run';
import { tutorObjects } from '../support/tutor-objects';
import { resourceSetOf } from '../support/views';

/** A value a client's option parser would take for an option, if written as Drydock writes values. */
const optionLike = (value: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.tuple(fc.constantFrom('-', '--', '--eval='), value).map(([dash, rest]) => dash + rest);
const name = fc.oneof(hostileString({ maxLength: 6 }), fc.stringMatching(/^[a-z][a-z0-9_.-]{0,10}$/), optionLike(fc.stringMatching(/^[a-z0-9]{0,8}$/)));
const secret = fc.oneof(hostileString(), fc.stringMatching(/^[!-~]{1,16}$/), optionLike(hostileString({ maxLength: 4 })));
const CASE = fc.record({
  rootUser: name,
  rootPassword: secret,
  mysqlUser: name,
  mysqlPassword: secret,
  mongoUser: name,
  mongoPassword: secret,
  mysqlRootPassword: secret,
  /** A MongoDB user of Tutor's own in mongodb_parameters (the MongoDB task then creates it), or none. */
  tutorMongo: fc.option(fc.record({ user: secret, password: secret }), { nil: undefined }),
});
type Case = typeof CASE extends fc.Arbitrary<infer T> ? T : never;

function manifests(testCase: Case): Record<string, any>[] {
  const objects = tutorObjects({ mysqlRootPassword: testCase.mysqlRootPassword });
  if (testCase.tutorMongo) {
    for (const object of objects.filter((candidate) => candidate.metadata.name.startsWith('openedx-settings-'))) {
      // Replacement functions: a replacement string would read "$$" in a value as "$".
      const { user, password } = testCase.tutorMongo;
      object.data['production.py'] = object.data['production.py'].replace('"user": None', () => `"user": ${pythonString(user)}`).replace('"password": None', () => `"password": ${pythonString(password)}`);
    }
  }
  return objects;
}

const hasUnpairedSurrogate = (text: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

test('Job scripts property: hostile credentials are refused with their field, or each arrives whole where it is meant', () => {
  const { seed, runs, values } = propertySamples(CASE.filter((testCase) => !hasUnpairedSurrogate(testCase.tutorMongo?.user ?? '') && !hasUnpairedSurrogate(testCase.tutorMongo?.password ?? '')));
  const scripts: { testCase: Case; kind: 'mongodb' | 'mysql' | 'mongo'; script: string }[] = [];
  let refused = 0;
  for (const testCase of values) {
    const where = { seed, testCase };
    const spec = {
      initJobs: { enabled: true, mongodbRootUsername: testCase.rootUser, mongodbRootPassword: testCase.rootPassword },
      backups: { enabled: true, storage: { bucket: 'backups' }, mysql: { username: testCase.mysqlUser, password: testCase.mysqlPassword }, mongodb: { username: testCase.mongoUser, password: testCase.mongoPassword } },
    };
    const decoded = decodeFunctionConfig(drydockConfig(spec));
    const leaks = (results: readonly Result[]): void => {
      for (const text of [testCase.rootUser, testCase.rootPassword, testCase.mysqlUser, testCase.mysqlPassword, testCase.mongoUser, testCase.mongoPassword, testCase.mysqlRootPassword]) {
        if (hasControlCharacter(text) && text.length > 3) expect({ ...where, leaked: JSON.stringify(results).includes(text) }).toEqual({ ...where, leaked: false });
      }
    };
    if (decoded.results.length > 0) {
      refused++;
      for (const result of decoded.results) {
        expect({ ...where, code: result.tags?.code, field: result.field?.path }).toEqual({ ...where, code: 'CONFIG_INVALID_VALUE', field: expect.stringMatching(/^spec\.(initJobs\.mongodbRoot(Username|Password)|backups\.(mysql|mongodb)\.(username|password))$/) });
      }
      leaks(decoded.results);
      continue;
    }
    const views = resourceSetOf(manifests(testCase)).views();
    const tutor = deriveTutorContext(views, decoded.settings);
    const mongodb = mongodbInitTask.contribute({ settings: decoded.settings, tutor, tasks: [], settingResult: () => ({ severity: 'error', message: 'unexpected' }) });
    const backup = planBackupInitTasks(decoded.settings, tutor);
    const results = [...(mongodb.results ?? []), ...backup.refused];
    if (results.length > 0) {
      refused++;
      // Only values of the manifests are refused here (a NUL no shell word can carry), naming their item and field.
      for (const result of results) expect({ ...where, code: result.tags?.code, field: result.field?.path }).toEqual({ ...where, code: 'RESOURCE_INVALID', field: expect.any(String) });
      leaks(results);
      continue;
    }
    for (const task of mongodb.tasks) scripts.push({ testCase, kind: 'mongodb', script: task.command });
    for (const task of backup.tasks) scripts.push({ testCase, kind: task.service === 'mysql' ? 'mysql' : 'mongo', script: task.command });
  }
  expect(refused).toBeGreaterThan(runs / 10);
  expect(scripts.length).toBeGreaterThan(runs / 5);
  expect({ seed, errors: shSyntaxErrors(scripts.map((script) => script.script)) }).toEqual({ seed, errors: [] });
  const ran = runWithStubClients(scripts.map((script) => script.script));
  scripts.forEach(({ testCase, kind }, index) => {
    const where = { seed, testCase, kind };
    const { calls, status, stderr } = ran[index];
    expect({ ...where, status, stderr }).toEqual({ ...where, status: 0, stderr: '' });
    const last = calls[calls.length - 1];
    if (kind === 'mongodb') {
      expect({ ...where, mongosh: mongoshArguments(last.args) }).toEqual({ ...where, mongosh: { options: { host: 'mongodb', port: '27017', username: testCase.rootUser, password: testCase.rootPassword }, positional: ['admin'] } });
      const tutorUser = testCase.tutorMongo;
      const role = { role: 'readWrite', db: 'openedx' };
      expect({ ...where, users: mongoUserCalls(last.stdin) }).toEqual({ ...where, users: tutorUser && tutorUser.user !== '' ? [{ method: 'createUser', args: [{ user: tutorUser.user, pwd: tutorUser.password, roles: [role] }] }] : [] });
    } else if (kind === 'mysql') {
      expect({ ...where, first: calls[0].args }).toEqual({ ...where, first: ['--user=root', `--password=${testCase.mysqlRootPassword}`, '--host=mysql', '--port=3306', '-e', 'SELECT 1'] });
      const user = testCase.mysqlUser;
      expect({ ...where, literals: mysqlStringLiterals(last.args[last.args.length - 1]) }).toEqual({ ...where, literals: [user, '%', testCase.mysqlPassword, user, '%', testCase.mysqlPassword, user, '%'] });
    } else {
      expect({ ...where, eval: last.args.slice(-2, -1) }).toEqual({ ...where, eval: ['--eval'] });
      expect({ ...where, mongosh: mongoshArguments(last.args) }).toEqual({ ...where, mongosh: { options: { quiet: true, host: 'mongodb', port: '27017', eval: [last.args[last.args.length - 1]] }, positional: ['admin'] } });
      expect({ ...where, users: mongoUserCalls(last.args[last.args.length - 1]) }).toEqual({ ...where, users: [{ method: 'createUser', args: [{ user: testCase.mongoUser, pwd: testCase.mongoPassword, roles: ['backup'] }] }] });
    }
  });
});

describeWithFixtures('values a client would read as an option (issue 13, adversarial pass S1)', () => {
  const EVAL = '--eval=db.getSiblingDB("openedx").dropDatabase()';
  const TASKS = [{ service: 'lms', command: './manage.py lms migrate' }];
  /** drydock-fn's MongoDB init Job's script, run with the stand-in clients: what mongosh (or mongo) is given. */
  function mongodbClientCall(manifests: string, spec: Record<string, unknown>, env: Record<string, string> = {}) {
    const outcome = runOnManifests(manifests, drydockConfig(spec));
    expect({ exit: outcome.exitCode, errors: outcome.results.filter((result) => result.severity === 'error') }).toEqual({ exit: 0, errors: [] });
    const script = generatedJobScripts(itemsOf(outcome.output)).find((candidate) => candidate.job.startsWith('drydock-mongodb-job-'));
    expect(script).toBeDefined();
    expect(shSyntaxErrors([script!.script])).toEqual([]);
    const [ran] = runWithStubClients([script!.script], env);
    expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: '' });
    return ran.calls[ran.calls.length - 1];
  }
  const tutor22 = (): string => readFixture('tutor-v22', 'default', 'built.yaml');
  /** Tutor 22's output with `edit` applied to the text of each data key of its ConfigMaps. */
  const tutor22Edited = (edit: (key: string, text: string) => string): string => withConfigMapText(tutor22(), (_name, key, text) => edit(key, text));

  test('a root password that is a mongosh option (the reviewer\'s --eval=…) is the password mongosh reads, and nothing else', () => {
    const call = mongodbClientCall(tutor22(), { initJobs: { enabled: true, mongodbRootUsername: 'root', mongodbRootPassword: EVAL, tasks: TASKS } });
    expect(call.program).toBe('mongosh');
    expect(mongoshArguments(call.args)).toEqual({ options: { host: 'mongodb', port: '27017', username: 'root', password: EVAL }, positional: ['admin'] });
  });

  test('an ordinary password starting with - (-9fKq2#x), and a user starting with -', () => {
    const call = mongodbClientCall(tutor22(), { initJobs: { enabled: true, mongodbRootUsername: '-admin', mongodbRootPassword: '-9fKq2#x', tasks: TASKS } });
    expect(mongoshArguments(call.args)).toEqual({ options: { host: 'mongodb', port: '27017', username: '-admin', password: '-9fKq2#x' }, positional: ['admin'] });
  });

  test('the password from a Secret: the script gives it to mongosh in the form its value needs', () => {
    const spec = { initJobs: { enabled: true, mongodbRootUsername: 'root', mongodbRootPasswordSecretRef: { name: 'mongodb-root' }, tasks: TASKS } };
    for (const password of ['-9fKq2#x', EVAL, '"quoted"', 'plain']) {
      const call = mongodbClientCall(tutor22(), spec, { MONGODB_ROOT_PASSWORD: password });
      expect(mongoshArguments(call.args)).toEqual({ options: { host: 'mongodb', port: '27017', username: 'root', password }, positional: ['admin'] });
    }
  });

  test('a MongoDB host of the manifests that is a mongosh option ("host": "--eval=quit(0)" in mongodb_parameters)', () => {
    const manifests = tutor22Edited((key, text) => (key.endsWith('.py') ? text.replace('"host": "mongodb",', '"host": "--eval=quit(0)",') : text));
    expect(manifests).toContain('--eval=quit(0)');
    const call = mongodbClientCall(manifests, { initJobs: { enabled: true, mongodbRootUsername: 'root', mongodbRootPassword: 's3cret', tasks: TASKS } });
    expect(mongoshArguments(call.args)).toEqual({ options: { host: '--eval=quit(0)', port: '27017', username: 'root', password: 's3cret' }, positional: ['admin'] });
  });

  test('the legacy mongo shell (Tutor 17) gets the joined form, which Boost.Program_options reads whole', () => {
    const call = mongodbClientCall(readFixture('tutor-v17', 'default', 'built.yaml'), { initJobs: { enabled: true, mongodbRootUsername: 'root', mongodbRootPassword: EVAL, tasks: TASKS } });
    expect(call.program).toBe('mongo');
    expect(call.args).toEqual(['--host', 'mongodb', '-u', 'root', `--password=${EVAL}`, 'admin']);
  });

  test('the MinIO credentials of the backup bucket task: one starting with - is refused naming lms.env.yml, never the value', () => {
    const spec = { initJobs: { enabled: true, tasks: TASKS }, backups: { enabled: true, storage: { bucket: 'backups', credentialsSecretName: 'backup-keys' } }, tutor: { plugins: ['minio'] } };
    const withKeys = (key: string, secret: string): string =>
      tutor22Edited((_key, text) => text.replace(/^AWS_ACCESS_KEY_ID: .*$/m, `AWS_ACCESS_KEY_ID: "${key}"`).replace(/^AWS_SECRET_ACCESS_KEY: .*$/m, `AWS_SECRET_ACCESS_KEY: "${secret}"`));
    const refused = runOnManifests(withKeys('-minio-key', 'minio-secret-value'), drydockConfig(spec));
    expect(refused.exitCode).toBe(1);
    expect(refused.results.filter((result) => result.severity === 'error')).toEqual([
      expect.objectContaining({ tags: { code: 'RESOURCE_INVALID' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap' }), field: { path: 'data["lms.env.yml"]' }, message: expect.stringMatching(/AWS_ACCESS_KEY_ID .*starts with "-"/) }),
    ]);
    expect(JSON.stringify(refused.results)).not.toContain('-minio-key');
    // Taken: the bucket task's script (Tutor 22's output has no minio-job template to make a Job of it).
    const decoded = decodeFunctionConfig(drydockConfig(spec));
    const tutor = deriveTutorContext(resourceSetOf(documentsOf(withKeys('minio-key', 'minio-secret-value'))).views(), decoded.settings);
    const plan = planBackupInitTasks(decoded.settings, tutor);
    expect(plan.refused).toEqual([]);
    const task = plan.tasks.find((candidate) => candidate.service === 'minio');
    const [ran] = runWithStubClients([task!.command]);
    const alias = ran.calls.find((call) => call.program === 'mc' && call.args[0] === 'alias');
    expect(mcPositionalArguments(alias!.args.slice(2), ['--api'])).toEqual(['minio', 'http://minio:9000', 'minio-key', 'minio-secret-value']);
  });
});
