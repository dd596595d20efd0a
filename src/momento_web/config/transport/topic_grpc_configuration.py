"""Per-request settings of topic clients (mirrors ``momento.config.transport.topic_grpc_configuration``).

Topics use the same settings type as caches.
"""

from momento_web.config.transport.grpc_configuration import GrpcConfiguration

TopicGrpcConfiguration = GrpcConfiguration

__all__ = ["TopicGrpcConfiguration"]
