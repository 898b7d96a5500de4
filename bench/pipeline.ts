/**
 * The pipeline table: what drydock-fn costs where it runs, on Tutor 22 with tutor-mfe and tutor-forum
 * (`tutor-v22/with-plugins`), with init Jobs, a PDB, an extra host, Flower and New Relic.
 *
 *   a. `kubectl kustomize --enable-alpha-plugins` of an overlay of Tutor's env with drydock-fn as a
 *      container function, against the same overlay with a Node function that echoes its input, and
 *      without a function: drydock-fn's marginal cost over the no-op's; and against a Node function that
 *      reads the input and prints drydock-fn's output recorded beforehand (the replay): what kustomize
 *      pays for a function with exactly this output, so the floor of any function that gives it;
 *   b. the post-render pipeline `kubectl kustomize env | drydock-fn render --tutor-env env …` against
 *      Drydock's (`kubectl kustomize` of the env Tutor writes with Drydock), and the same pipeline with
 *      a Node echo as its step (the floor of a post-render step on Node);
 *   t. b with Tutor's own time in both pipelines (`tutor config save`, then the rest), when the machine
 *      has Tutor: see {@link TutorCommands};
 *   c. drydock-fn alone on the ResourceList kustomize gives it, against the Node echo, on each Node.
 *
 * Every subject of a measure runs in the same rounds as its baselines, alternating. A `before`
 * bundle (another build of drydock-fn) runs beside the current one in the same rounds.
 */
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { compareAll, median, runOnce } from './measure';
import type { Command, Series } from './measure';
import { FIXTURES, ROOT, initTasksResource, yamlText } from './inputs';

/** Tutor 22 with tutor-mfe, tutor-forum (and tutor-indigo): plain Tutor, and Tutor with Drydock's every feature. */
export const PIPELINE_CASE = path.join('tutor-v22', 'with-plugins', 'default');
export const DRYDOCK_CASE = path.join('tutor-v22', 'with-plugins', 'drydock-all-features');

/** The docker shim of the tests: `docker run … IMAGE` runs DRYDOCK_FN_ENTRYPOINT on the `node` found on PATH. */
const DOCKER_SHIM_DIR = path.join(ROOT, 'test', 'support', 'bin');
const IMAGE = `ghcr.io/drydock-fn/drydock-fn:${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`;
const ECHO = path.join(ROOT, 'bench', 'echo.js');
/** Where the drydock-fn Tutor plugin writes the init tasks in env/. */
const ENV_INIT_TASKS = path.join('plugins', 'drydock-fn', 'k8s', 'init-tasks.yml');

/** The settings of the measure: init Jobs, a PDB, an extra host, Flower and New Relic. */
export function pipelineConfig(): Record<string, unknown> {
  return {
    apiVersion: 'drydock.io/v1alpha1',
    kind: 'DrydockConfig',
    metadata: { name: 'drydock' },
    spec: {
      initJobs: { enabled: true },
      podDisruptionBudgets: { lms: 50 },
      ingress: { enabled: true, extraHosts: ['extra1.example.com'] },
      flower: { enabled: true },
      newRelic: { licenseKey: 'nr-license-key-0123456789' },
    },
  };
}

export interface Bundle {
  /** `drydock-fn`, `drydock-fn (before)` … */
  readonly label: string;
  readonly file: string;
  /** Whether its `render` takes `--tutor-env` (else it is given the init tasks file). */
  readonly tutorEnvOption: boolean;
  /** Whether it reads a code cache beside it: then each Node runs a copy with a cache made by that Node, as an image has. */
  readonly codeCache: boolean;
}

export interface NodeBinary {
  readonly label: string;
  readonly file: string;
}

/**
 * How to run Tutor, for measure t: a shell command that runs `tutor config save` in a Tutor root with
 * Drydock enabled, and one in a root with the drydock-fn Tutor plugin enabled instead, and those roots.
 * Read from DRYDOCK_FN_BENCH_TUTOR_SAVE_DRYDOCK, DRYDOCK_FN_BENCH_TUTOR_ROOT_DRYDOCK,
 * DRYDOCK_FN_BENCH_TUTOR_SAVE and DRYDOCK_FN_BENCH_TUTOR_ROOT (docs/architecture.md › Performance).
 */
export interface TutorCommands {
  readonly saveWithDrydock: string;
  readonly rootWithDrydock: string;
  readonly save: string;
  readonly root: string;
}

