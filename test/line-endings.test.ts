/**
 * Line endings kept. Real Tutor manifests converted to CRLF and to a mix of CRLF and LF (documents of
 * either ending, and documents whose lines alternate), with every feature on and with everything off,
 * through the function (a ResourceList) and through `drydock-fn render`:
 * - untouched items come out byte for byte as they came in (exactly those the LF run leaves untouched);
 * - a changed item is the LF run's item, written in the ending of its own first line;
 * - new items (and the results) are in the list's line ending: the `items:` line's, or for render the
 *   first document's;
 * - the text reader takes CRLF input (it does not fall back to the document reader);
 * - the output is idempotent, and `kubectl kustomize` reads the same objects from it as from the LF run's.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { allFeaturesSpec, fixturesMissing, instanceDocuments, TUTOR_22_CASE, withComments } from '../bench/inputs';
import { renderManifests } from '../src/io';
import { isLocalConfig } from '../src/krm/object';
import { readResourceList } from '../src/krm/read';
import { runFunction } from '../src/run';
import { BUNDLE, cleanup, describeWithTools, ensureBundle, ROOT, tempDir } from './support/orchestrators';
import { runCommand } from './support/readers';
import { ALL_OFF_SPEC } from './support/run';

type Ending = '\n' | '\r\n';
type Variant = 'lf' | 'crlf' | 'mixed';

const CRLF = '\r\n';

/** LF text with every line break in CRLF. */
const toCrlf = (text: string): string => text.replace(/\n/g, CRLF);
const toLf = (text: string): string => text.replace(/\r\n/g, '\n');

/** The lines of a text, each with its line break. */
const linesOf = (text: string): string[] => text.split(/(?<=\n)/).filter((line) => line !== '');
const endingOf = (line: string): Ending | undefined => (line.endsWith(CRLF) ? CRLF : line.endsWith('\n') ? '\n' : undefined);

/**
 * The line ending of line `line` of document `index` in a variant. Mixed: even documents CRLF, odd
 * ones LF, and every third document alternating CRLF and LF from line to line.
 */
function endingFor(variant: Variant, index: number, line: number): Ending {
  if (variant === 'lf') return '\n';
  if (variant === 'crlf') return CRLF;
  if (index % 3 === 2) return line % 2 === 0 ? CRLF : '\n';
  return index % 2 === 0 ? CRLF : '\n';
}

/** The documents (LF text) in a variant's line endings. */
function inVariant(documents: readonly string[], variant: Variant): string[] {
  return documents.map((document, index) =>
    linesOf(document)
      .map((line, number) => line.slice(0, -1) + endingFor(variant, index, number))
      .join(''),
  );
}

/** A document as a ResourceList item (dash at column 0), each line keeping its ending. */
function asItem(document: string): string {
  return linesOf(document)
    .map((line, index) => (index === 0 ? `- ${line}` : line === '\n' || line === CRLF ? line : `  ${line}`))
    .join('');
}

/** A ResourceList of the documents, its own lines (header, items:, functionConfig) in `ending`. */
function resourceListOf(documents: readonly string[], functionConfig: unknown, ending: Ending): string {
  const header = `apiVersion: config.kubernetes.io/v1${ending}kind: ResourceList${ending}items:${ending}`;
  const configText = YAML.stringify({ functionConfig });
  return header + documents.map(asItem).join('') + (ending === CRLF ? toCrlf(configText) : configText);
}

