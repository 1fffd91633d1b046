// Child process: the raw streaming parse of a file by one third-party parser (rows counted, nothing kept).
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [parser, file] = process.argv.slice(2);

const parsers = {
  // uDSV: incremental string chunks, rows handed to a callback instead of accumulated.
  async udsv() {
    const { inferSchema, initParser } = require('udsv');
    let rows = 0;
    let p = null;
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
    for await (const chunk of stream) {
      p ??= initParser(inferSchema(chunk));
      p.chunk(chunk, p.stringArrs, () => rows++);
    }
    p.end();
    return rows;
  },
  async papaparse() {
    const Papa = require('papaparse');
    let rows = 0;
    await new Promise((resolve, reject) =>
      Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 }), {
        chunk: (results) => (rows += results.data.length),
        complete: resolve,
        error: reject,
      }),
    );
    return rows;
  },
  async 'csv-parse'() {
    const { parse } = require('csv-parse');
    let rows = 0;
    for await (const record of createReadStream(file, { highWaterMark: 64 * 1024 }).pipe(
      parse({ relax_column_count: true }),
    )) {
      if (record) rows++;
    }
    return rows;
  },
  async 'csv-parser'() {
    const csvParser = require('csv-parser');
    let rows = 0;
    for await (const record of createReadStream(file, { highWaterMark: 64 * 1024 }).pipe(
      csvParser({ headers: false }),
    )) {
      if (record) rows++;
    }
    return rows;
  },
};

const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
const rows = await parsers[parser]();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const { user, system } = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({
    rows,
    ms,
    cpuMs: (user + system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
