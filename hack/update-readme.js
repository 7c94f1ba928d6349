#!/usr/bin/env node
// Regenerates the values reference in README.md from the values schema. Run it as `npm run docs`
// (which builds lib/ first); test/docs.test.ts fails while the README is stale.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { withValuesReference } = require('../lib/values/reference');

const readme = join(__dirname, '..', 'README.md');
writeFileSync(readme, withValuesReference(readFileSync(readme, 'utf8')));
