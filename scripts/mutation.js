#!/usr/bin/env node
/**
 * Mutation testing, one module at a time (npm run mutation [-- options]).
 *
 * For each module, Stryker mutates that module alone and Jest runs only the test files that should
 * pin it: the test files that import it (or, when none does, those that reach it through a test/support
 * helper),
 * plus, for a feature, the pipeline suites that exercise that feature through the whole function
 * (PIPELINE_SUITES below). A module no test file imports (a lib helper) takes the tests of the source
 * modules that import it, one level up at a time. The whole Jest suite takes minutes per mutant run;
 * the restriction is what makes a run affordable.
 *
 * Options:
 *   --mutate FILE     a module to measure (repeatable, or comma-separated); default: the issue's eight, each
 *                     with the test files of its row in the report (TABLE_RUNS below), PROPERTY_RUNS=200
 *   --all             every module the goal covers (src/features, src/krm, config/decode, tutor/kustomize-hash)
 *   --no-pipeline     the importing test files only (no pipeline suites for features)
 *   --list            print each module's test files and exit
 *   --force           measure every mutant again (the incremental file is rewritten)
 *   --concurrency N   Stryker's test runner processes (default 2)
 *   --sample K        measure a sample: every K-th block of 10 lines of the module (for a module too long to run whole):
 *                     the blocks numbered 0, K, 2K … (block b holds lines 10b+1 to 10b+10)
 *   --sample-offset O with --sample K: the blocks whose number is O modulo K instead (0 ≤ O < K; default 0, the
 *                     sample above), so K runs with offsets 0 to K-1 together measure every block once
 *   --tests FILES     run only these test files (comma-separated) instead of the chosen ones: fewer tests give a
 *                     lower bound of the score, in less time (for a module whose importers are many or slow)
 *   --summary         print the table from the JSON reports already in reports/mutation and exit
 *   --survivors       with --mutate: print the surviving and uncovered mutants of the module's last report and exit
 *
 * Output per module: reports/mutation/<module>.json and .html; incremental state in
 * reports/mutation/incremental/<module>.json (a later run re-tests only the mutants whose code or
 * covering tests changed); a summary table in reports/mutation/summary.md and .json.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const REPORTS = path.join(ROOT, 'reports', 'mutation');

/**
 * The issue's table, in its order: the default run (`npm run mutation` with no --mutate or --all).
 * Each module is measured whole with the test files its row in docs/mutation-report.md was measured
 * with, so the default run reproduces that table: `pipeline: false` leaves out the pipeline suites
 * (a feature's own tests pin it; the pipeline suites run every feature in each test and multiply the
 * run's time), `tests` names the files where the importing ones are many and slow (a lower bound, as
 * the report says). --no-pipeline and --tests on the command line still apply to every module.
 */
const TABLE_RUNS = [
  { module: 'src/features/sync-waves.ts', pipeline: false },
  { module: 'src/features/pod-disruption-budgets.ts', pipeline: true },
  { module: 'src/features/init-jobs.ts', pipeline: false },
  { module: 'src/features/ingress.ts', pipeline: false },
  { module: 'src/tutor/kustomize-hash.ts', pipeline: true },
  { module: 'src/config/decode.ts', pipeline: true, tests: ['test/config-decode.test.ts', 'test/config.test.ts'] },
  { module: 'src/krm/emit.ts', pipeline: true, tests: ['test/krm/emit.test.ts', 'test/krm/yaml11.test.ts', 'test/krm/emit-cases.test.ts'] },
  { module: 'src/krm/splice.ts', pipeline: true },
];

/** Property tests' runs per property in the default run (test/support/readers.ts takes 500 otherwise), as the report's rows. */
const TABLE_PROPERTY_RUNS = '200';

/**
 * The suites that run the whole function (over the Tutor fixtures, against Drydock's output, or on
 * inputs built for one behaviour) and the features each one exercises (from each suite's header). They are added to a feature's own
 * test files; the orchestrator parts of a suite run dist/ in another process and so never cover a
 * mutant: perTest coverage leaves them out of mutant runs.
 */
