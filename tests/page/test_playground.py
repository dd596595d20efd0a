"""web/playground end to end: every operation family from the page, with a vended token, against the strict
emulator (``vending_machine`` mints from ``auth_emulator``): the cache's and the leaderboard's work, the store's and
the index's are refused (no token grants them); with the emulator's super-user key typed in, stores and indexes
work too. And its catalogue, read from the SDK's clients, on CPython."""

from __future__ import annotations

import importlib.util
import inspect
import re
import sys
import uuid
from pathlib import Path
from types import ModuleType

import pytest
from playwright.sync_api import Browser, expect

from momento_web import CacheClientAsync, PreviewStorageClientAsync, PreviewVectorIndexClientAsync
from momento_web.leaderboard_client_async import Leaderboard
from momento_web.requests.vector_index import ALL_METADATA, Field, Item
from momento_web.requests.vector_index import filters as F
from scripts.localhost import free_port
from tests.conftest import ROOT, LocalServer, VendingMachine
from tests.page.app_pages import (
    CALL_TIMEOUT_MS,
    AppPage,
    HeldRequests,
    app_url,
    assert_local_only,
    open_app,
    reported,
)

PREFIX = f"pg-{uuid.uuid4().hex[:6]}-"

# (family, method, {argument: text}, response type, a field it shows) — one or more per family.
RUNS = [
    ("Scalar", "set", {}, "CacheSet.Success", None),
    ("Scalar", "get", {}, "CacheGet.Hit", ("value_string", "'hello'")),
    ("Conditional writes", "set_if_absent", {"key": "{p}fresh"}, "CacheSetIfAbsent.Stored", None),
    ("Keys and TTL", "item_get_type", {}, "CacheItemGetType.Hit", ("item_type", "SCALAR")),
    ("Dictionary", "dictionary_set_fields", {}, "CacheDictionarySetFields.Success", None),
    (
        "Dictionary",
        "dictionary_fetch",
        {},
        "CacheDictionaryFetch.Hit",
        ("value_dictionary_string_string", "{'greeting': 'hello', 'farewell': 'bye'}"),
    ),
    ("List", "list_concatenate_back", {}, "CacheListConcatenateBack.Success", ("list_length", "3")),
    ("List", "list_fetch", {"start_index": "1"}, "CacheListFetch.Hit", ("value_list_string", "['b', 'c']")),
    ("Set", "set_add_elements", {}, "CacheSetAddElements.Success", None),
    ("Set", "set_length", {}, "CacheSetLength.Hit", ("length", "3")),
    ("Sorted set", "sorted_set_put_elements", {}, "CacheSortedSetPutElements.Success", None),
    (
        "Sorted set",
        "sorted_set_fetch_by_rank",
        {"sort_order": "DESCENDING"},
        "CacheSortedSetFetch.Hit",
        ("value_list_string", "[('b', 2.0), ('a', 1.0)]"),
    ),
    ("Control plane", "ping", {}, "CachePing.Success", None),
    ("Storage", "put_string", {}, "StoragePut.Error", ("error_code", "PERMISSION_ERROR")),
    ("Vector index", "search", {}, "Search.Error", ("error_code", "PERMISSION_ERROR")),
    ("Leaderboard", "upsert", {}, "LeaderboardUpsert.Success", None),
    ("Leaderboard", "length", {}, "LeaderboardLength.Success", ("length", "2")),
]


@pytest.fixture(scope="module")
def playground(chromium: Browser, web_server: LocalServer, vending_machine: VendingMachine) -> AppPage:
    prefix = vending_machine.key_prefix + PREFIX
    url = app_url(
        web_server.url, "/playground/", vending=vending_machine.url, cache=vending_machine.cache, prefix=prefix
    )
    app = open_app(chromium, url)
    app.wait_ready()
    return app


def get_token(app: AppPage) -> None:
    app.page.click("#get-token")
    expect(app.page.locator("#message")).to_contain_text("token ready", timeout=CALL_TIMEOUT_MS)


