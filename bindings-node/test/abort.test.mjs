// Cancellation with AbortSignal and per-call options (withOptions, deadlineMs), against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import * as ap from '../index.mjs';
import { Box, startSandbox } from './sandbox.mjs';

let server;
before(async () => { server = await startSandbox(); });
after(() => server.stop());

async function setup(extra) {
  const box = await new Box(server.url).reset();
  return { box, client: new ap.Client(box.options(extra)) };
}

const abortedAfter = (ms) => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
};

test('aborting mid-request rejects at once with AbortError', async () => {
  const { box, client } = await setup();
  const customer = await client.customers.create({ name: 'Acme', email: 'a@acme.com' });
  await box.fault({ kind: 'delay', ms: 3000, method: 'GET', path: `/customers/${customer.id}` });
  const started = Date.now();
  const error = await client.customers.get(customer.id, { signal: abortedAfter(200) }).catch((e) => e);
  assert.ok(error instanceof ap.AbortError && error instanceof ap.AlternativePaymentsError, String(error));
  assert.equal(error.name, 'AbortError');
  assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
});

test('an aborted call frees its place in the rate limiter and never leaves', async () => {
  // At 1 request/s: A takes second 0, B waits for second 1 and is aborted; C, started after,
  // gets second 1 (it would get second 2 if B kept its place).
  const { box, client } = await setup();
  const customer = await client.customers.create({ name: 'Acme', email: 'a@acme.com' });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const slow = new ap.Client(box.options({ rateLimit: 1 }));
  const started = Date.now();
  const a = slow.customers.get(customer.id);
  const b = slow.customers.listPage({ limit: 1 }, { signal: abortedAfter(200) }).catch((e) => e);
  assert.equal((await b).name, 'AbortError');
  await a;
  await slow.payouts.listPage();
  assert.ok(Date.now() - started < 1800, `C done after ${Date.now() - started} ms`);
  assert.equal(await box.count('GET', '/customers'), 0, 'the aborted call never left');
});

test('an already aborted signal sends nothing; wait aborts between polls and during one', async () => {
  const { box, client } = await setup();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(client.customers.create({ name: 'A', email: 'a@a.com' }, { signal: controller.signal }), ap.AbortError);
  assert.equal(await box.count('POST', '/customers'), 0);

  const request = await client.paymentRequests.create({ amount: 5000, currency: 'USD', redirect_url: 'https://x' });
  const polls = async () => box.count('GET', `/payments/request/${request.id}`);
  let started = Date.now();
  const between = await client.paymentRequests.wait(request.id, { pollIntervalMs: 5000 }, { signal: abortedAfter(300) }).catch((e) => e);
  assert.equal(between.name, 'AbortError');
  assert.ok(Date.now() - started < 1000);
  const afterAbort = await polls();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await polls(), afterAbort, 'no poll after the abort');

  await box.fault({ kind: 'delay', ms: 3000, method: 'GET', path: `/payments/request/${request.id}` });
  started = Date.now();
  const during = await client.paymentRequests.wait(request.id, {}, { signal: abortedAfter(200) }).catch((e) => e);
  assert.equal(during.name, 'AbortError');
  assert.ok(Date.now() - started < 1000);
});

test('a list stops at the abort and a bad options object is refused', async () => {
  const { client } = await setup();
  for (let n = 0; n < 3; n++) await client.customers.create({ name: `C${n}`, email: `c${n}@x.com` });
  const controller = new AbortController();
  const seen = [];
  await assert.rejects(async () => {
    for await (const customer of client.customers.list({ limit: 1 }, { signal: controller.signal })) {
      seen.push(customer.id);
      controller.abort();
    }
  }, ap.AbortError);
  assert.equal(seen.length, 1);
  await assert.rejects(client.customers.get('cus_1', { signal: 'soon' }), ap.InvalidArgumentError);
  await assert.rejects(client.customers.get('cus_1', { timeoutMs: 5 }), ap.InvalidArgumentError);
});

test('withOptions: a view that shares the token, and a deadline for the whole call', async () => {
  const { box, client } = await setup({ maxRetries: 5 });
  const customer = await client.customers.create({ name: 'Acme', email: 'a@acme.com' });
  await box.fault({ kind: 'status', status: 503, retry_after: '1', count: 2, method: 'GET', path: `/customers/${customer.id}` });
  const bounded = client.withOptions({ deadlineMs: 1500 });
  assert.ok(bounded instanceof ap.Client);
  assert.match(String(bounded), /deadlineMs=1500/);
  assert.doesNotMatch(String(client), /deadlineMs/);
  const started = Date.now();
  const late = await bounded.customers.get(customer.id).catch((e) => e);
  assert.ok(late instanceof ap.APITimeoutError, String(late));
  assert.match(late.message, /deadline of 1\.500 s/);
  const took = Date.now() - started;
  assert.ok(took >= 1450 && took < 4000, `${took} ms`);
  assert.equal((await client.withOptions({ timeoutMs: 9000 }).customers.get(customer.id)).id, customer.id);
  assert.equal(await box.count('POST', '/oauth/token'), 1);
  assert.throws(() => client.withOptions({ baseUrl: 'https://x' }), (e) => e instanceof ap.ConfigurationError && e.setting === 'baseUrl');
});

test('proxy and caBundle are options checked by the core', async () => {
  const { box } = await setup();
  assert.throws(() => new ap.Client(box.options({ caBundle: '/no/such/bundle.pem' })), (e) => e instanceof ap.ConfigurationError && e.setting === 'caBundle');
  assert.throws(() => new ap.Client(box.options({ proxy: 'not a url:hunter2' })), (e) => e instanceof ap.ConfigurationError && e.setting === 'proxy' && !e.message.includes('hunter2'));
});
