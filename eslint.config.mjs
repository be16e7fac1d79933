// ESLint flat config: type-aware typescript-eslint, plus the boundary that keeps
// the host frameworks and node:http out of src/core/.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.tshy/**',
      '.tshy-build/**',
      'coverage/**',
      'node_modules/**',
      '.vendor/**',
      'bench/results/**'
    ]
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-invalid-void-type': ['error', { allowAsThisParameter: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }]
    }
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['express', 'express/*', 'koa', 'koa/*', '@koa/*', 'node:http', 'http'],
              message: 'src/core/ is framework-agnostic: hosts and I/O belong to the adapters.'
            },
            {
              group: ['../express/*', '../koa/*', '../index.js'],
              message: 'src/core/ imports only core/ and node: builtins.'
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
