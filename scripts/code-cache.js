#!/usr/bin/env node
/*
 * Writes V8's compiled code of the bundle's core beside the bundle (drydock-fn.cache), for the Node
 * that runs this script: the bundle reads it, never writes it, and compiles the core as before when
 * it is missing or was made for another core, V8 or machine. The core is run on the examples first,
 * so that the code of the functions a run needs is in the cache, not only the top level.
 *
 *   node scripts/code-cache.js [BUNDLE [EXAMPLES]]   default: dist/drydock-fn.js and examples/
 *
 * scripts/build.js runs it with the Node that builds; an image runs it with its own Node binary
 * (a cache of another Node is ignored at run time).
 */
const { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const bundle = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'drydock-fn.js'));
const examples = path.resolve(process.argv[3] ?? path.join(root, 'examples'));
const { CODE_CACHE_FILE, makeCodeCache } = require(bundle);
const cacheFile = path.join(path.dirname(bundle), CODE_CACHE_FILE);
rmSync(cacheFile, { force: true });

/** Every example folder with a config and its expected output (and the init tasks when it has them). */
function exampleRuns() {
  const runs = [];
  const visit = (dir) => {
    const file = (name) => path.join(dir, name);
    if (existsSync(file('drydock.yaml')) && existsSync(file('expected.yaml'))) {
      runs.push({ name: path.relative(examples, dir), config: file('drydock.yaml'), manifests: [file('expected.yaml'), ...['init-tasks.yml'].map(file).filter((tasks) => existsSync(tasks))] });
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) visit(path.join(dir, entry.name));
  };
  if (existsSync(examples)) visit(examples);
  return runs;
}

const runs = exampleRuns();
if (runs.length === 0) throw new Error(`no examples under ${examples} to run the core on`);
const cache = makeCodeCache((core) => {
  for (const run of runs) {
    const sources = run.manifests.map((file) => ({ name: file, bytes: readFileSync(file) }));
    const outcome = core.renderManifests(sources, { config: readFileSync(run.config), configName: run.config });
    if (outcome.exitCode !== 0) throw new Error(`example ${run.name}: ${outcome.diagnostics.join('; ')}`);
    // The KRM function's own path: the same manifests as a ResourceList on "stdin".
    const list = core.wrapDocuments(sources.flatMap((source) => core.splitDocuments(source.bytes.toString('utf8'))));
    if (core.runOnBytes(Buffer.from(list, 'utf8')).exitCode !== 0) throw new Error(`example ${run.name}: the function failed`);
  }
});
writeFileSync(cacheFile, cache, { mode: 0o644 });
