/**
 * The function over every Tutor-only fixture (Tutor 15–22, with and without plugins): byte-identical
 * output with every feature off, only the expected fields changed with the defaults, idempotent, and
 * the same waves and Tutor-job annotations as Drydock's own output.
 */
import * as YAML from 'yaml';
import { defaultCases, describeWithFixtures, readFixture } from './support/fixtures';
import { ALL_OFF_SPEC, drydockConfig, itemsOf, runOnManifests } from './support/run';
import { runFunction } from '../src/run';
import { readdirSync } from 'fs';
import * as path from 'path';
import type { DefaultEffects } from './default-effects/types';

/** Every module in test/default-effects (one per default-on feature). */
const DEFAULT_EFFECTS: DefaultEffects[] = readdirSync(path.join(__dirname, 'default-effects'))
  .filter((file) => file.endsWith('.ts') && file !== 'types.ts')
  .map((file) => (require(path.join(__dirname, 'default-effects', file)) as { effects: DefaultEffects }).effects);

/** Leaf paths where two plain values differ. */
function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (typeof before === 'object' && before !== null && typeof after === 'object' && after !== null && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) => changedPaths((before as any)[key], (after as any)[key], prefix ? `${prefix}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix];
}

const key = (item: Record<string, any>): string => `${item.kind}/${item.metadata.name.replace(/-[a-z0-9]{10}$/, '')}`;

describeWithFixtures('every Tutor-only fixture', () => {
  const cases = defaultCases();

  test('there are 16 of them (Tutor 15–22, with and without plugins)', () => {
    expect(cases).toHaveLength(16);
  });

  describe.each(cases)('%s', (relative) => {
    const built = readFixture(relative, 'built.yaml');

    test('every feature off: the output is the input, byte for byte', () => {
      const input = runOnManifests(built, drydockConfig(ALL_OFF_SPEC));
      expect(input.exitCode).toBe(0);
      expect(input.results).toEqual([]);
      const wrapped = require('../src/io').wrapDocuments(require('../src/io').splitDocuments(built), drydockConfig(ALL_OFF_SPEC));
      expect(runFunction(wrapped).output).toBe(wrapped);
    });

    test('defaults: only the changes the default-on features explain', () => {
      const outcome = runOnManifests(built);
      expect(outcome.exitCode).toBe(0);
      const before = (YAML.parseAllDocuments(built).map((doc) => doc.toJS()) as Record<string, any>[]).filter(Boolean);
      const after = itemsOf(outcome.output);
      const expected = DEFAULT_EFFECTS.map((effects) => effects(before, relative));
      const beforeKeys = new Set(before.map(key));
      expect(after.slice(0, before.length).map(key)).toEqual(before.map(key));
      expect(after.slice(before.length).map(key).sort()).toEqual(expected.flatMap((effect) => effect.added).sort());
      expect(after.slice(before.length).every((item) => !beforeKeys.has(key(item)))).toBe(true);
      const changes = after.slice(0, before.length).flatMap((item, index) => changedPaths(before[index], item).map((path) => `${key(item)} ${path}`));
      expect(changes.sort()).toEqual(expected.flatMap((effect) => effect.changed).sort());
      expect(changes.length).toBeGreaterThanOrEqual(3 * 3 + 4);
    });

    test('deterministic: the same input gives the same bytes', () => {
      expect(runOnManifests(built).output).toBe(runOnManifests(built).output);
    });

    test('idempotent: running on its own output changes nothing', () => {
      const first = runOnManifests(built);
      const second = runFunction(first.output);
      expect(second.exitCode).toBe(0);
      expect(second.output).toBe(first.output);
    });
  });
});

describeWithFixtures('against Drydock 22 (tutor-v22)', () => {
  const tutorOnly = readFixture('tutor-v22', 'default', 'built.yaml');

  /** What Drydock's waves and Tutor-job settings are, per resource. */
  function argoView(items: Record<string, any>[]): Map<string, unknown> {
    const view = new Map<string, unknown>();
    for (const item of items) {
      const annotations = item.metadata.annotations ?? {};
      const isTutorJob = item.kind === 'Job' && item.metadata.labels?.['app.kubernetes.io/component'] === 'job';
      view.set(key(item), {
        wave: annotations['argocd.argoproj.io/sync-wave'],
        ...(isTutorJob ? { hook: annotations['argocd.argoproj.io/hook'], policy: annotations['argocd.argoproj.io/hook-delete-policy'], ttl: item.spec.ttlSecondsAfterFinished } : {}),
      });
    }
    return view;
  }

  test.each([
    ['drydock-defaults', {}],
    ['drydock-all-off', { initJobs: { enabled: false }, ingress: { enabled: false, tls: { auto: false } }, multitenancy: { enabled: false }, scorm: { enabled: false }, podLifecycle: { enabled: false } }],
  ])('%s: same sync waves and Tutor-job annotations', (caseName, spec) => {
    const drydock = argoView((YAML.parseAllDocuments(readFixture('tutor-v22', caseName, 'built.yaml')).map((doc) => doc.toJS()) as Record<string, any>[]).filter(Boolean));
    const outcome = runOnManifests(tutorOnly, drydockConfig(spec));
    expect(outcome.exitCode).toBe(0);
    const ours = argoView(itemsOf(outcome.output));
    // Drydock adds an inert mongodb-job template for `tutor k8s do`; drydock-fn does not (README, intentional differences).
    const drydockOnly = [...drydock.keys()].filter((name) => !ours.has(name));
    expect(drydockOnly.filter((name) => name !== 'Job/mongodb-job' && !name.startsWith('Ingress/') && !name.startsWith('Issuer/'))).toEqual([]);
    // Every object of ours is Drydock's too, with the same waves and hook settings.
    expect([...ours.keys()].filter((name) => !drydock.has(name))).toEqual([]);
    for (const [name, value] of ours) expect({ name, ...(value as object) }).toEqual({ name, ...(drydock.get(name) as object) });
    const waved = [...ours.entries()].filter(([, value]) => (value as { wave?: string }).wave !== undefined).map(([name]) => name);
    expect(waved.sort()).toEqual(['Deployment/cms', 'Deployment/cms-worker', 'Deployment/lms', 'Deployment/lms-worker']);
  });
});
