/**
 * The extension point of the init Jobs: features that need their own init tasks (Drydock's MongoDB
 * user task, the backup users of drydock-backups …) contribute them here instead of editing the
 * init-jobs feature. Drydock's plugins do the same through Tutor's CLI_DO_INIT_TASKS filter.
 *
 * A provider runs only when init Jobs are on. Its tasks are merged into Tutor's list as Tutor would
 * order them: each goes right after the last task of CLI_DO_INIT_TASKS (or without a filter) whose
 * priority is not higher than its own (a task without a priority counts as DEFAULT, 10), so a HIGH
 * task lands after Tutor's HIGH tasks and before the DEFAULT ones. Providers run in list order and
 * see the tasks the providers before them added. The Job index `i` (name `drydock-<service>-job-<i>`,
 * wave 1 + 2i) counts the merged list.
 */
import type { SettingResult } from '../../config/decode';
import type { DrydockSettings } from '../../config/settings';
import { planBackupInitTasks } from './backup-init-tasks';
import type { KubeObject, Result } from '../../krm/types';
import type { InitTask } from '../../tutor/init-tasks';
import type { TutorContext } from '../../tutor/context';

/** Tutor's filter of the ordered init tasks (CLI_DO_INIT_TASKS); contributed tasks join it. */
export const INIT_TASKS_FILTER = 'CLI_DO_INIT_TASKS';

export interface InitTaskContribution {
  /** Tasks to add to Tutor's list. */
  readonly tasks: readonly InitTask[];
  /**
   * Job templates by service, for services the input has no `<service>-job` template for (drydock-fn
   * builds the Job from it as it does from Tutor's templates). A Tutor template in the input wins.
   */
  readonly templates?: Readonly<Record<string, KubeObject>>;
  /** Warnings or errors about the contribution (an error stops the run with the input unchanged). */
  readonly results?: readonly Result[];
}

export interface InitTaskProviderInput {
  readonly settings: DrydockSettings;
  readonly tutor: TutorContext;
  /** Tutor's tasks, with the contributions of the providers before this one merged in. */
  readonly tasks: readonly InitTask[];
  /** A result about a setting, named as the user wrote it (see settingResult in feature.ts). */
  readonly settingResult: SettingResult;
}

export interface InitTaskProvider {
  /** Used in messages: "mongodb-init-task". */
  readonly name: string;
  contribute(input: InitTaskProviderInput): InitTaskContribution;
}

/** drydock-backups' users and bucket; nothing unless backups are on. */
const backupTasks: InitTaskProvider = {
  name: 'backup-init-tasks',
  contribute: ({ settings, tutor }) => {
    const plan = planBackupInitTasks(settings, tutor);
    return { tasks: plan.tasks.map((task) => ({ ...task, filter: INIT_TASKS_FILTER })), results: plan.refused };
  },
};

/**
 * Providers of other features, run after drydock-fn's own MongoDB task. Add yours here (one line and
 * an import); keep it a pure function of the settings, the Tutor context and the tasks.
 */
export const EXTRA_INIT_TASK_PROVIDERS: readonly InitTaskProvider[] = [backupTasks];
