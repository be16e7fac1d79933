// ESLint flat config: type-aware typescript-eslint, plus the boundary that keeps
// the host frameworks and node:http out of src/core/.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * Builtins are imported by their plain name ('http', not 'node:http'): the CommonJS build then
 * requires plain names, which every tool users run pulya under resolves (jest before 27.1 does not
 * resolve 'node:' names). Flat config replaces a rule's options per block, so core's block repeats it.
 */
const NODE_PREFIX = {
  group: ['node:*'],
  message:
    "Import builtins by their plain name ('http', not 'node:http'): jest < 27.1 cannot load 'node:' names."
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.tshy/**',
      '.tshy-build/**',
      'coverage/**',
      'node_modules/**',
      '.vendor/**',
      'bench/results/**',
      'test/fixtures/*/build/**',
      'examples/nest/build/**'
    ]
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        // The Nest apps have projects of their own: Nest's decorators need `experimentalDecorators`.
        project: [
          './tsconfig.check.json',
          './test/fixtures/nest-app/tsconfig.json',
          './examples/nest/tsconfig.json'
        ],
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-invalid-void-type': ['error', { allowAsThisParameter: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // A NestJS module is an empty class its decorator describes.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }]
    }
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NODE_PREFIX] }]
    }
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NODE_PREFIX,
            {
              group: ['express', 'express/*', 'koa', 'koa/*', '@koa/*', 'node:http', 'http'],
              message: 'src/core/ is framework-agnostic: hosts and I/O belong to the adapters.'
            },
            {
              group: ['../express/*', '../koa/*', '../index.js'],
              message: 'src/core/ imports only core/ and Node builtins.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        require: 'writable',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly'
      }
    }
  }
)
