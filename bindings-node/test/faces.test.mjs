// What a new user meets first: lists that never end silently after an error, options of the
// wrong type refused by name, one rule for money.
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

async function statuses(box, route) {
  return (await box.log()).filter((r) => r.method === 'GET' && r.path === route).map((r) => r.status);
}

test('a list goes on after an error without losing items', async () => {
  const { box, client } = await setup();
  await box.control('POST', '/seed', { customers: 25 });
  const customers = client.customers.list({ limit: 10 });
  const seen = [];
  for (let i = 0; i < 10; i++) seen.push((await customers.next()).value.id);
  await box.fault({ method: 'GET', path: '/customers', kind: 'status', status: 400 });
  await assert.rejects(customers.next(), ap.BadRequestError);
  for await (const customer of customers) seen.push(customer.id); // caught and went on
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen).size, 25);
  assert.deepEqual(await statuses(box, '/customers'), [200, 400, 200, 200], 'the failed page was asked for again');
});

test('pages go on after an error', async () => {
  const { box, client } = await setup();
  await box.control('POST', '/seed', { customers: 15 });
  const pages = client.customers.list({ limit: 10 }).pages();
  assert.equal((await pages.next()).value.data.length, 10);
  await box.fault({ method: 'GET', path: '/customers', kind: 'status', status: 400 });
  await assert.rejects(pages.next(), ap.BadRequestError);
  const rest = [];
  for await (const page of pages) rest.push(page.data.length);
  assert.deepEqual(rest, [5]);
});

test('payment methods and payout transactions come whole', async () => {
  const { box, client } = await setup();
  const customer = await client.customers.create({ name: 'Acme', email: 'billing@acme.com' });
  await box.control('POST', '/seed', { payment_methods: { customer_id: customer.id, count: 14 } });
  assert.equal((await client.customers.paymentMethods(customer.id)).length, 15);
  await box.control('POST', '/seed', { transactions: 12 });
  const payout = await box.control('POST', '/payouts', {});
  assert.equal(new Set((await client.payouts.transactions(payout.id)).map((t) => t.id)).size, 12);
});

test('options of the wrong type are refused by name, never dropped', () => {
  const base = { clientId: 'id', clientSecret: 's', baseUrl: 'http://127.0.0.1:9' };
  const cases = [
    [{ baseUrl: 42 }, 'baseUrl'],
    [{ timeoutMs: '100' }, 'timeoutMs'],
    [{ clientSecret: 12345 }, 'clientSecret'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ rateLimit: '5' }, 'rateLimit'],
    [{ baseURL: 'https://api.example.com' }, 'baseURL'],
  ];
  for (const [options, setting] of cases) {
    assert.throws(() => new ap.Client({ ...base, ...options }), (error) => {
      assert.ok(error instanceof ap.ConfigurationError, `${setting}: ${error}`);
      assert.equal(error.setting, setting);
      assert.ok(!String(error.message).includes('12345'), 'the secret is never shown');
      return true;
    });
  }
  const client = new ap.Client({ ...base, baseUrl: new URL('http://127.0.0.1:9/') });
  assert.equal(client.baseUrl, 'http://127.0.0.1:9');
});

test('line item amounts follow one rule', async () => {
  const { client } = await setup();
  const customer = await client.customers.create({ name: 'Acme', email: 'billing@acme.com' });
  const invoice = (amount) => client.invoices.create({
    customer_id: customer.id, currency: 'USD', due_date: '2025-09-01',
    line_items: [{ description: 'Fee', amount, quantity: 2 }],
  });
  assert.equal((await invoice(50.0)).line_items[0].amount, 50);
  assert.equal((await invoice(12.5)).line_items[0].amount, 12.5);
  assert.equal((await invoice('12.75')).line_items[0].amount, 12.75);
  for (const bad of [2 ** 60, 'ten', '0.12345678901234567890']) {
    await assert.rejects(invoice(bad), (error) => error instanceof ap.InvalidArgumentError && error.argument === 'line_items[0].amount');
  }
  await assert.rejects(
    client.paymentRequests.create({ amount: 12.5, currency: 'USD', redirect_url: 'https://x.test' }),
    ap.InvalidArgumentError,
  );
  assert.ok((await client.paymentRequests.create({ amount: 50.0, currency: 'USD', redirect_url: 'https://x.test' })).id);
  await assert.rejects(client.customers.listPage({ limit: 0 }), (error) => error.argument === 'limit');
});

