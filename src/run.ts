/**
 * One run of the function: ResourceList text in, ResourceList text out, with an exit code and the
 * lines for stderr. No I/O happens here, so tests and the CLI share it.
 */
import { decodeFunctionConfig, settingResultFor } from './config/decode';
import type { SettingResult } from './config/decode';
import { redactSecrets, secretValuesIn } from './config/secrets';
import type { DrydockSettings } from './config/settings';
import { FunctionInputError, errorResult } from './krm/errors';
import { InvalidItemsError, readResourceList, describeError } from './krm/read';
import type { ParsedResourceList } from './krm/read';
import { ResourceSet, describe } from './krm/resource-set';
import type { Result } from './krm/types';
import { writeEmptyResourceList, writeInputWithResults, writeResourceList } from './krm/write';
import { PIPELINE } from './pipeline';
import { deriveTutorContext } from './tutor/context';
import type { Feature } from './features/feature';

export interface RunOutcome {
  /** The output ResourceList. */
  readonly output: string;
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
 * Runs the pipeline. Guarantees: always returns a ResourceList; on any error result the items are
 * the input items, unchanged; without changes and results the output is the input byte for byte.
 */
export function runFunction(inputText: string, options: RunOptions = {}): RunOutcome {
  let input: ParsedResourceList;
  try {
    input = readResourceList(inputText);
  } catch (error) {
    if (error instanceof InvalidItemsError) return finish(writeInputWithResults(inputText, error.results), error.results);
    const results = error instanceof FunctionInputError ? error.results : [internalError('reading the input', error)];
    return finish(writeEmptyResourceList(results), results);
  }
  // Results never carry a secret value of the config, whatever produced them.
  const secrets = secretValuesIn(input.functionConfig);
  const decoded = decodeFunctionConfig(input.functionConfig);
  if (decoded.results.some((result) => result.severity === 'error')) {
    return unchanged(input, redactSecrets(decoded.results, secrets));
  }
  const results: Result[] = [...decoded.results];
  try {
    const resources = new ResourceSet(input.items, options.fileAnnotations ?? true);
    runPipeline(resources, decoded.settings, options.features ?? PIPELINE, results, settingResultFor(input.functionConfig));
    if (results.some((result) => result.severity === 'error')) return unchanged(input, redactSecrets(results, secrets));
    const clean = redactSecrets(pointAtRenamed(results, resources.renamedItems()), secrets);
    const output = writeResourceList(input, { outcomes: resources.inputOutcomes(), newObjects: resources.newObjects(), results: clean });
    return finish(output, clean);
  } catch (error) {
    results.push(error instanceof FunctionInputError ? error.results[0] : internalError('running the features', error));
    if (error instanceof FunctionInputError) results.push(...error.results.slice(1));
    return unchanged(input, redactSecrets(results, secrets));
  }
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
    results.push(...output.results, ...resources.takeResults());
    if (output.results.some((result) => result.severity === 'error')) return;
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
    results.push(...output.results);
  }
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

function unchanged(input: ParsedResourceList, results: readonly Result[]): RunOutcome {
  const output = writeResourceList(input, {
    outcomes: input.items.map((item) => ({ kind: 'unchanged', input: item })),
    newObjects: [],
    results,
  });
  return finish(output, results);
}

function finish(output: string, results: readonly Result[]): RunOutcome {
  const failed = results.some((result) => result.severity === 'error');
  return { output, exitCode: failed ? 1 : 0, results, diagnostics: results.filter((result) => result.severity !== 'info').map(formatDiagnostic) };
}

function internalError(during: string, error: unknown): Result {
  return errorResult('INTERNAL_ERROR', `internal error in ${during}: ${describeError(error)} (this is a bug in drydock-fn; please report it with the input that caused it)`);
}

/** "drydock-fn: warning: Ingress lms: spec.rules: message" on one line. */
export function formatDiagnostic(result: Result): string {
  const subject = result.resourceRef ? `${describe({ kind: result.resourceRef.kind, metadata: { name: result.resourceRef.name } } as never)}: ` : '';
  const message = result.message.replace(/\s*\n\s*/g, ' ');
  const alreadyNamed = subject !== '' && message.startsWith(subject);
  return `drydock-fn: ${result.severity}: ${alreadyNamed ? '' : subject}${message}`;
}
