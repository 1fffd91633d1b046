// Every project's unit and integration tests in one jest run (the e2e suite runs on its own, after the build).
module.exports = {
  projects: [
    '<rootDir>/libs/*/jest.config.cjs',
    '<rootDir>/apps/api-gateway/jest.config.cjs',
    '<rootDir>/apps/job-service/jest.config.cjs',
    '<rootDir>/apps/csv-worker/jest.config.cjs',
  ],
};
