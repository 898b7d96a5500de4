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
    // The pipeline table's shape (times are not checked); without kubectl it is skipped, and says so.
    const pipeline = report.pipeline;
    if (!pipeline) {
      expect(report.skipped).toContain('0. pipeline: kubectl is not on PATH');
      // eslint-disable-next-line no-console
      console.warn('SKIPPED the pipeline table: kubectl is not on PATH');
      return;
    }
    const labels = (measure: string) => pipeline.rows.filter((row) => row.measure === measure).map((row) => row.label);
    expect(labels('a')).toEqual(['drydock-fn', 'no-op Node function (echo)', "replay of drydock-fn's output", 'no function']);
    expect([...new Set(pipeline.figures.filter((figure) => figure.unit === 'ratio' && figure.goal === undefined).map((figure) => figure.label.split(' (')[0]))]).toEqual([
      "replay's marginal cost ÷ the no-op's: the lowest ratio any function with this output can reach",
      "drydock-fn's marginal cost ÷ the replay's",
      "Node echo pipeline ÷ Drydock's kustomize: the lowest ratio a post-render step on Node can reach",
    ]);
    expect(labels('b')).toEqual(['kubectl kustomize env | drydock-fn render', "Drydock: kubectl kustomize of Drydock's env", 'plain Tutor: kubectl kustomize env', 'kubectl kustomize env | Node echo']);
    expect(labels('c')).toEqual(['drydock-fn', 'Node echo']);
    for (const row of pipeline.rows) expect(row.time.runs).toBe(2);
    expect(pipeline.figures.filter((figure) => figure.goal !== undefined).map((figure) => figure.goal)).toEqual([1.15, 0.75]);
    // The function got the Tutor env kustomize built, and added to it (init Jobs, a PDB, Ingresses, Flower).
    expect(pipeline.resourceListBytes).toBeGreaterThan(100000);
    expect(pipeline.outputBytes).toBeGreaterThan(pipeline.resourceListBytes);
    expect(report.markdown).toContain('## In the pipeline');
  }, 600000);
});
