import type * as Composition from '@apollo/composition';

// Every test file composes through the run's composition cache (composition-cache.ts): the same
// subgraph schemas are composed once per run, not once per gateway start.
jest.mock('@apollo/composition', () => {
  const actual = jest.requireActual<typeof Composition>('@apollo/composition');
  const { rememberingComposition } = jest.requireActual<typeof import('./composition-cache')>('./composition-cache');
  const { COMPOSITION_CACHE_VARIABLE } = jest.requireActual<typeof import('./composition-cache-folder')>('./composition-cache-folder');
  return { ...actual, composeServices: rememberingComposition(actual.composeServices, process.env[COMPOSITION_CACHE_VARIABLE]) };
});
