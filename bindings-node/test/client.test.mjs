// Every method, every error class, paging and concurrency, against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import * as ap from '../index.mjs';
import { Box, startSandbox, SECRET } from './sandbox.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
let server;
before(async () => { server = await startSandbox(); });
after(() => server.stop());

async function setup(extra) {
  const box = await new Box(server.url).reset();
  return { box, client: new ap.Client(box.options(extra)) };
}

async function collect(iterator) {
  const items = [];
  for await (const item of iterator) items.push(item);
  return items;
}

test('the whole flow', async () => {
  const { box, client } = await setup();
  const customer = await client.customers.create({ name: 'Acme Inc.', email: 'billing@acme.com', external_id: 'acme-001' });
  assert.equal(customer.external_id, 'acme-001');
  assert.deepEqual(await client.customers.get(customer.id), customer);

  const user = await client.customers.createUser(customer.id, { email: 'jane@acme.com', first_name: 'Jane' });
  assert.equal(user.first_name, 'Jane');
  assert.deepEqual(await collect(client.customers.users(customer.id)), [user]);
  assert.deepEqual((await client.customers.usersPage(customer.id)).data, [user]);
  const methods = await client.customers.paymentMethods(customer.id);
  assert.equal(methods[0].type, 'card');

  const invoice = await client.invoices.create({
    customer_id: customer.id, currency: 'USD', due_date: '2025-09-01',
    line_items: [{ description: 'August MSP Fee', amount: 150000, quantity: 1 }, { description: 'Discount', amount: -10000, quantity: 2 }],
  });
  assert.equal(invoice.total, 130000);
  assert.equal(invoice.sub_total, 130000);
  assert.equal(invoice.amount, undefined, 'the reference has no invoice amount');
  assert.equal((await client.invoices.get(invoice.id)).status, 'OPEN');
  assert.match(await client.invoices.paymentLink(invoice.id), /^https:\/\//);
  assert.match(await client.invoices.pdfLink(invoice.id), /\.pdf/);
  assert.deepEqual((await collect(client.invoices.list({ status: 'OPEN' }))).map((i) => i.id), [invoice.id]);
  assert.equal((await client.invoices.listPage({ customer_id: customer.id })).data.length, 1);

  const request = await client.paymentRequests.create({ amount: 5000, currency: 'USD', redirect_url: 'https://yourapp.com/success', reference_id: 'quote-987' });
  assert.equal(request.amount, 5000, 'the string "5000" is decoded to a number');
  await box.control('POST', `/payment-requests/${request.id}/pay`);
  const paid = await client.paymentRequests.wait(request.id, { timeoutMs: 10000, pollIntervalMs: 50 });
  assert.equal(paid.status, 'PAID');
  assert.equal((await client.paymentRequests.get(request.id)).reference_id, 'quote-987');

  const transactions = await collect(client.transactions.list());
  assert.deepEqual(transactions.map((t) => t.total), [5000]);
  assert.deepEqual(transactions[0].fees.map((f) => [f.amount, f.type]), [[145.3, 'FT_METHOD']], 'a fractional fee, exactly');
  assert.deepEqual((await client.transactions.listPage({ payment_method: 'standard_ach' })).data, []);

  const { id: payoutId } = await box.control('POST', '/payouts');
  assert.deepEqual((await collect(client.payouts.list())).map((p) => p.id), [payoutId]);
  assert.equal((await client.payouts.listPage()).data[0].sub_total, 5000);
  const payout = await client.payouts.get(payoutId);
  assert.deepEqual([payout.total, payout.status], [4854.7, 'succeeded']);
  assert.deepEqual((await client.payouts.transactions(payoutId)).map((t) => t.id), [transactions[0].id]);

  assert.equal(await client.invoices.archive(invoice.id), null);
  const archived = await client.customers.archive(customer.id);
  assert.ok(archived.archived_at, 'unknown fields are kept');
  assert.equal(await box.count('POST', '/oauth/token'), 1);
});

test('lists page lazily, and pages carry cursors', async () => {
  const { box, client } = await setup();
  for (let n = 0; n < 25; n++) {
    await client.customers.create({ name: `Customer ${String(n).padStart(2, '0')}`, email: `c${n}@example.com` });
  }
  const before = await box.count('GET', '/customers');
  const iterator = client.customers.list({ limit: 10 });
  assert.equal(await box.count('GET', '/customers'), before, 'nothing is fetched before iterating');
  const first = await iterator.next();
  assert.equal(first.value.name, 'Customer 00');
  assert.equal(await box.count('GET', '/customers'), before + 1);
  assert.equal((await collect(iterator)).length, 24);
  assert.equal(await box.count('GET', '/customers'), before + 3);

  const page = await client.customers.listPage({ limit: 10 });
  assert.ok(page.has_next_page && !page.has_previous_page);
  const second = await client.customers.listPage({ limit: 10, after: page.end_cursor });
  assert.equal(second.data[0].name, 'Customer 10');
  assert.deepEqual((await client.customers.listPage({ limit: 10, before: second.start_cursor })).data, page.data);
  const sizes = [];
  for await (const p of client.customers.list({ limit: 10 }).pages()) sizes.push(p.data.length);
  assert.deepEqual(sizes, [10, 10, 5]);
});

test('items of the page in hand come without a request or a Promise; only a new page is awaited', async () => {
  const { box, client } = await setup();
  const ids = [];
  for (let n = 0; n < 3; n++) ids.push((await client.customers.create({ name: `C${n}`, email: `c${n}@x.test` })).id);
  const pages = client._native.list('customers.list', { limit: 2 });
  assert.equal(pages.takeBuffered(), null, 'nothing fetched yet');
  assert.equal(JSON.parse(await pages.nextItem()).id, ids[0]);
  assert.deepEqual(JSON.parse(pages.takeBuffered()).map((c) => c.id), [ids[1]], 'the rest of page 1, synchronously');
  assert.equal(pages.takeBuffered(), null);
  assert.equal(await box.count('GET', '/customers'), 1);
  assert.equal(JSON.parse(await pages.nextItem()).id, ids[2]);
  assert.equal(await box.count('GET', '/customers'), 2);
  assert.deepEqual((await collect(client.customers.list({ limit: 2 }))).map((c) => c.id), ids);
  const controller = new AbortController();
  const iterator = client.customers.list({ limit: 2 }, { signal: controller.signal });
  assert.equal((await iterator.next()).value.id, ids[0]);
  controller.abort();
  await assert.rejects(iterator.next(), ap.AbortError, 'an aborted signal stops even a buffered item');
});

test('errors are classes with status, code and request id', async () => {
  const { box, client } = await setup();
  const notFound = await client.customers.get('cus_missing').catch((e) => e);
  assert.ok(notFound instanceof ap.NotFoundError && notFound instanceof ap.APIError && notFound instanceof ap.AlternativePaymentsError);
  assert.ok(notFound instanceof Error);
  assert.equal(notFound.status, 404);
  assert.equal(notFound.code, 'not_found');
  assert.match(notFound.requestId, /^req_/);
  assert.match(notFound.message, /^not found: .*cus_missing/);
  assert.equal(notFound.name, 'NotFoundError');
  // The addon hands over the error's fields as properties, not as JSON text in the message.
  const raw = await client._native.call('customers.get', { id: 'cus_missing' }).catch((e) => e);
  assert.equal(raw.kind, 'not_found');
  assert.equal(raw.status, 404);
  assert.match(raw.requestId, /^req_/);
  assert.doesNotMatch(raw.message, /^\{/);

  const customer = await client.customers.create({ name: 'Acme', email: 'a@acme.com' });
  const line = [{ description: 'x', amount: 1, quantity: 1 }];
  await assert.rejects(client.invoices.create({ customer_id: customer.id, currency: 'XYZ', due_date: '2025-01-01', line_items: line }), ap.UnprocessableEntityError);
  await assert.rejects(client.invoices.create({ customer_id: customer.id, currency: 'USD', due_date: '2025-01-01', line_items: [] }), ap.BadRequestError);

  await box.fault({ kind: 'status', status: 429, retry_after: '7', path: '/payouts' });
  const limited = await new ap.Client(box.options({ maxRetries: 0 })).payouts.listPage().catch((e) => e);
  assert.ok(limited instanceof ap.RateLimitError);
  assert.equal(limited.retryAfter, 7);

  await box.fault({ kind: 'status', status: 500, method: 'POST', path: '/customers' });
  const failed = await client.customers.create({ name: 'Acme', email: 'a@acme.com' }).catch((e) => e);
  assert.ok(failed instanceof ap.InternalServerError);
  assert.equal(failed.outcomeUnknown, true);
  assert.equal(await box.count('POST', '/customers'), 2, 'the failed create was sent once');

  await box.fault({ kind: 'status', status: 403, path: '/payouts' });
  await assert.rejects(client.payouts.listPage(), ap.PermissionDeniedError);
  await box.fault({ kind: 'status', status: 409, path: '/payouts' });
  await assert.rejects(client.payouts.listPage(), ap.ConflictError);
  await box.fault({ kind: 'body', body: '<html>', path: '/payouts' });
  await assert.rejects(client.payouts.listPage(), ap.ResponseDecodeError);

  const wrong = new ap.Client({ ...box.options(), clientSecret: 'the-wrong-secret' });
  const auth = await wrong.customers.listPage().catch((e) => e);
  assert.ok(auth instanceof ap.AuthenticationError);
  assert.ok(!`${auth.message} ${auth.body} ${wrong} ${JSON.stringify(wrong)}`.includes('the-wrong-secret'));

  const unreachable = new ap.Client({ ...box.options(), baseUrl: 'http://127.0.0.1:9', maxRetries: 0 });
  const connection = await unreachable.customers.listPage().catch((e) => e);
  assert.ok(connection instanceof ap.APIConnectionError);
  assert.equal(connection.outcomeUnknown, false);

  const request = await client.paymentRequests.create({ amount: 100, currency: 'USD', redirect_url: 'https://x.test' });
  const timeout = await client.paymentRequests.wait(request.id, { timeoutMs: 300, pollIntervalMs: 100 }).catch((e) => e);
  assert.ok(timeout instanceof ap.APITimeoutError && timeout instanceof ap.APIConnectionError);
  assert.match(timeout.message, /PENDING/);
});

test('bad input rejects with InvalidArgumentError and sends nothing', async () => {
  const { box, client } = await setup();
  const pr = (amount, currency = 'USD') => client.paymentRequests.create({ amount, currency, redirect_url: 'https://x.test' });
  const invoice = (item) => client.invoices.create({ customer_id: 'c', currency: 'USD', due_date: '2025-01-01', line_items: [item] });
  const calls = [
    () => client.customers.get(''), () => client.customers.get('..'), () => client.customers.get(42),
    () => client.customers.get(undefined), () => client.customers.get({ id: 'x' }), () => client.customers.archive('  '),
    () => client.customers.create(), () => client.customers.create('Acme'), () => client.customers.create({ name: 'Acme' }),
    () => client.customers.create({ name: 'x'.repeat(1 << 20), email: 'a@b.c' }),
    () => pr(0), () => pr(-5), () => pr(12.5), () => pr(NaN), () => pr(Infinity), () => pr(2 ** 60), () => pr('100'),
    () => pr(2 ** 70), () => pr(true), () => pr(100, 'DOLLARS'),
    () => invoice({ amount: 2 ** 60, quantity: 1 }), () => invoice({ amount: 1, quantity: 0 }), () => invoice({ amount: 1, quantity: 1, colour: 'red' }),
    () => client.customers.listPage({ limit: 0 }), () => client.customers.listPage('all'),
    () => client.paymentRequests.wait('preq_1', { timeoutMs: -1 }),
    () => collect(client.customers.users('')), () => collect(client.customers.list({ limit: 'ten' })),
    () => client.customers.create({ name: 'Acme', email: 'a@b.c', external_id: () => 1 }),
  ];
  for (const call of calls) {
    const error = await call().catch((e) => e);
    assert.ok(error instanceof ap.InvalidArgumentError, `${call}: ${error}`);
    assert.ok(error.argument, `${call}: no argument named`);
  }
  assert.deepEqual(await box.log(), []);
});

test('ids are sent percent-encoded', async () => {
  const { box, client } = await setup();
  for (const id of ['a/b', 'x?limit=1', 'frag#ment', '../invoices']) {
    await assert.rejects(client.customers.get(id), (e) => e instanceof ap.NotFoundError && e.message.includes(id));
  }
  const paths = (await box.log()).filter((r) => r.method === 'GET').map((r) => r.path);
  assert.deepEqual(paths, ['/customers/a%2Fb', '/customers/x%3Flimit%3D1', '/customers/frag%23ment', '/customers/..%2Finvoices']);
});

test('configuration errors name the setting', () => {
  const env = { ...process.env };
  for (const name of ['ALTERNATIVE_PAYMENTS_CLIENT_ID', 'ALTERNATIVE_PAYMENTS_CLIENT_SECRET', 'ALTERNATIVE_PAYMENTS_BASE_URL']) delete process.env[name];
  try {
    assert.throws(() => new ap.Client(), (e) => e instanceof ap.ConfigurationError && e.setting === 'clientId' && /ALTERNATIVE_PAYMENTS_CLIENT_ID/.test(e.message));
    assert.throws(() => new ap.Client({ clientId: 'i', clientSecret: 's', baseUrl: 'http://api.example.com' }), (e) => e.setting === 'baseUrl');
    assert.throws(() => new ap.Client({ clientId: 'i', clientSecret: 's', baseUrl: 'http://127.0.0.1:9', timeoutMs: 0 }), ap.ConfigurationError);
    assert.throws(() => new ap.Client({ clientId: 'i', clientSecret: 's', baseUrl: 'http://127.0.0.1:9', maxRetries: -1 }), ap.ConfigurationError);
    assert.throws(() => new ap.Client({ clientId: 'i', clientSecret: 's', baseUrl: 'http://127.0.0.1:9', rateLimit: 0 }), ap.ConfigurationError);
    for (const options of ['secret', null, 42]) {
      assert.throws(() => new ap.Client(options), (e) => e instanceof ap.ConfigurationError && e.setting === 'options');
    }
    assert.throws(() => new ap.Client({ clientId: 'i', clientSecret: 's', baseUrl: 'http://127.0.0.1:9' }).withOptions(1),
      (e) => e instanceof ap.ConfigurationError && e.setting === 'options');
    process.env.ALTERNATIVE_PAYMENTS_CLIENT_ID = 'env-id';
    process.env.ALTERNATIVE_PAYMENTS_CLIENT_SECRET = 'env-secret';
    process.env.ALTERNATIVE_PAYMENTS_BASE_URL = 'http://localhost:1';
    const client = new ap.Client();
    assert.equal(client.baseUrl, 'http://localhost:1');
    assert.ok(String(client).includes('env-id') && !String(client).includes('env-secret'));
  } finally {
    Object.assign(process.env, env);
  }
});

test('the user agent names the package unless replaced', async () => {
  const { box } = await setup();
  await new ap.Client(box.options()).customers.listPage();
  await new ap.Client(box.options({ userAgent: 'billing-app/2.1' })).customers.listPage();
  const agents = (await box.log()).filter((r) => r.path === '/customers').map((r) => r.user_agent);
  assert.deepEqual(agents, [`alternative-payments-node/${ap.VERSION}`, 'billing-app/2.1']);
  assert.throws(() => new ap.Client(box.options({ userAgent: 'billing\napp' })), (e) => e instanceof ap.ConfigurationError && e.setting === 'userAgent');
});

test('many concurrent calls stay under the limit and the event loop keeps ticking', async () => {
  const { box } = await setup();
  await box.control('POST', '/config', { rate_limit: 5 });
  const a = new ap.Client(box.options({ rateLimit: 5 }));
  const b = new ap.Client(box.options({ rateLimit: 5 }));
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 10);
  const results = await Promise.all(Array.from({ length: 16 }, (_, n) => (n % 2 ? a : b).customers.listPage()));
  clearInterval(timer);
  assert.equal(results.length, 16);
  const log = await box.log();
  assert.equal(log.filter((r) => r.status === 429).length, 0);
  assert.equal(log.filter((r) => r.path === '/oauth/token').length, 1, 'one token for both clients');
  const times = log.map((r) => r.at_ms).sort((x, y) => x - y);
  const busiest = Math.max(...times.map((t, i) => times.slice(i).filter((u) => u - t < 1000).length));
  assert.ok(busiest <= 5, `${busiest} requests within one second`);
  assert.ok(ticks > 100, `the event loop ticked only ${ticks} times in about 3 s`);
});

test('every call of the process runs on one thread of the addon', { skip: process.platform !== 'linux' }, async () => {
  // docs/behaviour.md, "Threads": one worker thread, whatever the number of clients and calls
  // (Linux shows its name cut to 15 characters). In a process of its own: nothing else there
  // starts a thread of the addon.
  const { box } = await setup();
  const script = `
    const fs = require('node:fs');
    const { Client } = require(${JSON.stringify(path.join(here, '..', 'index.js'))});
    const clients = [0, 1, 2].map(() => new Client(${JSON.stringify(box.options())}));
    Promise.all(Array.from({ length: 12 }, (_, n) => clients[n % 3].customers.listPage())).then(() => {
      for (const task of fs.readdirSync('/proc/self/task')) console.log(fs.readFileSync('/proc/self/task/' + task + '/comm', 'utf8').trim());
    });
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => { out += chunk; });
  assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 0);
  assert.equal(out.split('\n').filter((name) => name === 'alternative-pay').length, 1, out);
  assert.equal(await box.count('GET', '/customers'), 12);
});

test('CommonJS and ESM share one set of classes', () => {
  const cjs = require('../index.js');
  assert.equal(cjs.Client, ap.Client);
  assert.equal(cjs.NotFoundError, ap.NotFoundError);
  const methods = { customers: ap.Customers, invoices: ap.Invoices, payment_requests: ap.PaymentRequests, transactions: ap.Transactions, payouts: ap.Payouts, webhooks: ap.Webhooks };
  for (const operation of ap.OPERATIONS) {
    const [resource, method] = operation.split('.');
    const camel = method.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    assert.equal(typeof methods[resource].prototype[camel], 'function', operation);
  }
});

test('a process waits for its pending calls, and exits by itself when none is left', async () => {
  // Nothing but a pending call keeps the event loop alive here.
  const { box } = await setup();
  await box.fault({ kind: 'delay', ms: 400, method: 'GET', path: '/customers', count: 1 });
  const script = `
    const { Client } = require(${JSON.stringify(path.join(here, '..', 'index.js'))});
    const client = new Client(${JSON.stringify(box.options())});
    client.customers.listPage()
      .then((page) => console.log('listed', page.data.length))
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => client.customers.listPage())
      .then((page) => console.log('listed again', page.data.length));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => { out += chunk; });
  const code = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error('the process did not exit by itself')); }, 15000);
    child.on('exit', (status) => { clearTimeout(timer); resolve(status); });
  });
  assert.equal(code, 0);
  assert.equal(out.trim(), 'listed 0\nlisted again 0');
});