/** The items of a ResourceList text whose items have their dash at column 0, each with the lines after it. */
function itemTexts(list: string): string[] {
  const lines = linesOf(list);
  const items: string[] = [];
  for (let at = lines.findIndex((line) => /^items:/.test(line)) + 1; at < lines.length; at++) {
    const line = lines[at];
    if (line.startsWith('- ')) items.push(line);
    else if (/^[^\s#-]/.test(line)) break;
    else items[items.length - 1] += line;
  }
  return items;
}

/** The text after the items (the results), from the first top-level key after them. */
function afterItems(list: string): string {
  const lines = linesOf(list);
  const itemsAt = lines.findIndex((line) => /^items:/.test(line));
  const next = lines.findIndex((line, index) => index > itemsAt && /^results:/.test(line));
  return next < 0 ? '' : lines.slice(next).join('');
}

/** The documents of a render output. */
const renderedDocuments = (text: string): string[] => text.split(/^---\r?\n/m);

/** Documents that render prints: all but the local-config ones (the TutorInitTasks), which it reads and leaves out. */
const appliedDocuments = (documents: readonly string[]): string[] => documents.filter((document) => !isLocalConfig(YAML.parse(document)));
/** The local-config documents, given to render again with its output. */
const localDocuments = (documents: readonly string[]): string[] => documents.filter((document) => isLocalConfig(YAML.parse(document)));

/** A ResourceList item as a document (its dash and indentation taken off), line endings kept. */
const itemAsDocument = (item: string): string =>
  linesOf(item)
    .map((line) => (line.startsWith('- ') || line.startsWith('  ') ? line.slice(2) : line))
    .join('');

interface Source {
  readonly name: string;
  /** The documents, in LF. */
  readonly documents: readonly string[];
  /** The spec with every feature on for these manifests. */
  readonly allOn: Record<string, unknown>;
}

/** The bundled example (Tutor 20), which has no TutorInitTasks: init tasks given in the config. */
function bundledSource(): Source {
  const text = readFileSync(path.join(ROOT, 'examples', 'kpt', 'openedx', 'openedx.yaml'), 'utf8');
  const documents = text
    .split(/^---\n/m)
    .filter((document) => /^[^#\s]/m.test(document))
    .map(withComments);
  const tasks = [
    { service: 'lms', command: './manage.py lms migrate' },
    { service: 'cms', command: './manage.py cms migrate' },
  ];
  return { name: 'examples/kpt/openedx (Tutor 20)', documents, allOn: { ...allFeaturesSpec(), initJobs: { enabled: true, migrateFrom: 13, tasks } } };
}

function fixtureSource(): Source[] {
  const missing = fixturesMissing();
  if (missing) {
    // eslint-disable-next-line no-console
    console.warn(`SKIPPED the Tutor 22 case of the line-ending tests: ${missing}`);
    return [];
  }
  return [{ name: `${TUTOR_22_CASE} with its TutorInitTasks`, documents: instanceDocuments(TUTOR_22_CASE).map(withComments), allOn: allFeaturesSpec() }];
}

const SOURCES: Source[] = [bundledSource(), ...fixtureSource()];
const CONFIGS: { name: string; spec: (source: Source) => unknown }[] = [
  { name: 'every feature on', spec: (source) => source.allOn },
  { name: 'everything off', spec: () => ALL_OFF_SPEC },
];
const config = (spec: unknown): Record<string, unknown> => ({ apiVersion: 'drydock.io/v1alpha1', kind: 'DrydockConfig', metadata: { name: 'drydock' }, spec });

/** What the runs gave, for the kustomize check at the end. */
const outputs: { name: string; variant: Variant; documents: string[] }[] = [];

/**
 * Checks the items of a run in a variant against the same run in LF: untouched items byte for byte,
 * changed items the LF run's in their first line's ending, new items the LF run's in `listEnding`.
 */
function expectEndingsKept(inputs: readonly string[], outputItems: readonly string[], lfInputs: readonly string[], lfOutputItems: readonly string[], listEnding: Ending): { untouched: number; changed: number; added: number } {
  expect(outputItems).toHaveLength(lfOutputItems.length);
  const counts = { untouched: 0, changed: 0, added: 0 };
  outputItems.forEach((item, index) => {
    if (index < inputs.length && lfOutputItems[index] === lfInputs[index]) {
      // Untouched in LF: untouched here, to the byte.
      expect(item).toBe(inputs[index]);
      counts.untouched++;
      return;
    }
    const own = index < inputs.length ? (endingOf(linesOf(inputs[index])[0]) as Ending) : listEnding;
    const body = index < inputs.length ? linesOf(item).slice(0, linesOf(item).length - trailingLines(inputs[index])) : linesOf(item);
    for (const line of body) expect(endingOf(line) ?? own).toBe(own);
    expect(toLf(item)).toBe(lfOutputItems[index]);
    if (index < inputs.length) counts.changed++;
    else counts.added++;
  });
  return counts;
}

/** Comment and blank lines at the end of an item: they stay as they came in. */
function trailingLines(item: string): number {
  const lines = linesOf(item);
  let count = 0;
  while (count < lines.length - 1 && /^\s*(#.*)?\r?\n$/.test(lines[lines.length - 1 - count])) count++;
  return count;
}

describe.each(SOURCES.map((source) => [source.name, source] as const))('%s', (_name, source) => {
  describe.each(CONFIGS.map((entry) => [entry.name, entry] as const))('%s', (configName, entry) => {
    const functionConfig = config(entry.spec(source));
    const lfInput = resourceListOf(source.documents, functionConfig, '\n');
    const lf = runFunction(lfInput);
    const lfRender = renderManifests([{ name: 'manifests.yaml', bytes: Buffer.from(source.documents.join('---\n')) }], { config: Buffer.from(YAML.stringify(functionConfig)) });

    test('the LF runs succeed', () => {
      expect(lf.exitCode).toBe(0);
      expect(lfRender.exitCode).toBe(0);
      outputs.push({ name: `${source.name}, ${configName}, LF`, variant: 'lf', documents: renderedDocuments(lfRender.output) });
    });

    test.each(['crlf', 'mixed'] as const)('%s through the function: endings kept, read by the text reader, idempotent', (variant) => {
      const documents = inVariant(source.documents, variant);
      const listEnding: Ending = CRLF;
      const input = resourceListOf(documents, functionConfig, listEnding);
      expect(readResourceList(input).layout.kind).toBe('text');
      const outcome = runFunction(input);
      expect(outcome.exitCode).toBe(0);
      const counts = expectEndingsKept(itemTexts(input), itemTexts(outcome.output), itemTexts(lfInput), itemTexts(lf.output), listEnding);
      if (configName === 'everything off') expect(outcome.output).toBe(input);
      else expect(counts.changed + counts.added).toBeGreaterThan(10);
      expect(counts.untouched).toBeGreaterThan(0);
      // The rest: the header as it came in, the results in the list's ending.
      expect(toLf(outcome.output)).toBe(lf.output);
      for (const line of linesOf(afterItems(outcome.output))) expect(endingOf(line)).toBe(listEnding);
      if (variant === 'crlf') expect(outcome.output).toBe(toCrlf(lf.output));
      expect(runFunction(outcome.output).output).toBe(outcome.output);
      outputs.push({ name: `${source.name}, ${configName}, ${variant}, function`, variant, documents: itemTexts(outcome.output).map(itemAsDocument) });
    });

    test.each(['crlf', 'mixed'] as const)('%s through render: endings kept, idempotent', (variant) => {
      const documents = inVariant(source.documents, variant);
      // Each `---` in the ending of the document it introduces.
      const text = documents.map((document, index) => (index === 0 ? document : `---${endingOf(linesOf(document)[0])}${document}`)).join('');
      const rendered = renderManifests([{ name: 'manifests.yaml', bytes: Buffer.from(text) }], { config: Buffer.from(YAML.stringify(functionConfig)) });
      expect(rendered.exitCode).toBe(0);
      const listEnding = endingOf(linesOf(documents[0])[0]) as Ending;
      const applied = appliedDocuments(documents);
      const counts = expectEndingsKept(applied, renderedDocuments(rendered.output), appliedDocuments(source.documents), renderedDocuments(lfRender.output), listEnding);
      if (configName === 'everything off') expect(rendered.output).toBe(applied.map((document, index) => (index === 0 ? document : `---${endingOf(linesOf(document)[0])}${document}`)).join(''));
      else expect(counts.changed + counts.added).toBeGreaterThan(10);
      if (variant === 'crlf') expect(rendered.output).toBe(toCrlf(lfRender.output));
      // Rendered again with the local-config files beside it, as the first time: nothing changes.
      const local = localDocuments(documents).map((document) => ({ name: 'init-tasks.yml', bytes: Buffer.from(document) }));
      const again = renderManifests([{ name: 'rendered.yaml', bytes: Buffer.from(rendered.output) }, ...local], { config: Buffer.from(YAML.stringify(functionConfig)) });
      expect(again.output).toBe(rendered.output);
      outputs.push({ name: `${source.name}, ${configName}, ${variant}, render`, variant, documents: renderedDocuments(rendered.output) });
    });
  });
});

/** Manifests with a CR alone: between lines, and inside a double-quoted scalar (a line break there, folded to a space). */
const LONE_CR_DOCUMENT = 'apiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: a\rdata:\r  x: "1\r    b"\r';
/** What YAML (and kustomize) read from it. */
const LONE_CR_OBJECT = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1 b' } };

describe('the built command', () => {
  test('writes what the run gives, CRLF kept: as a KRM function and as render', () => {
    ensureBundle();
    const source = SOURCES[0];
    const functionConfig = config(source.allOn);
    const documents = inVariant(source.documents, 'crlf');
    const input = resourceListOf(documents, functionConfig, CRLF);
    const krm = spawnSync(process.execPath, [BUNDLE], { input, maxBuffer: 1 << 28 });
    expect(krm.status).toBe(0);
    expect(krm.stdout.toString('utf8')).toBe(runFunction(input).output);
    const dir = tempDir('drydock-fn-endings-');
    try {
      writeFileSync(path.join(dir, 'manifests.yaml'), documents.join(`---${CRLF}`));
      writeFileSync(path.join(dir, 'config.yaml'), YAML.stringify(functionConfig));
      const rendered = spawnSync(process.execPath, [BUNDLE, 'render', '--config', path.join(dir, 'config.yaml'), path.join(dir, 'manifests.yaml')], { maxBuffer: 1 << 28 });
      expect(rendered.status).toBe(0);
      const text = rendered.stdout.toString('utf8');
      expect(text).toBe(renderManifests([{ name: 'manifests.yaml', bytes: Buffer.from(documents.join(`---${CRLF}`)) }], { config: Buffer.from(YAML.stringify(functionConfig)) }).output);
      expect(linesOf(text).every((line) => line.endsWith(CRLF))).toBe(true);
    } finally {
      cleanup(dir);
    }
  });
});

describe('the other ways out', () => {
  test('items echoed with an error (two items of one identity): the results in the list\'s CRLF', () => {
    const item = `- apiVersion: v1${CRLF}  kind: ConfigMap${CRLF}  metadata:${CRLF}    name: a${CRLF}`;
    const input = `apiVersion: config.kubernetes.io/v1${CRLF}kind: ResourceList${CRLF}items:${CRLF}${item}${item}`;
    const outcome = runFunction(input);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.output.startsWith(input)).toBe(true);
    expect(linesOf(outcome.output).every((line) => line.endsWith(CRLF))).toBe(true);
  });

  test('JSON in CRLF (the document reader): the output in CRLF', () => {
    const input = `{"apiVersion": "config.kubernetes.io/v1",${CRLF} "kind": "ResourceList",${CRLF} "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"x": "1"}}]}${CRLF}`;
    expect(readResourceList(input).layout.kind).toBe('document');
    const outcome = runFunction(input);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).not.toBe(input);
    expect(linesOf(outcome.output).every((line) => line.endsWith(CRLF))).toBe(true);
    expect(JSON.parse(outcome.output).items).toEqual(JSON.parse(input).items);
  });
});

describe('a CR alone (old Mac line breaks)', () => {
  test('is a line break, read by the document reader; what drydock-fn writes is in LF', () => {
    const input = `apiVersion: config.kubernetes.io/v1\rkind: ResourceList\ritems:\r- ${LONE_CR_DOCUMENT.replace(/\r(?!$)/g, '\r  ')}`;
    expect(readResourceList(input).layout.kind).toBe('document');
    expect(readResourceList(input).items.map((item) => item.value)).toEqual([LONE_CR_OBJECT]);
    const outcome = runFunction(input, { features: [] });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toBe(input);
    const rendered = renderManifests([{ name: 'mac.yaml', bytes: Buffer.from(LONE_CR_DOCUMENT) }], { config: Buffer.from(YAML.stringify(config(ALL_OFF_SPEC))) });
    expect(rendered.output).not.toContain('\r');
    expect(YAML.parse(rendered.output)).toEqual(LONE_CR_OBJECT);
  });
});


describeWithTools(['kubectl'], 'kubectl kustomize reads the same objects from every ending', () => {
  test('a CR alone is a line break to kustomize too', async () => {
    const dir = tempDir('drydock-fn-endings-');
    try {
      writeFileSync(path.join(dir, 'manifests.yaml'), LONE_CR_DOCUMENT);
      writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- manifests.yaml\n');
      const build = await runCommand('kubectl', ['kustomize', dir]);
      expect(build.status).toBe(0);
      expect(YAML.parse(build.stdout)).toEqual(LONE_CR_OBJECT);
    } finally {
      cleanup(dir);
    }
  });

  test('each output in CRLF or mixed endings builds to what its LF run builds to', async () => {
    expect(outputs.length).toBe(SOURCES.length * CONFIGS.length * 5);
    const dir = tempDir('drydock-fn-endings-');
    try {
      const builds = await Promise.all(
        outputs.map(async (output, index) => {
          const folder = path.join(dir, String(index));
          mkdirSync(folder);
          writeFileSync(path.join(folder, 'manifests.yaml'), output.documents.map((document, at) => (at === 0 ? document : `---${endingOf(linesOf(document)[0]) ?? '\n'}${document}`)).join(''));
          writeFileSync(path.join(folder, 'kustomization.yaml'), 'resources:\n- manifests.yaml\n');
          return runCommand('kubectl', ['kustomize', folder]);
        }),
      );
      builds.forEach((build, index) => {
        expect({ output: outputs[index].name, status: build.status, stderr: build.stderr }).toEqual({ output: outputs[index].name, status: 0, stderr: '' });
      });
      // The runs of one source and config are consecutive: the LF render first.
      for (let start = 0; start < outputs.length; start += 5) {
        const built = builds.slice(start, start + 5).map((build) => build.stdout);
        expect(built[0].length).toBeGreaterThan(1000);
        for (const other of built.slice(1)) expect(other).toBe(built[0]);
      }
    } finally {
      cleanup(dir);
    }
  });
});
