/*
 * The digest of what dist/drydock-fn.js is built from (src/, the build script, the locked
 * dependencies). scripts/build.js writes it into the bundle's second line; the tests' global setup
 * (test/support/bundle-setup.js) compares it with the sources and rebuilds a stale bundle, so tests
 * that run dist/ never test older code than the sources they sit beside.
 */
const { createHash } = require('crypto');
const { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'dist', 'drydock-fn.js');
const DIGEST_PREFIX = '// drydock-fn source digest: ';
const INPUT_FILES = ['scripts/build.js', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** Every file under a folder, as paths relative to root, sorted. */
function filesUnder(root, folder) {
  const out = [];
  const walk = (relative) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk(folder);
  return out.sort();
}

/** sha256 of the bundle's inputs under root: each file's path and bytes. */
function sourceDigest(root = ROOT) {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(root, 'src'), ...INPUT_FILES.filter((name) => existsSync(path.join(root, name)))]) {
    const bytes = readFileSync(path.join(root, file));
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** The digest a bundle was built from, or undefined (no bundle, or one built before digests were written). */
function bundleDigest(bundle = BUNDLE) {
  if (!existsSync(bundle)) return undefined;
  const fd = openSync(bundle, 'r');
  try {
    const head = Buffer.alloc(256);
    const length = readSync(fd, head, 0, head.length, 0);
    const line = head.subarray(0, length).toString('utf8').split('\n')[1] ?? '';
    return line.startsWith(DIGEST_PREFIX) ? line.slice(DIGEST_PREFIX.length).trim() : undefined;
  } finally {
    closeSync(fd);
  }
}

module.exports = { BUNDLE, DIGEST_PREFIX, ROOT, bundleDigest, sourceDigest };
