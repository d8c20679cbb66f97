// Receiving Alternative Payments webhooks with Express.
//
// Subscribe once (`client.webhooks.subscribe({ endpoint_url, topic: 'invoice_paid', secret_key })`);
// every delivery then carries `Authorization: Bearer <secret_key>`. Run with
// `WEBHOOK_SECRET_KEY=... node examples/webhook-express.mjs`.
import express from 'express';
import { constructWebhookEvent, WebhookVerificationError } from 'alternative-payments';

const SECRET_KEY = process.env.WEBHOOK_SECRET_KEY ?? 'change me';
export const paidInvoices = [];

export const app = express();

// The raw body: the event is read from the bytes that were sent.
app.post('/hooks/alternative-payments', express.raw({ type: 'application/json' }), (req, res) => {
  let event;
  try {
    event = constructWebhookEvent(req.body, req.headers, SECRET_KEY);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return res.status(401).json({ error: 'unauthorized' });
    throw error;
  }
  if (event.topic === 'invoice_paid') paidInvoices.push(event.data.id);
  // Answer quickly; topics you do not handle (newer ones too) are acknowledged all the same.
  res.json({ received: true });
});

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = app.listen(Number(process.env.PORT ?? 3000), () => console.log(`listening on ${server.address().port}`));
}
