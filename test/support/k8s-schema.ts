/**
 * Validation of objects against the Kubernetes OpenAPI schema (kubernetes-models), the cert-manager
 * CRD schema (@kubernetes-models/cert-manager) and the Gateway API v1 CRD schemas
 * (@kubernetes-models/gateway-api: the experimental channel's, a superset of the standard one's,
 * see {@link experimentalFieldsOf}), strictly: types, formats and required
 * fields by the packages' validators, and, as `kubeconform -strict` and kubectl's default strict
 * field validation do, no field the schema does not have. Those packages are ES modules only, so
 * the validators are bundled once per test process into a CommonJS file with esbuild (about a tenth
 * of a second); the known fields are read from the packages' type declarations with the TypeScript
 * checker (about a second, once).
 */
import { buildSync } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** apiVersion/kind → the model module that validates it (its interface is `I<Kind>`). */
const MODELS: Readonly<Record<string, string>> = {
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Service': 'kubernetes-models/v1/Service',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/PersistentVolumeClaim': 'kubernetes-models/v1/PersistentVolumeClaim',
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'apps/v1/StatefulSet': 'kubernetes-models/apps/v1/StatefulSet',
  'apps/v1/DaemonSet': 'kubernetes-models/apps/v1/DaemonSet',
  'batch/v1/Job': 'kubernetes-models/batch/v1/Job',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/networking.k8s.io/v1/Ingress',
  'cert-manager.io/v1/Issuer': '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer',
  'cert-manager.io/v1/ClusterIssuer': '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer',
  'gateway.networking.k8s.io/v1/Gateway': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway',
  'gateway.networking.k8s.io/v1/HTTPRoute': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute',
};

const ROOT = path.resolve(__dirname, '..', '..');

type Model = new (data: unknown) => { validate(): void };
let models: Record<string, Model> | undefined;

function loadModels(): Record<string, Model> {
  if (models) return models;
  const dir = mkdtempSync(path.join(tmpdir(), 'drydock-fn-schemas-'));
  const entry = path.join(dir, 'entry.mjs');
  const keys = Object.keys(MODELS);
  writeFileSync(entry, keys.map((key, index) => `export { ${key.split('/').pop()} as m${index} } from ${JSON.stringify(MODELS[key])};`).join('\n'));
  const outfile = path.join(dir, 'validators.cjs');
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error', nodePaths: [path.join(ROOT, 'node_modules')], absWorkingDir: ROOT });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(outfile) as Record<string, Model>;
  models = Object.fromEntries(keys.map((key, index) => [key, loaded[`m${index}`]]));
  return models;
}

// ---------------------------------------------------------------------------------------------
// Known fields, from the type declarations

interface Declarations {
  readonly checker: ts.TypeChecker;
  readonly types: Record<string, ts.Type>;
}
let declarations: Declarations | undefined;

function loadDeclarations(): Declarations {
  if (declarations) return declarations;
  const keys = Object.keys(MODELS);
  const entryName = path.join(ROOT, '__k8s_schema_entry__.ts');
  const entryText = keys.map((key, index) => `import type { I${key.split('/').pop()} as T${index} } from ${JSON.stringify(MODELS[key])};\nexport declare const v${index}: T${index};`).join('\n');
  const options: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language) => (fileName === entryName ? ts.createSourceFile(fileName, entryText, language) : getSourceFile(fileName, language));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === entryName || fileExists(fileName);
  const program = ts.createProgram([entryName], options, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entryName) as ts.SourceFile;
  const types: Record<string, ts.Type> = {};
  source.statements.filter(ts.isVariableStatement).forEach((statement, index) => {
    types[keys[index]] = checker.getTypeAtLocation(statement.declarationList.declarations[0].name);
  });
  declarations = { checker, types };
  return declarations;
}

