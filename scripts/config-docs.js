#!/usr/bin/env node
// Rewrites the configuration table of each service README from the service's config shape (the
// built `dist/config.js`), so the table the config.spec tests check never needs hand editing.
// Usage: npx tsc -b tsconfig.build.json && node scripts/config-docs.js
'use strict';
const { readFileSync, writeFileSync, readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { describeConfig } = require('@careflow/platform');

const root = join(__dirname, '..');
const HEADER = '| variable | default | meaning |';
for (const service of readdirSync(join(root, 'services'))) {
  const built = join(root, 'services', service, 'dist', 'config.js');
  const readmePath = join(root, 'services', service, 'README.md');
  if (!existsSync(built) || !existsSync(readmePath)) continue;
  const shapes = Object.entries(require(built)).filter(([name]) => name.endsWith('ConfigShape'));
  if (shapes.length !== 1) throw new Error(`${service}: expected one *ConfigShape export`);
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const start = lines.indexOf(HEADER);
  if (start < 0) throw new Error(`${service}/README.md has no configuration table`);
  let end = start;
  while (end < lines.length && lines[end].startsWith('|')) end++;
  lines.splice(start, end - start, ...describeConfig(shapes[0][1]).split('\n'));
  writeFileSync(readmePath, lines.join('\n'));
  process.stdout.write(`services/${service}/README.md: configuration table rewritten\n`);
}
