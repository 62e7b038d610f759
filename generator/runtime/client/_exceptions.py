"""Errors raised by the client. ``ClientError`` is the root of all of them."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientError",
    "ConflictError",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "PollTimeoutError",
    "RateLimitError",
    "RequestValidationError",
    "UnprocessableEntityError",
]


class ClientError(Exception):
    """Root of every error this package raises."""


class MissingAPIKeyError(ClientError):
    """No ``api_key`` argument and no API key in the environment."""


class RequestValidationError(ClientError, ValueError):
    """A request argument breaks the API's constraints; raised before any I/O.

    ``field`` names the argument (dotted for nested members, e.g. ``files.0.file_id``); the message
    starts with it unless ``standalone`` (a message that names the argument itself).
    """

    def __init__(
        self, field: str, message: str, errors: list[dict[str, Any]] | None = None, *, standalone: bool = False
    ) -> None:
        super().__init__(f"{field}: {message}" if field and not standalone else message)
        self.field = field
        self.errors = errors or []


class APIError(ClientError):
    """An error talking to the API: a status error, a connection problem or a bad response."""

    def __init__(self, message: str, request: httpx.Request, *, body: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status."""

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")
        details = body if isinstance(body, dict) else {}  # the body's `error` object when it has one
        self.code = details.get("code")
        self.param = details.get("param")
        self.type = details.get("type")


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """A 5xx status."""


class APIConnectionError(APIError):
    """The request could not be sent or the connection broke before a response arrived."""

    def __init__(self, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(request, "Request timed out.")


class APIResponseValidationError(APIError):
    """A successful response whose body is not valid JSON or does not fit the response model."""

    def __init__(self, message: str, *, response: httpx.Response, body: object | None = None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code


class PollTimeoutError(ClientError):
    """Polling passed ``max_wait_seconds`` before a terminal status; ``last`` is the last object seen."""

    def __init__(self, message: str, last: object) -> None:
        super().__init__(message)
        self.last = last


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for an HTTP error status."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)
