/**
 * The document reader: the whole stream parsed with the `yaml` package. It takes what the text reader
 * does not (JSON, flow style, anchors across items, odd layouts) and reports syntax errors with their
 * line and column.
 */
import type * as YAML from 'yaml';
import { yaml } from '../yaml-lib';
import { describeType } from '../describe';
import { FunctionInputError, errorResult } from '../errors';
import { lineEndingIn, withoutLoneCarriageReturns } from '../line-endings';
import type { KubeObject, Result } from '../types';
import { isPlainObject } from '../types';
import { lineOf } from '../text-scan';
import { hasLineSeparators, readLineSeparatorsAsYaml11 } from '../yaml11';
import { MAX_DEPTH, documentValue, parseYamlDocuments } from '../yaml-options';
import { InvalidItemsError, checkHeader, depthExceeds, itemProblem, limitProblems, normaliseFunctionConfig } from './item-problems';
import { utf8 } from './parsed';
import type { InputItem, ParsedResourceList } from './parsed';
import { syntaxError, unreadable } from './reader-errors';

export function readDocumentLayout(bytes: Buffer): ParsedResourceList {
  const text = withoutLoneCarriageReturns(utf8(bytes, 0, bytes.length));
  let docs: YAML.Document.Parsed[];
  try {
    docs = parseYamlDocuments(text);
  } catch (error) {
    throw new FunctionInputError(unreadable(error));
  }
  const nonEmpty = docs.filter((doc) => doc.contents !== null || doc.errors.length > 0);
  if (nonEmpty.length === 0) {
    throw new FunctionInputError(errorResult('INPUT_EMPTY', 'empty input: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) on stdin'));
  }
  const doc = nonEmpty[0];
  const firstError = doc.errors[0];
  if (firstError) throw new FunctionInputError(syntaxError(firstError, text));
  if (hasLineSeparators(text)) readLineSeparatorsAsYaml11([doc], text);
  if (nonEmpty.length > 1) {
    throw new FunctionInputError(errorResult('INPUT_MULTIPLE_DOCUMENTS', `expected exactly one ResourceList document on stdin, found ${nonEmpty.length} documents`));
  }
  let plain: unknown;
  try {
    plain = documentValue(doc);
  } catch (error) {
    throw new FunctionInputError(unreadable(error));
  }
  if (!isPlainObject(plain)) {
    throw new FunctionInputError(
      errorResult('INPUT_NOT_RESOURCE_LIST', `not a ResourceList: the input is a ${describeType(plain)}, expected a mapping with apiVersion: config.kubernetes.io/v1 and kind: ResourceList`),
    );
  }
  if (depthExceeds(plain, MAX_DEPTH)) {
    throw new FunctionInputError(errorResult('INPUT_TOO_DEEP', `input nests deeper than ${MAX_DEPTH} levels; no Kubernetes object does`));
  }
  const apiVersion = checkHeader(plain);
  const itemsNode = doc.get('items', true);
  const itemsValue = plain.items;
  if (itemsValue === undefined) {
    throw new FunctionInputError(errorResult('INPUT_ITEMS_INVALID', 'not a ResourceList: the items field is missing', { field: { path: 'items' } }));
  }
  if (itemsValue !== null && !Array.isArray(itemsValue)) {
    throw new FunctionInputError(errorResult('INPUT_ITEMS_INVALID', `not a ResourceList: items must be a list, found a ${describeType(itemsValue)}`, { field: { path: 'items' } }));
  }
  const values = (itemsValue ?? []) as unknown[];
  const nodes = yaml().isSeq(itemsNode) ? itemsNode.items : [];
  const items: InputItem[] = [];
  const problems: Result[] = [];
  values.forEach((value, position) => {
    const node = nodes[position];
    const problem =
      itemProblem(value, position, () => (yaml().isNode(node) && node.range ? lineOf(text, node.range[0]) : undefined)) ??
      (yaml().isMap(node) ? undefined : errorResult('ITEM_NOT_OBJECT', `items[${position}] must be a mapping`, { field: { path: `items[${position}]` } }));
    if (problem) problems.push(problem);
    else items.push({ position, header: value as KubeObject, value: value as KubeObject, release: () => undefined, source: { kind: 'node', node: node as YAML.YAMLMap } });
  });
  if (problems.length > 0) throw new InvalidItemsError(limitProblems(problems), text);
  return { bytes, apiVersion, items, functionConfig: normaliseFunctionConfig(plain.functionConfig), lineEnding: lineEndingIn(bytes) ?? '\n', layout: { kind: 'document', doc } };
}
