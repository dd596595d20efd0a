"""Response of ``TopicClientAsync.publish``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import PubsubResponse


class TopicPublishResponse(PubsubResponse):
    """``TopicPublish.Success`` or ``TopicPublish.Error``."""


class TopicPublish:
    class Success(TopicPublishResponse, Unit): ...

    class Error(TopicPublishResponse, ErrorVariant): ...