def run(app: AppPage, family: str, method: str, arguments: dict[str, str], prefix: str) -> None:
    page = app.page
    page.select_option("#family", label=family)
    page.select_option("#operation", method)
    for name, text in arguments.items():
        control = page.locator(f"#arg-{name}")
        if control.evaluate("node => node.tagName") == "SELECT":
            control.select_option(text)
        else:
            control.fill(text.replace("{p}", prefix))
    page.click("#run")
    expect(page.locator("#message")).to_contain_text(f"{method} answered", timeout=CALL_TIMEOUT_MS)


@pytest.mark.browser
def test_each_operation_family_runs_and_shows_its_typed_response(
    playground: AppPage, vending_machine: VendingMachine, artifacts_dir: Path
) -> None:
    page, prefix = playground.page, vending_machine.key_prefix + PREFIX
    with reported([playground], artifacts_dir, "playground"):
        get_token(playground)
        expect(page.locator("#scope-list")).to_contain_text(f"{prefix}* (read-write)")
        expect(page.locator("#scope-list")).to_contain_text(vending_machine.emulator.url)
        families = set()
        for family, method, arguments, response_type, shown in RUNS:
            run(playground, family, method, arguments, prefix)
            expect(page.locator("#response-type")).to_have_text(response_type)
            if shown is not None:
                name, value = shown
                fields = page.locator("#response-fields")
                expect(fields.locator("dt", has_text=re.compile(f"^{name}$"))).to_have_count(1)
                expect(fields).to_contain_text(f"{name}{value}")
            families.add(family)
        assert families == {option for option in page.locator("#family option").all_inner_texts()}
        expect(page.locator("#history li")).to_have_count(len(RUNS))

        run(playground, "Sorted set", "sorted_set_fetch_by_rank", {}, prefix)
        expect(page.locator("#response-code")).to_have_text(
            f"await client.sorted_set_fetch_by_rank({vending_machine.cache!r}, sorted_set_name='{prefix}scores')"
        )
        page.screenshot(path=str(artifacts_dir / "playground.png"))
    assert_local_only([playground])


@pytest.mark.browser
def test_bad_arguments_and_calls_outside_the_scope_are_reported(
    playground: AppPage, vending_machine: VendingMachine, artifacts_dir: Path
) -> None:
    page, prefix = playground.page, vending_machine.key_prefix + PREFIX
    message, response_type = page.locator("#message"), page.locator("#response-type")
    with reported([playground], artifacts_dir, "playground-errors"):
        get_token(playground)
        page.select_option("#family", label="Scalar")
        page.select_option("#operation", "increment")
        page.fill("#arg-amount", "lots")
        page.click("#run")
        expect(message).to_have_text(re.compile(r"^not sent: amount: whole number expected"))
        expect(message).to_have_class("error")
        page.select_option("#operation", "set")
        page.fill("#arg-ttl", "inf")  # OverflowError, not ValueError
        page.click("#run")
        expect(message).to_have_text("not sent: ttl: seconds expected (cannot convert float infinity to integer)")
        expect(page.locator("#run")).to_be_enabled()

        run(playground, "Scalar", "get", {"key": "outside-the-prefix"}, prefix)
        expect(response_type).to_have_text("CacheGet.Error")
        expect(response_type).to_have_class(re.compile(r"\berror\b"))
        expect(page.locator("#response-fields")).to_contain_text("error_codePERMISSION_ERROR")

        run(playground, "Control plane", "list_caches", {}, prefix)  # a disposable token is no super-user
        expect(response_type).to_have_text("ListCaches.Error")
        expect(page.locator("#response-fields")).to_contain_text("PERMISSION_ERROR")

        run(playground, "Scalar", "get", {"key": "{p}never-set"}, prefix)
        expect(response_type).to_have_text("CacheGet.Miss")
        expect(response_type).to_have_class(re.compile(r"\bmiss\b"))


