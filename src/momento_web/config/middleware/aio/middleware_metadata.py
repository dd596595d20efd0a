"""Request and response metadata as async middlewares see it (mirrors ``momento.config.middleware.aio``'s
``MiddlewareMetadata``, whose ``grpc_metadata`` is a ``grpc.aio.Metadata``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, KeysView
from dataclasses import dataclass

MetadataValue = str | bytes


class Metadata:
    """A multimap of header names to values, with ``grpc.aio.Metadata``'s interface.

    ``metadata[key]`` is the first value, ``metadata[key] = value`` replaces it (or adds the key), ``add`` appends
    another value, ``get_all``/``set_all`` see every value, and iterating yields ``(key, value)`` pairs. Keys are
    lower-case header names. A ``bytes`` value is sent base64-encoded under a ``-bin`` key, as gRPC does.
    """

    __slots__ = ("_values",)

    def __init__(self, *pairs: tuple[str, MetadataValue]) -> None:
        self._values: dict[str, list[MetadataValue]] = {}
        for key, value in pairs:
            self.add(key, value)

    @classmethod
    def from_tuple(cls, pairs: Iterable[tuple[str, MetadataValue]]) -> Metadata:
        return cls(*pairs)

    def add(self, key: str, value: MetadataValue) -> None:
        self._values.setdefault(key, []).append(value)

    def __len__(self) -> int:
        return sum(len(values) for values in self._values.values())

    def __getitem__(self, key: str) -> MetadataValue:
        values = self._values.get(key)
        if not values:
            raise KeyError(key)
        return values[0]

    def __setitem__(self, key: str, value: MetadataValue) -> None:
        values = self._values.get(key)
        self._values[key] = [value, *values[1:]] if values else [value]

    def __delitem__(self, key: str) -> None:
        """Deletes the first value of ``key``."""
        values = self._values.get(key)
        if not values:
            raise KeyError(key)
        del values[0]
        if not values:
            del self._values[key]

    def delete_all(self, key: str) -> None:
        del self._values[key]

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[tuple[str, MetadataValue]]:
        for key, values in self._values.items():
            for value in values:
                yield key, value

    def keys(self) -> KeysView[str]:
        return self._values.keys()

    def get(self, key: str, default: MetadataValue | None = None) -> MetadataValue | None:
        values = self._values.get(key)
        return values[0] if values else default

    def get_all(self, key: str) -> list[MetadataValue]:
        return self._values.get(key, [])

    def set_all(self, key: str, values: list[MetadataValue]) -> None:
        self._values[key] = list(values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Metadata):
            return self._values == other._values
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Metadata({tuple(self)!r})"


@dataclass
class MiddlewareMetadata:
    """Wraps the metadata of a request or response; return one with changed ``grpc_metadata`` to change it."""

    grpc_metadata: Metadata | None
