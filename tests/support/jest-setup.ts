import type * as Composition from '@apollo/composition';

// Every test file composes through the run's composition cache (composition-cache.ts): the same
// subgraph schemas are composed once per run, not once per gateway start.
jest.mock('@apollo/composition', () => {
  const actual = jest.requireActual<typeof Composition>('@apollo/composition');
  const { rememberingComposition } = jest.requireActual<typeof import('./composition-cache')>('./composition-cache');
  const { COMPOSITION_CACHE_VARIABLE } = jest.requireActual<typeof import('./composition-cache-folder')>('./composition-cache-folder');
  return { ...actual, composeServices: rememberingComposition(actual.composeServices, process.env[COMPOSITION_CACHE_VARIABLE]) };
});

// graphql-js decides once, when it is loaded, whether to check every `instanceof` it makes for a
// second copy of itself (the check runs on each false result, and was an eighth of a test file's CPU).
// A production deployment runs with NODE_ENV=production (Dockerfile, docker-compose.yml, the bench),
// so every test file loads it that way too; NODE_ENV stays `test` for everything else. One copy of graphql is what
// tests/unit/one-graphql.test.ts holds the install to.
const nodeEnvironment = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  jest.requireActual('graphql');
} finally {
  process.env.NODE_ENV = nodeEnvironment;
}
