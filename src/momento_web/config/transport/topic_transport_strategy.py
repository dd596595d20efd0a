"""Transport settings of topic clients (mirrors ``momento.config.transport.topic_transport_strategy``).

Topics use the same strategy types as caches; these names are aliases.
"""

from momento_web.config.transport.transport_strategy import (
    StaticGrpcConfiguration,
    StaticTransportStrategy,
    TransportStrategy,
)

TopicTransportStrategy = TransportStrategy
StaticTopicTransportStrategy = StaticTransportStrategy
StaticTopicGrpcConfiguration = StaticGrpcConfiguration

__all__ = ["StaticTopicGrpcConfiguration", "StaticTopicTransportStrategy", "TopicTransportStrategy"]
