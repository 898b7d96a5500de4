/** Tutor's patch slots: Jinja's join and indent, and finding each slot in every Tutor release's files. */
import { editSlot, findPatch, findPatchAnywhere, jinjaIndent, joinPatch, readSlot, removePatch, writeSlot } from '../../src/tutor/patch-slots';
import { caddyBlocks, caddySiteSlot, caddyfileSlot, commonSettingsSlot, envSlot, tutorCaddySites, uwsgiSlot } from '../../src/tutor/slot-locators';
import { documentsOf } from '../support/drydock-cases';
import { defaultCases, describeWithFixtures, readFixture } from '../support/fixtures';

describe('Jinja semantics', () => {
  test.each([
    ['', ''],
    ['one', 'one'],
    ['a\nb', 'a\n    b'],
    ['\na\n\nb\n', '\n    a\n\n    b\n'],
  ])('indent(4) of %j', (input, expected) => {
    expect(jinjaIndent(input, 4)).toBe(expected);
  });

  test('patches are joined with a newline, first or last', () => {
    expect(joinPatch('', 'P', 'last')).toBe('P');
    expect(joinPatch('S', 'P', 'last')).toBe('S\nP');
    expect(joinPatch('S', 'P', 'first')).toBe('P\nS');
    expect(joinPatch('S', '', 'first')).toBe('S');
  });

  test('removal is the inverse of joining, and only at the given end', () => {
    for (const position of ['first', 'last'] as const) {
      for (const content of ['', 'S', 'S1\nS2\n']) expect(removePatch(joinPatch(content, 'P\nQ', position), 'P\nQ', position)).toBe(content);
    }
    expect(removePatch('P\nS', 'P', 'last')).toBeUndefined();
    expect(removePatch('S\nP', 'P', 'first')).toBeUndefined();
  });

  test('a recognised earlier patch is found only as a whole joined patch at its end', () => {
    expect(findPatch('S\nX1', /X\d/, 'last')).toBe('X1');
    expect(findPatch('SX1', /X\d/, 'last')).toBeUndefined();
    expect(findPatch('X1\nS', /X\d/, 'first')).toBe('X1');
    expect(findPatch('X1S', /X\d/, 'first')).toBeUndefined();
  });

  test('an earlier patch that holds more than the desired one is replaced whole, also when the desired one is its beginning', () => {
    // Drydock's patch (A, then the group B) joined first, another plugin's line after it; B switched off since.
    const slot = { start: 0, end: 'A\n\nB\nOTHER'.length, indent: 0 };
    const edited = editSlot('A\n\nB\nOTHER', slot, { desired: 'A', recognizer: /A(?:\n\nB)?/, position: 'first', present: true, joinedEmpty: false });
    expect(edited.text).toBe('A\nOTHER');
    expect(editSlot(edited.text, { ...slot, end: edited.text.length }, { desired: 'A', recognizer: /A(?:\n\nB)?/, position: 'first', present: true, joinedEmpty: false }).text).toBe('A\nOTHER');
  });

  test('an earlier patch found anywhere among the joined patches, also where the recognizer matches empty before it', () => {
    // A recognizer that looks ahead for its patch (as the common settings' does for `# SCORM SETTINGS`)
    // and whose parts are optional holds, empty, at every line before the patch.
    const recognizer = /(?=(?:[^\n]*\n)*?# PATCH)(?:# PATCH\nX = 1)?/;
    expect(findPatchAnywhere('A = 1\n# PATCH\nX = 1\nB = 2', recognizer)).toEqual({ start: 6, end: 19 });
    expect(findPatchAnywhere('# PATCH\nX = 1\nB = 2', recognizer)).toEqual({ start: 0, end: 13 });
    expect(findPatchAnywhere('A = 1\n# PATCH\nX = 1', recognizer)).toEqual({ start: 6, end: 19 });
    expect(findPatchAnywhere('A = 1\nB = 2', recognizer)).toBeUndefined();
    // A blank line before it (another plugin's patch ending in one, or an empty patch joined): the
    // recognizer matches empty there, which is no patch, and the search goes on.
    expect(findPatchAnywhere('A = 1\n\n# PATCH\nX = 1\nB = 2', recognizer)).toEqual({ start: 7, end: 20 });
    expect(findPatchAnywhere('\n# PATCH\nX = 1', recognizer)).toEqual({ start: 1, end: 14 });
    // Found only as whole lines.
    expect(findPatchAnywhere('A = 1 # PATCH\nX = 1', recognizer)).toBeUndefined();
  });

  test('read and write through the indentation', () => {
    const text = 'before    \n    a\n\n    b\nafter';
    const slot = { start: 10, end: text.length - 6, indent: 4 };
    expect(readSlot(text, slot)).toBe('\na\n\nb');
    expect(writeSlot(text, slot, readSlot(text, slot))).toBe(text);
  });

  test('editSlot puts, replaces and removes a patch, and is idempotent', () => {
    const edit = (text: string, desired: string, joinedEmpty = false, present = true) =>
      editSlot(text, { start: 2, end: text.length - 2, indent: 0 }, { desired, recognizer: /P\d/, position: 'last', present, joinedEmpty });
    const once = edit('<<S>>', 'P1');
    expect(once).toEqual({ text: '<<S\nP1>>', joinedEmpty: false });
    expect(edit(once.text, 'P1').text).toBe(once.text);
    expect(edit(once.text, 'P2').text).toBe('<<S\nP2>>');
    expect(edit(once.text, '', false, false).text).toBe('<<S>>');
  });

  test('an empty patch of a present Drydock still joins next to other text, once (Tutor joins every patch)', () => {
    const edit = (text: string, desired: string, joinedEmpty: boolean, present = true) =>
      editSlot(text, { start: 2, end: text.length - 2, indent: 0 }, { desired, recognizer: /P\d/, position: 'first', present, joinedEmpty });
    const joined = edit('<<S>>', '', false);
    expect(joined).toEqual({ text: '<<\nS>>', joinedEmpty: true });
    expect(edit(joined.text, '', true)).toEqual(joined);
    expect(edit(joined.text, 'P1', true)).toEqual({ text: '<<P1\nS>>', joinedEmpty: false });
    expect(edit(joined.text, '', true, false)).toEqual({ text: '<<S>>', joinedEmpty: false });
    // Alone in its slot an empty patch adds nothing.
    expect(edit('<<>>', '', false)).toEqual({ text: '<<>>', joinedEmpty: false });
  });
});

describe('Caddyfile blocks', () => {
  test('site addresses with placeholders, snippets and the global block', () => {
    const text = '{\n    debug\n}\n\n(proxy) {\n    x {\n    }\n}\n\nlms.example.com{$default_site_port}, preview.lms.example.com{$default_site_port} {\n    import proxy "lms:8000"\n}\n\n{$default_site_port} {\n    import proxy "lms:8000"\n}';
    expect(caddyBlocks(text).map((block) => block.address)).toEqual(['(proxy)', 'lms.example.com{$default_site_port}, preview.lms.example.com{$default_site_port}', '{$default_site_port}']);
    expect(tutorCaddySites(text).lms?.address).toContain('lms.example.com');
  });
});

describeWithFixtures('every slot Drydock uses is found in every Tutor release (15–22, with and without plugins)', () => {
  const configMap = (items: Record<string, any>[], base: string): Record<string, string> =>
    items.find((item) => item.kind === 'ConfigMap' && String(item.metadata.name).replace(/-[a-z0-9]{10}$/, '') === base)?.data;

  test.each(defaultCases())('%s', (relative) => {
    const items = documentsOf(readFixture(relative, 'built.yaml'));
    const caddyfile = configMap(items, 'caddy-config').Caddyfile;
    const withPlugins = relative.includes('with-plugins');
    // The global slot holds what plugins appended (tutor-mfe's site), nothing without plugins.
    const global = readSlot(caddyfile, caddyfileSlot(caddyfile, Number(/tutor-v(\d+)/.exec(relative)![1]))!);
    if (withPlugins) expect(global).toMatch(/^apps\.lms\.example\.com\{\$default_site_port\} \{[\s\S]*"mfe:8002"[\s\S]*\}$/);
    else expect(global).toBe('');
    for (const site of ['lms', 'cms'] as const) expect(readSlot(caddyfile, caddySiteSlot(caddyfile, site)!)).toBe('');
    for (const service of ['lms', 'cms']) {
      const settings = configMap(items, `openedx-settings-${service}`);
      for (const file of ['production.py', 'development.py']) {
        const slot = commonSettingsSlot(settings[file]);
        expect(slot).toBeDefined();
        const content = readSlot(settings[file], slot!);
        // tutor-forum is the only plugin of the fixtures with common settings.
        if (withPlugins) expect(content).toContain('FEATURES["ENABLE_DISCUSSION_SERVICE"] = True');
        else expect(content).toBe('');
      }
      const env = configMap(items, 'openedx-config')[`${service}.env.yml`];
      const envContent = readSlot(env, envSlot(env)!);
      // Only plugins' lines: the Ruby forum of tutor-forum ≤ 18 is configured here, tutor-indigo 22 adds one.
      if (!withPlugins) expect(envContent).toBe('');
      else if (service === 'lms' && Number(/tutor-v(\d+)/.exec(relative)![1]) < 19) expect(envContent).toContain('COMMENTS_SERVICE_URL');
      expect(envContent).not.toMatch(/SESSION_COOKIE_DOMAIN|SECRET_KEY/);
    }
    const uwsgi = configMap(items, 'openedx-uwsgi-config')['uwsgi.ini'];
    expect(readSlot(uwsgi, uwsgiSlot(uwsgi)!)).toBe('');
  });
});
