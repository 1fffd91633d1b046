module.exports = {
  displayName: 'queue',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../testing/src/lib/global-setup.ts',
  globalTeardown: '<rootDir>/../testing/src/lib/global-teardown.ts',
};
