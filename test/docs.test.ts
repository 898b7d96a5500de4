/** Generated documentation stays in step with the code. */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { settingsReference } from '../src/config/docs';
import { settingPaths } from '../src/config/decode';
import { RESULT_CODES } from '../src/krm/codes';

describe('docs/settings.md', () => {
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

describe('docs/guarantees.md', () => {
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
