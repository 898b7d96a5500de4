/**
 * The settings reference (docs/settings.md), generated from the setting descriptions so that it
 * cannot drift from the code: every field with its type, default, Drydock name, Tutor releases and
 * an example. `npm run docs` writes it; a test fails when the file is stale.
 */
import * as path from 'path';
import type { AnySetting, DocLink, JsonSchema } from './dsl';
import { drydockNames } from './configmap-form';
import { CONFIG_API_VERSION, CONFIG_KIND } from './decode';
import { releasesOf, REQUIREMENTS } from './setting-docs';
import { SETTINGS } from './settings';

interface Row {
  readonly path: string;
  readonly setting: AnySetting;
}

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return `${(schema.anyOf as JsonSchema[]).map(typeOf).join(' or ')}`;
  const type = schema.type;
  const types = Array.isArray(type) ? (type as string[]) : [type as string];
  return types
    .map((name) => {
      if (name === 'array') return `list of ${typeOf((schema.items ?? {}) as JsonSchema)}s`;
      if (name === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') return `map of ${typeOf(schema.additionalProperties as JsonSchema)}`;
      if (name === 'object') return 'group';
      if (name === 'string' && schema.enum) return (schema.enum as string[]).map((value) => `\`${value}\``).join(' \\| ');
      return name;
    })
    .join(' or ');
}

