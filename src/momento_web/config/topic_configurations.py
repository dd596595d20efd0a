"""Prebuilt topic client configurations (mirrors ``momento.config.topic_configurations``)."""

from __future__ import annotations

from datetime import timedelta

from momento_web.config.topic_configuration import TopicConfiguration
from momento_web.config.transport.transport_strategy import StaticGrpcConfiguration, StaticTransportStrategy


class TopicConfigurations:
    class Default(TopicConfiguration):
        """5 s publish deadline, ``max_subscriptions=0``."""

        @staticmethod
        def v1() -> TopicConfigurations.Default:
            return TopicConfigurations.Default(
                StaticTransportStrategy(StaticGrpcConfiguration(timedelta(seconds=5))), max_subscriptions=0
            )

        @staticmethod
        def latest() -> TopicConfigurations.Default:
            return TopicConfigurations.Default.v1()
