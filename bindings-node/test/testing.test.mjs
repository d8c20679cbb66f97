// alternative-payments/testing: the sandbox inside the package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as ap from '../index.mjs';
import { Sandbox } from '../testing.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

test('state, faults, the log and reset', async () => {
  const sandbox = await Sandbox.start({ rateLimit: null });
  try {
    assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const client = sandbox.client({ maxRetries: 0 });
    const customer = await client.customers.create({ name: 'Acme', email: 'a@acme.com' });
    await sandbox.failNext({ method: 'get', path: '/customers', status: 500 });
    await assert.rejects(client.customers.get(customer.id), ap.InternalServerError);
    await sandbox.failNext({ mode: 'delay', delayMs: 300, path: '/customers' });
    const started = Date.now();
    await client.customers.get(customer.id);
    assert.ok(Date.now() - started >= 290);
    const gets = (await sandbox.requests()).filter((r) => r.method === 'GET' && r.path === `/customers/${customer.id}`);
    assert.deepEqual(gets.map((r) => r.status), [500, 200]);
    await sandbox.reset();
    assert.deepEqual(await sandbox.requests(), []);
    await assert.rejects(client.customers.get(customer.id), ap.NotFoundError);
    await assert.rejects(sandbox.settlePaymentRequest('preq_1', { status: 'refunded' }), ap.InvalidArgumentError);
    await assert.rejects(sandbox.settlePaymentRequest('preq_missing'), /preq_missing/);
  } finally {
    await sandbox.close();
  }
  await assert.rejects(sandbox.requests(), /closed/);
});

test('options and faults the sandbox cannot take are refused, and the secret is not printed', async () => {
  for (const [options, argument] of [[{ rate_limit: null }, 'rate_limit'], [{ rateLimit: 0.5 }, 'rateLimit'], [{ rateLimit: 0 }, 'rateLimit'],
    [{ tokenTtlMs: 'abc' }, 'tokenTtlMs'], ['fast', 'options']]) {
    await assert.rejects(Sandbox.start(options), (e) => e instanceof ap.InvalidArgumentError && e.argument === argument);
  }
  const sandbox = await Sandbox.start({ rateLimit: null });
  try {
    const { inspect } = await import('node:util');
    assert.ok(!inspect(sandbox).includes(sandbox.clientSecret), inspect(sandbox));
    await assert.rejects(sandbox.failNext({ count: 0 }), /count must be 1 or more/);
    const client = sandbox.client({ maxRetries: 0 });
    const request = await client.paymentRequests.create({ amount: 100, currency: 'USD', redirect_url: 'https://x.test' });
    assert.equal((await sandbox.settlePaymentRequest(request.id, 'expired')).payment_request.status, 'EXPIRED');
    await assert.rejects(sandbox.settlePaymentRequest(request.id, 42), ap.InvalidArgumentError);
    await sandbox.failNext({ mode: 'delay', delayMs: 1.5, path: '/customers' });
    await client.customers.listPage();
  } finally {
    await sandbox.close();
  }
});

test('the rate limit is real', async () => {
  const sandbox = await Sandbox.start({ rateLimit: 5 });
  const raw = sandbox.client({ rateLimit: null, maxRetries: 0 });
  await assert.rejects(Promise.all(Array.from({ length: 10 }, () => raw.customers.listPage())), ap.RateLimitError);
  await sandbox.close();
});

test('a process that forgets close() still exits', () => {
  const script = "require('./testing.js').Sandbox.start().then((s) => s.client().customers.listPage()).then(() => console.log('done'))";
  const run = spawnSync(process.execPath, ['-e', script], { cwd: path.join(here, '..'), timeout: 15_000, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /done/);
});

test('the README example runs', () => {
  const run = spawnSync(process.execPath, ['--test', path.join(here, '..', 'examples', 'sandbox.test.mjs')], { timeout: 30_000, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
