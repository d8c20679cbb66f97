"""The exception hierarchy (docs/behaviour.md, "Errors"). Every exception the SDK raises is an
:class:`AlternativePaymentsError`; catch a subclass for one case::

    try:
        client.customers.get("cus_missing")
    except alternative_payments.NotFoundError as err:
        print(err.status, err.request_id)
"""

from __future__ import annotations

from typing import Any, Dict, Optional


class AlternativePaymentsError(Exception):
    """Base class of every error raised by the SDK."""

    message: str
    status: Optional[int]
    code: Optional[str]
    request_id: Optional[str]
    body: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        code: Optional[str] = None,
        request_id: Optional[str] = None,
        body: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.body = body

    @classmethod
    def _from_native(cls, info: Dict[str, Any]) -> "AlternativePaymentsError":
        error = cls(
            info["message"],
            status=info.get("status"),
            code=info.get("code"),
            request_id=info.get("request_id"),
            body=info.get("body"),
        )
        error._set_details(info)
        return error

    def _set_details(self, info: Dict[str, Any]) -> None:
        """Subclasses read their own fields from the core's error description."""


class APIError(AlternativePaymentsError):
    """The API answered with an error status. ``status``, ``code``, ``message`` and
    ``request_id`` (quote it to support) say which."""

    status: int
    server_message: Optional[str]
    outcome_unknown: bool
    validation_errors: Dict[str, str]
    """What the server said about each refused field, e.g. ``{"email": "is required"}``."""

    def _set_details(self, info: Dict[str, Any]) -> None:
        self.server_message = info.get("server_message")
        self.outcome_unknown = bool(info.get("outcome_unknown", False))
        self.validation_errors = dict(info.get("validation_errors") or {})


class BadRequestError(APIError):
    """400: the request was malformed or missed a required field."""


class AuthenticationError(APIError):
    """401, or 403 from the token endpoint: the credentials or the token were refused."""


class PermissionDeniedError(APIError):
    """403: the token may not do this."""


class NotFoundError(APIError):
    """404: no such object."""


class ConflictError(APIError):
    """409: the object's state does not allow this."""


class UnprocessableEntityError(APIError):
    """422: understood but refused, e.g. an unsupported currency."""


class RateLimitError(APIError):
    """429 after every retry; ``retry_after`` is the wait the server asked for, in seconds."""

    retry_after: Optional[float]

    def _set_details(self, info: Dict[str, Any]) -> None:
        super()._set_details(info)
        self.retry_after = info.get("retry_after")


class InternalServerError(APIError):
    """5xx after every retry that was safe. For a create, ``outcome_unknown`` is True: the
    object may exist, and the SDK did not send it again."""


class APIConnectionError(AlternativePaymentsError):
    """The API could not be reached, or the connection broke. ``outcome_unknown`` is True
    when a create may have been applied (it is never sent again automatically)."""

    outcome_unknown: bool

    def _set_details(self, info: Dict[str, Any]) -> None:
        self.outcome_unknown = bool(info.get("outcome_unknown", False))


class APITimeoutError(APIConnectionError):
    """No answer within the timeout (or ``wait`` ran out of time)."""


class ResponseDecodeError(AlternativePaymentsError):
    """The answer was not what the API documents; ``body`` holds its start."""


class ConfigurationError(AlternativePaymentsError, ValueError):
    """A setting is missing or invalid; ``setting`` names it."""

    setting: Optional[str]

    def _set_details(self, info: Dict[str, Any]) -> None:
        self.setting = info.get("setting")


class InvalidArgumentError(AlternativePaymentsError, ValueError):
    """An argument was refused before anything was sent; ``argument`` names it."""

    argument: Optional[str]

    def _set_details(self, info: Dict[str, Any]) -> None:
        self.argument = info.get("argument")


class WebhookVerificationError(AlternativePaymentsError):
    """A webhook delivery did not carry the subscription's secret, or its body is not an event.
    Answer it with 401 and do not act on it."""


__all__ = [
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
]
