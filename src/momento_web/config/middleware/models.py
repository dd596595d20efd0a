"""What middleware request handlers are given (mirrors ``momento.config.middleware.models``)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.wire.protobuf import Message
from momento_web.wire.status import StatusCode

CONNECTION_ID_KEY = "connectionID"
"""The context key naming the channel a request goes out on (one id per channel of a client)."""


@dataclass
class MiddlewareMessage:
    """A request or response message. Return one with another ``grpc_message`` to replace it."""

    grpc_message: Message

    @property
    def message_length(self) -> int:
        """Size of the serialized message in bytes."""
        return len(self.grpc_message.SerializeToString())

    @property
    def constructor_name(self) -> str:
        """The message's class name, e.g. ``_GetRequest``."""
        return type(self.grpc_message).__name__

    # The accessor style of later momento releases, so middlewares written for either work.
    def get_message_length(self) -> int:
        return self.message_length

    def get_constructor_name(self) -> str:
        return self.constructor_name

    def get_message(self) -> Message:
        return self.grpc_message


@dataclass
class MiddlewareStatus:
    """The status a request ended with (``StatusCode.OK`` on success)."""

    grpc_status: StatusCode

    def get_code(self) -> StatusCode:
        return self.grpc_status


@dataclass
class MiddlewareRequestHandlerContext:
    """Facts about where a request goes: ``context[CONNECTION_ID_KEY]`` identifies its channel."""

    context: dict[str, str]

    def get_context(self) -> dict[str, str]:
        return self.context
