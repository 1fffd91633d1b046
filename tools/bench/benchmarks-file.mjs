// BENCHMARKS.md, rendered entirely from the latest results of both benches (tools/bench/results/*.json):
// `npm run bench` (the engine) and `npm run bench:platform` each write their own file and re-render both.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEngine } from './render-engine.mjs';
import { renderPlatform } from './render-platform.mjs';

function load(dir, name) {
  const file = join(dir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

export function writeBenchmarks(root, { resultsDir = join(root, 'tools/bench/results'), outFile = join(root, 'BENCHMARKS.md') } = {}) {
  const platform = load(resultsDir, 'platform');
  const engine = load(resultsDir, 'engine');
  const markdown = `# Benchmarks

Generated from tools/bench/results/*.json by the benches themselves; do not edit by hand, re-run them: \`npm run bench:platform\` (the platform against the seed's design) and \`npm run bench\` (the CSV engine).

${platform ? renderPlatform(platform) : '## Platform, as deployed\n\nNot measured yet: run `npm run bench:platform`.\n'}
${engine ? renderEngine(engine) : '## CSV engine, one core\n\nNot measured yet: run `npm run bench`.\n'}`;
  writeFileSync(outFile, markdown.replace(/\n{3,}/g, '\n\n'));
  return outFile;
}
