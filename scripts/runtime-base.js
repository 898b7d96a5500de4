#!/usr/bin/env node
/*
 * Writes the root of a runtime base image as a tar file, for building the Dockerfile's `function`
 * target where the distroless base cannot be pulled:
 *
 *   node scripts/runtime-base.js base.tar          # Node 24 from the node24 devDependency
 *   podman import base.tar localhost/drydock-fn-base
 *   podman build --build-arg RUNTIME_BASE=localhost/drydock-fn-base --build-arg BUNDLE_FROM=prebuilt …
 *
 * The root holds what the image uses of distroless: node at /nodejs/bin/node (the entrypoint's
 * path), the shared libraries and loader it links (as ldd finds them on this machine), /etc/passwd
 * and /etc/group naming root and nobody (65534: kpt runs images as `--user nobody`), a writable /tmp
 * (1777), and nothing else: no shell. Every entry is owned by root and dated at the epoch, so the
 * same inputs give the same tar file. Needs ldd and GNU tar.
 */
const { execFileSync } = require('child_process');
const { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const USAGE = 'usage: node scripts/runtime-base.js OUT.tar [--node PATH]';

/** The files node loads before it runs anything: the libraries ldd lists by path, and the loader. */
function linkedFiles(node) {
  const listing = execFileSync('ldd', [node], { encoding: 'utf8' });
  const files = [];
  for (const line of listing.split('\n')) {
    // "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "\t/lib64/ld-linux-x86-64.so.2 (0x…)"; linux-vdso has no file.
    const match = /=>\s+(\/\S+)\s+\(/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (match) files.push(match[1]);
    else if (/not found/.test(line)) throw new Error(`ldd ${node}: ${line.trim()}`);
  }
  return files;
}

const PASSWD = 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\n';

function assemble(root, node) {
  // The directories the image's user must traverse: 0755 whatever the caller's umask.
  process.umask(0o022);
  chmodSync(root, 0o755);
  const place = (file, target, mode) => {
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    copyFileSync(file, target);
    chmodSync(target, mode);
  };
  place(node, path.join(root, 'nodejs', 'bin', 'node'), 0o755);
  for (const library of linkedFiles(node)) place(realpathSync(library), path.join(root, library), statSync(realpathSync(library)).mode & 0o777);
  mkdirSync(path.join(root, 'etc'), { mode: 0o755 });
  writeFileSync(path.join(root, 'etc', 'passwd'), PASSWD, { mode: 0o644 });
  writeFileSync(path.join(root, 'etc', 'group'), GROUP, { mode: 0o644 });
  mkdirSync(path.join(root, 'tmp'));
  chmodSync(path.join(root, 'tmp'), 0o1777);
}

function main(args) {
  const nodeAt = args.indexOf('--node');
  const node = path.resolve(nodeAt >= 0 ? args.splice(nodeAt, 2)[1] ?? '' : path.join(ROOT, 'node_modules', 'node24', 'bin', 'node'));
  if (args.length !== 1 || !args[0].endsWith('.tar')) throw new Error(USAGE);
  if (!existsSync(node)) throw new Error(`no node binary at ${node} (npm install puts Node 24 there; or name one with --node)`);
  const out = path.resolve(args[0]);
  const root = mkdtempSync(path.join(os.tmpdir(), 'drydock-fn-base-'));
  try {
    assemble(root, node);
    execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', root, '-cf', out, '.']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`runtime-base: ${error.message}\n`);
  process.exit(1);
}
