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
  /**
   * Bounds a whole call in milliseconds: every attempt, backoff and rate-limit wait (off by
   * default). When it passes, the call rejects with APITimeoutError.
   */
  deadlineMs?: number;
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
  /** A proxy for every request (`http://user:pass@proxy:3128`); else HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply. */
  proxy?: string;
  /** A PEM file of certificate authorities to trust besides the bundled roots and the system's. */
  caBundle?: string;
  /** Replaces the User-Agent header (default `alternative-payments-node/<version>`). */
  userAgent?: string;
}

/** Options of `client.withOptions()`: what may change for some calls. */
export interface CallOptions {
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /** Retries of what is safe to retry. */
  maxRetries?: number;
  /** Bound of the whole call in milliseconds (see `ClientOptions.deadlineMs`). */
  deadlineMs?: number;
}

/** The last argument of every method. */
export interface RequestOptions {
  /**
   * Aborts the call: it rejects at once with AbortError (`name === 'AbortError'`), its HTTP
   * request is cancelled and its place in the rate limiter released. A list checks it at every
   * step; `paymentRequests.wait` during a poll and between polls.
   */
  signal?: AbortSignal;
}

/**
 * A time filter (`created_at_start`, `due_date_end`, `start_date`...): a `Date` is sent as its
 * RFC 3339 text in UTC; `'2025-01-31'` as that day's first instant in UTC for a start and its
 * last for an end; an RFC 3339 string with an offset as given. Anything else is refused.
 */
export type TimeFilter = string | Date;

// The models are generated from the core's (`make generate`).
export * from './models';
import type { LineItem, WebhookEvent } from './models';

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
  /**
   * A client for some calls with other options, sharing this one's connections, rate limiter and
   * token: `client.withOptions({ deadlineMs: 5000 }).invoices.create(...)`.
   */
  withOptions(options: CallOptions): Client;
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
/** The call's AbortSignal aborted (`name === 'AbortError'`). */
export declare class AbortError extends AlternativePaymentsError {}
export declare const VERSION: string;
/** The webhook topics the API's reference lists (`invoice_paid`, ...); a topic not listed is still passed through. */
export declare const WEBHOOK_TOPICS: readonly string[];
/** Every operation name of the core (`customers.create`, ...). */
export declare const OPERATIONS: string[];
/** Every operation as the core declares it: its name, HTTP route, arguments and summary. */
export declare const OPERATION_SPECS: { name: string; route: string; lazy_list: boolean; summary: string; arguments: string[] }[];
