"""The emulator's RPC table: every service contributes ``Rpc`` entries (see :mod:`momento_web.emulator.rpc`)."""

from __future__ import annotations

from momento_web.emulator.rpc import Rpc
from momento_web.emulator.services._common import translate_error
from momento_web.emulator.services.cache import CacheService
from momento_web.emulator.services.control import ControlService
from momento_web.emulator.services.ping import PingService
from momento_web.emulator.store import Store

__all__ = ["CacheService", "ControlService", "PingService", "build_rpcs", "translate_error"]


def build_rpcs(store: Store) -> list[Rpc]:
    return [*ControlService(store).rpcs(), *CacheService(store).rpcs(), *PingService().rpcs()]
