/** Generated documentation stays in step with the code. */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { settingsReference } from '../src/config/docs';
import { settingPaths } from '../src/config/setting-paths';
import { RESULT_CODES } from '../src/krm/codes';
import { SETTINGS } from '../src/config/settings';

/** The anchors GitHub gives a Markdown page's headings (outside code blocks). */
function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '');
  return new Set(
    [...prose.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

describe('docs/settings.md', () => {
  const file = readFileSync(path.join(__dirname, '..', 'docs', 'settings.md'), 'utf8');

  test('is current (run `npm run docs` after changing a setting)', () => {
    expect(file).toBe(settingsReference());
  });

  test('links only to pages of the repository, and to headings they have', () => {
    const links = [...file.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].filter((match) => !/^[a-z]+:/.test(match[1]));
    expect(links.length).toBeGreaterThanOrEqual(17);
    const broken = links.flatMap(([, target, anchor]) => {
      const page = path.join(__dirname, '..', 'docs', target);
      if (!existsSync(page)) return [`${target}: no such file`];
      if (!anchor) return [];
      return headingAnchors(readFileSync(page, 'utf8')).has(anchor.slice(1)) ? [] : [`${target}${anchor}: no such heading`];
    });
    expect(broken).toEqual([]);
  });

  test('names no document the project does not ship', () => {
    expect(file).not.toMatch(/reference §/);
  });

  test('lists every setting', () => {
    for (const { path: settingPath } of settingPaths()) {
      const printed = settingPath.join('.').replace(/\.(service|command|priority|filter)$/, '[].$1');
      expect(file.includes(`\`${settingPath.join('.')}\``) || file.includes(`\`${printed}\``)).toBe(true);
    }
  });
});

describe('docs/operations/secrets.md', () => {
  const file = readFileSync(path.join(__dirname, '..', 'docs', 'operations', 'secrets.md'), 'utf8');

  test('lists every setting that names a Secret instead of holding a value', () => {
    const references = settingPaths()
      .map((entry) => entry.path.join('.'))
      .filter((settingPath) => /secret(Ref|Name)$/i.test(settingPath));
    expect(references.length).toBeGreaterThanOrEqual(10);
    expect(references.filter((settingPath) => !file.includes(`\`${settingPath}\``))).toEqual([]);
  });

  test('has one row per secret (a note in brackets does not make another)', () => {
    const rows = file.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Secret |')).map((line) => line.split(' | ')[0].replace(/\s*\(.*\)$/, ''));
    expect(rows.filter((row, index) => rows.indexOf(row) !== index)).toEqual([]);
  });
});

describe('CHANGELOG.md', () => {
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
