"""web/chat end to end: PyScript chat pages in headless Chromium with vended tokens, against a strict emulator.

The module runs its own stack so that it can cut the network and look inside:

* an emulator with ``--auth`` and the test admin (``topics`` counts and drops streams), whose minted tokens name
  a TCP proxy (``--token-endpoint``), so every page reaches Momento through :class:`TcpProxy`, which the test
  can cut like a network outage;
* a token vending machine (publish-subscribe on any topic of ``CACHE``) that mints directly at the emulator, and
  that the pages reach through another :class:`TcpProxy`, so that it too can go down mid-chat.

Three pages (browser contexts, as three people) are started once and reused: each test joins and leaves. One test
runs ``web/chat/session.py`` on CPython instead, where it can hold a renewal at a chosen point.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import importlib
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from playwright.sync_api import Browser, Request, expect

from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web.responses import TopicPublish
from momento_web.wire.credentials import credential_string
from scripts.localhost import HOST, free_port
from tests.conftest import (
    ROOT,
    LocalServer,
    run_server,
    started_auth_emulator,
)
from tests.page.app_pages import (
    CALL_TIMEOUT_MS,
    AppPage,
    HeldRequests,
    app_url,
    assert_local_only,
    expect_text,
    join,
    open_app,
    reported,
    send,
    texts,
    topic_name,
)

CACHE = "chat-cache"
SHORT_TTL_S = 5  # renewed 1.25 s before expiry (a quarter of the lifetime)
PUBLISH = "**/cache_client.pubsub.Pubsub/Publish"  # a page's publish requests, for page.route


class TcpProxy:
    """Forwards ``127.0.0.1:port`` to ``target_port``; :meth:`cut` drops every connection and refuses new ones
    (accepted and closed at once) until :meth:`restore`, as a network outage would."""

    def __init__(self, target_port: int) -> None:
        self._target = target_port
        self._listener = socket.create_server((HOST, 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._cut = False
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cut(self) -> None:
        with self._lock:
            self._cut = True
            doomed, self._open = self._open, set()
        for sock in doomed:
            _drop(sock)

    def restore(self) -> None:
        with self._lock:
            self._cut = False

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                refused = self._cut
            if refused:
                _drop(client)
                continue
            try:
                upstream = socket.create_connection((HOST, self._target), timeout=5)
            except OSError:
                _drop(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open.update((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with self._lock:
                    self._open.discard(sock)
                _drop(sock)


def _drop(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


@dataclass(frozen=True)
class ChatStack:
    emulator: LocalServer
    proxy: TcpProxy
    vending: LocalServer
    vending_proxy: TcpProxy
    publisher_key: str  # a super-user key that reaches the emulator directly, not through the proxy

    @property
    def vending_url(self) -> str:
        return self.vending_proxy.url

    def admin(self, route: str, *, post: bool = False, **params: str) -> dict[str, Any]:
        """The emulator's test admin, which under --auth wants the printed super-user key."""
        url = f"{self.emulator.url}/_test_admin/{route}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(url, method="POST" if post else "GET")
        request.add_header("authorization", self.publisher_key)
        with urllib.request.urlopen(request, timeout=10) as response:
            result: dict[str, Any] = json.load(response)
        return result


def _direct_key(printed: str, endpoint: str) -> str:
    """The emulator's printed key names the proxy (its token endpoint); the same key, naming ``endpoint``."""
    api_key = json.loads(base64.b64decode(printed))["api_key"]
    return credential_string(endpoint, api_key)


