"""Test-only admin API (``--enable-test-admin``): plain HTTP + JSON under ``/_test_admin/`` on the data port, and
with ``--test-admin-port`` on a port of its own too (there also as momento-local's ``GET /block``, ``/unblock``).

gRPC paths always look like ``/<package>.<Service>/<Method>``, so this prefix can never shadow an RPC. Routes:

* ``GET  /_test_admin/topics[?cache=C&topic=T]`` → ``{"live_streams": n, "blocked": b[, "subscribers": m]}``:
  open Subscribe streams in the whole emulator (and on topic ``T`` of cache ``C``).
* ``POST /_test_admin/topics/drop[?cache=C][&topic=T][&status=UNAVAILABLE][&message=…]`` → ``{"dropped": n}``:
  end the matching streams with that gRPC status name (default ``OK``, a normal end of stream).
* ``POST /_test_admin/topics/block`` / ``unblock`` → ``{"blocked": b}``: while blocked, streams deliver nothing
  (neither items nor heartbeats) but publishing goes on, so a resume afterwards can overrun the buffer
  (momento-local's ``/block``, limited to topic streams: docs/protocol/emulator.md, test hooks).
* ``GET|POST /_test_admin/block`` / ``unblock`` → ``{"blocked": b}``: momento-local's outage of the whole data port:
  new calls wait (until unblocked, or their deadline) and topic streams deliver nothing.
* ``GET /_test_admin/faults?request_id=R`` → ``{"calls": n, "errors": e, "delays": d, "stream_errors": s}``: what
  fault injection counted for request-id ``R`` (all zero for one never seen or forgotten).
* ``GET /_test_admin/memory`` → the store's accounting against its bounds (``--max-bytes`` …).

In strict mode (``--auth``) every route needs the super-user key the emulator printed at start, in the
``authorization`` header (as printed, or its raw ``api_key``): 401 without a credential, 403 with another one.
Replies carry no CORS headers: the hooks are for test code, not for pages of any origin.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.app import ADMIN_PATH_PREFIX as PREFIX
from momento_web_emulator.app import Receive, Scope, Send
from momento_web_emulator.auth import Authenticator, OpenAuthenticator
from momento_web_emulator.faults import FaultInjector, SessionCounters
from momento_web_emulator.store import Store
from momento_web_emulator.topics import TopicRegistry

# momento-local's admin routes, served on --test-admin-port (where nothing else lives).
_MOMENTO_LOCAL_ROUTES = {"block", "unblock"}


class AdminApi:
    """An ASGI handler for the paths under :data:`PREFIX` (and, as the app of its own port, for ``/block`` and
    ``/unblock`` too). ``faults`` and ``store`` None: those routes answer 404."""

    def __init__(
        self,
        topics: TopicRegistry,
        *,
        faults: FaultInjector | None = None,
        store: Store | None = None,
        authenticator: Authenticator | None = None,
    ) -> None:
        self._topics = topics
        self._faults = faults
        self._store = store
        self._authenticator = authenticator or OpenAuthenticator()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # as the app of the admin port
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        method = scope.get("method", "")
        path: str = scope.get("path", "")
        route = path[len(PREFIX) :] if path.startswith(PREFIX) else path.lstrip("/")
        if not path.startswith(PREFIX) and route not in _MOMENTO_LOCAL_ROUTES:
            route = f"/{route}"  # matches no route: 404
        raw_query = scope.get("query_string", b"").decode("latin-1")
        query = {name: values[-1] for name, values in parse_qs(raw_query).items()}
        denial = self._denial(scope)
        status, body = denial if denial is not None else self._handle(method, route, query)
        headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": json.dumps(body).encode(), "more_body": False})

    def _denial(self, scope: Scope) -> tuple[int, dict[str, Any]] | None:
        """Strict mode: 401/403 unless the request carries the printed super-user key."""
        credential = None
        for name, value in scope.get("headers", ()):
            if name.lower() == b"authorization":
                credential = _api_key(value.decode("latin-1"))
        try:
            principal = self._authenticator.verify(credential)
        except GrpcError as error:
            return 401, {"error": f"the test admin needs the emulator's super-user key: {error.details}"}
        if not principal.console:
            return 403, {"error": "the test admin needs the super-user key the emulator printed at start"}
        return None

    def _handle(self, method: str, route: str, query: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        topics = self._topics
        faults = self._faults
        if route in ("block", "unblock") and method in ("GET", "POST") and faults is not None:
            faults.outage.set_blocked(route == "block")
            return 200, {"blocked": faults.outage.blocked}
        if (method, route) == ("GET", "faults") and faults is not None:
            counters = faults.session(query.get("request_id", "")) or SessionCounters()
            return 200, counters.as_dict()
        if (method, route) == ("GET", "memory") and self._store is not None:
            return 200, self._store.usage()
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


def _api_key(credential: str) -> str:
    """The raw API key of a credential: itself, or the ``api_key`` of a base64 ``{"endpoint", "api_key"}`` string
    (the form the emulator prints)."""
    credential = credential.strip()
    try:
        decoded = json.loads(base64.b64decode(credential + "=" * (-len(credential) % 4), validate=True))
    except (binascii.Error, ValueError):
        return credential
    key = decoded.get("api_key") if isinstance(decoded, dict) else None
    return key if isinstance(key, str) else credential
