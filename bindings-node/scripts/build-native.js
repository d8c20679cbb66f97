#!/usr/bin/env node
// Builds the native addon with cargo (debug, or --release) and copies it to
// native/alternative_payments.node, where index.js loads it.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const release = process.argv.includes('--release');
const root = path.resolve(__dirname, '..', '..');
const library = { darwin: 'libalternative_payments_napi.dylib', win32: 'alternative_payments_napi.dll' }[process.platform]
  || 'libalternative_payments_napi.so';
const built = path.join(root, 'target', release ? 'release' : 'debug', library);

function build() {
  execFileSync('cargo', ['build', '-p', 'alternative-payments-node', ...(release ? ['--release'] : [])], {
    cwd: root,
    stdio: 'inherit',
  });
}

build();
const target = path.join(__dirname, '..', 'native', 'alternative_payments.node');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(built, target);
console.log(`built ${path.relative(process.cwd(), target)} (${release ? 'release' : 'debug'})`);
