/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // SWC strips the types and writes CommonJS, file by file: `npm test` type-checks the whole project
  // with tsc first, so jest need not (ts-jest took a fifth more CPU on a fresh clone's unit suites).
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
    // jose ships only ES modules. Node (20.19+) and tsx load them with require(esm), but jest's module
    // system does not, so jest alone compiles jose's files to CommonJS.
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
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