/** The Tutor commands of the environment, or undefined (measure t is then left out) when one is unset. */
export function tutorCommandsOf(env: NodeJS.ProcessEnv): TutorCommands | undefined {
  const [saveWithDrydock, rootWithDrydock, save, root] = ['SAVE_DRYDOCK', 'ROOT_DRYDOCK', 'SAVE', 'ROOT'].map((name) => env[`DRYDOCK_FN_BENCH_TUTOR_${name}`]);
  if (!saveWithDrydock || !rootWithDrydock || !save || !root) return undefined;
  return { saveWithDrydock, rootWithDrydock, save, root };
}

export interface Spread {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** a, b, c as in the header; `t` is b with Tutor's own time (`tutor config save`) in both pipelines. */
export type Measure = 'a' | 'b' | 't' | 'c';

export interface PipelineRow {
  readonly measure: Measure;
  readonly label: string;
  readonly node?: string;
  readonly time: Spread;
  /** CPU time (user + system of the whole process tree); undefined without GNU time. */
  readonly cpu?: Spread;
}

/** A figure from the medians, of wall time and of CPU time. */
export interface PipelineFigure {
  readonly measure: Measure;
  readonly label: string;
  readonly wall: number;
  readonly cpu?: number;
  /** A ratio's goal. */
  readonly goal?: number;
  /** A ratio, or a difference in ms. */
  readonly unit: 'ratio' | 'ms';
}

export interface PipelineReport {
  readonly rows: readonly PipelineRow[];
  readonly figures: readonly PipelineFigure[];
  /** Bytes of the ResourceList kustomize hands the function, and of what drydock-fn gives back. */
  readonly resourceListBytes: number;
  readonly outputBytes: number;
}

export function spreadOf(series: Series, of: 'ms' | 'cpuMs' = 'ms'): Spread | undefined {
  const values = series.samples.map((sample) => sample[of]).filter((value): value is number => value !== undefined).sort((a, b) => a - b);
  if (values.length === 0) return undefined;
  const at = (fraction: number): number => {
    const position = (values.length - 1) * fraction;
    const low = Math.floor(position);
    return values[low] + (values[Math.ceil(position)] - values[low]) * (position - low);
  };
  return { median: median(values), q1: at(0.25), q3: at(0.75), min: values[0], max: values[values.length - 1], runs: values.length };
}

/** The medians of wall and CPU time. */
function medians(series: Series): { wall: number; cpu?: number } {
  return { wall: spreadOf(series)?.median ?? NaN, cpu: spreadOf(series, 'cpuMs')?.median };
}

function rowOf(measure: PipelineRow['measure'], series: Series, node?: string): PipelineRow {
  return { measure, label: series.command.label, node, time: spreadOf(series) as Spread, cpu: spreadOf(series, 'cpuMs') };
}

/** `combine` applied to the wall medians and to the CPU medians. */
function figure(measure: PipelineFigure['measure'], label: string, series: readonly Series[], combine: (...values: number[]) => number, goal?: number, unit: PipelineFigure['unit'] = goal === undefined ? 'ms' : 'ratio'): PipelineFigure {
  const all = series.map(medians);
  const cpus = all.map((entry) => entry.cpu);
  return { measure, label, wall: combine(...all.map((entry) => entry.wall)), cpu: cpus.every((value) => value !== undefined) ? combine(...(cpus as number[])) : undefined, goal, unit };
}

/**
 * Runs the three measures. `work` is a scratch folder; `bundles` the builds of drydock-fn to measure
 * side by side (the first is the current one); `nodes` the Node binaries of measure c, the first the
 * one kustomize's functions run on in a and b.
 */
export function runPipelineBench(options: { work: string; bundles: readonly Bundle[]; nodes: readonly NodeBinary[]; runs: number; log: (line: string) => void; tutor?: TutorCommands }): PipelineReport {
  const { work, bundles, nodes, runs, log, tutor } = options;
  const rows: PipelineRow[] = [];
  const figures: PipelineFigure[] = [];
  mkdirSync(work, { recursive: true });
  // kustomize asks for `--user nobody`, which the docker shim honours: the functions run as uid 65534
  // and must read this folder (and the recorder write the ResourceList).
  chmodSync(path.dirname(work), 0o755);
  chmodSync(work, 0o755);

  // Tutor's env as `tutor config save` leaves it with the drydock-fn Tutor plugin: the init tasks listed in its kustomization.
  const env = path.join(work, 'env');
  cpSync(path.join(FIXTURES, PIPELINE_CASE, 'env'), env, { recursive: true });
  mkdirSync(path.join(env, path.dirname(ENV_INIT_TASKS)), { recursive: true });
  writeFileSync(path.join(env, ENV_INIT_TASKS), yamlText(initTasksResource(PIPELINE_CASE)));
  const kustomization = path.join(env, 'kustomization.yml');
  writeFileSync(kustomization, readFileSync(kustomization, 'utf8').replace(/^resources:\n/m, `resources:\n- ${ENV_INIT_TASKS}\n`));
  const drydockEnv = path.join(work, 'env-drydock');
  cpSync(path.join(FIXTURES, DRYDOCK_CASE, 'env'), drydockEnv, { recursive: true });
  const configFile = path.join(work, 'drydock.yaml');
  writeFileSync(configFile, yamlText(pipelineConfig()));

  const overlay = (name: string, withFunction: boolean): string => {
    const dir = path.join(work, `overlay-${name}`);
    mkdirSync(dir, { recursive: true });
    const config = pipelineConfig() as { metadata: Record<string, unknown> };
    config.metadata = { ...config.metadata, annotations: { 'config.kubernetes.io/function': `container:\n  image: ${IMAGE}\n` } };
    writeFileSync(path.join(dir, 'drydock.yaml'), yamlText(config));
    writeFileSync(path.join(dir, 'kustomization.yaml'), yamlText({ resources: ['../env'], ...(withFunction ? { transformers: ['drydock.yaml'] } : {}) }));
    return dir;
  };
  const withFunction = overlay('function', true);
  const withoutFunction = overlay('none', false);
  const shimEnv = (node: NodeBinary, entrypoint: string): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: [DOCKER_SHIM_DIR, path.dirname(node.file), process.env.PATH ?? ''].join(path.delimiter),
    DRYDOCK_FN_ENTRYPOINT: entrypoint,
  });
  // The bundle each Node runs: with a code cache made by that Node (scripts/code-cache.js), as the image's is made by its Node.
  const builds = new Map<string, string>();
  const bundleFile = (bundle: Bundle, node: NodeBinary): string => {
    if (!bundle.codeCache) return bundle.file;
    const key = `${bundle.label} ${node.file}`;
    let file = builds.get(key);
    if (file === undefined) {
      const dir = path.join(work, `bundle-${builds.size}`);
      mkdirSync(dir, { mode: 0o755 });
      file = path.join(dir, path.basename(bundle.file));
      copyFileSync(bundle.file, file);
      runOnce({ label: `code cache for ${node.label}`, argv: [node.file, path.join(ROOT, 'scripts', 'code-cache.js'), file, path.join(ROOT, 'examples')] });
      builds.set(key, file);
    }
    return file;
  };
  const kustomize = (label: string, dir: string, env: NodeJS.ProcessEnv): Command => ({ label, argv: ['kubectl', 'kustomize', '--enable-alpha-plugins', dir], env });

  // The ResourceList kustomize hands the function, recorded once by a function that echoes it.
  const resourceList = path.join(work, 'resource-list.yaml');
  const recorder = path.join(work, 'record.js');
  writeFileSync(resourceList, '', { mode: 0o666 });
  chmodSync(resourceList, 0o666);
  writeFileSync(recorder, `const fs = require('fs');\nconst input = fs.readFileSync(0);\nfs.writeFileSync(${JSON.stringify(resourceList)}, input);\nfs.writeFileSync(1, input);\n`);
  runOnce(kustomize('record', withFunction, shimEnv(nodes[0], recorder)));
  const output = path.join(work, 'function-output.yaml');
  runOnce({ label: 'output', argv: [nodes[0].file, bundleFile(bundles[0], nodes[0])], stdinFile: resourceList }, output);
  // The replay: reads its input as the echo does, then prints drydock-fn's output (no work of its own).
  const replay = path.join(work, 'replay.js');
  writeFileSync(replay, `const fs = require('fs');\nfs.readFileSync(0);\nfs.writeFileSync(1, fs.readFileSync(${JSON.stringify(output)}));\n`);

  // a. Marginal cost in kubectl kustomize: on the machine's Node and on the image's (the last one).
  for (const node of nodes.length > 1 ? [nodes[0], nodes[nodes.length - 1]] : nodes) {
    log(`a. kubectl kustomize with a container function, ${node.label} …`);
    const series = compareAll(
      [
        ...bundles.map((bundle) => kustomize(bundle.label, withFunction, shimEnv(node, bundleFile(bundle, node)))),
        kustomize('no-op Node function (echo)', withFunction, shimEnv(node, ECHO)),
        kustomize("replay of drydock-fn's output", withFunction, shimEnv(node, replay)),
        kustomize('no function', withoutFunction, process.env),
      ],
      runs,
    );
    const [floor, replayed, none] = series.slice(bundles.length);
    for (const entry of series) rows.push(rowOf('a', entry, node.label));
    figures.push(figure('a', `no-op function's cost over no function (${node.label})`, [floor, none], (echo, without) => echo - without));
    figures.push(figure('a', `replay's cost over no function (${node.label})`, [replayed, none], (again, without) => again - without));
    // The goal's reach: no function that gives this output can do better than the replay.
    figures.push(figure('a', `replay's marginal cost ÷ the no-op's: the lowest ratio any function with this output can reach (${node.label})`, [replayed, floor, none], (again, echo, without) => (again - without) / (echo - without), undefined, 'ratio'));
    for (const [index, bundle] of bundles.entries()) {
      figures.push(figure('a', `${bundle.label}'s cost over no function (${node.label})`, [series[index], none], (own, without) => own - without));
      figures.push(figure('a', `${bundle.label}'s marginal cost ÷ the no-op's (${node.label})`, [series[index], floor, none], (own, echo, without) => (own - without) / (echo - without), 1.15));
      figures.push(figure('a', `${bundle.label}'s marginal cost ÷ the replay's (${node.label})`, [series[index], replayed, none], (own, again, without) => (own - without) / (again - without), undefined, 'ratio'));
    }
  }

  // b and t run `render` on the image's Node (the last one): where it runs in production (the Argo CD
  // plugin's image; the package asks for Node 22 or later).
  const renderNode = nodes[nodes.length - 1];
  /**
   * `kubectl kustomize` of an env piped into a post-render step: a bundle's `render`, or the Node echo
   * (undefined); after the shell command `save` (`tutor config save`) when one is given.
   */
  const postRender = (label: string, envDir: string, bundle: Bundle | undefined, save?: string): Command => {
    const step = bundle === undefined ? '"$2" "$3"' : `"$2" "$3" render --config "$4" ${bundle.tutorEnvOption ? '--tutor-env "$1"' : '"$5"'} -`;
    return {
      label,
      argv: ['sh', '-c', `${save === undefined ? '' : 'eval "$6" && '}kubectl kustomize "$1" | ${step}`, 'pipeline', envDir, renderNode.file, bundle === undefined ? ECHO : bundleFile(bundle, renderNode), configFile, path.join(envDir, ENV_INIT_TASKS), save ?? ''],
    };
  };

  // b. The post-render pipeline against Drydock's kustomize (Tutor's own time apart: see t).
  log(`b. post-render pipeline vs Drydock, ${renderNode.label} …`);
  const pipelineSeries = compareAll(
    [
      ...bundles.map((bundle) => postRender(`kubectl kustomize env | ${bundle.label} render`, env, bundle)),
      { label: "Drydock: kubectl kustomize of Drydock's env", argv: ['kubectl', 'kustomize', drydockEnv] },
      { label: 'plain Tutor: kubectl kustomize env', argv: ['kubectl', 'kustomize', env] },
      // The floor of any post-render step written for Node: the pipeline with a Node echo as its step.
      postRender('kubectl kustomize env | Node echo', env, undefined),
    ],
    runs,
  );
  for (const entry of pipelineSeries) rows.push(rowOf('b', entry, renderNode.label));
  const [drydockKustomize, , echoPipeline] = pipelineSeries.slice(bundles.length);
  figures.push(figure('b', "Node echo pipeline ÷ Drydock's kustomize: the lowest ratio a post-render step on Node can reach", [echoPipeline, drydockKustomize], (echo, drydock) => echo / drydock, undefined, 'ratio'));
  for (const [index, bundle] of bundles.entries()) {
    figures.push(figure('b', `${bundle.label} pipeline ÷ Drydock's kustomize (Tutor's time left out)`, [pipelineSeries[index], drydockKustomize], (own, drydock) => own / drydock, 0.75));
  }

  // t. As b, with Tutor's own time: each pipeline starts with `tutor config save` (Tutor's env is written again).
  if (tutor) {
    log(`t. post-render pipeline vs Drydock, with Tutor's time, ${renderNode.label} …`);
    const tutorEnv = path.join(tutor.root, 'env');
    const tutorSeries = compareAll(
      [
        ...bundles.map((bundle) => postRender(`tutor config save && kubectl kustomize env | ${bundle.label} render`, tutorEnv, bundle, tutor.save)),
        { label: 'Drydock: tutor config save && kubectl kustomize env', argv: ['sh', '-c', 'eval "$1" && kubectl kustomize "$2"', 'pipeline', tutor.saveWithDrydock, path.join(tutor.rootWithDrydock, 'env')] },
        postRender('tutor config save && kubectl kustomize env | Node echo', tutorEnv, undefined, tutor.save),
      ],
      runs,
    );
    for (const entry of tutorSeries) rows.push(rowOf('t', entry, renderNode.label));
    const [drydockSeries, echoSeries] = tutorSeries.slice(bundles.length);
    for (const [index, bundle] of bundles.entries()) {
      figures.push(figure('t', `${bundle.label} pipeline ÷ Drydock's, Tutor's time in both`, [tutorSeries[index], drydockSeries], (own, drydock) => own / drydock, 0.75));
    }
    figures.push(figure('t', "Node echo pipeline ÷ Drydock's, Tutor's time in both: the lowest ratio a post-render step on Node can reach", [echoSeries, drydockSeries], (echo, drydock) => echo / drydock, undefined, 'ratio'));
  }

  // c. drydock-fn alone on the ResourceList against a Node echo, on every Node.
  for (const node of nodes) {
    log(`c. alone on the ResourceList, ${node.label} …`);
    const series = compareAll(
      [...bundles.map((bundle) => ({ label: bundle.label, argv: [node.file, bundleFile(bundle, node)], stdinFile: resourceList })), { label: 'Node echo', argv: [node.file, ECHO], stdinFile: resourceList }],
      runs,
    );
    for (const entry of series) rows.push(rowOf('c', entry, node.label));
    for (const [index, bundle] of bundles.entries()) figures.push(figure('c', `${bundle.label} − Node echo (${node.label})`, [series[index], series[bundles.length]], (own, echo) => own - echo));
  }
  return { rows, figures, resourceListBytes: readFileSync(resourceList).length, outputBytes: readFileSync(output).length };
}