test('validation errors and the demo environment', async () => {
  const { client } = await setup();
  const customer = await client.customers.create({ name: 'Acme', email: 'billing@acme.com' });
  await assert.rejects(client.invoices.create({
    customer_id: customer.id, currency: 'XYZ', due_date: '2025-09-01',
    line_items: [{ description: 'Fee', amount: 100, quantity: 1 }],
  }), (error) => {
    assert.ok(error instanceof ap.UnprocessableEntityError);
    assert.deepEqual(error.validationErrors, { currency: 'is not a supported currency' });
    return true;
  });
  const demo = new ap.Client({ clientId: 'id', clientSecret: 's', environment: 'demo' });
  assert.equal(demo.baseUrl, 'https://public-api.demo.alternativepayments.io');
});

test('webhook subscriptions and events', async () => {
  const { box, client } = await setup();
  const subscription = await client.webhooks.subscribe({
    endpoint_url: 'https://billing.example.com/hooks', topic: 'customer_created', secret_key: 'whsec_node_9012',
  });
  assert.equal(subscription.topic, 'customer_created');
  assert.equal(subscription.is_active, true);
  assert.equal(subscription.secret_last_4_digits, '9012');
  const active = [];
  for await (const s of client.webhooks.list({ is_active: true })) active.push(s.id);
  assert.deepEqual(active, [subscription.id]);
  assert.deepEqual((await client.webhooks.listPage({ topic: 'invoice_paid' })).data, []);
  assert.equal(ap.WEBHOOK_TOPICS.length, 18);
  assert.ok(ap.WEBHOOK_TOPICS.includes('customer_created') && ap.WEBHOOK_TOPICS.includes('invoice_paid') && Object.isFrozen(ap.WEBHOOK_TOPICS));
  const customer = await client.customers.create({ name: 'Hooli', email: 'ap@hooli.test' });
  const events = [];
  for await (const event of client.webhooks.events({ topic: 'customer_created' })) events.push(event);
  assert.deepEqual(events.map((e) => [e.topic, e.data.id]), [['customer_created', customer.id]]);
  assert.equal((await client.webhooks.unsubscribe(subscription.id)).is_active, false);
  await assert.rejects(client.webhooks.unsubscribe(subscription.id), ap.NotFoundError);
  await assert.rejects(
    client.webhooks.subscribe({ endpoint_url: 'http://plain.example.com', topic: 'invoice_paid' }),
    (err) => err instanceof ap.InvalidArgumentError && err.argument === 'endpoint_url',
  );
  await assert.rejects(
    client.webhooks.subscribe({ endpoint_url: 'https://billing.example.com/hooks', topic: 'no_such_topic' }),
    (err) => err instanceof ap.UnprocessableEntityError && 'topic' in err.validationErrors,
  );
  await assert.rejects(client.webhooks.listPage({ is_active: 'yes' }), (err) => err.argument === 'is_active');
  assert.equal(await box.count('POST', '/webhooks'), 2);
});

test('constructWebhookEvent checks the secret and keeps unknown topics', () => {
  const body = '{"id": "evt_1", "topic": "a_topic_from_the_future", "data": {"id": "inv_1"}}';
  for (const raw of [body, Buffer.from(body), new TextEncoder().encode(body)]) {
    const event = ap.constructWebhookEvent(raw, { authorization: 'Bearer s3cret' }, 's3cret');
    assert.deepEqual([event.id, event.topic, event.data.id], ['evt_1', 'a_topic_from_the_future', 'inv_1']);
  }
  assert.equal(ap.constructWebhookEvent(body, new Headers({ Authorization: 'Bearer s3cret' }), 's3cret').id, 'evt_1');
  assert.equal(ap.constructWebhookEvent(body, 'Bearer s3cret', 's3cret').id, 'evt_1');
  for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 's3cret' }, undefined]) {
    assert.throws(() => ap.constructWebhookEvent(body, headers, 's3cret'),
      (err) => err instanceof ap.WebhookVerificationError && !err.message.includes('s3cret'));
  }
  assert.throws(() => ap.constructWebhookEvent('[1]', 'Bearer s3cret', 's3cret'), ap.WebhookVerificationError);
  assert.throws(() => ap.constructWebhookEvent({}, 'Bearer s3cret', 's3cret'), ap.InvalidArgumentError);
});

