/**
 * The forum's MongoDB database (issue 13's adversarial pass, S5): in Drydock one Tutor variable,
 * FORUM_MONGODB_DATABASE, is both the Django setting of the LMS and the database the MongoDB init Job
 * gives the forum's user. drydock-fn reads it from the settings files as Python does (the last
 * assignment, escapes decoded, Drydock's own patch aside), keeps it in the settings unless
 * djangoSettings.forumMongodbDatabase names another, and gives the role on the database Python will
 * read from the output. Python (ast) reads the output's settings files.
 */
import { pythonString } from '../../src/encoders/python';
import { withConfigMapText } from '../support/drydock-cases';
import { describeWithFixtures, readFixture } from '../support/fixtures';
import { generatedJobScripts, mongoUserCalls, runWithStubClients } from '../support/job-scripts';
import { describeWithReader, pythonMissing, runPython } from '../support/readers';
import { drydockConfig, itemsOf, runOnManifests } from '../support/run';

type Item = Record<string, any>;

const TASKS = [{ service: 'lms', command: 'x' }];
const withPlugins = (): string => readFixture('tutor-v22', 'with-plugins', 'default', 'built.yaml');

/** The four settings files with the forum database and a MongoDB user of Tutor's (the reviewer's edit). */
function edited(forum: string): string {
  return withConfigMapText(withPlugins(), (_name, key, text) =>
    key.endsWith('.py')
      ? text
          .replace('FORUM_MONGODB_DATABASE = "cs_comments_service"', () => `FORUM_MONGODB_DATABASE = ${forum}`)
          .replace('"user": None', '"user": "openedx"')
          .replace('"password": None', '"password": "s3cret"')
      : text,
  );
}

/** FORUM_MONGODB_DATABASE as Python reads each settings file of the output (the last top-level assignment). */
function forumAsPythonReads(items: readonly Item[]): Record<string, string | null> {
  const files: Record<string, string> = {};
  for (const item of items) {
    if (item.kind !== 'ConfigMap' || !/^openedx-settings-(lms|cms)/.test(item.metadata.name)) continue;
    for (const [key, text] of Object.entries(item.data as Record<string, string>)) if (key === 'production.py' || key === 'development.py') files[`${item.metadata.name.replace(/-[a-z0-9]{10}$/, '')}/${key}`] = text;
  }
  return runPython<Record<string, string | null>>(
    [
      'import ast',
      'result = {}',
      'for name, text in data.items():',
      '    value = None',
      '    for node in ast.parse(text).body:',
      '        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "FORUM_MONGODB_DATABASE" for t in node.targets):',
      '            value = ast.literal_eval(node.value)',
      '    result[name] = value',
    ].join('\n'),
    files,
  );
}

/** The databases the MongoDB init Job gives Tutor's MongoDB user readWrite on. */
function rolesGiven(items: readonly Item[]): string[] {
  const script = generatedJobScripts(items).find((candidate) => candidate.job.startsWith('drydock-mongodb-job-'));
  if (!script) throw new Error('no MongoDB init Job');
  const [ran] = runWithStubClients([script.script]);
  const calls = mongoUserCalls(ran.calls[ran.calls.length - 1].stdin) as unknown as { args: { roles: { db: string }[] }[] }[];
  return calls[0].args[0].roles.map((role) => role.db);
}

const FOUR = (value: string): Record<string, string> => ({
  'openedx-settings-cms/development.py': value,
  'openedx-settings-cms/production.py': value,
  'openedx-settings-lms/development.py': value,
  'openedx-settings-lms/production.py': value,
});

describeWithFixtures('the forum database: one value for the settings and the MongoDB role', () => {
  describeWithReader(pythonMissing(), 'read by Python', () => {
    test('tutor-forum\'s FORUM_MONGODB_DATABASE = "forum_custom": kept in all four settings files, and the role is on it', () => {
      const input = edited('"forum_custom"');
      expect(forumAsPythonReads(itemsOf(runOnManifests(input).output))).toEqual(FOUR('forum_custom'));
      const outcome = runOnManifests(input, drydockConfig({ initJobs: { enabled: true, tasks: TASKS } }));
      expect(outcome.exitCode).toBe(0);
      const items = itemsOf(outcome.output);
      expect(forumAsPythonReads(items)).toEqual(FOUR('forum_custom'));
      expect(rolesGiven(items)).toEqual(['openedx', 'forum_custom']);
    });

    test('the value read as Python reads the literal: escapes, single quotes, a comment, and the last of two assignments', () => {
      for (const [literal, meant] of [
        ['"forum\\x5fcustom"', 'forum_custom'],
        ["'forum_custom'  # ours", 'forum_custom'],
        ['"first"\nFORUM_MONGODB_DATABASE = "forum_custom"', 'forum_custom'],
        [pythonString('forum_ä'), 'forum_ä'],
      ]) {
        const outcome = runOnManifests(edited(literal), drydockConfig({ initJobs: { enabled: true, tasks: TASKS } }));
        expect({ literal, exit: outcome.exitCode }).toEqual({ literal, exit: 0 });
        const items = itemsOf(outcome.output);
        expect({ literal, read: forumAsPythonReads(items) }).toEqual({ literal, read: FOUR(meant) });
        expect({ literal, roles: rolesGiven(items) }).toEqual({ literal, roles: ['openedx', meant] });
      }
    });

    test('djangoSettings.forumMongodbDatabase: forum_prod on Tutor\'s own output: Python reads forum_prod, and the role is on forum_prod', () => {
      const input = withConfigMapText(withPlugins(), (_name, key, text) => (key.endsWith('.py') ? text.replace('"user": None', '"user": "openedx"').replace('"password": None', '"password": "s3cret"') : text));
      const outcome = runOnManifests(input, drydockConfig({ initJobs: { enabled: true, tasks: TASKS }, djangoSettings: { forumMongodbDatabase: 'forum_prod' } }));
      expect(outcome.exitCode).toBe(0);
      const items = itemsOf(outcome.output);
      expect(forumAsPythonReads(items)).toEqual(FOUR('forum_prod'));
      expect(rolesGiven(items)).toEqual(['openedx', 'forum_prod']);
    });

    test('a FORUM_MONGODB_DATABASE that is no string literal is an error naming the settings file when the value is needed, never a guess', () => {
      const outcome = runOnManifests(edited('os.environ.get("FORUM_DB", "forum")'), drydockConfig({ initJobs: { enabled: true, tasks: TASKS } }));
      expect(outcome.exitCode).toBe(1);
      expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([
        expect.objectContaining({ tags: { code: 'RESOURCE_INVALID' }, resourceRef: expect.objectContaining({ kind: 'ConfigMap' }), field: { path: 'data["production.py"]' }, message: expect.stringMatching(/FORUM_MONGODB_DATABASE/) }),
      ]);
      // Named in the settings, the value the LMS reads is known again.
      expect(runOnManifests(edited('os.environ.get("FORUM_DB", "forum")'), drydockConfig({ initJobs: { enabled: true, tasks: TASKS }, djangoSettings: { forumMongodbDatabase: 'forum' } })).exitCode).toBe(0);
    });
  });
});
