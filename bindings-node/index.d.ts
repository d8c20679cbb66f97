// Types of the alternative-payments package. Request parameters and response fields keep the
// API's snake_case names; client and helper options are camelCase.

/** Options of `new Client()`. Anything not given comes from the environment. */
export interface ClientOptions {
  /** Else ALTERNATIVE_PAYMENTS_CLIENT_ID. */
  clientId?: string;
  /** Else ALTERNATIVE_PAYMENTS_CLIENT_SECRET. */
  clientSecret?: string;
  /** Else ALTERNATIVE_PAYMENTS_BASE_URL, else https://public-api.alternativepayments.io. */
  baseUrl?: string | URL;
  /** Per-attempt timeout in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Retries of what is safe to retry (default 2). */
  maxRetries?: number;
  /** Requests per second shared by every client with this key (default 5); `null` turns it off. */
  rateLimit?: number | null;
  /** `'production'` (default) or `'demo'` (https://public-api.demo.alternativepayments.io); `baseUrl` wins over it. */
  environment?: 'production' | 'demo';
  /**
   * A Redis URL (`redis://host:6379/0`) through which every process and host using this key
   * shares one rate window and one token; else ALTERNATIVE_PAYMENTS_REDIS_URL. Calls go on
   * with pacing in this process while Redis is unreachable.
   */
  redisUrl?: string;
}

/**
 * A time filter (`created_at_start`, `due_date_end`, `start_date`...): a `Date` is sent as its
 * RFC 3339 text in UTC; `'2025-01-31'` as that day's first instant in UTC for a start and its
 * last for an end; an RFC 3339 string with an offset as given. Anything else is refused.
 */
export type TimeFilter = string | Date;

/** Fields the server sent that this version does not know are kept too. */
interface Extra {
  [field: string]: unknown;
}

/**
 * Money exactly as the server sent it: whole minor units in the guides (150000 is 1,500.00), any
 * number in the vendor's reference (`sub_total`, `total`, fees). A decimal string only when the
 * value has more digits than a JavaScript number holds exactly.
 */
export type Money = number | string;

/** A fee on a transaction (`FT_LATE_PAYMENT`, `FT_PRODUCT`, `FT_METHOD`, `FT_INTEREST`) or a payout (`late_payment`, `product`, `method`, `unspecified`). */
export interface Fee extends Extra {
  amount?: Money;
  covered_by_customer?: boolean;
  name?: string;
  type?: string;
}

export interface Customer extends Extra {
  id: string;
  name?: string;
  email?: string;
  external_id?: string;
  default_payment_method_id?: string;
  legal_name?: string;
  ein?: string;
  street_address?: string;
  sub_premise?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
  customer_integration_id?: string;
  created_at?: string;
}

export interface CustomerUser extends Extra {
  id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  phone?: string;
  created_at?: string;
}

export interface PaymentMethod extends Extra {
  id: string;
  type?: string;
  brand?: string;
  last4?: string;
  exp_month?: string;
  exp_year?: string;
  default?: boolean;
  created_at?: string;
}

/** One line of an invoice; `amount` sent exactly as given (negative for a discount). */
export interface LineItem {
  description?: string;
  amount: Money;
  quantity: number;
}

export interface Invoice extends Extra {
  id: string;
  customer_id?: string;
  invoice_number?: string;
  /** As the server sent it: OPEN, PAID, OVERDUE... */
  status?: string;
  /** The reference's totals. */
  sub_total?: Money;
  total?: Money;
  /** The guides' single total, in minor units: 150000 is 1,500.00. */
  amount?: Money;
  currency?: string;
  due_date?: string;
  memo?: string;
  last_notification_at?: string;
  line_items?: LineItem[];
  created_at?: string;
}

export interface PaymentRequest extends Extra {
  id: string;
  amount?: Money;
  currency?: string;
  /** pending, paid, expired or cancelled, in the server's case. */
  status?: string;
  reference_id?: string;
  redirect_url?: string;
  /** The hosted checkout link. */
  url?: string;
  created_at?: string;
}

export interface Transaction extends Extra {
  id: string;
  sub_total?: Money;
  total?: Money;
  fees?: Fee[];
  /** The guides' amount, in minor units. */
  amount?: Money;
  currency?: string;
  status?: string;
  type?: string;
  payment_method?: string;
  direction?: string;
  invoice_id?: string;
  customer_id?: string;
  due_date?: string;
  created_at?: string;
}

export interface Payout extends Extra {
  id: string;
  /** unspecified, creating, processing, analyzing, succeeded, scheduled, approved, canceled, pending, failed. */
  status?: string;
  customer_id?: string;
  sub_total?: Money;
  total?: Money;
  fees?: Fee[];
  arrival_date?: string;
  /** The guides' amount, in minor units. */
  amount?: Money;
  currency?: string;
  created_at?: string;
}

