/*
 * Jest's global setup: rebuilds dist/drydock-fn.js when the sources it was built from changed (or it
 * is missing), so that `npx jest` alone never runs the CLI tests against a stale bundle. A current
 * bundle costs one digest of src/ (milliseconds); a rebuild is one esbuild run (about a second).
 */
const { execFileSync } = require('child_process');
const path = require('path');
const { ROOT, bundleDigest, sourceDigest } = require('../../scripts/source-digest');

module.exports = function rebuildStaleBundle() {
  const built = bundleDigest();
  if (built !== undefined && built === sourceDigest()) return;
  process.stderr.write(built === undefined ? 'dist/drydock-fn.js missing or without a source digest: building it\n' : 'dist/drydock-fn.js is older than src/: rebuilding it\n');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { stdio: 'inherit' });
};
