/**
 * Property (issue 13): whatever the MongoDB root credentials, the backup users and passwords (settings)
 * and the MySQL root password and MongoDB user (manifests) hold, each is refused with an error naming
 * its field (never a value with a control character), or the init Jobs' scripts parse (`sh -n`) and,
 * run with stand-in clients, pass every value as one argument and as the SQL or JavaScript string that
 * reads back as it.
 */
import * as fc from 'fast-check';
import { decodeFunctionConfig } from '../../src/config/decode';
import { pythonString } from '../../src/encoders/python';
import { hasControlCharacter } from '../../src/encoders/text';
import { planBackupInitTasks } from '../../src/features/backup-init-tasks';
import { mongodbInitTask } from '../../src/features/mongodb-init-task';
import type { Result } from '../../src/krm/types';
import { deriveTutorContext } from '../../src/tutor/context';
import { hostileString } from '../support/hostile';
import { mongoUserCalls, mysqlStringLiterals, runWithStubClients, shSyntaxErrors } from '../support/job-scripts';
import { propertySamples } from '../support/readers';
import { drydockConfig } from '../support/run';
import { tutorObjects } from '../support/tutor-objects';
import { resourceSetOf } from '../support/views';

const name = fc.oneof(hostileString({ maxLength: 6 }), fc.stringMatching(/^[a-z][a-z0-9_.-]{0,10}$/));
const secret = fc.oneof(hostileString(), fc.stringMatching(/^[!-~]{1,16}$/));
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
      expect({ ...where, args: last.args }).toEqual({ ...where, args: ['--host', 'mongodb', '--port', '27017', '-u', testCase.rootUser, '-p', testCase.rootPassword, 'admin'] });
      const tutorUser = testCase.tutorMongo;
      const role = { role: 'readWrite', db: 'openedx' };
      expect({ ...where, users: mongoUserCalls(last.stdin) }).toEqual({ ...where, users: tutorUser && tutorUser.user !== '' ? [{ method: 'createUser', args: [{ user: tutorUser.user, pwd: tutorUser.password, roles: [role] }] }] : [] });
    } else if (kind === 'mysql') {
      expect({ ...where, first: calls[0].args }).toEqual({ ...where, first: ['--user=root', `--password=${testCase.mysqlRootPassword}`, '--host=mysql', '--port=3306', '-e', 'SELECT 1'] });
      const user = testCase.mysqlUser;
      expect({ ...where, literals: mysqlStringLiterals(last.args[last.args.length - 1]) }).toEqual({ ...where, literals: [user, '%', testCase.mysqlPassword, user, '%', testCase.mysqlPassword, user, '%'] });
    } else {
      expect({ ...where, eval: last.args.slice(-2, -1) }).toEqual({ ...where, eval: ['--eval'] });
      expect({ ...where, users: mongoUserCalls(last.args[last.args.length - 1]) }).toEqual({ ...where, users: [{ method: 'createUser', args: [{ user: testCase.mongoUser, pwd: testCase.mongoPassword, roles: ['backup'] }] }] });
    }
  });
});
