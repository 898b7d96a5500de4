/**
 * The record of joined empty patches (the `drydock.io/empty-patches` annotation on a Tutor ConfigMap)
 * across repeated runs: set when an empty Drydock patch is joined, taken away when that slot gets a
 * real patch, and set again when the patch is empty again, so that runs in any order end as a first
 * run from Tutor's output would.
 */
import * as YAML from 'yaml';
import { EMPTY_PATCHES_ANNOTATION } from '../../src/tutor/slot-edits';
import { describeWithFixtures, readFixture } from '../support/fixtures';
import { drydockConfig, itemsOf, runOnManifests } from '../support/run';

type Item = Record<string, any>;

/** Runs the function on items (printed back to manifests, as a pipeline's next step would read them). */
function run(manifests: string, spec: unknown): { items: Item[]; text: string } {
  const outcome = runOnManifests(manifests, drydockConfig(spec));
  expect(outcome.results.filter((result) => result.severity === 'error')).toEqual([]);
  const items = itemsOf(outcome.output);
  return { items, text: items.map((item) => YAML.stringify(item)).join('---\n') };
}

const openedxConfig = (items: Item[]): Item => items.find((item) => item.kind === 'ConfigMap' && /^openedx-config(-|$)/.test(item.metadata.name))!;
/** The lms-env slot of lms.env.yml: Tutor renders it between these two settings. */
const lmsEnvSlot = (items: Item[]): string => /^SESSION_COOKIE_DOMAIN: .*\n([\s\S]*?)\nSECRET_KEY:/m.exec(openedxConfig(items).data['lms.env.yml'])![1];

describeWithFixtures('the record of joined empty patches over repeated runs (Tutor 22 with a plugin patching lms-env)', () => {
  // A plugin of this fixture has lines in the lms-env slot, so Drydock's empty patch adds its joining
  // newline there (and only there: no plugin patches cms-env).
  const tutor = (): string => readFixture('tutor-v22', 'with-plugins', 'default', 'built.yaml');

  test('a first run joins the empty patch after the plugin\'s lines and records that slot alone', () => {
    const tutorSlot = lmsEnvSlot(YAML.parseAllDocuments(tutor()).map((doc) => doc.toJS() as Item).filter(Boolean));
    const first = run(tutor(), {});
    expect(openedxConfig(first.items).metadata.annotations[EMPTY_PATCHES_ANNOTATION]).toBe('lms.env.yml:lms-env');
    expect(lmsEnvSlot(first.items)).toBe(`${tutorSlot}\n`);
  });

  test('a real patch in that slot takes the record away; an empty one again brings back the first run\'s bytes and record', () => {
    const first = run(tutor(), {});
    const withPatch = run(first.text, { celeryTuning: { enabled: true, acksLate: true } });
    const config = openedxConfig(withPatch.items);
    expect(config.metadata.annotations).not.toHaveProperty([EMPTY_PATCHES_ANNOTATION]);
    expect(lmsEnvSlot(withPatch.items).match(/^CELERY_ACKS_LATE: true$/gm)).toHaveLength(1);
    expect(lmsEnvSlot(withPatch.items)).toContain(lmsEnvSlot(first.items).trimEnd());
    expect((YAML.parse(config.data['lms.env.yml']) as Item).CELERY_ACKS_LATE).toBe(true);

    const emptyAgain = run(withPatch.text, {});
    expect(openedxConfig(emptyAgain.items).metadata.annotations[EMPTY_PATCHES_ANNOTATION]).toBe('lms.env.yml:lms-env');
    expect(openedxConfig(emptyAgain.items).data).toEqual(openedxConfig(first.items).data);
  });
});
