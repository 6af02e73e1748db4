/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type-checking is done once by `npm run typecheck`; per-file isolated
    // transpilation keeps the suite fast.
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 120000,
};
