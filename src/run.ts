/**
 * One run of the function: ResourceList text in, ResourceList text out, with an exit code and the
 * lines for stderr. No I/O happens here, so tests and the CLI share it.
 */
import { decodeFunctionConfig, settingResultFor } from './config/decode';
import type { SettingResult } from './config/decode';
import { redactSecrets, secretValuesIn } from './config/secrets';
import type { DrydockSettings } from './config/settings';
import { FunctionInputError, errorResult } from './krm/errors';
import { InvalidItemsError, ItemSyntaxError, UnreadableItemError, readResourceList, readResourceListAsDocument } from './krm/read';
import type { InputItem, ParsedResourceList } from './krm/read';
import { KptFiles } from './krm/kpt-files';
import { ResourceSet } from './krm/resource-set';
import { describe, identityKey, refOf } from './krm/object';
import type { ItemOutcome } from './krm/resource-set';
import type { KubeObject, ResourceRef, Result } from './krm/types';
import { partsToString, printNewObject, printOutcome, writeEmptyResourceList, writeInputWithResults, writeResourceListParts } from './krm/write';
import type { OutputPart, PrintedItem } from './krm/write';
import { oneLine } from './one-line';
import { applyStrict, strictCodesFromEnvironment, strictWarnings } from './strict';
import { withCode } from './krm/codes';
import { PIPELINE, internalError, runPipeline } from './pipeline';
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
  /** The value of DRYDOCK_FN_STRICT, which adds to `strict.warnings` (src/strict.ts). */
  readonly strictEnvironment?: string;
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

/**
 * One run over a read list, step by step: the configuration, the Tutor instances, the pipeline on
 * each instance, the results; any error result leaves the items as they are.
 */
function runOnList(input: ParsedResourceList, options: RunOptions): RunOutcome {
  const config = strictConfig(readConfig(input.functionConfig), options.strictEnvironment);
  if (hasError(config.results)) return unchanged(input, redactSecrets(config.results, config.secrets));
  const partition = partitionByInstance(input.items, { namespace: config.settings.tutor.namespace, settingResult: config.settingResult });
  // With objects of several namespaces, results name the namespace of the object they are about.
  const namespaced = severalNamespaces(input.items) ? withNamespaces : (list: readonly Result[]): Result[] => [...list];
  const results: Result[] = [...config.results, ...config.strictly(partition.results)];
  if (hasError(results)) return unchanged(input, redactSecrets(namespaced(results), config.secrets));
  const run = runInstances(input, partition, config, options);
  results.push(...config.strictly(run.results));
  if (run.failed || hasError(results)) return unchanged(input, redactSecrets(namespaced(results), config.secrets));
  const clean = redactSecrets(namespaced(pointAtRenamed(results, run.output.renamed)), config.secrets);
  return finish(writeResourceListParts(input, { outcomes: run.output.outcomes, newObjects: run.output.newObjects, results: clean }), clean);
}

/** The functionConfig, decoded. */
interface RunConfig {
  readonly settings: DrydockSettings;
  readonly results: readonly Result[];
  /** The config's secret values: results never carry one, whatever produced them. */
  readonly secrets: readonly string[];
  readonly settingResult: SettingResult;
}

/**
 * The config with strict mode (`strict.warnings` and DRYDOCK_FN_STRICT) applied to its own results, and
 * the function that applies it to the later ones. A DRYDOCK_FN_STRICT that names no result code is an
 * error, so that a misspelt code does not quietly let a warning through.
 */
function strictConfig(config: RunConfig, environment: string | undefined): RunConfig & { strictly: (results: readonly Result[]) => Result[] } {
  let fromEnvironment: readonly string[];
  try {
    fromEnvironment = strictCodesFromEnvironment(environment);
  } catch (error) {
    const problem = withCode({ severity: 'error', message: (error as Error).message }, 'CONFIG_INVALID_VALUE');
    return { ...config, results: [...config.results, problem], strictly: (results) => [...results] };
  }
  const strict = strictWarnings(config.settings.strict.warnings, fromEnvironment);
  const strictly = (results: readonly Result[]): Result[] => applyStrict(results, strict);
  return { ...config, results: strictly(config.results), strictly };
}

function readConfig(functionConfig: unknown): RunConfig {
  const decoded = decodeFunctionConfig(functionConfig);
  return { settings: decoded.settings, results: decoded.results, secrets: secretValuesIn(functionConfig), settingResult: settingResultFor(functionConfig) };
}

function hasError(results: readonly Result[]): boolean {
  return results.some((result) => result.severity === 'error');
}

/** What the runs of all instances share: the kpt files of the output, and what the items of no instance hold. */
interface SharedInput {
  readonly files: KptFiles;
  readonly outsideHeaders: readonly KubeObject[];
  /** What a rename of an instance's ConfigMaps would leave pointing at the old name (warned about, never changed). */
  readonly referencesOutside: readonly OutsideReference[];
}

