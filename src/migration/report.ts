/**
 * The migration check's report, as text for a person or JSON for a pipeline. Values that may be
 * secrets (Secret data, fields and lines named like passwords, keys, tokens or DSNs) are never
 * printed: the report says that they differ, not what they are.
 */
import type { FieldDifference } from './diff';
import type { Comparison, ObjectComparison } from './compare';
import { knownSummary } from './compare';
import { oneLine } from '../one-line';

/** Field and line names that may hold a secret value. */
const SECRET_NAME = /pass(word|wd)?|secret|token|dsn|licen[cs]e|credential|auth|private|(^|[_.-])key$|api_?key|access_?key|pwd/i;
/** A line of text (a script, an env file, a settings module) that may hold a secret value. */
const SECRET_LINE = new RegExp(`${SECRET_NAME.source}|\\s-p\\s*\\S`, 'i');
const REDACTED = '(not shown: may be a secret)';
/** Longest text printed for one value. */
const MAX_VALUE = 160;
/** Changed lines printed for one text value. */
const MAX_LINES = 40;

function isSecretPath(object: ObjectComparison, path: string): boolean {
  if (object.resource.startsWith('Secret/') && /^(data|stringData)\b/.test(path)) return true;
  const lastName = path.replace(/\[[^\]]*\]$/, '').split(/[.[]/).pop() ?? '';
  return SECRET_NAME.test(lastName) || /\[name=[^\]]*(PASSWORD|SECRET|TOKEN|DSN|KEY)[^\]]*\]/i.test(path);
}

/** The value with secret-looking members and lines replaced. */
function redact(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\n') || SECRET_LINE.test(value) ? value.split('\n').map((line) => (SECRET_LINE.test(line) ? REDACTED : line)).join('\n') : value;
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    const secretEnv = entries.some(([key, entry]) => key === 'name' && typeof entry === 'string' && SECRET_NAME.test(entry));
    return Object.fromEntries(entries.map(([key, entry]) => [key, SECRET_NAME.test(key) || (secretEnv && key === 'value') ? REDACTED : redact(entry)]));
  }
  return value;
}

function printValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(redact(value));
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/** Changed lines of two texts (a plain line diff, longest common subsequence), secret-looking lines hidden. */
function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lengths: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  const show = (sign: string, line: string, number: number): void => {
    out.push(`${sign} ${String(number).padStart(4)}: ${SECRET_LINE.test(line) ? REDACTED : line}`);
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lengths[i][j + 1] >= lengths[i + 1][j])) {
      show('+', b[j], j + 1);
      j++;
    } else {
      show('-', a[i], i + 1);
      i++;
    }
  }
  return out.length > MAX_LINES ? [...out.slice(0, MAX_LINES), `  … ${out.length - MAX_LINES} more changed lines`] : out;
}

function describeField(object: ObjectComparison, field: FieldDifference): string[] {
  if (isSecretPath(object, field.path)) {
    const where = field.drydock === undefined ? 'only drydock-fn sets it' : field.drydockFn === undefined ? 'only Drydock sets it' : 'the values differ';
    return [`    ${field.path}: ${where} ${REDACTED}`];
  }
  if (typeof field.drydock === 'string' && typeof field.drydockFn === 'string' && (field.drydock.includes('\n') || field.drydockFn.includes('\n'))) {
    return [`    ${field.path}: text differs (- Drydock, + drydock-fn; line numbers of each side):`, ...lineDiff(field.drydock, field.drydockFn).map((line) => `      ${line}`)];
  }
  if (field.drydock === undefined) return [`    ${field.path}: only drydock-fn sets it: ${printValue(field.drydockFn)}`];
  if (field.drydockFn === undefined) return [`    ${field.path}: only Drydock sets it: ${printValue(field.drydock)}`];
  return [`    ${field.path}: Drydock ${printValue(field.drydock)}, drydock-fn ${printValue(field.drydockFn)}`];
}

/** Comma-separated names on lines of at most 100 characters. */
function wrap(names: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    const next = line ? `${line}, ${name}` : name;
    if (line && indent.length + next.length > 100) {
      lines.push(`${indent}${line},`);
      line = name;
    } else line = next;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}

const STATUS_TEXT: Record<ObjectComparison['status'], string> = {
  same: 'same',
  known: 'known differences only',
  differs: 'DIFFERS',
  'only-in-drydock': 'ONLY IN DRYDOCK',
  'only-in-drydock-fn': 'ONLY IN DRYDOCK-FN',
};

/** The report for a person: unexplained differences first, then the known ones, then a summary. */
export function textReport(comparison: Comparison, names: { drydock: string; drydockFn: string }, options: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`Drydock:    ${names.drydock} (${comparison.counted.drydock} objects)`);
  out.push(`drydock-fn: ${names.drydockFn} (${comparison.counted.drydockFn} objects)`);
  const unexplained = comparison.objects.filter((object) => object.status !== 'same' && object.status !== 'known');
  const known = comparison.objects.filter((object) => object.status === 'known' || (object.status === 'differs' && object.known.length > 0));
  if (unexplained.length > 0) {
    out.push('', 'Unexplained differences:');
    for (const object of unexplained) {
      out.push(`  ${object.resource}: ${STATUS_TEXT[object.status]}`);
      for (const field of object.fields) out.push(...describeField(object, field));
    }
  }
  if (known.length > 0) {
    out.push('', 'Known differences (README, "Intentional differences from Drydock"):');
    const ids = [...new Set(known.flatMap((object) => object.known))];
    for (const id of ids) {
      out.push(`  ${id}: ${knownSummary(id)}`);
      const objects = known.filter((object) => object.known.includes(id)).map((object) => `${object.resource}${object.drydockName ? ` (Drydock: ${object.drydockName})` : ''}`);
      out.push(...wrap(objects, '      '));
    }
  }
  if (options.verbose) {
    const same = comparison.objects.filter((object) => object.status === 'same');
    if (same.length > 0) out.push('', 'Same on both sides:', ...same.map((object) => `  ${object.resource}`));
  }
  const count = (status: ObjectComparison['status']): number => comparison.objects.filter((object) => object.status === status).length;
  out.push('');
  out.push(
    `Summary: ${count('same')} same, ${count('known')} with known differences only, ${count('differs')} differing, ${count('only-in-drydock')} only in Drydock, ${count('only-in-drydock-fn')} only in drydock-fn.`,
  );
  out.push(comparison.equivalent ? 'Result: no unexplained difference.' : 'Result: unexplained differences: review them before switching.');
  // Names, paths and values come from the manifests: each stays on its line.
  return `${out.map(oneLine).join('\n')}\n`;
}

/** The report for a pipeline: the comparison with secret-looking values replaced. */
export function jsonReport(comparison: Comparison): string {
  const objects = comparison.objects.map((object) => ({
    ...object,
    fields: object.fields.map((field) =>
      isSecretPath(object, field.path)
        ? { path: field.path, redacted: true, ...(field.drydock !== undefined ? { drydock: REDACTED } : {}), ...(field.drydockFn !== undefined ? { drydockFn: REDACTED } : {}) }
        : { path: field.path, ...(field.drydock !== undefined ? { drydock: redact(field.drydock) } : {}), ...(field.drydockFn !== undefined ? { drydockFn: redact(field.drydockFn) } : {}) },
    ),
  }));
  return `${JSON.stringify({ equivalent: comparison.equivalent, counted: comparison.counted, objects }, null, 2)}\n`;
}
