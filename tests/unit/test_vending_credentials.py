"""The vending machine's credentials from the environment: a v2 API key needs MOMENTO_ENDPOINT, and says so."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import pytest
from momento_web_vending.minter import credentials_from_environment

from tests.conftest import ROOT


def _v2_key() -> str:
    claims = base64.urlsafe_b64encode(json.dumps({"t": "g"}).encode()).rstrip(b"=").decode()
    return f"eyJhbGciOiJIUzI1NiJ9.{claims}.c2ln"


def test_a_v2_api_key_without_an_endpoint_asks_for_momento_endpoint() -> None:
    with pytest.raises(ValueError, match=r"MOMENTO_API_KEY is a v2 API key.*set MOMENTO_ENDPOINT") as raised:
        credentials_from_environment({"MOMENTO_API_KEY": _v2_key(), "MOMENTO_ENDPOINT": " "})
    assert _v2_key() not in str(raised.value)


def test_the_server_with_a_v2_api_key_but_no_endpoint_exits_asking_for_it() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MOMENTO_ENDPOINT"}
    env["MOMENTO_API_KEY"] = _v2_key()
    args = [sys.executable, "-m", "momento_web_vending", "--cache", "a", "--key-prefix", "k"]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "cannot start: MOMENTO_API_KEY is a v2 API key" in done.stderr
    assert "set MOMENTO_ENDPOINT" in done.stderr
    assert _v2_key() not in done.stderr + done.stdout
