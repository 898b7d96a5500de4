/**
 * Drift checks: the documentation stays in step with the code. Their expectations come from the code
 * (the settings, the result codes), so they catch documentation falling behind the code, not wrong
 * code; the behaviour itself is pinned by the feature and config tests.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { settingsReference } from '../src/config/docs';
import { settingPaths, settingsByPath } from '../src/config/setting-paths';
import { RESULT_CODES } from '../src/krm/codes';
import { SETTINGS } from '../src/config/settings';
import * as YAML from 'yaml';
import { docBlocks } from './support/doc-blocks';

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

describe('drift check: docs/settings.md against src/config/settings.ts', () => {
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
      // A field of a list of groups is printed after the list's name and `[]` (initJobs.tasks[].service).
      const printed = settingPath.map((key, index) => (index < settingPath.length - 1 && settingsByPath().get(settingPath.slice(0, index + 1).join('.'))?.setting.schema.type === 'array' ? `${key}[]` : key)).join('.');
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

describe('docs/operations/install-argocd.md: the Helm values install the plugin and sidecar the page installs by hand', () => {
  const page = 'docs/operations/install-argocd.md';
  const blocks = docBlocks(page, readFileSync(path.join(__dirname, '..', page), 'utf8'));
  const valuesBlock = blocks.find((block) => block.flags.has('fragment') && block.body.startsWith('configs:'));
  const values = YAML.parse(valuesBlock?.body ?? '{}');
  const plugin = YAML.parse(readFileSync(path.join(__dirname, '..', 'examples', 'argocd', 'plugin.yaml'), 'utf8'));
  const patch = YAML.parse(readFileSync(path.join(__dirname, '..', 'examples', 'argocd', 'repo-server-patch.yaml'), 'utf8'));
  const patchContainer = patch.spec.template.spec.containers[0];
  const container = values.repoServer?.extraContainers?.[0] ?? {};

  test("the chart's plugin is examples/argocd/plugin.yaml", () => {
    expect(valuesBlock).toBeDefined();
    expect(values.configs.cmp.create).toBe(true);
    expect(Object.keys(values.configs.cmp.plugins)).toEqual([plugin.metadata.name]);
    expect(values.configs.cmp.plugins[plugin.metadata.name]).toEqual(plugin.spec);
  });

  test("the sidecar is the patch's container, mounting the key the chart writes (<plugin name>.yaml of argocd-cmp-cm)", () => {
    expect({ name: container.name, command: container.command, securityContext: container.securityContext }).toEqual({
      name: patchContainer.name,
      command: patchContainer.command,
      securityContext: patchContainer.securityContext,
    });
    const mountPaths = (mounts: { mountPath: string }[]): string[] => mounts.map((mount) => mount.mountPath).sort();
    expect(mountPaths(container.volumeMounts)).toEqual(mountPaths(patchContainer.volumeMounts));
    const config = container.volumeMounts.find((mount: { mountPath: string }) => mount.mountPath === '/home/argocd/cmp-server/config/plugin.yaml');
    expect(config.subPath).toBe(`${plugin.metadata.name}.yaml`);
    const volumes = Object.fromEntries((values.repoServer.volumes as { name: string }[]).map((volume) => [volume.name, volume]));
    expect(volumes[config.name]).toEqual({ name: config.name, configMap: { name: 'argocd-cmp-cm' } });
    // var-files and plugins are the chart's own repo-server volumes; every other mount needs a volume here.
    const missing = (container.volumeMounts as { name: string }[]).map((mount) => mount.name).filter((name) => !['var-files', 'plugins'].includes(name) && !volumes[name]);
    expect(missing).toEqual([]);
  });

  test('the callers wait longer than the sidecar lets a command run', () => {
    const exec = container.env.find((variable: { name: string }) => variable.name === 'ARGOCD_EXEC_TIMEOUT');
    const execSeconds = Number(/^(\d+)s$/.exec(exec.value)?.[1]);
    expect(execSeconds).toBeGreaterThan(90);
    for (const key of ['controller.repo.server.timeout.seconds', 'server.repo.server.timeout.seconds']) {
      expect({ key, longer: Number(values.configs.params[key]) > execSeconds }).toEqual({ key, longer: true });
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

describe('source comments', () => {
  test('cite no section of a document the project does not ship', () => {
    const citing: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.ts$/.test(entry) && /reference §/.test(readFileSync(full, 'utf8'))) citing.push(path.relative(path.join(__dirname, '..'), full));
      }
    };
    walk(path.join(__dirname, '..', 'src'));
    expect(citing).toEqual([]);
  });
});
