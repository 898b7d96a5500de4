#!/usr/bin/env node
/* Runs scripts/docs.ts through esbuild (no ts-node needed). */
const { buildSync } = require('esbuild');
const path = require('path');
const out = path.join(__dirname, '..', 'build', 'docs.js');
buildSync({ entryPoints: [path.join(__dirname, 'docs.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
require(out);
