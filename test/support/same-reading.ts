/** Comparing two readers' values, for the tests of the line reader against js-yaml and PyYAML's full reader. */
import { isDeepStrictEqual } from 'util';

/** A value as JSON with each mapping's keys in their order (and big ints marked), for messages and order checks. */
export function orderedJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'bigint' ? `${entry}n` : entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? Object.entries(entry) : entry));
}

/** Equal values (classes included) with their keys in the same order (util's deep equality ignores the order). */
export function sameReading(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b) && orderedJson(a) === orderedJson(b);
}
