// ESLint flat config: typescript-eslint's strict and stylistic type-checked rule sets over every
// TypeScript file of the project (lib, functions, infra, bench, scripts, test), type-aware through
// tsconfig.json. `npm run lint` runs it; it is not yet part of `npm test`.
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
  },
);
