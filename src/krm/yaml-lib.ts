/**
 * The `yaml` package, loaded on first use. The common path reads with js-yaml and writes by splicing
 * and the fast printer; `yaml` (comments-aware documents, the document reader, the fallbacks) is needed
 * only for unusual input, and loading it costs about 10 ms of every start-up.
 */
import type * as YAML from 'yaml';
// (Its types by their file: the compiler's module resolution does not read the package's exports.)
import type * as YAMLUtil from 'yaml/dist/util';

let loaded: typeof YAML | undefined;

export function yaml(): typeof YAML {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('yaml') as typeof YAML;
  return loaded;
}

let loadedUtil: typeof YAMLUtil | undefined;

/** `yaml/util` (its number printer), loaded on first use, when `yaml` prints a document. */
export function yamlUtil(): typeof YAMLUtil {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadedUtil ??= require('yaml/util') as typeof YAMLUtil;
  return loadedUtil;
}