const PIPELINE_SUITES = {
  // every feature on by default over every fixture, plus Drydock 22's waves and Tutor-job annotations
  'test/fixtures.test.ts': ['caddy', 'configmap-hashes', 'django-settings', 'ingress', 'openedx-env', 'pod-lifecycle', 'sync-waves', 'tutor-jobs', 'uwsgi'],
  // generated platform resources against Drydock
  'test/platform-parity.test.ts': ['ingress', 'pod-disruption-budgets', 'registry-credentials', 'flower', 'debug'],
  // in-place edits (ConfigMaps and Deployments) against Drydock
  'test/in-place-parity.test.ts': ['caddy', 'celery', 'configmap-hashes', 'django-settings', 'new-relic', 'openedx-env', 'pod-lifecycle', 'sentry', 'uwsgi', 'registry-credentials', 'flower', 'debug'],
  // init and upgrade Jobs against Drydock
  'test/init-jobs-parity.test.ts': ['init-jobs', 'upgrade-jobs', 'backups'],
  // generated routes, TLS Secrets and budgets never overlap the input's or each other
  'test/overlaps.test.ts': ['ingress', 'pod-disruption-budgets', 'flower', 'debug'],
};

function parseArgs(argv) {
  const options = { modules: [], all: false, pipeline: true, list: false, force: false, concurrency: 2 };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--mutate') options.modules.push(...argv[++i].split(','));
    else if (arg.startsWith('--mutate=')) options.modules.push(...arg.slice('--mutate='.length).split(','));
    else if (arg === '--all') options.all = true;
    else if (arg === '--no-pipeline') options.pipeline = false;
    else if (arg === '--list') options.list = true;
    else if (arg === '--force') options.force = true;
    else if (arg === '--summary') options.summary = true;
    else if (arg === '--survivors') options.survivors = true;
    else if (arg === '--sample') options.sample = Number(argv[++i]);
    else if (arg === '--sample-offset') options.sampleOffset = Number(argv[++i]);
    else if (arg === '--tests') options.tests = argv[++i].split(',');
    else if (arg === '--concurrency') options.concurrency = Number(argv[++i]);
    else throw new Error(`unknown option ${arg} (see the header of scripts/mutation.js)`);
  }
  if (options.sample !== undefined && !(Number.isInteger(options.sample) && options.sample >= 1)) throw new Error('--sample takes a whole number K >= 1');
  if (options.sampleOffset !== undefined) {
    if (options.sample === undefined) throw new Error('--sample-offset goes with --sample K');
    if (!(Number.isInteger(options.sampleOffset) && options.sampleOffset >= 0 && options.sampleOffset < options.sample)) throw new Error(`--sample-offset takes a whole number from 0 to ${options.sample - 1}`);
  }
  return options;
}

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** A relative import specifier resolved to a .ts file, or undefined. */
function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** file → the .ts files it imports (static imports, re-exports, require() and import()), type-only imports included. */
function importGraph(files) {
  const graph = new Map();
  const pattern = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const imports = new Set();
    for (const match of text.matchAll(pattern)) {
      const resolved = resolveImport(file, match[1]);
      if (resolved) imports.add(resolved);
    }
    graph.set(file, imports);
  }
  return graph;
}

/** The test files that should pin a module (see the header), as paths relative to the project. */
function testsFor(moduleFile, graph, usePipeline) {
  const testFiles = [...graph.keys()].filter((file) => file.endsWith('.test.ts'));
  const supportFiles = [...graph.keys()].filter((file) => file.startsWith(path.join(ROOT, 'test')) && !file.endsWith('.test.ts'));
  // what a test file reaches through test/support helpers, transitively
  const reach = (file, seen = new Set()) => {
    for (const target of graph.get(file) ?? []) {
      if (seen.has(target)) continue;
      seen.add(target);
      if (supportFiles.includes(target)) reach(target, seen);
    }
    return seen;
  };
  const importersOf = (targets) => testFiles.filter((test) => { const reached = reach(test); return targets.some((t) => reached.has(t)); });

  const directImporters = (targets) => testFiles.filter((test) => targets.some((t) => graph.get(test).has(t)));
  let targets = [moduleFile];
  let tests = directImporters(targets);
  // no test file names it: the test files that reach it through a test/support helper
  if (tests.length === 0) tests = importersOf(targets);
  const via = [];
  // a module no test imports: the tests of the source modules that import it, one level up at a time
  for (let level = 0; tests.length === 0 && level < 3; level += 1) {
    targets = [...graph.keys()].filter((file) => file.startsWith(path.join(ROOT, 'src')) && [...graph.get(file)].some((t) => targets.includes(t)));
    via.push(...targets);
    tests = directImporters(targets);
  }
  const selected = new Set(tests);
  const relative = path.relative(ROOT, moduleFile);
  const feature = relative.match(/^src\/features\/(?:lib\/)?([^/]+)\.ts$/)?.[1];
  const pipeline = [];
  if (usePipeline && relative.startsWith('src/features/')) {
    // a feature module, or a lib helper reached through the features that import it
    const features = new Set([feature, ...via.map((file) => path.relative(ROOT, file).match(/^src\/features\/([^/]+)\.ts$/)?.[1]).filter(Boolean)]);
    for (const [suite, covered] of Object.entries(PIPELINE_SUITES)) {
      if (covered.some((name) => features.has(name))) { selected.add(path.join(ROOT, suite)); pipeline.push(suite); }
    }
  }
  return {
    tests: [...selected].map((file) => path.relative(ROOT, file)).sort(),
    pipeline,
    via: via.map((file) => path.relative(ROOT, file)),
  };
}

