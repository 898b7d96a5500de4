/**
 * The HTTPRoutes features/gateway-api plans, and the origin each one carries: the setting or Tutor
 * value a route conflict names when the route takes part in one.
 */
import { debugRoutePlan, httpRoutePlan } from '../../../src/features/lib/gateway-objects';
import { deriveTutorContext } from '../../../src/tutor/context';
import { tutorObjects } from '../../support/tutor-objects';
import type { TutorObjectsOptions } from '../../support/tutor-objects';
import { resourceSetOf, settingsOf } from '../../support/views';

function planOf(spec: Record<string, unknown>, options: TutorObjectsOptions = {}) {
  const settings = settingsOf(spec);
  const resources = resourceSetOf(tutorObjects(options)).views();
  const tutor = deriveTutorContext(resources, settings);
  const routes = httpRoutePlan(settings, tutor);
  return { routes, debug: debugRoutePlan(settings, tutor, routes) };
}

describe('gateway-objects: the planned routes and their origins', () => {
  test("the LMS aliases' route (the aliases route every MFE path, the LMS host only the learning MFE's): named apart, its origin its first alias's (the setting that adds it), not the LMS route's", () => {
    const { routes } = planOf({ gatewayApi: { enabled: true }, ingress: { lmsExtraHosts: ['learn.example.org', 'learn.example.net'] } }, { mfeApps: ['learning', 'authoring'] });
    expect(routes.find((route) => route.name === 'lms')!.rules[0].paths).not.toEqual(routes.find((route) => route.rules.some((rule) => rule.host === 'learn.example.org'))!.rules[0].paths);
    const lms = routes.find((route) => route.name === 'lms')!;
    const aliases = routes.filter((route) => route.name !== 'lms' && route.rules.some((rule) => rule.host === 'learn.example.org'));
    expect(aliases).toHaveLength(1);
    expect(aliases[0].rules.map((rule) => rule.host)).toEqual(['learn.example.org', 'learn.example.net']);
    expect(aliases[0].origin).toEqual(aliases[0].rules[0].origin);
    expect(aliases[0].origin).toEqual({ kind: 'setting', path: ['ingress', 'lmsExtraHosts', 0] });
    expect(aliases[0].origin).not.toEqual(lms.origin);
  });

  test('the debug routes: their origin is gatewayApi.debugRoute; each rule borrows the origin of its own service\'s route', () => {
    const { routes, debug } = planOf({ gatewayApi: { enabled: true, debugRoute: true }, debug: { enabled: true } });
    const byName = (name: string) => routes.find((route) => route.name === name)!;
    expect(debug.map((route) => [route.name, route.canaryOf, route.rules.map((rule) => rule.host)])).toEqual([
      ['lms-debug', ['lms'], [byName('lms').rules[0].host]],
      ['cms-debug', ['cms'], [byName('cms').rules[0].host]],
    ]);
    for (const route of debug) expect(route.origin).toEqual({ kind: 'setting', path: ['gatewayApi', 'debugRoute'] });
    expect(debug[0].rules[0].origin).toEqual(byName('lms').rules[0].origin);
    expect(debug[1].rules[0].origin).toEqual(byName('cms').rules[0].origin);
    expect(debug[1].rules[0].origin).not.toEqual(debug[0].rules[0].origin);
  });
});
