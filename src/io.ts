/**
 * Byte-level entry points of the CLI: UTF-8 decoding and size limits for the KRM mode, and the
 * wrapping of plain manifests into a ResourceList (and back) for `drydock-fn render`.
 */
import { isUtf8 } from 'buffer';
import type { ResultCode } from './krm/codes';
import { yaml } from './krm/yaml-lib';
import { errorResult } from './krm/errors';
import { isLocalConfig } from './krm/object';
import { lineEndingOf, withLineEnding, withoutLoneCarriageReturns } from './krm/line-endings';
import { findUnportableCharacter, itemDocument, readResourceList } from './krm/read';
import { unreadable } from './krm/read/reader-errors';
import type { Result } from './krm/types';
import { writeEmptyResourceList } from './krm/write';
import { printYamlDocument } from './krm/yaml11';
import { documentValue, parseYamlDocument, toStringOptions } from './krm/yaml-options';
import { formatDiagnostic, runFunction } from './run';
import type { RunOutcome } from './run';

/** Largest input accepted (a ResourceList of 10,000 Tutor objects is about 35 MB). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes UTF-8 strictly; undefined when the bytes are not UTF-8. */
function decode(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function failure(code: ResultCode, message: string): RunOutcome {
  const results: Result[] = [errorResult(code, message)];
  const output = writeEmptyResourceList(results);
  return { output, outputParts: [output], exitCode: 1, results, diagnostics: results.map(formatDiagnostic) };
}

/**
 * The KRM function on raw stdin bytes. The input is not decoded as a whole: the reader decodes each
 * item on its own, so an item of plain ASCII stays a one-byte string whatever the rest holds.
 */
export function runOnBytes(bytes: Uint8Array, options: { strictEnvironment?: string } = {}): RunOutcome {
  if (bytes.length > MAX_INPUT_BYTES) return failure('INPUT_TOO_LARGE', `input is ${bytes.length} bytes, more than the ${MAX_INPUT_BYTES} bytes drydock-fn accepts`);
  if (!isUtf8(bytes)) return failure('INPUT_NOT_UTF8', 'input is not valid UTF-8: a ResourceList must be YAML or JSON text in UTF-8');
  return runFunction(bytes, { strictEnvironment: options.strictEnvironment });
}

export interface RenderOptions {
  /** A DrydockConfig or ConfigMap document. */
  readonly config?: Uint8Array;
  readonly configName?: string;
  /** DRYDOCK_*=value settings. */
  readonly sets?: readonly string[];
  /** DRYDOCK_FN_STRICT's value (src/strict.ts). */
  readonly strictEnvironment?: string;
}

/**
 * Runs the function on plain manifests: wraps the documents into a ResourceList, runs, and prints the
 * resulting items as a multi-document stream. Documents drydock-fn did not change come out as they came in.
 */
export function renderManifests(sources: readonly { name: string; bytes: Uint8Array }[], options: RenderOptions): RunOutcome {
  const documents: string[] = [];
  for (const source of sources) {
    const text = decode(source.bytes);
    if (text === undefined) return renderFailure('INPUT_NOT_UTF8', `${source.name} is not valid UTF-8`);
    // Named by file and line here: wrapped into a ResourceList, the lines would be the list's.
    const unportable = findUnportableCharacter(source.bytes);
    if (unportable) return renderFailure('INPUT_UNPORTABLE_CHARACTER', `${source.name}: ${unportable.where}: ${unportable.problem}`);
    documents.push(...splitDocuments(withoutLoneCarriageReturns(text)));
  }
  let functionConfig: unknown;
  if (options.config) {
    const text = decode(options.config);
    if (text === undefined) return renderFailure('INPUT_NOT_UTF8', `${options.configName ?? 'the config'} is not valid UTF-8`);
    const unportable = findUnportableCharacter(options.config);
    if (unportable) return renderFailure('INPUT_UNPORTABLE_CHARACTER', `${options.configName ?? 'the config'}: ${unportable.where}: ${unportable.problem}`);
    const doc = parseYamlDocument(text);
    if (doc.errors.length > 0) return renderFailure('INPUT_YAML_SYNTAX', `${options.configName ?? 'the config'} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    try {
      functionConfig = documentValue(doc);
    } catch (error) {
      const refusal = unreadable(error);
      return renderFailure(refusal.tags?.code as ResultCode, `${options.configName ?? 'the config'}: ${refusal.message}`);
    }
  }
  if (options.sets && options.sets.length > 0) {
    const data: Record<string, string> = {};
    for (const entry of options.sets) {
      const equals = entry.indexOf('=');
      data[entry.slice(0, equals)] = entry.slice(equals + 1);
    }
    if (functionConfig === undefined) functionConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drydock-settings' }, data };
    else if ((functionConfig as { kind?: unknown }).kind === 'ConfigMap') {
      const configMap = functionConfig as { data?: Record<string, string> };
      configMap.data = { ...(configMap.data ?? {}), ...data };
    } else return renderFailure('CONFIG_KIND', '--set adds DRYDOCK_* settings to a ConfigMap config; with a DrydockConfig, write the settings into its spec');
  }
  const outcome = runFunction(wrapDocuments(documents, functionConfig), { fileAnnotations: false, strictEnvironment: options.strictEnvironment });
  // What `kubectl apply -f` can take: local-config objects (the TutorInitTasks, a config given as a
  // manifest) are left out, as kustomize leaves them out of a build.
  const output = outcome.exitCode === 0 ? unwrapItems(outcome.output, { withoutLocalConfig: true }) : '';
  return { ...outcome, output, outputParts: [output], diagnostics: outcome.results.map(formatDiagnostic) };
}

function renderFailure(code: ResultCode, message: string): RunOutcome {
  const results: Result[] = [errorResult(code, message)];
  return { output: '', outputParts: [], exitCode: 1, results, diagnostics: results.map(formatDiagnostic) };
}

/**
 * Splits a multi-document stream at `---` lines, dropping documents that hold only comments. Each
 * document keeps its lines as they are, line endings included.
 */
export function splitDocuments(text: string): string[] {
  const documents: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    const body = current.join('');
    if (body.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'))) documents.push(body.endsWith('\n') ? body : `${body}${lineEndingOf(body) ?? '\n'}`);
    current = [];
  };
  for (const line of text.replace(/^\ufeff/, '').split(/(?<=\n)/)) {
    if (/^---(\s|$)/.test(line) || /^\.\.\.\s*$/.test(line)) {
      flush();
      const rest = line.slice(3).trim();
      if (line.startsWith('---') && rest !== '' && !rest.startsWith('#')) current.push(`${rest}${line.endsWith('\r\n') ? '\r\n' : '\n'}`);
      continue;
    }
    current.push(line);
  }
  flush();
  return documents;
}

/**
 * A ResourceList text holding the documents as items (each document's text kept as it is, indented)
 * and the functionConfig, as kustomize would send it. Its own lines take the first document's line
 * ending, so that new items do too.
 */
export function wrapDocuments(documents: readonly string[], functionConfig?: unknown): string {
  const lineEnding = (documents.length > 0 && lineEndingOf(documents[0])) || '\n';
  const header = withLineEnding('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n', lineEnding);
  const items = documents.length === 0 ? `items: []${lineEnding}` : `items:${lineEnding}${documents.map(indentDocument).join('')}`;
  const config = functionConfig === undefined ? '' : withLineEnding(printYamlDocument(new (yaml().Document)({ functionConfig }), toStringOptions(false)), lineEnding);
  return header + items + config;
}

function indentDocument(document: string): string {
  const lines = document.slice(0, -1).split('\n');
  return lines.map((line, index) => (index === 0 ? `- ${line}` : line === '' || line === '\r' ? line : `  ${line}`)).join('\n') + '\n';
}

/**
 * The items of an output ResourceList as a multi-document stream: each item's lines as the run wrote
 * them (an untouched document as it came in, line endings and the comments after it included);
 * `withoutLocalConfig` leaves out the local-config objects, which are never applied.
 */
export function unwrapItems(output: string, options: { readonly withoutLocalConfig?: boolean } = {}): string {
  const parsed = readResourceList(output, { lazy: true });
  return parsed.items
    .filter((item) => !(options.withoutLocalConfig && isLocalConfig(item.header)))
    .map((item, index) => {
      let document: string;
      if (item.source.kind === 'text') document = itemDocument(item.source);
      else {
        const doc = new (yaml().Document)();
        doc.contents = item.source.node;
        document = withLineEnding(printYamlDocument(doc, toStringOptions(false)), parsed.lineEnding);
      }
      return index === 0 ? document : `---${lineEndingOf(document) ?? parsed.lineEnding}${document}`;
    })
    .join('');
}
