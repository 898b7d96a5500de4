/**
 * What Tutor's rendered Django settings (the `production.py` of the openedx-settings-lms ConfigMap)
 * say about the deployment's MongoDB and forum. Tutor writes these from its own settings
 * (MONGODB_HOST, MONGODB_PORT, …), so reading them back gives the values Drydock's templates use.
 */
import type { Result } from '../krm/types';
import { refOf } from '../krm/object';
import type { TutorContext } from './context';
import type { PythonLiteral, PythonStatement, PythonToken } from './python-source';
import { assignedTokens, bindsAny, literalValue, mentionsAny, pythonStatements, stringLiteralValue } from './python-source';

/** Tutor's MONGODB_* settings, as the LMS connects with them. */
export interface MongodbParameters {
  readonly host: string;
  readonly port: number;
  /** MONGODB_DATABASE. */
  readonly database: string;
  /** MONGODB_USERNAME; undefined when Tutor connects without a user. */
  readonly username?: string;
  readonly password?: string;
  /** MONGODB_REPLICA_SET. */
  readonly replicaSet?: string;
  /** MONGODB_AUTH_SOURCE (`authsource`). */
  readonly authSource?: string;
}

/** Tutor's default MongoDB port. */
export const MONGODB_DEFAULT_PORT = 27017;

/**
 * Tutor's MongoDB settings as the LMS ends up with them: `mongodb_parameters` of the LMS production
 * settings after Python runs the module. Undefined when the input has no such settings (or no host in
 * them); a problem (for an error naming production.py, never a value) when drydock-fn cannot evaluate
 * what the statements make of it. The one reading for the init Jobs and the backups.
 */
export function mongodbParameters(tutor: TutorContext): MongodbParameters | { problem: Result } | undefined {
  const settings = lmsProductionSettings(tutor);
  if (settings === undefined) return undefined;
  const read = pythonDictAtEnd(settings, 'mongodb_parameters');
  if (read === undefined) return undefined;
  if ('problem' in read) return { problem: productionSettingsProblem(tutor, `mongodb_parameters of the LMS's production.py ${read.problem}, so the LMS's MongoDB is not known: change it only by assigning literals to its keys (mongodb_parameters["host"] = "…")`) };
  const values = read.entries;
  const unknown = MONGODB_KEYS.find((key) => values.get(key) === UNKNOWN);
  if (unknown !== undefined) return { problem: productionSettingsProblem(tutor, `mongodb_parameters["${unknown}"] of the LMS's production.py is not a literal, which drydock-fn does not evaluate, so the LMS's MongoDB is not known`) };
  const value = (key: string): PythonLiteral | undefined => values.get(key) as PythonLiteral | undefined;
  const host = value('host');
  if (typeof host !== 'string' || host === '') return undefined;
  const text = (entry: PythonLiteral | undefined): string | undefined => (typeof entry === 'string' && entry !== '' ? entry : undefined);
  const rawPort = value('port');
  const port = typeof rawPort === 'number' ? rawPort : Number(rawPort ?? MONGODB_DEFAULT_PORT);
  return dropUndefined({
    host,
    port: Number.isInteger(port) && port > 0 ? port : MONGODB_DEFAULT_PORT,
    database: text(value('db')) ?? 'openedx',
    username: text(value('user')),
    password: text(value('password')),
    replicaSet: text(value('replicaSet')),
    authSource: text(value('authsource')),
  });
}

/** The keys of mongodb_parameters drydock-fn reads. */
const MONGODB_KEYS = ['host', 'port', 'db', 'user', 'password', 'replicaSet', 'authsource'];

/** An error about the LMS's production.py, naming the ConfigMap and the key (the message never quotes a value). */
export function productionSettingsProblem(tutor: TutorContext, message: string): Result {
  const configMap = tutor.configMapObject('openedx-settings-lms');
  return { severity: 'error', tags: { code: 'RESOURCE_INVALID' }, message, ...(configMap ? { resourceRef: refOf(configMap) } : {}), field: { path: 'data["production.py"]' } };
}

/**
 * Whether the forum plugin is part of the deployment: a `forum` Deployment (tutor-forum ≤ 18), or
 * the forum settings tutor-forum ≥ 19 puts in the LMS settings (the forum then runs in the LMS).
 */
export function forumEnabled(tutor: TutorContext): boolean {
  if (tutor.plugins.has('forum')) return true;
  // Set by a statement of the module (a line inside a string is none); one drydock-fn cannot read counts.
  return pythonTopLevelString(lmsProductionSettings(tutor) ?? '', 'FORUM_SEARCH_BACKEND') !== undefined;
}

