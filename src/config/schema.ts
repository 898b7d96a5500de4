/** JSON Schema of the DrydockConfig kind, for editors and CI linting (`drydock-fn schema`). */
import type { AnySetting, JsonSchema } from './dsl';
import { CONFIG_API_VERSION, CONFIG_KIND } from './decode';
import { SETTINGS } from './settings';

/** The JSON Schema (draft 2020-12) of a DrydockConfig document; the same descriptions as docs/settings.md. */
export function drydockConfigSchema(): JsonSchema {
  return prune({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: CONFIG_KIND,
    description: 'Configuration of the drydock-fn KRM function.',
    type: 'object',
    required: ['apiVersion', 'kind'],
    additionalProperties: false,
    properties: {
      apiVersion: { const: CONFIG_API_VERSION },
      kind: { const: CONFIG_KIND },
      metadata: { type: 'object', description: 'Standard object metadata; annotations may hold config.kubernetes.io/function.' },
      spec: withExamples(SETTINGS),
    },
  }) as JsonSchema;
}

/** A copy of a setting's schema with the example of each setting (docs/settings.md's) as `examples`. */
function withExamples(setting: AnySetting): JsonSchema {
  const schema: JsonSchema = { ...setting.schema };
  if (setting.doc.example !== undefined) schema.examples = [setting.doc.example as JsonSchema];
  if (!setting.fields) return schema;
  const properties = Object.fromEntries(Object.entries(setting.fields).map(([name, child]) => [name, withExamples(child)]));
  if (schema.anyOf) {
    const [inner, ...rest] = schema.anyOf as JsonSchema[];
    schema.anyOf = [{ ...inner, properties }, ...rest];
  } else if (schema.type === 'array') schema.items = { ...(schema.items as JsonSchema), properties };
  else schema.properties = properties;
  return schema;
}

/** Drops undefined members so the printed schema holds only what is set. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined).map(([key, entry]) => [key, prune(entry)]));
  }
  return value;
}
