/** Parse and print options shared by every place that touches YAML text (all inside src/krm). */
import type * as YAML from 'yaml';
import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions, ToStringOptions } from 'yaml';
import { yaml } from './yaml-lib';
import { GO_YAML_FLOAT_TAG, GO_YAML_NUMBER_TAG } from './go-yaml-scalars';
import { correctImplicitKeyErrors } from './implicit-keys';

/**
 * How many alias expansions a document may cause before reading it fails. Real manifests have none
 * (kustomize expands anchors before calling a function); a "billion laughs" document hits this at once.
 */
export const MAX_ALIAS_COUNT = 1000;

/** Deepest nesting accepted in any item; far beyond any Kubernetes object, well within the stack. */
export const MAX_DEPTH = 200;

/** The core schema, but plain scalars of a number's shape read as Kubernetes reads them (go-yaml-scalars.ts). */
export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  customTags: (tags) => [GO_YAML_NUMBER_TAG, GO_YAML_FLOAT_TAG, ...tags],
  merge: true,
  uniqueKeys: true,
  strict: true,
  prettyErrors: false,
  keepSourceTokens: false,
};

/**
 * PARSE_OPTIONS but the duplicate key check, which {@link parseYamlDocument} makes in linear time: `yaml`
 * compares each key with every key before it in its mapping (a mapping of 32,000 keys took 15 s).
 */
const PARSE_WITHOUT_KEY_CHECK: ParseOptions & DocumentOptions & SchemaOptions = { ...PARSE_OPTIONS, uniqueKeys: false };

/**
 * `yaml`'s parseDocument with PARSE_OPTIONS: the same document and errors, in time linear in the text,
 * but implicit keys too long for go-yaml refused as go-yaml refuses them (implicit-keys.ts).
 */
export function parseYamlDocument(text: string): YAML.Document.Parsed {
  const doc = yaml().parseDocument(text, PARSE_WITHOUT_KEY_CHECK);
  correctImplicitKeyErrors(text, [doc]);
  addDuplicateKeyErrors(doc);
  return doc;
}

/**
 * `yaml`'s parseAllDocuments with PARSE_OPTIONS: the same documents and errors, in time linear in the
 * text (an array always: a text without documents gives yaml's EmptyStream, an empty one), implicit
 * keys as {@link parseYamlDocument} reads them.
 */
export function parseYamlDocuments(text: string): YAML.Document.Parsed[] {
  const docs = yaml().parseAllDocuments(text, PARSE_WITHOUT_KEY_CHECK) as YAML.Document.Parsed[];
  correctImplicitKeyErrors(text, docs);
  for (const doc of docs) addDuplicateKeyErrors(doc);
  return docs;
}

/**
 * The errors `uniqueKeys: true` gives, found with a set per mapping: a key is a duplicate where it is a
 * scalar whose value is `===` to an earlier key's (so NaN never is; each merge key `<<` is its own
 * symbol), at the key's start (`yaml` puts one right after what precedes the key when no line break
 * or indentation stands between: after an empty value, at the end of the line before). In the order
 * `yaml` reports them, a block mapping's while composing the key, a flow mapping's after the pair's
 * value; in a text with other errors too, an error at the same offset may come in another order.
 */
function addDuplicateKeyErrors(doc: YAML.Document.Parsed): void {
  const lib = yaml();
  const duplicates: { readonly error: YAML.YAMLParseError; readonly reportedAt: number }[] = [];
  lib.visit(doc, {
    Map: (_key, map) => {
      const seen = new Set<unknown>();
      for (const { key, value } of map.items) {
        if (!lib.isScalar(key) || Number.isNaN(key.value)) continue;
        if (!seen.has(key.value)) seen.add(key.value);
        else {
          // A parsed node has its range; a flow pair's value may be missing (`{a, a}`).
          const [start, keyEnd] = key.range as YAML.Range;
          const reportedAt = map.flow ? ((value as YAML.Node | null)?.range?.[1] ?? keyEnd) : start;
          duplicates.push({ error: new lib.YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'), reportedAt });
        }
      }
    },
  });
  // A mapping's keys are checked before the mappings inside it: sorted, each duplicate goes before
  // the first error that starts after where it is reported.
  duplicates.sort((first, second) => first.reportedAt - second.reportedAt);
  const errors: YAML.YAMLError[] = [];
  let next = 0;
  for (const error of doc.errors) {
    while (next < duplicates.length && error.pos[0] > duplicates[next].reportedAt) errors.push(duplicates[next++].error);
    errors.push(error);
  }
  while (next < duplicates.length) errors.push(duplicates[next++].error);
  doc.errors = errors;
}

export const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };

/**
 * A parsed document's value within the alias limits: more than `maxAliasCount` aliases in the document
 * is refused before reading, as `yaml` refuses as many expansions. `yaml` finds each alias's anchor by
 * a search of the document's anchors and aliases before it, so n aliases cost time in n² (32,000 aliases
 * to distinct anchors, which its expansion count lets through, took minutes).
 */
export function documentValue(doc: YAML.Document, maxAliasCount = MAX_ALIAS_COUNT): unknown {
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
