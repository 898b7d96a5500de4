/**
 * The cases of YAML's limit on implicit keys (src/krm/implicit-keys.ts), shared by its fast tests
 * (test/krm/implicit-keys.test.ts) and those comparing with the real readers
 * (test/krm/implicit-keys-readers.test.ts).
 */
import * as YAML from 'yaml';
import { emitDocument } from '../../src/krm/emit';
import { FunctionInputError } from '../../src/krm/errors';
import type { JsonValue } from '../../src/krm/types';
import { printYamlDocument } from '../../src/krm/yaml11';
import { toStringOptions } from '../../src/krm/yaml-options';

export const a = (count: number): string => 'a'.repeat(count);
export const emoji = (count: number): string => '\u{1F600}'.repeat(count);

/** A key's text as written (before `:`), and what it reads as. */
export interface KeyCase {
  readonly name: string;
  readonly written: string;
  readonly key: string;
}

export const KEYS: readonly KeyCase[] = [
  { name: '1024 ASCII characters', written: a(1024), key: a(1024) },
  { name: '1025 ASCII characters', written: a(1025), key: a(1025) },
  { name: '600 emoji (1,200 UTF-16 units)', written: emoji(600), key: emoji(600) },
  { name: '1024 emoji', written: emoji(1024), key: emoji(1024) },
  { name: '1025 emoji', written: emoji(1025), key: emoji(1025) },
  { name: '1025 two-byte characters', written: '\u00e9'.repeat(1025), key: '\u00e9'.repeat(1025) },
  { name: 'double-quoted, 1024 with its quotes', written: `"${a(1022)}"`, key: a(1022) },
  { name: 'double-quoted, 1025 with its quotes', written: `"${a(1023)}"`, key: a(1023) },
  { name: 'single-quoted, 1025 with its quotes', written: `'${a(1023)}'`, key: a(1023) },
  { name: 'a space before the colon, 1024 in all', written: `${a(1023)} `, key: a(1023) },
  { name: 'a space before the colon, 1025 in all', written: `${a(1024)} `, key: a(1024) },
  { name: 'a tag, 1024 in all', written: `!!str ${a(1018)}`, key: a(1018) },
  { name: 'a tag, 1025 in all', written: `!!str ${a(1019)}`, key: a(1019) },
  { name: 'an anchor, 1025 in all', written: `&k ${a(1022)}`, key: a(1022) },
  { name: 'an anchor and a tag, 1024 in all', written: `&k !!str ${a(1015)}`, key: a(1015) },
  { name: 'an anchor and a tag, 1025 in all', written: `&k !!str ${a(1016)}`, key: a(1016) },
  { name: '1025 characters from U+10000 (a pair of surrogates each)', written: '\u{10000}'.repeat(1025), key: '\u{10000}'.repeat(1025) },
  { name: '1024 characters from U+10FC00', written: '\u{10FC00}'.repeat(1024), key: '\u{10FC00}'.repeat(1024) },
];

/** How a reader took a text: its value, or that it refused it. */
export type Reading = { readonly value: unknown } | 'refused';

/** A ConfigMap whose data holds the key, in block or in flow style. */
export function configMap(written: string, flow: boolean): string {
  const data = flow ? `data: {${written}: v}\n` : `data:\n  ${written}: v\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\n${data}`;
}

export function resourceList(object: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${object.replace(/^/gm, '  ').replace(/^ {2}/, '- ')}`;
}

export function drydockReading(read: () => { items: readonly { value: unknown }[] }): Reading {
  try {
    return { value: read().items.map((item) => item.value)[0] };
  } catch (error) {
    if (error instanceof FunctionInputError) return 'refused';
    throw error;
  }
}

export const CASES = KEYS.flatMap((keyCase) => [false, true].map((flow) => ({ ...keyCase, flow, object: configMap(keyCase.written, flow) })));
export const expected = (keyCase: KeyCase): unknown => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keys' }, data: { [keyCase.key]: 'v' } });
export const label = (entry: (typeof CASES)[number]): string => `${entry.name}, ${entry.flow ? 'flow' : 'block'}`;

/** Keys near the limit once printed: quotes and YAML 1.1 escapes (`\\L` for U+2028) lengthen them. */
export const WRITTEN_KEYS: Readonly<Record<string, string>> = {
  '1024 letters': a(1024),
  'a quote first (1025 once single-quoted)': `"${a(1022)}`,
  '1018 letters and three U+2028 (1026 once escaped, 1023 as `yaml` counts)': `${a(1018)}\u2028\u2028\u2028`,
  '1020 letters and U+0085': `${a(1020)}\u0085`,
  '600 emoji': emoji(600),
  '1024 emoji': emoji(1024),
  '1010 letters and five U+0001': `${a(1010)}${'\u0001'.repeat(5)}`,
};
export const WRITTEN = Object.entries(WRITTEN_KEYS).flatMap(([name, key]) => [false, true].map((flow) => ({ name: `${name}, ${flow ? 'flow' : 'block'}`, key, flow })));

/** An object holding the key in a mapping and in a mapping inside a list. */
export const objectWithKey = (key: string): JsonValue => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keys' }, data: { [key]: 'v' }, list: [{ [key]: { b: 'v' } }] });

/** The text of {@link objectWithKey} as the fast printer writes it (block style), else as printYamlDocument does. */
export function printedWithKey(key: string, flow: boolean): string {
  const fast = flow ? undefined : emitDocument(objectWithKey(key), true);
  if (fast !== undefined) return fast;
  const doc = new YAML.Document(objectWithKey(key));
  if (flow) (doc.contents as YAML.YAMLMap).flow = true;
  return printYamlDocument(doc, toStringOptions(true));
}