test('the Express example accepts only deliveries with the secret', async () => {
  process.env.WEBHOOK_SECRET_KEY = 'whsec_express';
  const { app, paidInvoices } = await import('../examples/webhook-express.mjs');
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/hooks/alternative-payments`;
    const deliver = (authorization) => fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ id: 'evt_2', topic: 'invoice_paid', data: { id: 'inv_42' } }),
    });
    assert.equal((await deliver('Bearer nope')).status, 401);
    assert.deepEqual(paidInvoices, []);
    assert.equal((await deliver('Bearer whsec_express')).status, 200);
    assert.deepEqual(paidInvoices, ['inv_42']);
  } finally {
    server.close();
  }
});

test('time filters take dates, Dates and RFC 3339 times', async () => {
  const { box, client } = await setup();
  const customer = await client.customers.create({ name: 'Initech', email: 'ap@initech.test' });
  for (const due of ['2025-01-01', '2025-02-01', '2025-03-01']) {
    await client.invoices.create({ customer_id: customer.id, currency: 'USD', due_date: due,
      line_items: [{ description: 'Fee', amount: 100, quantity: 1 }] });
  }
  const february = await client.invoices.listPage({ due_date_start: '2025-02-01', due_date_end: '2025-02-01' });
  assert.deepEqual(february.data.map((i) => i.due_date), ['2025-02-01'], 'a range of dates includes its last day');
  const late = await client.invoices.listPage({ due_date_start: new Date(Date.UTC(2025, 1, 1)) });
  assert.equal(late.data.length, 2);
  const queries = (await box.log()).filter((r) => r.path === '/invoices' && r.method === 'GET').map((r) => r.query);
  assert.match(queries[1], /due_date_start=2025-02-01T00%3A00%3A00.000Z/);
  for (const bad of ['last week', new Date('nonsense')]) {
    await assert.rejects(client.invoices.listPage({ due_date_start: bad }),
      (err) => err instanceof ap.InvalidArgumentError && err.argument === 'due_date_start');
  }
  assert.equal(await box.count('GET', '/invoices'), 2, 'refused before sending');
});

test('redisUrl is an option checked by name', async () => {
  const { box } = await setup();
  assert.throws(() => new ap.Client(box.options({ redisUrl: 6379 })),
    (err) => err instanceof ap.ConfigurationError && err.setting === 'redisUrl');
  const client = new ap.Client(box.options({ redisUrl: 'redis://127.0.0.1:1/0' })); // unreachable: calls still work
  assert.deepEqual((await client.customers.listPage()).data, []);
});

test('payouts reconcile lazily with exact sums', async () => {
  const { box, client } = await setup();
  for (let i = 0; i < 3; i++) {
    await box.control('POST', '/seed', { transactions: 2 });
    await box.control('POST', '/payouts');
  }
  const reconciled = [];
  for await (const r of client.payouts.reconcile({ limit: 2 })) reconciled.push(r);
  assert.equal(reconciled.length, 3);
  assert.ok(reconciled.every((r) => r.balanced && r.discrepancies.length === 0));
  assert.deepEqual([reconciled[0].transactions.length, reconciled[0].fees_total, reconciled[0].transactions_total], [2, 58.6, 2000]);
  const page = await client.payouts.reconcilePage({ limit: 2 });
  assert.equal(page.data.length, 2);
  assert.equal(page.has_next_page, true);
});

test('the npm bin runs the core\'s command line', async () => {
  const { box } = await setup();
  await box.control('POST', '/seed', { customers: 2 });
  const { execFileSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const bin = fileURLToPath(new URL('../bin/alternative-payments.js', import.meta.url));
  const env = { ...process.env, ALTERNATIVE_PAYMENTS_CLIENT_ID: box.clientId, ALTERNATIVE_PAYMENTS_CLIENT_SECRET: 'sandbox_client_secret', ALTERNATIVE_PAYMENTS_BASE_URL: box.url };
  const out = execFileSync(process.execPath, [bin, 'customers', 'list', '--format', 'table'], { env, encoding: 'utf8' });
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^id\s+name\s+email/);
});
