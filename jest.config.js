/**
 * Tests run through Sucrase, which strips types without checking them (`npm run typecheck` does
 * that). It is pure JavaScript: transformers with native binaries (swc, esbuild) ship them as
 * per-platform optional packages, which this project's registry does not all serve, and `npm ci`
 * then refuses the lockfile.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '@sucrase/jest-plugin' },
  testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
};
