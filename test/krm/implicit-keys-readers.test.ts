/**
 * YAML's limit on implicit keys (src/krm/implicit-keys.ts) by the real readers here: kpt (go-yaml v3
 * through kyaml, as kustomize reads) and PyYAML 6. They and drydock-fn's readers must agree on which
 * texts are YAML and on the key read; what drydock-fn's printers write must be read back by both.
 * kustomize and kubectl refuse more: they print an object as JSON and read that with go-yaml again,
 * so a key whose JSON form (quotes and escapes included) passes 1024 characters fails there even where
 * go-yaml read it (checked by hand: a key of 1023 letters); no Kubernetes field allows keys that long.
 */
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { readResourceList, readResourceListAsDocument } from '../../src/krm/read';
import { readAsPyYaml } from '../../src/krm/pyyaml';
import { safeLoad, safeLoadMapping } from '../../src/krm/safe-load';
import { readAsYaml11 } from '../support/kustomize-reader';
import { cleanup, tempDir, toolMissing } from '../support/orchestrators';
import { pyyamlLoadAll, pyyamlMissing } from '../support/pyyaml';
import type { Reading } from '../support/implicit-key-cases';
import { CASES, EMPTY_KEY_CASES, FLOW_LINE_CASES, KEYS, WRITTEN, drydockReading, emptyKeyObject, flowLineObject, label, objectWithKey, printedWithKey, resourceList } from '../support/implicit-key-cases';

