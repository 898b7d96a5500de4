/** src/krm/codes.ts: the result codes, their descriptions in docs/guarantees.md, and the helpers that set and read them. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { CHECK_CODES, RESULT_CODES, codeOf, withCode } from '../../src/krm/codes';
import type { Result } from '../../src/krm/types';

describe('each code: described in words, and a row of the table of docs/guarantees.md', () => {
  const guarantees = readFileSync(path.join(__dirname, '..', '..', 'docs', 'guarantees.md'), 'utf8');
  const rows = new Set(guarantees.split('\n').flatMap((line) => /^\| `([A-Z0-9_]+)` \|/.exec(line)?.[1] ?? []));

  test.each(Object.entries(RESULT_CODES))('%s', (code, description) => {
    expect(description).toMatch(/^\S.* \S/);
    expect(rows.has(code)).toBe(true);
  });

  test('the validation checks are result codes', () => {
    for (const code of CHECK_CODES) expect(Object.keys(RESULT_CODES)).toContain(code);
    expect(CHECK_CODES).toContain('RESOURCE_MISSING');
  });
});

describe('withCode', () => {
  test('sets the code, keeps the other tags and fields, leaves the result given unchanged', () => {
    const result: Result = { message: 'm', severity: 'warning', tags: { field: 'x', code: 'INPUT_EMPTY' } };
    expect(withCode(result, 'RESOURCE_MISSING')).toEqual({ message: 'm', severity: 'warning', tags: { field: 'x', code: 'RESOURCE_MISSING' } });
    expect(result.tags).toEqual({ field: 'x', code: 'INPUT_EMPTY' });
  });

  test('a result without tags gets tags with the code alone', () => {
    expect(withCode({ message: 'm', severity: 'info' }, 'HOST_NORMALIZED')).toEqual({ message: 'm', severity: 'info', tags: { code: 'HOST_NORMALIZED' } });
  });
});

describe('codeOf', () => {
  test.each([
    ['a known code', { code: 'PDB_OVERLAP' }, 'PDB_OVERLAP'],
    ['no tags', undefined, undefined],
    ['tags without a code', { field: 'x' }, undefined],
    ['a code that does not exist', { code: 'NO_SUCH_CODE' }, undefined],
    ["a name every object has (Object.prototype's)", { code: 'toString' }, undefined],
    ['the empty string', { code: '' }, undefined],
  ])('%s', (_name, tags, expected) => {
    expect(codeOf({ message: 'm', severity: 'error', ...(tags ? { tags } : {}) })).toBe(expected);
  });
});
