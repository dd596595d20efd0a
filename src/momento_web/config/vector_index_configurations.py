"""Prebuilt vector index client configurations (mirrors ``momento.config.vector_index_configurations``)."""

from __future__ import annotations

from datetime import timedelta

from momento_web.config.transport.transport_strategy import StaticGrpcConfiguration, StaticTransportStrategy
from momento_web.config.vector_index_configuration import VectorIndexConfiguration


class VectorIndexConfigurations:
    class Default(VectorIndexConfiguration):
        """120 s deadline: upserting a large batch into an index can take a while (momento 1.20.1's value)."""

        @staticmethod
        def v1() -> VectorIndexConfigurations.Default:
            return VectorIndexConfigurations.Default(
                StaticTransportStrategy(StaticGrpcConfiguration(timedelta(seconds=120)))
            )

        @staticmethod
        def latest() -> VectorIndexConfigurations.Default:
            return VectorIndexConfigurations.Default.v1()
