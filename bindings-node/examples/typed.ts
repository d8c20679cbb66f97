// Compiled with `tsc --strict --noEmit` in the test command: every method and model is typed.
import {
  Client,
  NotFoundError,
  RateLimitError,
  WebhookVerificationError,
  constructWebhookEvent,
  type WebhookSubscription,
  type Customer,
  type Invoice,
  type Page,
  type PaymentRequest,
} from 'alternative-payments';

export async function overdueTotal(client: Client, customerId: string): Promise<number> {
  let total = 0;
  for await (const invoice of client.invoices.list({ customer_id: customerId, status: 'OVERDUE', limit: 100 })) {
    // Money is the reference's `total` (or the guides' `amount`), a number as the server sent it.
    total += Number(invoice.total ?? invoice.amount ?? 0);
  }
  return total;
}

export async function firstPage(client: Client): Promise<string[]> {
  const page: Page<Customer> = await client.customers.listPage({ limit: 10 });
  return page.data.map((customer) => customer.id).concat(page.end_cursor ? [page.end_cursor] : []);
}

export async function find(client: Client, id: string): Promise<Customer | null> {
  try {
    return await client.customers.get(id);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    if (error instanceof RateLimitError) throw new Error(`retry after ${error.retryAfter ?? 0} s`);
    throw error;
  }
}

export async function bill(client: Client): Promise<[Invoice, PaymentRequest]> {
  const customer = await client.customers.create({ name: 'Acme', email: 'billing@acme.com' });
  const invoice = await client.invoices.create({
    customer_id: customer.id,
    currency: 'USD',
    due_date: '2025-09-01',
    line_items: [{ description: 'Fee', amount: 100, quantity: 1 }],
  });
  const request = await client.paymentRequests.create({ amount: 5000, currency: 'USD', redirect_url: 'https://x.test' });
  const settled = await client.paymentRequests.wait(request.id, { timeoutMs: 1000, pollIntervalMs: 100 });
  return [invoice, settled];
}

export const client = new Client({ baseUrl: 'http://127.0.0.1:8080', rateLimit: null, timeoutMs: 10_000 });

export async function watchPayments(client: Client, endpoint: string, secret: string): Promise<WebhookSubscription[]> {
  await client.webhooks.subscribe({ endpoint_url: endpoint, topic: 'payment_succeeded', secret_key: secret });
  const active: WebhookSubscription[] = [];
  for await (const subscription of client.webhooks.list({ is_active: true })) active.push(subscription);
  return active;
}

export function receive(body: Uint8Array, headers: Record<string, string | string[] | undefined>): string | undefined {
  try {
    return constructWebhookEvent(body, headers, 'whsec_example').topic;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return undefined;
    throw error;
  }
}

// The testing kit is typed too.
import { Sandbox } from 'alternative-payments/testing';
async function withSandbox(): Promise<string> {
  const sandbox = await Sandbox.start({ rateLimit: 5, shapes: 'reference' });
  const client: Client = sandbox.client({ maxRetries: 0 });
  await sandbox.failNext({ method: 'POST', path: '/invoices', mode: 'afterWrite', status: 502 });
  const log = await sandbox.requests();
  await sandbox.close();
  return `${client.baseUrl} ${log.length > 0 ? log[0].path : ''}`;
}
void withSandbox;
