"""Response of ``TopicClientAsync.publish``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.errors import SdkException
from momento_web.responses.mixins import ErrorResponseMixin
from momento_web.responses.response import PubsubResponse


class TopicPublishResponse(PubsubResponse):
    """``TopicPublish.Success`` or ``TopicPublish.Error``."""


class TopicPublish:
    @dataclass(frozen=True)
    class Success(TopicPublishResponse):
        pass

    @dataclass(frozen=True)
    class Error(TopicPublishResponse, ErrorResponseMixin):
        _error: SdkException