/** The MONGODB_DATABASE of tutor-forum's own Deployment (tutor-forum ≤ 18, where the forum is a service of its own), if any. */
export function forumDeploymentDatabase(tutor: TutorContext): string | undefined {
  for (const object of tutor.tutorResources) {
    if (object.kind !== 'Deployment' || object.metadata.name !== 'forum') continue;
    const containers = (object.spec as { template?: { spec?: { containers?: unknown } } } | undefined)?.template?.spec?.containers;
    for (const container of Array.isArray(containers) ? containers : []) {
      const env = (container as { env?: unknown }).env;
      for (const variable of Array.isArray(env) ? env : []) {
        const { name, value } = variable as { name?: unknown; value?: unknown };
        if (name === 'MONGODB_DATABASE' && typeof value === 'string' && value !== '') return value;
      }
    }
  }
  return undefined;
}

const SET_IN_BLOCK = 'is set inside a block, which drydock-fn does not evaluate';
const NOT_ONE_LITERAL = 'is not assigned one string literal by the last statement that sets it, which drydock-fn does not evaluate';

/**
 * The value the statements of a Python module give the name `name`, as Python runs them: its last
 * assignment at the top level (`NAME = "…"`, escapes decoded); undefined when none. What drydock-fn
 * cannot evaluate is a problem, never a guess: an assignment of anything but string literals (or of
 * one with an escape not decoded exactly, such as `\N{…}`), a binding of another form or inside a
 * block after the last top-level assignment, a module whose statements cannot be found exactly.
 */
export function pythonTopLevelString(source: string, name: string): { value: string } | { problem: string } | undefined {
  if (!source.normalize('NFKC').includes(name)) return undefined;
  const statements = pythonStatements(source);
  if ('problem' in statements) return { problem: `cannot be found in the module: it holds ${statements.problem}, which drydock-fn does not read` };
  const names = new Set([name]);
  let state: { value: string } | { problem: string } | undefined;
  for (const statement of statements) {
    if (!bindsAny(statement, names)) continue;
    const assigned = statement.nested ? undefined : assignedTokens(statement, name);
    const value = assigned === undefined ? undefined : stringLiteralValue(assigned);
    state = value !== undefined ? { value } : { problem: statement.nested ? SET_IN_BLOCK : NOT_ONE_LITERAL };
  }
  return state;
}

/** A value drydock-fn does not evaluate (an expression, not a literal). */
const UNKNOWN = Symbol('unknown');
type DictValue = PythonLiteral | typeof UNKNOWN;

function literalOrUnknown(tokens: readonly PythonToken[]): DictValue {
  const literal = literalValue(tokens);
  return literal === undefined ? UNKNOWN : literal.value;
}

/**
 * The str keys of the dict a module's name holds after Python runs it: its last top-level assignment
 * of a dict literal, then the top-level assignments of literals to its keys (`NAME["key"] = "…"`),
 * through the name or a name given the same dict (`DOC_STORE_CONFIG = NAME`). Any other statement
 * after the literal that mentions the dict by one of those names is a problem unless it only passes
 * the dict on (a value in a literal, an argument) or reads a key, as Tutor's own settings do; so is
 * one that changes it through a container it was put in (`CONTENTSTORE["DOC_STORE_CONFIG"][…] = …`).
 * A function that keeps the dict it is given, `globals()` or `exec` are not followed.
 */
