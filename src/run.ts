/**
 * One run of the function: ResourceList text in, ResourceList text out, with an exit code and the
 * lines for stderr. No I/O happens here, so tests and the CLI share it.
 */
import { decodeFunctionConfig, settingResultFor } from './config/decode';
import type { SettingResult } from './config/decode';
import { redactSecrets, secretValuesIn } from './config/secrets';
import type { DrydockSettings } from './config/settings';
import { FunctionInputError, errorResult } from './krm/errors';
import { InvalidItemsError, ItemSyntaxError, UnreadableItemError, describeError, readResourceList, readResourceListAsDocument } from './krm/read';
import type { InputItem, ParsedResourceList } from './krm/read';
import { KptFiles } from './krm/kpt-files';
import { ResourceSet } from './krm/resource-set';
import { describe, identityKey, refOf } from './krm/object';
import type { ItemOutcome } from './krm/resource-set';
import type { KubeObject, ResourceRef, Result } from './krm/types';
import { partsToString, printNewObject, printOutcome, writeEmptyResourceList, writeInputWithResults, writeResourceListParts } from './krm/write';
import type { OutputPart, PrintedItem } from './krm/write';
import { oneLine } from './one-line';
import { PIPELINE } from './pipeline';
import { deriveTutorContext } from './tutor/context';
import { describeWithNamespace, partitionByInstance } from './tutor/instances';
import type { InstancePartition } from './tutor/instances';
import type { Feature } from './features/feature';
import { outsideReferences, referencesLeftBehind } from './features/configmap-hashes';
import type { OutsideReference } from './features/configmap-hashes';

export interface RunOutcome {
  /** The output ResourceList. */
  readonly output: string;
  /** The output as pieces to write one after the other (the CLI writes them without joining them). */
  readonly outputParts: readonly OutputPart[];
  /** 0 on success, 1 when any result is an error. */
  readonly exitCode: 0 | 1;
  readonly results: readonly Result[];
  /** One line per warning or error, for stderr (kustomize does not show results). */
  readonly diagnostics: readonly string[];
}

export interface RunOptions {
  /** Features to run instead of the pipeline (tests). */
  readonly features?: readonly Feature[];
  /** Give generated objects kpt's path and index annotations (default true; `render` prints plain manifests). */
  readonly fileAnnotations?: boolean;
}

/**
 * Runs the pipeline, once per Tutor instance of the input (see tutor/instances.ts). Guarantees:
 * always returns a ResourceList; on any error result the items are the input items, unchanged;
 * without changes and results the output is the input byte for byte.
 */
export function runFunction(inputText: string | Uint8Array, options: RunOptions = {}): RunOutcome {
  let input: ParsedResourceList;
  try {
    input = readResourceList(inputText, { lazy: true });
  } catch (error) {
    return unreadable(error);
  }
  try {
    return runOnList(input, options);
  } catch (error) {
    if (error instanceof ItemSyntaxError) return unreadable(error);
    if (!(error instanceof UnreadableItemError)) throw error;
  }
  // The text reader cut out an item it could not read after all: the document reader reads the whole
  // input, and reports the problem with its position if there is one.
  try {
    input = readResourceListAsDocument(inputText);
  } catch (error) {
    return unreadable(error);
  }
  return runOnList(input, options);
}

/** The output for input that could not be read: its items when the list was read (InvalidItemsError), else none. */
function unreadable(error: unknown): RunOutcome {
  if (error instanceof InvalidItemsError) return finish([writeInputWithResults(error.text, error.results)], error.results);
  const results = error instanceof FunctionInputError ? error.results : [internalError('reading the input', error)];
  return finish([writeEmptyResourceList(results)], results);
}

