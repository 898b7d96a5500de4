/** Parse and print options shared by every place that touches YAML text (all inside src/krm). */
import type { Document, DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions, ToStringOptions } from 'yaml';
import { yaml } from './yaml-lib';
import { GO_YAML_NUMBER_TAG } from './go-yaml-scalars';

/**
 * How many alias expansions a document may cause before reading it fails. Real manifests have none
 * (kustomize expands anchors before calling a function); a "billion laughs" document hits this at once.
 */
export const MAX_ALIAS_COUNT = 1000;

/** Deepest nesting accepted in any item; far beyond any Kubernetes object, well within the stack. */
export const MAX_DEPTH = 200;

/** The core schema, but plain scalars of a number's shape read as Kubernetes reads them (go-yaml-scalars.ts). */
export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  customTags: (tags) => [GO_YAML_NUMBER_TAG, ...tags],
  merge: true,
  uniqueKeys: true,
  strict: true,
  prettyErrors: false,
  keepSourceTokens: false,
};

export const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };

/**
 * A parsed document's value within the alias limits: more than `maxAliasCount` aliases in the document
 * is refused before reading, as `yaml` refuses as many expansions. `yaml` finds each alias's anchor by
 * a search of the document's anchors and aliases before it, so n aliases cost time in n² (32,000 aliases
 * to distinct anchors, which its expansion count lets through, took minutes).
 */
export function documentValue(doc: Document, maxAliasCount = MAX_ALIAS_COUNT): unknown {
  let aliases = 0;
  yaml().visit(doc, {
    Alias: () => {
      if (++aliases > maxAliasCount) throw new ReferenceError(`Excessive alias count: more than ${maxAliasCount} aliases in one document`);
    },
  });
  return doc.toJS({ maxAliasCount });
}

/**
 * Printing keeps what the orchestrators emit: no line folding (kyaml writes long strings on one line),
 * no padding inside flow collections, and the sequence indentation chosen per item.
 */
export function toStringOptions(indentSeq: boolean): ToStringOptions {
  return { indentSeq, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false };
}
