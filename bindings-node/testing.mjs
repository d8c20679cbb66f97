// ES module entry point of `alternative-payments/testing` (the same classes as the CommonJS one).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const testing = require('./testing.js');

export const { Sandbox, CLIENT_ID, CLIENT_SECRET } = testing;
export default testing;
