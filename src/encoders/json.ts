/**
 * JSON that every reader reads the same: the registry credentials (`.dockerconfigjson`), which the
 * kubelet reads with Go's encoding/json. JavaScript's JSON.parse and Go agree on RFC 8259 syntax but
 * not on everything inside it: a key given twice (Go merges objects of a repeated struct field, other
 * readers keep the last value or refuse), an escaped unpaired surrogate (Go reads U+FFFD), and keys
 * that differ from a field name only in case (Go matches struct fields by Unicode simple case folding,
 * so `"Auths"` and `"authſ"` are read as `auths`). Such text is refused rather than rewritten: the
 * Secret holds the JSON as given.
 */
import { isPlainObject } from '../krm/types';
import { hasLoneSurrogate } from './text';

/** The key lists of every object of a syntactically valid JSON text, in document order. */
function objectKeys(text: string): string[][] {
  const objects: string[][] = [];
  const stack: { keys: string[] | undefined; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        top.keys.push(JSON.parse(text.slice(i, end + 1)) as string);
        top.expectKey = false;
      }
      i = end;
    } else if (char === '{') {
      const keys: string[] = [];
      objects.push(keys);
      stack.push({ keys, expectKey: true });
    } else if (char === '[') {
      stack.push({ keys: undefined, expectKey: false });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return objects;
}

/** Every string of a parsed JSON value, keys included (without recursion: the value may nest deeply). */
function strings(root: unknown): string[] {
  const out: string[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) pending.push(...value);
    else if (isPlainObject(value)) for (const [key, element] of Object.entries(value)) out.push(key), pending.push(element);
  }
  return out;
}

/**
 * The deepest nesting of objects and arrays in a syntactically valid JSON text. Go's encoding/json
 * refuses a text nested deeper than 10000 (maxNestingDepth of its scanner.go): "exceeded max depth".
 */
const GO_MAX_NESTING_DEPTH = 10000;
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') while (text[++i] !== '"') i += text[i] === '\\' ? 1 : 0;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}

/**
 * The value of a JSON text every reader reads the same, or why not (never quoting the text): not
 * JSON, nested deeper than Go reads, a key twice in one object, an unpaired surrogate.
 */
export function parseUnambiguousJson(text: string): { value: unknown } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'the value is not JSON' };
  }
  if (nestingDepth(text) > GO_MAX_NESTING_DEPTH) return { problem: `the JSON nests deeper than ${GO_MAX_NESTING_DEPTH} levels, which Go's encoding/json (the kubelet) refuses` };
  if (hasLoneSurrogate(text) || strings(value).some(hasLoneSurrogate)) return { problem: 'the JSON holds an unpaired surrogate (\\ud800 …), which Go reads as U+FFFD' };
  if (objectKeys(text).some((keys) => new Set(keys).size !== keys.length)) return { problem: 'an object of the JSON has the same key twice, which JSON readers resolve differently' };
  return { value };
}

/** The fields the kubelet reads, per object (credentialprovider.DockerConfigJSON and DockerConfigEntry). */
const DOCKER_CONFIG_FIELDS = ['auths', 'HttpHeaders'];
const DOCKER_ENTRY_FIELDS = ['username', 'password', 'email', 'auth'];

/** Characters outside ASCII whose simple case folding holds an ASCII letter: the long s and the Kelvin sign. */
const NON_ASCII_FOLDS: Readonly<Record<string, string>> = { '\u017f': 'S', '\u212a': 'K' };

/**
 * A name as Go's encoding/json compares it with a struct field's (foldName: ASCII letters upper-cased,
 * every other rune replaced by the smallest rune of its simple case folding orbit). Exact for the
 * comparison with ASCII field names, the only ones here: of the runes outside ASCII only U+017F (ſ,
 * orbit S s ſ) and U+212A (Kelvin sign, orbit K k K) fold to an ASCII letter; others are kept as they are.
 */
export function goJsonFoldName(name: string): string {
  return name.replace(/[a-z\u017f\u212a]/g, (char) => NON_ASCII_FOLDS[char] ?? char.toUpperCase());
}

/** A key Go would read as one of `fields` although it is spelled differently. */
function caseVariant(keys: readonly string[], fields: readonly string[]): string | undefined {
  return keys.find((key) => !fields.includes(key) && fields.some((field) => goJsonFoldName(field) === goJsonFoldName(key)));
}

/**
 * Why a `.dockerconfigjson` value is not a Docker config every reader reads as drydock-fn does, or
 * undefined. Never quotes the value (it holds credentials).
 */
export function dockerConfigJsonProblem(text: string): string | undefined {
  const parsed = parseUnambiguousJson(text);
  if ('problem' in parsed) {
    return parsed.problem === 'the value is not JSON'
      ? 'expected the JSON of a Docker config file ({"auths": {"<registry>": {"auth": "<base64 user:password>"}}}); the value is not JSON'
      : `expected the JSON of a Docker config file; ${parsed.problem}`;
  }
  const config = parsed.value;
  if (!isPlainObject(config) || !isPlainObject(config.auths)) return 'expected the JSON of a Docker config file with an "auths" mapping';
  const variant = caseVariant(Object.keys(config), DOCKER_CONFIG_FIELDS);
  if (variant !== undefined) return 'a key of the Docker config differs from "auths" or "HttpHeaders" only in case: the kubelet (Go) would read it as that field';
  for (const entry of Object.values(config.auths)) {
    if (!isPlainObject(entry)) return 'expected each registry under "auths" to be a mapping ({"auth": "<base64 user:password>"})';
    if (caseVariant(Object.keys(entry), DOCKER_ENTRY_FIELDS) !== undefined) return 'a key of a registry entry differs from "username", "password", "email" or "auth" only in case: the kubelet (Go) would read it as that field';
    if (DOCKER_ENTRY_FIELDS.some((field) => entry[field] !== undefined && typeof entry[field] !== 'string')) return 'expected "username", "password", "email" and "auth" of each registry to be strings';
  }
  if (config.HttpHeaders !== undefined && (!isPlainObject(config.HttpHeaders) || !Object.values(config.HttpHeaders).every((value) => typeof value === 'string'))) {
    return 'expected "HttpHeaders" to map header names to strings';
  }
  return undefined;
}
