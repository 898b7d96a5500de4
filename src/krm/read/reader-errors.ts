/**
 * Results and messages for what the `yaml` reader refuses or throws: syntax errors with their line and
 * column, nesting and alias limits.
 */
import type * as YAML from 'yaml';
import { describeError } from '../describe';
import { errorResult } from '../errors';
import type { Result } from '../types';
import { lineOf } from '../text-scan';

/** The result for a syntax error of the `yaml` reader, with its line and column. */
export function syntaxError(error: YAML.YAMLError, text: string): Result {
  return yamlErrorResult(error, positionOf(error, text));
}

/** The result for a reader error at `where` ("line L, column C"). */
export function yamlErrorResult(error: YAML.YAMLError, where: string | undefined): Result {
  if (/call stack/i.test(error.message)) return errorResult('INPUT_TOO_DEEP', `input nests too deeply to be read${where ? ` (${where})` : ''}; no Kubernetes object does`);
  const code = error.code === 'DUPLICATE_KEY' ? 'INPUT_DUPLICATE_KEY' : 'INPUT_YAML_SYNTAX';
  return errorResult(code, `input is not valid YAML: ${where ? `${where}: ` : ''}${error.message.split('\n')[0]}`);
}

/** The result for an exception of the `yaml` reader (alias limits, stack exhaustion). */
export function unreadable(error: unknown): Result {
  if (error instanceof RangeError) return errorResult('INPUT_TOO_DEEP', 'input nests too deeply to be read; no Kubernetes object does');
  const message = describeError(error);
  if (/excessive alias|resource exhaustion/i.test(message)) {
    return errorResult('INPUT_ALIAS_LIMIT', `input cannot be read: ${message} (alias and merge-key expansion is limited to protect against alias bombs)`);
  }
  return errorResult('INPUT_YAML_SYNTAX', `input is not valid YAML: ${message}`);
}

/** "line L, column C" of a syntax error, or undefined when the reader gave no position. */
function positionOf(error: YAML.YAMLError, text: string): string | undefined {
  const offset = error.pos?.[0];
  if (offset === undefined) return undefined;
  const line = lineOf(text, offset);
  const column = offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1;
  return `line ${line}, column ${column}`;
}
