"""The top-level package: its public names, and what importing it costs a page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import momento_web

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    # From the repository root, so the code may import tests.unit.fakes.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return result.stdout.strip()


def test_cache_only_import_leaves_topic_and_auth_clients_and_host_only_modules_unloaded() -> None:
    # Counted against what the standard library modules we need load anyway (before 3.13, pathlib loads
    # urllib.parse and ipaddress itself).
    added = _run(
        "import sys, asyncio, dataclasses, datetime, pathlib\n"
        "before = set(sys.modules)\n"
        "from momento_web import CacheClientAsync, Configurations, CredentialProvider\n"
        "CacheClientAsync\n"
        "names = ('momento_web.topic_client_async', 'momento_web.auth_client_async',\n"
        "         'jwt', 'ipaddress', 'urllib.parse')\n"
        "print(','.join(n for n in names if n in set(sys.modules) - before))"
    )
    assert added == ""


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("CacheClientAsync", "momento_web.cache_client_async"),
        ("TopicClientAsync", "momento_web.topic_client_async"),
        ("AuthClientAsync", "momento_web.auth_client_async"),
        ("CacheClient", "momento_web.cache_client"),
        ("TopicClient", "momento_web.topic_client"),
        ("AuthClient", "momento_web.auth_client"),
    ],
)
def test_clients_resolve_lazily_to_their_modules_class(name: str, module: str) -> None:
    client = getattr(momento_web, name)
    assert client.__module__ == module
    assert client.__name__ == name
    assert vars(momento_web)[name] is client  # cached after the first lookup


def test_every_public_name_resolves_and_dir_lists_them() -> None:
    for name in momento_web.__all__:
        assert getattr(momento_web, name) is not None
    assert set(momento_web.__all__) <= set(dir(momento_web))


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'NoSuchClient'"):
        _ = momento_web.NoSuchClient


def test_star_import_yields_the_clients() -> None:
    names = _run("from momento_web import *\nprint(CacheClientAsync.__name__, TopicClientAsync.__name__)")
    assert names == "CacheClientAsync TopicClientAsync"


def test_the_sdk_works_without_google_protobuf() -> None:
    # protobuf is the emulator's dependency only: blocking `google` makes any import of it an ImportError.
    out = _run(
        "import sys\n"
        "sys.modules['google'] = None\n"
        "import asyncio\n"
        "from datetime import timedelta\n"
        "from momento_web import AuthClientAsync, CacheClientAsync, Configurations, CredentialProvider\n"
        "from momento_web import TopicClientAsync, TopicConfigurations\n"
        "from momento_web.config.auth_configurations import AuthConfigurations\n"
        "from momento_web.responses import CacheGet, CacheSet, TopicPublish\n"
        "from momento_web._messages import cacheclient as pb\n"
        "from tests.unit.fakes import RecordingTransport\n"
        "credentials = CredentialProvider.for_momento_local('127.0.0.1', 9)\n"
        "async def main():\n"
        "    hit = pb._GetResponse(result=pb.Hit, cache_body=b'value').SerializeToString()\n"
        "    transport = RecordingTransport(hit)\n"
        "    config = Configurations.Laptop.latest().with_transport_factory(lambda: transport)\n"
        "    async with CacheClientAsync(config, credentials, timedelta(seconds=60)) as client:\n"
        "        got = await client.get('cache', 'key')\n"
        "        transport.reply = pb._SetResponse(result=pb.Ok).SerializeToString()\n"
        "        stored = await client.set('cache', 'key', 'value')\n"
        "    topics_config = TopicConfigurations.Browser.latest().with_transport_factory(RecordingTransport)\n"
        "    async with TopicClientAsync(topics_config, credentials) as topics:\n"
        "        published = await topics.publish('cache', 'topic', 'hello')\n"
        "    AuthClientAsync(AuthConfigurations.Laptop.latest(), credentials)\n"
        "    assert isinstance(got, CacheGet.Hit) and isinstance(stored, CacheSet.Success), (got, stored)\n"
        "    assert isinstance(published, TopicPublish.Success), published\n"
        "    return got.value_string\n"
        "loaded = [n for n, m in sys.modules.items() if m and n.startswith(('google', 'momento_web._ge'))]\n"
        "print(asyncio.run(main()), loaded)"
    )
    assert out == "value []"


def test_the_vending_machine_starts_without_the_emulators_dependencies() -> None:
    # The `vending` extra has neither pyjwt nor protobuf: blocking them makes any import of them (via the
    # emulator) an ImportError.
    loaded = _run(
        "import sys\n"
        "sys.modules['jwt'] = None\n"
        "sys.modules['google'] = None\n"
        "import asyncio, httpx\n"
        "from momento_web.auth.momento_endpoint_resolver import credential_string\n"
        "from momento_web_vending.__main__ import create_app, main\n"
        "from momento_web_vending.config import parse_settings\n"
        "from momento_web_vending.minter import MomentoMinter, credentials_from_environment\n"
        "settings = parse_settings(['--cache', 'c', '--key-prefix', 'k'])\n"
        "key = credential_string('http://127.0.0.1:9', 'not-a-real-key')\n"
        "minter = MomentoMinter(credentials_from_environment({'MOMENTO_API_KEY': key}))\n"
        "async def health():\n"
        "    transport = httpx.ASGITransport(app=create_app(settings, minter))\n"
        "    async with httpx.AsyncClient(transport=transport, base_url='http://tvm') as client:\n"
        "        return (await client.get('/health')).json()\n"
        "print(asyncio.run(health()), sorted(n for n in sys.modules if n.startswith('momento_web_emulator')))"
    )
    assert loaded == "{'status': 'ok'} []"


def test_the_shared_server_helpers_load_neither_hypercorn_nor_the_emulator() -> None:
    loaded = _run(
        "import sys\n"
        "import momento_web_serving\n"
        "unwanted = ('hypercorn', 'jwt', 'google', 'momento_web_emulator')\n"
        "print(','.join(n for n in sys.modules if n.startswith(unwanted)))"
    )
    assert loaded == ""