@pytest.fixture(scope="module")
def chat_stack() -> Iterator[ChatStack]:
    port = free_port()
    proxy = TcpProxy(port)
    admin = ("--enable-test-admin", "--token-endpoint", proxy.url)
    try:
        with started_auth_emulator("chat-emulator", *admin, port=port) as strict:
            emulator, key = strict.server, _direct_key(strict.super_user_key, strict.url)
            vport = free_port()
            vargs = ["-m", "momento_web_vending", "--host", HOST, "--port", str(vport)]
            vargs += ["--create-caches", "--cache", CACHE, "--topic-prefix", "", "--topic-access", "publish-subscribe"]
            vargs += ["--max-ttl", "600", "--allow-origin-regex", r"http://127\.0\.0\.1:[0-9]+"]
            vargs += ["--rate-per-minute", "60000", "--burst", "10000"]
            env = {name: value for name, value in os.environ.items() if name != "MOMENTO_ENDPOINT"}
            env["MOMENTO_API_KEY"] = key
            with run_server("chat-vending-machine", vargs, HOST, vport, env=env) as vending:
                vending_proxy = TcpProxy(vport)
                try:
                    yield ChatStack(emulator, proxy, vending, vending_proxy, key)
                finally:
                    vending_proxy.close()
    finally:
        proxy.close()


@pytest.fixture(scope="module")
def chat_pages(chromium: Browser, web_server: LocalServer, chat_stack: ChatStack) -> list[AppPage]:
    url = app_url(web_server.url, "/chat/", vending=chat_stack.vending_url, cache=CACHE)
    apps = [open_app(chromium, url) for _ in range(3)]  # they start Python side by side
    for app in apps:
        app.wait_ready()
        app.page.eval_on_selector("details", "details => { details.open = true; }")  # vending URL, token TTL
    return apps


@pytest.fixture
def chat(chat_pages: list[AppPage], chat_stack: ChatStack) -> Iterator[list[AppPage]]:
    """The pages, each left (not joined) and pointed at the stack's vending machine afterwards."""
    for proxy in (chat_stack.proxy, chat_stack.vending_proxy):
        proxy.restore()
    yield chat_pages
    for proxy in (chat_stack.proxy, chat_stack.vending_proxy):
        proxy.restore()
    for app in chat_pages:
        if app.page.locator("#leave").is_visible():
            app.page.click("#leave")
            expect(app.page.locator("#conn-state")).to_have_attribute("data-state", "offline")
        app.page.fill("#vending", chat_stack.vending_url)
        app.page.fill("#ttl", "")


