/**
 * The settings reference holds, for every setting, an example that is a valid value of it (decoded by
 * the codec and accepted by the JSON Schema, which carries the same example and description), and
 * the Tutor releases it applies to; the settings required once a feature is on are enforced: leaving
 * one out is an error naming it.
 */
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'fs';
import * as path from 'path';
import { decodeFunctionConfig } from '../src/config/decode';
import { settingPaths, settingsByPath } from '../src/config/setting-paths';
import type { AnySetting } from '../src/config/dsl';
import { drydockConfigSchema } from '../src/config/schema';
import { releasesOf, REQUIREMENTS } from '../src/config/setting-docs';
import { describeWithFixtures, readFixture } from './support/fixtures';
import { drydockConfig, runOnManifests } from './support/run';

/** Settings whose value is their fields' (a plain group): their fields have the examples. */
const isPlainGroup = (setting: AnySetting): boolean => setting.fields !== undefined && setting.schema.type === 'object';
const documented = settingPaths().filter(({ setting }) => !isPlainGroup(setting));

/** A spec holding `value` at `settingPath` (a field of a list of groups, such as init tasks, inside the first item of the list's example). */
function specWith(settingPath: string[], value: unknown): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  let node = spec;
  for (let index = 0; index < settingPath.length - 1; index++) {
    const setting = settingsByPath().get(settingPath.slice(0, index + 1).join('.'))?.setting;
    if (setting?.schema.type === 'array') {
      const item = { ...(setting.doc.example as Record<string, unknown>[])[0] };
      node[settingPath[index]] = [item];
      node = item;
    } else {
      node[settingPath[index]] = {};
      node = node[settingPath[index]] as Record<string, unknown>;
    }
  }
  node[settingPath[settingPath.length - 1]] = value;
  return spec;
}

describe('setting examples', () => {
  const schema = drydockConfigSchema();
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

  test('every setting has one', () => {
    expect(documented.filter(({ setting }) => setting.doc.example === undefined).map(({ path: settingPath }) => settingPath.join('.'))).toEqual([]);
  });

  test('a plain group has none: its fields have theirs', () => {
    expect(settingPaths().filter(({ setting }) => isPlainGroup(setting) && setting.doc.example !== undefined).map(({ path: settingPath }) => settingPath.join('.'))).toEqual([]);
  });

  test.each(documented.map(({ path: settingPath, setting }) => [settingPath.join('.'), settingPath, setting] as const))('%s: the example decodes and the schema accepts it', (_name, settingPath, setting) => {
    const config = drydockConfig(specWith(settingPath, setting.doc.example));
    expect(decodeFunctionConfig(config).results).toEqual([]);
    expect(validate(config) ? [] : validate.errors).toEqual([]);
  });

  test('the schema carries the examples and the descriptions of docs/settings.md', () => {
    const docs = readFileSync(path.join(__dirname, '..', 'docs', 'settings.md'), 'utf8');
    const spec = (schema.properties as Record<string, any>).spec;
    const node = (settingPath: string[]): Record<string, any> =>
      settingPath.reduce((current: Record<string, any>, key) => {
        const holder = current.anyOf ? current.anyOf[0] : current.type === 'array' ? current.items : current;
        return holder.properties[key];
      }, spec);
    for (const { path: settingPath, setting } of documented) {
      const property = node(settingPath);
      expect({ setting: settingPath.join('.'), description: property.description, examples: property.examples }).toEqual({
        setting: settingPath.join('.'),
        description: setting.doc.description,
        examples: [setting.doc.example],
      });
      expect(docs).toContain(setting.doc.description.replace(/\|/g, '\\|'));
    }
  });

  test('releases: every release unless the Tutor feature is newer or gone', () => {
    const byPath = new Map(settingPaths().map(({ path: settingPath, setting }) => [settingPath.join('.'), setting]));
    expect(releasesOf(byPath.get('tutor.meilisearchHost') as AnySetting)).toBe('19–22');
    expect(releasesOf(byPath.get('ingress.className') as AnySetting)).toBe('15–22');
  });
});

describeWithFixtures('settings required once a feature is on', () => {
  const manifests = readFixture('tutor-v22', 'default', 'built.yaml');
  test.each(REQUIREMENTS.map((requirement) => [requirement.path, requirement] as const))('%s: leaving it out is an error naming it', (_name, requirement) => {
    const outcome = runOnManifests(manifests, drydockConfig(requirement.spec));
    expect(outcome.exitCode).toBe(1);
    expect(outcome.results.filter((result) => result.severity === 'error').map((result) => result.field?.path)).toEqual([`spec.${requirement.path}`]);
  });
});
