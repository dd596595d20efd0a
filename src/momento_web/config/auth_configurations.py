"""Prebuilt auth client configurations (mirrors ``momento.config.auth_configurations``)."""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import TYPE_CHECKING

from momento_web.config.auth_configuration import AuthConfiguration
from momento_web.config.transport.transport_strategy import StaticGrpcConfiguration, StaticTransportStrategy

if TYPE_CHECKING:
    from momento_web.retry import RetryStrategy


@functools.cache
def _retries() -> RetryStrategy:
    """momento's prebuilt configurations retry eligible calls up to 3 times; one shared (immutable) strategy,
    made on first use (Browser does not retry, and a page need not load the retry classes)."""
    from momento_web.retry import FixedCountRetryStrategy

    return FixedCountRetryStrategy(max_attempts=3)


def _static(deadline: timedelta) -> StaticTransportStrategy:
    return StaticTransportStrategy(StaticGrpcConfiguration(deadline))


class AuthConfigurations:
    class Laptop(AuthConfiguration):
        """15 s deadline."""

        @staticmethod
        def v1() -> AuthConfigurations.Laptop:
            return AuthConfigurations.Laptop(_static(timedelta(seconds=15)), _retries())

        @staticmethod
        def latest() -> AuthConfigurations.Laptop:
            return AuthConfigurations.Laptop.v1()

    class Browser(AuthConfiguration):
        """5 s deadline (momento-web addition)."""

        @staticmethod
        def v1() -> AuthConfigurations.Browser:
            return AuthConfigurations.Browser(_static(timedelta(seconds=5)))

        @staticmethod
        def latest() -> AuthConfigurations.Browser:
            return AuthConfigurations.Browser.v1()

    class InRegion:
        class Default(AuthConfiguration):
            """1100 ms deadline."""

            @staticmethod
            def v1() -> AuthConfigurations.InRegion.Default:
                return AuthConfigurations.InRegion.Default(_static(timedelta(milliseconds=1100)), _retries())

            @staticmethod
            def latest() -> AuthConfigurations.InRegion.Default:
                return AuthConfigurations.InRegion.Default.v1()

        class LowLatency(AuthConfiguration):
            """500 ms deadline."""

            @staticmethod
            def v1() -> AuthConfigurations.InRegion.LowLatency:
                return AuthConfigurations.InRegion.LowLatency(_static(timedelta(milliseconds=500)), _retries())

            @staticmethod
            def latest() -> AuthConfigurations.InRegion.LowLatency:
                return AuthConfigurations.InRegion.LowLatency.v1()

    class Lambda(AuthConfiguration):
        """1100 ms deadline."""

        @staticmethod
        def latest() -> AuthConfigurations.Lambda:
            return AuthConfigurations.Lambda(_static(timedelta(milliseconds=1100)), _retries())
