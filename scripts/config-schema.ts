/**
 * Writes config/baseline.schema.json and docs/configuration.md from the config schema
 * (lib/config/schema.ts). Run after changing the schema: `npm run config:schema`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generatedConfigFiles, PROJECT_ROOT } from '../lib/config/generated-files';

for (const [file, content] of Object.entries(generatedConfigFiles())) {
  fs.writeFileSync(path.join(PROJECT_ROOT, file), content);
  console.log(`wrote ${file}`);
}
