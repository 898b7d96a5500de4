/**
 * CronJob schedules as Kubernetes reads them: the API server validates `spec.schedule` with
 * robfig/cron v3's ParseStandard and the controller schedules with it. Its grammar: a descriptor
 * (`@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`; `@every <duration>`
 * is not accepted here), or five fields split by Go's strings.Fields, each a comma-separated list of
 * `*`, `?`, `N`, `N-M`, optionally `/step`; months and days of the week also by their three-letter
 * English names in any case. Ranges: minute 0–59, hour 0–23, day of month 1–31, month 1–12, day of
 * week 0–6 (7 is refused, unlike Vixie cron).
 *
 * Go splits fields at Unicode white space (NBSP, NEL, U+2028 …) where JavaScript's `\s` differs, so
 * only the space separates fields here; every other character outside the grammar is refused.
 */

interface FieldRange {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldRange[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** A number or a name of the field, as robfig/cron reads it; undefined when it is neither. */
function valueOf(text: string, field: FieldRange): number | undefined {
  if (/^[0-9]{1,9}$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index < 0) return undefined;
  // Months count from 1, days of the week from 0 (Sunday).
  return field.min === 1 ? index + 1 : index;
}

function rangeProblem(expression: string, field: FieldRange): string | undefined {
  const [span, step, extra] = expression.split('/');
  if (extra !== undefined || span === '') return `field ${field.name} is not a value, a range or a step`;
  if (step !== undefined && !(/^[0-9]{1,9}$/.test(step) && Number(step) > 0)) return `the step in field ${field.name} is not a positive number`;
  if (span === '*' || span === '?') return undefined;
  const bounds = span.split('-');
  if (bounds.length > 2) return `field ${field.name} has too many "-"`;
  const values = bounds.map((bound) => valueOf(bound, field));
  if (values.some((value) => value === undefined)) return `field ${field.name} holds something that is neither a number nor a ${field.names ? 'name' : 'value'} of the field`;
  const [start, end = step !== undefined ? field.max : start] = values as number[];
  if (start < field.min || end > field.max) return `${start < field.min ? start : end} is out of range in field ${field.name} (${field.min}–${field.max})`;
  if (start > end) return `a range of field ${field.name} ends before it starts`;
  return undefined;
}

/** Why `schedule` is not a schedule Kubernetes reads as written, or undefined. */
export function cronScheduleProblem(schedule: string): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(schedule)) return 'expected a cron schedule of printable ASCII characters and spaces (no tabs, line breaks or other white space)';
  if (schedule !== schedule.trim()) return 'expected a cron schedule without leading or trailing spaces';
  if (schedule.startsWith('@')) return DESCRIPTORS.includes(schedule) ? undefined : `expected one of ${DESCRIPTORS.join(', ')} (or five fields)`;
  const fields = schedule.split(/ +/);
  if (fields.length !== 5) return 'expected a cron schedule with 5 fields (minute hour day-of-month month day-of-week)';
  for (let index = 0; index < 5; index++) {
    for (const expression of fields[index].split(',')) {
      const problem = rangeProblem(expression, FIELDS[index]);
      if (problem) return `expected a cron schedule; ${problem}`;
    }
  }
  return undefined;
}
