'use strict';
// The JavaScript face of the SDK: options and names, error classes, async iterators. All
// behaviour (auth, rate limiting, retries, paging, decoding) is in the Rust core, reached
// through the native addon.

const { native } = require('./native.js');

// One version for the crate, the wheel and this package: the workspace's (Cargo.toml).
const VERSION = native.version();

/** Base class of every error the SDK raises. */
class AlternativePaymentsError extends Error {
  constructor(message, fields = {}) {
    super(message);
    this.name = new.target.name;
    this.status = fields.status ?? null;
    this.code = fields.code ?? null;
    this.requestId = fields.requestId ?? null;
    this.body = fields.body ?? null;
  }
}
/** The API answered with an error status. */
class APIError extends AlternativePaymentsError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.serverMessage = fields.serverMessage ?? null;
    this.outcomeUnknown = fields.outcomeUnknown ?? false;
    this.validationErrors = fields.validationErrors ?? {};
  }
}
class BadRequestError extends APIError {}
class AuthenticationError extends APIError {}
class PermissionDeniedError extends APIError {}
class NotFoundError extends APIError {}
class ConflictError extends APIError {}
class UnprocessableEntityError extends APIError {}
class RateLimitError extends APIError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.retryAfter = fields.retryAfter ?? null;
  }
}
class InternalServerError extends APIError {}
/** The API could not be reached or the connection broke; see `outcomeUnknown`. */
class APIConnectionError extends AlternativePaymentsError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.outcomeUnknown = fields.outcomeUnknown ?? false;
  }
}
class APITimeoutError extends APIConnectionError {}
class ResponseDecodeError extends AlternativePaymentsError {}
class ConfigurationError extends AlternativePaymentsError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.setting = fields.setting ?? null;
  }
}
class InvalidArgumentError extends AlternativePaymentsError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.argument = fields.argument ?? null;
  }
}

/** A webhook delivery did not carry the subscription's secret, or its body is not an event: answer 401. */
class WebhookVerificationError extends AlternativePaymentsError {}
/** The call's `AbortSignal` aborted: its request was cancelled and nothing more is sent. */
class AbortError extends AlternativePaymentsError {}

const ERROR_CLASSES = {
  AlternativePaymentsError, APIError, BadRequestError, AuthenticationError, PermissionDeniedError,
  NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError, InternalServerError,
  APIConnectionError, APITimeoutError, ResponseDecodeError, ConfigurationError, InvalidArgumentError,
  WebhookVerificationError, AbortError,
};

/** The SDK's error class of each kind of core error (the `kind` the addon sets). */
const CLASS_OF_KIND = {
  bad_request: BadRequestError, authentication: AuthenticationError, permission_denied: PermissionDeniedError,
  not_found: NotFoundError, conflict: ConflictError, unprocessable_entity: UnprocessableEntityError,
  rate_limit: RateLimitError, internal_server: InternalServerError, api: APIError,
  connection: APIConnectionError, timeout: APITimeoutError, response_decode: ResponseDecodeError,
  configuration: ConfigurationError, invalid_argument: InvalidArgumentError,
  webhook_verification: WebhookVerificationError, cancelled: AbortError,
};

