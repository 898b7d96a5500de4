#!/usr/bin/env node
/*
 * npm's `dependencies` script, run after npm changed node_modules (and, unlike `prepare` or
 * `postinstall`, never where the package is installed): removes node_modules/.bin/node when it is one
 * of the Node binaries installed as devDependencies (node22, node24: test/node-versions.test.ts runs
 * the bundle on each). npm links their `node` command there, and npm scripts and npx put that folder
 * first on PATH: every `node` they start, jest included, would then be Node 22, not the machine's.
 */
const { existsSync, lstatSync, readlinkSync, unlinkSync } = require('fs');
const path = require('path');

const link = path.join(__dirname, '..', 'node_modules', '.bin', 'node');
const packaged = /^\.\.\/node2[0-9]\/bin\/node$/;
const target = existsSync(link) && lstatSync(link).isSymbolicLink() ? readlinkSync(link) : undefined;
if (target !== undefined && packaged.test(target)) {
  unlinkSync(link);
  process.stdout.write(`removed node_modules/.bin/node (-> ${target}): the machine's node stays the one on PATH\n`);
}
