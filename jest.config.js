// Tests by layer: unit tests need nothing running; integration and e2e tests share one real
// Kafka broker and one PostgreSQL started by test/support/global-setup.ts.
// Browser-loadable modules (client/, the dashboard page) import siblings as './x.js'.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };

const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
};

module.exports = {
  // Per-test budget for the integration layer (a project-level testTimeout is ignored by jest).
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/unit/**/*.unit.spec.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/integration/**/*.int.spec.ts', '<rootDir>/test/e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