/** Turns an error from the addon (an Error with the core error's fields) into the SDK's error class. */
function translate(error) {
  if (!error || typeof error.kind !== 'string') {
    // The addon could not even read the arguments (a BigInt, a function, NaN...).
    return new InvalidArgumentError(`invalid argument: ${error && error.message}`, { argument: 'arguments' });
  }
  const ErrorClass = CLASS_OF_KIND[error.kind] || AlternativePaymentsError;
  return new ErrorClass(error.message, error);
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The options of `Client` or `withOptions`: anything but an object is a ConfigurationError. */
function optionsOf(what, options) {
  if (options === undefined || isPlainObject(options)) return options ?? {};
  throw new ConfigurationError(`invalid options: ${what} takes an object of options`, { setting: 'options' });
}

function argsOf(what, params) {
  if (params === undefined) return {};
  if (!isPlainObject(params)) {
    throw new InvalidArgumentError(`invalid argument \`params\`: ${what} takes an object of parameters`, { argument: 'params' });
  }
  // A Date (a time filter) goes as its RFC 3339 text in UTC; the core checks every value.
  if (!Object.values(params).some((value) => value instanceof Date)) return params;
  const converted = {};
  for (const [name, value] of Object.entries(params)) {
    if (value instanceof Date && Number.isNaN(value.getTime())) {
      throw new InvalidArgumentError(`invalid argument \`${name}\`: an invalid Date`, { argument: name });
    }
    converted[name] = value instanceof Date ? value.toISOString() : value;
  }
  return converted;
}

/** The `signal` of a method's last argument (`{ signal }`), or null. */
function signalOf(options) {
  if (options === undefined || options === null) return null;
  if (!isPlainObject(options) || Object.keys(options).some((name) => name !== 'signal')) {
    throw new InvalidArgumentError('invalid argument `options`: takes { signal } (an AbortSignal)', { argument: 'options' });
  }
  const { signal } = options;
  if (signal === undefined || signal === null) return null;
  if (typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function') {
    throw new InvalidArgumentError('invalid argument `signal`: must be an AbortSignal', { argument: 'signal' });
  }
  return signal;
}

function abortError(signal) {
  const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : '';
  return new AbortError(`the call was aborted${reason}`);
}

/**
 * Runs `start(token)` (a native call) so that aborting `signal` cancels it in the core (its
 * request and its place in the rate limiter are dropped) and rejects at once with AbortError.
 */
async function withSignal(signal, start) {
  if (signal === null) {
    try {
      return await start(undefined);
    } catch (error) {
      throw error instanceof AlternativePaymentsError ? error : translate(error);
    }
  }
  if (signal.aborted) throw abortError(signal);
  const token = new native.CancelToken();
  let onAbort;
  const aborted = new Promise((_, reject) => {
    onAbort = () => {
      token.cancel();
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const call = start(token).catch((error) => {
    throw error instanceof AlternativePaymentsError ? error : translate(error);
  });
  try {
    return await Promise.race([call, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Every item of a list, fetched page by page as it is iterated (`for await`). After an error
 * the list is not finished: calling `next()` (or a new `for await` over the same list) asks for
 * the page that failed again and goes on, so no item is skipped.
 */
class ListIterator {
  constructor(nativeClient, operation, args, signal = null) {
    this._native = nativeClient;
    this._operation = operation;
    this._args = args;
    this._signal = signal;
    this._pages = null;
    // The rest of the page in hand, parsed in one go, handed out one by one.
    this._buffered = [];
    this._next = 0;
  }
  _start() {
    if (this._pages === null) {
      try {
        this._pages = this._native.list(this._operation, this._args);
      } catch (error) {
        throw translate(error);
      }
    }
    return this._pages;
  }
  async next() {
    // Items of the page in hand come without a trip through the addon's runtime; only the
    // next page is awaited.
    if (this._signal?.aborted) throw abortError(this._signal);
    if (this._next === this._buffered.length) {
      let rest;
      try {
        rest = this._start().takeBuffered();
      } catch (error) {
        throw error instanceof AlternativePaymentsError ? error : translate(error);
      }
      if (rest === null) {
        const item = await withSignal(this._signal, (token) => this._start().nextItem(token));
        return item === null ? { done: true, value: undefined } : { done: false, value: JSON.parse(item) };
      }
      this._buffered = JSON.parse(rest);
      this._next = 0;
    }
    const value = this._buffered[this._next];
    this._buffered[this._next++] = undefined;
    return { done: false, value };
  }
  [Symbol.asyncIterator]() {
    return this;
  }
  /**
   * The remaining pages instead of the items. Like the items, it survives an error: the next
   * `next()` asks for the page that failed again.
   */
  pages() {
    const list = this;
    return {
      async next() {
        const page = await withSignal(list._signal, (token) => list._start().nextPage(token));
        return page === null ? { done: true, value: undefined } : { done: false, value: JSON.parse(page) };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

class Resource {
  constructor(nativeClient) {
    this._native = nativeClient;
  }
  async _call(operation, args, options) {
    const signal = signalOf(options);
    // The addon answers JSON text: V8's parser builds the objects in one step.
    return JSON.parse(await withSignal(signal, (token) => this._native.call(operation, args, token)));
  }
  _list(operation, args, options) {
    return new ListIterator(this._native, operation, args, signalOf(options));
  }
}

// The resource namespaces are generated from the core's declaration (`make generate`).
const { Customers, Invoices, PaymentRequests, Transactions, Payouts, Webhooks } = require('./resources.js')(Resource, argsOf);

/** The `Authorization` value from Node's `req.headers`, a Fetch `Headers`, or the value itself. */
function authorizationOf(headers) {
  if (headers === undefined || headers === null || typeof headers === 'string') return headers ?? null;
  if (typeof headers.get === 'function') return headers.get('authorization');
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization') return Array.isArray(value) ? value[0] : value;
  }
  return null;
}

/**
 * Checks a webhook delivery and returns its event. `body` is the raw body (a Buffer or a
 * string: with Express use `express.raw({ type: 'application/json' })`), `headers` the request's
 * headers (or the Authorization value), `secretKey` the secret given when subscribing. Throws
 * WebhookVerificationError when the secret does not match (in constant time) or the body is not
 * a JSON object; topics newer than the SDK are kept as they are.
 */
function constructWebhookEvent(body, headers, secretKey) {
  if (body instanceof Uint8Array && !Buffer.isBuffer(body)) {
    body = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  if (!(Buffer.isBuffer(body) || typeof body === 'string')) {
    throw new InvalidArgumentError('invalid argument `body`: must be the raw body, a Buffer or a string', { argument: 'body' });
  }
  if (typeof secretKey !== 'string') {
    throw new InvalidArgumentError('invalid argument `secretKey`: must be a string', { argument: 'secretKey' });
  }
  const authorization = authorizationOf(headers);
  try {
    return native.constructWebhookEvent(body, typeof authorization === 'string' ? authorization : null, secretKey);
  } catch (error) {
    throw translate(error);
  }
}

/** Gives `client` the native client and its resource namespaces. */
function attach(client, nativeClient) {
  Object.defineProperty(client, '_native', { value: nativeClient, enumerable: false });
  client.customers = new Customers(nativeClient);
  client.invoices = new Invoices(nativeClient);
  client.paymentRequests = new PaymentRequests(nativeClient);
  client.transactions = new Transactions(nativeClient);
  client.payouts = new Payouts(nativeClient);
  client.webhooks = new Webhooks(nativeClient);
  return client;
}

/**
 * The Alternative Payments client. Options not given come from the environment
 * (ALTERNATIVE_PAYMENTS_CLIENT_ID, _CLIENT_SECRET, _BASE_URL).
 */
class Client {
  constructor(options) {
    // Every option is checked by the core: a wrong type or an unknown name is a
    // ConfigurationError naming it, never an option silently dropped.
    const settings = {};
    for (const [name, value] of Object.entries(optionsOf('Client', options))) {
      if (value === undefined) continue;
      settings[name] = value instanceof URL ? value.href : value;
    }
    if (settings.userAgent === undefined) settings.userAgent = `alternative-payments-node/${VERSION}`;
    let nativeClient;
    try {
      nativeClient = new native.NativeClient(settings);
    } catch (error) {
      const translated = translate(error);
      throw translated instanceof InvalidArgumentError && translated.argument === 'arguments'
        ? new ConfigurationError(translated.message, { setting: 'options' })
        : translated;
    }
    attach(this, nativeClient);
  }
  /**
   * A client for some calls with other options (`timeoutMs`, `maxRetries`, `deadlineMs`),
   * sharing this one's connections, rate limiter and token: cheap to make per call.
   */
  withOptions(options) {
    const checked = optionsOf('withOptions', options);
    let nativeClient;
    try {
      nativeClient = this._native.withOptions(checked);
    } catch (error) {
      throw translate(error);
    }
    return attach(Object.create(Client.prototype), nativeClient);
  }
  /** The base URL in use. */
  get baseUrl() {
    return this._native.settings().baseUrl;
  }
  toString() {
    const s = this._native.settings();
    const deadline = s.deadlineMs === null ? '' : `, deadlineMs=${s.deadlineMs}`;
    return `Client(clientId=${s.clientId}, baseUrl=${s.baseUrl}, timeoutMs=${s.timeoutMs}, maxRetries=${s.maxRetries}${deadline}, rateLimit=${s.rateLimit})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    return this.toString();
  }
}

module.exports = {
  Client,
  Customers,
  Invoices,
  PaymentRequests,
  Transactions,
  Payouts,
  Webhooks,
  ListIterator,
  constructWebhookEvent,
  VERSION,
  WEBHOOK_TOPICS: Object.freeze(native.webhookTopics()),
  OPERATIONS: native.operationNames(),
  OPERATION_SPECS: native.operationSpecs(),
  ...ERROR_CLASSES,
};
