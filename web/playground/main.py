"""The playground page: a vended token (or, for development, an API key), then any operation of the SDK's cache,
storage, vector index and leaderboard clients from a generated form."""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from page import by_id, clock, element, on, set_status, show_definitions, value_of

try:
    from operations import ArgumentError, Operation, Param, describe, every_operation
    from vending import VendedToken, VendingError, request_token, scope_rows

    from momento_web import (
        CacheClientAsync,
        Configurations,
        CredentialProvider,
        LeaderboardConfigurations,
        PreviewLeaderboardClientAsync,
        PreviewStorageClientAsync,
        PreviewVectorIndexClientAsync,
        StorageConfigurations,
        VectorIndexConfigurations,
    )
    from momento_web.errors import MomentoErrorCode
except Exception as exc:  # a broken build shows on the page, not only in the console
    set_status(f"failed to load the playground: {exc!r}", "failed")
    raise

DEFAULT_TTL = timedelta(minutes=5)
RENEW_BEFORE_S = 15  # a token this close to expiry is renewed before the next call
MAX_HISTORY = 20
# Error codes that mean the call never got an answer: the page says where it tried, not only the typed Error.
NO_ANSWER = frozenset({MomentoErrorCode.SERVER_UNAVAILABLE, MomentoErrorCode.TIMEOUT_ERROR})

OPERATIONS = every_operation()
BY_KEY = {(operation.family, operation.name): operation for operation in OPERATIONS}  # names repeat across clients
FAMILIES = list(dict.fromkeys(operation.family for operation in OPERATIONS))
# Momento's roles name caches, topics and functions only: no token grants a store or an index.
SUPER_USER_CLIENTS = frozenset({"storage", "vector"})


@dataclass
class Connection:
    credentials: CredentialProvider
    cache_client: CacheClientAsync
    token: VendedToken | None  # None: an API key typed in (developer use)
    request: dict[str, str]  # what was asked for, to renew the same scope
    vending_url: str
    cache: str
    prefix: str
    others: dict[str, Any] = field(default_factory=dict)  # the other clients, made on first use

    @property
    def endpoint(self) -> str:
        """Where the credential sends cache calls."""
        return self.credentials.cache_url

    def endpoint_for(self, client: str) -> str:
        urls = {"storage": self.credentials.storage_url, "vector": self.credentials.vector_url}
        return urls.get(client, self.credentials.cache_url)

    def client(self, key: str) -> Any:
        """The client for an operation's ``client`` key (see ``operations.CLIENTS``)."""
        if key == "cache":
            return self.cache_client
        if key not in self.others:
            makers: dict[str, Callable[[], Any]] = {
                "storage": lambda: PreviewStorageClientAsync(StorageConfigurations.Browser.latest(), self.credentials),
                "vector": lambda: PreviewVectorIndexClientAsync(
                    VectorIndexConfigurations.Default.latest(), self.credentials
                ),
                "leaderboard": lambda: PreviewLeaderboardClientAsync(
                    LeaderboardConfigurations.Browser.latest(), self.credentials
                ),
            }
            self.others[key] = makers[key]()
        return self.others[key]

    async def close(self) -> None:
        for client in [self.cache_client, *self.others.values()]:
            await client.close()


_connection: Connection | None = None


def show_message(text: str, *, error: bool = False) -> None:
    message = by_id("message")
    message.textContent = text
    message.className = "error" if error else "hint"
    message.hidden = not text


@contextlib.contextmanager
def in_flight(button_id: str, what: str) -> Iterator[None]:
    """The button stays disabled until the request is answered; whatever fails is shown on the page."""
    button = by_id(button_id)
    button.disabled = True
    try:
        yield
    except VendingError as exc:
        show_message(str(exc), error=True)
    except Exception as exc:  # a bug or an unexpected answer: otherwise the page would say "…" forever
        traceback.print_exc()
        show_message(f"{what} failed: {exc!r}", error=True)
    finally:
        button.disabled = False


# --- the operation form -------------------------------------------------------------------------------------


def fill_operations() -> None:
    family = value_of("family")
    select = by_id("operation")
    select.replaceChildren()
    for operation in OPERATIONS:
        if operation.family == family:
            select.append(element("option", operation.name, value=operation.name))
    render_form()


def selected() -> Operation:
    return BY_KEY[(value_of("family"), value_of("operation"))]


def render_form() -> None:
    operation = selected()
    prefix = _connection.prefix if _connection is not None else value_of("prefix")
    by_id("summary").textContent = operation.summary
    by_id("family-note").hidden = operation.client not in SUPER_USER_CLIENTS
    fields = by_id("fields")
    fields.replaceChildren()
    if operation.takes_cache:
        fields.append(element("p", f"cache_name: the token's cache ({cache_name()})", "hint"))
    for param in operation.params:
        fields.append(field_for(param, prefix))
    if not operation.params:
        fields.append(element("p", "no arguments", "hint"))


def field_for(param: Param, prefix: str) -> Any:
    label = element("label")
    optional = "" if param.required else f", optional (default {param.default})"
    label.append(element("span", f"{param.name} — {param.kind.hint}{optional}"))
    sample = param.sample.replace("{p}", prefix)
    if param.kind.widget == "choice":
        control = element("select", id=f"arg-{param.name}")
        control.append(element("option", f"default ({param.default})", value=""))
        for choice in param.kind.choices:
            control.append(element("option", choice, value=choice))
    elif param.kind.widget == "lines":
        control = element("textarea", id=f"arg-{param.name}", rows="3")
        control.value = sample
    else:
        control = element("input", id=f"arg-{param.name}")
        control.value = sample
    label.append(control)
    return label


