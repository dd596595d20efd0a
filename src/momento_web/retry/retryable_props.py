"""What a retry strategy is told about a failed attempt (mirrors ``momento.retry.retryable_props``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from momento_web.wire.status import StatusCode


@dataclass
class RetryableProps:
    """One failed attempt of a call.

    ``grpc_status`` is the status the attempt ended with (:class:`~momento_web.wire.status.StatusCode`, the
    codes of ``grpc.StatusCode``); ``grpc_method`` the call's path, e.g. ``/cache_client.Scs/Get``;
    ``attempt_number`` counts from 1; ``overall_deadline`` is when the first attempt's deadline ran out (local time,
    naive, as ``datetime.now()``), or None for calls without a deadline.
    """

    grpc_status: StatusCode
    grpc_method: str
    attempt_number: int
    overall_deadline: datetime | None = None
