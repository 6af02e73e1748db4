/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type-checking is done once by `npm run typecheck`; esbuild strips the types of
    // each file (test/transform.cjs).
    '^.+\\.tsx?$': '<rootDir>/test/transform.cjs',
  },
  // cdk-nag's packs load on first use in tests (test/cdk-nag-lazy.cjs).
  moduleNameMapper: { '^cdk-nag$': '<rootDir>/test/cdk-nag-lazy.cjs' },
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  // The code cache first, so that it covers the other setup files (test/compile-cache.cjs).
  setupFiles: ['<rootDir>/test/compile-cache.cjs', '<rootDir>/test/setup-env.ts'],
  // Every core: jest's default leaves one to its own process, which idles while the
  // workers run (on CI's 2 cores the suite took 139 s with one worker, 82 s with two).
  maxWorkers: '100%',
  testTimeout: 120000,
};