test('every method takes exactly the declared arguments (index.d.ts against the core)', async () => {
  // Parity with the core's declaration (operations::SPECS): a parameter renamed, added or
  // dropped in the typings fails here.
  const { readFile } = await import('node:fs/promises');
  const dts = (await readFile(path.join(here, '..', 'index.d.ts'), 'utf8'))
    + (await readFile(path.join(here, '..', 'resources.d.ts'), 'utf8'));
  const block = (start) => {
    const from = dts.indexOf(start);
    assert.ok(from >= 0, start);
    let depth = 0;
    for (let i = dts.indexOf('{', from); i < dts.length; i++) {
      if (dts[i] === '{') depth++;
      if (dts[i] === '}' && --depth === 0) return dts.slice(dts.indexOf('{', from) + 1, i);
    }
    return '';
  };
  const fieldsOf = (name) => {
    const header = dts.match(new RegExp(`export interface ${name}(?: extends (\\w+))? \\{`));
    assert.ok(header, `interface ${name}`);
    const own = [...block(header[0]).matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]);
    return header[1] ? [...fieldsOf(header[1]), ...own] : own;
  };
  const renamed = { timeoutMs: 'timeout_ms', pollIntervalMs: 'poll_interval_ms', subscriptionId: 'subscription_id' };
  const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  for (const spec of ap.OPERATION_SPECS) {
    const [resource, method] = spec.name.split('.');
    const className = camel(`_${resource}`).replace(/^_/, '').replace(/^./, (c) => c.toUpperCase());
    const signature = block(`export declare class ${className} {`).match(new RegExp(`\\s${camel(method)}\\(([^)]*)\\)`));
    assert.ok(signature, `${className}.${camel(method)} in index.d.ts`);
    const names = [];
    for (const parameter of signature[1].split(',').map((p) => p.trim()).filter(Boolean)) {
      const [, name, type] = parameter.match(/^(\w+)\??:\s*(\w+)/);
      if (type === 'RequestOptions') continue; // { signal }: not an argument of the API
      if (type === 'string' || type === 'number') names.push(renamed[name] ?? name);
      else names.push(...fieldsOf(type).map((field) => renamed[field] ?? field));
    }
    assert.deepEqual(names.sort(), [...spec.arguments].sort(), spec.name);
  }
});

test('one version: the crate, the addon and package.json agree', async () => {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(path.join(here, '..', 'package.json'), 'utf8'));
  const cargo = await readFile(path.join(here, '..', '..', 'Cargo.toml'), 'utf8');
  const workspace = cargo.match(/^version = "([^"]+)"/m)[1];
  assert.equal(ap.VERSION, workspace);
  assert.equal(pkg.version, workspace, 'package.json repeats the workspace version');
});
