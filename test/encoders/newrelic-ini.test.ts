/** newrelic.ini values and extra lines, read back by configparser.RawConfigParser as the New Relic agent reads the file. */
import { newRelicExtraConfigProblem, newRelicIniLine, newRelicIniValueProblem } from '../../src/encoders/newrelic-ini';
import { HOSTILE_CHARACTERS } from '../support/hostile';
import { NEWRELIC_INI_AS_THE_AGENT_READS, describeWithReader, pythonMissing, runPython } from '../support/readers';


describe('newrelic.ini values', () => {
  test('line breaks, control characters and surrounding whitespace are refused, without quoting the value', () => {
    for (const value of ['key\nhost = collector.attacker.example', 'a\rb', 'a\u2028b', 'a\u0085b', 'tab\there', ' lead', 'trail ', 'nul\u0000']) {
      const problem = newRelicIniValueProblem(value);
      expect(problem).toBeDefined();
      expect(problem).not.toContain(value);
    }
    for (const value of ['0123456789abcdef', 'My App; Other App', '%(interpolated)s', 'a = b : c # not a comment ; nor this', '[x]', 'ä \u{1F600}']) expect(newRelicIniValueProblem(value)).toBeUndefined();
  });

  test('extra lines: key = value and comments of the [newrelic] section, each key once', () => {
    expect(newRelicExtraConfigProblem('')).toBeUndefined();
    expect(newRelicExtraConfigProblem('transaction_tracer.enabled = true\n# comment\n; comment\n\nlog_level: info\n')).toBeUndefined();
    const refused: [string, RegExp][] = [
      ['[import-hook:django]\nenabled = false', /line 1 is a section header/],
      ['a = 1\n  continued', /line 2 starts with whitespace/],
      ['license_key = other', /sets license_key/],
      ['app_name = other', /sets app_name/],
      ['a = 1\na = 2', /line 2 sets a a second time/],
      ['Log_Level = info', /lower-case key/],
      ['just words', /not "key = value"/],
      ['a = 1\r\nb = 2', /line 1 holds a line break other than a line feed/],
      ['a = \u2028', /line break other than a line feed/],
      ['a = x\u0007', /control character/],
      ['proxy_pass = s3cr3t\n[x]', /line 2/],
    ];
    for (const [text, message] of refused) {
      const problem = newRelicExtraConfigProblem(text);
      expect(problem).toMatch(message);
      expect(problem).not.toContain('s3cr3t');
    }
  });
});

describeWithReader(pythonMissing(), 'configparser reads newrelic.ini lines as meant', () => {
  test('each accepted value, written as key = value, is read back exactly; line breaks and surrounding spaces would not be', () => {
    const values = [...HOSTILE_CHARACTERS.map((char) => `a${char}b`), ...HOSTILE_CHARACTERS, 'plain', '%(x)s', 'a;b#c'];
    const accepted = values.filter((value) => newRelicIniValueProblem(value) === undefined);
    // Line breaks and surrounding whitespace are refused because configparser reads them otherwise;
    // other control characters are refused as no value of newrelic.ini needs them.
    const refused = values.filter((value) => /^\s|\s$|[\n\r]/.test(value) && value.trim() !== '');
    for (const value of refused) expect(newRelicIniValueProblem(value)).toBeDefined();
    const texts = [...accepted, ...refused].map((value) => `[newrelic]\n${`app_name = ${value}`}\nlicense_key = k\n`);
    const read = runPython<{ newrelic?: [string, string][]; error?: string }[]>(NEWRELIC_INI_AS_THE_AGENT_READS, texts);
    accepted.forEach((value, index) => {
      expect(newRelicIniLine('app_name', value)).toBe(`app_name = ${value}`);
      expect(read[index].newrelic).toEqual([['app_name', value], ['license_key', 'k']]);
    });
    // Each of those would have been read otherwise (or not at all): the refusal is needed.
    refused.forEach((value, index) => {
      const reading = read[accepted.length + index];
      expect(reading.newrelic).not.toEqual([['app_name', value], ['license_key', 'k']]);
    });
  });

  test('accepted extra lines are read as their keys and values; the refused kinds break the file or the keys', () => {
    const base = '[newrelic]\nlicense_key = k\napp_name = a\n';
    const accepted = ['transaction_tracer.enabled = true\n# c\n; c\n\nlog_level: info\nproxy_host = http://p:3128 ; not a comment'];
    const refused = ['license_key = other', 'a = 1\na = 2', '[other]\nx = 1', 'log_level = info\n  debug'];
    for (const text of [...accepted, ...refused]) expect(newRelicExtraConfigProblem(text) === undefined).toBe(accepted.includes(text));
    const read = runPython<{ sections?: string[]; newrelic?: [string, string][]; error?: string }[]>(NEWRELIC_INI_AS_THE_AGENT_READS, [...accepted, ...refused].map((text) => base + text));
    expect(read[0].newrelic).toEqual([
      ['license_key', 'k'],
      ['app_name', 'a'],
      ['transaction_tracer.enabled', 'true'],
      ['log_level', 'info'],
      ['proxy_host', 'http://p:3128 ; not a comment'],
    ]);
    expect(read[1].error).toBe('DuplicateOptionError');
    expect(read[2].error).toBe('DuplicateOptionError');
    expect(read[3].sections).toEqual(['newrelic', 'other']);
    expect(read[4].newrelic).toContainEqual(['log_level', 'info\ndebug']);
  });
});