function goalModules() {
  const underFeatures = walk(path.join(ROOT, 'src', 'features'));
  const underKrm = walk(path.join(ROOT, 'src', 'krm'));
  return [...underFeatures, ...underKrm, path.join(ROOT, 'src/config/decode.ts'), path.join(ROOT, 'src/tutor/kustomize-hash.ts')]
    .map((file) => path.relative(ROOT, file))
    .sort((a, b) => fs.statSync(path.join(ROOT, a)).size - fs.statSync(path.join(ROOT, b)).size);
}

/** Every k-th block of 10 lines of a module from block `offset` on, as Stryker's `file:start-end` ranges. */
function sampleRanges(moduleFile, k, offset = 0) {
  const lineCount = fs.readFileSync(path.join(ROOT, moduleFile), 'utf8').split('\n').length;
  const ranges = [];
  for (let start = 1, block = 0; start <= lineCount; start += 10, block += 1) {
    if (block % k === offset) ranges.push(`${moduleFile}:${start}-${Math.min(start + 9, lineCount)}`);
  }
  return ranges;
}

/** The module's slug for report file names: src/krm/splice.ts → krm-splice. */
function slugOf(moduleFile) {
  return moduleFile.replace(/^src\//, '').replace(/\.ts$/, '').replace(/[/]/g, '-');
}

/** Counts by status from a mutation-testing-report-schema JSON report. */
function countsOf(reportFile) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const counts = { mutants: 0, Killed: 0, Survived: 0, NoCoverage: 0, Timeout: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
      if (!['CompileError', 'RuntimeError', 'Ignored'].includes(mutant.status)) counts.mutants += 1;
    }
  }
  const detected = counts.Killed + counts.Timeout;
  counts.score = counts.mutants === 0 ? null : (100 * detected) / counts.mutants;
  const covered = counts.mutants - counts.NoCoverage;
  counts.coveredScore = covered === 0 ? null : (100 * detected) / covered;
  return counts;
}

function percent(value) {
  return value === null ? 'n/a' : `${value.toFixed(1)} %`;
}

