"""web/chat end to end: PyScript chat pages in headless Chromium with vended tokens, against a strict emulator.

The module runs its own stack so that it can cut the network and look inside:

* an emulator with ``--auth`` and the test admin (``topics`` counts and drops streams), whose minted tokens name
  a TCP proxy (``--token-endpoint``), so every page reaches Momento through :class:`TcpProxy`, which the test
  can cut like a network outage;
* a token vending machine (publish-subscribe on any topic of ``CACHE``) that mints directly at the emulator.

Three pages (browser contexts, as three people) are started once and reused: each test joins and leaves.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web.auth.momento_endpoint_resolver import credential_string
from momento_web.responses import TopicPublish
from tests.conftest import AUTH_SECRET, HOST, START_TIMEOUT_S, LocalServer, admin_request, free_port, run_server
from tests.page.app_pages import CALL_TIMEOUT_MS, AppPage, app_url, assert_local_only, open_app, reported

pytestmark = pytest.mark.browser

CACHE = "chat-cache"
SHORT_TTL_S = 5  # renewed 1.25 s before expiry (a quarter of the lifetime)


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
    publisher_key: str  # a super-user key that reaches the emulator directly, not through the proxy

    @property
    def vending_url(self) -> str:
        return self.vending.url


def _direct_key(printed: str, endpoint: str) -> str:
    """The emulator's printed key names the proxy (its token endpoint); the same key, naming ``endpoint``."""
    api_key = json.loads(base64.b64decode(printed))["api_key"]
    return credential_string(endpoint, api_key)


@pytest.fixture(scope="module")
def chat_stack() -> Iterator[ChatStack]:
    port = free_port()
    proxy = TcpProxy(port)
    args = ["-m", "momento_web.emulator", "--host", HOST, "--port", str(port), "--auth", "--auth-secret", AUTH_SECRET]
    args += ["--enable-test-admin", "--token-endpoint", proxy.url]
    try:
        with run_server("chat-emulator", args, HOST, port) as emulator:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not (lines := [x for x in emulator.output().splitlines() if x.startswith("MOMENTO_API_KEY=")]):
                assert time.monotonic() < deadline, f"no MOMENTO_API_KEY line:\n{emulator.output()}"
                time.sleep(0.05)
            key = _direct_key(lines[0].removeprefix("MOMENTO_API_KEY="), emulator.url)
            vport = free_port()
            vargs = ["-m", "momento_web.token_vending_machine", "--host", HOST, "--port", str(vport)]
            vargs += ["--create-caches", "--cache", CACHE, "--topic-prefix", "", "--topic-access", "publish-subscribe"]
            vargs += ["--max-ttl", "600", "--allow-origin-regex", r"http://127\.0\.0\.1:[0-9]+"]
            vargs += ["--rate-per-minute", "60000", "--burst", "10000"]
            env = {name: value for name, value in os.environ.items() if name != "MOMENTO_ENDPOINT"}
            env["MOMENTO_API_KEY"] = key
            with run_server("chat-vending-machine", vargs, HOST, vport, env=env) as vending:
                yield ChatStack(emulator, proxy, vending, key)
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
    chat_stack.proxy.restore()
    yield chat_pages
    chat_stack.proxy.restore()
    for app in chat_pages:
        if app.page.locator("#leave").is_visible():
            app.page.click("#leave")
            expect(app.page.locator("#conn-state")).to_have_attribute("data-state", "offline")
        app.page.fill("#vending", chat_stack.vending_url)
        app.page.fill("#ttl", "")


def topic_name() -> str:
    return f"room-{uuid.uuid4().hex[:8]}"


def join(app: AppPage, name: str, topic: str, *, ttl: int | None = None) -> None:
    page = app.page
    page.fill("#name", name)
    page.fill("#topic", topic)
    if ttl is not None:
        page.fill("#ttl", str(ttl))
    page.click("#join")
    expect(page.locator("#conn-state")).to_have_attribute("data-state", "connected", timeout=CALL_TIMEOUT_MS)
    expect(page.locator("#messages .event").last).to_contain_text(f"{name} joined", timeout=CALL_TIMEOUT_MS)


def send(app: AppPage, text: str) -> None:
    app.page.fill("#message", text)
    app.page.press("#message", "Enter")


def texts(app: AppPage) -> list[str]:
    return app.page.locator("#messages .msg .text").all_inner_texts()


def expect_text(app: AppPage, text: str, sender: str) -> None:
    message = app.page.locator(
        "#messages .msg", has=app.page.locator(".text", has_text=re.compile(f"^{re.escape(text)}$"))
    )
    expect(message).to_have_count(1, timeout=CALL_TIMEOUT_MS)
    expect(message.locator(".who")).to_have_text(sender)
    expect(message.locator("time")).to_have_text(re.compile(r"\d{1,2}:\d{2}:\d{2}"))


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
        admin_request(chat_stack.emulator, "topics/block", post=True)
        try:
            talk_until(people, sent, lambda: all(renewals(app) > before[name] for name, app in people.items()))
        finally:
            admin_request(chat_stack.emulator, "topics/unblock", post=True)
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
        streams = admin_request(chat_stack.emulator, "topics", cache=CACHE, topic=room)
        assert streams["subscribers"] == 2
        # A broken stream now resumes with the renewed token (the first one would be refused as expired).
        assert admin_request(chat_stack.emulator, "topics/drop", post=True, status="UNAVAILABLE")["dropped"] == 2
        for app in people.values():
            expect(app.page.locator("#log")).to_contain_text("stream reconnected", timeout=CALL_TIMEOUT_MS)
            expect(app.page.locator("#conn-state")).to_have_attribute("data-state", "resumed")
            expect(app.page.locator("#log")).not_to_contain_text("AUTHENTICATION_ERROR")
        send(bob, "still here")
        expect_text(ann, "still here", "bob")
    assert_local_only(chat[:2])


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
        send(ann, "typed during the outage")
        expect(ann.page.locator("#messages .notice").last).to_contain_text(
            "not sent: cannot reach Momento", timeout=CALL_TIMEOUT_MS
        )
        expect(ann.page.locator("#message")).to_have_value("typed during the outage")  # kept to send again

        chat_stack.proxy.restore()
        expect(state).to_have_attribute("data-state", "resumed", timeout=CALL_TIMEOUT_MS)
        for text in during:
            expect_text(ann, text, "dan")
        ann.page.press("#message", "Enter")
        expect_text(ann, "typed during the outage", "ann")
        assert texts(ann) == ["before the outage", *during, "typed during the outage"]
    assert_local_only([ann])


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
