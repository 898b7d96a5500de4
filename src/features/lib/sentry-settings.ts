/**
 * Sentry's text in Tutor's files (reference §3.18), which the sentry feature's settings decide and two
 * other features place: the eox-core lines of lms.env.yml / cms.env.yml (openedx-env.ts) and, with a
 * DSN from a Secret, the Django settings that start Sentry from SENTRY_DSN (django-settings.ts). How
 * the DSN reaches the process: see sentry.ts.
 */
import type { DrydockSettings } from '../../config/settings';
import { yaml11DoubleQuoted } from '../../krm/yaml11';

/** The Secret reference when the DSN comes from one (and Sentry is on). */
export function sentryDsnFromSecret(settings: DrydockSettings): { readonly name: string; readonly key: string } | undefined {
  return settings.sentry.enabled && settings.sentry.dsnSecretRef ? settings.sentry.dsnSecretRef : undefined;
}

/** Python settings that start Sentry from SENTRY_DSN as eox-core would (only with a Secret DSN). */
export const SENTRY_SETTINGS_FROM_ENV = [
  '# Sentry, its DSN from the SENTRY_DSN environment variable (a Secret), started as eox-core starts it',
  'if os.environ.get("SENTRY_DSN"):',
  '    import sentry_sdk',
  '    from sentry_sdk.integrations.django import DjangoIntegration',
  '    from eox_core.integrations.sentry import ExceptionFilterSentry',
  '    sentry_sdk.init(',
  '        dsn=os.environ["SENTRY_DSN"],',
  '        before_send=ExceptionFilterSentry(),',
  '        integrations=[DjangoIntegration()],',
  '        send_default_pii=True,',
  '    )',
].join('\n');

/** Errors Drydock had eox-core ignore, per service (the CMS list is indented differently in Drydock). */
const IGNORED_ERRORS: Readonly<Record<'lms' | 'cms', string>> = {
  lms: [
    'EOX_CORE_SENTRY_IGNORED_ERRORS: [',
    '  {',
    '    "exc_class": "openedx.core.djangoapps.user_authn.exceptions.AuthFailedError",',
    '    "exc_text": ["AuthFailedError.*Email or password is incorrect"]',
    '  },',
    '  {',
    '    "exc_class": "opaque_keys.InvalidKeyError",',
    '    "exc_text": [".*No enrollment found for user.*"]',
    '  },',
    '  {',
    '    "exc_class": "opaque_keys.NotFoundError",',
    '    "exc_text": [".*No course found by course id.*"]',
    '  },',
    ']',
  ].join('\n'),
  cms: [
    'EOX_CORE_SENTRY_IGNORED_ERRORS: [',
    '    {',
    '      "exc_class": "xmodule.exceptions.NotFoundError"',
    '    },',
    '    {',
    '    "exc_class": "openedx.core.djangoapps.user_authn.exceptions.AuthFailedError",',
    '    "exc_text": [".*Email or password is incorrect"]',
    '    },',
    '    {',
    '    "exc_class": "opaque_keys.InvalidKeyError",',
    '    "exc_text": [".*No enrollment found for user.*"]',
    '    },',
    '    {',
    '    "exc_class": "opaque_keys.NotFoundError",',
    '    "exc_text": [".*No course found by course id.*"]',
    '    },',
    ']',
  ].join('\n'),
};

/** The Sentry lines of lms.env.yml / cms.env.yml (ending with a newline), or undefined when off. */
export function sentryEnvPatch(settings: DrydockSettings, service: 'lms' | 'cms'): string | undefined {
  if (!settings.sentry.enabled) return undefined;
  const lines = [
    "# eox plugin settings must be defined in the ENV patches. If defined in python settings patches, they won't",
    '# take effect since plugins settings are loaded before Tutor loads its settings.',
    // A DSN from a Secret stays out of the ConfigMap (see the module comment).
    // Read by PyYAML (YAML 1.1): its JSON form, but with U+2028 and the like escaped (the same bytes for any usual DSN).
    ...(sentryDsnFromSecret(settings) ? [] : [`EOX_CORE_SENTRY_INTEGRATION_DSN: ${yaml11DoubleQuoted(settings.sentry.dsn)}`]),
    IGNORED_ERRORS[service],
  ];
  return `${lines.join('\n')}\n`;
}