function summaryTable(rows) {
  const lines = [
    '| module | mutants | killed | survived | no coverage | timeout | score | score (covered) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const c = row.counts;
    const notes = [
      row.sample ? `sample: every ${row.sample}th 10-line block${row.sampleOffset ? ` from block ${row.sampleOffset}` : ''}` : '',
      row.pipeline === false && row.module.startsWith('src/features/') ? 'no pipeline suites' : '',
      row.testsGiven ? `only ${row.tests.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(`| ${row.module.replace(/^src\//, '').replace(/\.ts$/, '')}${notes.length ? ` (${notes.join('; ')})` : ''} | ${c.mutants} | ${c.Killed} | ${c.Survived} | ${c.NoCoverage} | ${c.Timeout} | ${percent(c.score)} | ${percent(c.coveredScore)} |`);
  }
  return lines.join('\n');
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.summary) {
    const rows = fs.readdirSync(REPORTS).filter((name) => name.endsWith('.json') && name !== 'summary.json')
      .map((name) => {
        const report = JSON.parse(fs.readFileSync(path.join(REPORTS, name), 'utf8'));
        return { module: Object.keys(report.files)[0], counts: countsOf(path.join(REPORTS, name)) };
      });
    console.log(summaryTable(rows));
    return;
  }
  if (options.survivors) {
    for (const moduleFile of options.modules) {
      const report = JSON.parse(fs.readFileSync(path.join(REPORTS, `${slugOf(path.relative(ROOT, path.resolve(ROOT, moduleFile)))}.json`), 'utf8'));
      for (const [file, { source, mutants }] of Object.entries(report.files)) {
        const lines = source.split('\n');
        for (const mutant of mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').sort((a, b) => a.location.start.line - b.location.start.line)) {
          const { start } = mutant.location;
          console.log(`${file}:${start.line}:${start.column} ${mutant.status} ${mutant.mutatorName}: ${lines[start.line - 1].trim()}  =>  ${(mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 160)}`);
        }
      }
    }
    return;
  }
  const tableRun = !options.all && options.modules.length === 0;
  const runs = tableRun
    ? TABLE_RUNS
    : (options.all ? goalModules() : options.modules.map((m) => path.relative(ROOT, path.resolve(ROOT, m)))).map((module) => ({ module, pipeline: true }));
  const graph = importGraph([...walk(path.join(ROOT, 'src')), ...walk(path.join(ROOT, 'test'))]);
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'stryker.config.json'), 'utf8'));
  fs.mkdirSync(path.join(REPORTS, 'configs'), { recursive: true });

  const rows = [];
  for (const run of runs) {
    const moduleFile = run.module;
    if (!fs.existsSync(path.join(ROOT, moduleFile))) throw new Error(`no such module: ${moduleFile}`);
    const chosen = testsFor(path.join(ROOT, moduleFile), graph, options.pipeline && run.pipeline);
    const { via } = chosen;
    const givenTests = options.tests ?? run.tests;
    const tests = givenTests ?? chosen.tests;
    const pipeline = givenTests ? chosen.pipeline.filter((suite) => tests.includes(suite)) : chosen.pipeline;
    for (const test of tests) if (!fs.existsSync(path.join(ROOT, test))) throw new Error(`no such test file: ${test}`);
    console.log(`\n## ${moduleFile}: ${tests.length} test files${via.length ? ` (through ${via.join(', ')})` : ''}${pipeline.length ? `; pipeline suites: ${pipeline.join(', ')}` : ''}`);
    for (const test of tests) console.log(`   ${test}`);
    if (options.list) continue;
    if (tests.length === 0) { console.log('   no test file reaches this module: skipped'); continue; }

    const slug = slugOf(moduleFile);
    const config = {
      ...base,
      mutate: options.sample ? sampleRanges(moduleFile, options.sample, options.sampleOffset) : [moduleFile],
      concurrency: options.concurrency,
      incremental: true,
      // --force measures every mutant again and still rewrites the incremental file, so the next run compares with this one
      force: options.force,
      incrementalFile: `reports/mutation/incremental/${slug}.json`,
      jsonReporter: { fileName: `reports/mutation/${slug}.json` },
      htmlReporter: { fileName: `reports/mutation/${slug}.html` },
      jest: { ...base.jest, config: { testMatch: tests.map((test) => `<rootDir>/${test}`) } },
    };
    const configFile = path.join(REPORTS, 'configs', `${slug}.json`);
    fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    const started = Date.now();
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', configFile], {
      cwd: ROOT,
      stdio: 'inherit',
      // Stryker runs the tests in a copy of the project under .stryker-tmp: point the fixture helper at the shared fixtures explicitly
      env: {
        ...process.env,
        DRYDOCK_FN_FIXTURES: process.env.DRYDOCK_FN_FIXTURES ?? path.resolve(ROOT, '..', 'shared', 'fixtures'),
        ...(tableRun && process.env.PROPERTY_RUNS === undefined ? { PROPERTY_RUNS: TABLE_PROPERTY_RUNS } : {}),
      },
    });
    if (result.status !== 0) throw new Error(`Stryker failed on ${moduleFile} (exit ${result.status})`);
    const counts = countsOf(path.join(ROOT, config.jsonReporter.fileName));
    rows.push({ module: moduleFile, date: new Date().toISOString(), pipeline: pipeline.length > 0, sample: options.sample ?? null, sampleOffset: options.sample ? options.sampleOffset ?? 0 : null, testsGiven: Boolean(givenTests), counts, minutes: (Date.now() - started) / 60000, tests });
    console.log(summaryTable(rows.slice(-1)));
  }
  if (options.list || rows.length === 0) return;
  // the summary keeps the last result of every module measured so far, so runs of single modules add up
  const summaryFile = path.join(REPORTS, 'summary.json');
  const previous = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : [];
  const measured = new Set(rows.map((row) => row.module));
  const all = [...previous.filter((row) => !measured.has(row.module)), ...rows];
  fs.writeFileSync(summaryFile, `${JSON.stringify(all, null, 2)}\n`);
  fs.writeFileSync(path.join(REPORTS, 'summary.md'), `${summaryTable(all)}\n`);
  console.log(`\n${summaryTable(rows)}\n\nscore = (killed + timeout) / mutants; score (covered) leaves out the mutants no selected test reaches.`);
  console.log('Every module measured so far: reports/mutation/summary.md');
}

main();
