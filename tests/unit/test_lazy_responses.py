"""The cache client loads an operation's response module when a call first needs it, not at import (issue 16: a
page that only gets should not pay for compiling the other operations' responses).

Module loading is checked in fresh interpreters: this process has long since imported everything. Also here:
``errors_as_values`` finding a method's ``Error`` variant from its return annotation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from momento_web import responses
from momento_web.errors import MomentoErrorCode, SdkException
from momento_web.internal.errors_as_values import errors_as_values, response_error_variant
from momento_web.internal.services import Service
from momento_web.responses import CacheGet, CacheGetResponse, CacheSetBatch, TopicPublish
from momento_web.responses.response import CacheResponse

if TYPE_CHECKING:  # as the client modules do: these names are not in this module at run time
    from momento_web.responses import CacheSetBatchResponse, TopicPublishResponse

ROOT = Path(__file__).resolve().parents[2]

# What the probe prints: the response modules loaded after each step (a JSON list per line).
_PROBE = """
import asyncio, json, sys
from datetime import timedelta

def loaded():
    return sorted(m for m in sys.modules if m.startswith("momento_web.responses"))

{setup}
"""

_MIXINS = """
import pkgutil, importlib
import momento_web.internal.cache_data as package
for info in pkgutil.iter_modules(package.__path__):
    importlib.import_module(f"{package.__name__}.{info.name}")
print(json.dumps(loaded()))
"""

_CLIENT_THEN_GET = """
from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web._messages import cacheclient as pb
from tests.unit.fakes import RecordingTransport

transport = RecordingTransport(pb._GetResponse(result=pb.Hit, cache_body=b"v").SerializeToString())
config = Configurations.Laptop.latest().with_transport_factory(lambda: transport)
client = CacheClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", 8080), timedelta(seconds=60))
print(json.dumps(loaded()))
response = asyncio.run(client.get("cache", "key"))
assert type(response).__qualname__ == "CacheGet.Hit", response
print(json.dumps(loaded()))
"""

# Modules every response module shares (the package and its bases), as opposed to one operation's module.
_SHARED = {"momento_web.responses", "momento_web.responses.response"}


def _probe(setup: str) -> list[set[str]]:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE.format(setup=setup)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    return [set(json.loads(line)) for line in run.stdout.splitlines()]


# The modules that each define one data operation's responses (``momento_web.responses.data.scalar.get``...).
_DATA_OPERATIONS = {f"{responses.__name__}.{module}" for module in responses._MODULES if module.startswith("data.")}


def test_importing_the_cache_data_mixins_loads_no_response_module() -> None:
    (loaded,) = _probe(_MIXINS)
    assert loaded <= _SHARED, sorted(loaded - _SHARED)


def test_a_get_loads_its_response_module() -> None:
    _, after_get = _probe(_CLIENT_THEN_GET)
    assert "momento_web.responses.data.scalar.get" in after_get


def test_a_cache_client_loads_only_the_response_modules_of_the_calls_it_made() -> None:
    after_create, after_get = _probe(_CLIENT_THEN_GET)
    assert after_create & _DATA_OPERATIONS == set()
    assert after_get & _DATA_OPERATIONS == {"momento_web.responses.data.scalar.get"}


# --- errors_as_values without an explicit variant ------------------------------------------------------------


class _OddResponse(CacheResponse):
    """A response type defined here, found in the method's module (before the responses package)."""


class _Odd:
    class Error(_OddResponse):
        def __init__(self, error: SdkException) -> None:
            self.error = error


async def test_a_failure_returns_the_error_variant_named_by_the_return_annotation() -> None:
    @errors_as_values()
    async def derived(cache_name: object) -> CacheGetResponse:
        raise ValueError("not a string")

    @errors_as_values(CacheGet.Error)
    async def explicit(cache_name: object) -> CacheGetResponse:
        raise ValueError("not a string")

    got, expected = await derived(1), await explicit(1)
    assert type(got) is CacheGet.Error
    assert isinstance(expected, CacheGet.Error)
    assert (got.error_code, got.message) == (expected.error_code, expected.message)
    assert got.error_code is MomentoErrorCode.UNKNOWN_ERROR


async def test_the_service_is_kept_when_the_variant_is_derived() -> None:
    @errors_as_values(service=Service.TOPICS)
    async def publish() -> TopicPublishResponse:
        raise ConnectionError("down")

    got = await publish()
    assert type(got) is TopicPublish.Error
    assert isinstance(got, TopicPublish.Error)
    assert got.inner_exception.service is Service.TOPICS


def test_a_return_annotation_is_looked_up_in_the_module_then_in_the_responses_package() -> None:
    async def here() -> _OddResponse:
        raise AssertionError

    async def lazily() -> CacheSetBatchResponse:
        raise AssertionError

    assert response_error_variant(here) is _Odd.Error
    assert response_error_variant(lazily) is CacheSetBatch.Error


def test_a_method_without_a_return_annotation_is_refused_when_decorated() -> None:
    async def unannotated():  # type: ignore[no-untyped-def]
        return None

    with pytest.raises(TypeError, match="return annotation"):
        errors_as_values()(unannotated)


async def test_an_annotation_without_an_error_variant_fails_at_the_first_failure() -> None:
    @errors_as_values()
    async def odd() -> NoSuchResponse:  # type: ignore[name-defined]  # noqa: F821
        raise ValueError("boom")

    with pytest.raises(TypeError, match="Error variant: 'NoSuchResponse'"):
        await odd()
