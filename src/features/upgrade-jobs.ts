/**
 * Release upgrade Jobs (DRYDOCK_MIGRATE_FROM): the data steps of `tutor k8s upgrade
 * --from=<release>` as two Argo CD Sync-hook Jobs that run after the init Jobs,
 * `drydock-upgrade-lms-job` (wave 50) and `drydock-upgrade-cms-job` (wave 51), copies of Tutor's
 * `lms-job` and `cms-job` templates running `/bin/sh -c -e <script>`, one command per line.
 *
 * Each Job runs, in release order, the steps of every release from `migrateFrom` up to the one
 * before the manifests' Tutor release: Drydock's commands for Maple (13) and Nutmeg (14), and the
 * Redwood → Sumac waffle flags Tutor's upgrade sets and Drydock misses. Tutor's Maple `migrate <app>`
 * commands are left out: the init Jobs, which run first, migrate every app. Steps Tutor itself does
 * not run on Kubernetes (MongoDB and MySQL engine upgrades: it prints instructions) become warnings
 * saying what to do by hand. The Olive → Palm ora2 folder rename is not reproduced: Tutor runs it
 * in the running LMS pod, on that pod's own (not persistent) filesystem, which a Job cannot reach.
 *
 * Differences from Drydock, on purpose: a Job with nothing to run is not emitted; the Jobs share the
 * init Jobs' delete policy (HookSucceeded,BeforeHookCreation, so a failed upgrade Job is replaced on
 * the next sync instead of blocking it), backoffLimit and TTL.
 */
import { COMPONENT_LABEL } from '../krm/annotations';
import { create } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { Result } from '../krm/types';
import type { TutorContext } from '../tutor/context';
import { forumEnabled } from '../tutor/openedx-settings';
import type { Feature } from './feature';
import { RUNNER_SERVICE_LABEL, TARGET_SERVICE_LABEL, inputJobTemplates, isResult, jobFromTemplate } from './lib/generated-jobs';
import { waveFor } from './lib/wave-order';

export const UPGRADE_COMPONENT_LABEL = 'drydock.io/component';

/** Open edX release names by Tutor major. */
export const RELEASES: Readonly<Record<number, string>> = {
  13: 'Maple',
  14: 'Nutmeg',
  15: 'Olive',
  16: 'Palm',
  17: 'Quince',
  18: 'Redwood',
  19: 'Sumac',
  20: 'Teak',
  21: 'Ulmo',
  22: 'Verawood',
};

type UpgradeService = 'lms' | 'cms';

/** One command of `tutor k8s upgrade` run when upgrading from release `from` to the next one. */
interface UpgradeStep {
  readonly from: number;
  readonly service: UpgradeService;
  readonly command: string;
  /** Only when this holds for the deployment. */
  readonly when?: (tutor: TutorContext) => boolean;
}

/** Tutor's upgrade commands, in release order (Tutor's tutor/commands/upgrade/{k8s,common}.py). */
export const UPGRADE_STEPS: readonly UpgradeStep[] = [
  { from: 13, service: 'lms', command: './manage.py lms backpopulate_user_tours' },
  { from: 13, service: 'cms', command: './manage.py cms backfill_course_tabs' },
  { from: 13, service: 'cms', command: './manage.py cms simulate_publish' },
  { from: 14, service: 'lms', command: './manage.py lms compute_grades -v1 --all_courses' },
  {
    from: 18,
    service: 'lms',
    command: './manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar',
    when: (tutor) => tutor.plugins.has('mfe'),
  },
  {
    from: 18,
    service: 'lms',
    command: '(./manage.py lms waffle_flag --list | grep forum_v2.enable_mysql_backend) || ./manage.py lms waffle_flag --create --deactivate forum_v2.enable_mysql_backend',
    when: forumEnabled,
  },
];

/** Upgrade steps Tutor leaves to the operator on Kubernetes, by release upgraded from. */
const MANUAL_STEPS: readonly { readonly from: number; readonly when: (tutor: TutorContext, target: number) => boolean; readonly message: string }[] = [
  {
    from: 15,
    when: (tutor) => tutor.deployments.has('mongodb'),
    message: 'Olive → Palm: upgrade MongoDB to 4.2 then 4.4 (DOCKER_IMAGE_MONGODB, then setFeatureCompatibilityVersion), as `tutor k8s upgrade` explains',
  },
  {
    from: 15,
    when: (tutor, target) => target >= 18 && tutor.deployments.has('mysql'),
    message: 'Olive → Redwood and later: MySQL 5.7 must go through 8.1 before 8.4 (run MySQL 8.1 on the data once, as `tutor k8s upgrade --from=olive` does)',
  },
  {
    from: 17,
    when: (tutor) => tutor.deployments.has('mongodb'),
    message: 'Quince → Redwood: upgrade MongoDB to 5.0, 6.0 then 7.0 (DOCKER_IMAGE_MONGODB, then setFeatureCompatibilityVersion), as `tutor k8s upgrade` explains',
  },
];