/**
 * A payout with every transaction that rolled into it, and whether its sums add up: the
 * transactions make its `sub_total`, and `sub_total` less the fees the customer did not cover is
 * its `total`. What does not add up is in `discrepancies`.
 */
export interface Reconciliation {
  payout: Payout;
  transactions: Transaction[];
  transactions_total: Money | null;
  fees_total: Money;
  balanced: boolean;
  discrepancies: string[];
}

/** A webhook subscription: deliveries of one topic to one HTTPS endpoint. */
export interface WebhookSubscription extends Extra {
  id: string;
  endpoint_url?: string;
  /** One of WEBHOOK_TOPICS, or a newer topic, as sent. */
  topic?: string;
  is_active?: boolean;
  partner_id?: string;
  secret_last_4_digits?: string;
  created_at?: string;
  updated_at?: string;
}

/** A webhook event (listed, or received by constructWebhookEvent). The reference does not show its fields. */
export interface WebhookEvent extends Extra {
  id?: string;
  topic?: string;
  status?: string;
  created_at?: string;
}

export interface Page<T> {
  data: T[];
  has_next_page: boolean;
  has_previous_page: boolean;
  start_cursor: string | null;
  end_cursor: string | null;
}

/** A line item to send; `amount` exactly as given (negative for a discount). */
export type LineItemInput = LineItem;

// The resource namespaces and their options are generated from the core's declaration.
export * from './resources';
import type {
  CustomersCreateUserParams, CustomersUsersPageParams, InvoicesCreateParams, PaymentRequestsCreateParams,
  PaymentRequestsWaitParams, Customers, Invoices, PaymentRequests, Transactions, Payouts, Webhooks,
} from './resources';
/** Earlier names of the options, kept for existing code. */
export type PageParams = CustomersUsersPageParams;
export type CreateCustomerUserParams = CustomersCreateUserParams;
export type CreateInvoiceParams = InvoicesCreateParams;
export type CreatePaymentRequestParams = PaymentRequestsCreateParams;
export type WaitOptions = PaymentRequestsWaitParams;

/** Every item of a list, fetched page by page as it is iterated. */
export declare class ListIterator<T> implements AsyncIterableIterator<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  [Symbol.asyncIterator](): ListIterator<T>;
  /** The remaining pages instead of the items; like the items, it survives an error. */
  pages(): AsyncIterableIterator<Page<T>>;
}

/**
 * Checks a webhook delivery (its `Authorization: Bearer <secretKey>`, in constant time) and
 * returns its event. Throws WebhookVerificationError when it does not match.
 */
export declare function constructWebhookEvent(
  body: Uint8Array | string,
  headers: Record<string, string | string[] | undefined> | { get(name: string): string | null } | string | null | undefined,
  secretKey: string,
): WebhookEvent;

export declare class Client {
  constructor(options?: ClientOptions);
  readonly customers: Customers;
  readonly invoices: Invoices;
  readonly paymentRequests: PaymentRequests;
  readonly transactions: Transactions;
  readonly payouts: Payouts;
  readonly webhooks: Webhooks;
  /** The base URL in use. */
  readonly baseUrl: string;
  toString(): string;
}

export declare class AlternativePaymentsError extends Error {
  status: number | null;
  code: string | null;
  requestId: string | null;
  body: string | null;
}
export declare class APIError extends AlternativePaymentsError {
  status: number;
  serverMessage: string | null;
  /** True when a create may have been applied (it was not sent again). */
  outcomeUnknown: boolean;
  /** What the server said about each refused field, e.g. `{ email: 'is required' }`. */
  validationErrors: Record<string, string>;
}
export declare class BadRequestError extends APIError {}
export declare class AuthenticationError extends APIError {}
export declare class PermissionDeniedError extends APIError {}
export declare class NotFoundError extends APIError {}
export declare class ConflictError extends APIError {}
export declare class UnprocessableEntityError extends APIError {}
export declare class RateLimitError extends APIError {
  /** Seconds the server asked to wait. */
  retryAfter: number | null;
}
export declare class InternalServerError extends APIError {}
export declare class APIConnectionError extends AlternativePaymentsError {
  outcomeUnknown: boolean;
}
export declare class APITimeoutError extends APIConnectionError {}
export declare class ResponseDecodeError extends AlternativePaymentsError {}
export declare class ConfigurationError extends AlternativePaymentsError {
  setting: string | null;
}
export declare class InvalidArgumentError extends AlternativePaymentsError {
  argument: string | null;
}

/** A delivery failed the check of its secret or its body; answer it with 401. */
export declare class WebhookVerificationError extends AlternativePaymentsError {}
export declare const VERSION: string;
/** Every operation name of the core (`customers.create`, ...). */
export declare const OPERATIONS: string[];
/** Every operation as the core declares it: its name, HTTP route, arguments and summary. */
export declare const OPERATION_SPECS: { name: string; route: string; lazy_list: boolean; summary: string; arguments: string[] }[];
