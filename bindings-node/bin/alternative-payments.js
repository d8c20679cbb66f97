#!/usr/bin/env node
'use strict';
// The `alternative-payments` command line: the same implementation as the Rust binary and the
// Python console script (cli/ in the repository), run by the native addon.
const { native } = require('../native.js');

process.exitCode = native.cliMain(['alternative-payments', ...process.argv.slice(2)]);
