"""When a failed request is tried again, and after how long."""

from __future__ import annotations

import datetime
import email.utils
import math
import random
import time
from collections.abc import Callable

import httpx

__all__ = ["INITIAL_RETRY_DELAY", "MAX_RETRY_AFTER", "MAX_RETRY_DELAY", "retry_delay", "should_retry"]

INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 120.0  # a server asking for a longer wait is not retried at all
RETRYABLE_STATUS = frozenset({408, 409, 429})


def retry_delay(retries_taken: int, headers: httpx.Headers | None, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before the next attempt.

    The server's ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date) is honoured up to
    120 s; otherwise ``min(0.5 * 2**n, 8)`` seconds, shortened by up to 25 % of jitter.
    """
    if headers is not None:
        suggested = retry_after(headers)
        if suggested is not None and 0 <= suggested <= MAX_RETRY_AFTER:
            return suggested
    delay = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 1000), MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * rand())


def retry_after(headers: httpx.Headers) -> float | None:
    """The wait the server asks for in seconds (``retry-after-ms`` first), if it says one; past dates give 0."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            value = float(milliseconds) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return value
    text = headers.get("retry-after")
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        return value if math.isfinite(value) else None
    try:
        # A malformed date (e.g. "31 Feb") raises here: it is ignored, never an error of the call.
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:  # "-0000" means UTC without a named zone (RFC 5322)
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return max(parsed.timestamp() - time.time(), 0.0)


def should_retry(response: httpx.Response) -> bool:
    """Whether a failed response is worth another attempt.

    Never when the server asks to wait longer than 120 s; then ``x-should-retry`` decides, then the status
    (408, 409, 429 and 5xx).
    """
    suggested = retry_after(response.headers)
    if suggested is not None and suggested > MAX_RETRY_AFTER:
        return False
    verdict = response.headers.get("x-should-retry")
    if verdict == "true":
        return True
    if verdict == "false":
        return False
    return response.status_code in RETRYABLE_STATUS or response.status_code >= 500
