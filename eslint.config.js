// ESLint flat config: typescript-eslint's strict and stylistic type-checked rule sets over every
// TypeScript file of the project (lib, infra, bench, scripts, test), type-aware through
// tsconfig.json. `npm test` runs it (`npm run lint`). Each relaxed rule says why.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['node_modules/', '.tools/', 'cdk.out/', 'dist/', 'examples/', 'test/output/', 'test/fixtures/', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Numbers in messages are the norm (counts, hours); null, undefined and objects stay flagged.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `xs[i]!` is the idiom under noUncheckedIndexedAccess, where the index is known to be in range.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Recursive JSON types (JsonValue, evidence) need index signatures, not Record.
      '@typescript-eslint/consistent-indexed-object-style': 'off',
      // `(x) => void run(x)` style callbacks read clearly as arrow shorthand.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `_`-prefixed names mark what a destructuring leaves out on purpose (`const { a: _, ...rest } = x`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Matching control characters is the point of the safe-text code and of the tests that check it.
      'no-control-regex': 'off',
      // No-op functions are deliberate where they appear: the silent logger, swallowed cleanup errors.
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    // Tests, benches and scripts: vitest matchers and CDK template JSON are `any` by design, fakes
    // implement async interfaces without awaiting, and spies take unbound methods.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
);
