import { ONE_LINE_PATTERN, hasControlCharacter, hasLoneSurrogate, textProblem } from '../../src/encoders/text';
import { HOSTILE_CHARACTERS, HOSTILE_LONE_SURROGATES } from '../support/hostile';

describe('text kinds', () => {
  test('one line refuses every line break and control character, and names none of them', () => {
    for (const char of ['\n', '\r', '\u000b', '\f', '\u0085', '\u2028', '\u2029', '\t', '\u0000', '\u001b', '\u007f', '\u0080', '\u009f']) {
      const problem = textProblem(`a${char}b`, 'line');
      expect(problem).toMatch(/^expected one line/);
      expect(problem).not.toContain(char);
    }
    for (const plain of ['', 'plain', 'ä é \u{1F600}', '"quoted" #comment {$x} `cmd`', '\u00a0nbsp', '\ufeff']) expect(textProblem(plain, 'line')).toBeUndefined();
  });

  test('lines allow line feeds and tabs only', () => {
    expect(textProblem('echo a\n\techo b\n', 'lines')).toBeUndefined();
    for (const char of ['\r', '\u0000', '\u0085', '\u2028', '\u001b']) expect(textProblem(`echo a${char}`, 'lines')).toMatch(/^expected lines of text/);
  });

  test('any text but unpaired surrogates', () => {
    for (const char of HOSTILE_CHARACTERS) expect(textProblem(`x${char}y`, 'any')).toBeUndefined();
    for (const kind of ['line', 'lines', 'any'] as const) for (const lone of HOSTILE_LONE_SURROGATES) expect(textProblem(`x${lone}y`, kind)).toMatch(/unpaired surrogate/);
    expect(hasLoneSurrogate('\u{1F600}')).toBe(false);
    expect(hasLoneSurrogate('\ud83d')).toBe(true);
    expect(hasLoneSurrogate('\ude00x')).toBe(true);
  });

  test('the JSON Schema pattern accepts exactly what one line accepts', () => {
    const pattern = new RegExp(ONE_LINE_PATTERN);
    for (const char of HOSTILE_CHARACTERS) expect(pattern.test(char)).toBe(!hasControlCharacter(char));
  });
});
