// Child process: checkCsv (or countCsvRows) on a file, from the compiled lib, the sinks discarding their input.
const { createReadStream } = require('node:fs');
const { Writable } = require('node:stream');

const [lib, file, mode] = process.argv.slice(2);
const { checkCsv, countCsvRows } = require(lib);

function discard() {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      sink.bytes += chunk.length;
      done();
    },
  });
  sink.bytes = 0;
  return sink;
}

async function main() {
  const input = createReadStream(file, { highWaterMark: 64 * 1024 });
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const elapsed = () => {
    const { user, system } = process.cpuUsage(cpu);
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (user + system) / 1000 };
  };
  if (mode === 'count') {
    const rows = await countCsvRows(input);
    return { rows, ...elapsed() };
  }
  const issues = discard();
  const corrected = discard();
  const report = await checkCsv(
    input,
    { issues, corrected },
    { marketplace: 'mercado_livre', category: 'default', autoFix: mode === 'fix' },
  );
  const time = elapsed();
  const { errors, warnings, infos } = report.summary;
  return {
    rows: report.summary.rows,
    ...time,
    findings: errors + warnings + infos,
    issuesBytes: issues.bytes,
    correctedBytes: corrected.bytes,
  };
}

main().then((result) =>
  process.stdout.write(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 })),
);