function runOnList(input: ParsedResourceList, options: RunOptions): RunOutcome {
  // Results never carry a secret value of the config, whatever produced them.
  const secrets = secretValuesIn(input.functionConfig);
  const decoded = decodeFunctionConfig(input.functionConfig);
  if (decoded.results.some((result) => result.severity === 'error')) {
    return unchanged(input, redactSecrets(decoded.results, secrets));
  }
  const results: Result[] = [...decoded.results];
  const settingResult = settingResultFor(input.functionConfig);
  const partition = partitionByInstance(input.items, { namespace: decoded.settings.tutor.namespace, settingResult });
  results.push(...partition.results);
  // With objects of several namespaces, results name the namespace of the object they are about.
  const namespaced = severalNamespaces(input.items) ? withNamespaces : (list: readonly Result[]): Result[] => [...list];
  if (results.some((result) => result.severity === 'error')) return unchanged(input, redactSecrets(namespaced(results), secrets));

  const textLayout = input.layout.kind === 'text';
  const dashIndent = input.layout.kind === 'text' ? input.layout.dashIndent : 0;
  const outcomes: ItemOutcome[] = input.items.map((item) => ({ kind: 'unchanged', input: item }));
  const newObjects: (KubeObject | PrintedItem)[] = [];
  const perInstance: { instance: string | undefined; results: Result[] }[] = [];
  const renamed = new Map<string, string>();
  const identities = new Identities(partition);
  // kpt's places held by the items that stay (all but the stale generated ones), then by each new object.
  const leaving = new Set(partition.scopes.flatMap((scope) => scope.stale));
  const files = new KptFiles(input.items.filter((item) => !leaving.has(item)).map((item) => item.header), partition.scopes.length > 1);
  const outsideHeaders = partition.outside.map((item) => item.header);
  // Every item is read whole once, also those no feature reads, so that a problem in any of them is reported.
  for (const item of partition.shared) void item.value;
  // What a rename of the instance's ConfigMaps would leave pointing at the old name (warned about, never changed).
  const referencesOutside: OutsideReference[] = [];
  for (const item of partition.outside) {
    referencesOutside.push(...outsideReferences(item.header, item.value));
    item.release();
  }
  let failed = false;
  for (const [index, scope] of partition.scopes.entries()) {
    const scopeResults: Result[] = [];
    perInstance.push({ instance: scope.instance, results: scopeResults });
    try {
      const resources = new ResourceSet(scope.items, { fileAnnotations: options.fileAnnotations ?? true, shared: partition.shared, outside: outsideHeaders, namespace: scope.namespace, stale: scope.stale, files });
      runPipeline(resources, decoded.settings, options.features ?? PIPELINE, scopeResults, settingResult);
      scopeResults.push(...referencesLeftBehind(resources.renames(), referencesOutside, scope.namespace));
      if (scopeResults.some((result) => result.severity === 'error')) {
        failed = true;
        break;
      }
      for (const [from, to] of resources.renamedItems()) renamed.set(from, to);
      for (const outcome of resources.inputOutcomes()) outcomes[outcome.input.position] = textLayout ? printOutcome(outcome) : outcome;
      for (const object of resources.newObjects()) {
        const clash = identities.claim(object, index);
        if (clash) {
          scopeResults.push(clash);
          failed = true;
        }
        newObjects.push(textLayout ? printNewObject(object, dashIndent, input.lineEnding) : object);
      }
      if (failed) break;
    } catch (error) {
      if (error instanceof UnreadableItemError || error instanceof ItemSyntaxError) throw error;
      scopeResults.push(error instanceof FunctionInputError ? error.results[0] : internalError('running the features', error));
      if (error instanceof FunctionInputError) scopeResults.push(...error.results.slice(1));
      failed = true;
      break;
    } finally {
      // The instance is written: its values are no longer needed (the next instance reads its own).
      if (textLayout) for (const item of [...scope.items, ...scope.stale]) item.release();
    }
  }
  results.push(...mergeInstanceResults(perInstance, partition.scopes.length));
  if (failed || results.some((result) => result.severity === 'error')) return unchanged(input, redactSecrets(namespaced(results), secrets));
  const clean = redactSecrets(namespaced(pointAtRenamed(results, renamed)), secrets);
  return finish(writeResourceListParts(input, { outcomes, newObjects, results: clean }), clean);
}

