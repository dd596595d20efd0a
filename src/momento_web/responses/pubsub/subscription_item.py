"""What a topic subscription yields: ``TopicSubscriptionItem.Text``, ``.Binary`` and ``.Error``, and on request
``.Heartbeat`` and ``.Discontinuity``.

``Text``/``Binary`` take the official SDK's fields (value, sequence number, sequence page) plus ``publisher_id``, the
publisher's token id (empty when it published without a disposable token), as the JS web SDK's ``tokenId()``;
``str()``/``repr()`` leave it out, so they print what the official SDK prints. ``Success`` is the official SDK's
deprecated variant, never produced.
An ``Error`` is always the last item of a subscription.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from momento_web.errors import SdkException
from momento_web.responses.mixins import ErrorResponseMixin, ValueStringMixin
from momento_web.responses.response import PubsubResponse

ValueT = TypeVar("ValueT", str, bytes)


class TopicSubscriptionItemResponse(PubsubResponse):
    """One event of a subscription."""


@dataclass(frozen=True)
class _Item(Generic[ValueT]):
    """The fields of ``Text`` and ``Binary``; equality and ``repr`` still tell the two apart."""

    value: ValueT
    sequence_number: int = 0
    sequence_page: int = 0
    publisher_id: str = field(default="", repr=False)


class TopicSubscriptionItem:
    @dataclass(frozen=True)
    class Success(TopicSubscriptionItemResponse, ValueStringMixin):
        """Deprecated in the official SDK (use ``Text`` or ``Binary``); kept for code that matches on it."""

        value_bytes: bytes

        def __post_init__(self) -> None:
            warnings.warn(
                "TopicSubscriptionItem.Success is deprecated: subscriptions yield Text or Binary",
                DeprecationWarning,
                stacklevel=3,
            )

    class Text(_Item[str], TopicSubscriptionItemResponse):
        pass

    class Binary(_Item[bytes], TopicSubscriptionItemResponse):
        pass

    @dataclass(frozen=True)
    class Heartbeat(TopicSubscriptionItemResponse):
        """The server's keep-alive; delivered only to consumers that ask for heartbeats."""

    @dataclass(frozen=True)
    class Discontinuity(TopicSubscriptionItemResponse):
        """Items after ``last_sequence_number`` up to ``new_sequence_number`` were missed (or, on a new
        ``new_sequence_page``, the topic was reset); delivered only to consumers that ask for discontinuities.

        An item whose value is neither text nor binary (a kind newer than this client) is reported as missed
        too, as ``Discontinuity(n - 1, n, page)``: an ``Error`` would end the subscription."""

        last_sequence_number: int
        new_sequence_number: int
        new_sequence_page: int

    @dataclass(frozen=True)
    class Error(TopicSubscriptionItemResponse, ErrorResponseMixin):
        """The subscription ended for a reason that resuming cannot fix; nothing follows it."""

        _error: SdkException
