'use strict';
// Finds the native addon: the Rust core compiled for this platform. In order:
//   1. ALTERNATIVE_PAYMENTS_NATIVE_ADDON, the path of an addon you built yourself;
//   2. native/alternative_payments.node, built in a checkout (`npm run build`);
//   3. the prebuilt addon of this platform, the optional dependency
//      `alternative-payments-<platform>` that npm installed beside this package (napi-rs layout).
// A platform with no prebuilt addon gets an error naming it and how to build from source.

const fs = require('node:fs');
const path = require('node:path');

const PACKAGE = 'alternative-payments';
const REPOSITORY = 'https://github.com/alternative-payments/alternative-payments-sdk';

/** Whether this Linux runs on musl (Alpine) rather than glibc. */
function isMusl() {
  if (process.platform !== 'linux') return false;
  const header = process.report?.getReport?.().header;
  return !header?.glibcVersionRuntime;
}

/** This platform as the prebuilt packages name it: `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`. */
function platformName(platform = process.platform, arch = process.arch, musl = isMusl()) {
  if (platform === 'linux') return `${platform}-${arch}-${musl ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `${platform}-${arch}-msvc`;
  return `${platform}-${arch}`;
}

/** What to tell a user whose platform has no prebuilt addon. */
function missingAddonMessage(platform) {
  return (
    `${PACKAGE} has no prebuilt native addon for ${platform}: the package ${PACKAGE}-${platform} ` +
    `is not installed (it does not exist for this platform, or npm skipped optional dependencies). ` +
    `To build it from source, with a Rust toolchain (https://rustup.rs): git clone ${REPOSITORY}, ` +
    `then in bindings-node/ run \`npm install && npm run build:release\`, and either install that ` +
    `folder (npm install <path>/bindings-node) or set ALTERNATIVE_PAYMENTS_NATIVE_ADDON to the ` +
    `built bindings-node/native/alternative_payments.node.`
  );
}

function loadNative() {
  const override = process.env.ALTERNATIVE_PAYMENTS_NATIVE_ADDON;
  if (override) return require(path.resolve(override));
  const local = path.join(__dirname, 'native', 'alternative_payments.node');
  if (fs.existsSync(local)) return require(local);
  const platform = platformName();
  const prebuilt = `${PACKAGE}-${platform}`;
  try {
    return require(prebuilt);
  } catch (error) {
    // Only a package that is not there is "missing"; one that fails to load says why.
    if (error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(prebuilt)) {
      throw new Error(missingAddonMessage(platform), { cause: error });
    }
    throw error;
  }
}

module.exports = { native: loadNative(), platformName, missingAddonMessage };
