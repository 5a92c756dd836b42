// Type-aware lint (typescript-eslint's recommendedTypeChecked) over the TypeScript the tsconfig covers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Plain-JS files (browser playground client, jest config, CI helper) are not in the tsconfig; the subgraph template holds placeholders.
  { ignores: ['dist/**', 'coverage/**', '.cache/**', 'bench/peers/**', 'bench/results/**', 'templates/**', 'subgraphs/*/generated/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Resolvers and plugin hooks are async by contract (a throw becomes a rejection the caller handles); dropping `async` from 69 of them would change that.
      '@typescript-eslint/require-await': 'off',
      // `_`-prefixed names are the tsconfig's (noUnusedParameters) way of saying "unused on purpose".
      // Findings not yet fixed (98 warnings on 2026-12-05, 78 after the first fixes; the per-rule counts below are older): warnings for now, so `npm run lint` passes; make each an error once it is at zero.
      ...Object.fromEntries(
        [
          'no-unsafe-assignment', // 88 in 34 files, mostly JSON.parse / res.json() results in tests
          'no-unsafe-member-access', // 8
          'no-unsafe-argument', // 5
          'no-unsafe-return', // 5
          'no-unsafe-call', // 3
          'no-base-to-string', // 13
          'no-unsafe-enum-comparison', // 8
          'unbound-method', // 6
          'no-misused-promises', // 4
          'restrict-template-expressions', // 2
          'no-unused-expressions', // 2
          'no-unnecessary-type-assertion', // 2 left after --fix (the fix would be circular)
          'no-floating-promises', // 1
          'no-explicit-any', // 1
          'only-throw-error', // 1
        ].map((rule) => [`@typescript-eslint/${rule}`, 'warn']),
      ),
      'preserve-caught-error': 'error', // a rethrown error keeps the caught one as its { cause }
      'no-misleading-character-class': 'warn', // 2: Persian text classes, to be checked by whoever owns shared/text
      'no-control-regex': 'warn', // 1: write-json.ts escapes control characters on purpose
      'no-useless-assignment': 'warn', // 1
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // @types/jest types the asymmetric matchers (expect.any, expect.stringMatching, expect.objectContaining…) as `any`, so every
    // expected object that holds one is an "unsafe assignment"; in tests that is the matcher, never a value read from outside.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
