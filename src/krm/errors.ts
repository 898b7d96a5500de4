import type { ResultCode } from './codes';
import type { Result } from './types';

/**
 * An expected failure: bad input, bad configuration, a resource the function cannot handle.
 * It carries the results to report; the runner prints them without a stack trace.
 */
export class FunctionInputError extends Error {
  readonly results: readonly Result[];

  constructor(results: readonly Result[] | Result) {
    const list = Array.isArray(results) ? (results as readonly Result[]) : [results as Result];
    super(list.map((result) => result.message).join('; '));
    this.name = 'FunctionInputError';
    this.results = list;
  }
}

/** An error result without a resource, tagged with its code. */
export function errorResult(code: ResultCode, message: string, extra: Omit<Result, 'message' | 'severity'> = {}): Result {
  return { message, severity: 'error', ...extra, tags: { ...(extra.tags ?? {}), code } };
}
