/**
 * Sentry through eox-core (reference §3.18; Drydock ≤ 18.2.0 had it on by default, drydock-fn has it
 * opt-in). eox-core reads EOX_CORE_SENTRY_INTEGRATION_DSN and EOX_CORE_SENTRY_IGNORED_ERRORS from the
 * LMS and CMS env files (ENV_TOKENS) while plugin settings load, before Tutor's Python settings, so
 * Drydock writes them into lms.env.yml and cms.env.yml; openedx-env.ts places that text.
 *
 * With `dsnSecretRef` the DSN never enters a ConfigMap. How it reaches the process: this feature gives
 * the lms, cms, lms-worker and cms-worker containers the environment variable SENTRY_DSN from the
 * Secret (secretKeyRef); the env files get the ignored-errors list but no DSN, so eox-core does not
 * start Sentry; and the Django settings (django-settings.ts) start it when SENTRY_DSN is set, with
 * eox-core's own event filter (which applies the ignored-errors list), the Django integration and
 * send_default_pii, as eox-core does.
 */
import type { DrydockSettings } from '../config/settings';
import { insert, set } from '../krm/changes';
import type { Change } from '../krm/changes';
import type { ResourceView } from '../krm/resource-set';
import type { Result } from '../krm/types';
import { yaml11DoubleQuoted } from '../krm/yaml11';
import type { Feature } from './feature';
import { findResource, resultFor, settingResult } from './feature';
import { containerAt, containerIndex, CONTAINERS, indexByName } from './lib/containers';

/** The containers that load the Django settings (and so start Sentry). */
export const SENTRY_DEPLOYMENTS = ['lms', 'cms', 'lms-worker', 'cms-worker'] as const;
export const SENTRY_DSN_ENV = 'SENTRY_DSN';

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

/** SENTRY_DSN from the Secret on a container: replaced in place when present, else appended. */
function dsnEnvChanges(view: ResourceView, index: number, ref: { name: string; key: string }): Change[] {
  const path = [...CONTAINERS, index, 'env'];
  const value = { name: SENTRY_DSN_ENV, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
  const at = indexByName(containerAt(view, index).env, SENTRY_DSN_ENV);
  return at >= 0 ? [set(view.handle, [...path, at], value)] : [insert(view.handle, path, 'end', value)];
}

export const sentry: Feature = {
  name: 'sentry',
  isEnabled: (settings) => settings.sentry.enabled,
  run(input) {
    const { resources, settings } = input;
    const results: Result[] = [];
    const ref = settings.sentry.dsnSecretRef;
    if (ref && settings.sentry.dsn !== '') {
      return {
        changes: [],
        results: [settingResult(input, 'error', ['sentry', 'dsnSecretRef'], 'give the Sentry DSN either as dsn or as dsnSecretRef, not both')],
      };
    }
    if (!ref && settings.sentry.dsn === '') {
      results.push(settingResult(input, 'warning', ['sentry', 'dsn'], 'Sentry is enabled without a DSN or a DSN Secret: eox-core gets an empty DSN and reports nothing'));
    }
    if (!ref) return { changes: [], results };
    const changes: Change[] = [];
    for (const name of SENTRY_DEPLOYMENTS) {
      const view = findResource(resources, 'Deployment', name);
      if (!view) continue;
      const index = containerIndex(view, name);
      if (index === undefined) {
        results.push(resultFor(view, 'error', `sentry: no container named ${name} to give ${SENTRY_DSN_ENV}`, 'spec.template.spec.containers'));
        continue;
      }
      changes.push(...dsnEnvChanges(view, index, ref));
    }
    return { changes, results };
  },
};
