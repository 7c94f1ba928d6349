#!/usr/bin/env node
// Regenerates the values reference in docs/values.md from the values schema. Run it as
// `npm run docs` (which builds lib/ first); test/docs.test.ts fails while docs/values.md is stale.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { withValuesReference } = require('../lib/values/reference');

const reference = join(__dirname, '..', 'docs', 'values.md');
writeFileSync(reference, withValuesReference(readFileSync(reference, 'utf8')));
