/** src/krm/errors.ts: the error that carries results to report, and error results with their code. */
import { errorResult, FunctionInputError } from '../../src/krm/errors';
import type { Result } from '../../src/krm/types';

describe('FunctionInputError', () => {
  const first: Result = { message: 'first problem', severity: 'error', tags: { code: 'INPUT_EMPTY' } };
  const second: Result = { message: 'second problem', severity: 'error' };

  test('one result: kept as a list of one, its message the error message', () => {
    const error = new FunctionInputError(first);
    expect(error.results).toEqual([first]);
    expect(error.message).toBe('first problem');
    expect(error.name).toBe('FunctionInputError');
    expect(error).toBeInstanceOf(Error);
  });

  test('several results: all kept in order, their messages joined with "; "', () => {
    const error = new FunctionInputError([first, second]);
    expect(error.results).toEqual([first, second]);
    expect(error.message).toBe('first problem; second problem');
  });

  test('no results: an empty message', () => {
    expect(new FunctionInputError([]).message).toBe('');
    expect(new FunctionInputError([]).results).toEqual([]);
  });
});

describe('errorResult', () => {
  test('an error with its message and code in tags', () => {
    expect(errorResult('INPUT_EMPTY', 'nothing to read')).toEqual({ message: 'nothing to read', severity: 'error', tags: { code: 'INPUT_EMPTY' } });
  });

  test('extra fields kept; other tags kept beside the code; the given code wins over a code in extra tags', () => {
    const resourceRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'lms' };
    expect(errorResult('ITEM_NOT_OBJECT', 'not a mapping', { resourceRef, tags: { field: 'data', code: 'OTHER' } })).toEqual({
      message: 'not a mapping',
      severity: 'error',
      resourceRef,
      tags: { field: 'data', code: 'ITEM_NOT_OBJECT' },
    });
  });
});