def run_async(make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run a coroutine on its own loop in another thread (Playwright's sync API owns this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def publish_directly(stack: ChatStack, topic: str, payloads: list[str]) -> None:
    """Publish from CPython straight to the emulator (not through the proxy), as another client would."""

    async def publish() -> None:
        credentials = CredentialProvider.from_disposable_token(stack.publisher_key)
        async with TopicClientAsync(TopicConfigurations.Default.latest(), credentials) as client:
            for payload in payloads:
                assert isinstance(await client.publish(CACHE, topic, payload), TopicPublish.Success)

    run_async(publish)


def chat_payload(name: str, text: str) -> str:
    return json.dumps({"type": "message", "name": name, "text": text, "sentAt": int(time.time() * 1000)})


def published(request: Request) -> bytes:
    """The body of a page's Publish request, where the chat payload's JSON can be looked for."""
    body = request.post_data_buffer or b""
    if request.headers.get("content-type", "").startswith("application/grpc-web-text"):
        body = base64.b64decode(body)
    return body


@pytest.mark.browser
def test_two_people_chat_both_ways_and_another_topic_sees_nothing(
    chat: list[AppPage], chat_stack: ChatStack, artifacts_dir: Path
) -> None:
    ann, bob, cat = chat
    room, other_room = topic_name(), topic_name()
    with reported(chat, artifacts_dir, "chat"):
        join(ann, "ann", room)
        join(bob, "bob", room)
        join(cat, "cat", other_room)
        expect(ann.page.locator("#messages .event").last).to_contain_text("bob joined", timeout=CALL_TIMEOUT_MS)

        send(ann, "hi bob, it's ann")
        expect_text(bob, "hi bob, it's ann", "ann")
        send(bob, "hello ann!")
        expect_text(ann, "hello ann!", "bob")
        send(ann, "the cache is fast today")
        expect_text(bob, "the cache is fast today", "ann")
        expect_text(ann, "the cache is fast today", "ann")
        expect(ann.page.locator("#messages .msg.mine")).to_have_count(2)  # ann's own, shown as hers

        send(cat, "anyone here?")
        expect_text(cat, "anyone here?", "cat")  # cat's subscription works, so what it lacks is meaningful
        assert texts(cat) == ["anyone here?"]
        expect(cat.page.locator("#messages .event")).to_have_count(1)  # only cat's own join
        assert "anyone here?" not in texts(ann) + texts(bob)

        expect(ann.page.locator("#token-scope")).to_contain_text(f"{room} (publish-subscribe)")
        expect(ann.page.locator("#token-scope")).to_contain_text(chat_stack.proxy.url)
        ann.page.eval_on_selector("details", "details => { details.open = false; }")
        ann.page.screenshot(path=str(artifacts_dir / "chat.png"))
        ann.page.eval_on_selector("details", "details => { details.open = true; }")
    assert_local_only(chat)


def renewals(app: AppPage) -> int:
    return int(app.page.locator("#renewals").inner_text())


def talk_until(apps: dict[str, AppPage], sent: dict[str, list[str]], done: Callable[[], bool]) -> None:
    """Each page sends a message every 0.2 s until ``done()``; what each sent is appended to ``sent``."""
    deadline = time.monotonic() + 20 * SHORT_TTL_S
    while not done():
        assert time.monotonic() < deadline, "the tokens were not renewed in time"
        for name, app in apps.items():
            text = f"{name} #{len(sent[name])}"
            send(app, text)
            sent[name].append(text)
        time.sleep(0.2)


@pytest.mark.browser
def test_a_token_that_expires_mid_chat_is_renewed_without_losing_a_message(
    chat: list[AppPage], chat_stack: ChatStack, artifacts_dir: Path
) -> None:
    ann, bob = chat[:2]
    people = {"ann": ann, "bob": bob}
    room = topic_name()
    sent: dict[str, list[str]] = {"ann": [], "bob": []}
    with reported(chat[:2], artifacts_dir, "chat-renewal"):
        join(ann, "ann", room, ttl=SHORT_TTL_S)
        join(bob, "bob", room, ttl=SHORT_TTL_S)
        talk_until(people, sent, lambda: min(map(renewals, people.values())) >= 1)
        # Streams deliver nothing while blocked (publishing goes on), so the subscription a renewal replaces
        # still owes messages: only resuming from the last one shown, with the new token, gets them all.
        before = {name: renewals(app) for name, app in people.items()}
        chat_stack.admin("topics/block", post=True)
        try:
            talk_until(people, sent, lambda: all(renewals(app) > before[name] for name, app in people.items()))
        finally:
            chat_stack.admin("topics/unblock", post=True)
        more = len(sent["ann"]) + 3
        talk_until(people, sent, lambda: len(sent["ann"]) >= more)  # and on, with the renewed subscriptions

        everything = sent["ann"] + sent["bob"]
        for app in people.values():
            expect(app.page.locator("#messages .msg")).to_have_count(len(everything), timeout=CALL_TIMEOUT_MS)
            shown = texts(app)
            for name in people:  # each sender's messages exactly once, in order
                assert [text for text in shown if text.startswith(f"{name} #")] == sent[name]
            expect(app.page.locator("#messages .notice")).to_have_count(0)  # nothing "not sent", nothing missed
            expect(app.page.locator("#conn-state")).to_have_attribute("data-state", "connected")
            assert renewals(app) >= 2  # the first token expired long ago: later messages used renewed ones

        # Each page holds one subscription: the replaced ones were released.
        streams = chat_stack.admin("topics", cache=CACHE, topic=room)
        assert streams["subscribers"] == 2
        # A broken stream now resumes with the renewed token (the first one would be refused as expired).
        assert chat_stack.admin("topics/drop", post=True, status="UNAVAILABLE")["dropped"] == 2
        for app in people.values():
            expect(app.page.locator("#log")).to_contain_text("stream reconnected", timeout=CALL_TIMEOUT_MS)
            expect(app.page.locator("#conn-state")).to_have_attribute("data-state", "resumed")
            expect(app.page.locator("#log")).not_to_contain_text("AUTHENTICATION_ERROR")
        send(bob, "still here")
        expect_text(ann, "still here", "bob")
    assert_local_only(chat[:2])


@pytest.mark.browser
def test_an_outage_shows_reconnecting_then_resumes_without_losing_a_message(
    chat: list[AppPage], chat_stack: ChatStack, artifacts_dir: Path
) -> None:
    ann = chat[0]
    room = topic_name()
    state = ann.page.locator("#conn-state")
    with reported([ann], artifacts_dir, "chat-outage"):
        join(ann, "ann", room)
        send(ann, "before the outage")
        expect_text(ann, "before the outage", "ann")

        chat_stack.proxy.cut()
        expect(state).to_have_attribute("data-state", "reconnecting", timeout=CALL_TIMEOUT_MS)
        expect(state).to_have_text("reconnecting…")
        during = [f"sent during the outage {n}" for n in range(3)]
        publish_directly(chat_stack, room, [chat_payload("dan", text) for text in during])
        ann.page.fill("#message", "typed during the outage")  # not send(): the failed text comes back to the box
        ann.page.press("#message", "Enter")
        notice = ann.page.locator("#messages .notice").last
        expect(notice).to_contain_text("not sent: cannot reach Momento", timeout=CALL_TIMEOUT_MS)
        expect(notice).to_contain_text("your message: typed during the outage")  # even when the box is reused
        expect(ann.page.locator("#message")).to_have_value("typed during the outage")  # kept to send again

        chat_stack.proxy.restore()
        expect(state).to_have_attribute("data-state", "resumed", timeout=CALL_TIMEOUT_MS)
        for text in during:
            expect_text(ann, text, "dan")
        ann.page.press("#message", "Enter")
        expect_text(ann, "typed during the outage", "ann")
        assert texts(ann) == ["before the outage", *during, "typed during the outage"]
    assert_local_only([ann])


@pytest.mark.browser
def test_a_clear_message_when_the_vending_machine_or_the_emulator_is_down(
    chat: list[AppPage], chat_stack: ChatStack, artifacts_dir: Path
) -> None:
    ann = chat[0]
    error = ann.page.locator("#join-error")
    down = f"http://127.0.0.1:{free_port()}"
    with reported([ann], artifacts_dir, "chat-down"):
        ann.page.fill("#vending", down)
        ann.page.fill("#name", "ann")
        ann.page.click("#join")
        expect(error).to_have_text(
            re.compile(f"^cannot reach the token vending machine at {re.escape(down)}: is it running\\?"),
            timeout=CALL_TIMEOUT_MS,
        )
        expect(ann.page.locator("#conn-state")).to_have_attribute("data-state", "offline")

        ann.page.fill("#vending", chat_stack.vending_url)
        chat_stack.proxy.cut()
        ann.page.click("#join")
        expect(error).to_have_text(
            re.compile(f"^cannot reach Momento at {re.escape(chat_stack.proxy.url)} .*: is the emulator running\\?"),
            timeout=CALL_TIMEOUT_MS,
        )
        expect(ann.page.locator("#message")).to_be_disabled()

        chat_stack.proxy.restore()
        join(ann, "ann", topic_name())  # the same form works once Momento is back
        expect(error).to_be_hidden()


@pytest.mark.browser
def test_messages_sent_in_quick_succession_arrive_in_the_order_they_were_typed(
    chat: list[AppPage], artifacts_dir: Path
) -> None:
    ann, bob = chat[:2]
    room = topic_name()
    sent = [f"quick #{n}" for n in range(5)]
    held = HeldRequests(ann.page, lambda request: sent[0].encode() in published(request))
    with reported(chat[:2], artifacts_dir, "chat-order"):
        join(ann, "ann", room)
        join(bob, "bob", room)
        ann.page.route(PUBLISH, held.handle)
        try:
            for text in sent:
                send(ann, text)
            first = held.next()
            ann.page.wait_for_timeout(300)  # time for the later ones to overtake the first, were they sent at once
            first.continue_()
        finally:
            held.release()
            ann.page.unroute(PUBLISH)
        for app in (ann, bob):
            expect(app.page.locator("#messages .msg")).to_have_count(len(sent), timeout=CALL_TIMEOUT_MS)
            assert texts(app) == sent


@pytest.mark.browser
def test_joining_while_the_last_session_is_still_leaving_shows_only_the_new_one(
    chat: list[AppPage], artifacts_dir: Path
) -> None:
    ann = chat[0]
    page = ann.page
    first, second = topic_name(), topic_name()
    held = HeldRequests(page, lambda request: b'"type": "leave"' in published(request))
    with reported([ann], artifacts_dir, "chat-rejoin"):
        join(ann, "ann", first)
        page.route(PUBLISH, held.handle)
        try:
            page.click("#leave")
            goodbye = held.next()  # the first session is still leaving: its goodbye waits here
            join(ann, "ann", second)
            goodbye.continue_()
            expect(page.locator("#log")).to_contain_text(f"left {first}", timeout=CALL_TIMEOUT_MS)  # it is done
        finally:
            held.release()
            page.unroute(PUBLISH)
        expect(page.locator("#conn-state")).to_have_attribute("data-state", "connected")
        expect(page.locator("#conn-detail")).to_have_text("as ann")
        expect(page.locator("#room")).to_have_text(f"{second} · {CACHE}")
        expect(page.locator("#leave")).to_be_visible()
        send(ann, "in the second room")
        expect_text(ann, "in the second room", "ann")


@pytest.mark.browser
def test_a_token_lifetime_that_is_not_a_whole_number_is_refused_and_join_still_works(
    chat: list[AppPage], artifacts_dir: Path
) -> None:
    ann = chat[0]
    error = ann.page.locator("#join-error")
    with reported([ann], artifacts_dir, "chat-ttl"):
        ann.page.fill("#name", "ann")
        for ttl in ("²", "0", "1.5"):  # "²".isdigit(), yet int("²") raises
            ann.page.fill("#ttl", ttl)
            # Each refusal must be this click's: a handler still pending would join with the next TTL typed.
            error.evaluate("node => { node.textContent = ''; }")
            ann.page.click("#join")
            expect(error).to_have_text("The token lifetime is a whole number of seconds.")
            expect(ann.page.locator("#join")).to_be_enabled()
        ann.page.fill("#ttl", "")
        join(ann, "ann", topic_name())
        expect(error).to_be_hidden()


@pytest.mark.browser
def test_a_renewal_while_the_vending_machine_is_down_reconnects_once_it_is_back(
    chat: list[AppPage], chat_stack: ChatStack, artifacts_dir: Path
) -> None:
    ann = chat[0]
    room = topic_name()
    state, log = ann.page.locator("#conn-state"), ann.page.locator("#log")
    with reported([ann], artifacts_dir, "chat-vending-down"):
        join(ann, "ann", room, ttl=SHORT_TTL_S)
        send(ann, "before the outage")
        expect_text(ann, "before the outage", "ann")

        chat_stack.vending_proxy.cut()
        expect(log).to_contain_text(
            "could not renew the token: cannot reach the token vending machine", timeout=CALL_TIMEOUT_MS
        )
        expect(state).to_have_attribute("data-state", "reconnecting", timeout=CALL_TIMEOUT_MS)  # once it expired
        expect(ann.page.locator("#conn-detail")).to_contain_text("cannot reach the token vending machine")
        during = [f"sent while no token could be had {n}" for n in range(3)]
        publish_directly(chat_stack, room, [chat_payload("dan", text) for text in during])

        chat_stack.vending_proxy.restore()
        expect(state).to_have_attribute("data-state", "resumed", timeout=CALL_TIMEOUT_MS)
        expect(log).to_contain_text("with a new token")
        for text in during:
            expect_text(ann, text, "dan")
        send(ann, "after the outage")
        expect_text(ann, "after the outage", "ann")
        assert texts(ann) == ["before the outage", *during, "after the outage"]
        expect(ann.page.locator("#messages .notice")).to_have_count(0)
    assert_local_only([ann])


# --- web/chat/session.py on CPython ------------------------------------------------------------------------------


@pytest.fixture
def chat_session(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """web/chat/session.py imported on CPython (it has no DOM code); vending.py only needs a ``pyodide.http``."""
    http = ModuleType("pyodide.http")
    vars(http)["pyfetch"] = None  # never called: these tests vend from CPython
    monkeypatch.setitem(sys.modules, "pyodide", ModuleType("pyodide"))
    monkeypatch.setitem(sys.modules, "pyodide.http", http)
    monkeypatch.syspath_prepend(str(ROOT / "web" / "common"))
    monkeypatch.syspath_prepend(str(ROOT / "web" / "chat"))
    try:
        yield importlib.import_module("session")
    finally:
        for name in ("session", "protocol", "vending"):
            sys.modules.pop(name, None)


@dataclass
class RecordingView:
    """A :class:`session.View` that keeps what it was told."""

    states: list[str] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)

    def state(self, state: str, detail: str) -> None:
        self.states.append(state)

    def message(self, message: object) -> None:
        pass

    def notice(self, text: str) -> None:
        self.logs.append(f"notice: {text}")

    def log(self, text: str) -> None:
        self.logs.append(text)

    def token(self, token: object, endpoint: str, renewals: int) -> None:
        pass


def vend_token(stack: ChatStack, request: dict[str, Any]) -> dict[str, Any]:
    http_request = urllib.request.Request(
        f"{stack.vending_url}/token",
        data=json.dumps(request).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(http_request, timeout=10) as response:
        body: dict[str, Any] = json.load(response)
    return body


async def until(condition: Callable[[], bool], what: str) -> None:
    try:
        async with asyncio.timeout(CALL_TIMEOUT_MS / 1000):
            while not condition():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


def test_a_subscription_that_ends_during_a_renewal_is_replaced_only_once(
    chat_stack: ChatStack, chat_session: ModuleType
) -> None:
    room = topic_name()
    view = RecordingView()
    vends: list[int] = []  # the TTL each vend asked for

    async def scenario() -> None:
        gate = asyncio.Event()  # a vend waits here while it is clear

        async def vend() -> Any:
            ttl = 2 if not vends else 600  # the first token is renewed after 1.5 s; no later one during the test
            vends.append(ttl)
            await gate.wait()
            request = {"cache": CACHE, "topic": room, "topicAccess": "publish-subscribe", "ttlSeconds": ttl}
            body = await asyncio.to_thread(vend_token, chat_stack, request)
            return chat_session.VendedToken(body["authToken"], body["expiresAt"], body["scope"], time.monotonic())

        gate.set()
        chat = chat_session.ChatSession("ann", CACHE, room, vend, view)
        await chat.join()
        try:
            gate.clear()
            await until(lambda: len(vends) == 2, "the renewal")  # it has begun, and waits at the gate
            # The subscription it replaces ends meanwhile, with an error that asks for a replacement.
            dropped = await asyncio.to_thread(
                chat_stack.admin, "topics/drop", post=True, topic=room, status="UNAUTHENTICATED"
            )
            assert dropped["dropped"] == 1
            await until(lambda: view.states[-1] == "reconnecting", "reconnecting")
            gate.set()
            await until(lambda: any("with a new token" in line for line in view.logs), "the new subscription")
            for _ in range(20):  # a second replacement would start at once, with no I/O before it vends
                await asyncio.sleep(0)
            assert vends == [2, 600], view.logs  # that one replacement answered the error too
            assert view.states[-1] == "resumed"
        finally:
            await chat.leave()
        assert view.states[-1] == "offline"

    run_async(scenario)