function pythonDictAtEnd(source: string, name: string): { entries: Map<string, DictValue> } | { problem: string } | undefined {
  if (!source.normalize('NFKC').includes(name)) return undefined;
  const statements = pythonStatements(source);
  if ('problem' in statements) return { problem: `cannot be found: the module holds ${statements.problem}, which drydock-fn does not read` };
  let state: { entries: Map<string, DictValue>; aliases: Set<string>; holders: Map<string, Holder> } | { problem: string } | undefined;
  for (const statement of statements) {
    const assigned = statement.nested ? undefined : assignedTokens(statement, name);
    if (assigned !== undefined && assigned[0]?.kind === 'op' && assigned[0].text === '{') {
      const entries = dictLiteralEntries(assigned);
      state = entries === undefined ? { problem: 'is not assigned a dict literal drydock-fn can read by the last statement that sets it' } : { entries, aliases: new Set([name]), holders: new Map() };
      continue;
    }
    if (state === undefined || 'problem' in state) {
      if (bindsAny(statement, new Set([name]))) state = { problem: statement.nested ? SET_IN_BLOCK : 'is not assigned a dict literal by the last statement that sets it, which drydock-fn does not evaluate' };
      continue;
    }
    const holderNames = new Set(state.holders.keys());
    if (mentionsAny(statement, holderNames) && !holderUseIsHarmless(statement, state.holders)) {
      state = { problem: 'is held in a container changed by a statement drydock-fn does not evaluate' };
      continue;
    }
    const mentionsDict = mentionsAny(statement, state.aliases);
    // A name given a value that holds the dict (or a container of it) is a container of it too.
    const [target] = statement.tokens;
    const targetName = target.kind === 'name' ? target.text : undefined;
    const value = targetName === undefined ? undefined : assignedTokens(statement, targetName);
    if (targetName !== undefined && value !== undefined) {
      const isAlias = value.length === 1 && value[0].kind === 'name' && state.aliases.has(value[0].text);
      const holder = isAlias ? undefined : holderOf(value, new Set([...state.aliases, ...holderNames]));
      if (holder !== undefined) state.holders.set(targetName, holder);
      else state.holders.delete(targetName);
    }
    if (!mentionsDict) continue;
    const change = dictStatementEffect(statement, state.aliases);
    if (change === undefined) {
      state = { problem: `is changed${statement.nested ? ' inside a block' : ''} by a statement drydock-fn does not evaluate` };
    } else if ('alias' in change) {
      state.aliases.add(change.alias);
    } else if ('key' in change) {
      if (statement.nested) state = { problem: 'is changed inside a block, which drydock-fn does not evaluate' };
      else state.entries.set(change.key, change.value);
    }
  }
  return state === undefined || 'problem' in state ? state : { entries: state.entries };
}

/**
 * A container the dict was put in: a dict literal holds it under these keys (their values mention
 * it), any other value anywhere.
 */
type Holder = ReadonlySet<string> | 'anywhere';

function holderOf(value: readonly PythonToken[], aliases: ReadonlySet<string>): Holder | undefined {
  // Only reads of its keys (`mongodb_parameters["host"]`): the value holds literals, not the dict.
  if (value.every((token, index) => token.kind !== 'name' || !aliases.has(token.text) || keyRead(value, index) !== undefined)) return undefined;
  const entries = dictLiteralParts(value);
  if (entries === undefined) return 'anywhere';
  const keys = new Set<string>();
  for (const [key, tokens] of entries) {
    if (!mentionsAny({ tokens, nested: false }, aliases)) continue;
    if (typeof key !== 'string') return 'anywhere';
    keys.add(key);
  }
  return keys;
}

/**
 * Whether every mention of a container of the dict leaves the dict as it is: passed on (followed by
 * `,` `)` `]` `}` or the end), rebound as a whole, or a key that does not hold the dict read or set
 * (`CONTENTSTORE["ENGINE"] = …`); a key that holds it only replaced as a whole.
 */
function holderUseIsHarmless(statement: PythonStatement, holders: ReadonlyMap<string, Holder>): boolean {
  const tokens = statement.tokens;
  return tokens.every((token, index) => {
    if (token.kind !== 'name' || !holders.has(token.text)) return true;
    const previous = tokens[index - 1];
    if (previous?.kind === 'op' && previous.text === '.') return true;
    const next = tokens[index + 1];
    if (next === undefined || (next.kind === 'op' && [',', ')', ']', '}'].includes(next.text))) return true;
    if (index === 0 && next.kind === 'op' && next.text === '=' && !statement.nested) return true;
    const holder = holders.get(token.text) as Holder;
    if (next.kind !== 'op' || next.text !== '[' || holder === 'anywhere') return false;
    const close = closingBracket(tokens, index + 1);
    const key = close === undefined ? undefined : stringLiteralValue(tokens.slice(index + 2, close));
    if (key === undefined) return false;
    if (!holder.has(key)) return true;
    const after = tokens[(close as number) + 1];
    return index === 0 && after?.kind === 'op' && after.text === '=' && assignedTokens({ tokens: [token, ...tokens.slice((close as number) + 1)], nested: false }, token.text) !== undefined;
  });
}

function closingBracket(tokens: readonly PythonToken[], open: number): number | undefined {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind !== 'op') continue;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text) && --depth === 0) return index;
  }
  return undefined;
}

/**
 * What a statement that mentions the dict (by one of `aliases`) does to it: sets a key to a value
 * (`ALIAS["key"] = literal`), gives it another name (`OTHER = ALIAS`), only passes it on (every
 * mention followed by `,` `)` `]` `}` or the statement's end, none bound); undefined for anything else.
 */
