// ES module entry point: the same classes as the CommonJS one (one copy, so `instanceof`
// works whichever way the package is loaded).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sdk = require('./index.js');

export const {
  Client, Customers, Invoices, PaymentRequests, Transactions, Payouts, Webhooks, ListIterator, VERSION, WEBHOOK_TOPICS, OPERATIONS,
  OPERATION_SPECS,
  constructWebhookEvent, WebhookVerificationError,
  AlternativePaymentsError, APIError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
  ConflictError, UnprocessableEntityError, RateLimitError, InternalServerError, APIConnectionError, APITimeoutError,
  ResponseDecodeError, ConfigurationError, InvalidArgumentError, AbortError,
} = sdk;
export default sdk;
