/**
 * How a message names a value of the wrong type, or a thrown error: in a few words, never more of the
 * value than a scalar's JSON (and no stack trace).
 */

/** "list", "mapping", "string", "number" … ("null" for null and nothing), as in "found a list". */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

/** "a list", "a mapping", "null", "nothing", or a scalar's type and JSON (`string "x"`), as in "got a list". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const type = describeType(value);
  if (value === null) return type;
  return type === 'list' || type === 'mapping' ? `a ${type}` : `${type} ${JSON.stringify(value)}`;
}

/** Describes a thrown value in one line, without a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof RangeError) return 'the input nests too deeply to be read';
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}
