"""PreviewLeaderboardClientAsync and its Leaderboard handles without a server: validation (the JS SDKs' messages,
nothing sent), what goes on the wire (read back with google.protobuf), how replies map to responses; and the sync
twin's derivation."""

from __future__ import annotations

import inspect
import math
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from momento_web import (
    CredentialProvider,
    LeaderboardConfigurations,
    LeaderboardOrder,
    PreviewLeaderboardClient,
    PreviewLeaderboardClientAsync,
)
from momento_web._messages import common
from momento_web._messages import leaderboard as lb_pb
from momento_web.errors import MomentoErrorCode
from momento_web.leaderboard_client import Leaderboard as SyncLeaderboard
from momento_web.leaderboard_client_async import Leaderboard
from momento_web.responses.leaderboard import (
    LeaderboardDelete,
    LeaderboardFetch,
    LeaderboardLength,
    LeaderboardRemoveElements,
    LeaderboardUpsert,
    RankedElement,
)
from momento_web.wire.protobuf import Message
from tests.protobuf_oracle import leaderboard_pb2
from tests.unit.fakes import RecordingTransport, sent_payload

Call = Callable[[Leaderboard], Awaitable[object]]


def _board(
    reply: Message | None = None, cache: Any = "cache", name: Any = "scores"
) -> tuple[Leaderboard, RecordingTransport]:
    transport = RecordingTransport(b"" if reply is None else reply.SerializeToString())
    config = LeaderboardConfigurations.Browser.latest().with_transport_factory(lambda: transport)
    client = PreviewLeaderboardClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", 8080))
    return client.leaderboard(cache, name), transport


def _invalid(response: object, message: str) -> None:
    assert getattr(response, "error_code", None) is MomentoErrorCode.INVALID_ARGUMENT_ERROR, response
    assert response.message == f"Invalid argument passed to Momento client: {message}"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda b: b.upsert({}), "must provide at least one element"),
        (lambda b: b.upsert([(1, 1.0)]), "elements must be a Mapping of id to score. Given type: <class 'list'>"),
        (lambda b: b.upsert({-1: 1.0}), "leaderboard ids must be integers from 0 to 4294967295; given: -1"),
        (lambda b: b.upsert({2**32: 1.0}), "leaderboard ids must be integers from 0 to 4294967295; given: 4294967296"),
        (lambda b: b.upsert({True: 1.0}), "leaderboard ids must be integers from 0 to 4294967295; given: True"),
        (lambda b: b.upsert({1: math.nan}), "leaderboard scores must be finite numbers; given: nan"),
        (lambda b: b.upsert({1: math.inf}), "leaderboard scores must be finite numbers; given: inf"),
        (lambda b: b.upsert({1: 10**400}), f"leaderboard scores must be finite numbers; given: {10**400!r}"),
        (lambda b: b.upsert({1: "1"}), "leaderboard scores must be numbers; given type: <class 'str'>"),
        (lambda b: b.fetch_by_score(2.0, 1.0), "minScore must be less than or equal to maxScore"),
        (lambda b: b.fetch_by_score(math.nan), "minScore must not be NaN"),
        (lambda b: b.fetch_by_score(offset=-1), "offset must be non-negative (>= 0)"),
        (lambda b: b.fetch_by_score(count=0), "count must be strictly positive (> 0)"),
        (lambda b: b.fetch_by_score(count=1.5), "count must be strictly positive (> 0)"),
        (lambda b: b.fetch_by_score(order="DESC"), "order must be a LeaderboardOrder. Given type: <class 'str'>"),
        (lambda b: b.fetch_by_rank(5, 5), "start rank must be less than end rank"),
        (lambda b: b.fetch_by_rank(6, 5), "start rank must be less than end rank"),
        (lambda b: b.fetch_by_rank(-1, 5), "ranks must be positive"),
        (lambda b: b.fetch_by_rank(0, -5), "ranks must be positive"),
        (lambda b: b.fetch_by_rank(0, 2**32), "ranks must be at most 4294967295"),
        (lambda b: b.get_rank([1, "2"]), "leaderboard ids must be integers from 0 to 4294967295; given: '2'"),
        (lambda b: b.get_rank(5), "ids must be an Iterable of int. Given type: <class 'int'>"),
        (lambda b: b.remove_elements([]), "must provide at least one element"),
    ],
)
async def test_invalid_arguments_are_errors_and_nothing_is_sent(call: Call, message: str) -> None:
    board, transport = _board()
    _invalid(await call(board), message)
    assert transport.requests == []