def cache_name() -> str:
    return _connection.cache if _connection is not None else value_of("cache")


# --- the token and the client -------------------------------------------------------------------------------


async def use(connection: Connection, rows: list[tuple[str, str]]) -> Connection:
    """Make ``connection`` the page's (closing the previous one's clients) and show what it grants."""
    global _connection
    if _connection is not None:
        await _connection.close()
    _connection = connection
    show_definitions("scope-list", rows)
    by_id("scope").hidden = False
    by_id("run").disabled = False
    render_form()
    return connection


async def connect(vending_url: str, request: dict[str, str]) -> Connection:
    """Vend a token and make a client with it; raises VendingError."""
    token = await request_token(vending_url, request)
    credentials = CredentialProvider.from_disposable_token(token.auth_token)
    client = await CacheClientAsync.create(Configurations.Browser.latest(), credentials, DEFAULT_TTL)
    cache, prefix = str(token.scope["cache"]), str(token.scope.get("keyPrefix", ""))
    connection = Connection(credentials, client, token, request, vending_url, cache, prefix)
    return await use(connection, scope_rows(token, credentials.cache_url, clock))


async def connect_with_key(api_key: str, cache: str, prefix: str) -> Connection:
    """Use an API key typed into the page (developer use): no vending machine, no expiry, the key's own scope. The
    key must name its endpoint, as the emulator's does."""
    credentials = CredentialProvider.from_disposable_token(api_key)
    client = await CacheClientAsync.create(Configurations.Browser.latest(), credentials, DEFAULT_TTL)
    connection = Connection(credentials, client, None, {}, "", cache, prefix)
    rows = [("Credential", "API key typed in (developer use)"), ("Cache", cache), ("Endpoint", credentials.cache_url)]
    return await use(connection, rows)


async def current_client(operation: Operation) -> Any:
    """The client for ``operation``, its token renewed first when it is about to expire."""
    connection = _connection
    if connection is None:
        raise VendingError("get a token first")
    if connection.token is not None and connection.token.seconds_left() < RENEW_BEFORE_S:
        connection = await connect(connection.vending_url, connection.request)
    return connection.client(operation.client)


@on("submit", "#token-form")
async def on_get_token(event: Any) -> None:
    request = {"cache": value_of("cache"), "keyPrefix": value_of("prefix")}
    with in_flight("get-token", "get token"):
        show_message("asking the vending machine…")
        await connect(value_of("vending"), request)
        show_message(f"token ready: keys and collection names must start with {request['keyPrefix']!r}")


@on("click", "#use-key")
async def on_use_key(event: Any) -> None:
    with in_flight("use-key", "use key"):
        await connect_with_key(value_of("api-key"), value_of("cache"), value_of("prefix"))
        show_message("API key in use: every call has the key's own rights (stores and indexes need a super-user)")


# --- running an operation -----------------------------------------------------------------------------------


def read_texts(operation: Operation) -> dict[str, str]:
    return {param.name: str(by_id(f"arg-{param.name}").value) for param in operation.params}


def show_response(operation: Operation, code: str, response: object) -> None:
    described = describe(response)
    kind = by_id("response-type")
    kind.textContent = described.type_name
    kind.className = f"response-type {described.tone}"
    show_definitions("response-fields", described.rows)
    by_id("response-code").textContent = code
    by_id("response").hidden = False
    history = by_id("history")
    history.prepend(element("li", f"{clock()} {operation.name} → {described.type_name}", data_tone=described.tone))
    while history.childElementCount > MAX_HISTORY:
        history.lastElementChild.remove()


@on("change", "#family")
def on_family(event: Any) -> None:
    fill_operations()


@on("change", "#operation")
def on_operation(event: Any) -> None:
    render_form()


async def call(client: Any, operation: Operation, cache: str | None, arguments: dict[str, Any]) -> Any:
    """``operation`` on ``client`` (or on its handle, e.g. ``client.leaderboard(cache, name)``)."""
    if operation.handle is not None:
        name_param = operation.params[0].name
        rest = {name: value for name, value in arguments.items() if name != name_param}
        target = getattr(client, operation.handle)(cache, arguments[name_param])
        return await getattr(target, operation.name)(**rest)
    method = getattr(client, operation.name)
    return await (method(cache, **arguments) if cache is not None else method(**arguments))


@on("submit", "#operation-form")
async def on_run(event: Any) -> None:
    operation = selected()
    with in_flight("run", operation.name):
        try:
            arguments = operation.arguments(read_texts(operation))
        except ArgumentError as exc:
            show_message(f"not sent: {exc}", error=True)
            return
        show_message(f"{operation.name}…")
        started = time.monotonic()
        client = await current_client(operation)
        cache = cache_name() if operation.takes_cache else None
        response = await call(client, operation, cache, arguments)
        code = getattr(response, "error_code", None)
        if code in NO_ANSWER and _connection is not None:
            where = _connection.endpoint_for(operation.client)
            show_message(
                f"{operation.name}: no answer from Momento at {where} ({code.name}): is it running?", error=True
            )
        else:
            show_message(f"{operation.name} answered in {(time.monotonic() - started) * 1000:.0f} ms")
        show_response(operation, operation.code(cache, arguments), response)


def start() -> None:
    family = by_id("family")
    for name in FAMILIES:
        family.append(element("option", name, value=name))
    family.value = "Scalar"
    fill_operations()
    by_id("get-token").disabled = False
    by_id("use-key").disabled = False
    set_status("ready", "ready")


start()