/** The upgrade Jobs' names, Drydock's. */
export function upgradeJobName(service: UpgradeService): string {
  return `drydock-upgrade-${service}-job`;
}

/**
 * The commands each service runs to upgrade from `from` to `target` (Tutor majors), in release order.
 * With `target` unknown, only the steps of Maple and Nutmeg (every supported release is later).
 */
export function upgradeCommands(from: number, target: number | undefined, tutor: TutorContext): Record<UpgradeService, string[]> {
  const commands: Record<UpgradeService, string[]> = { lms: [], cms: [] };
  for (const step of UPGRADE_STEPS) {
    if (step.from < from) continue;
    if (target === undefined ? step.from > 14 : step.from >= target) continue;
    if (step.when && !step.when(tutor)) continue;
    commands[step.service].push(step.command);
  }
  return commands;
}

export const upgradeJobs: Feature = {
  name: 'upgrade-jobs',
  isEnabled: (settings) => settings.initJobs.enabled && settings.initJobs.migrateFrom > 0,
  run({ resources, settings, tutor }) {
    const from = settings.initJobs.migrateFrom;
    const target = tutor.version?.major;
    const results: Result[] = [];
    const release = (major: number): string => `${RELEASES[major] ?? 'release'} (${major})`;
    if (target !== undefined && from >= target) {
      return { changes: [], results: [{ severity: 'warning', tags: { code: 'CONFIG_SETTING' }, message: `initJobs.migrateFrom (DRYDOCK_MIGRATE_FROM) is ${from}, not older than the manifests' Tutor ${target}: no upgrade Jobs` }] };
    }
    if (from < 13) {
      results.push({ severity: 'warning', tags: { code: 'CONFIG_SETTING' }, message: `initJobs.migrateFrom (DRYDOCK_MIGRATE_FROM) is ${from}: upgrades from releases before Maple (13) need Tutor's manual steps first; the upgrade Jobs cover Maple onwards` });
    }
    if (target === undefined) {
      results.push({ severity: 'warning', tags: { code: 'CONFIG_SETTING' }, message: `the Tutor version of the manifests is unknown (set spec.tutor.version): the upgrade Jobs hold only the Maple and Nutmeg steps` });
    } else {
      for (const step of MANUAL_STEPS) {
        if (step.from >= from && step.from < target && step.when(tutor, target)) {
          results.push({ severity: 'warning', tags: { code: 'UPGRADE_MANUAL_STEP' }, message: `upgrading from ${release(from)} to ${release(target)}, to do by hand: ${step.message}` });
        }
      }
    }
    const templates = inputJobTemplates(resources);
    const commands = upgradeCommands(Math.max(from, 13), target, tutor);
    const changes: Change[] = [];
    (['lms', 'cms'] as const).forEach((service, index) => {
      if (commands[service].length === 0) return;
      const name = upgradeJobName(service);
      const template = templates.get(`${service}-job`);
      if (!template) {
        results.push({ severity: 'warning', tags: { code: 'RESOURCE_MISSING' }, message: `the input has no ${service}-job template: ${name} (upgrade steps ${commands[service].length}) is not generated` });
        return;
      }
      const { [COMPONENT_LABEL]: _component, ...templateLabels } = template.object.metadata.labels ?? {};
      const labels = { ...templateLabels, [UPGRADE_COMPONENT_LABEL]: 'job', [TARGET_SERVICE_LABEL]: service, [RUNNER_SERVICE_LABEL]: service };
      const probe = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name } };
      const wave = waveFor(probe, settings, true) ?? 50 + index;
      const script = `${commands[service].join('\n')}\n`;
      const job = jobFromTemplate(template, { name, labels, wave, script, invocation: 'bin-sh' }, settings, tutor);
      if (isResult(job)) results.push(job);
      else changes.push(create(job));
    });
    if (results.some((result) => result.severity === 'error')) return { changes: [], results };
    return { changes, results };
  },
};
