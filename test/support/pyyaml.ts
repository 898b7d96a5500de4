/**
 * PyYAML, the YAML 1.1 reader Open edX reads Tutor's env files with, where the machine has it (it is
 * not in Python's standard library, so CI may lack it: tests then skip with the reason printed).
 * One python3 process reads many texts.
 */
import { spawnSync } from 'child_process';
import { PyYamlFloat, PyYamlTimestamp } from '../../src/krm/pyyaml';

const PROGRAM = `
import json, sys, yaml
texts = json.load(sys.stdin)
out = []
for text in texts:
    try:
        out.append({"documents": list(yaml.safe_load_all(text))})
    except Exception as error:
        out.append({"error": " ".join(str(error).split())})
json.dump(out, sys.stdout, default=str)
`;

/** Interpreters to try: the one on PATH, then Debian's (where CI installs python3-yaml). */
const PYTHONS = ['python3', '/usr/bin/python3'];

let python: string | undefined | null = null;

/** The first python3 that imports PyYAML, if any. */
function pythonWithYaml(): string | undefined {
  if (python === null) python = PYTHONS.find((candidate) => spawnSync(candidate, ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0);
  return python;
}

/** Why PyYAML cannot be used here, or undefined when it can. */
export function pyyamlMissing(): string | undefined {
  return pythonWithYaml() === undefined ? `PyYAML is not installed (python3 -c "import yaml" fails with ${PYTHONS.join(' and ')})` : undefined;
}

/** The documents of each text as PyYAML reads them (safe_load_all), or its error (on one line). */
export function pyyamlLoadAll(texts: readonly string[]): ({ documents: unknown[] } | { error: string })[] {
  const result = spawnSync(pythonWithYaml() ?? 'python3', ['-c', PROGRAM], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ({ documents: unknown[] } | { error: string })[];
}

/**
 * Python that reads each text with safe_load and gives, for each, its error (message and type) or:
 * - the value as Python sees it ({@link PythonValue}) and, for a mapping, each text key's value so;
 * - for each of `keys`, the value under it as a typed tree (["str", s], ["int", "123"], ["float",
 *   "<IEEE 754 bytes in hex>"], ["bool", b], ["null"], ["timestamp"], ["list", …], ["dict", {string
 *   keys only}], ["absent"]), when the value is a mapping.
 */
const PROGRAM_VALUES = `
import datetime, json, math, struct, sys, yaml
TYPES = {bool: "bool", int: "int", float: "float", str: "str", type(None): "null", datetime.date: "timestamp", datetime.datetime: "timestamp", list: "list", dict: "dict"}
def typed(v):
    if isinstance(v, bool): return ["bool", v]
    if isinstance(v, int): return ["int", str(v)]
    if isinstance(v, float): return ["float", "nan" if v != v else struct.pack(">d", v).hex()]
    if isinstance(v, str): return ["str", v]
    if v is None: return ["null"]
    if isinstance(v, (datetime.date, datetime.datetime)): return ["timestamp"]
    if isinstance(v, list): return ["list", [typed(x) for x in v]]
    if isinstance(v, dict): return ["dict", {k: typed(x) for k, x in v.items() if isinstance(k, str)}]
    return ["other", type(v).__name__]
def plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
def text_keys(value):
    if isinstance(value, list):
        return all(text_keys(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and text_keys(item) for key, item in value.items())
    return True
def describe(value):
    kind = TYPES.get(type(value), type(value).__name__)
    try:
        return {"type": kind, "str": str(value), "json": plain(value), "textKeys": text_keys(value)}
    except RecursionError:
        return {"type": "recursive", "str": "", "json": None, "textKeys": True}
data = json.load(sys.stdin)
out = []
for text in data["texts"]:
    try:
        value = yaml.safe_load(text)
    except Exception as error:
        out.append({"error": " ".join(str(error).split()), "errorType": type(error).__name__})
        continue
    entry = {"value": describe(value)}
    if isinstance(value, dict):
        entry["entries"] = {key: describe(item) for key, item in value.items() if isinstance(key, str)}
        entry["keys"] = {k: (typed(value[k]) if k in value else ["absent"]) for k in data["keys"]}
    out.append(entry)
json.dump(out, sys.stdout)
`;

/** What safe_load reads of each text (one python3 for all): see {@link PROGRAM_VALUES}. */
interface PythonReading {
  readonly error?: string;
  readonly errorType?: string;
  readonly value?: PythonValue;
  readonly entries?: Record<string, PythonValue>;
  readonly keys?: Record<string, unknown>;
}

function pyyamlRead(texts: readonly string[], keys: readonly string[]): PythonReading[] {
  const result = spawnSync(pythonWithYaml() ?? 'python3', ['-c', PROGRAM_VALUES], { input: JSON.stringify({ texts, keys }), encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, PYTHONUTF8: '1' } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as PythonReading[];
}

export type PyyamlTyped = { keys: Record<string, unknown> } | { error: string } | { notdict: true };

/** What safe_load reads under each of `keys` in each text (typed trees), its error's type, or that it is no mapping. */
export function pyyamlTypedValues(texts: readonly string[], keys: readonly string[]): PyyamlTyped[] {
  return pyyamlRead(texts, keys).map((read) => (read.errorType !== undefined ? { error: read.errorType } : read.keys !== undefined ? { keys: read.keys } : { notdict: true }));
}

/**
 * A value as safe_load constructs it: its Python type (`timestamp` for a date or datetime), its text as
 * Python's str() writes it (what a Tutor template renders), and its JSON (non-finite floats, dates and
 * other objects as their str(); mapping keys as their str()); `textKeys`: every mapping key in it is a str.
 */
export interface PythonValue {
  readonly type: string;
  readonly str: string;
  readonly json: unknown;
  readonly textKeys: boolean;
}

/** Each text as safe_load reads it (one document): the value and, for a mapping, each text key's value; or its error. */
export function pyyamlValues(texts: readonly string[]): ({ value: PythonValue; entries?: Record<string, PythonValue> } | { error: string })[] {
  return pyyamlRead(texts, []).map((read) => (read.error !== undefined ? { error: read.error } : { value: read.value as PythonValue, ...(read.entries ? { entries: read.entries } : {}) }));
}

/** drydock-fn's reading of a value (src/krm/pyyaml.ts) in the typed form `pyyamlTypedValues` gives PyYAML's. */
export function typedPyYamlValue(value: unknown): unknown {
  if (typeof value === 'boolean') return ['bool', value];
  if (typeof value === 'bigint' || typeof value === 'number') return ['int', String(value)];
  if (value instanceof PyYamlFloat) {
    if (Number.isNaN(value.value)) return ['float', 'nan'];
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value.value);
    return ['float', bytes.toString('hex')];
  }
  if (typeof value === 'string') return ['str', value];
  if (value === null) return ['null'];
  if (value instanceof PyYamlTimestamp) return ['timestamp'];
  if (Array.isArray(value)) return ['list', value.map(typedPyYamlValue)];
  return ['dict', Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, typedPyYamlValue(entry)]))];
}