const ms = (value: number): string => `${Math.round(value)}`;

/** The report as markdown: one table of times (median, quartiles, extremes), then the figures. */
export function pipelineMarkdown(report: PipelineReport): string[] {
  const titles = {
    a: 'a. `kubectl kustomize --enable-alpha-plugins` of an overlay of the env, drydock-fn as a container function',
    b: "b. post-render pipeline vs Drydock (Tutor's own time left out on both sides: see t)",
    t: "t. post-render pipeline vs Drydock, Tutor's own time in both (`tutor config save` first)",
    c: 'c. alone on the ResourceList kustomize gives the function',
  };
  const cpu = (spread: Spread | undefined): string => (spread === undefined ? 'n/a' : `${ms(spread.median)} (${ms(spread.q1)}–${ms(spread.q3)})`);
  const lines: string[] = [
    '| measure | command | Node | wall median (ms) | wall quartiles | wall min–max | CPU median (quartiles) (ms) | runs |',
    '|---|---|---|---|---|---|---|---|',
    ...report.rows.map((row) => `| ${row.measure} | ${row.label.replace(/\|/g, '\\|')} | ${row.node ?? ''} | ${ms(row.time.median)} | ${ms(row.time.q1)}–${ms(row.time.q3)} | ${ms(row.time.min)}–${ms(row.time.max)} | ${cpu(row.cpu)} | ${row.time.runs} |`),
    '',
  ];
  const value = (figure: PipelineFigure, of: number | undefined): string => (of === undefined ? 'n/a' : figure.unit === 'ms' ? `${ms(of)} ms` : `${of.toFixed(2)}×`);
  const met = (figure: PipelineFigure, of: number | undefined): string => (of === undefined || figure.goal === undefined ? '' : of <= figure.goal ? ' met' : ' **not met**');
  for (const measure of ['a', 'b', 't', 'c'] as const) {
    const figures = report.figures.filter((figure) => figure.measure === measure);
    if (figures.length === 0) {
      if (measure === 't') lines.push(`${titles.t}: not measured in this run (no Tutor given: docs/architecture.md › Performance says how).`, '');
      continue;
    }
    lines.push(`${titles[measure]}:`, '');
    for (const figure of figures) {
      const goal = figure.goal === undefined ? '' : ` (goal ≤ ${figure.goal.toFixed(2)}×)`;
      lines.push(`- ${figure.label}${goal}: wall ${value(figure, figure.wall)}${met(figure, figure.wall)}; CPU ${value(figure, figure.cpu)}${met(figure, figure.cpu)}`);
    }
    lines.push('');
  }
  lines.push(`The ResourceList kustomize hands the function: ${Math.round(report.resourceListBytes / 1024)} KiB; drydock-fn's output: ${Math.round(report.outputBytes / 1024)} KiB.`, '');
  return lines;
}
