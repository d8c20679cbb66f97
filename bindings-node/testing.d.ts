// Types of `alternative-payments/testing`.
import type { Client, ClientOptions } from './index';

/** Options of `Sandbox.start()`. */
export interface SandboxOptions {
  /** Requests per second per API key (default 5); `null` turns the limit off. */
  rateLimit?: number | null;
  /** Lifetime of the access tokens it issues, in milliseconds (default one hour). */
  tokenTtlMs?: number;
  /** The vendor reference's shapes (default) or the guides'. */
  shapes?: 'reference' | 'guides';
  clientId?: string;
  clientSecret?: string;
}

/** A fault for the next matching requests. */
export interface FailNextOptions {
  method?: string;
  /** A path prefix, e.g. `/invoices`. */
  path?: string;
  /** The status answered (default 503). */
  status?: number;
  mode?: 'status' | 'drop' | 'delay' | 'afterWrite' | 'nonJson';
  /** How many requests get it (default 1). */
  count?: number;
  /** For `delay` (default 1000). */
  delayMs?: number;
  retryAfter?: string | number;
}

/** One line of the request log. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  at_ms: number;
  client_id: string | null;
  request_id: string;
}

/** The SDK's sandbox of the API, served from inside the package on a loopback port. */
export declare class Sandbox {
  static start(options?: SandboxOptions): Promise<Sandbox>;
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** A Client of this sandbox with its credentials. */
  client(options?: ClientOptions): Client;
  settlePaymentRequest(
    id: string,
    settlement?: 'paid' | 'expired' | 'cancelled' | { status?: 'paid' | 'expired' | 'cancelled' },
  ): Promise<Record<string, unknown>>;
  payInvoice(id: string): Promise<Record<string, unknown>>;
  createPayout(transactionIds?: string[]): Promise<Record<string, unknown>>;
  failNext(options?: FailNextOptions): Promise<void>;
  requests(): Promise<LoggedRequest[]>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export declare const CLIENT_ID: string;
export declare const CLIENT_SECRET: string;