@pytest.mark.parametrize(
    ("cache", "name", "message"),
    [
        ("", "scores", "cache name must not be empty"),
        ("  ", "scores", "cache name must not be empty"),
        ("cache", " ", "leaderboard name must not be empty"),
        ("cache", None, "leaderboard name must be a string. Given type: <class 'NoneType'>"),
        (None, "", "cache name must be a string. Given type: <class 'NoneType'>"),  # the cache is checked first
    ],
)
async def test_bad_names_are_every_methods_error(cache: Any, name: Any, message: str) -> None:
    board, transport = _board(cache=cache, name=name)
    responses = [
        await board.upsert({1: 1.0}),
        await board.fetch_by_score(),
        await board.fetch_by_rank(0, 10),
        await board.get_rank([1]),
        await board.length(),
        await board.remove_elements([1]),
        await board.delete(),
    ]
    for response in responses:
        _invalid(response, message)
    assert transport.requests == []


async def test_upsert_sends_the_elements_with_the_cache_header_and_a_deadline() -> None:
    board, transport = _board(common._Empty())
    assert await board.upsert({7: 1.5, 2**32 - 1: -3}) == LeaderboardUpsert.Success()
    (request,) = transport.requests
    assert request.url == "http://127.0.0.1:8080/leaderboard.Leaderboard/UpsertElements"
    assert request.headers["cache"] == "cache"
    assert request.headers["grpc-timeout"] == "5000m"
    assert request.headers["agent"].split(":")[1] == "leaderboard"
    sent = leaderboard_pb2._UpsertElementsRequest.FromString(sent_payload(request))
    assert sent.leaderboard == "scores"
    assert [(e.id, e.score) for e in sent.elements] == [(7, 1.5), (2**32 - 1, -3.0)]
    await board.upsert({1: 1.0})
    assert "agent" not in transport.requests[1].headers  # the first call only announces the client


async def test_fetch_by_score_defaults_unbounded_ascending_8192() -> None:
    reply = lb_pb._GetByScoreResponse(elements=[lb_pb._RankedElement(id=3, score=2.5, rank=0)])
    board, transport = _board(reply)
    assert await board.fetch_by_score() == LeaderboardFetch.Success([RankedElement(3, 2.5, 0)])
    sent = leaderboard_pb2._GetByScoreRequest.FromString(sent_payload(transport.requests[0]))
    assert sent.score_range.WhichOneof("min") == "unbounded_min"
    assert sent.score_range.WhichOneof("max") == "unbounded_max"
    assert (sent.offset, sent.limit_elements, sent.order) == (0, 8192, leaderboard_pb2.ASCENDING)


async def test_fetch_by_score_sends_bounds_even_at_zero_and_the_order() -> None:
    board, transport = _board(lb_pb._GetByScoreResponse())
    assert await board.fetch_by_score(
        0, 10, LeaderboardOrder.DESCENDING, offset=3, count=2
    ) == LeaderboardFetch.Success([])
    sent = leaderboard_pb2._GetByScoreRequest.FromString(sent_payload(transport.requests[0]))
    assert (sent.score_range.WhichOneof("min"), sent.score_range.min_inclusive) == ("min_inclusive", 0.0)
    assert (sent.score_range.WhichOneof("max"), sent.score_range.max_exclusive) == ("max_exclusive", 10.0)
    assert (sent.offset, sent.limit_elements, sent.order) == (3, 2, leaderboard_pb2.DESCENDING)


