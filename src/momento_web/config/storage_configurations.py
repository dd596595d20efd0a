"""Prebuilt storage client configurations (after the JS SDKs' ``StorageConfigurations``)."""

from __future__ import annotations

from datetime import timedelta

from momento_web.config.storage_configuration import StorageConfiguration
from momento_web.config.transport.transport_strategy import StaticGrpcConfiguration, StaticTransportStrategy


def _static(deadline: timedelta) -> StaticTransportStrategy:
    return StaticTransportStrategy(StaticGrpcConfiguration(deadline))


class StorageConfigurations:
    class Laptop(StorageConfiguration):
        """Development from a laptop: 5 s deadline (the JS SDK's ``StorageConfigurations.Laptop``)."""

        @staticmethod
        def v1() -> StorageConfigurations.Laptop:
            return StorageConfigurations.Laptop(_static(timedelta(seconds=5)))

        @staticmethod
        def latest() -> StorageConfigurations.Laptop:
            return StorageConfigurations.Laptop.v1()

    class Browser(StorageConfiguration):
        """A web page: 10 s deadline, what the JS web SDK's storage client used (momento-web addition)."""

        @staticmethod
        def v1() -> StorageConfigurations.Browser:
            return StorageConfigurations.Browser(_static(timedelta(seconds=10)))

        @staticmethod
        def latest() -> StorageConfigurations.Browser:
            return StorageConfigurations.Browser.v1()
