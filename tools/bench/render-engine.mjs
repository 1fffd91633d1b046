// The engine's section of BENCHMARKS.md, from `npm run bench`'s figures (tools/bench/results/engine.json); the
// verdicts against the targets are computed, not written by hand.
const MIB = 1024 * 1024;
const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 150;

const mibPerS = (bytes, ms) => bytes / MIB / (ms / 1000);
const fmt = (n, digits = 1) => n.toFixed(digits);
const thousands = (n) => Math.round(n).toLocaleString('en-US');

export function renderEngine({ machine, runs, small, large, parsers, engine, large500 }) {
  const rows = engine.validate.rows;
  const line = (name, r, bytes = small.bytes) =>
    `| ${name} | ${fmt(mibPerS(bytes, r.ms))} | ${thousands(rows / (r.ms / 1000))} | ${fmt(r.ms, 0)} | ${fmt(r.cpuMs, 0)} | ${fmt(r.maxRssMb, 0)} |`;
  const ranked = Object.entries(parsers).sort((a, b) => a[1].ms - b[1].ms);
  const [fastestName, fastest] = ranked[0];
  const ratio = fastest.ms / engine.validate.ms;
  const ratioFix = fastest.ms / engine.fix.ms;
  const peakRss = Math.max(large500.validate.maxRssMb, large500.fix.maxRssMb);
  const verdict = (ok) => (ok ? '**met**' : '**missed**');
  return `## CSV engine, one core

Measured by \`npm run bench\` (tools/bench/run.mjs) on ${machine.at ?? 'an earlier run'}.

- Machine: ${machine.cpu}, ${machine.cores} cores; Node ${machine.node}; 1-minute load average ${fmt(machine.load, 2)} when the run started. On a shared machine absolute figures move by ±10% between runs; the ratios compare runs made minutes apart in the same conditions.
- One core: every measurement runs alone in a fresh child process${machine.pinned ? ' pinned with `taskset -c 0`' : ' (not pinned: taskset unavailable)'}, the parsers and the engine one after the other in the same run. Times are the median of ${runs} rounds (wall clock; CPU time alongside); in each round every 50 MiB measurement runs once, in turn, so that a change in the machine's load weighs on all of them alike.
- Input: a generated Mercado Livre catalog, ${fmt(small.bytes / MIB)} MiB, ${thousands(rows)} rows × 21 columns, UTF-8, comma-delimited, CRLF, quoted multi-line descriptions, about 5% of rows with a seller's typical defect. Read with \`fs.createReadStream\` (64 KiB chunks) by everyone. 1 MiB = 2^20 bytes.
- Engine: \`checkCsv\` with the full \`mercado_livre\` pack (default category): decoding and encoding detection, dialect sniffing, tokenizing, header mapping, every cell and row rule, findings streamed to issues.csv (discarded by the sink), report built. The lib is compiled to plain JavaScript first (no TypeScript loader in the measured process).

### Throughput on ${fmt(small.bytes / MIB, 0)} MiB

| What | MiB/s | rows/s | wall ms | CPU ms | peak RSS MB |
| --- | ---: | ---: | ---: | ---: | ---: |
${ranked.map(([name, r]) => line(`raw streaming parse: ${name}${name === fastestName ? ' (fastest)' : ''}`, r)).join('\n')}
${line('countCsvRows (decode + tokenize only)', engine.count)}
${line('**checkCsv, validate** (mercado_livre)', engine.validate)}
${line('checkCsv, auto_fix (also writes corrected.csv)', engine.fix)}

Validation throughput is **${fmt(ratio, 2)}×** the fastest raw parse (${fastestName}); with auto_fix ${fmt(ratioFix, 2)}×. Target ≥ ${TARGET_RATIO}×: ${verdict(ratio >= TARGET_RATIO)}.

### Memory on ${fmt(large.bytes / MIB, 0)} MiB

| What | wall ms | MiB/s | peak RSS MB |
| --- | ---: | ---: | ---: |
| checkCsv, validate | ${fmt(large500.validate.ms, 0)} | ${fmt(mibPerS(large.bytes, large500.validate.ms))} | ${fmt(large500.validate.maxRssMb, 0)} |
| checkCsv, auto_fix | ${fmt(large500.fix.ms, 0)} | ${fmt(mibPerS(large.bytes, large500.fix.ms))} | ${fmt(large500.fix.maxRssMb, 0)} |
| raw parse, ${'udsv'} (reference) | ${fmt(large500.parse.ms, 0)} | ${fmt(mibPerS(large.bytes, large500.parse.ms))} | ${fmt(large500.parse.maxRssMb, 0)} |

Peak RSS (the process's \`maxRSS\`, Node itself included) is ${fmt(peakRss, 0)} MB on a file ${fmt(large.bytes / small.bytes, 0)}× larger than the throughput input (${fmt(engine.validate.maxRssMb, 0)} MB on ${fmt(small.bytes / MIB, 0)} MiB). Target ≤ ${TARGET_RSS_MB} MB: ${verdict(peakRss <= TARGET_RSS_MB)}.

### What limits validation

Validation adds ${fmt(engine.validate.ms - engine.count.ms, 0)} ms to reading alone (\`countCsvRows\`: decode and tokenize, no rules) for ${thousands(rows)} rows × 21 columns, ≈ ${fmt(((engine.validate.ms - engine.count.ms) * 1e6) / (rows * 21), 0)} ns per cell; reading itself runs at ${fmt(mibPerS(small.bytes, engine.count.ms))} MiB/s against ${fmt(mibPerS(small.bytes, fastest.ms))} MiB/s for ${fastestName}. At the 50 MB upload limit a file is checked in about ${fmt(engine.validate.ms / 1000, 1)} s on one core.
`;
}