/**
 * Implicit keys in flow collections over more than one line: go-yaml and PyYAML read a key written
 * without `?` only when its start (its anchor or tag included) and its `:` stand on one line, where
 * `yaml` reads a key over lines in a flow mapping (YAML 1.2 allows it there). Each case is an object's
 * `spec` and whether those two read it (checked with kpt and PyYAML in implicit-keys-readers.test.ts).
 * No case holds a flow entry without a value (`{k}`): kpt writes its null as the empty text.
 */
export const FLOW_LINE_CASES: readonly { readonly name: string; readonly spec: string; readonly read: boolean }[] = [
  { name: 'an anchor on the line before the key', spec: '{&a\n k: v}', read: false },
  { name: 'an anchor on the line before the key of a pair in a list', spec: '[&a\n k: v]', read: false },
  { name: 'a tag on the line before the key', spec: '{!!str\n k: v}', read: false },
  { name: 'an anchor and a comment on the line before the key', spec: '{&a # c\n k: v}', read: false },
  { name: 'a tag, and an anchor with the key on the next line', spec: '{ !!str\n  &a k: v}', read: false },
  { name: 'a plain key over two lines', spec: '{a\n b: v}', read: false },
  { name: 'a double-quoted key over two lines', spec: '{"a\n b": v}', read: false },
  { name: 'a plain key of a pair in a list over two lines', spec: '[a\n b: v]', read: false },
  { name: 'the colon on the line after a quoted key', spec: '{"k"\n: v}', read: false },
  { name: 'the colon on the line after a plain key', spec: '{k\n: v}', read: false },
  { name: 'the colon on the line after an anchored key', spec: '{ &a k\n : v}', read: false },
  { name: 'an anchored key over lines in a nested flow mapping', spec: '{x: {&a\n k: v}}', read: false },
  { name: 'a double-quoted key over CR LF lines', spec: '{"a\r\n b": v}', read: false },
  { name: 'a plain key holding U+2028 (a line break to YAML 1.1)', spec: '{a\u2028b: v}', read: false },
  { name: 'a double-quoted key holding U+2028', spec: '{"a\u2028b": v}', read: false },
  { name: 'an anchor, U+0085 and the key', spec: '{&a\u0085k: v}', read: false },
  { name: 'a plain key holding U+2029, in a list', spec: '[a\u2029b: v]', read: false },
  { name: 'a plain key holding a CR alone (a line break to go-yaml and PyYAML)', spec: '{a\rb: v}', read: false },
  { name: 'an anchored element of a list', spec: '[&a\n k]', read: true },
  { name: 'an anchored value on the line before it', spec: '{k: &a\n v}', read: true },
  { name: 'an explicit key over lines', spec: '{? &a\n k: v}', read: true },
  { name: 'an anchored flow mapping in a list', spec: '[&a\n {k: v}]', read: true },
  { name: 'the value on the line after the colon', spec: '{"k":\n v}', read: true },
  { name: 'a key on the line after a comma', spec: '{&a k: x,\n b: c}', read: true },
  { name: 'an anchored pair on the line after a mapping in a list', spec: '[{a: b},\n &c d: e]', read: true },
  { name: 'keys and values on lines of their own', spec: '{\n  a: b,\n  c: d\n}', read: true },
];

/**
 * Empty implicit keys: go-yaml and PyYAML refuse a `:` with no key before it (no `?`, no anchor or
 * tag), in block and flow collections alike, where `yaml` (YAML 1.2) reads the key null. Each case is
 * an object's text after its metadata, and whether those two read it.
 */
export const EMPTY_KEY_CASES: readonly { readonly name: string; readonly body: string; readonly read: boolean }[] = [
  { name: 'a pair with no key after another', body: 'spec:\n  a: 1\n  : v\n', read: false },
  { name: 'a pair with no key at the top', body: 'spec: x\n: v\n', read: false },
  { name: 'a pair with no key in a list', body: 'spec:\n- : v\n', read: false },
  { name: 'a pair with no key after a plain scalar\'s line', body: 'spec:\n  k\n  : v\n', read: false },
  { name: 'a pair with no key after a list', body: 'spec:\n  - k\n  : v\n', read: false },
  { name: 'a pair with no key in a flow mapping', body: 'spec: {: v}\n', read: false },
  { name: 'a pair with no key in a flow mapping, after another', body: 'spec: {a: 1, : v}\n', read: false },
  { name: 'a pair with no key in a flow list', body: 'spec: [ : x]\n', read: false },
  { name: 'an anchored empty key', body: 'spec:\n  &a : v\n', read: true },
  { name: 'an explicit empty key', body: 'spec:\n  ? \n  : v\n', read: true },
  { name: 'a quoted empty key', body: 'spec:\n  a: 1\n  "": v\n', read: true },
  { name: 'an anchored empty key in a flow mapping', body: 'spec: {&a : v}\n', read: true },
  { name: 'a value after a colon at a line\'s start, in a flow mapping', body: 'spec: {"a"\n  : v}\n', read: false },
];

/** An object of a kind no reader knows, `body` after its metadata. */
export const emptyKeyObject = (body: string): string => `apiVersion: example.com/v1\nkind: Example\nmetadata:\n  name: keys\n${body}`;

/** The same object with `spec` as its spec. */
export const flowLineObject = (spec: string): string => emptyKeyObject(`spec: ${spec}\n`);
