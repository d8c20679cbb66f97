// The whole flow against the sandbox (or the real API with real credentials).
//
//   ALTERNATIVE_PAYMENTS_BASE_URL=http://127.0.0.1:8080 \
//   ALTERNATIVE_PAYMENTS_CLIENT_ID=sandbox_client_id \
//   ALTERNATIVE_PAYMENTS_CLIENT_SECRET=sandbox_client_secret \
//   node bindings-node/examples/quickstart.mjs
import { Client, NotFoundError } from 'alternative-payments';

const client = new Client();
const sandbox = client.baseUrl.startsWith('http://');
const control = async (route) => (await fetch(`${client.baseUrl}/_sandbox${route}`, { method: 'POST' })).json();

const customer = await client.customers.create({ name: 'Acme Inc.', email: 'billing@acme.com', external_id: 'acme-001' });
console.log(`customer      ${customer.id} ${customer.name}`);
const user = await client.customers.createUser(customer.id, { email: 'jane@acme.com', first_name: 'Jane', last_name: 'Doe' });
console.log(`user          ${user.id} ${user.email}`);
for (const method of await client.customers.paymentMethods(customer.id)) {
  console.log(`payment method ${method.id} ${method.type} ${method.brand} ****${method.last4}`);
}

const invoice = await client.invoices.create({
  customer_id: customer.id,
  currency: 'USD',
  due_date: '2025-09-01',
  line_items: [{ description: 'August MSP Fee', amount: 150000, quantity: 1 }],
});
console.log(`invoice       ${invoice.id} ${invoice.status} ${invoice.total} ${invoice.currency}`);
console.log(`payment link  ${await client.invoices.paymentLink(invoice.id)}`);
console.log(`pdf link      ${await client.invoices.pdfLink(invoice.id)}`);

const request = await client.paymentRequests.create({
  amount: 5000, currency: 'USD', redirect_url: 'https://yourapp.com/success', reference_id: 'quote-987',
});
console.log(`payment req   ${request.id} ${request.status} ${request.url}`);
if (sandbox) {
  await control(`/payment-requests/${request.id}/pay`);
  const paid = await client.paymentRequests.wait(request.id, { timeoutMs: 30000, pollIntervalMs: 500 });
  console.log(`settled       ${paid.id} ${paid.status}`);
}

for await (const transaction of client.transactions.list({ limit: 50 })) {
  console.log(`transaction   ${transaction.id} ${transaction.status} ${transaction.total}`);
}
try {
  await client.customers.get('cus_does_not_exist');
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log(`not found     status=${error.status} requestId=${error.requestId}`);
}
if (sandbox) {
  const { id } = await control('/payouts');
  const payout = await client.payouts.get(id);
  console.log(`payout        ${payout.id} ${payout.status} ${payout.total}`);
  for (const transaction of await client.payouts.transactions(id)) {
    console.log(`  paid out    ${transaction.id} ${transaction.total}`);
  }
} else {
  for await (const payout of client.payouts.list()) console.log(`payout        ${payout.id} ${payout.status} ${payout.total}`);
}
console.log('done');
