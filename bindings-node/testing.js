'use strict';
// `alternative-payments/testing`: a fake of the Alternative Payments API for your tests, the
// SDK's own sandbox served from inside the addon on a loopback port, with state, the real
// 5 requests/s rule and injectable faults. Nothing starts until `Sandbox.start()`.

const { native } = require('./native.js');
const { Client, InvalidArgumentError } = require('./index.js');

const CLIENT_ID = 'sandbox_client_id';
const CLIENT_SECRET = 'sandbox_client_secret';
const MODES = { status: 'status', drop: 'drop', delay: 'delay', afterWrite: 'fail_after_write', nonJson: 'non_json' };
const SETTLED = { paid: 'pay', expired: 'expire', cancelled: 'cancel' };

function invalid(argument, message) {
  return new InvalidArgumentError(`invalid argument \`${argument}\`: ${message}`, { argument });
}

class Sandbox {
  /**
   * Starts a sandbox: `rateLimit` requests per second per API key (default 5; `null`: none),
   * tokens living `tokenTtlMs` (default one hour), answers in the reference's shapes (or
   * `shapes: 'guides'`).
   */
  static async start(options = {}) {
    const { rateLimit = 5, tokenTtlMs = 3_600_000, shapes = 'reference', clientId = CLIENT_ID, clientSecret = CLIENT_SECRET } = options;
    const settings = {
      rate_limit: rateLimit === null ? null : Math.floor(rateLimit),
      token_ttl_secs: Math.max(1, Math.ceil(tokenTtlMs / 1000)),
      shapes,
      client_id: clientId,
      client_secret: clientSecret,
    };
    return new Sandbox(new native.NativeSandbox(settings), clientId, clientSecret);
  }

  constructor(nativeSandbox, clientId, clientSecret) {
    Object.defineProperty(this, '_native', { value: nativeSandbox, enumerable: false });
    this.url = nativeSandbox.url;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  _control(method, path, body = {}) {
    return this._native.control(method, path, body);
  }

  /** A Client of this sandbox with its credentials; `options` as for `new Client()`. */
  client(options = {}) {
    return new Client({ clientId: this.clientId, clientSecret: this.clientSecret, baseUrl: this.url, ...options });
  }

  /** Settles a pending payment request as the payer would: `paid` (creating its transaction), `expired` or `cancelled`. */
  async settlePaymentRequest(id, { status = 'paid' } = {}) {
    if (!(status in SETTLED)) throw invalid('status', `must be one of ${Object.keys(SETTLED).join(', ')}, not ${status}`);
    return this._control('POST', `/payment-requests/${encodeURIComponent(id)}/${SETTLED[status]}`);
  }

  /** Marks an invoice paid and creates its transaction. */
  async payInvoice(id) {
    return this._control('POST', `/invoices/${encodeURIComponent(id)}/pay`);
  }

  /** Pays out the given succeeded transactions (default: every one not paid out yet). */
  async createPayout(transactionIds) {
    return this._control('POST', '/payouts', transactionIds === undefined ? {} : { transaction_ids: transactionIds });
  }

  /**
   * Makes the next `count` requests matching `method` and `path` (a prefix) fail: `mode`
   * `status` answers `status`; `drop` closes the connection; `delay` answers after `delayMs`;
   * `afterWrite` applies the request, then answers `status`; `nonJson` answers an HTML page.
   */
  async failNext({ method, path, status = 503, mode = 'status', count = 1, delayMs = 1000, retryAfter } = {}) {
    if (!(mode in MODES)) throw invalid('mode', `must be one of ${Object.keys(MODES).join(', ')}, not ${mode}`);
    const fault = { kind: MODES[mode], status, count, ms: delayMs };
    if (method !== undefined) fault.method = method.toUpperCase();
    if (path !== undefined) fault.path = path;
    if (retryAfter !== undefined) fault.retry_after = String(retryAfter);
    this._control('POST', '/faults', fault);
  }

  /** The requests the API answered, oldest first: method, path, query, status, at_ms, client_id, request_id. */
  async requests() {
    return this._control('GET', '/requests').requests;
  }

  /** Forgets every object, token, fault and logged request. */
  async reset() {
    this._control('POST', '/reset');
  }

  /** Stops the server. */
  async close() {
    this._native.close();
  }
}

module.exports = { Sandbox, CLIENT_ID, CLIENT_SECRET };
