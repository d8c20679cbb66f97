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

const START_OPTIONS = ['rateLimit', 'tokenTtlMs', 'shapes', 'clientId', 'clientSecret'];

function invalid(argument, message) {
  return new InvalidArgumentError(`invalid argument \`${argument}\`: ${message}`, { argument });
}

class Sandbox {
  /**
   * Starts a sandbox: `rateLimit` requests per second per API key (a whole number, default 5;
   * `null`: none), tokens living `tokenTtlMs` (default one hour; rounded up to whole seconds, at
   * least one), answers in the reference's shapes (or `shapes: 'guides'`). An unknown option or
   * a value the sandbox cannot take is an InvalidArgumentError naming it.
   */
  static async start(options = {}) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw invalid('options', 'Sandbox.start takes an object of options');
    }
    const unknown = Object.keys(options).find((name) => !START_OPTIONS.includes(name));
    if (unknown !== undefined) throw invalid(unknown, `is not an option; the options are ${START_OPTIONS.join(', ')}`);
    const { rateLimit = 5, tokenTtlMs = 3_600_000, shapes = 'reference', clientId = CLIENT_ID, clientSecret = CLIENT_SECRET } = options;
    if (rateLimit !== null && !(Number.isInteger(rateLimit) && rateLimit >= 1)) {
      throw invalid('rateLimit', `must be a whole number from 1, or null, not ${rateLimit}`);
    }
    if (!(typeof tokenTtlMs === 'number' && Number.isFinite(tokenTtlMs) && tokenTtlMs >= 0)) {
      throw invalid('tokenTtlMs', `must be a number of milliseconds, not ${tokenTtlMs}`);
    }
    const settings = {
      rate_limit: rateLimit,
      token_ttl_secs: Math.max(1, Math.ceil(tokenTtlMs / 1000)),
      shapes,
      client_id: clientId,
      client_secret: clientSecret,
    };
    let nativeSandbox;
    try {
      nativeSandbox = new native.NativeSandbox(settings);
    } catch (error) {
      throw invalid('options', error.message);
    }
    return new Sandbox(nativeSandbox, clientId, clientSecret);
  }

  constructor(nativeSandbox, clientId, clientSecret) {
    Object.defineProperty(this, '_native', { value: nativeSandbox, enumerable: false });
    this.url = nativeSandbox.url;
    this.clientId = clientId;
    // Not enumerable: `console.log(sandbox)` does not print it.
    Object.defineProperty(this, 'clientSecret', { value: clientSecret, enumerable: false });
  }

  _control(method, path, body = {}) {
    return this._native.control(method, path, body);
  }

  /** A Client of this sandbox with its credentials; `options` as for `new Client()`. */
  client(options = {}) {
    return new Client({ clientId: this.clientId, clientSecret: this.clientSecret, baseUrl: this.url, ...options });
  }

  /**
   * Settles a pending payment request as the payer would: `paid` (creating its transaction),
   * `expired` or `cancelled`, given as `'expired'` or `{ status: 'expired' }` (default paid).
   */
  async settlePaymentRequest(id, settlement = {}) {
    if (typeof settlement !== 'string' && (settlement === null || typeof settlement !== 'object')) {
      throw invalid('status', `give 'paid', 'expired' or 'cancelled' (or { status }), not ${settlement}`);
    }
    const { status = 'paid' } = typeof settlement === 'string' ? { status: settlement } : settlement;
    if (typeof status !== 'string' || !Object.hasOwn(SETTLED, status)) throw invalid('status', `must be one of ${Object.keys(SETTLED).join(', ')}, not ${status}`);
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
    if (typeof mode !== 'string' || !Object.hasOwn(MODES, mode)) throw invalid('mode', `must be one of ${Object.keys(MODES).join(', ')}, not ${mode}`);
    const fault = { kind: MODES[mode], status, count, ms: Math.ceil(delayMs) };
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
