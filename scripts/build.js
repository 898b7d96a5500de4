#!/usr/bin/env node
/* Bundles the CLI into one file (fast start-up: one file to read, no module resolution). */
const { buildSync } = require('esbuild');
const { chmodSync } = require('fs');
const path = require('path');

const outfile = path.join(__dirname, '..', 'dist', 'drydock-fn.js');
buildSync({
  entryPoints: [path.join(__dirname, '..', 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
