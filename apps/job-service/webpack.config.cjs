// TypeORM loads the Postgres driver by name.
module.exports = require('../../tools/webpack/node-app.config.cjs')('job-service', {
  runtimeDependencies: ['pg'],
});
