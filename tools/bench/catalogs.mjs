// The generated catalogs every bench reads, made once and kept under tmp/bench (named by size and generator
// version, so a change to the generator makes new ones).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateCatalog } from './generate-catalog.mjs';

const MIB = 1024 * 1024;
const GENERATOR_VERSION = 1;

export async function ensureCatalog(root, mib) {
  const dir = join(root, 'tmp/bench');
  const file = join(dir, `ml-catalog-${mib}mib-v${GENERATOR_VERSION}.csv`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    console.log(`generating ${file} ...`);
    await generateCatalog(file, mib * MIB);
  }
  return { file, bytes: statSync(file).size };
}
