/** Writes the generated documentation (docs/settings.md) from the code. */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { settingsReference } from '../src/config/docs';

writeFileSync(path.join(__dirname, '..', 'docs', 'settings.md'), settingsReference());
