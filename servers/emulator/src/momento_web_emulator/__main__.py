"""``python -m momento_web_emulator``: run the local Momento emulator until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import sys
from collections.abc import Sequence

from momento_web_serving import bind, configure_logging, endpoint_url, serve, stop_on_signals

from momento_web.wire.status import GrpcError
from momento_web_emulator import backpressure, data_dir, faults
from momento_web_emulator.app import DEFAULT_MAX_REQUEST_BYTES
from momento_web_emulator.dispatch import DEFAULT_MAX_REQUEST_ELEMENTS
from momento_web_emulator.server import EmulatorSettings, build, default_token_endpoint, issuer_for
from momento_web_emulator.storage import JournalError, StorageLimits
from momento_web_emulator.store import MemoryLimits, TopicLimits
from momento_web_emulator.topics import TopicSettings
from momento_web_emulator.vector_indexes import VectorJournalError, VectorLimits

logger = logging.getLogger("momento_web_emulator")

_SECRET_ENV = "MOMENTO_EMULATOR_AUTH_SECRET"  # noqa: S105  the variable's name, not a secret


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _duration(text: str) -> float:
    try:
        return faults.parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def _add_fault_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "fault injection (momento-local)",
        "Faults for every call that carries no request-id and none of the fault metadata keys, which otherwise "
        "decide alone (docs: README, the emulator section). Rpc names: get, set, …, topic-publish, "
        "topic-subscribe; errors: unavailable, internal, not-found, …",
    )
    group.add_argument(
        "--latency",
        type=_duration,
        default=0.0,
        metavar="DURATION",
        help="simulated network latency before every call is answered, e.g. 5ms, 0.5s (a bare number "
        "is milliseconds); a call whose deadline comes first gets DEADLINE_EXCEEDED (default: 0)",
    )
    group.add_argument("--return-error", metavar="ERROR", help="error to answer calls of --error-rpcs with")
    group.add_argument("--error-rpcs", metavar="RPCS", help="space-separated rpc names that fail with --return-error")
    group.add_argument("--error-count", metavar="N", help="fail only the first N matching calls (default: every one)")
    group.add_argument("--delay-rpcs", metavar="RPCS", help="space-separated rpc names delayed by --delay-ms")
    group.add_argument("--delay-ms", metavar="MS", help=f"delay in milliseconds (at most {faults.MAX_DELAY_MS})")
    group.add_argument("--delay-count", metavar="N", help="delay only the first N matching calls (default: every one)")
    group.add_argument("--stream-error-rpcs", metavar="RPCS", help="streaming rpcs to break (topic-subscribe)")
    group.add_argument("--stream-error", metavar="ERROR", help="status that breaks the streams of --stream-error-rpcs")
    group.add_argument(
        "--stream-error-message-limit",
        metavar="N",
        help="messages a broken stream sends first, heartbeats included (default: 0)",
    )
    group.add_argument("--max-fault-sessions", type=_positive_int, default=faults.DEFAULT_MAX_SESSIONS,
                       help="request-ids whose fault counters are kept, the least recently used forgotten first "
                       "(default: %(default)s)")  # fmt: skip


def fault_spec(args: argparse.Namespace) -> faults.FaultSpec:
    """The startup fault flags as a spec; raises GrpcError (INVALID_ARGUMENT) for a malformed one."""
    keys = faults.KEYS[1:]
    return faults.FaultSpec.parse({key: getattr(args, key.replace("-", "_")) for key in keys})


def _auth_secret(text: str) -> str:
    if len(text.encode("utf-8")) < 32:
        raise argparse.ArgumentTypeError("must be at least 32 bytes long")
    return text


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m momento_web_emulator",
        description="Local Momento emulator speaking gRPC-web (text and binary) over HTTP/1.1.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks a free one (default: 8080)")
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="logging level (default: %(default)s; debug logs every call)",
    )
    parser.add_argument(
        "--max-request-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_REQUEST_BYTES,
        help="largest request message accepted; larger → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-request-elements",
        type=_positive_int,
        default=DEFAULT_MAX_REQUEST_ELEMENTS,
        help="values of repeated fields (list values, set elements, dictionary pairs, batch items, ...) in one "
        "request, counted before it is decoded; more → RESOURCE_EXHAUSTED with err=request_size_limit_exceeded "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--sweep-interval",
        type=_positive_float,
        default=1.0,
        help="seconds between sweeps of expired items (default: %(default)s)",
    )
    parser.add_argument(
        "--heartbeat-interval",
        type=_positive_float,
        default=TopicSettings().heartbeat_interval,
        help="seconds of silence on a topic subscription before a heartbeat is sent (default: %(default)s)",
    )
    parser.add_argument(
        "--topic-buffer-size",
        type=_positive_int,
        default=TopicSettings().buffer_items,
        help="items kept per topic so resuming subscribers miss nothing (default: %(default)s)",
    )
    parser.add_argument(
        "--topic-buffer-bytes",
        type=_positive_int,
        default=TopicSettings().buffer_bytes,
        help="payload bytes kept per topic, the oldest items going first (default: %(default)s)",
    )
    parser.add_argument(
        "--max-topics-per-cache",
        type=_positive_int,
        default=TopicSettings().max_topics_per_cache,
        help="topics a cache keeps; beyond, topics without subscribers are forgotten, oldest first "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--topic-recent-items",
        type=_non_negative_int,
        default=TopicSettings().recent_items,
        help="retained items a fresh subscription (resume position 0) starts with, as Momento delivers the latest "
        "messages first; 0: only items published after subscribing (default: %(default)s)",
    )
    parser.add_argument(
        "--max-publish-bytes",
        type=_positive_int,
        default=TopicSettings().max_publish_bytes,
        help="size of one published value; larger → RESOURCE_EXHAUSTED with err=request_size_limit_exceeded "
        "(ListCaches advertises it in KB) (default: %(default)s)",
    )
    parser.add_argument(
        "--max-subscriptions",
        type=_positive_int,
        default=TopicLimits().max_subscription_count,
        help="concurrent topic subscriptions per cache; more → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-total-subscriptions",
        type=_positive_int,
        default=TopicSettings().max_total_subscriptions,
        help="concurrent topic subscriptions across all caches, as Momento limits them per account; more → "
        "RESOURCE_EXHAUSTED with err=topic_subscriptions_limit_exceeded (default: %(default)s)",
    )
    parser.add_argument(
        "--max-items",
        type=_positive_int,
        default=MemoryLimits().max_items,
        help="items held across all caches; a write beyond → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=MemoryLimits().max_bytes,
        help="memory held across all caches and topics: keys and values plus what each item, collection element, "
        "topic and retained topic item costs beyond them; a write or publish beyond (once the oldest retained topic "
        "items are dropped) → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-caches",
        type=_positive_int,
        default=MemoryLimits().max_caches,
        help="caches that may exist at once; CreateCache beyond → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-name-length",
        type=_positive_int,
        default=MemoryLimits().max_name_length,
        help="characters in a cache or topic name; longer → INVALID_ARGUMENT (default: %(default)s)",
    )
    parser.add_argument(
        "--max-item-bytes",
        type=_positive_int,
        default=MemoryLimits().max_item_bytes,
        help="size of one item (key, values, fields, elements); larger → RESOURCE_EXHAUSTED with "
        "err=item_size_limit_exceeded (default: %(default)s)",
    )
    parser.add_argument(
        "--max-element-bytes",
        type=_positive_int,
        default=MemoryLimits().max_element_bytes,
        help="size of one collection element (list value, set or sorted-set member, dictionary field or value); "
        "larger → RESOURCE_EXHAUSTED with err=element_size_limit_exceeded; Momento's limit is 131072, the default "
        "is as large as an item (default: %(default)s)",
    )
    parser.add_argument(
        "--data-dir",
        type=data_dir.argument_type,
        metavar="DIR",
        help="keep stores and vector indexes with their items in DIR (created if missing; stores in "
        "DIR/stores.sqlite3, vector indexes in DIR/vector_indexes.sqlite3, every acknowledged write on disk), "
        "loaded at start (default: none, everything in memory)",
    )
    parser.add_argument(
        "--max-stores",
        type=_positive_int,
        default=StorageLimits().max_stores,
        help="stores (Momento Storage) that may exist; CreateStore beyond → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-store-items",
        type=_positive_int,
        default=StorageLimits().max_items,
        help="items held across all stores; a put beyond → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-store-bytes",
        type=_positive_int,
        default=StorageLimits().max_bytes,
        help="key and value bytes held across all stores; a put beyond → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-store-item-bytes",
        type=_positive_int,
        default=StorageLimits().max_item_bytes,
        help="size of one stored item (key plus value; 8 bytes for a number); larger → RESOURCE_EXHAUSTED with "
        "err=item_size_limit_exceeded (default: %(default)s)",
    )
    parser.add_argument(
        "--max-vector-indexes",
        type=_positive_int,
        default=VectorLimits().max_indexes,
        help="vector indexes that may exist; CreateIndex beyond → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-vector-items",
        type=_positive_int,
        default=VectorLimits().max_items,
        help="items held across all vector indexes; an upsert beyond → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--max-vector-bytes",
        type=_positive_int,
        default=VectorLimits().max_bytes,
        help="bytes held across all vector indexes: 4 per vector element (an empty index counts 16 vectors), ids "
        "and metadata; a change beyond → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--enable-test-admin",
        action="store_true",
        help="serve test hooks under /_test_admin/ (topic streams: count, drop, block; the outage of the whole "
        "emulator: block, unblock; fault counters; memory accounting); under --auth they need the printed key",
    )
    parser.add_argument(
        "--test-admin-port",
        type=_port,
        metavar="PORT",
        help="also serve the test hooks on this port of --host, with momento-local's GET /block and GET /unblock "
        "(momento-local uses 9090; implies --enable-test-admin; default: none)",
    )
    parser.add_argument(
        "--auth",
        action="store_true",
        help="strict auth: every call (but Ping) needs an API key or disposable token issued by this emulator, and "
        "out-of-scope calls get PERMISSION_DENIED; a super-user API key is printed on stdout at start as "
        "MOMENTO_API_KEY=<key> (default: open, any or no credential has every permission)",
    )
    parser.add_argument(
        "--auth-secret",
        type=_auth_secret,
        default=os.environ.get(_SECRET_ENV) or None,
        help=f"HS256 secret (at least 32 bytes) signing the emulator's tokens, so they survive restarts; "
        f"default: ${_SECRET_ENV}, else a random one per start",
    )
    parser.add_argument(
        "--token-endpoint",
        metavar="URL",
        help="base URL that minted tokens name as their endpoint (default: http://<host>:<port> as bound, "
        "with 127.0.0.1 or ::1 for a wildcard --host such as 0.0.0.0 or ::)",
    )
    _add_fault_flags(parser)
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    try:
        args.faults = fault_spec(args)
    except GrpcError as error:
        parser.error(error.details)
    return args


async def _run(settings: EmulatorSettings) -> None:
    stop = stop_on_signals()

    async def shutdown_trigger() -> None:
        await stop.wait()
        logger.debug("shutting down")

    sock = bind(settings.host, settings.port)
    # Listening at once like the data port, so that both accept connections from the same moment on.
    admin_sock = None
    if settings.test_admin_port is not None:
        try:
            admin_sock = bind(settings.host, settings.test_admin_port)
        except OSError as exc:
            sock.close()
            raise OSError(f"--test-admin-port {settings.test_admin_port}: {exc}") from exc
    # Bound first: with --port 0 only now is the URL known that minted tokens name as their endpoint.
    if not settings.token_endpoint:
        host, port = sock.getsockname()[:2]
        settings = dataclasses.replace(settings, token_endpoint=default_token_endpoint(host, port))
        if settings.token_endpoint != endpoint_url(sock):  # a wildcard address, named as loopback
            logger.info(
                "bound to all interfaces, but tokens name %s (this machine only); for other machines, pass "
                "--token-endpoint http://<a name or address they reach>:%d",
                settings.token_endpoint,
                port,
            )
    issuer = issuer_for(settings)
    emulator = build(settings, issuer=issuer)
    app = emulator.app
    if settings.auth:
        # The one place the key is shown: stdout, on its own line; logs only ever say that it was printed.
        sys.stdout.write(f"MOMENTO_API_KEY={issuer.super_user_key()}\n")
        sys.stdout.flush()
        logger.info("super-user API key printed on stdout (MOMENTO_API_KEY=...); tokens name %s", issuer.endpoint)
    auth_mode = app.dispatcher.authenticator.mode
    logger.info(
        "momento-web emulator listening on %s (gRPC-web text+binary, native gRPC over h2c, auth: %s)",
        endpoint_url(sock),
        auth_mode,
    )
    backpressure.install()  # before the first connection: bounds what a stalled HTTP/2 stream can queue
    servers = [serve(app, sock, shutdown_trigger, logger_name=logger.name)]
    if admin_sock is not None and emulator.admin is not None:
        logger.info("test admin (GET /block, GET /unblock, /_test_admin/...) on %s", endpoint_url(admin_sock))
        servers.append(serve(emulator.admin, admin_sock, shutdown_trigger, logger_name=logger.name))
    await asyncio.gather(*servers)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging(args.log_level)
    settings = EmulatorSettings(
        host=args.host,
        port=args.port,
        max_request_bytes=args.max_request_bytes,
        max_request_elements=args.max_request_elements,
        sweep_interval=args.sweep_interval,
        topics=TopicSettings(
            heartbeat_interval=args.heartbeat_interval,
            buffer_items=args.topic_buffer_size,
            buffer_bytes=args.topic_buffer_bytes,
            max_topics_per_cache=args.max_topics_per_cache,
            recent_items=args.topic_recent_items,
            max_publish_bytes=args.max_publish_bytes,
            max_total_subscriptions=args.max_total_subscriptions,
        ),
        max_subscriptions=args.max_subscriptions,
        enable_test_admin=args.enable_test_admin or args.test_admin_port is not None,
        test_admin_port=args.test_admin_port,
        auth=args.auth,
        auth_secret=args.auth_secret,
        token_endpoint=args.token_endpoint,
        memory=MemoryLimits(
            args.max_items,
            args.max_bytes,
            args.max_item_bytes,
            max_caches=args.max_caches,
            max_name_length=args.max_name_length,
            max_element_bytes=args.max_element_bytes,
        ),
        data_dir=args.data_dir,
        storage=StorageLimits(args.max_stores, args.max_store_items, args.max_store_bytes, args.max_store_item_bytes),
        vectors=VectorLimits(args.max_vector_indexes, args.max_vector_items, args.max_vector_bytes),
        faults=args.faults,
        latency=args.latency,
        max_fault_sessions=args.max_fault_sessions,
    )
    try:
        asyncio.run(_run(settings))
    except OSError as exc:
        logger.error("cannot serve on %s:%s: %s", args.host, args.port, exc)
        return 1
    except JournalError as exc:
        logger.error("cannot keep stores in --data-dir: %s", exc)
        return 1
    except VectorJournalError as exc:
        logger.error("cannot keep vector indexes in --data-dir: %s", exc)
        return 1
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
