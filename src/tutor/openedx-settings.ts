/**
 * What Tutor's rendered Django settings (the `production.py` of the openedx-settings-lms ConfigMap)
 * say about the deployment's MongoDB and forum. Tutor writes these from its own settings
 * (MONGODB_HOST, MONGODB_PORT, …), so reading them back gives the values Drydock's templates use.
 */
import type { TutorContext } from './context';

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

type PythonValue = string | number | boolean | null;

/**
 * The `mongodb_parameters = {…}` dict of Tutor's LMS production settings, or undefined when the
 * input has no such settings (or no host in them). The one reading of it (the init Jobs and the
 * backups): the last such assignment, a key given twice its last value, as Python reads the dict.
 */
export function mongodbParameters(tutor: TutorContext): MongodbParameters | undefined {
  const settings = lmsProductionSettings(tutor);
  if (settings === undefined) return undefined;
  const block = [...settings.matchAll(/^mongodb_parameters\s*=\s*\{([\s\S]*?)^\}/gm)].pop();
  if (!block) return undefined;
  const values = pythonDictEntries(block[1]);
  const host = values.host;
  if (typeof host !== 'string' || host === '') return undefined;
  const text = (value: PythonValue | undefined): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const port = typeof values.port === 'number' ? values.port : Number(values.port ?? MONGODB_DEFAULT_PORT);
  return dropUndefined({
    host,
    port: Number.isInteger(port) && port > 0 ? port : MONGODB_DEFAULT_PORT,
    database: text(values.db) ?? 'openedx',
    username: text(values.user),
    password: text(values.password),
    replicaSet: text(values.replicaSet),
    authSource: text(values.authsource),
  });
}

/**
 * Whether the forum plugin is part of the deployment: a `forum` Deployment (tutor-forum ≤ 18), or
 * the forum settings tutor-forum ≥ 19 puts in the LMS settings (the forum then runs in the LMS).
 */
export function forumEnabled(tutor: TutorContext): boolean {
  if (tutor.plugins.has('forum')) return true;
  return /^FORUM_SEARCH_BACKEND\s*=/m.test(lmsProductionSettings(tutor) ?? '');
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

/** A string literal as Python writes one: an optional u or r prefix, single or double quotes, no implicit concatenation. */
const STRING_LITERAL = /^([uUrR]?)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*(?:#.*)?$/;

/**
 * The value the statements of a Python module give the name `name`, as Python runs them: its last
 * assignment at the top level (`NAME = "…"`, escapes decoded); undefined when none. What drydock-fn
 * cannot evaluate is a problem, never a guess: an assignment of anything but one string literal, or
 * an assignment inside a block (indented) after the last top-level one.
 */
export function pythonTopLevelString(source: string, name: string): { value: string } | { problem: string } | undefined {
  let last: RegExpMatchArray | undefined;
  for (const match of source.matchAll(new RegExp(`^${name}\\b[ \\t]*(.*)$`, 'gm'))) last = match;
  const nested = [...source.matchAll(new RegExp(`^[ \\t]+${name}[ \\t]*(?:[-+*/%&|^@]|\\*\\*|//|<<|>>)?=(?!=)`, 'gm'))].pop();
  if (nested && (last === undefined || (nested.index as number) > (last.index as number))) return { problem: 'is set inside a block, which drydock-fn does not evaluate' };
  if (last === undefined) return undefined;
  const literal = /^=(?!=)[ \t]*(.*)$/.exec(last[1]);
  const value = literal ? STRING_LITERAL.exec(literal[1].trimEnd()) : null;
  if (!value) return { problem: 'is not assigned one string literal by the last statement that sets it, which drydock-fn does not evaluate' };
  const body = value[2].slice(1, -1);
  return { value: /^[rR]$/.test(value[1]) ? body : pythonStringBody(body) };
}

/** The production settings of the LMS (production.py of openedx-settings-lms), if in the input. */
export function lmsProductionSettings(tutor: TutorContext): string | undefined {
  const text = tutor.configMapData('openedx-settings-lms')?.['production.py'];
  return typeof text === 'string' ? text : undefined;
}

/** `"key": value,` entries of a Python dict literal body, for string, number, bool and None values. */
function pythonDictEntries(body: string): Record<string, PythonValue> {
  const entries: Record<string, PythonValue> = {};
  const entry = /["']([A-Za-z_][A-Za-z0-9_]*)["']\s*:\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|None|True|False|-?\d+)/g;
  for (const match of body.matchAll(entry)) {
    const raw = match[2];
    if (raw === 'None') entries[match[1]] = null;
    else if (raw === 'True' || raw === 'False') entries[match[1]] = raw === 'True';
    else if (/^-?\d+$/.test(raw)) entries[match[1]] = Number(raw);
    else entries[match[1]] = pythonStringBody(raw.slice(1, -1));
  }
  return entries;
}

const PYTHON_ESCAPES: Readonly<Record<string, string>> = { '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * The value of the body of a Python string literal (between its quotes), as Python reads it: `\n`,
 * `\xHH`, `\uXXXX`, octal and the other escapes decoded, unknown escapes kept with their backslash
 * (`\N{name}` too: Tutor writes values as they are, without named escapes).
 */
export function pythonStringBody(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (escape, code: string) => {
    if (/^[xuU]/.test(code) && code.length > 1) {
      const point = parseInt(code.slice(1), 16);
      return point <= 0x10ffff ? String.fromCodePoint(point) : escape;
    }
    if (/^[0-7]+$/.test(code)) return String.fromCodePoint(parseInt(code, 8));
    return PYTHON_ESCAPES[code] ?? escape;
  });
}

function dropUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
