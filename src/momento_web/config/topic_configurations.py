"""Prebuilt topic client configurations (mirrors ``momento.config.topic_configurations``)."""

from __future__ import annotations

from datetime import timedelta

from momento_web.config.topic_configuration import TopicConfiguration
from momento_web.config.transport.transport_strategy import StaticGrpcConfiguration, StaticTransportStrategy


def _five_seconds() -> StaticTransportStrategy:
    return StaticTransportStrategy(StaticGrpcConfiguration(timedelta(seconds=5)))


class TopicConfigurations:
    class Default(TopicConfiguration):
        """5 s publish deadline, ``max_subscriptions=0`` (100), resume after 0.5 s doubling up to 30 s; a
        subscription stream silent for 30 s (no heartbeat) is resumed."""

        @staticmethod
        def v1() -> TopicConfigurations.Default:
            return TopicConfigurations.Default(_five_seconds(), max_subscriptions=0)

        @staticmethod
        def latest() -> TopicConfigurations.Default:
            return TopicConfigurations.Default.v1()

    class Browser(TopicConfiguration):
        """A web page (momento-web addition, after the JS web SDK's ``TopicConfigurations.Browser``): the JS web
        SDK's 5 s publish deadline, 100 subscriptions and 0.5 s resume delay; a stream silent for 30 s (a laptop
        that slept) is resumed."""

        @staticmethod
        def v1() -> TopicConfigurations.Browser:
            return TopicConfigurations.Browser(_five_seconds(), max_subscriptions=0)

        @staticmethod
        def latest() -> TopicConfigurations.Browser:
            return TopicConfigurations.Browser.v1()
