"""Prebuilt leaderboard client configurations (after the JS SDKs' ``LeaderboardConfigurations``)."""

from __future__ import annotations

from datetime import timedelta

from momento_web.config.leaderboard_configuration import LeaderboardConfiguration
from momento_web.config.transport.transport_strategy import StaticGrpcConfiguration, StaticTransportStrategy

_DEADLINE = timedelta(seconds=5)


def _static(deadline: timedelta) -> StaticTransportStrategy:
    return StaticTransportStrategy(StaticGrpcConfiguration(deadline))


class LeaderboardConfigurations:
    class Laptop(LeaderboardConfiguration):
        """Development from a laptop: 5 s deadline (the JS SDKs' ``LeaderboardConfigurations.Laptop``)."""

        @staticmethod
        def v1() -> LeaderboardConfigurations.Laptop:
            return LeaderboardConfigurations.Laptop(_static(_DEADLINE))

        @staticmethod
        def latest() -> LeaderboardConfigurations.Laptop:
            return LeaderboardConfigurations.Laptop.v1()

    class Browser(LeaderboardConfiguration):
        """A web page: 5 s deadline, what the JS web SDK's leaderboard client uses (momento-web's name for it)."""

        @staticmethod
        def v1() -> LeaderboardConfigurations.Browser:
            return LeaderboardConfigurations.Browser(_static(_DEADLINE))

        @staticmethod
        def latest() -> LeaderboardConfigurations.Browser:
            return LeaderboardConfigurations.Browser.v1()
