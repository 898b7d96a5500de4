/** Access to the shared Tutor fixtures, with a clear skip message when they are absent. */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

export const FIXTURES = process.env.DRYDOCK_FN_FIXTURES ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures');
export const fixturesAvailable = existsSync(path.join(FIXTURES, 'tutor-v22', 'default', 'built.yaml'));

let warned = false;
/** `describe` when the fixtures exist; otherwise a skipped `describe` and one line saying why. */
export function describeWithFixtures(name: string, body: () => void): void {
  if (fixturesAvailable) {
    describe(name, body);
    return;
  }
  if (!warned) {
    warned = true;
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED fixture tests: no Tutor fixtures at ${FIXTURES} (set DRYDOCK_FN_FIXTURES to the shared fixtures folder)`);
  }
  // The body is not run: it may enumerate fixture cases that do not exist here.
  test.skip(`${name} (skipped: fixtures not found at ${FIXTURES})`, () => undefined);
}

/** Why the fixtures cannot be read here, or undefined when they can (for the readers' and tools' skip helpers). */
export const fixturesMissing: string | undefined = fixturesAvailable ? undefined : `no Tutor fixtures at ${FIXTURES} (set DRYDOCK_FN_FIXTURES to the shared fixtures folder)`;

/** `test` when the fixtures exist; otherwise a skipped test whose name says why, and one printed line. */
export function testWithFixtures(name: string, body: () => void): void {
  if (fixturesAvailable) {
    test(name, body);
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED ${name}: ${fixturesMissing}`);
  test.skip(`${name} (skipped: ${fixturesMissing})`, () => undefined);
}

export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** Every case folder holding a built.yaml, relative to the fixtures root: tutor-v22/default, tutor-v17/with-plugins/drydock-all-features … */
export function fixtureCases(filter: (relative: string) => boolean = () => true): string[] {
  if (!fixturesAvailable) return [];
  const out: string[] = [];
  const walk = (relative: string, depth: number): void => {
    const absolute = path.join(FIXTURES, relative);
    if (existsSync(path.join(absolute, 'built.yaml'))) out.push(relative);
    if (depth >= 3) return;
    for (const entry of readdirSync(absolute)) {
      if (entry === 'env') continue;
      if (statSync(path.join(absolute, entry)).isDirectory()) walk(path.join(relative, entry), depth + 1);
    }
  };
  for (const entry of readdirSync(FIXTURES)) if (statSync(path.join(FIXTURES, entry)).isDirectory()) walk(entry, 1);
  return out.filter(filter).sort();
}

/** The Tutor-only cases: every `default` folder (16 of them). */
export function defaultCases(): string[] {
  return fixtureCases((relative) => path.basename(relative) === 'default');
}
