"""Test-only admin API (``--enable-test-admin``): plain HTTP + JSON under ``/_test_admin/`` on the data port.

gRPC paths always look like ``/<package>.<Service>/<Method>``, so this prefix can never shadow an RPC. Routes:

* ``GET  /_test_admin/topics[?cache=C&topic=T]`` → ``{"live_streams": n, "blocked": b[, "subscribers": m]}``:
  open Subscribe streams in the whole emulator (and on topic ``T`` of cache ``C``).
* ``POST /_test_admin/topics/drop[?cache=C][&topic=T][&status=UNAVAILABLE][&message=…]`` → ``{"dropped": n}``:
  end the matching streams with that gRPC status name (default ``OK``, a normal end of stream).
* ``POST /_test_admin/topics/block`` / ``unblock`` → ``{"blocked": b}``: while blocked, streams deliver nothing
  (neither items nor heartbeats) but publishing goes on, so a resume afterwards can overrun the buffer
  (momento-local's ``/block``, limited to topic streams: docs/protocol/emulator.md, test hooks).

Responses carry ``Access-Control-Allow-Origin: *`` so a test page can read them too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from momento_web.wire.status import StatusCode
from momento_web_emulator.app import ADMIN_PATH_PREFIX as PREFIX
from momento_web_emulator.app import Receive, Scope, Send
from momento_web_emulator.topics import TopicRegistry


class AdminApi:
    """An ASGI handler for the paths under :data:`PREFIX`."""

    def __init__(self, topics: TopicRegistry) -> None:
        self._topics = topics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method", "")
        route = scope.get("path", "")[len(PREFIX) :]
        raw_query = scope.get("query_string", b"").decode("latin-1")
        query = {name: values[-1] for name, values in parse_qs(raw_query).items()}
        status, body = self._handle(method, route, query)
        headers = [
            (b"content-type", b"application/json"),
            (b"access-control-allow-origin", b"*"),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": json.dumps(body).encode(), "more_body": False})

    def _handle(self, method: str, route: str, query: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        topics = self._topics
        if (method, route) == ("GET", "topics"):
            body: dict[str, Any] = {"live_streams": topics.live_streams, "blocked": topics.blocked}
            if "cache" in query and "topic" in query:
                body["subscribers"] = topics.subscriber_count(query["cache"], query["topic"])
            return 200, body
        if (method, route) == ("POST", "topics/drop"):
            name = query.get("status", "OK").upper()
            if name not in StatusCode.__members__:
                return 400, {"error": f"unknown gRPC status {name!r}"}
            message = query.get("message", "stream dropped by the test admin")
            dropped = topics.drop(StatusCode[name], message, query.get("cache"), query.get("topic"))
            return 200, {"dropped": dropped}
        if method == "POST" and route in ("topics/block", "topics/unblock"):
            topics.set_blocked(route == "topics/block")
            return 200, {"blocked": topics.blocked}
        return 404, {"error": f"no admin route {method} {PREFIX}{route}"}