/** Runs each enabled feature on the current items and applies its changes before the next one. */
function runPipeline(resources: ResourceSet, settings: DrydockSettings, features: readonly Feature[], results: Result[], settingResult: SettingResult): void {
  const tutor = deriveTutorContext(resources.views(), settings);
  const checks = features.filter((feature) => feature.stage === 'check');
  for (const feature of features) {
    if (feature.stage === 'check' || !feature.isEnabled(settings)) continue;
    let output;
    try {
      output = feature.run({ resources: resources.views(), settings, tutor, settingResult });
      resources.apply(output.changes);
    } catch (error) {
      if (error instanceof FunctionInputError) throw error;
      throw new FunctionInputError(internalError(`feature ${feature.name}`, error));
    }
    // What the feature found, and what the Tutor context found in the manifests while it asked for values.
    const found = [...output.results, ...tutor.takeResults()];
    results.push(...found, ...resources.takeResults());
    if (found.some((result) => result.severity === 'error')) return;
  }
  resources.pruneStaleGenerated();
  // Checks see the output as it will be written; their changes, if any, would be a bug.
  for (const feature of checks) {
    if (!feature.isEnabled(settings)) continue;
    let output;
    try {
      output = feature.run({ resources: resources.views(), settings, tutor, settingResult });
    } catch (error) {
      throw new FunctionInputError(internalError(`feature ${feature.name}`, error));
    }
    if (output.changes.length > 0) throw new FunctionInputError(internalError(`feature ${feature.name}`, new Error('a check returned changes')));
    results.push(...output.results, ...tutor.takeResults());
  }
}

/** True when the items are in more than one namespace. */
function severalNamespaces(items: readonly InputItem[]): boolean {
  let first: string | undefined;
  for (const item of items) {
    const namespace = item.header.metadata?.namespace;
    if (!namespace) continue;
    if (first === undefined) first = namespace;
    else if (namespace !== first) return true;
  }
  return false;
}

/**
 * Results about a namespaced object, their message starting with the object and its namespace
 * ("Deployment lms in namespace legacy: …"), so that kpt's listing and the stderr line both tell
 * apart objects of one name in different namespaces.
 */
function withNamespaces(results: readonly Result[]): Result[] {
  return results.map((result) => {
    const ref = result.resourceRef;
    if (!ref?.namespace) return result;
    const named = subjectWithNamespace(ref);
    if (result.message.startsWith(`${named}: `)) return result;
    const plain = `${ref.kind} ${ref.name}: `;
    const rest = result.message.startsWith(plain) ? result.message.slice(plain.length) : result.message;
    return { ...result, message: `${named}: ${rest}` };
  });
}

/** "Deployment lms in namespace legacy": the object a result is about, with its namespace. */
function subjectWithNamespace(ref: ResourceRef): string {
  return describeWithNamespace({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } });
}

/** Results about an item that was renamed later in the run (a ConfigMap's hash) name it as it is written. */
function pointAtRenamed(results: readonly Result[], renamed: ReadonlyMap<string, string>): Result[] {
  if (renamed.size === 0) return [...results];
  return results.map((result) => {
    const ref = result.resourceRef;
    const name = ref && renamed.get(`${ref.kind}/${ref.namespace ?? ''}/${ref.name}`);
    if (!ref || !name) return result;
    return { ...result, resourceRef: { ...ref, name }, message: result.message.split(ref.name).join(name) };
  });
}

/**
 * The identities (kind, group, namespace, name) of the input items and of the objects generated so
 * far, to catch an object generated for one instance that another instance has or generates too.
 */
class Identities {
  private readonly owners = new Map<string, number>();

