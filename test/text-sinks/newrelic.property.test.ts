/**
 * Property (issue 13, case 2): whatever newRelic.licenseKey, appName and extraConfig hold, they are
 * refused with CONFIG_INVALID_VALUE naming the field (never a value with a control character), or
 * configparser, reading newrelic.ini as the New Relic agent does, gives exactly the keys and values
 * meant. One python3 reads every file.
 */
import * as fc from 'fast-check';
import { decodeFunctionConfig } from '../../src/config/decode';
import { hasControlCharacter } from '../../src/encoders/text';
import { newRelic } from '../../src/features/new-relic';
import { hostileString } from '../support/hostile';
import { NEWRELIC_INI_AS_THE_AGENT_READS, describeWithReader, propertySamples, pythonMissing, runPython } from '../support/readers';
import { drydockConfig } from '../support/run';
import { tutorObjects } from '../support/tutor-objects';
import { runFeature } from '../support/views';

type Line = { readonly kind: 'option'; readonly key: string; readonly value: string; readonly separator: string } | { readonly kind: 'raw'; readonly text: string };

const plain = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ;:=#%._-]{0,15}[A-Za-z0-9]$/);
const value = fc.oneof(hostileString(), plain);
const LINE: fc.Arbitrary<Line> = fc.oneof(
  // An option line's value is the rest of its line (a line feed in it would start the next line).
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('option' as const), key: fc.constantFrom('log_level', 'transaction_tracer.enabled', 'proxy_host', 'labels', 'license_key', 'Log_Level', 'app_name'), value: value.filter((text) => !text.includes('\n')), separator: fc.constantFrom(' = ', '=', ': ', ' : ') }) },
  // Lines that are no option (no "=" or ":"): a comment, a blank line, or something refused.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: fc.oneof(hostileString().filter((text) => !/[=:]/.test(text)), fc.constantFrom('# a comment', '; a = b', '', '[newrelic:staging]', '  indented')) }) },
);
const CONFIG = fc.record({ licenseKey: value, appName: value, extra: fc.array(LINE, { maxLength: 4 }), trailingNewline: fc.boolean() });

/** Python's str.strip() for text without control characters (the extra lines hold none): U+FEFF stays, unlike in JavaScript's trim(). */
const pythonStrip = (text: string): string => text.replace(/^[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g, '');

const render = (line: Line): string => (line.kind === 'raw' ? line.text : `${line.key}${line.separator}${line.value}`);

describeWithReader(pythonMissing(), 'newrelic.ini property: hostile keys, app names and extra lines', () => {
  test('every configuration is refused with its field, or configparser reads exactly the keys and values meant', () => {
    const { seed, runs, values } = propertySamples(CONFIG);
    const files: { ini: string; meant: [string, string][] }[] = [];
    for (const config of values) {
      const extraConfig = config.extra.map(render).join('\n') + (config.trailingNewline ? '\n' : '');
      const spec = { newRelic: { licenseKey: config.licenseKey, appName: config.appName, extraConfig } };
      const decoded = decodeFunctionConfig(drydockConfig(spec));
      const where = { seed, config };
      if (decoded.results.length > 0) {
        for (const result of decoded.results) {
          expect({ ...where, code: result.tags?.code, field: result.field?.path }).toEqual({ ...where, code: 'CONFIG_INVALID_VALUE', field: expect.stringMatching(/^spec\.newRelic\.(licenseKey|appName|extraConfig)$/) });
        }
        for (const text of [config.licenseKey, config.appName, extraConfig]) {
          if (hasControlCharacter(text) && text.length > 3) expect({ ...where, leaked: JSON.stringify(decoded.results).includes(text) }).toEqual({ ...where, leaked: false });
        }
        continue;
      }
      const { objects, results } = runFeature(newRelic, tutorObjects(), spec);
      expect({ ...where, errors: results.filter((result) => result.severity === 'error') }).toEqual({ ...where, errors: [] });
      const ini = (objects.find((object) => object.metadata.name.startsWith('newrelic-cm'))!.data as Record<string, string>)['newrelic.ini'];
      // What drydock-fn means: its two keys, then each option line, key lower-cased and value stripped as the ini format reads them.
      const options = config.extra.filter((line): line is Extract<Line, { kind: 'option' }> => line.kind === 'option').map((line): [string, string] => [line.key, pythonStrip(line.value)]);
      files.push({ ini, meant: [['license_key', config.licenseKey], ['app_name', config.appName], ...options] });
    }
    // Enough accepted configurations that the reader has something to read (most hostile ones are refused).
    expect(files.length).toBeGreaterThan(runs / 20);
    expect(files.length).toBeLessThan(runs);
    const read = runPython<{ sections?: string[]; newrelic?: [string, string][]; error?: string }[]>(NEWRELIC_INI_AS_THE_AGENT_READS, files.map((file) => file.ini));
    files.forEach((file, index) => expect({ seed, ini: file.ini, read: read[index] }).toEqual({ seed, ini: file.ini, read: { sections: ['newrelic'], newrelic: file.meant } }));
  });
});
