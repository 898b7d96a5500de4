/**
 * The short benchmark run of CI: every measure of bench/ on small inputs, through the bundled
 * function and the real tools. It fails only when an output is not lossless (an untouched item not
 * byte-identical, a comment lost, keys reordered, an item missing, a second run changing something),
 * never on time: the figures are printed, not checked.
 */
import { buildSync } from 'esbuild';
import * as path from 'path';
import { runBench } from '../bench/run';
import { describeWithFixtures } from './support/fixtures';
import { ROOT, ensureBundle } from './support/orchestrators';

describeWithFixtures('benchmark, short run', () => {
  test('every output is lossless (times are reported, not checked)', () => {
    ensureBundle();
    buildSync({ entryPoints: [path.join(ROOT, 'bench', 'identity.ts')], outfile: path.join(ROOT, 'build', 'bench-identity.js'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'warning' });
    const report = runBench({ quick: true, resultsFile: path.join(ROOT, 'bench', 'out', 'results-quick.md'), log: () => undefined });
    // eslint-disable-next-line no-console
    console.log(report.markdown.split('\n## Inputs')[0]);
    expect(report.problems).toEqual([]);
    expect(report.lossless.length).toBeGreaterThanOrEqual(2);
    for (const { report: checked } of report.lossless) expect(checked.changed).toBeGreaterThan(0);
  }, 600000);
});
