"""Responses of topic operations (``TopicClientAsync``)."""

from momento_web.responses.pubsub.publish import TopicPublish, TopicPublishResponse
from momento_web.responses.pubsub.subscribe import TopicSubscribe, TopicSubscribeResponse
from momento_web.responses.pubsub.subscription_item import TopicSubscriptionItem, TopicSubscriptionItemResponse

__all__ = [
    "TopicPublish",
    "TopicPublishResponse",
    "TopicSubscribe",
    "TopicSubscribeResponse",
    "TopicSubscriptionItem",
    "TopicSubscriptionItemResponse",
]
