"""momento-local fault injection in-process: parsing the metadata keys and the startup flags, the rpc-name and
error vocabularies, per-request-id counters, delays and the outage against deadlines, streams broken after N
messages (through the dispatcher), and the test admin's routes and strict-mode key."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from momento_web_emulator.__main__ import parse_args
from momento_web_emulator.admin import AdminApi
from momento_web_emulator.auth import OpenAuthenticator
from momento_web_emulator.dispatch import Call, Dispatcher
from momento_web_emulator.faults import (
    ERRORS,
    RPC_PATHS,
    FaultInjector,
    FaultSpec,
    Outage,
    Plan,
    parse_duration,
)
from momento_web_emulator.issuer import TokenIssuer
from momento_web_emulator.rpc import CallContext, server_streaming, unary
from momento_web_emulator.store import Store
from momento_web_emulator.tokens import Kind
from momento_web_emulator.topics import TopicRegistry

from momento_web._messages import cacheclient, common
from momento_web._messages import permissionmessages as permissions_pb
from momento_web.wire.credentials import credential_string
from momento_web.wire.status import GrpcError, StatusCode

SCS = "/cache_client.Scs/"
GET = SCS + "Get"


def test_rpc_vocabulary_maps_every_name_to_its_methods() -> None:
    assert RPC_PATHS["get"] == {GET}
    assert RPC_PATHS["set-if"] == {SCS + "SetIf", SCS + "SetIfNotExists"}
    assert RPC_PATHS["list-remove"] == {SCS + "ListRemove", SCS + "ListErase"}
    assert RPC_PATHS["list-push-front"] == {SCS + "ListPushFront", SCS + "ListPopFront"}  # official helpers' label
    assert RPC_PATHS["sorted-set-length-by-score"] == {SCS + "SortedSetLengthByScore"}
    assert RPC_PATHS["get-with-hash"] == {SCS + "GetWithHash"}
    assert RPC_PATHS["item-get-ttl"] == {SCS + "ItemGetTtl"}
    assert RPC_PATHS["topic-publish"] == {"/cache_client.pubsub.Pubsub/Publish"}
    assert RPC_PATHS["topic-subscribe"] == {"/cache_client.pubsub.Pubsub/Subscribe"}
    assert len(RPC_PATHS) == 46


def test_every_rpc_name_names_a_method_of_the_emulator() -> None:
    from momento_web_emulator.services import build_rpcs

    served = {rpc.path for rpc in build_rpcs(Store())}
    assert set().union(*RPC_PATHS.values()) <= served


def test_error_vocabulary() -> None:
    assert ERRORS == {
        "invalid-argument": StatusCode.INVALID_ARGUMENT,
        "unknown": StatusCode.UNKNOWN,
        "already-exists": StatusCode.ALREADY_EXISTS,
        "not-found": StatusCode.NOT_FOUND,
        "internal": StatusCode.INTERNAL,
        "permission-denied": StatusCode.PERMISSION_DENIED,
        "unauthenticated": StatusCode.UNAUTHENTICATED,
        "cancelled": StatusCode.CANCELLED,
        "resource-exhausted": StatusCode.RESOURCE_EXHAUSTED,
        "deadline-exceeded": StatusCode.DEADLINE_EXCEEDED,
        "unavailable": StatusCode.UNAVAILABLE,
        "failed-precondition": StatusCode.FAILED_PRECONDITION,
    }


def test_spec_parses_every_key() -> None:
    spec = FaultSpec.parse(
        {
            "return-error": "Unavailable",
            "error-rpcs": "get  set,delete",
            "error-count": "2",
            "delay-rpcs": "increment",
            "delay-ms": "150",
            "delay-count": "1",
            "stream-error-rpcs": "topic-subscribe",
            "stream-error": "internal",
            "stream-error-message-limit": "3",
        }
    )
    assert spec == FaultSpec(
        return_error=StatusCode.UNAVAILABLE,
        error_rpcs=frozenset({GET, SCS + "Set", SCS + "Delete"}),
        error_count=2,
        delay_rpcs=frozenset({SCS + "Increment"}),
        delay_ms=150,
        delay_count=1,
        stream_error_rpcs=frozenset({"/cache_client.pubsub.Pubsub/Subscribe"}),
        stream_error=StatusCode.INTERNAL,
        stream_error_message_limit=3,
    )
    assert FaultSpec.parse({}).empty


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("return-error", "oops", "not an error name"),
        ("stream-error", "busy", "not an error name"),
        ("error-rpcs", "get sorted-set-union-store", "not an rpc name"),
        ("delay-rpcs", "create-cache", "not an rpc name"),
        ("error-count", "-1", "decimal number"),
        ("delay-count", "two", "decimal number"),
        ("delay-ms", "600001", "at most 600000"),
        ("stream-error-message-limit", "1.5", "decimal number"),
    ],
)
def test_malformed_values_are_invalid_argument(key: str, value: str, says: str) -> None:
    with pytest.raises(GrpcError) as caught:
        FaultSpec.parse({key: value})
    assert caught.value.code is StatusCode.INVALID_ARGUMENT
    assert says in caught.value.details
    assert key in caught.value.details


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5ms", 0.005), ("0.5s", 0.5), ("250us", 0.00025), ("250µs", 0.00025), ("7", 0.007), ("1min", 60.0),
     (" 2 ms ", 0.002), ("100ns", 1e-7), ("1h", 3600.0)],
)  # fmt: skip
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "ms", "5m", "-1ms", "5 sec", "1e3ms"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def _errors(injector: FaultInjector, path: str, metadata: dict[str, str], calls: int) -> list[StatusCode | None]:
    outcomes: list[StatusCode | None] = []
    for _ in range(calls):
        plan = injector.plan(path, metadata)
        outcomes.append(plan.error.code if plan is not None and plan.error is not None else None)
    return outcomes


def test_errors_fail_every_matching_call_or_the_first_n_of_the_request_id() -> None:
    injector = FaultInjector()
    always = {"request-id": "a", "return-error": "unavailable", "error-rpcs": "get"}
    assert _errors(injector, GET, always, 4) == [StatusCode.UNAVAILABLE] * 4
    assert _errors(injector, SCS + "Set", always, 1) == [None]  # not in error-rpcs
    twice = {"request-id": "b", "return-error": "internal", "error-rpcs": "get set", "error-count": "2"}
    assert _errors(injector, GET, twice, 1) + _errors(injector, SCS + "Set", twice, 2) == [
        StatusCode.INTERNAL,
        StatusCode.INTERNAL,
        None,
    ]  # counted per request-id, across its rpcs
    other = {**twice, "request-id": "c"}
    assert _errors(injector, GET, other, 3) == [StatusCode.INTERNAL, StatusCode.INTERNAL, None]
    assert injector.session("b") is not None
    assert injector.session("b").as_dict() == {"calls": 3, "errors": 2, "delays": 0, "stream_errors": 0}  # type: ignore[union-attr]
    assert injector.session("never") is None


def test_the_error_message_names_the_injection() -> None:
    plan = FaultInjector().plan(GET, {"return-error": "not-found", "error-rpcs": "get"})
    assert plan is not None
    assert plan.error is not None
    assert plan.error.details == "injected by return-error (not-found)"


def test_delays_count_separately_from_errors_and_add_to_the_latency() -> None:
    injector = FaultInjector(latency=0.005)
    metadata = {"request-id": "d", "delay-rpcs": "get", "delay-ms": "200", "delay-count": "1"}
    first, second = injector.plan(GET, metadata), injector.plan(GET, metadata)
    assert first is not None
    assert second is not None
    assert [first.delay, second.delay] == pytest.approx([0.205, 0.005])
    assert injector.plan(SCS + "Set", {"request-id": "e"}) == Plan(delay=0.005)
    assert FaultInjector().plan(GET, {"request-id": "f", "delay-ms": "100"}) is None  # no delay-rpcs: nothing


def test_startup_flags_govern_calls_without_fault_metadata_only() -> None:
    defaults = FaultSpec.parse({"return-error": "unavailable", "error-rpcs": "get", "error-count": "1"})
    injector = FaultInjector(defaults)
    assert _errors(injector, GET, {}, 2) == [StatusCode.UNAVAILABLE, None]  # one session for every such call
    assert _errors(injector, GET, {"request-id": "r"}, 1) == [None]  # a request-id of its own: no flags
    own = {"return-error": "internal", "error-rpcs": "get"}
    assert _errors(injector, GET, own, 1) == [StatusCode.INTERNAL]  # its own keys win


def test_counters_of_the_least_recently_used_request_ids_are_forgotten() -> None:
    injector = FaultInjector(max_sessions=2)
    for request_id in ("a", "b", "a", "c"):
        injector.plan(GET, {"request-id": request_id})
    assert injector.session("b") is None
    assert injector.session("a") is not None
    assert injector.session("c") is not None


def test_stream_errors_apply_to_every_stream_of_the_request_id() -> None:
    injector = FaultInjector()
    metadata = {"stream-error-rpcs": "topic-subscribe", "stream-error": "unavailable"}
    subscribe = "/cache_client.pubsub.Pubsub/Subscribe"
    for _ in range(3):
        plan = injector.plan(subscribe, {**metadata, "stream-error-message-limit": "3"})
        assert plan is not None
        assert plan.stream_error is not None
        assert (plan.stream_error.code, plan.stream_message_limit) == (StatusCode.UNAVAILABLE, 3)
    plan = injector.plan(subscribe, metadata)
    assert plan is not None
    assert plan.stream_message_limit == 0


async def test_a_delay_past_the_deadline_is_deadline_exceeded_at_the_deadline() -> None:
    injector = FaultInjector()
    started = time.monotonic()
    with pytest.raises(GrpcError) as caught:
        await injector.before(Plan(delay=5.0), deadline=time.monotonic() + 0.05)
    assert caught.value.code is StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - started < 1


async def test_the_outage_holds_calls_until_unblocked_or_their_deadline() -> None:
    outage = Outage()
    heard: list[bool] = []
    outage.on_change(heard.append)
    injector = FaultInjector(outage=outage)
    outage.set_blocked(True)
    with pytest.raises(GrpcError) as caught:
        await injector.before(None, deadline=time.monotonic() + 0.05)
    assert caught.value.code is StatusCode.DEADLINE_EXCEEDED
    waiting = asyncio.ensure_future(injector.before(None, deadline=None))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    outage.set_blocked(False)
    await asyncio.wait_for(waiting, 1)
    assert heard == [True, False]


# --- through the dispatcher ----------------------------------------------------------------------------------------


async def _count_up(request: common._Empty, ctx: CallContext) -> AsyncIterator[cacheclient._GetResponse]:
    for index in range(10):
        yield cacheclient._GetResponse(cache_body=str(index).encode())


async def _get(request: cacheclient._GetRequest, ctx: CallContext) -> cacheclient._GetResponse:
    return cacheclient._GetResponse(result=cacheclient.ECacheResult.Hit, cache_body=b"v")


def _dispatcher(injector: FaultInjector) -> Dispatcher:
    rpcs = [
        server_streaming("/cache_client.pubsub.Pubsub/Subscribe", common._Empty, _count_up),
        unary(GET, cacheclient._GetRequest, _get),
    ]
    return Dispatcher(rpcs, OpenAuthenticator(), faults=injector)


async def _run(call: Call, payload: bytes = b"") -> tuple[int, GrpcError | None]:
    sent = 0
    try:
        async for _ in call.run(payload):
            sent += 1
    except GrpcError as error:
        return sent, error
    return sent, None


@pytest.mark.parametrize("limit", [0, 1, 3])
async def test_a_broken_stream_sends_limit_messages_then_ends_with_the_error(limit: int) -> None:
    injector = FaultInjector()
    metadata = {"request-id": "s", "stream-error-rpcs": "topic-subscribe", "stream-error": "unavailable"}
    call = _dispatcher(injector).start(
        "/cache_client.pubsub.Pubsub/Subscribe", {**metadata, "stream-error-message-limit": str(limit)}
    )
    sent, error = await _run(call)
    assert sent == limit
    assert error is not None
    assert error.code is StatusCode.UNAVAILABLE
    assert injector.session("s").stream_errors == 1  # type: ignore[union-attr]


async def test_unbroken_and_unary_calls_run_through() -> None:
    dispatcher = _dispatcher(FaultInjector())
    metadata = {"stream-error-rpcs": "get", "stream-error": "unavailable"}  # a unary rpc has no stream to break
    assert await _run(dispatcher.start(GET, metadata), cacheclient._GetRequest(cache_key=b"k").SerializeToString()) == (
        1,
        None,
    )
    assert await _run(dispatcher.start("/cache_client.pubsub.Pubsub/Subscribe", {})) == (10, None)


async def test_an_injected_error_comes_before_the_request_is_even_decoded() -> None:
    dispatcher = _dispatcher(FaultInjector())
    call = dispatcher.start(GET, {"return-error": "permission-denied", "error-rpcs": "get"})
    sent, error = await _run(call, b"\xff not protobuf")
    assert sent == 0
    assert error is not None
    assert error.code is StatusCode.PERMISSION_DENIED


def test_malformed_fault_metadata_fails_the_call_at_start() -> None:
    with pytest.raises(GrpcError) as caught:
        _dispatcher(FaultInjector()).start(GET, {"error-rpcs": "teleport"})
    assert caught.value.code is StatusCode.INVALID_ARGUMENT


# --- startup flags -----------------------------------------------------------------------------------------------


def test_startup_flags_become_the_default_spec() -> None:
    args = parse_args(["--return-error", "unavailable", "--error-rpcs", "get set", "--error-count", "2"])
    assert args.faults == FaultSpec.parse({"return-error": "unavailable", "error-rpcs": "get set", "error-count": "2"})
    assert parse_args(["--latency", "5ms"]).latency == pytest.approx(0.005)
    assert parse_args([]).faults.empty


@pytest.mark.parametrize(
    "argv", [["--return-error", "oops"], ["--latency", "fast"], ["--error-rpcs", "nope"], ["--test-admin-port", "-1"]]
)
def test_malformed_startup_flags_are_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(argv)
    assert "error:" in capsys.readouterr().err


# --- the test admin ------------------------------------------------------------------------------------------------


async def call_admin(
    api: AdminApi, method: str, path: str, query: bytes = b"", authorization: str | None = None
) -> tuple[int, dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [] if authorization is None else [(b"authorization", authorization.encode())]
    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": headers}
    await api(scope, receive, send)
    assert not [name for name, _ in sent[0]["headers"] if name.startswith(b"access-control-")]
    return sent[0]["status"], json.loads(sent[1]["body"])


def _admin(authenticator: Any = None) -> tuple[AdminApi, FaultInjector, TopicRegistry]:
    store = Store()
    outage = Outage()
    topics = TopicRegistry(store, outage=outage)
    injector = FaultInjector(outage=outage)
    return AdminApi(topics, faults=injector, store=store, authenticator=authenticator), injector, topics


async def test_admin_block_unblock_faults_and_memory_routes() -> None:
    api, injector, topics = _admin()
    for path in ("/_test_admin/block", "/block"):  # the data port's prefix, and momento-local's path (admin port)
        assert await call_admin(api, "GET", path) == (200, {"blocked": True})
        assert injector.outage.blocked
        assert topics.blocked  # topic streams stop too
        assert await call_admin(api, "POST", path.replace("block", "unblock")) == (200, {"blocked": False})
        assert not topics.blocked
    injector.plan(GET, {"request-id": "r1", "return-error": "unavailable", "error-rpcs": "get"})
    assert await call_admin(api, "GET", "/_test_admin/faults", b"request_id=r1") == (
        200,
        {"calls": 1, "errors": 1, "delays": 0, "stream_errors": 0},
    )
    assert (await call_admin(api, "GET", "/_test_admin/faults", b"request_id=nobody"))[1]["calls"] == 0
    status, usage = await call_admin(api, "GET", "/_test_admin/memory")
    assert status == 200
    assert {"items", "bytes", "max_bytes", "caches"} <= set(usage)
    assert (await call_admin(api, "GET", "/topics"))[0] == 404  # only block/unblock outside the prefix


async def test_admin_in_strict_mode_needs_the_printed_key() -> None:
    issuer = TokenIssuer.create(strict=True, endpoint="http://127.0.0.1:9")
    api, _, _ = _admin(issuer.authenticator)
    printed = issuer.super_user_key()
    raw = json.loads(base64.b64decode(printed))["api_key"]
    super_user = permissions_pb.Permissions(super_user=permissions_pb.SuperUser)
    minted, _ = issuer.signer.issue(Kind.API_KEY, super_user, expires_at=None)
    assert (await call_admin(api, "GET", "/_test_admin/memory"))[0] == 401
    assert (await call_admin(api, "GET", "/_test_admin/memory", authorization="garbage"))[0] == 401
    assert (await call_admin(api, "GET", "/_test_admin/block", authorization=minted))[0] == 403  # super-user, minted
    assert not api._faults.outage.blocked  # type: ignore[union-attr]
    assert (await call_admin(api, "GET", "/_test_admin/memory", authorization=printed))[0] == 200
    assert (await call_admin(api, "GET", "/_test_admin/memory", authorization=raw))[0] == 200
    assert (await call_admin(api, "GET", "/_test_admin/memory", authorization=f"Bearer {raw}"))[0] == 200
    assert credential_string("http://127.0.0.1:9", raw) == printed
