// Testing your integration with the sandbox that ships in the package (run with `node --test`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InternalServerError } from 'alternative-payments';
import { Sandbox } from 'alternative-payments/testing';

const sandbox = await Sandbox.start();
after(() => sandbox.close());

test('billing survives a flaky API', async () => {
  const client = sandbox.client();
  const customer = await client.customers.create({ name: 'Acme', email: 'billing@acme.com' });
  await sandbox.failNext({ method: 'POST', path: '/invoices', status: 503 });
  const line_items = [{ description: 'August MSP Fee', amount: 150000, quantity: 1 }];
  const bill = () => client.invoices.create({ customer_id: customer.id, currency: 'USD', due_date: '2025-09-01', line_items });
  await assert.rejects(bill(), (error) => error instanceof InternalServerError && error.outcomeUnknown);
  assert.equal((await bill()).total, 150000);
  const statuses = (await sandbox.requests()).filter((r) => r.path === '/invoices').map((r) => r.status);
  assert.deepEqual(statuses, [503, 201]);
});

test('a paid payment request', async () => {
  const client = sandbox.client();
  const request = await client.paymentRequests.create({ amount: 5000, currency: 'USD', redirect_url: 'https://example.com/done' });
  await sandbox.settlePaymentRequest(request.id, { status: 'paid' });
  assert.equal((await client.paymentRequests.get(request.id)).status, 'PAID');
});
