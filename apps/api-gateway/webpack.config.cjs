// Synchronous validations run in threads loaded by file name: their code is its own entry.
module.exports = require('../../tools/webpack/node-app.config.cjs')('api-gateway', {
  extraEntries: { 'sync-validate.thread': './src/validate/sync-validate.thread.ts' },
});
