#!/usr/bin/env node
// One version number across Cargo (the crate and the wheel), the npm package, its platform
// packages and its optionalDependencies on them. Run by `make dist` and the Node tests; prints
// every mismatch and exits 1 when there is one.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const nodeRoot = path.resolve(__dirname, '..');

/** The workspace version in Cargo.toml (`[workspace.package] version`). */
function cargoVersion() {
  const manifest = fs.readFileSync(path.join(nodeRoot, '..', 'Cargo.toml'), 'utf8');
  const section = manifest.split('[workspace.package]')[1] ?? '';
  const match = section.match(/^version\s*=\s*"([^"]+)"/m);
  return match ? match[1] : null;
}

/** The platform packages under npm/, as `{ directory, manifest }`. */
function platformPackages() {
  const dir = path.join(nodeRoot, 'npm');
  return fs.readdirSync(dir).sort().map((directory) => ({
    directory,
    manifest: JSON.parse(fs.readFileSync(path.join(dir, directory, 'package.json'), 'utf8')),
  }));
}

/** Every disagreement with the Cargo version, one sentence each. */
function versionProblems() {
  const expected = cargoVersion();
  const main = JSON.parse(fs.readFileSync(path.join(nodeRoot, 'package.json'), 'utf8'));
  const problems = [];
  if (main.version !== expected) problems.push(`package.json has ${main.version}, Cargo.toml ${expected}`);
  const optional = main.optionalDependencies ?? {};
  for (const { directory, manifest } of platformPackages()) {
    if (manifest.name !== `alternative-payments-${directory}`) problems.push(`npm/${directory} is named ${manifest.name}`);
    if (manifest.version !== expected) problems.push(`npm/${directory} has ${manifest.version}, Cargo.toml ${expected}`);
    if (optional[manifest.name] !== expected) {
      problems.push(`optionalDependencies has ${manifest.name}@${optional[manifest.name]}, Cargo.toml ${expected}`);
    }
  }
  for (const name of Object.keys(optional)) {
    if (!fs.existsSync(path.join(nodeRoot, 'npm', name.replace('alternative-payments-', '')))) {
      problems.push(`optionalDependencies names ${name}, which has no folder under npm/`);
    }
  }
  return problems;
}

module.exports = { cargoVersion, platformPackages, versionProblems };

if (require.main === module) {
  const problems = versionProblems();
  for (const problem of problems) console.error(`version mismatch: ${problem}`);
  process.exitCode = problems.length ? 1 : 0;
}
