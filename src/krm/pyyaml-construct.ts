/**
 * The one walk of a tree parsed by the `yaml` package that builds a value as PyYAML's constructor
 * (constructor.py) builds it: merge keys as flatten_mapping merges them (the merged pairs before the
 * mapping's own, the first of a list of merged mappings winning), the last of equal keys (construct_mapping
 * assigns in order), aliases within a budget, and PyYAML's refusals of structure (anchor and alias
 * names, collection tags, keys that are lists or mappings, a value without a key). A scalar's value is
 * the caller's: the rules of PyYAML's resolver live in safe-load.ts, and each reader builds its own
 * kind of value from them (pyyaml.ts typed values, safe-load.ts PyScalar values).
 */
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';
import { lineOf } from './text-scan';

/** Nodes aliases may expand to in all: PyYAML has no limit but drydock-fn must stay bounded. */
export const NODE_BUDGET = 100_000;

/** What the walk cannot build as PyYAML would; `message` never quotes the text. */
export class Unconstructable extends Error {}

export interface ConstructContext {
  readonly doc: YAML.Document.Parsed;
  /** The parsed text, for line numbers. */
  readonly text: string;
  /** A scalar's value; throws {@link Unconstructable} where PyYAML refuses it. */
  readonly scalar: (node: YAML.Scalar, context: ConstructContext) => unknown;
}

/** `line N` of a node, for problems. */
export function lineAt(context: ConstructContext, node: YAML.Node): string {
  return `line ${lineOf(context.text, node.range?.[0] ?? 0)}`;
}

/** The value PyYAML constructs from `node`; throws {@link Unconstructable} where it refuses or drydock-fn cannot tell. */
export function constructPyYaml(context: ConstructContext, node: unknown): unknown {
  return construct({ ...context, nodes: 0, open: new Set() }, node);
}

interface Walk extends ConstructContext {
  nodes: number;
  /** The collections being built: an alias to one of them is a structure that holds itself. */
  readonly open: Set<unknown>;
}

function spend(walk: Walk): void {
  if (++walk.nodes > NODE_BUDGET) throw new Unconstructable(`expands its aliases to more than ${NODE_BUDGET} values`);
}

function construct(walk: Walk, node: unknown): unknown {
  const lib = yaml();
  if (node === null || node === undefined) return null;
  spend(walk);
  if (lib.isAlias(node)) {
    const target = resolveAlias(walk, node);
    // PyYAML builds a list or mapping that holds itself; drydock-fn reads none (and would recurse forever).
    if (walk.open.has(target)) throw new Unconstructable(`has an alias inside the node it names (${lineAt(walk, node)}), a structure that holds itself`);
    return construct(walk, target);
  }
  const anchor = (node as YAML.Node).anchor;
  if (anchor !== undefined && !ANCHOR_NAME.test(anchor)) throw new Unconstructable(`has an anchor name PyYAML refuses (${lineAt(walk, node as YAML.Node)}: letters, digits, "-" and "_" only)`);
  if (lib.isScalar(node)) return walk.scalar(node, walk);
  if (lib.isCollection(node)) {
    walk.open.add(node);
    const value = collection(walk, node);
    walk.open.delete(node);
    return value;
  }
  throw new Unconstructable('holds a node drydock-fn does not read');
}