/** The object of a file as kpt reads it (go-yaml v3 through kyaml, as `kpt fn source` reads a package), or 'refused'. */
function kptRead(object: string): Reading {
  const dir = tempDir('drydock-fn-keys-');
  try {
    writeFileSync(path.join(dir, 'object.yaml'), object);
    const result = spawnSync('kpt', ['fn', 'source', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) return 'refused';
    const item = (readAsYaml11(result.stdout)[0] as { items: Record<string, unknown>[] }).items[0];
    const { annotations, ...metadata } = item.metadata as Record<string, unknown>;
    void annotations; // kpt's own (index, path)
    return { value: { ...item, metadata } };
  } finally {
    cleanup(dir);
  }
}

describe('the limit, by the real readers', () => {
  const kptReason = toolMissing('kpt');
  const pyyamlReason = pyyamlMissing();
  for (const reason of [kptReason, pyyamlReason]) {
    // eslint-disable-next-line no-console
    if (reason) console.warn(`implicit-keys: a reader is left out (${reason})`);
  }

  /**
   * Each real reader's reading of each case's `data`: kpt's (go-yaml v3 through kyaml, as `kpt fn
   * source` reads a package's files), its output read back as go-yaml's text; and PyYAML's.
   */
  const realReadings = (): Map<string, Reading[]> => {
    const readings = new Map<string, Reading[]>(CASES.map((entry) => [label(entry), []]));
    if (!kptReason) {
      for (const entry of CASES) {
        const read = kptRead(entry.object);
        (readings.get(label(entry)) as Reading[]).push(read === 'refused' ? read : { value: (read.value as { data: unknown }).data });
      }
    }
    if (!pyyamlReason) {
      const pyyaml = pyyamlLoadAll(CASES.map((entry) => entry.object));
      CASES.forEach((entry, index) => {
        const result = pyyaml[index];
        (readings.get(label(entry)) as Reading[]).push('error' in result ? 'refused' : { value: (result.documents[0] as { data: unknown }).data });
      });
    }
    return readings;
  };

  test('kpt, PyYAML and drydock-fn agree on which keys pass, and on the key read', () => {
    if (kptReason && pyyamlReason) {
      // eslint-disable-next-line no-console
      console.warn('implicit-keys: no real reader here: the agreement is not checked');
      return;
    }
    const readings = realReadings();
    const dataOf = (reading: Reading): Reading => (reading === 'refused' ? reading : { value: (reading.value as { data: unknown }).data });
    const disagreements: string[] = [];
    for (const entry of CASES) {
      const list = resourceList(entry.object);
      const all = [...(readings.get(label(entry)) as Reading[]), dataOf(drydockReading(() => readResourceList(list))), dataOf(drydockReading(() => readResourceListAsDocument(list)))];
      const shapes = all.map((reading) => (reading === 'refused' ? 'refused' : isDeepStrictEqual(reading.value, { [entry.key]: 'v' }) ? 'read' : `other: ${JSON.stringify(reading.value).slice(0, 80)}`));
      if (new Set(shapes).size !== 1) disagreements.push(`${label(entry)}: ${shapes.join(' / ')}`);
    }
    expect(disagreements).toEqual([]);
  });
});

describe('implicit keys over lines in flow collections, by the real readers', () => {
  const kptReason = toolMissing('kpt');
  const pyyamlReason = pyyamlMissing();

  const cases = [
    ...FLOW_LINE_CASES.map((entry) => ({ name: entry.name, object: flowLineObject(entry.spec), read: entry.read })),
    ...EMPTY_KEY_CASES.map((entry) => ({ name: entry.name, object: emptyKeyObject(entry.body), read: entry.read })),
  ];

  test('kpt and PyYAML read or refuse each case as the shared tables say (keys over lines, empty keys), and drydock-fn\'s readers read it as they do', () => {
    // The whole object but kpt's annotations (the object's own metadata has none).
    const shapeOf = (reading: Reading): string => (reading === 'refused' ? 'refused' : JSON.stringify({ ...(reading.value as object), metadata: { name: 'keys' } }));
    const pyyaml = pyyamlReason ? [] : pyyamlLoadAll(cases.map((entry) => entry.object));
    const differences: string[] = [];
    cases.forEach((entry, index) => {
      const object = entry.object;
      const list = resourceList(object);
      const readings: [string, Reading][] = [
        ['text reader', drydockReading(() => readResourceList(list))],
        ['document reader', drydockReading(() => readResourceListAsDocument(list))],
      ];
      if (!kptReason) readings.push(['kpt', kptRead(object)]);
      if (!pyyamlReason) {
        const result = pyyaml[index];
        readings.push(['PyYAML', 'error' in result ? 'refused' : { value: result.documents[0] }]);
      }
      const shapes = readings.map(([reader, reading]) => `${reader}: ${shapeOf(reading)}`);
      const refusedBy = readings.filter(([, reading]) => reading === 'refused').map(([reader]) => reader);
      // PyYAML's values apart: it reads an empty key as None, kustomize and kpt (and drydock-fn) as the empty text.
      const values = new Set(readings.filter(([reader, reading]) => reading !== 'refused' && reader !== 'PyYAML').map(([, reading]) => shapeOf(reading)));
      if (refusedBy.length !== (entry.read ? 0 : readings.length) || values.size > 1) differences.push(`${entry.name}: ${shapes.join(' / ')}`);
    });
    for (const reason of [kptReason, pyyamlReason]) {
      // eslint-disable-next-line no-console
      if (reason) console.warn(`implicit-keys: a reader is left out of the flow cases (${reason})`);
    }
    expect(differences).toEqual([]);
  });
});

describe("config.yml's readers (PyYAML's reading)", () => {
  const reason = pyyamlMissing();
  // At the top, and in a flow mapping or a flow sequence under a key (a setting's value).
  // And the flow collections over lines, as a setting's value, and the empty keys.
  const texts = [
    ...KEYS.flatMap((keyCase) => [`${keyCase.written}: v\n`, `x: {${keyCase.written}: v}\n`, `x: [${keyCase.written}: v]\n`]),
    ...FLOW_LINE_CASES.map((entry) => `x: ${entry.spec}\n`),
    // (a null key PyYAML reads is refused on purpose: no setting holds one)
    ...EMPTY_KEY_CASES.filter((entry) => !entry.read).map((entry) => entry.body),
  ];
  type Outcome = 'refused' | { value: unknown };
  const readers: Record<string, (text: string) => Outcome> = {
    // Tutor's env files, read as PyYAML reads them
    readAsPyYaml: (text) => {
      const reading = readAsPyYaml(text);
      return 'problem' in reading ? 'refused' : { value: reading.value };
    },
    // config.yml, whole
    safeLoad: (text) => {
      const reading = safeLoad(text);
      return reading.kind === 'value' ? { value: reading.value } : 'refused';
    },
    // config.yml, setting by setting
    safeLoadMapping: (text) => {
      const reading = safeLoadMapping(text);
      if ('problem' in reading) return 'refused';
      const entries = reading.entries.map(([key, entry]) => [key, entry.kind === 'value' ? entry.value : 'refused'] as const);
      return entries.some(([, value]) => value === 'refused') ? 'refused' : { value: Object.fromEntries(entries) };
    },
  };

  test.each(Object.keys(readers))('%s refuses and reads the keys PyYAML refuses and reads', (name) => {
    if (reason) {
      // eslint-disable-next-line no-console
      console.warn(`implicit-keys: ${reason}: config.yml's readers are not compared with PyYAML`);
      return;
    }
    const pyyaml = pyyamlLoadAll(texts);
    const differences = texts.flatMap((text, index) => {
      const ours = readers[name](text);
      const theirs = pyyaml[index];
      const theirsRefused = 'error' in theirs;
      if ((ours === 'refused') !== theirsRefused) return [`${text.slice(0, 30)}… (${[...text].length} characters): drydock-fn ${ours === 'refused' ? 'refuses' : 'reads'}, PyYAML ${theirsRefused ? 'refuses' : 'reads'}`];
      if (ours !== 'refused' && !theirsRefused && !isDeepStrictEqual(ours.value, theirs.documents[0])) return [`${text.slice(0, 30)}…: other values`];
      return [];
    });
    expect(differences).toEqual([]);
  });
});

describe('what drydock-fn writes, read back by kpt and PyYAML', () => {
  const kptReason = toolMissing('kpt');
  const pyyamlReason = pyyamlMissing();

  test.each(WRITTEN.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    if (kptReason && pyyamlReason) {
      // eslint-disable-next-line no-console
      console.warn(`implicit-keys: neither kpt (${kptReason}) nor PyYAML (${pyyamlReason}): the printed keys are not read back`);
      return;
    }
    const text = printedWithKey(entry.key, entry.flow);
    if (!kptReason) expect(kptRead(text)).toEqual({ value: objectWithKey(entry.key) });
    if (!pyyamlReason) expect(pyyamlLoadAll([text])[0]).toEqual({ documents: [objectWithKey(entry.key)] });
  });
});
