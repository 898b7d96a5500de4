#!/usr/bin/env node
/*
 * Bundles the CLI into one file, dist/drydock-fn.js: nothing to resolve at start-up, no node_modules
 * at run time. The function itself (src/core.ts: everything but argument handling, --help and
 * --version) is bundled on its own and carried in that file as text, which Node compiles only when a
 * command needs it (main.ts, loadCore): `--version` then starts as fast as Node does, instead of
 * parsing 400 kB of code it does not run. Beside it, dist/drydock-fn.cache: V8's compiled code of that
 * text for the Node that builds (scripts/code-cache.js).
 */
const { execFileSync } = require('child_process');
const { createHash } = require('crypto');
const { build, buildSync } = require('esbuild');
const { chmodSync, existsSync, rmSync } = require('fs');
const path = require('path');
const { DIGEST_PREFIX, sourceDigest } = require('./source-digest');

const src = path.join(__dirname, '..', 'src');
const outfile = path.join(__dirname, '..', 'dist', 'drydock-fn.js');
const examples = path.join(__dirname, '..', 'examples');
const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' };

const core = buildSync({ ...options, entryPoints: [path.join(src, 'core.ts')], write: false }).outputFiles[0].text;

/** main.ts requires ./core only when DRYDOCK_FN_CORE is not defined (tests run the sources): never bundled. */
const coreIsExternal = {
  name: 'drydock-fn-core',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/core$/ }, () => ({ path: './core', external: true }));
  },
};

build({
  ...options,
  entryPoints: [path.join(src, 'main.ts')],
  outfile,
  // The digest of the sources on the second line: the tests rebuild a bundle whose sources changed.
  banner: { js: `#!/usr/bin/env node\n${DIGEST_PREFIX}${sourceDigest()}` },
  define: { DRYDOCK_FN_CORE: JSON.stringify(core), DRYDOCK_FN_CORE_DIGEST: JSON.stringify(createHash('sha256').update(core).digest('hex')) },
  plugins: [coreIsExternal],
})
  .then(() => {
    chmodSync(outfile, 0o755);
    // V8's code of the core for this Node, beside the bundle (read-only at run time): see scripts/code-cache.js.
    // It runs the core on the examples; a build without them (a container build that copies src/ only) makes none.
    const cache = path.join(path.dirname(outfile), 'drydock-fn.cache');
    if (existsSync(examples)) execFileSync(process.execPath, [path.join(__dirname, 'code-cache.js'), outfile, examples], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
    else {
      rmSync(cache, { force: true });
      process.stderr.write(`no ${examples}: no code cache beside the bundle\n`);
    }
  })
  .catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
