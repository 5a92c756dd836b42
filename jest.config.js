/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // jose ships only ES modules. Node (20.19+) and tsx load them with require(esm), but jest's module
    // system does not on Node 20, so jest alone compiles jose's files to CommonJS.
    '^.+/node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 60_000,
  // Finds a MongoDB wire-protocol server for the MongoDB suites (MONGODB_URI, mongodb-memory-server, or the
  // FerretDB scripts/ferretdb/build.sh caches), says which on one line, and stops it afterwards; makes the
  // folder where the workers share compositions (tests/support/composition-cache.ts), removed afterwards.
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  // Composition through that cache in every test file.
  setupFilesAfterEnv: ['<rootDir>/tests/support/jest-setup.ts'],
  // The integration suites start HTTP servers; running files one after another keeps ports and CPU calm on 2 cores.
  maxWorkers: 2,
  // A worker keeps something of every test file it ran (3.7 GB resident each by the end of a full run);
  // one past this size after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '1536MB',
};
