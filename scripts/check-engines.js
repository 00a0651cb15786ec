#!/usr/bin/env node
// Lists every package in package-lock.json whose `engines.node` excludes the oldest Node version
// the project supports (the minimum of package.json's own `engines.node`), and exits 1 if any
// does: npm only warns (EBADENGINE) and installs it anyway, and such a package may then fail at
// run time on that Node. Usage: node scripts/check-engines.js [lock file]
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const semver = require('semver');

const root = join(__dirname, '..');
const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
const oldest = semver.minVersion(range).version;
const lock = JSON.parse(readFileSync(process.argv[2] ?? join(root, 'package-lock.json'), 'utf8'));
const excluding = Object.entries(lock.packages).flatMap(([path, pkg]) => {
  const node = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
  return node && !semver.satisfies(oldest, node)
    ? [`${path}@${pkg.version}: engines.node ${node}`]
    : [];
});
for (const line of excluding) console.error(line);
console.log(
  `engines: ${excluding.length} package(s) exclude Node ${oldest} (package.json: ${range})`,
);
process.exitCode = excluding.length > 0 ? 1 : 0;
