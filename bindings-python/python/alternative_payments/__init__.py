"""Alternative Payments SDK for Python.

>>> import alternative_payments
>>> client = alternative_payments.Client(base_url="http://127.0.0.1:8080")  # doctest: +SKIP
>>> customer = client.customers.create(name="Acme Inc.", email="billing@acme.com")  # doctest: +SKIP

All behaviour comes from the Rust core shared with the Node and other bindings: the
5 requests/s limit is respected before sending, a create is never sent twice, and lists are
fetched lazily.
"""

from . import _native
from ._base import AsyncListIterator, AsyncPageIterator, ListIterator, PageIterator, TimeFilter
from ._client import AsyncClient, Client, __version__
from ._resources import (
    AsyncCustomers,
    AsyncInvoices,
    AsyncPaymentRequests,
    AsyncPayouts,
    AsyncTransactions,
    AsyncWebhooks,
    Customers,
    Invoices,
    PaymentRequests,
    Payouts,
    Transactions,
    Webhooks,
)
from ._errors import (
    AlternativePaymentsError,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    UnprocessableEntityError,
    WebhookVerificationError,
)
from ._models import (
    Customer,
    CustomerUser,
    Fee,
    Invoice,
    LineItem,
    Model,
    Page,
    PaymentMethod,
    PaymentRequest,
    Payout,
    Reconciliation,
    Transaction,
    WebhookEvent,
    WebhookSubscription,
)

#: The webhook topics the API's reference lists (``invoice_paid``, ...). A topic not listed here
#: is still passed through and kept: the server decides.
WEBHOOK_TOPICS: tuple[str, ...] = tuple(_native.WEBHOOK_TOPICS)

__all__ = [
    "Client",
    "AsyncClient",
    "AsyncCustomers",
    "AsyncInvoices",
    "AsyncPaymentRequests",
    "AsyncTransactions",
    "AsyncPayouts",
    "AsyncWebhooks",
    "AsyncListIterator",
    "AsyncPageIterator",
    "Customers",
    "Invoices",
    "PaymentRequests",
    "Transactions",
    "Payouts",
    "Webhooks",
    "ListIterator",
    "Page",
    "Model",
    "Customer",
    "CustomerUser",
    "PaymentMethod",
    "LineItem",
    "Fee",
    "Invoice",
    "PaymentRequest",
    "Transaction",
    "Payout",
    "Reconciliation",
    "WebhookSubscription",
    "WebhookEvent",
    "PageIterator",
    "TimeFilter",
    "WEBHOOK_TOPICS",
    "AlternativePaymentsError",
    "APIError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "APIConnectionError",
    "APITimeoutError",
    "ResponseDecodeError",
    "ConfigurationError",
    "InvalidArgumentError",
    "WebhookVerificationError",
    "__version__",
]
from . import webhooks  # noqa: E402  (alternative_payments.webhooks.construct_event)
