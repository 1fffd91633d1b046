// The CSV engine runs in worker threads, loaded by file name: it is its own entry (csv-check.thread.js).
module.exports = require('../../tools/webpack/node-app.config.cjs')('csv-worker', {
  extraEntries: { 'csv-check.thread': './src/tasks/csv-check/csv-check.thread.ts' },
});
