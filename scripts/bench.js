#!/usr/bin/env node
/* Builds the benchmark (bench/run.ts) and its js-yaml baseline (bench/identity.ts) with esbuild and runs it. */
const { buildSync } = require('esbuild');
const path = require('path');

const root = path.join(__dirname, '..');
const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' };
buildSync({ ...options, entryPoints: [path.join(root, 'bench', 'identity.ts')], outfile: path.join(root, 'build', 'bench-identity.js'), minify: true });
buildSync({ ...options, entryPoints: [path.join(root, 'bench', 'run.ts')], outfile: path.join(root, 'build', 'bench.js') });
require(path.join(root, 'build', 'bench.js')).main(process.argv.slice(2));