function code(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

function collect(setting: AnySetting, prefix: string, rows: Row[]): void {
  for (const [name, child] of Object.entries(setting.fields ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push({ path, setting: child });
    if (child.fields && typeOf(child.schema) !== 'list of groups') collect(child, path, rows);
    else if (child.fields) collect(child, `${path}[]`, rows);
  }
}

/** Links to the project's pages, relative to docs/ where settings.md lives. */
function seeAlso(links: readonly DocLink[] | undefined): string {
  if (!links || links.length === 0) return '';
  return ` See ${links.map((link) => `[${link.title}](${path.posix.relative('docs', link.path.replace(/#.*$/, ''))}${link.path.replace(/^[^#]*/, '')})`).join(', ')}.`;
}

/** A plain group (not a list of groups, not a group that may be null) has no value of its own to show. */
function isPlainGroup(setting: AnySetting): boolean {
  return setting.fields !== undefined && setting.schema.type === 'object';
}

/** The Markdown of docs/settings.md. Deterministic. */
export function settingsReference(): string {
  const rows: Row[] = [];
  collect(SETTINGS, '', rows);
  const groups = Object.entries(SETTINGS.fields ?? {});
  const out: string[] = [];
  out.push('# Settings reference');
  out.push('');
  out.push('<!-- Generated from src/config/settings.ts by `npm run docs`; do not edit by hand. -->');
  out.push('');
  out.push(`drydock-fn takes its settings from its functionConfig: a \`${CONFIG_KIND}\` (\`apiVersion: ${CONFIG_API_VERSION}\`) whose \`spec\``);
  out.push('holds the fields below, or a `ConfigMap` whose `data` uses the names of the column "Drydock / Tutor name", with values');
  out.push('written as in Tutor\'s `config.yml` (`"true"`, `"50"`, `\'["a.example.com"]\'`); a setting without such a name is given');
  out.push('there under its path (`newRelic.licenseKeySecretRef: "{name: newrelic, key: license-key}"`). Both forms give the same configuration;');
  out.push('a field not given takes its default. Unknown fields and values of the wrong type are errors that name the field.');
  out.push('A string setting is one line of text (no line break, tab or other control character) unless its description says it');
  out.push('takes lines; secrets may hold any text, which every place they go encodes. A value a setting\'s destination cannot');
  out.push('carry is refused with an error that names the field, never the value.');
  out.push('Text settings take any Unicode but an unpaired surrogate, U+007F–U+009F (U+0085 included), U+FFFE and U+FFFF,');
  out.push('which kustomize cannot carry to the cluster even escaped: those are errors too. Line and paragraph separators and');
  out.push('other control characters are written escaped, so that YAML 1.1 readers (kustomize, Argo CD, PyYAML) read them as given.');
  out.push('`drydock-fn schema` prints the same descriptions as a JSON Schema.');
  out.push('');
  out.push('## How ConfigMap values are read');
  out.push('');
  out.push('A ConfigMap value is read as Tutor reads `config.yml`: YAML 1.1, as PyYAML\'s `safe_load` reads it. `"true"`, `"yes"` and');
  out.push('`"on"` are true (`"y"` and `"n"` are text); `"50"` is 50, `"050"` is 40 (a leading 0 is octal), `"1_7"` is 17 and `"1:20"` is');
  out.push('80 (base 60); `"1.5"` is a float, but `"1e5"` is text (YAML 1.1 floats have a dot); `\'["a", "b"]\'` is a list. Drydock had');
  out.push('the same value from the same text in `config.yml`.');
  out.push('A string setting gets the text of its value as it is, with these exceptions. A value that is one double-quoted YAML');
  out.push('string on one line is that string (`\'"p@ss #1"\'` is `p@ss #1`; JSON\'s escapes, e.g. `\\u2028`, are read). Where a');
  out.push('setting may be null, `null`, `~` and a value of only spaces are null (an empty value is the empty text). A value');
  out.push('YAML 1.1 reads as a boolean, a number or a date gets the text Tutor renders from it, as Drydock\'s templates did:');
  out.push('`yes` is `True`, `010` is `8`,');
  out.push('`1.50` is `1.5`, `2001-12-14t21:59:43Z` is `2001-12-14 21:59:43+00:00` (Python\'s text of the date). A list or a');
  out.push('mapping is the text it is written in (the registry credentials are the Docker config JSON). A value whose text reading');
  out.push('it so would change — a comment (`p@ss #1` would be `p@ss`), an anchor or alias (`&x`, `*x`), quotes (`\'quoted\'`), a tag');
  out.push('(`!!str`), a document marker (`---`, `...`), spaces at its start or end, line breaks folded into spaces, a block scalar');
  out.push('header, a boolean, number or date — is read so, with a warning (`CONFIG_TEXT_LOST`) that names the key, never the value,');
  out.push('and says how to quote it. For a setting of another type (boolean, number, list, group), quotes and spaces are how YAML');
  out.push('spells the value: a comment, an anchor or alias, a tag or a document marker gives the warning (`"#50"` is no value at');
  out.push('all), and so does a number YAML 1.1 reads otherwise than its digits say in decimal (`010`, `1:20`); a float for an');
  out.push('integer setting is an error (Tutor would write `50.0`).');
  out.push('Text PyYAML cannot read (a tab outside quotes, an unknown tag) is its text. YAML that PyYAML reads as something no');
  out.push('setting takes (binary data, a set, a mapping key that is not text) or that drydock-fn cannot read as PyYAML does (a raw');
  out.push('U+2028 or U+2029 next to white space, where YAML 1.1 reads a line break) is an error naming the key.');
  out.push('`drydock-fn config-from-tutor` reads `config.yml` the same way and writes every value so that it reads back as Tutor');
  out.push('read it (`050` is written `40`, `off` `false`).');
  out.push('');
  out.push('## Settings you must provide');
  out.push('');
  out.push('None. Every setting has a production-ready default (Drydock 22\'s), or is derived from the manifests Tutor rendered');
  out.push('(the `tutor` group: a value given there wins). Settings that hold secrets (marked 🔒) are empty by default; each has a');
  out.push('`…SecretRef`/`…SecretName` alternative that keeps the value out of the manifests.');
  out.push('');
  out.push('Some settings become required once you turn a feature on; leaving one out is an error that names it:');
  out.push('');
  out.push('| Setting | Required when |');
  out.push('|---|---|');
  for (const requirement of REQUIREMENTS) out.push(`| \`${requirement.path}\` | ${requirement.when} |`);
  out.push('');
  out.push('Worth a look before production, although their defaults work: `ingress.className` (`nginx`: ingress-nginx is retired,');
  out.push('name your controller\'s class), `ingress.tls.letsencryptEmail` (Let\'s Encrypt\'s expiry notices; default CONTACT_EMAIL),');
  out.push('`podDisruptionBudgets` (none by default), and init Jobs (`initJobs.enabled`: on for the first sync, upgrades and every new openedx image).');
  out.push('');
  out.push('## Names and hosts');
  out.push('');
  out.push('Values that become names in the generated objects must be names the API server takes; anything else is an error');
  out.push('(`CONFIG_INVALID_VALUE`) naming the field, before anything is generated:');
  out.push('');
  out.push('- Hosts (`tutor.*Host`, `ingress.extraHosts`, `ingress.lmsExtraHosts`, `flower.ingress.host`, `scorm.minioHost`,');
  out.push('  `scorm.s3Host`) are DNS names as an Ingress takes them: lower case, international names in punycode');
  out.push('  (`xn--exmple-cua.com`, not `exämple.com`), no trailing dot, no `_`, no port, not an IP address, labels of at most 63');
  out.push('  characters. A wildcard (`*.example.com`, one leading label) only in `ingress.extraHosts` and `ingress.lmsExtraHosts`.');
  out.push('  The error suggests the corrected host when there is one.');
  out.push('- `ingress.className` and the names of Secrets, Issuers and other objects are DNS subdomains (`nginx-internal`);');
  out.push('  `ingress.tls.issuer.name` at most 63 characters, as it is also the Issuer\'s `app.kubernetes.io/name` label.');
  out.push('- `ingress.annotations` keys are annotation keys (`example.com/my-key`: an optional DNS prefix and `/`, a name of at most');
  out.push('  63 letters, digits, `-`, `_` and `.`), ASCII; each bad key is an error of its own (`spec.ingress.annotations["bad key"]`).');
  out.push('  Values are any string; keys and values together at most 252 KiB. `kubernetes.io/ingress.class`, if given, must equal');
  out.push('  `ingress.className`.');
  out.push('');
  out.push('The hosts drydock-fn reads from the manifests (Tutor\'s Caddy sites, `LMS_BASE` and `CMS_BASE`) follow the same rule:');
  out.push('one in capitals is lower-cased (an info result), one in Unicode or with a trailing dot is written in punycode or without');
  out.push('it (a warning: write it so in Tutor\'s config), and one that cannot be made valid leaves its Ingress out, with a warning');
  out.push('that names the ConfigMap and the site. No two generated Ingress rules may route the same host and path (`ROUTE_CONFLICT`),');
  out.push('but the debug canary, which repeats the lms and cms routes it shadows.');
  out.push('');
  out.push('## Groups');
  out.push('');
  for (const [name, setting] of groups) out.push(`- [\`${name}\`](#${name.toLowerCase()}): ${setting.doc.description}`);
  for (const [name, group] of groups) {
    out.push('');
    out.push(`## ${name}`);
    out.push('');
    out.push(`${group.doc.description}${seeAlso(group.doc.see)}`);
    out.push('');
    out.push('| Field | Type | Default | Drydock / Tutor name | Tutor | Description | Example |');
    out.push('|---|---|---|---|---|---|---|');
    for (const row of rows.filter((candidate) => candidate.path === name || candidate.path.startsWith(`${name}.`) || candidate.path.startsWith(`${name}[]`))) {
      if (row.path === name) continue;
      const { setting } = row;
      const isGroup = setting.fields !== undefined && !typeOf(setting.schema).startsWith('list');
      const defaultValue = isGroup ? '' : setting.doc.secret ? '(empty)' : code(setting.defaultValue);
      const names = [...drydockNames().entries()].filter(([, entry]) => entry.path.join('.') === row.path).map(([drydock]) => `\`${drydock}\``);
      const example = isPlainGroup(setting) ? '' : code(setting.doc.example);
      out.push(
        `| \`${row.path}\`${setting.doc.secret ? ' 🔒' : ''} | ${typeOf(setting.schema)} | ${defaultValue} | ${names.join(', ')} | ${releasesOf(setting)} | ${setting.doc.description.replace(/\|/g, '\\|')} | ${example} |`,
      );
    }
  }
  out.push('');
  return out.join('\n');
}
