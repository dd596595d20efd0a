"""The chat page: the join form, the conversation and the connection panel around a :class:`ChatSession`."""

from __future__ import annotations

from typing import Any

from page import by_id, clock, element, on, set_status, show_definitions, value_of

try:
    from protocol import ChatMessage
    from session import ChatSession, ConnectError
    from vending import VendedToken, VendingError, request_token, scope_rows
except Exception as exc:  # a broken build shows on the page, not only in the console
    set_status(f"failed to load the chat: {exc!r}", "failed")
    raise

MAX_NAME = 32  # also the input's maxlength
MAX_LOG_LINES = 100
STATE_TEXT = {
    "offline": "offline",
    "connecting": "connecting…",
    "connected": "connected",
    "reconnecting": "reconnecting…",
    "resumed": "connected · resumed",
    "failed": "disconnected",
}

_session: ChatSession | None = None


class PageView:
    """:class:`session.View` on this page's DOM."""

    def __init__(self) -> None:
        self._messages = by_id("messages")

    def state(self, state: str, detail: str) -> None:
        pill = by_id("conn-state")
        pill.textContent = STATE_TEXT.get(state, state)
        pill.dataset.state = state
        by_id("conn-detail").textContent = detail
        if state in ("reconnecting", "resumed", "failed"):
            self.log(f"{STATE_TEXT.get(state, state)}: {detail}")

    def message(self, message: ChatMessage) -> None:
        if message.kind in ("join", "leave"):
            verb = "joined" if message.kind == "join" else "left"
            line = element("li", f"{message.sender} {verb} · {clock(message.sent_at)}", "event")
        else:
            line = element("li", None, "msg mine" if message.mine else "msg", data_seq=str(message.sequence))
            meta = element("div", None, "meta")
            meta.append(element("span", message.sender, "who"), element("time", clock(message.sent_at)))
            line.append(meta, element("p", message.text, "text"))
        self._append(line)

    def notice(self, text: str) -> None:
        self._append(element("li", text, "notice"))

    def log(self, text: str) -> None:
        lines = by_id("log")
        lines.prepend(element("li", f"{clock()} {text}"))
        while lines.childElementCount > MAX_LOG_LINES:
            lines.lastElementChild.remove()

    def token(self, token: VendedToken, endpoint: str, renewals: int) -> None:
        show_definitions("token-scope", scope_rows(token, endpoint, clock))
        by_id("renewals").textContent = str(renewals)
        by_id("token").hidden = False

    def _append(self, line: Any) -> None:
        box = self._messages
        at_bottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40
        box.append(line)
        if at_bottom:
            box.scrollTop = box.scrollHeight


VIEW = PageView()


def show_join_error(text: str | None) -> None:
    error = by_id("join-error")
    error.textContent = text or ""
    error.hidden = text is None


def set_joined(joined: bool) -> None:
    for input_id in ("name", "cache", "topic", "vending", "ttl"):
        by_id(input_id).disabled = joined
    by_id("join").hidden = joined
    by_id("leave").hidden = not joined
    by_id("message").disabled = not joined
    by_id("send").disabled = not joined


def parse_ttl(text: str) -> int | None:
    """The typed token lifetime: None (the policy's default) when blank; ValueError unless a whole number > 0."""
    if not text:
        return None
    seconds = int(text)  # not str.isdigit(): "²" is a digit that int() refuses
    if seconds <= 0:
        raise ValueError(f"not a positive number of seconds: {text!r}")
    return seconds


def token_request(name: str, cache: str, topic: str, ttl: int | None) -> dict[str, Any]:
    request: dict[str, Any] = {"cache": cache, "topic": topic, "topicAccess": "publish-subscribe", "clientId": name}
    if ttl is not None:
        request["ttlSeconds"] = ttl
    return request


@on("submit", "#join-form")
async def on_join(event: Any) -> None:
    global _session
    name, cache, topic = value_of("name"), value_of("cache"), value_of("topic")
    if not name or len(name) > MAX_NAME or not name.isprintable():
        show_join_error(f"Enter a name of 1 to {MAX_NAME} characters.")
        return
    if not cache or not topic:
        show_join_error("Enter a cache and a topic.")
        return
    try:
        ttl = parse_ttl(value_of("ttl"))
    except ValueError:
        show_join_error("The token lifetime is a whole number of seconds.")
        return
    show_join_error(None)
    by_id("join").disabled = True
    vending_url, request = value_of("vending"), token_request(name, cache, topic, ttl)

    async def vend() -> VendedToken:
        return await request_token(vending_url, request)

    session = ChatSession(name, cache, topic, vend, VIEW)
    by_id("messages").replaceChildren()
    try:
        await session.join()
    except (VendingError, ConnectError) as exc:
        VIEW.state("offline", "not joined")
        show_join_error(str(exc))
        return
    finally:
        by_id("join").disabled = False
    _session = session
    by_id("room").textContent = f"{topic} · {cache}"
    VIEW.log(f"joined {topic} as {name}")
    set_joined(True)
    by_id("message").focus()


@on("submit", "#composer")
async def on_send(event: Any) -> None:
    box, session = by_id("message"), _session
    text = str(box.value).strip()
    if not text or session is None:
        return
    box.value = ""
    error = await session.send(text)
    if error is not None and session is _session:  # not about a chat the page has left since
        VIEW.notice(f"not sent: {error} · your message: {text}")  # the box may hold newer text by now
        if not box.value:
            box.value = text  # to send again as it is


@on("click", "#leave")
async def on_leave(event: Any) -> None:
    global _session
    session, _session = _session, None
    set_joined(False)
    by_id("room").textContent = "Not joined"
    if session is not None:
        await session.leave()  # detached from the page at once: a Join meanwhile is not overwritten
        VIEW.log(f"left {session.topic}")


by_id("join").disabled = False
set_status("ready", "ready")
