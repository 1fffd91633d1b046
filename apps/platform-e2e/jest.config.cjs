module.exports = {
  displayName: 'platform-e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/../../libs/testing/src/lib/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/lib/global-teardown.ts',
  testTimeout: 120_000,
};