@pytest.mark.browser
def test_a_clear_message_when_the_vending_machine_is_down(
    playground: AppPage, vending_machine: VendingMachine, artifacts_dir: Path
) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    page = playground.page
    with reported([playground], artifacts_dir, "playground-down"):
        page.fill("#vending", down)
        page.click("#get-token")
        expect(page.locator("#message")).to_have_text(
            re.compile(f"^cannot reach the token vending machine at {re.escape(down)}: is it running\\?"),
            timeout=CALL_TIMEOUT_MS,
        )
        page.fill("#vending", vending_machine.url)


@pytest.mark.browser
def test_a_clear_message_when_momento_does_not_answer(
    playground: AppPage, vending_machine: VendingMachine, artifacts_dir: Path
) -> None:
    page, prefix = playground.page, vending_machine.key_prefix + PREFIX
    emulator = vending_machine.emulator.url
    with reported([playground], artifacts_dir, "playground-momento-down"):
        get_token(playground)
        # The network refuses every request to the emulator, as when it is not running.
        page.route(f"{emulator}/**", lambda route: route.abort("connectionrefused"))
        try:
            page.select_option("#family", label="Scalar")
            page.select_option("#operation", "get")
            page.click("#run")
            message = page.locator("#message")
            expect(message).to_have_text(
                f"get: no answer from Momento at {emulator} (SERVER_UNAVAILABLE): is it running?",
                timeout=CALL_TIMEOUT_MS,
            )
            expect(message).to_have_class("error")
            expect(page.locator("#response-type")).to_have_text("CacheGet.Error")
        finally:
            page.unroute(f"{emulator}/**")
        run(playground, "Scalar", "get", {"key": "{p}after-the-outage"}, prefix)  # the page recovers by itself
        expect(page.locator("#response-type")).to_have_text("CacheGet.Miss")


@pytest.mark.browser
def test_an_unexpected_failure_is_shown_and_get_token_waits_for_its_answer(
    playground: AppPage, vending_machine: VendingMachine, artifacts_dir: Path
) -> None:
    page = playground.page
    message, get_token_button, run_button = page.locator("#message"), page.locator("#get-token"), page.locator("#run")
    vend_url = f"{vending_machine.url}/token"
    held = HeldRequests(page)
    page.route(vend_url, held.handle)
    with reported([playground], artifacts_dir, "playground-unexpected"):
        try:
            page.click("#get-token")
            route = held.next()
            expect(get_token_button).to_be_disabled()  # while the vending machine has not answered
            answer = route.fetch()
            token = answer.json()
            token["scope"]["ttlSeconds"] = 1  # due for renewal before the next call
            route.fulfill(response=answer, json=token)
            expect(message).to_contain_text("token ready")
            expect(get_token_button).to_be_enabled()

            # A token the SDK refuses raises (InvalidArgumentException): renewing before a call, then asking for one.
            page.select_option("#family", label="Scalar")
            page.select_option("#operation", "get")
            for click, what in (("#run", "get"), ("#get-token", "get token")):
                page.click(click)
                route = held.next()
                answer = route.fetch()
                route.fulfill(response=answer, json={**answer.json(), "authToken": "not-a-token"})
                expect(message).to_have_text(re.compile(f"^{what} failed: InvalidArgumentException\\(.*Invalid Auth"))
                expect(message).to_have_class("error")
                expect(run_button).to_be_enabled()
                expect(get_token_button).to_be_enabled()
        finally:
            held.release()
            page.unroute(vend_url)


