module.exports = {
  displayName: 'rate-limit',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // The Redis adapters are tested on the real Redis, under the run's own key prefix.
  globalSetup: '<rootDir>/../../libs/testing/src/lib/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/lib/global-teardown.ts',
};
