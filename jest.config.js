/**
 * Jest runs the TypeScript sources directly through ts-jest; orchestrator and CLI tests use the
 * bundled dist/, which the global setup rebuilds when the sources changed since it was built.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/support/bundle-setup.js',
};
