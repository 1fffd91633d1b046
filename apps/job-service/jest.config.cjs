module.exports = {
  displayName: 'job-service',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // The run's own database and Redis prefix; the first service a test starts applies the migrations.
  globalSetup: '<rootDir>/../../libs/testing/src/lib/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/lib/global-teardown.ts',
};
