/**
 * Django settings Drydock adds to the settings common to the LMS and the CMS (its
 * `openedx-common-settings` patch): the SCORM XBlock storage, the logging
 * changes (no local tracking log, console only), FORUM_MONGODB_DATABASE and the utf8mb4 MySQL
 * connection charset; plus, when the Sentry DSN comes from a Secret, the Sentry start-up that reads it
 * from the environment (see sentry.ts). The patch's text: lib/common-settings-patch.ts.
 *
 * The patch is composed as Drydock's release for the Tutor line renders it and placed where Tutor
 * renders it, in every settings file of openedx-settings-lms and -cms that holds the common part
 * (production.py, development.py), so those ConfigMaps equal Drydock's. Always runs: switched off,
 * it removes what an earlier run added.
 */
import { dataKeysWhere } from '../tutor/configmaps';
import { COMMON_SETTINGS_END } from '../tutor/slot-locators';
import type { Feature } from './feature';
import { commonSettingsPatch, commonSettingsSlots, tutorForumDatabase } from './lib/common-settings-patch';
import { slotFeature } from './lib/slot-features';

export const djangoSettings: Feature = slotFeature({
  name: 'django-settings',
  configMaps: ['openedx-settings-lms', 'openedx-settings-cms'],
  filesFor: ({ settings, tutor }, { line }) => {
    // Only the default line needs the forum database of the manifests.
    const tutorForum = settings.djangoSettings.forumMongodbDatabase === null && line.forumDatabase ? tutorForumDatabase(tutor) : undefined;
    if (tutorForum && 'problem' in tutorForum) return tutorForum.problem;
    const slots = commonSettingsSlots(commonSettingsPatch(settings, line, tutorForum?.value));
    return (view) => dataKeysWhere(view, (text) => text.includes(COMMON_SETTINGS_END)).map((key) => ({ key, slots }));
  },
});
