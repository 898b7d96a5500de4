/**
 * The baseline of the scale measure: a js-yaml identity pass over a ResourceList (stdin → parse →
 * print → stdout), the least any YAML-to-YAML step has to do. Bundled into one file, as drydock-fn is.
 */
import { readFileSync, writeSync } from 'fs';
import * as jsyaml from 'js-yaml';

const text = readFileSync(0, 'utf8');
const printed = Buffer.from(jsyaml.dump(jsyaml.load(text)), 'utf8');
for (let offset = 0; offset < printed.length; ) offset += writeSync(1, printed, offset);
