// The npm layout (napi-rs style): the package finds the prebuilt addon of its platform in the
// optional dependency alternative-payments-<platform>, and all versions are Cargo's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { platformName, missingAddonMessage } = require('../native.js');
const { versionProblems, platformPackages, cargoVersion } = require('../scripts/versions.js');
const ap = require('../index.js');

test('one version: Cargo, package.json, every platform package and the optional dependencies', () => {
  assert.deepEqual(versionProblems(), []);
  assert.equal(ap.VERSION, cargoVersion());
});

test('platforms are named as their packages are', () => {
  assert.equal(platformName('linux', 'x64', false), 'linux-x64-gnu');
  assert.equal(platformName('linux', 'arm64', true), 'linux-arm64-musl');
  assert.equal(platformName('darwin', 'arm64'), 'darwin-arm64');
  assert.equal(platformName('win32', 'x64'), 'win32-x64-msvc');
  const folders = platformPackages().map((p) => p.directory);
  for (const { manifest } of platformPackages()) {
    const [os] = manifest.os;
    const [cpu] = manifest.cpu;
    const musl = (manifest.libc ?? []).includes('musl');
    assert.ok(folders.includes(platformName(os, cpu, musl)), `${manifest.name} is not what ${os}/${cpu} looks for`);
    assert.equal(manifest.main, `alternative-payments.${platformName(os, cpu, musl)}.node`);
  }
  if (process.platform === 'linux' && process.arch === 'x64') {
    const glibc = Boolean(process.report.getReport().header.glibcVersionRuntime);
    assert.equal(platformName(), glibc ? 'linux-x64-gnu' : 'linux-x64-musl');
  }
});

test('a platform without a prebuilt addon is told its name and how to build from source', () => {
  const message = missingAddonMessage('freebsd-x64');
  assert.match(message, /no prebuilt native addon for freebsd-x64/);
  assert.match(message, /alternative-payments-freebsd-x64/);
  assert.match(message, /npm run build:release/);
  assert.match(message, /ALTERNATIVE_PAYMENTS_NATIVE_ADDON/);
});

test('ALTERNATIVE_PAYMENTS_NATIVE_ADDON names an addon built elsewhere', async () => {
  const { execFileSync } = await import('node:child_process');
  const addon = new URL('../native/alternative_payments.node', import.meta.url);
  const copy = `${fs.mkdtempSync(path.join(os.tmpdir(), 'ap-addon-'))}/copy.node`;
  fs.copyFileSync(addon, copy);
  const script = "const {native}=require('./native.js'); process.stdout.write(native.version())";
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, ALTERNATIVE_PAYMENTS_NATIVE_ADDON: copy },
  });
  assert.equal(String(out), cargoVersion());
  const missing = `${copy}.absent`;
  assert.throws(() => execFileSync(process.execPath, ['-e', script], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, ALTERNATIVE_PAYMENTS_NATIVE_ADDON: missing },
    stdio: 'pipe',
  }), /copy\.node\.absent/);
});
