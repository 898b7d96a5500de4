/**
 * The `yaml` package, loaded on first use. The common path reads with js-yaml and writes by splicing
 * and the fast printer; `yaml` (comments-aware documents, the document reader, the fallbacks) is needed
 * only for unusual input, and loading it costs about 10 ms of every start-up.
 */
import type * as YAML from 'yaml';

let loaded: typeof YAML | undefined;

export function yaml(): typeof YAML {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('yaml') as typeof YAML;
  return loaded;
}
