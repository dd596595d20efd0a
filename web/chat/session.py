"""One chat membership: a vended token, a topic subscription that survives token renewals, and publishing.

The page's own position (the last item it showed) is the source of truth. Every (re)subscription — a renewal
before the token expires, or a recovery after the subscription ended — opens a new ``TopicClientAsync`` with the
new token and subscribes from the item after that position; only then is the old subscription dropped. Items that
both deliver are shown once (by sequence number), and items the old one had queued but not delivered come again
from the new one, so a renewal loses nothing. The join announcement anchors the position at once (until a first
item arrives, a new subscription could only ask for "new items only").

No DOM here: the page passes a :class:`View`. Once :meth:`ChatSession.leave` begins, nothing more reaches it, so
a session that is still leaving cannot write over the next one's.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol
from urllib.parse import urlsplit

from protocol import ChatMessage, decode, encode
from vending import VendedToken, VendingError

from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.responses import TopicPublish, TopicSubscribe, TopicSubscriptionItem

WATCH_INTERVAL_S = 0.25  # how often the subscription's reconnect counter is looked at
RETRY_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 15.0)  # between failed renewals or recoveries (the last one repeats)
# Errors a new token or a new subscription can fix; anything else (cache or topic not allowed, cache not found,
# bad name) would fail again the same way.
RECOVERABLE = frozenset(
    {
        MomentoErrorCode.AUTHENTICATION_ERROR,
        MomentoErrorCode.SERVER_UNAVAILABLE,
        MomentoErrorCode.CONNECTION_ERROR,
        MomentoErrorCode.TIMEOUT_ERROR,
        MomentoErrorCode.INTERNAL_SERVER_ERROR,
        MomentoErrorCode.CANCELLED_ERROR,
        MomentoErrorCode.LIMIT_EXCEEDED_ERROR,
        MomentoErrorCode.UNKNOWN_ERROR,
        MomentoErrorCode.UNKNOWN_SERVICE_ERROR,
    }
)

UNREACHABLE = frozenset(
    {MomentoErrorCode.SERVER_UNAVAILABLE, MomentoErrorCode.CONNECTION_ERROR, MomentoErrorCode.TIMEOUT_ERROR}
)

TOPIC_CONFIG = TopicConfigurations.Browser.latest().with_resume_backoff(
    timedelta(milliseconds=500), timedelta(seconds=5)
)


def renew_margin(lifetime: float) -> float:
    """Renew this long before expiry: a quarter of the lifetime, at most a minute."""
    return min(60.0, lifetime / 4)


class ConnectError(Exception):
    """Subscribing failed; the message is for the user."""

    def __init__(self, message: str, code: MomentoErrorCode | None) -> None:
        super().__init__(message)
        self.code = code


class View(Protocol):
    def state(self, state: str, detail: str) -> None:
        """offline, connecting, connected, reconnecting, resumed or failed."""

    def message(self, message: ChatMessage) -> None: ...

    def notice(self, text: str) -> None:
        """A line in the conversation that is not a message (missed items, errors)."""

    def log(self, text: str) -> None:
        """The connection log."""

    def token(self, token: VendedToken, endpoint: str, renewals: int) -> None: ...


class _Detached:
    """The view of a session that is leaving: drops everything."""

    def state(self, state: str, detail: str) -> None:
        pass

    def message(self, message: ChatMessage) -> None:
        pass

    def notice(self, text: str) -> None:
        pass

    def log(self, text: str) -> None:
        pass

    def token(self, token: VendedToken, endpoint: str, renewals: int) -> None:
        pass


@dataclass(eq=False)
class Connection:
    token: VendedToken
    client: TopicClientAsync
    subscription: TopicSubscribe.SubscriptionAsync
    endpoint: str
    reconnects_seen: int = 0
    listener: asyncio.Task[None] | None = field(default=None, repr=False)  # held so it is not collected

    async def close(self) -> None:
        # In the browser this does not cut publishes still in flight: fetch owns those requests.
        await self.client.close()


def describe_error(code: MomentoErrorCode | None, message: str, endpoint: str) -> str:
    if code is not None and code in UNREACHABLE:
        local = urlsplit(endpoint).hostname in ("127.0.0.1", "localhost", "::1")
        hint = ": is the emulator running?" if local else ""
        return f"cannot reach Momento at {endpoint} ({code.name}){hint}"
    name = code.name if code is not None else "ERROR"
    return f"{name}: {message}"


class ChatSession:
    def __init__(
        self, name: str, cache: str, topic: str, vend: Callable[[], Awaitable[VendedToken]], view: View
    ) -> None:
        self.name = name
        self.cache = cache
        self.topic = topic
        self.renewals = 0
        self._vend = vend
        self._view: View = view
        self._session = secrets.token_hex(8)
        self._conn: Connection | None = None
        self._position: tuple[int, int] | None = None  # (sequence number, page) of the last item shown
        self._state, self._detail = "offline", ""
        self._replace_now = asyncio.Event()  # wakes the maintainer: the subscription ended, replace it now
        self._publishing = asyncio.Lock()  # one publish at a time: concurrent fetches can arrive out of order
        self._tasks: list[asyncio.Task[None]] = []

    # --- what the page calls ----------------------------------------------------------------------------------

    async def join(self) -> None:
        """Vend, subscribe and announce; raises VendingError or ConnectError (nothing is left running)."""
        self._set_state("connecting", "asking the vending machine for a token…")
        token = await self._vend()
        self._set_state("connecting", "subscribing…")
        await self._install(await self._open(token))
        self._set_state("connected", f"as {self.name}")
        self._tasks = [asyncio.ensure_future(self._maintain()), asyncio.ensure_future(self._watch())]
        error = await self._publish(encode("join", self.name, self._session))
        if error is not None:
            self._view.notice(f"could not announce the join: {error}")

    async def send(self, text: str) -> str | None:
        """Publish a message; returns None when sent, else why not."""
        return await self._publish(encode("message", self.name, self._session, text))

    async def leave(self) -> None:
        """Shows "offline" and detaches from the view at once (before its first ``await``), then says goodbye."""
        self._set_state("offline", "left the chat")
        self._view = _Detached()
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)  # no renewal swaps the connection from here on
        if self._conn is not None and self._conn.subscription.is_subscribed:
            await self._publish(encode("leave", self.name, self._session))
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    # --- connections ------------------------------------------------------------------------------------------

    async def _open(self, token: VendedToken) -> Connection:
        """A new client with ``token``, subscribed from the item after the position; raises ConnectError."""
        credentials = CredentialProvider.from_disposable_token(token.auth_token)
        client = TopicClientAsync(TOPIC_CONFIG, credentials)
        resume_at, page = (self._position[0] + 1, self._position[1]) if self._position else (0, 0)
        try:
            subscription = await client.subscribe(
                self.cache, self.topic, resume_at_topic_sequence_number=resume_at, resume_at_topic_sequence_page=page
            )
        except BaseException:  # cancelled (the page left): release what was opened
            await client.close()
            raise
        if not isinstance(subscription, TopicSubscribe.SubscriptionAsync):
            await client.close()
            code = getattr(subscription, "error_code", None)
            message = str(getattr(subscription, "message", subscription))
            raise ConnectError(describe_error(code, message, credentials.cache_url), code)
        conn = Connection(token, client, subscription, credentials.cache_url)
        conn.listener = subscription.listen(
            lambda item: self._on_item(conn, item),
            on_error=lambda error: self._on_error(conn, error),
            on_discontinuity=lambda gap: self._on_discontinuity(conn, gap),
            on_heartbeat=lambda _: self._on_event(conn),
        )
        return conn

    async def _install(self, conn: Connection) -> None:
        old, self._conn = self._conn, conn
        # A need to replace flagged until now was the old connection's (its events are ignored from here on).
        self._replace_now.clear()
        self._view.token(conn.token, conn.endpoint, self.renewals)
        if old is not None:
            old.subscription.unsubscribe()  # at once: no event of the old one is handled after this
            await old.close()

    async def _maintain(self) -> None:
        """Renew the token before it expires, or at once when the subscription ended; retry until it works."""
        while True:
            conn = self._conn
            if conn is None:  # left (leave() cancels this task first, so only in a race): nothing to renew
                return
            wait = max(0.0, conn.token.seconds_left() - renew_margin(conn.token.lifetime))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._replace_now.wait()
            recovering = self._replace_now.is_set()
            self._replace_now.clear()
            if not await self._replace(recovering):
                return

    async def _replace(self, recovering: bool) -> bool:
        """Vend and resubscribe until it works (True), or until an error no retry can fix (False)."""
        for attempt in itertools.count():
            try:
                conn = await self._open(await self._vend())
            except (VendingError, ConnectError) as exc:
                if isinstance(exc, ConnectError) and exc.code not in RECOVERABLE:
                    self._set_state("failed", str(exc))
                    self._view.notice(f"disconnected: {exc}")
                    return False
                delay = RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S) - 1)]
                what = "reconnect" if recovering else "renew the token"
                self._view.log(f"could not {what}: {exc}; retrying in {delay:g} s")
                current = self._conn
                if recovering or (current is not None and current.token.seconds_left() <= 0):
                    self._set_state("reconnecting", str(exc))
                await asyncio.sleep(delay)
                continue
            await self._install(conn)
            where = self._where()
            if recovering or self._state == "reconnecting":
                self._set_state("resumed", f"resubscribed {where}")
                self._view.log(f"resubscribed {where} with a new token")
            else:
                self.renewals += 1
                self._view.token(conn.token, conn.endpoint, self.renewals)
                self._view.log(f"token renewed; resubscribed {where}")
            return True
        raise AssertionError("unreachable")

    async def _watch(self) -> None:
        """Show "reconnecting" while the SDK replaces a broken stream (its reconnect counter moved, no event yet)."""
        while True:
            await asyncio.sleep(WATCH_INTERVAL_S)
            conn = self._conn
            if conn is not None and conn.subscription.reconnects > conn.reconnects_seen:
                attempts = conn.subscription.reconnects - conn.reconnects_seen
                self._set_state("reconnecting", f"connection lost; reconnecting (attempt {attempts})…")

    async def _publish(self, payload: str) -> str | None:
        async with self._publishing:  # FIFO: in the order the page asked
            conn = self._conn
            if conn is None:
                return "not connected"
            response = await conn.client.publish(self.cache, self.topic, payload)
        if isinstance(response, TopicPublish.Success):
            return None
        code = getattr(response, "error_code", None)
        if code is MomentoErrorCode.AUTHENTICATION_ERROR and conn is self._conn:
            self._replace_now.set()  # the current token was refused: renew now
        return describe_error(code, str(getattr(response, "message", response)), conn.endpoint)

    # --- subscription events (listener callbacks) -------------------------------------------------------------

    def _on_item(self, conn: Connection, item: TopicSubscriptionItem.Text | TopicSubscriptionItem.Binary) -> None:
        self._on_event(conn)
        sequence, page = item.sequence_number, item.sequence_page
        if self._position is not None and page == self._position[1] and sequence <= self._position[0]:
            return  # shown already (delivered by the subscription this one replaced)
        self._position = (sequence, page)
        self._view.message(decode(item, self._session))

    def _on_discontinuity(self, conn: Connection, gap: TopicSubscriptionItem.Discontinuity) -> None:
        self._on_event(conn)
        if self._position is not None and gap.new_sequence_page == self._position[1]:
            if gap.new_sequence_number <= self._position[0]:
                return
            missed = gap.new_sequence_number - max(gap.last_sequence_number, self._position[0])
            self._view.notice(f"{missed} message(s) could not be delivered")
        elif self._position is not None:
            self._view.notice("the topic was reset: earlier messages may be missing")
        self._position = (gap.new_sequence_number, gap.new_sequence_page)

    def _on_error(self, conn: Connection, error: TopicSubscriptionItem.Error) -> None:
        if conn is not self._conn:
            return  # a replaced subscription
        self._set_state("reconnecting", describe_error(error.error_code, error.message, conn.endpoint))
        self._view.log(f"subscription ended: {error.error_code.name}: {error.message}")
        self._replace_now.set()

    def _on_event(self, conn: Connection) -> None:
        if conn is not self._conn:
            return
        reconnects = conn.subscription.reconnects
        if reconnects > conn.reconnects_seen:
            conn.reconnects_seen = reconnects
            self._set_state("resumed", f"reconnected; resumed {self._where()}")
            self._view.log(f"stream reconnected ({reconnects} time(s) so far); resumed {self._where()}")

    def _where(self) -> str:
        return f"after #{self._position[0]}" if self._position else "with new items"

    def _set_state(self, state: str, detail: str) -> None:
        if (state, detail) != (self._state, self._detail):
            self._state, self._detail = state, detail
            self._view.state(state, detail)
