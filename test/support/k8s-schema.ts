/**
 * Validation of generated objects against the Kubernetes OpenAPI schema (kubernetes-models) and the
 * cert-manager CRD schema (@kubernetes-models/cert-manager). Those packages are ES modules only, so
 * the validators this project needs are bundled once per test process into a CommonJS file with
 * esbuild (about a tenth of a second) and loaded from there.
 */
import { buildSync } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

/** apiVersion/kind → the model module that validates it. */
const MODELS: Readonly<Record<string, string>> = {
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Service': 'kubernetes-models/v1/Service',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'batch/v1/Job': 'kubernetes-models/batch/v1/Job',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/networking.k8s.io/v1/Ingress',
  'cert-manager.io/v1/Issuer': '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer',
  'cert-manager.io/v1/ClusterIssuer': '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer',
};

type Model = new (data: unknown) => { validate(): void };
let models: Record<string, Model> | undefined;

function loadModels(): Record<string, Model> {
  if (models) return models;
  const root = path.resolve(__dirname, '..', '..');
  const dir = mkdtempSync(path.join(tmpdir(), 'drydock-fn-schemas-'));
  const entry = path.join(dir, 'entry.mjs');
  const keys = Object.keys(MODELS);
  writeFileSync(entry, keys.map((key, index) => `export { ${key.split('/').pop()} as m${index} } from ${JSON.stringify(MODELS[key])};`).join('\n'));
  const outfile = path.join(dir, 'validators.cjs');
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error', nodePaths: [path.join(root, 'node_modules')], absWorkingDir: root });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(outfile) as Record<string, Model>;
  models = Object.fromEntries(keys.map((key, index) => [key, loaded[`m${index}`]]));
  return models;
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
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    return [`${object.kind} ${object.metadata?.name}: ${(error as Error).message}`];
  }
}
