"""The official ``momento`` SDK (PyPI, grpcio over h2c) as a peer: one scenario per run, asked for as JSON on stdin,
answered as JSON Lines on stdout.

It runs in its own process: its generated protos (momento-wire-types) register the same names in protobuf's default
pool as ours do. Scenarios:

* ``cache``: create the cache, write and read scalars and a dictionary, read what our SDK wrote, report error codes;
* ``subscribe``: print ``{"ready": true}`` once subscribed, then one line per item until ``count`` items;
* ``publish``: publish ``values`` (``{"text": ...}`` or ``{"base64": ...}``);
* ``mint``: with the emulator's super-user key, mint a disposable token for one key and use it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
from datetime import timedelta
from typing import Any

from momento import (
    AuthClientAsync,
    CacheClientAsync,
    Configurations,
    CredentialProvider,
    TopicClientAsync,
    TopicConfigurations,
)
from momento.auth.access_control.disposable_token_scopes import DisposableTokenScopes
from momento.config.auth_configurations import AuthConfigurations
from momento.responses import (
    CacheDictionaryFetch,
    CacheGet,
    GenerateDisposableToken,
    ListCaches,
    TopicSubscribe,
    TopicSubscriptionItem,
)
from momento.utilities import ExpiresIn

TTL = timedelta(minutes=5)


def emit(line: dict[str, Any]) -> None:
    print(json.dumps(line), flush=True)


def outcome(response: object) -> str:
    """``Hit:value``, ``Miss``, ``Success``, or ``Error:<MomentoErrorCode name>``."""
    name = type(response).__name__
    if name == "Error":
        return f"Error:{response.error_code.name}"  # type: ignore[attr-defined]
    if isinstance(response, CacheGet.Hit):
        return f"Hit:{response.value_string}"
    return name


def local(request: dict[str, Any], token: str = "") -> CredentialProvider:
    if not token:
        return CredentialProvider.for_momento_local(request["host"], request["port"])
    # The factories force TLS on port 443; the dataclass takes the emulator's plaintext port as it is.
    host = request["host"]
    return CredentialProvider(
        auth_token=token, control_endpoint=host, cache_endpoint=host, token_endpoint=host, port=request["port"]
    )


async def cache_scenario(request: dict[str, Any]) -> None:
    cache = request["cache"]
    async with await CacheClientAsync.create(Configurations.Laptop.latest(), local(request), TTL) as client:
        results: dict[str, object] = {
            "create": outcome(await client.create_cache(cache)),
            "set": outcome(await client.set(cache, "from-theirs", "written over h2c")),
            "get": outcome(await client.get(cache, "from-theirs")),
            "get-ours": outcome(await client.get(cache, "from-ours")),
            "get-missing-key": outcome(await client.get(cache, "never-written")),
            "get-missing-cache": outcome(await client.get(f"{cache}-missing", "k")),
            "dictionary-set": outcome(await client.dictionary_set_fields(cache, "d", {"a": "1", "b": "2"})),
            "delete": outcome(await client.delete(cache, "from-theirs")),
            "get-deleted": outcome(await client.get(cache, "from-theirs")),
            "set-again": outcome(await client.set(cache, "from-theirs", "written over h2c")),
        }
        fetched = await client.dictionary_fetch(cache, "d")
        assert isinstance(fetched, CacheDictionaryFetch.Hit), fetched
        results["dictionary-fetch"] = sorted(fetched.value_dictionary_string_string.items())
        listed = await client.list_caches()
        assert isinstance(listed, ListCaches.Success), listed
        results["listed"] = cache in [info.name for info in listed.caches]
    emit({"results": results})


async def subscribe_scenario(request: dict[str, Any]) -> None:
    # Its default 5 s deadline would end the stream (docs/protocol/sdk-quirks.md, quirk 3).
    config = TopicConfigurations.Default.latest().with_client_timeout(timedelta(minutes=5))
    async with TopicClientAsync(config, local(request)) as client:
        subscription = await client.subscribe(request["cache"], request["topic"])
        if not isinstance(subscription, TopicSubscribe.SubscriptionAsync):
            emit({"error": outcome(subscription)})
            return
        emit({"ready": True})
        received = 0
        async for item in subscription:
            if isinstance(item, TopicSubscriptionItem.Text):
                emit({"text": item.value, "sequence": item.sequence_number})
            elif isinstance(item, TopicSubscriptionItem.Binary):
                emit({"base64": base64.b64encode(item.value).decode(), "sequence": item.sequence_number})
            else:
                emit({"error": outcome(item)})
                return
            received += 1
            if received == request["count"]:
                return


async def publish_scenario(request: dict[str, Any]) -> None:
    async with TopicClientAsync(TopicConfigurations.Default.latest(), local(request)) as client:
        for value in request["values"]:
            payload = value["text"] if "text" in value else base64.b64decode(value["base64"])
            emit({"published": outcome(await client.publish(request["cache"], request["topic"], payload))})


async def mint_scenario(request: dict[str, Any]) -> None:
    cache = request["cache"]
    super_user = local(request, request["api_key"])
    async with AuthClientAsync(AuthConfigurations.Laptop.latest(), super_user) as auth:
        scope = DisposableTokenScopes.cache_key_read_write(cache, "k1")
        minted = await auth.generate_disposable_token(scope, ExpiresIn.minutes(5))
    if not isinstance(minted, GenerateDisposableToken.Success):
        emit({"error": outcome(minted)})
        return
    # The token names the emulator as an URL, which this SDK cannot parse: hand it the key inside directly.
    api_key = json.loads(base64.b64decode(minted.auth_token))["api_key"]
    config = Configurations.Laptop.latest()
    async with await CacheClientAsync.create(config, local(request, api_key), TTL) as client:
        emit(
            {
                "results": {
                    "set-k1": outcome(await client.set(cache, "k1", "minted")),
                    "get-k1": outcome(await client.get(cache, "k1")),
                    "set-k2": outcome(await client.set(cache, "k2", "out of scope")),
                }
            }
        )
    async with await CacheClientAsync.create(config, local(request, "forged-token"), TTL) as client:
        emit({"forged": outcome(await client.get(cache, "k1"))})


SCENARIOS = {
    "cache": cache_scenario,
    "subscribe": subscribe_scenario,
    "publish": publish_scenario,
    "mint": mint_scenario,
}


if __name__ == "__main__":
    peer_request = json.load(sys.stdin)
    asyncio.run(SCENARIOS[peer_request["scenario"]](peer_request))
