/** The micro-frontends of a deployment (tutor-mfe), as its MFE Caddy configuration routes them. */
import type { DrydockSettings } from '../config/settings';
import type { TutorContext } from './context';

/** Matchers tutor-mfe writes for each app: `@mfe_<app> {` (one per app, sometimes twice). */
const MFE_MATCHER = /^\s*@mfe_([a-z0-9][-a-z0-9_]*)\s*\{/gm;

/** True when the tutor-mfe plugin is part of the deployment (its `mfe` Deployment is present). */
export function mfeEnabled(tutor: TutorContext): boolean {
  return tutor.plugins.has('mfe');
}

/**
 * The MFE app names in tutor-mfe's `iter_mfes()` order: `settings.tutor.mfeApps` when given, else the
 * apps the `mfe-caddy-config` Caddyfile routes, in file order, each once. Empty when tutor-mfe is not
 * part of the deployment or its Caddyfile is not in the input.
 */
export function mfeApps(tutor: TutorContext, settings: DrydockSettings): readonly string[] {
  if (settings.tutor.mfeApps.length > 0) return settings.tutor.mfeApps;
  if (!mfeEnabled(tutor)) return [];
  const caddyfile = tutor.configMapData('mfe-caddy-config')?.Caddyfile;
  if (typeof caddyfile !== 'string') return [];
  const apps: string[] = [];
  for (const match of caddyfile.matchAll(MFE_MATCHER)) if (!apps.includes(match[1])) apps.push(match[1]);
  return apps;
}
