// @ts-check
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');
const security = require('eslint-plugin-security');

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'coverage/**', 'dist/**', '**/*.d.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  // DPP 2.7 Vulnerability Management: "scan code for vulnerabilities prior to each
  // release". Security lint rules run on every lint, so on every CI run.
  security.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      'no-console': 'off',
    },
  },
  {
    // Security findings fail the lint in the code that ships. Two rules are off: in
    // TypeScript, `detect-object-injection` flags every indexed access (dozens of false
    // positives, no signal), and `detect-non-literal-fs-filename` flags every report and
    // command that writes where it is told to, which is their job.
    files: ['bin/**/*.ts', 'lib/**/*.ts', 'constructs/**/*.ts', 'scripts/**/*.{ts,mjs,cjs}'],
    rules: {
      ...Object.fromEntries(
        Object.keys(security.configs.recommended.rules).map((rule) => [rule, 'error']),
      ),
      'security/detect-object-injection': 'off',
      'security/detect-non-literal-fs-filename': 'off',
    },
  },
  {
    // Tests and the benchmark build files and regular expressions from fixtures by design.
    files: ['test/**/*.{ts,cjs,js}', 'bench/**/*.ts'],
    rules: Object.fromEntries(
      Object.keys(security.configs.recommended.rules).map((rule) => [rule, 'off']),
    ),
  },
  {
    // Tests feed deliberately malformed, untyped config JSON to the validator.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The compliance report's page script runs in the browser, inlined into the HTML.
    files: ['lib/report/html/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', CSS: 'readonly' },
    },
  },
  {
    // Node ES modules: scripts that import ESM-only tools (dependency-cruiser).
    files: ['**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
);
