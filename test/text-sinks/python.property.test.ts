/**
 * Property (issue 13): whatever djangoSettings.forumMongodbDatabase holds, it is refused with
 * CONFIG_INVALID_VALUE naming the field (never the value), or every settings file drydock-fn edits
 * compiles and gains exactly the statements meant, FORUM_MONGODB_DATABASE equal to the value as Python
 * reads it. One python3 reads every file.
 */
import * as fc from 'fast-check';
import { decodeFunctionConfig } from '../../src/config/decode';
import { djangoSettings } from '../../src/features/django-settings';
import { hasControlCharacter } from '../../src/encoders/text';
import { hostileString } from '../support/hostile';
import { describeWithReader, propertySamples, pythonMissing, runPython } from '../support/readers';
import { drydockConfig } from '../support/run';
import { tutorObjects } from '../support/tutor-objects';
import { runFeature } from '../support/views';

const NAME = fc.oneof(hostileString(), fc.stringMatching(/^[a-z_][a-z0-9_-]{0,20}$/), fc.constantFrom('forum_ä', 'cs_comments_service', 'ünïcødé\u{1F600}'));

describeWithReader(pythonMissing(), 'Django settings property: hostile FORUM_MONGODB_DATABASE values', () => {
  test('every value is refused with its field, or Python reads the statements meant', () => {
    const { seed, runs, values } = propertySamples(NAME);
    // Tutor's settings file, with the line the common-settings slot ends at.
    const objects = tutorObjects();
    const settings = objects.find((object) => object.metadata.name.startsWith('openedx-settings-lms'))!;
    settings.data['production.py'] += 'FEATURES["X"] = True\n\n######## End of settings common to LMS and CMS\nLMS_ONLY = 1\n';
    const baseline = settings.data['production.py'] as string;
    const files: { value: string; after: string }[] = [];
    for (const value of values) {
      const decoded = decodeFunctionConfig(drydockConfig({ djangoSettings: { forumMongodbDatabase: value, loggingTweaks: false, mysqlUtf8mb4: false }, scorm: { enabled: false } }));
      if (decoded.results.length > 0) {
        expect({ seed, value, results: decoded.results.map((result) => [result.tags?.code, result.field?.path]) }).toEqual({ seed, value, results: [['CONFIG_INVALID_VALUE', 'spec.djangoSettings.forumMongodbDatabase']] });
        // A value refused for a control character is never quoted (a pattern's message may quote a printable one).
        if (hasControlCharacter(value) && value.length > 3) expect({ seed, value, leaked: JSON.stringify(decoded.results).includes(value) }).toEqual({ seed, value, leaked: false });
        continue;
      }
      const { objects: output } = runFeature(djangoSettings, objects, { djangoSettings: { forumMongodbDatabase: value, loggingTweaks: false, mysqlUtf8mb4: false }, scorm: { enabled: false } });
      const after = (output.find((object) => object.metadata.name.startsWith('openedx-settings-lms'))!.data as Record<string, string>)['production.py'];
      files.push({ value, after });
    }
    expect(files.length).toBeGreaterThan(runs / 10);
    expect(files.length).toBeLessThan(runs);
    const read = runPython<{ value: string; inserted: string[]; meant: string[]; other: string[] }[]>(
      [
        'import ast, difflib',
        'def dumps(source):',
        '    return [ast.dump(statement) for statement in ast.parse(source).body]',
        'result = []',
        'before = dumps(data["baseline"])',
        'for file in data["files"]:',
        '    compile(file["after"], "production.py", "exec")',
        '    after = dumps(file["after"])',
        '    inserted, other = [], []',
        '    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():',
        '        if tag == "insert": inserted += after[j1:j2]',
        '        elif tag != "equal": other.append(tag)',
        '    meant = dumps("FORUM_MONGODB_DATABASE = %r" % file["value"]) if file["value"] != "" else []',
        '    result.append({"value": file["value"], "inserted": inserted, "meant": meant, "other": other})',
      ].join('\n'),
      { baseline, files },
    );
    for (const file of read) expect({ seed, value: file.value, inserted: file.inserted, other: file.other }).toEqual({ seed, value: file.value, inserted: file.meant, other: [] });
  });
});
