import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations for the graph's published schema: the running gateway's (GRAPHQL_URL, the
 * `npm start` gateway by default) is introspected, and each operation in src/graphql becomes a
 * typed document in src/gql (`MeDocument`, `CastBallotDocument`) that Apollo Client's hooks infer
 * their data and variables from (CODEGEN_OUT writes them elsewhere: the freshness test).
 */
const config: CodegenConfig = {
  schema: process.env.GRAPHQL_URL ?? 'http://localhost:4000/graphql',
  documents: ['src/graphql/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    [process.env.CODEGEN_OUT ?? 'src/gql/']: {
      preset: 'client',
      config: { enumsAsTypes: true, useTypeImports: true },
    },
  },
};

export default config;