function readSharedInput(input: ParsedResourceList, partition: InstancePartition): SharedInput {
  // kpt's places held by the items that stay (all but the stale generated ones), then by each new object.
  const leaving = new Set(partition.scopes.flatMap((scope) => scope.stale));
  const files = new KptFiles(input.items.filter((item) => !leaving.has(item)).map((item) => item.header), partition.scopes.length > 1);
  // Every item is read whole once, also those no feature reads, so that a problem in any of them is reported.
  for (const item of partition.shared) void item.value;
  const referencesOutside: OutsideReference[] = [];
  for (const item of partition.outside) {
    referencesOutside.push(...outsideReferences(item.header, item.value));
    item.release();
  }
  return { files, outsideHeaders: partition.outside.map((item) => item.header), referencesOutside };
}

/** The run of every instance: the merged results, and `failed` when an instance gave an error (the later ones are not run). */
interface InstancesRun {
  readonly output: RunOutput;
  readonly results: readonly Result[];
  readonly failed: boolean;
}

/** What the run of one instance needs besides the instance. */
interface InstanceRunContext {
  readonly input: ParsedResourceList;
  readonly partition: InstancePartition;
  readonly config: RunConfig;
  readonly options: RunOptions;
  readonly shared: SharedInput;
  readonly output: RunOutput;
}

function runInstances(input: ParsedResourceList, partition: InstancePartition, config: RunConfig, options: RunOptions): InstancesRun {
  const output = new RunOutput(input, partition);
  const context: InstanceRunContext = { input, partition, config, options, shared: readSharedInput(input, partition), output };
  const perInstance: { instance: string | undefined; results: Result[] }[] = [];
  let failed = false;
  for (const [index, scope] of partition.scopes.entries()) {
    const results: Result[] = [];
    perInstance.push({ instance: scope.instance, results });
    failed = !runInstance(index, context, results);
    if (failed) break;
  }
  return { output, results: mergeInstanceResults(perInstance, partition.scopes.length), failed };
}

/** Runs the pipeline on instance `index` and adds its items to the output; false when it gave an error result. */
function runInstance(index: number, context: InstanceRunContext, results: Result[]): boolean {
  const { input, partition, config, options, shared, output } = context;
  const scope = partition.scopes[index];
  try {
    const resources = new ResourceSet(scope.items, { fileAnnotations: options.fileAnnotations ?? true, shared: partition.shared, outside: shared.outsideHeaders, namespace: scope.namespace, stale: scope.stale, files: shared.files });
    runPipeline(resources, config.settings, options.features ?? PIPELINE, results, config.settingResult);
    results.push(...referencesLeftBehind(resources.renames(), shared.referencesOutside, scope.namespace));
    if (hasError(results)) return false;
    return output.add(resources, index, results);
  } catch (error) {
    if (error instanceof UnreadableItemError || error instanceof ItemSyntaxError) throw error;
    results.push(...(error instanceof FunctionInputError ? error.results : [internalError('running the features', error)]));
    return false;
  } finally {
    // The instance is written: its values are no longer needed (the next instance reads its own).
    if (input.layout.kind === 'text') for (const item of [...scope.items, ...scope.stale]) item.release();
  }
}

/**
 * What the run writes, instance by instance: the outcome of each input item and the new objects,
 * printed as soon as their instance is done when the input is text.
 */
class RunOutput {
  readonly outcomes: ItemOutcome[];
  readonly newObjects: (KubeObject | PrintedItem)[] = [];
  /** Items renamed by the run (a ConfigMap's hash): `Kind/namespace/name` → the new name. */
  readonly renamed = new Map<string, string>();
  private readonly identities: Identities;

  constructor(
    private readonly input: ParsedResourceList,
    partition: InstancePartition,
  ) {
    this.outcomes = input.items.map((item) => ({ kind: 'unchanged', input: item }));
    this.identities = new Identities(partition);
  }

  /** Adds the items of instance `index`; false, with an error result, when it generates an object another instance or item has. */
  add(resources: ResourceSet, index: number, results: Result[]): boolean {
    const layout = this.input.layout;
    let clashed = false;
    for (const [from, to] of resources.renamedItems()) this.renamed.set(from, to);
    for (const outcome of resources.inputOutcomes()) this.outcomes[outcome.input.position] = layout.kind === 'text' ? printOutcome(outcome) : outcome;
    for (const object of resources.newObjects()) {
      const clash = this.identities.claim(object, index);
      if (clash) {
        results.push(clash);
        clashed = true;
      }
      this.newObjects.push(layout.kind === 'text' ? printNewObject(object, layout.dashIndent, this.input.lineEnding) : object);
    }
    return !clashed;
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
  const failed = hasError(results);
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