function dictStatementEffect(statement: PythonStatement, aliases: ReadonlySet<string>): { key: string; value: DictValue } | { alias: string } | { passed: true } | undefined {
  const tokens = statement.tokens;
  const [target, open] = tokens;
  if (tokens.length === 3 && target.kind === 'name' && tokens[1].kind === 'op' && tokens[1].text === '=' && tokens[2].kind === 'name' && aliases.has(tokens[2].text)) {
    return aliases.has(target.text) ? { passed: true } : { alias: target.text };
  }
  if (target.kind === 'name' && aliases.has(target.text) && open.kind === 'op' && open.text === '[') {
    const close = tokens.findIndex((token) => token.kind === 'op' && token.text === ']');
    const key = close > 2 ? stringLiteralValue(tokens.slice(2, close)) : undefined;
    const equals = tokens[close + 1];
    if (key !== undefined && equals?.kind === 'op' && equals.text === '=' && assignedTokens({ tokens: [target, ...tokens.slice(close + 1)], nested: false }, target.text)) {
      return { key, value: literalOrUnknown(tokens.slice(close + 2)) };
    }
    return undefined;
  }
  if (bindsAny(statement, aliases)) return undefined;
  const passedOn = tokens.every((token, index) => {
    if (token.kind !== 'name' || !aliases.has(token.text)) return true;
    const next = tokens[index + 1];
    return next === undefined || (next.kind === 'op' && [',', ')', ']', '}'].includes(next.text)) || keyRead(tokens, index) !== undefined;
  });
  return passedOn ? { passed: true } : undefined;
}

/**
 * The index after `NAME["key"]` when the name at `index` is subscripted with a str literal and the
 * item is only read (not assigned, augmented or deleted): the values drydock-fn reads are literals,
 * which nothing done to the item read can change.
 */
function keyRead(tokens: readonly PythonToken[], index: number): number | undefined {
  const open = tokens[index + 1];
  if (open?.kind !== 'op' || open.text !== '[') return undefined;
  const close = closingBracket(tokens, index + 1);
  if (close === undefined || stringLiteralValue(tokens.slice(index + 2, close)) === undefined) return undefined;
  const after = tokens[close + 1];
  if (after?.kind === 'op' && (after.text === '=' || after.text.length > 1 && after.text.endsWith('=') && !['==', '!=', '<=', '>='].includes(after.text))) return undefined;
  return close + 1;
}

/** The str keys of a dict literal's tokens (`{` … `}`) with their literal values (UNKNOWN for others); undefined when a key is not a literal or `**` merges another mapping. */
function dictLiteralEntries(tokens: readonly PythonToken[]): Map<string, DictValue> | undefined {
  const parts = dictLiteralParts(tokens);
  if (parts === undefined || parts.some(([key]) => key === undefined)) return undefined;
  return new Map(parts.filter((part): part is [string, PythonToken[]] => part[0] !== null).map(([key, value]) => [key, literalOrUnknown(value)]));
}

/**
 * The entries of a dict literal's tokens: each key (its str, null for a literal of another type,
 * undefined for one that is no literal or a `**` merge) with its value's tokens; undefined when the
 * tokens are no dict literal (a set, a comprehension, something else).
 */
function dictLiteralParts(tokens: readonly PythonToken[]): [string | null | undefined, PythonToken[]][] | undefined {
  const [first] = tokens;
  if (first?.kind !== 'op' || first.text !== '{' || closingBracket(tokens, 0) !== tokens.length - 1) return undefined;
  const parts: PythonToken[][] = [[]];
  let depth = 0;
  for (const token of tokens.slice(1, -1)) {
    if (token.kind === 'op' && '([{'.includes(token.text)) depth++;
    else if (token.kind === 'op' && ')]}'.includes(token.text)) depth--;
    if (depth === 0 && token.kind === 'op' && token.text === ',') parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  const entries: [string | null | undefined, PythonToken[]][] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    if (part[0].kind === 'op' && part[0].text === '**') {
      entries.push([undefined, part.slice(1)]);
      continue;
    }
    const colon = part.findIndex((token) => token.kind === 'op' && token.text === ':');
    if (colon <= 0 || part.some((token) => token.kind === 'name' && token.text === 'for')) return undefined;
    const key = literalValue(part.slice(0, colon));
    entries.push([key === undefined ? undefined : typeof key.value === 'string' ? key.value : null, part.slice(colon + 1)]);
  }
  return entries;
}

/** The production settings of the LMS (production.py of openedx-settings-lms), if in the input. */
export function lmsProductionSettings(tutor: TutorContext): string | undefined {
  const text = tutor.configMapData('openedx-settings-lms')?.['production.py'];
  return typeof text === 'string' ? text : undefined;
}

function dropUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
