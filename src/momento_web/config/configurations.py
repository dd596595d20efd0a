"""Prebuilt cache client configurations (mirrors ``momento.config.configurations``)."""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import TYPE_CHECKING

from momento_web.config.configuration import Configuration
from momento_web.config.transport.transport_strategy import StaticGrpcConfiguration, StaticTransportStrategy

if TYPE_CHECKING:
    from momento_web.retry import RetryStrategy


@functools.cache
def _retries() -> RetryStrategy:
    """momento's prebuilt configurations retry eligible calls up to 3 times; one shared (immutable) strategy,
    made on first use (Browser does not retry, and a page need not load the retry classes)."""
    from momento_web.retry import FixedCountRetryStrategy

    return FixedCountRetryStrategy(max_attempts=3)


def _static(deadline: timedelta, *, keepalive: bool = True) -> StaticTransportStrategy:
    if keepalive:
        return StaticTransportStrategy(StaticGrpcConfiguration(deadline))
    return StaticTransportStrategy(
        StaticGrpcConfiguration(
            deadline, keepalive_permit_without_calls=False, keepalive_time=None, keepalive_timeout=None
        )
    )


class Configurations:
    """``Laptop``, ``InRegion.Default``, ``InRegion.LowLatency``, ``Lambda`` as in the official SDK (with its
    ``FixedCountRetryStrategy(max_attempts=3)``), plus ``Browser`` (5 s and no retries, like the JS web SDK's
    defaults)."""

    class Laptop(Configuration):
        """Development from a laptop: lenient 15 s deadline."""

        @staticmethod
        def v1() -> Configurations.Laptop:
            return Configurations.Laptop(_static(timedelta(seconds=15)), _retries())

        @staticmethod
        def latest() -> Configurations.Laptop:
            return Configurations.Laptop.v1()

    class Browser(Configuration):
        """A web page talking to Momento over the internet: 5 s deadline (momento-web addition)."""

        @staticmethod
        def v1() -> Configurations.Browser:
            return Configurations.Browser(_static(timedelta(seconds=5)))

        @staticmethod
        def latest() -> Configurations.Browser:
            return Configurations.Browser.v1()

    class InRegion:
        """Servers in the same cloud region as the cache."""

        class Default(Configuration):
            """1100 ms deadline."""

            @staticmethod
            def v1() -> Configurations.InRegion.Default:
                return Configurations.InRegion.Default(_static(timedelta(milliseconds=1100)), _retries())

            @staticmethod
            def latest() -> Configurations.InRegion.Default:
                return Configurations.InRegion.Default.v1()

        class LowLatency(Configuration):
            """500 ms deadline."""

            @staticmethod
            def v1() -> Configurations.InRegion.LowLatency:
                return Configurations.InRegion.LowLatency(_static(timedelta(milliseconds=500)), _retries())

            @staticmethod
            def latest() -> Configurations.InRegion.LowLatency:
                return Configurations.InRegion.LowLatency.v1()

    class Lambda(Configuration):
        """AWS Lambda: 1100 ms deadline, keepalive disabled (meaningless over gRPC-web)."""

        @staticmethod
        def latest() -> Configurations.Lambda:
            return Configurations.Lambda(_static(timedelta(milliseconds=1100), keepalive=False), _retries())
