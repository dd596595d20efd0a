"""Leaderboard client configuration (after the JS SDKs' ``LeaderboardConfiguration``; no retry strategy)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.config._base import BaseConfiguration


@dataclass(frozen=True)
class LeaderboardConfiguration(BaseConfiguration):
    """Settings of a :class:`~momento_web.PreviewLeaderboardClientAsync`. Immutable; ``with_*`` methods return new
    objects. The deadline bounds each call (``grpc-timeout`` and a local abort)."""
