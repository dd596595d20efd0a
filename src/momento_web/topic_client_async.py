"""``TopicClientAsync``: Momento Topics over gRPC-web, in the browser or on CPython.

Publishing is a unary call bounded by the configuration's deadline. Subscribing is a server stream with no
deadline at all: it lives until unsubscribed, and resumes by itself after broken or silent streams
(:mod:`momento_web.internal.topics.stream`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from momento_web._messages import cachepubsub as pb
from momento_web._messages import common
from momento_web.auth import CredentialProvider
from momento_web.config import TopicConfiguration
from momento_web.errors.exceptions import ClientResourceExhaustedException, InvalidArgumentException
from momento_web.internal.client_base import ClientBase
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.services import Service
from momento_web.internal.topics.resume import Backoff, ResumePosition
from momento_web.internal.topics.stream import SubscriptionStream
from momento_web.internal.validation import validate_int, validate_name
from momento_web.internal.webhooks import WebhookMethods, webhook_channel
from momento_web.responses import TopicPublish, TopicPublishResponse, TopicSubscribe, TopicSubscribeResponse

_PUBSUB = "/cache_client.pubsub.Pubsub/"
_UINT64_MAX = 2**64 - 1


class TopicClientAsync(ClientBase, WebhookMethods):
    """Mirrors ``momento.TopicClientAsync``, plus the JS web SDK's webhook methods (``put_webhook`` and the rest,
    :mod:`momento_web.internal.webhooks`). Every method returns a response; none raises.

    ``async with TopicClientAsync(TopicConfigurations.Browser.latest(), credentials) as client: ...``
    """

    def __init__(self, configuration: TopicConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(configuration, credential_provider)
        url = credential_provider.cache_url
        # Two channels, each announcing itself on its first call, like the JS web SDK's two pubsub clients.
        self._timeout = configuration.get_client_timeout().total_seconds()
        self._publisher = self._channel(url, "topic", timeout=self._timeout, metadata=self._auth_metadata)
        self._subscriber = self._channel(url, "topic", timeout=None, metadata=self._auth_metadata)
        self._webhooks = webhook_channel(self, credential_provider)  # put_webhook & co. (internal/webhooks.py)
        self._limit = configuration.get_subscription_limit()
        self._backoff = (
            configuration.get_resume_backoff().total_seconds(),
            configuration.get_max_resume_backoff().total_seconds(),
        )
        heartbeat_timeout = configuration.get_heartbeat_timeout()
        self._idle_timeout = None if heartbeat_timeout is None else heartbeat_timeout.total_seconds()
        self._streams: set[SubscriptionStream] = set()

    async def close(self) -> None:
        """Unsubscribe every subscription, then release the connections."""
        for stream in list(self._streams):
            await stream.aclose()
        await super().close()

    @errors_as_values(TopicPublish.Error, Service.TOPICS)
    async def publish(self, cache_name: str, topic_name: str, value: str | bytes) -> TopicPublishResponse:
        """Publish ``value``: a ``str`` arrives as ``Text``, ``bytes`` as ``Binary``."""
        request = pb._PublishRequest(
            cache_name=validate_name(cache_name, "Cache", Service.TOPICS),
            topic=validate_name(topic_name, "Topic", Service.TOPICS),
            value=_topic_value(value),
        )
        await self._publisher.unary(_PUBSUB + "Publish", request, common._Empty, cache=request.cache_name)
        return TopicPublish.Success()

    @errors_as_values(TopicSubscribe.Error, Service.TOPICS)
    async def subscribe(
        self,
        cache_name: str,
        topic_name: str,
        resume_at_topic_sequence_number: int = 0,
        resume_at_topic_sequence_page: int = 0,
    ) -> TopicSubscribeResponse:
        """Subscribe; returns once the server has accepted (its first message arrived, within the deadline).

        That first message is normally a heartbeat; anything else is accepted and delivered too
        (docs/protocol/sdk-quirks.md, quirk 1: servers send a heartbeat first, clients accept both).

        0 (the default) starts with the most recent items the server still retains (Momento delivers an item
        published just before you subscribe), then new ones. With ``resume_at_topic_sequence_number`` N > 0 the
        subscription starts at item N of the page given, as far as the server still has it; page 0 means the
        topic's current page (docs/protocol/topics.md).

        A broken stream, or one silent beyond the configuration's ``heartbeat_timeout``, is replaced by one that
        resumes after the last item seen, and a gap is reported as a ``Discontinuity``. Until the first item
        (or discontinuity) there is no such position, since heartbeats carry none: a stream broken before then
        resumes "from now", so items published while it reconnects can be missed without a discontinuity.
        """
        cache_name = validate_name(cache_name, "Cache", Service.TOPICS)
        topic_name = validate_name(topic_name, "Topic", Service.TOPICS)
        position = ResumePosition.starting_at(
            _sequence(resume_at_topic_sequence_number, "resume_at_topic_sequence_number"),
            _sequence(resume_at_topic_sequence_page, "resume_at_topic_sequence_page"),
        )
        if len(self._streams) >= self._limit:
            raise ClientResourceExhaustedException(
                f"Maximum number of active subscriptions ({self._limit}) reached", Service.TOPICS
            )

        def open_stream(resume_at: int, page: int) -> AsyncIterator[pb._SubscriptionItem]:
            request = pb._SubscriptionRequest(
                cache_name=cache_name, topic=topic_name, resume_at_topic_sequence_number=resume_at, sequence_page=page
            )
            return self._subscriber.server_stream(_PUBSUB + "Subscribe", request, pb._SubscriptionItem)

        # The deadline bounds only the wait for each stream's first message, never the subscription.
        stream = SubscriptionStream(
            open_stream,
            position,
            Backoff(*self._backoff),
            lambda: self._streams.discard(stream),
            accept_timeout=self._timeout,
            idle_timeout=self._idle_timeout,
        )
        self._streams.add(stream)
        await stream.start()
        return TopicSubscribe.SubscriptionAsync(cache_name, topic_name, stream)


def _topic_value(value: object) -> pb._TopicValue:
    if isinstance(value, str):
        return pb._TopicValue(text=value)
    if isinstance(value, bytes):
        return pb._TopicValue(binary=value)
    raise InvalidArgumentException(f"Unsupported type for value: {type(value)}", Service.TOPICS)


def _sequence(value: object, what: str) -> int:
    number = validate_int(value, what, Service.TOPICS)
    if not 0 <= number <= _UINT64_MAX:
        raise InvalidArgumentException(f"{what} must be between 0 and {_UINT64_MAX}", Service.TOPICS)
    return number