/** Fields of `value` that its declared type does not have, as paths (`spec.template.spec.containers[0].nope`). */
function unknownFieldsOf(value: unknown, type: ts.Type, checker: ts.TypeChecker, at: string, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const declared = checker.getNonNullableType(type);
  if (declared.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  if (Array.isArray(value)) {
    const element = checker.getIndexTypeOfType(declared, ts.IndexKind.Number);
    if (element) value.forEach((entry, index) => unknownFieldsOf(entry, element, checker, `${at}[${index}]`, out));
    return;
  }
  // A union (IntOrString, a mapping or a list …): the object members.
  const candidates = declared.isUnion() ? declared.types.filter((member) => member.flags & ts.TypeFlags.Object) : [declared];
  if (candidates.length === 0) return;
  const objectType = candidates[0];
  const byName = new Map(checker.getPropertiesOfType(objectType).map((symbol) => [symbol.getName(), symbol]));
  const indexType = checker.getIndexTypeOfType(objectType, ts.IndexKind.String);
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const symbol = byName.get(key);
    const where = at === '' ? key : `${at}.${key}`;
    if (symbol) unknownFieldsOf(entry, checker.getTypeOfSymbol(symbol), checker, where, out);
    else if (indexType) unknownFieldsOf(entry, indexType, checker, where, out);
    else out.push(where);
  }
}

/** The kinds this helper can validate ("apiVersion/kind"). */
export const VALIDATED_KINDS = Object.keys(MODELS);

/**
 * Problems of an object against its schema: [] when valid. Throws for a kind without a schema here,
 * so that no object goes unchecked by accident.
 */
export function schemaProblems(object: Record<string, any>): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const model = loadModels()[key];
  if (!model) throw new Error(`no schema for ${key}: add its model to test/support/k8s-schema.ts`);
  const problems: string[] = [];
  try {
    new model(object).validate();
  } catch (error) {
    problems.push(`${object.kind} ${object.metadata?.name}: ${(error as Error).message}`);
  }
  const { checker, types } = loadDeclarations();
  const unknown: string[] = [];
  unknownFieldsOf(object, types[key], checker, '', unknown);
  for (const field of unknown) problems.push(`${object.kind} ${object.metadata?.name}: ${field}: unknown field`);
  return problems;
}

/**
 * Fields of Gateway API v1 objects that a standard-channel cluster may not know, so drydock-fn must
 * not write them: experimental in Gateway API 1.5 (the models' version: Gateway defaultScope,
 * HTTPRoute useDefaultGateways, rule retry and sessionPersistence, the externalAuth filter), or
 * standard only since 1.5 (ListenerSets' allowedListeners, the Gateway's spec.tls client-certificate
 * settings, the CORS filter), which clusters of 1.1–1.4 refuse. From the 1.5 release notes and the
 * models' field documentation.
 */
export const GATEWAY_EXPERIMENTAL_FIELDS: Readonly<Record<string, readonly RegExp[]>> = {
  Gateway: [/^spec\.allowedListeners$/, /^spec\.defaultScope$/, /^spec\.tls$/],
  HTTPRoute: [
    /^spec\.useDefaultGateways$/,
    /^spec\.rules\[\d+\]\.retry$/,
    /^spec\.rules\[\d+\]\.sessionPersistence$/,
    /^spec\.rules\[\d+\]\.(backendRefs\[\d+\]\.)?filters\[\d+\]\.(cors|externalAuth)$/,
  ],
};

/** Every field path of a value (`spec.rules[0].matches[1].path.type`), leaves and mappings alike. */
function fieldPaths(value: unknown, at: string, out: string[]): string[] {
  if (Array.isArray(value)) value.forEach((entry, index) => fieldPaths(entry, `${at}[${index}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      const where = at === '' ? key : `${at}.${key}`;
      out.push(where);
      fieldPaths(entry, where, out);
    }
  }
  return out;
}

/** The experimental-channel fields a Gateway API object sets (see {@link GATEWAY_EXPERIMENTAL_FIELDS}); [] for other kinds. */
export function experimentalFieldsOf(object: Record<string, any>): string[] {
  const patterns = object.apiVersion === 'gateway.networking.k8s.io/v1' ? GATEWAY_EXPERIMENTAL_FIELDS[object.kind] ?? [] : [];
  return fieldPaths(object, '', []).filter((field) => patterns.some((pattern) => pattern.test(field)));
}