async def test_fetch_by_rank_get_rank_length_remove_and_delete_on_the_wire() -> None:
    ranked = lb_pb._GetByRankResponse(elements=[lb_pb._RankedElement(id=1, score=9.0, rank=4)])
    board, transport = _board(ranked)
    assert await board.fetch_by_rank(4, 5, LeaderboardOrder.DESCENDING) == LeaderboardFetch.Success(
        [RankedElement(1, 9.0, 4)]
    )
    sent = leaderboard_pb2._GetByRankRequest.FromString(sent_payload(transport.requests[0]))
    assert (sent.rank_range.start_inclusive, sent.rank_range.end_exclusive, sent.order) == (4, 5, 1)

    board, transport = _board(lb_pb._GetRankResponse(elements=[lb_pb._RankedElement(id=5, score=1.0, rank=0)]))
    assert await board.get_rank(iter([5, 6])) == LeaderboardFetch.Success([RankedElement(5, 1.0, 0)])
    assert list(leaderboard_pb2._GetRankRequest.FromString(sent_payload(transport.requests[0])).ids) == [5, 6]
    assert await board.get_rank([]) == LeaderboardFetch.Success([RankedElement(5, 1.0, 0)])  # empty is allowed

    board, transport = _board(lb_pb._GetLeaderboardLengthResponse(count=42))
    assert await board.length() == LeaderboardLength.Success(42)

    board, transport = _board(common._Empty())
    assert await board.remove_elements((1, 2)) == LeaderboardRemoveElements.Success()
    assert list(leaderboard_pb2._RemoveElementsRequest.FromString(sent_payload(transport.requests[0])).ids) == [1, 2]
    assert await board.delete() == LeaderboardDelete.Success()
    deleted = leaderboard_pb2._DeleteLeaderboardRequest.FromString(sent_payload(transport.requests[1]))
    assert deleted.leaderboard == "scores"
    assert [r.url.rsplit("/", 1)[1] for r in transport.requests] == ["RemoveElements", "DeleteLeaderboard"]


def test_the_handle_shows_its_names() -> None:
    board, _ = _board(cache="c", name="n")
    assert (board.cache_name, board.leaderboard_name) == ("c", "n")
    assert repr(board) == "Leaderboard(cache_name='c', leaderboard_name='n')"


def test_responses_print_like_the_others() -> None:
    success = LeaderboardFetch.Success([RankedElement(1, 2.0, 0)])
    assert repr(success) == "LeaderboardFetch.Success(values=[RankedElement(id=1, score=2.0, rank=0)])"
    assert str(LeaderboardLength.Success(3)) == "LeaderboardLength.Success(length=3)"


# --- the sync twin ----------------------------------------------------------------------------------------------


def _public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(getattr(cls, name))
        for name in dir(cls)
        if not name.startswith("_") and inspect.iscoroutinefunction(getattr(cls, name))
    }


def test_the_sync_leaderboard_has_exactly_the_async_ones_methods() -> None:
    methods = _public_methods(Leaderboard)
    assert set(methods) == {
        "upsert", "fetch_by_score", "fetch_by_rank", "get_rank", "length", "remove_elements", "delete"
    }  # fmt: skip
    for name, signature in methods.items():
        derived = getattr(SyncLeaderboard, name)
        assert inspect.signature(derived) == signature
        assert derived.__doc__ == getattr(Leaderboard, name).__doc__
        assert derived.__qualname__ == f"Leaderboard.{name}"
        assert derived.__module__ == "momento_web.leaderboard_client"


def test_a_sync_leaderboard_waits_on_its_client_and_ends_with_it() -> None:
    transport = RecordingTransport(lb_pb._GetLeaderboardLengthResponse(count=2).SerializeToString())
    config = LeaderboardConfigurations.Laptop.latest().with_transport_factory(lambda: transport)
    client = PreviewLeaderboardClient(config, CredentialProvider.for_momento_local("127.0.0.1", 8080))
    with client:
        board = client.leaderboard("cache", "scores")
        assert repr(board) == "Leaderboard(cache_name='cache', leaderboard_name='scores')"
        assert board.length() == LeaderboardLength.Success(2)
        board.close()  # a handle releases nothing
        assert board.length() == LeaderboardLength.Success(2)
    closed = board.length()  # the client's close ends its handles' calls too
    assert isinstance(closed, LeaderboardLength.Error)
    assert "closed" in closed.message
    assert len(transport.requests) == 2
