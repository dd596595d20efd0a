"""The SDK wheel loads in Pyodide (headless Chromium) by name, with pure-Python protobuf and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

pytestmark = pytest.mark.browser


@run_in_pyodide
def test_sdk_imports_in_pyodide(selenium_sdk: Any) -> None:
    import importlib.util
    import sys

    import google.protobuf
    from google.protobuf.internal import api_implementation

    import momento_web

    assert sys.platform == "emscripten"
    assert momento_web.__name__ == "momento_web"
    assert api_implementation.Type() == "python"
    assert google.protobuf.__version__.startswith("7.")
    # Host-only dependencies stay out of the browser: httpx (marker sys_platform != "emscripten") and PyJWT
    # (the emulator's extra; the SDK reads a JWT's claims with base64 + json).
    assert importlib.util.find_spec("httpx") is None
    assert importlib.util.find_spec("jwt") is None
    legacy_jwt = "eyJhbGciOiJIUzI1NiJ9.eyJjIjoiY2FjaGUuZXhhbXBsZSIsImNwIjoiY29udHJvbC5leGFtcGxlIn0.c2ln"
    provider = momento_web.CredentialProvider.from_disposable_token(legacy_jwt)
    assert (provider.cache_endpoint, provider.control_endpoint) == ("cache.example", "control.example")


@run_in_pyodide
def test_sdk_and_protobuf_import_from_bytecode_shipped_in_their_wheels(selenium_sdk: Any) -> None:
    import importlib.util
    import sys

    import google.protobuf.message

    import momento_web.cache_client

    assert sys.dont_write_bytecode  # Pyodide writes none, so bytecode found here came in the wheel
    for module in (momento_web.cache_client, google.protobuf.message):
        cached = module.__spec__.cached
        assert cached is not None, module.__name__
        with open(cached, "rb") as pyc:
            header = pyc.read(8)
        assert header[:4] == importlib.util.MAGIC_NUMBER, module.__name__
        # Hash-based and unchecked (PEP 552): used whatever the source's mtime after unpacking.
        assert int.from_bytes(header[4:8], "little") == 0b01, module.__name__
