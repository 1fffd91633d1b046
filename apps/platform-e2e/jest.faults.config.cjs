// `npm run test:faults`: the fault suite alone (it crashes its own Postgres and Redis; run it on its own).
module.exports = {
  displayName: 'faults',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/faults/**/*.fault-spec.ts'],
  globalSetup: '<rootDir>/../../libs/testing/src/lib/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/lib/global-teardown.ts',
  testTimeout: 600_000,
};
