/**
 * Tests run through Sucrase, which strips types without checking them (`npm run typecheck` does
 * that). It is pure JavaScript: transformers with native binaries (swc, esbuild) ship them as
 * per-platform optional packages, which this project's registry does not all serve, and `npm ci`
 * then refuses the lockfile.
 */
module.exports = {
  testEnvironment: 'node',
  // Jest's default leaves one core of two idle; many suites wait on the shell scripts and the CLI
  // they spawn, so two workers take about two thirds of the time of one.
  maxWorkers: 2,
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '@sucrase/jest-plugin' },
  // The examples import the package by its name, as users do; tests run them against the source.
  moduleNameMapper: { '^cdk8s-headscale$': '<rootDir>/src/index.ts' },
  testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
};
