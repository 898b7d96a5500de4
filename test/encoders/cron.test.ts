/**
 * Cron schedules as Kubernetes reads them (robfig/cron v3 ParseStandard, which the API server
 * validates spec.schedule with). No Go runs in CI: the expectations follow that parser's grammar
 * and bounds.
 */
import { cronScheduleProblem } from '../../src/encoders/cron';

describe('cron schedules', () => {
  test.each(['0 2 * * *', '*/15 * * * *', '0 0 1 1 *', '0 0 ? * MON-FRI', '0 0 * jan,Jul sun', '5 4 1-31/2 */3 0-6', '59 23 31 12 6', '0 2/3 * * *', '@daily', '@hourly', '@annually', '0  2 * * *'])('%j is accepted', (schedule) => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
  });

  test.each([
    ['0 2 * * 7', /7 is out of range in field day of week \(0–6\)/],
    ['0 2 0 * *', /0 is out of range in field day of month/],
    ['0 2 * 13 *', /13 is out of range in field month/],
    ['60 2 * * *', /60 is out of range in field minute/],
    ['0 2 * * * *', /5 fields/],
    ['0 2 * *', /5 fields/],
    ['0\t2 * * *', /printable ASCII/],
    ['0\u00a02 * * *', /printable ASCII/],
    ['0\u20282 * * *', /printable ASCII/],
    ['0\u00852 * * *', /printable ASCII/],
    ['0 2 * * *\n', /printable ASCII/],
    [' 0 2 * * *', /leading or trailing/],
    ['0 5-2 * * *', /ends before it starts/],
    ['*/0 * * * *', /positive number/],
    ['0 2 * * fun', /neither a number nor a name/],
    ['0 2 * * +1', /neither a number nor a name/],
    ['0 2 1,,2 * *', /not a value, a range or a step/],
    ['@every 1h', /one of @yearly/],
    ['TZ=UTC 0 2 * * *', /5 fields|neither/],
    ['@Daily', /one of @yearly/],
  ])('%j is refused: %s', (schedule, message) => {
    expect(cronScheduleProblem(schedule)).toMatch(message);
  });
});
