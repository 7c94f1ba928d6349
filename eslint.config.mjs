// ESLint (flat config): what `npm run lint` checks beside `prettier --check`, and what
// `npm run format` fixes before Prettier runs. Layout is Prettier's alone: eslint-config-prettier,
// last, turns off every rule that would disagree with it.
//
// The TypeScript (src/, test/, examples/) gets typescript-eslint's type-aware recommended rules,
// with the types of the project's tsconfig.json: only types show a promise left floating, a cast
// that no longer does anything, an object printed as `[object Object]`. The JavaScript (hack/, the
// test stubs, the config files) is CommonJS for Node and gets ESLint's recommended rules.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The test stubs that are Node scripts. A stub stands in for a command on the PATH, so it has no
 * extension, and some stubs are shell scripts, which ESLint can't parse: no glob tells the two
 * apart, their `#!` line does. Every file without an extension in a `stubs` folder under test/
 * whose `#!` line runs node.
 */
function nodeStubs(dir = join(root, 'test'), inStubs = false) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...nodeStubs(path, inStubs || entry.name === 'stubs'));
    } else if (inStubs && entry.isFile() && !entry.name.includes('.')) {
      const firstLine = readFileSync(path, 'utf8').split('\n', 1)[0];
      if (/^#!.*\bnode\b/.test(firstLine)) found.push(relative(root, path).split(sep).join('/'));
    }
  }
  return found;
}

/** Rules for all the code, TypeScript and JavaScript alike. */
const sharedRules = {
  eqeqeq: ['error', 'always', { null: 'ignore' }],
  'no-var': 'error',
  'prefer-const': 'error',
};

/** An unused name is an error unless it says it is unused on purpose (`_name`). */
const unusedVars = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }];

export default defineConfig(
  globalIgnores(
    [
      '**/node_modules/',
      'lib/',
      'dist/',
      'examples/*/dist/',
      'coverage/',
      'docs/',
      'imports/',
      'test/snapshots/',
      'test/fixtures/',
      '**/*.d.ts',
    ],
    'project/generated',
  ),

  {
    name: 'project/options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  {
    name: 'project/typescript',
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      ...sharedRules,
      '@typescript-eslint/no-unused-vars': unusedVars,
      // `any` is how this code says "untyped JSON" (cdk8s's `toJson(): any`, manifests, parsed
      // YAML, the `require`d models): it is written on purpose, and the rules that follow such a
      // value around would only ask for casts that check nothing.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // `require` is how CommonJS loads a module lazily: the Kubernetes models (and ObjectMeta's,
      // for the custom resources' metadata), on first use.
      '@typescript-eslint/no-require-imports': [
        'error',
        { allow: ['^kubernetes-models/', '^@kubernetes-models/apimachinery/'] },
      ],
      // Types are imported as types, so that a module imported for its types alone (cdk8s-plus-28's
      // bindings) is never loaded at run time, whichever compiler strips the types...
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // ...and an import of types alone is `import type { ... }`, which no compiler keeps.
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },

  {
    name: 'project/javascript',
    files: ['**/*.js', '**/*.cjs', ...nodeStubs()],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { ...sharedRules, 'no-unused-vars': unusedVars },
  },

  {
    name: 'project/modules',
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
    rules: { ...sharedRules, 'no-unused-vars': unusedVars },
  },

  prettier,
);
