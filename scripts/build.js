#!/usr/bin/env node
/*
 * Bundles the CLI into two files, no node_modules needed at run time:
 *   dist/drydock-fn.js       the command line (--help, --version, argument handling), small;
 *   dist/drydock-fn-core.js  everything else (src/core.ts), required by the commands that need it.
 * `--version` then starts as fast as Node does; the function pays one more file read.
 */
const { buildSync } = require('esbuild');
const { chmodSync } = require('fs');
const path = require('path');

const src = path.join(__dirname, '..', 'src');
const dist = path.join(__dirname, '..', 'dist');
const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' };

/** The modules main.ts requires lazily: they live in the core file. */
const CORE_MODULES = new Set(['./io', './config/schema', './migration/commands']);
const coreIsExternal = {
  name: 'drydock-fn-core',
  setup(build) {
    build.onResolve({ filter: /^\.\// }, (args) =>
      args.importer === path.join(src, 'main.ts') && CORE_MODULES.has(args.path) ? { path: './drydock-fn-core.js', external: true } : undefined,
    );
  },
};

buildSync({ ...options, entryPoints: [path.join(src, 'core.ts')], outfile: path.join(dist, 'drydock-fn-core.js') });
// buildSync takes no plugins: the CLI is built with the asynchronous API.
require('esbuild')
  .build({ ...options, entryPoints: [path.join(src, 'main.ts')], outfile: path.join(dist, 'drydock-fn.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [coreIsExternal] })
  .then(() => chmodSync(path.join(dist, 'drydock-fn.js'), 0o755))
  .catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
