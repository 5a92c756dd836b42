/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60_000,
  // Finds a MongoDB wire-protocol server for the MongoDB suites (MONGODB_URI, mongodb-memory-server, or the
  // FerretDB scripts/ferretdb/build.sh caches), says which on one line, and stops it afterwards.
  globalSetup: '<rootDir>/tests/support/mongo-global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/mongo-global-teardown.ts',
  // The integration suites start HTTP servers; running files one after another keeps ports and CPU calm on 2 cores.
  maxWorkers: 2,
};
