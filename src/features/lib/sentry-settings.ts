/**
 * Sentry's text in Tutor's files, which the sentry feature's settings decide and two
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

/** An error eox-core does not report: its class, and a pattern of its text when only some are ignored. */
interface IgnoredError {
  readonly excClass: string;
  readonly excText?: string;
}

const AUTH_FAILED = 'openedx.core.djangoapps.user_authn.exceptions.AuthFailedError';
const NO_ENROLLMENT: IgnoredError = { excClass: 'opaque_keys.InvalidKeyError', excText: '.*No enrollment found for user.*' };
const NO_COURSE: IgnoredError = { excClass: 'opaque_keys.NotFoundError', excText: '.*No course found by course id.*' };

/**
 * EOX_CORE_SENTRY_IGNORED_ERRORS as Drydock writes it: a JSON-like list, one entry a brace pair, its
 * braces and fields indented as given for the entry at `index`.
 */
function ignoredErrorsSetting(errors: readonly IgnoredError[], indent: (index: number) => { braces: string; fields: string }): string {
  const entries = errors.flatMap((error, index) => {
    const { braces, fields } = indent(index);
    const excClass = `${fields}"exc_class": "${error.excClass}"`;
    return [`${braces}{`, ...(error.excText === undefined ? [excClass] : [`${excClass},`, `${fields}"exc_text": ["${error.excText}"]`]), `${braces}},`];
  });
  return ['EOX_CORE_SENTRY_IGNORED_ERRORS: [', ...entries, ']'].join('\n');
}

/** Errors Drydock had eox-core ignore, per service, indented as Drydock's text is (the CMS list's braces deeper, its first entry's fields deeper still). */
const IGNORED_ERRORS: Readonly<Record<'lms' | 'cms', string>> = {
  lms: ignoredErrorsSetting([{ excClass: AUTH_FAILED, excText: 'AuthFailedError.*Email or password is incorrect' }, NO_ENROLLMENT, NO_COURSE], () => ({ braces: '  ', fields: '    ' })),
  cms: ignoredErrorsSetting([{ excClass: 'xmodule.exceptions.NotFoundError' }, { excClass: AUTH_FAILED, excText: '.*Email or password is incorrect' }, NO_ENROLLMENT, NO_COURSE], (index) => ({
    braces: '    ',
    fields: index === 0 ? '      ' : '    ',
  })),
};

/** The Sentry lines of lms.env.yml / cms.env.yml (ending with a newline), or undefined when off. */
export function sentryEnvPatch(settings: DrydockSettings, service: 'lms' | 'cms'): string | undefined {
  if (!settings.sentry.enabled) return undefined;
  const lines = [
    "# eox plugin settings must be defined in the ENV patches. If defined in python settings patches, they won't",
    '# take effect since plugins settings are loaded before Tutor loads its settings.',
    // A DSN from a Secret stays out of the ConfigMap (see sentry.ts).
    // Read by PyYAML (YAML 1.1): its JSON form, but with U+2028 and the like escaped (the same bytes for any usual DSN).
    ...(sentryDsnFromSecret(settings) ? [] : [`EOX_CORE_SENTRY_INTEGRATION_DSN: ${yaml11DoubleQuoted(settings.sentry.dsn)}`]),
    IGNORED_ERRORS[service],
  ];
  return `${lines.join('\n')}\n`;
}
