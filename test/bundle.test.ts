/**
 * The bundle the CLI tests run is built from the sources beside it: the global setup
 * (test/support/bundle-setup.js) rebuilds dist/drydock-fn.js when the digest it carries is not the
 * digest of src/ (scripts/source-digest.js).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BUNDLE, DIGEST_PREFIX, bundleDigest, sourceDigest } = require('../scripts/source-digest') as {
  BUNDLE: string;
  DIGEST_PREFIX: string;
  bundleDigest: (bundle?: string) => string | undefined;
  sourceDigest: (root?: string) => string;
};

describe('the bundle is current', () => {
  test('dist/drydock-fn.js carries the digest of the sources as they are now', () => {
    expect(bundleDigest(BUNDLE)).toBe(sourceDigest());
  });
});

describe('the source digest', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'drydock-fn-digest-'));
    mkdirSync(path.join(root, 'src', 'krm'), { recursive: true });
    writeFileSync(path.join(root, 'src', 'main.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(root, 'src', 'krm', 'emit.ts'), 'export const b = 2;\n');
    writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('changes with a byte of a source, a new source, a renamed one, or the locked dependencies; not with a file outside the inputs', () => {
    const digests = [sourceDigest(root)];
    writeFileSync(path.join(root, 'src', 'krm', 'emit.ts'), 'export const b = 3;\n');
    digests.push(sourceDigest(root));
    writeFileSync(path.join(root, 'src', 'krm', 'new.ts'), '');
    digests.push(sourceDigest(root));
    rmSync(path.join(root, 'src', 'krm', 'new.ts'));
    writeFileSync(path.join(root, 'src', 'krm', 'renamed.ts'), '');
    digests.push(sourceDigest(root));
    writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
    digests.push(sourceDigest(root));
    expect(new Set(digests).size).toBe(digests.length);
    writeFileSync(path.join(root, 'README.md'), 'not an input\n');
    expect(sourceDigest(root)).toBe(digests[digests.length - 1]);
  });

  test('the bundle\'s digest is its second line; a bundle without one has none', () => {
    const bundle = path.join(root, 'bundle.js');
    writeFileSync(bundle, `#!/usr/bin/env node\n${DIGEST_PREFIX}abc123\n"use strict";\n`);
    expect(bundleDigest(bundle)).toBe('abc123');
    writeFileSync(bundle, '#!/usr/bin/env node\n"use strict";\n');
    expect(bundleDigest(bundle)).toBeUndefined();
    expect(bundleDigest(path.join(root, 'missing.js'))).toBeUndefined();
  });
});
