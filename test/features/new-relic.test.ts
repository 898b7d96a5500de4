/**
 * New Relic's newrelic.ini (issue 13, case 2): a setting value never adds a line to the file. Values
 * with line breaks, control characters or surrounding whitespace are refused with CONFIG_INVALID_VALUE
 * naming the field, never the value; extra lines are lines of the [newrelic] section only.
 */
import { newRelicIni } from '../../src/features/new-relic';
import { drydockConfig, drydockConfigMap, itemsOf, runOnManifests } from '../support/run';
import { tutorObjects } from '../support/tutor-objects';
import * as YAML from 'yaml';

const MANIFESTS = tutorObjects().map((object) => YAML.stringify(object)).join('---\n');
const INJECTED = 'openedx\nhost = collector.attacker.example';

function refusal(functionConfig: unknown, field: string, value: string): void {
  const outcome = runOnManifests(MANIFESTS, functionConfig);
  expect(outcome.exitCode).toBe(1);
  const errors = outcome.results.filter((result) => result.severity === 'error');
  expect(errors).toEqual([expect.objectContaining({ tags: { code: 'CONFIG_INVALID_VALUE' }, field: { path: field } })]);
  expect(JSON.stringify(outcome.results) + outcome.diagnostics.join('\n')).not.toContain('attacker');
  // The items come back as they came in (the functionConfig, echoed in the ResourceList, holds the value).
  expect(JSON.stringify(itemsOf(outcome.output))).not.toContain('attacker');
  expect(value).toContain('attacker');
}

describe('case 2: newlines in newRelic.appName or newRelic.licenseKey', () => {
  test('an app name with a line break is refused, naming the field', () => {
    refusal(drydockConfig({ newRelic: { licenseKey: '0123456789abcdef', appName: INJECTED } }), 'spec.newRelic.appName', INJECTED);
    refusal(drydockConfig({ newRelic: { licenseKey: '0123456789abcdef', appName: 'openedx\u2028host = collector.attacker.example' } }), 'spec.newRelic.appName', INJECTED);
  });

  test('a license key with a line break is refused in both config forms, naming the field', () => {
    const key = '0123456789abcdef\nhost = collector.attacker.example';
    refusal(drydockConfig({ newRelic: { licenseKey: key } }), 'spec.newRelic.licenseKey', key);
    // ConfigMap values are read as config.yml reads them (YAML): a quoted scalar keeps its escaped line break.
    refusal(drydockConfigMap({ DRYDOCK_NEWRELIC_LICENSE_KEY: '"0123456789abcdef\\nhost = collector.attacker.example"' }), 'data.DRYDOCK_NEWRELIC_LICENSE_KEY', key);
    refusal(drydockConfigMap({ DRYDOCK_NEWRELIC_LICENSE_KEY: '"0123456789abcdef\\rhost = collector.attacker.example"' }), 'data.DRYDOCK_NEWRELIC_LICENSE_KEY', key);
  });

  test('extra lines may not set the key or the app name again, nor open another section', () => {
    for (const extraConfig of ['license_key = attacker', 'host = x\n[newrelic:attacker]\nhost = y', 'app_name = attacker']) {
      refusal(drydockConfig({ newRelic: { licenseKey: '0123456789abcdef', extraConfig } }), 'spec.newRelic.extraConfig', 'attacker');
    }
  });

  test('ordinary values give Drydock\'s file', () => {
    expect(newRelicIni('0123456789abcdef', 'My Open edX; Staging', 'transaction_tracer.enabled = true\n')).toBe(
      '[newrelic]\nlicense_key = 0123456789abcdef\napp_name = My Open edX; Staging\ntransaction_tracer.enabled = true',
    );
    const outcome = runOnManifests(MANIFESTS, drydockConfig({ newRelic: { licenseKey: '0123456789abcdef', extraConfig: 'log_level = info\n' } }));
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toContain('license_key = 0123456789abcdef');
  });
});
