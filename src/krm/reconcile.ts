/**
 * Makes a `yaml` node tree equal to a plain value while touching as little as possible: nodes whose
 * value does not change are kept as they are (comments, quoting, anchors, key order); changed scalars
 * keep their quoting style where it can still hold the new value; new keys are appended; sequence
 * elements are matched by content so an insertion does not rewrite its neighbours.
 */
import type * as YAML from 'yaml';
import { yaml } from './yaml-lib';
import { isAmbiguousPlainScalar } from './yaml11';
import type { JsonValue } from './types';
import { isPlainObject, jsonEqual } from './types';
import { TO_JS_OPTIONS } from './yaml-options';

type Node = YAML.Node;

/**
 * Returns the node to store in place of `node` so that it reads as `target`: `node` itself (changed in
 * place or not at all) or a new node.
 */
export function reconcileNode(doc: YAML.Document, node: unknown, target: JsonValue): Node {
  if (Array.isArray(target)) {
    return yaml().isSeq(node) ? reconcileSeq(doc, node, target) : createNode(doc, target);
  }
  if (isPlainObject(target)) {
    return yaml().isMap(node) ? reconcileMap(doc, node, target as Record<string, JsonValue>) : createNode(doc, target);
  }
  if (yaml().isScalar(node)) return reconcileScalar(node, target);
  return createNode(doc, target);
}

function reconcileScalar(node: YAML.Scalar, target: string | number | boolean | null): Node {
  if (node.value === target) return node;
  const wasQuoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  node.value = target;
  // Printed from the new value: `yaml` writes a null as the old text when that text reads as null (`""`),
  // and an explicit tag as it was (`!!str` made a number a string, `!!float` made a string `.nan`): the
  // tag stays only where it still types the value, `!!str` on a string.
  if (typeof target !== 'string' || node.tag !== 'tag:yaml.org,2002:str') delete node.tag;
  delete node.source;
  delete node.format;
  delete node.minFractionDigits;
  if (typeof target === 'string') {
    // A plain or block scalar is quoted when a YAML 1.1 reader would misread it; else its type goes: `yaml`
    // prints a string of several lines as a literal block (lineWidth 0), one line plain.
    if (!wasQuoted) node.type = isAmbiguousPlainScalar(target) ? 'QUOTE_DOUBLE' : undefined;
  } else {
    node.type = undefined;
  }
  return node;
}

function reconcileMap(doc: YAML.Document, node: YAML.YAMLMap, target: Record<string, JsonValue>): Node {
  const seen = new Set<string>();
  node.items = node.items.filter((pair) => {
    const key = keyString(pair.key);
    if (key === undefined || !Object.prototype.hasOwnProperty.call(target, key) || seen.has(key)) return false;
    seen.add(key);
    pair.value = reconcileNode(doc, pair.value, target[key]);
    return true;
  });
  for (const [key, value] of Object.entries(target)) {
    if (seen.has(key)) continue;
    node.items.push(doc.createPair(createKey(key), createNode(doc, value)) as YAML.Pair<unknown, unknown>);
  }
  return node;
}

/**
 * Aligns old and new elements by content (longest common subsequence), then turns each run of
 * removals and insertions into in-place updates where positions pair up, so an element that merely
 * changed keeps its comments.
 */
function reconcileSeq(doc: YAML.Document, node: YAML.YAMLSeq, target: JsonValue[]): Node {
  const oldValues = node.items.map((item) => (yaml().isNode(item) ? item.toJS(doc, TO_JS_OPTIONS) : item) as unknown);
  const matches = longestCommonSubsequence(oldValues, target);
  const result: unknown[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  for (const [matchOld, matchNew] of [...matches, [oldValues.length, target.length] as const]) {
    const removed = node.items.slice(oldIndex, matchOld);
    const added = target.slice(newIndex, matchNew);
    // Past the removed elements, `removed[i]` is undefined: reconcileNode creates the node.
    for (let i = 0; i < added.length; i++) result.push(reconcileNode(doc, removed[i], added[i]));
    if (matchOld < oldValues.length) result.push(node.items[matchOld]);
    oldIndex = matchOld + 1;
    newIndex = matchNew + 1;
  }
  node.items = result;
  return node;
}

/**
 * Pairs of indexes of equal elements (by JSON value) of `a` and `b`, in order: a longest common
 * subsequence, so that elements kept between two versions of a list keep their nodes and bytes. The
 * common head is matched at once; the rest by a table when it is small (at most `maxTableCells`,
 * {@link MAX_TABLE_CELLS} but in tests), else, the common tail matched too, by Myers' diff, whose time and memory
 * grow with the number of edits rather than with the product of the lengths (a list of 20,000
 * elements with a few edits would need a table of 1.6 GB). Lists that differ in more than
 * {@link MAX_EDITS} places keep their common head and tail only: still a correct alignment, the
 * elements between them replaced in order.
 */
export function longestCommonSubsequence(a: readonly unknown[], b: readonly unknown[], maxTableCells = MAX_TABLE_CELLS): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && jsonEqual(a[head], b[head])) head++;
  const pairs: [number, number][] = [];
  for (let i = 0; i < head; i++) pairs.push([i, i]);
  if ((a.length - head + 1) * (b.length - head + 1) <= maxTableCells) {
    for (const [i, j] of tableSubsequence(a.slice(head), b.slice(head))) pairs.push([head + i, head + j]);
    return pairs;
  }
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && jsonEqual(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
  const middle = myersSubsequence(a.slice(head, a.length - tail), b.slice(head, b.length - tail)) ?? [];
  for (const [i, j] of middle) pairs.push([head + i, head + j]);
  for (let t = tail; t > 0; t--) pairs.push([a.length - t, b.length - t]);
  return pairs;
}

