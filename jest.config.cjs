// Every project's unit and integration tests in one jest run (the e2e suite runs on its own, after the build).
module.exports = {
  // A global option: per-project values are ignored when jest runs several projects.
  testTimeout: 30_000,
  projects: [
    '<rootDir>/libs/*/jest.config.cjs',
    '<rootDir>/apps/api-gateway/jest.config.cjs',
    '<rootDir>/apps/job-service/jest.config.cjs',
    '<rootDir>/apps/csv-worker/jest.config.cjs',
    '<rootDir>/k8s/jest.config.cjs',
  ],
};