function collection(walk: Walk, node: YAML.YAMLMap | YAML.YAMLSeq): unknown {
  const lib = yaml();
  // `yaml` gives a collection tagged with the non-specific `!` its own tag (!!seq, !!map), which PyYAML resolves it to.
  if (lib.isSeq(node)) {
    checkTag(walk, node, ['tag:yaml.org,2002:seq']);
    return node.items.map((item) => construct(walk, item));
  }
  checkTag(walk, node, ['tag:yaml.org,2002:map']);
  const out: Record<string, unknown> = {};
  for (const pair of flattenPairs(walk, node)) {
    // `yaml` takes a line starting with ": " for a pair without a key, where PyYAML stops; it gives a
    // missing key (there, or after a lone `?`) as an empty plain scalar, never as null.
    const keyless = lib.isScalar(pair.key) && pair.key.type === 'PLAIN' && pair.key.tag === undefined && sourceOf(pair.key) === '';
    // With no value either (a line `?`), the mapping itself says where.
    if (keyless) throw new Unconstructable(`has a value without a key (${lineAt(walk, (pair.value as YAML.Node | null) ?? node)}), which drydock-fn does not read as PyYAML would`);
    const key = construct(walk, pair.key);
    if (Array.isArray(key) || (typeof key === 'object' && key !== null && Object.getPrototypeOf(key) === Object.prototype)) {
      throw new Unconstructable(`has a key that is a list or a mapping (${lineAt(walk, pair.key as YAML.Node)}), which PyYAML refuses`);
    }
    const value = construct(walk, pair.value);
    // Only string keys can be looked up by name; PyYAML keeps 1, True or None apart from "1", "true", "null".
    if (typeof key === 'string') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A scalar's text as parsed (quotes and escapes resolved), whatever value a schema gave it. */
export function sourceOf(node: YAML.Scalar): string {
  return typeof node.source === 'string' ? node.source : String(node.value);
}

/** A merge key: the plain scalar `<<` (PyYAML's resolver tags it so; no other scalar is one). */
export function isMergeKey(node: unknown): boolean {
  const lib = yaml();
  return lib.isScalar(node) && node.type === 'PLAIN' && node.tag === undefined && sourceOf(node) === '<<';
}

/** PyYAML's anchor and alias names (scan_anchor): ASCII letters, digits, "-" and "_". */
export const ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;

/** Each document's aliases and their targets, built once per document by {@link aliasTarget}. */
const aliasTargets = new WeakMap<YAML.Document.Parsed, Map<YAML.Alias, YAML.Node | undefined>>();

/**
 * The node `alias` names: the last node before it with that anchor, as `Alias.resolve` finds it. That
 * method searches the whole document on each call, so a text of n aliases took time in n²: 8,000
 * aliases (235 kB) took minutes. One walk in document order indexes every alias of `doc` instead.
 */
export function aliasTarget(doc: YAML.Document.Parsed, alias: YAML.Alias): YAML.Node | undefined {
  let targets = aliasTargets.get(doc);
  if (targets === undefined) {
    const lib = yaml();
    const anchored = new Map<string, YAML.Node>();
    const found = new Map<YAML.Alias, YAML.Node | undefined>();
    lib.visit(doc, {
      Alias: (_key, node) => void found.set(node, anchored.get(node.source)),
      Node: (_key, node) => void (node.anchor !== undefined && anchored.set(node.anchor, node)),
    });
    targets = found;
    aliasTargets.set(doc, targets);
  }
  return targets.get(alias);
}

/** The node an alias stands for; one with a name PyYAML refuses, or naming no anchor before it, is a problem. */
function resolveAlias(walk: Walk, alias: YAML.Alias): unknown {
  if (!ANCHOR_NAME.test(alias.source)) throw new Unconstructable(`has an alias name PyYAML refuses (${lineAt(walk, alias)}: letters, digits, "-" and "_" only)`);
  const target = aliasTarget(walk.doc, alias);
  if (target === undefined) throw new Unconstructable(`has an alias to no anchor (${lineAt(walk, alias)})`);
  return target;
}

/** A node's explicit tag must be one of `allowed` (PyYAML builds other tags otherwise, or refuses them). */
export function checkTag(context: ConstructContext, node: YAML.Node, allowed: readonly string[]): void {
  if (node.tag !== undefined && !allowed.includes(node.tag)) throw new Unconstructable(`uses the tag ${JSON.stringify(node.tag)} (${lineAt(context, node)}), which drydock-fn does not read as PyYAML would`);
}

/** The pairs of a mapping as PyYAML's flatten_mapping orders them: merged pairs first, then its own. */
function flattenPairs(walk: Walk, map: YAML.YAMLMap): YAML.Pair[] {
  const lib = yaml();
  const merged: YAML.Pair[] = [];
  const own: YAML.Pair[] = [];
  const mergedPairsOf = (node: unknown): YAML.Pair[] => {
    const target = lib.isAlias(node) ? resolveAlias(walk, node) : node;
    if (!lib.isMap(target)) throw new Unconstructable(`merges something other than a mapping (${lineAt(walk, node as YAML.Node)}), which PyYAML refuses`);
    if (walk.open.has(target)) throw new Unconstructable(`merges a mapping into itself (${lineAt(walk, node as YAML.Node)}), a structure that holds itself`);
    spend(walk);
    return flattenPairs(walk, target);
  };
  for (const pair of map.items) {
    const key = pair.key;
    if (isMergeKey(key)) {
      const value = lib.isAlias(pair.value) ? resolveAlias(walk, pair.value) : pair.value;
      if (lib.isSeq(value)) merged.push(...[...value.items].reverse().flatMap(mergedPairsOf));
      else merged.push(...mergedPairsOf(pair.value));
    } else own.push(pair);
  }
  return [...merged, ...own];
}