  constructor(partition: InstancePartition) {
    if (partition.scopes.length < 2) return;
    partition.scopes.forEach((scope, index) => {
      for (const item of scope.items) this.owners.set(identityKey(item.header, scope.namespace), index);
    });
    for (const item of [...partition.shared, ...partition.outside]) this.owners.set(identityKey(item.header), -1);
  }

  /** Records an object generated for scope `index`; an error result when another scope or item has it. */
  claim(object: KubeObject, index: number): Result | undefined {
    if (this.owners.size === 0) return undefined;
    const key = identityKey(object);
    const owner = this.owners.get(key);
    if (owner !== undefined && owner !== index) {
      return errorResult(
        'INSTANCE_NAMESPACE',
        `${describe(object)}${object.metadata.namespace ? ` in namespace ${object.metadata.namespace}` : ''} is generated for one Tutor instance but another instance or an item of no instance has it too: give each instance its own namespace`,
        { resourceRef: refOf(object) },
      );
    }
    this.owners.set(key, index);
    return undefined;
  }
}

/**
 * The results of all instances: with one instance, its results as they are; with several, each result
 * once, and a result about no resource that not every instance gave names the instances it is about.
 */
function mergeInstanceResults(perInstance: readonly { instance: string | undefined; results: readonly Result[] }[], instanceCount: number): Result[] {
  if (instanceCount <= 1) return [...(perInstance[0]?.results ?? [])];
  const merged = new Map<string, { result: Result; instances: string[] }>();
  for (const { instance, results } of perInstance) {
    for (const result of results) {
      const key = JSON.stringify(result);
      const entry = merged.get(key);
      if (entry) {
        if (instance !== undefined && !entry.instances.includes(instance)) entry.instances.push(instance);
      } else merged.set(key, { result, instances: instance === undefined ? [] : [instance] });
    }
  }
  return [...merged.values()].map(({ result, instances }) => {
    if (result.resourceRef || instances.length === 0 || instances.length === instanceCount) return result;
    return { ...result, message: `Tutor instance${instances.length > 1 ? 's' : ''} ${instances.join(', ')}: ${result.message}` };
  });
}

function unchanged(input: ParsedResourceList, results: readonly Result[]): RunOutcome {
  const parts = writeResourceListParts(input, {
    outcomes: input.items.map((item) => ({ kind: 'unchanged', input: item })),
    newObjects: [],
    results,
  });
  return finish(parts, results);
}

function finish(parts: readonly OutputPart[], results: readonly Result[]): RunOutcome {
  const failed = results.some((result) => result.severity === 'error');
  let output: string | undefined;
  return {
    get output(): string {
      return (output ??= partsToString(parts));
    },
    outputParts: parts,
    exitCode: failed ? 1 : 0,
    results,
    diagnostics: results.filter((result) => result.severity !== 'info').map(formatDiagnostic),
  };
}

function internalError(during: string, error: unknown): Result {
  return errorResult('INTERNAL_ERROR', `internal error in ${during}: ${describeError(error)} (this is a bug in drydock-fn; please report it with the input that caused it)`);
}

/**
 * "drydock-fn: warning: Ingress lms: spec.rules: message" on exactly one line, whatever the names and
 * the message hold (see oneLine).
 */
export function formatDiagnostic(result: Result): string {
  const subject = result.resourceRef ? `${describe({ kind: result.resourceRef.kind, metadata: { name: result.resourceRef.name } } as never)}: ` : '';
  // A result about an object of a list of several namespaces names it with its namespace (withNamespaces).
  const namedWithNamespace = result.resourceRef?.namespace !== undefined && result.message.startsWith(`${subjectWithNamespace(result.resourceRef)}: `);
  const alreadyNamed = subject !== '' && (result.message.startsWith(subject) || namedWithNamespace);
  return `drydock-fn: ${result.severity}: ${oneLine(`${alreadyNamed ? '' : subject}${result.message}`)}`;
}
