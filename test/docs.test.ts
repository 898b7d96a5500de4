/** Generated documentation stays in step with the code. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { settingsReference } from '../src/config/docs';
import { settingPaths } from '../src/config/decode';

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
