/**
 * Strict mode: chosen warnings fail the run. Argo CD shows a Config Management Plugin's stderr only
 * when the command fails, so a warning that needs the operator (an engine upgrade step, a backup user
 * to create, a misspelt exclusion) is otherwise invisible there. The codes come from the settings
 * (`strict.warnings`) and from the environment variable DRYDOCK_FN_STRICT, which a CMP sets.
 */
import { RESULT_CODES } from './krm/codes';
import type { Result } from './krm/types';

export const STRICT_ENVIRONMENT_VARIABLE = 'DRYDOCK_FN_STRICT';

/** Which warnings fail the run: every one, or those of these codes. */
export type StrictWarnings = 'all' | ReadonlySet<string>;

/**
 * The codes of DRYDOCK_FN_STRICT: `all` (or `1`, `true`), or codes separated by commas; empty, `0` or
 * `false` is none. Throws on a word that is no result code, naming it, so a misspelt code cannot
 * silently make strict mode weaker.
 */
export function strictCodesFromEnvironment(value: string | undefined): readonly string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || text.toLowerCase() === 'false') return [];
  if (text === '1' || text.toLowerCase() === 'true' || text.toLowerCase() === 'all') return ['all'];
  const codes = text.split(',').map((code) => code.trim()).filter((code) => code !== '');
  const unknown = codes.filter((code) => code !== 'all' && !Object.prototype.hasOwnProperty.call(RESULT_CODES, code));
  if (unknown.length > 0) throw new Error(`${STRICT_ENVIRONMENT_VARIABLE}: ${unknown.map((code) => JSON.stringify(code)).join(', ')} is not a result code (docs/guarantees.md lists them), nor all`);
  return codes;
}

/** The warnings the settings and the environment make fatal. */
export function strictWarnings(fromSettings: readonly string[], fromEnvironment: readonly string[]): StrictWarnings | undefined {
  const codes = [...fromSettings, ...fromEnvironment];
  if (codes.length === 0) return undefined;
  return codes.includes('all') ? 'all' : new Set(codes);
}

/** The results with the warnings strict mode makes fatal turned into errors that say so. */
export function applyStrict(results: readonly Result[], strict: StrictWarnings | undefined): Result[] {
  if (strict === undefined) return [...results];
  return results.map((result) => {
    if (result.severity !== 'warning') return result;
    const code = result.tags?.code;
    if (strict !== 'all' && (code === undefined || !strict.has(code))) return result;
    // Marked at the end, so that the message still starts with the object it names (formatDiagnostic).
    return { ...result, severity: 'error', message: `${result.message} (strict mode: ${code ? `a ${code} warning` : 'a warning'})`, tags: { ...result.tags, strict: 'true' } };
  });
}