/** Above this many cells (16 MB), the table is not built. */
const MAX_TABLE_CELLS = 4_000_000;
/** Myers' diff gives up beyond this many insertions and removals (its memory grows with their square). */
const MAX_EDITS = 1000;

/** The longest common subsequence by the table of the lengths of the suffixes' (memory: the product of the lengths). */
function tableSubsequence(a: readonly unknown[], b: readonly unknown[]): [number, number][] {
  const cols = b.length + 1;
  const table = new Uint32Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] = jsonEqual(a[i], b[j]) ? table[(i + 1) * cols + j + 1] + 1 : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (jsonEqual(a[i], b[j])) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) i++;
    else j++;
  }
  return pairs;
}

/**
 * A longest common subsequence by Myers' O(ND) diff (E. Myers, "An O(ND) Difference Algorithm and Its
 * Variations", 1986): the furthest point reached on each diagonal after d edits, kept for each d to
 * walk back; undefined beyond {@link MAX_EDITS} edits.
 */
function myersSubsequence(a: readonly unknown[], b: readonly unknown[]): [number, number][] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, MAX_EDITS);
  const offset = limit + 1;
  /** The furthest x on diagonal k (= x - y), at index k + offset. */
  const furthest = new Int32Array(2 * offset + 1);
  /** furthest[-d … d] after each d. */
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && furthest[offset + k - 1] < furthest[offset + k + 1]);
      let x = down ? furthest[offset + k + 1] : furthest[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && jsonEqual(a[x], b[y])) {
        x++;
        y++;
      }
      furthest[offset + k] = x;
      if (x === n && y === m) return walkBack(trace, n, m);
    }
    trace.push(furthest.slice(offset - d, offset + d + 1));
  }
  return undefined;
}

/**
 * The matched pairs of the path Myers' diff found with `trace.length` edits (`trace` holds the rounds
 * before the last), from the end back to the start. The path starts with an edit: the common head is
 * matched before Myers' diff runs, so no diagonal run leaves (0, 0) and the walk ends there.
 */
function walkBack(trace: readonly Int32Array[], n: number, m: number): [number, number][] {
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length; d > 0; d--) {
    const before = trace[d - 1];
    /** furthest[k] after d - 1 edits (its array holds diagonals -(d - 1) … d - 1). */
    const at = (k: number): number => before[k + d - 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    // The diagonal run (equal elements) after the edit, then the edit itself.
    const startX = down ? previousX : previousX + 1;
    while (x > startX) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    x = previousX;
    y = previousY;
  }
  return pairs.reverse();
}

/** Creates block-style nodes for a new value; strings a YAML 1.1 reader would misread get double quotes. */
export function createNode(doc: YAML.Document, value: JsonValue): Node {
  const node = doc.createNode(value) as Node;
  quoteAmbiguousScalars(node);
  return node;
}

function createKey(key: string): YAML.Scalar {
  const scalar = new (yaml().Scalar)(key);
  if (isAmbiguousPlainScalar(key)) scalar.type = 'QUOTE_DOUBLE';
  return scalar;
}

/** Forces double quotes on every string scalar (keys included) that would not read back as a string. */
export function quoteAmbiguousScalars(node: Node): void {
  yaml().visit(node, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === 'string' && isAmbiguousPlainScalar(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
    },
  });
}

function keyString(key: unknown): string | undefined {
  if (yaml().isScalar(key)) return key.value === null ? '' : String(key.value);
  if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean') return String(key);
  return undefined;
}
