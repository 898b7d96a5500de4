/**
 * Features stand alone: a feature's module (one whose feature src/pipeline.ts runs) imports only the
 * feature contract (features/feature.ts), the features' library (features/lib/) and the lower layers
 * (krm, config, tutor, encoders), never another feature, so that one feature is understood from its
 * own file and what lies below it. The library imports no feature either, and the contract nothing of
 * the features. src/features/ holds the features, the contract and lib/, nothing else.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { PIPELINE } from '../../src/pipeline';
import type { Feature } from '../../src/features/feature';

const SRC = path.join(__dirname, '..', '..', 'src');
const FEATURES = path.join(SRC, 'features');
const LIB = path.join(FEATURES, 'lib');
const CONTRACT = path.join(FEATURES, 'feature');
const LOWER_LAYERS = ['krm', 'config', 'tutor', 'encoders'].map((layer) => path.join(SRC, layer));

const inside = (target: string, dir: string): boolean => target.startsWith(`${dir}${path.sep}`);
const shown = (file: string): string => path.relative(path.join(SRC, '..'), file);

/** What a file imports (import, export … from, import(), require()), each as written in the file. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => imported.fileName);
}

/** The imports of `file` that resolve to none of `allowed` (a package never does), as `<file> imports '<module>'`. */
function importsOutside(file: string, allowed: (target: string) => boolean): string[] {
  return importsOf(file)
    .filter((specifier) => !specifier.startsWith('.') || !allowed(path.resolve(path.dirname(file), specifier)))
    .map((specifier) => `${shown(file)} imports '${specifier}'`);
}

const belowFeatures = (target: string): boolean => LOWER_LAYERS.some((layer) => inside(target, layer));
const forFeatures = (target: string): boolean => target === CONTRACT || inside(target, LIB) || belowFeatures(target);

const featureFiles = readdirSync(FEATURES)
  .filter((name) => name.endsWith('.ts') && name !== 'feature.ts')
  .map((name) => path.join(FEATURES, name));

function libFiles(dir = LIB): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? libFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []));
}

/** The PIPELINE features a module exports. */
function featuresExportedBy(file: string): Feature[] {
  const exported = Object.values(require(file) as Record<string, unknown>);
  return PIPELINE.filter((feature) => exported.includes(feature));
}

describe('features stand alone', () => {
  test('every module directly in src/features/ but feature.ts is the module of a feature of PIPELINE, and every such feature has one', () => {
    expect(featureFiles.filter((file) => featuresExportedBy(file).length === 0).map(shown)).toEqual([]);
    const homed = new Set(featureFiles.flatMap(featuresExportedBy));
    expect(PIPELINE.filter((feature) => !homed.has(feature)).map((feature) => feature.name)).toEqual([]);
  });

  test("a feature's module imports only feature.ts, features/lib and the krm, config, tutor and encoders layers", () => {
    expect(featureFiles.length).toBeGreaterThanOrEqual(PIPELINE.length);
    expect(featureFiles.flatMap((file) => importsOutside(file, forFeatures))).toEqual([]);
  });

  test('features/lib imports no feature; feature.ts imports only the lower layers', () => {
    const lib = libFiles();
    expect(lib.length).toBeGreaterThan(0);
    expect([...lib.flatMap((file) => importsOutside(file, forFeatures)), ...importsOutside(`${CONTRACT}.ts`, belowFeatures)]).toEqual([]);
  });
});
