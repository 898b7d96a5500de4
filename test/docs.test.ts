/**
 * Drift checks: the documentation stays in step with the code. Their expectations come from the code
 * (the settings, the result codes), so they catch documentation falling behind the code, not wrong
 * code; the behaviour itself is pinned by the feature and config tests.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { settingsReference } from '../src/config/docs';
import { settingPaths } from '../src/config/setting-paths';
import { RESULT_CODES } from '../src/krm/codes';
import { SETTINGS } from '../src/config/settings';

describe('drift check: docs/settings.md against src/config/settings.ts', () => {
  const file = readFileSync(path.join(__dirname, '..', 'docs', 'settings.md'), 'utf8');

  test('is current (run `npm run docs` after changing a setting)', () => {
    expect(file).toBe(settingsReference());
  });

  test('lists every setting', () => {
    for (const { path: settingPath } of settingPaths()) {
      const printed = settingPath.join('.').replace(/\.(service|command|priority|filter)$/, '[].$1');
      expect(file.includes(`\`${settingPath.join('.')}\``) || file.includes(`\`${printed}\``)).toBe(true);
    }
  });
});

describe('drift check: CHANGELOG.md against package.json and the settings groups', () => {
  const changelog = readFileSync(path.join(__dirname, '..', 'CHANGELOG.md'), 'utf8');
  const version = (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

  test('has an entry for the package version, with its settings and operating changes', () => {
    const entry = changelog.slice(changelog.indexOf(`## ${version}`));
    expect(changelog).toContain(`## ${version}`);
    expect(entry).toContain('### Settings');
    expect(entry).toContain('### Operating');
  });

  test('names every settings group', () => {
    for (const group of Object.keys(SETTINGS.fields ?? {})) expect({ group, named: changelog.includes(`\`${group}\``) }).toEqual({ group, named: true });
  });
});

describe('drift check: docs/guarantees.md against src/krm/codes.ts and test/bad-input', () => {
  const file = readFileSync(path.join(__dirname, '..', 'docs', 'guarantees.md'), 'utf8');

  test('explains every result code', () => {
    for (const code of Object.keys(RESULT_CODES)) expect({ code, listed: file.includes(`| \`${code}\` |`) }).toEqual({ code, listed: true });
  });

  test('names the corpus size it was written for', () => {
    const corpus = path.join(__dirname, 'bad-input');
    const cases = readdirSync(corpus).filter((name) => statSync(path.join(corpus, name)).isDirectory()).length;
    expect(file).toContain(`in \`test/bad-input/\` (${cases} cases`);
  });
});
