"""The SDK wheel loads in Pyodide (headless Chromium) by name, with pure-Python protobuf and PyJWT."""

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
    import jwt
    from google.protobuf.internal import api_implementation

    import momento_web

    assert sys.platform == "emscripten"
    assert momento_web.__name__ == "momento_web"
    assert api_implementation.Type() == "python"
    assert google.protobuf.__version__.startswith("7.")
    token = jwt.encode({"sub": "smoke"}, "secret", algorithm="HS256")
    assert jwt.decode(token, "secret", algorithms=["HS256"]) == {"sub": "smoke"}
    # httpx is a host-only dependency (marker sys_platform != "emscripten"): not in the browser.
    assert importlib.util.find_spec("httpx") is None
