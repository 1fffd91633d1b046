// Shared by every project's jest config: SWC compiles TS (with Nest's decorator metadata) much faster than
// ts-jest; type checking is the job of the `typecheck` target, not of the test run.
const nxPreset = require('@nx/jest/preset').default;

const swcOptions = require('./tools/swc-options.cjs')({ sourceMaps: 'inline' });

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', swcOptions] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Integration tests wait on real services; a hung one still fails, just not on a busy machine's hiccup.
  testTimeout: 30_000,
};