def load_module(name: str, path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def load_operations() -> ModuleType:
    """web/playground/operations.py, which has no DOM code, imported on CPython (with ``expressions``, which it
    imports by the plain name PyScript gives it)."""
    load_module("expressions", "web/playground/expressions.py")
    return load_module("playground_operations", "web/playground/operations.py")


def test_every_method_of_every_client_gets_a_typed_form_whose_samples_parse() -> None:
    operations = load_operations()
    catalogue = operations.every_operation()
    methods = {
        (client, name)
        for client, cls in [
            ("cache", CacheClientAsync),
            ("storage", PreviewStorageClientAsync),
            ("vector", PreviewVectorIndexClientAsync),
            ("leaderboard", Leaderboard),
        ]
        for name, function in inspect.getmembers(cls, inspect.iscoroutinefunction)
        if not name.startswith("_") and name not in ("close", "create")
    }
    assert {(operation.client, operation.name) for operation in catalogue} == methods
    assert {operation.family for operation in catalogue} == set(operations.FAMILY_LABELS.values())
    keys = [(operation.family, operation.name) for operation in catalogue]
    assert len(keys) == len(set(keys))  # get and delete exist twice, in different families
    durations = 0
    for operation in catalogue:
        untyped = [param.name for param in operation.params if param.kind is operations.LITERAL]
        assert not untyped, f"{operation.name}: no form field type for {untyped}"
        samples = {param.name: param.sample.replace("{p}", "demo-") for param in operation.params}
        operation.arguments(samples)  # every prefilled form is valid as it stands
        for param in operation.params:
            if param.kind.hint != "seconds":
                continue
            durations += 1
            for text in ("inf", "1e14", "nan", "soon"):  # OverflowError (timedelta), ValueError
                with pytest.raises(operations.ArgumentError, match=f"^{param.name}: seconds expected"):
                    operation.arguments({**samples, param.name: text})
    assert durations > 10  # TTLs of writes and collections, both kinds


def test_vector_arguments_are_read_as_the_sdks_python_and_nothing_else() -> None:
    operations = load_operations()
    by_key = {(operation.family, operation.name): operation for operation in operations.every_operation()}
    search = by_key[("Vector index", "search")]
    arguments = search.arguments(
        {
            "index_name": "albums",
            "query_vector": "1, -0.5",
            "top_k": "3",
            "metadata_fields": "genre, year",
            "score_threshold": "0.1",
            "filter": '(Field("genre") == "jazz") & (F.GreaterThan("year", 1950) | ~Field("live"))',
        }
    )
    assert arguments == {
        "index_name": "albums",
        "query_vector": [1.0, -0.5],
        "top_k": 3,
        "metadata_fields": ["genre", "year"],
        "score_threshold": 0.1,
        "filter": F.And(F.Equals("genre", "jazz"), F.Or(F.GreaterThan("year", 1950), F.Equals("live", False))),
    }
    assert (
        search.arguments({"index_name": "a", "query_vector": "1", "metadata_fields": "ALL_METADATA"})["metadata_fields"]
        == ALL_METADATA
    )
    assert search.code(
        None, {"index_name": "a", "query_vector": [1.0], "filter": Field("tags").list_contains("x")}
    ) == ("await client.search(index_name='a', query_vector=[1.0], filter=ListContains(field='tags', value='x'))")
    upsert = by_key[("Vector index", "upsert_item_batch")]
    items = upsert.arguments({"index_name": "a", "items": 'Item("x", [1, 2.5], {"tags": ["a"], "n": -1})'})["items"]
    assert items == [Item("x", [1, 2.5], {"tags": ["a"], "n": -1})]
    delete = by_key[("Vector index", "delete_item_batch")]
    assert delete.arguments({"index_name": "a", "filter": "x\ny"})["filter"] == ["x", "y"]
    assert delete.arguments({"index_name": "a", "filter": 'Field("year") < 1960'})["filter"] == F.LessThan("year", 1960)
    for name, text, problem in [
        ("filter", '__import__("os").system("x")', "not allowed here: __import__"),
        ("filter", 'open("/etc/passwd")', "not allowed here: open"),
        ("filter", 'Field("a").__class__', "not allowed here: Field('a').__class__"),
        ("filter", '"jazz" == Field("genre")', "compare a Field, not 'jazz'"),
        ("filter", "1 +", "not Python: invalid syntax"),
        ("filter", "42", "expected a filter, got 42"),
        ("query_vector", "1, x", "could not convert string to float"),
    ]:
        with pytest.raises(operations.ArgumentError, match=re.escape(f"{name}: ") + ".*" + re.escape(problem)):
            search.arguments({"index_name": "a", "query_vector": "1", name: text})
    with pytest.raises(operations.ArgumentError, match=re.escape("items: ") + ".*expected Item"):
        upsert.arguments({"index_name": "a", "items": '"not an item"'})


def test_a_handle_operation_is_called_and_shown_on_its_handle() -> None:
    operations = load_operations()
    (upsert,) = [op for op in operations.every_operation() if (op.family, op.name) == ("Leaderboard", "upsert")]
    assert [param.name for param in upsert.params] == ["leaderboard_name", "elements"]
    arguments = upsert.arguments({"leaderboard_name": "scores", "elements": "7=1.5\n9=2"})
    assert arguments == {"leaderboard_name": "scores", "elements": {7: 1.5, 9: 2.0}}
    assert upsert.code("demo-cache", arguments) == (
        "await client.leaderboard('demo-cache', 'scores').upsert(elements={7: 1.5, 9: 2.0})"
    )


@pytest.mark.browser
def test_stores_and_indexes_work_with_a_super_user_key_typed_in(
    playground: AppPage, vending_machine: VendingMachine, artifacts_dir: Path
) -> None:
    page, prefix = playground.page, vending_machine.key_prefix + PREFIX
    suffix = uuid.uuid4().hex[:6]
    store, index = f"store-{suffix}", f"index-{suffix}"
    response_type, fields = page.locator("#response-type"), page.locator("#response-fields")
    with reported([playground], artifacts_dir, "playground-api-key"):
        page.click("#key-details summary")
        page.fill("#api-key", vending_machine.emulator.super_user_key)
        page.click("#use-key")
        expect(page.locator("#message")).to_contain_text("API key in use", timeout=CALL_TIMEOUT_MS)
        expect(page.locator("#scope-list")).to_contain_text("API key typed in (developer use)")

        page.select_option("#family", label="Storage")
        expect(page.locator("#family-note")).to_be_visible()
        run(playground, "Storage", "create_store", {"store_name": store}, prefix)
        expect(response_type).to_have_text("CreateStore.Success")
        run(playground, "Storage", "put_string", {"store_name": store}, prefix)
        expect(response_type).to_have_text("StoragePut.Success")
        run(playground, "Storage", "get", {"store_name": store}, prefix)
        expect(response_type).to_have_text("StorageGet.Found")
        expect(fields).to_contain_text("hello")

        run(playground, "Vector index", "create_index", {"index_name": index}, prefix)
        expect(response_type).to_have_text("CreateIndex.Success")
        run(playground, "Vector index", "upsert_item_batch", {"index_name": index}, prefix)
        expect(response_type).to_have_text("UpsertItemBatch.Success")
        run(playground, "Vector index", "count_items", {"index_name": index}, prefix)
        expect(fields).to_contain_text("item_count2")
        search = {"index_name": index, "metadata_fields": "ALL_METADATA", "filter": 'Field("year") > 1960'}
        run(playground, "Vector index", "search", search, prefix)
        expect(response_type).to_have_text("Search.Success")
        expect(fields).to_contain_text("abbey-road")
        expect(fields).not_to_contain_text("kind-of-blue")  # 1959: the filter leaves it out
        expect(page.locator("#response-code")).to_have_text(
            f"await client.search(index_name='{index}', query_vector=[1.0, 0.2], metadata_fields=AllMetadata(), "
            "filter=GreaterThan(field='year', value=1960))"
        )
        page.screenshot(path=str(artifacts_dir / "playground-vector.png"))
    get_token(playground)  # back to a vended token for the other tests
