"""Disposable tokens with ``AuthClientAsync``: a token for one topic and a read-only token for a key prefix (with a
token id), each used by its client and refused outside its scope."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import uuid
from datetime import timedelta

from momento import AuthClientAsync, CacheClientAsync, Configurations, CredentialProvider, TopicClientAsync
from momento.auth.access_control.disposable_token_scope import DisposableTokenProps, DisposableTokenScope
from momento.auth.access_control.disposable_token_scopes import DisposableTokenScopes
from momento.config import TopicConfigurations
from momento.config.auth_configurations import AuthConfigurations
from momento.errors import MomentoErrorCode
from momento.responses import (
    CacheGet,
    CacheSet,
    CreateCache,
    GenerateDisposableToken,
    TopicPublish,
    TopicSubscribe,
    TopicSubscriptionItem,
)
from momento.utilities import ExpiresIn

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credentials_for(token: str) -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variable("MOMENTO_API_KEY") and from_disposable_token(token):
    # the emulator listens on plain HTTP at MOMENTO_HOST:MOMENTO_PORT, so the endpoints are given as they are.
    api_key = json.loads(base64.b64decode(token))["api_key"]
    host, port = os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"])
    return CredentialProvider(
        auth_token=api_key, control_endpoint=host, cache_endpoint=host, token_endpoint=host, port=port
    )


async def mint(
    auth_client: AuthClientAsync, scope: DisposableTokenScope, props: DisposableTokenProps | None = None
) -> str:
    response = await auth_client.generate_disposable_token(scope, ExpiresIn.minutes(10), props)
    match response:
        case GenerateDisposableToken.Success():
            return response.auth_token
        case GenerateDisposableToken.Error():
            raise AssertionError(f"could not mint a token: {response.message}")
    raise AssertionError(f"unexpected response {response}")


async def main() -> None:
    super_user = credentials_for(os.environ["MOMENTO_API_KEY"])
    config = Configurations.Laptop.latest()
    async with await CacheClientAsync.create(config, super_user, timedelta(seconds=60)) as admin:
        assert isinstance(await admin.create_cache(CACHE_NAME), CreateCache.Success)
        assert isinstance(await admin.set(CACHE_NAME, "public:motd", "hello"), CacheSet.Success)

        async with AuthClientAsync(AuthConfigurations.Laptop.latest(), super_user) as auth_client:
            chat_token = await mint(auth_client, DisposableTokenScopes.topic_publish_subscribe(CACHE_NAME, "chat"))
            reader_token = await mint(
                auth_client,
                DisposableTokenScopes.cache_key_prefix_read_only(CACHE_NAME, "public:"),
                DisposableTokenProps(token_id="reader-1"),
            )

        topic_config = TopicConfigurations.Default.latest().with_client_timeout(timedelta(seconds=10))
        async with TopicClientAsync(topic_config, credentials_for(chat_token)) as topics:
            subscription = await topics.subscribe(CACHE_NAME, "chat")
            assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
            assert isinstance(await topics.publish(CACHE_NAME, "chat", "hi"), TopicPublish.Success)
            item = await anext(subscription)
            assert isinstance(item, TopicSubscriptionItem.Text), item
            assert item.value == "hi"
            subscription.unsubscribe()

            other_topic = await topics.publish(CACHE_NAME, "announcements", "hi")
            assert isinstance(other_topic, TopicPublish.Error), other_topic
            assert other_topic.error_code == MomentoErrorCode.PERMISSION_ERROR

        async with await CacheClientAsync.create(
            config, credentials_for(reader_token), timedelta(seconds=60)
        ) as reader:
            motd = await reader.get(CACHE_NAME, "public:motd")
            assert isinstance(motd, CacheGet.Hit), motd
            assert motd.value_string == "hello"
            assert isinstance(await reader.get(CACHE_NAME, "public:none"), CacheGet.Miss)

            write = await reader.set(CACHE_NAME, "public:motd", "defaced")
            assert isinstance(write, CacheSet.Error), write
            assert write.error_code == MomentoErrorCode.PERMISSION_ERROR
            private = await reader.get(CACHE_NAME, "private:secret")
            assert isinstance(private, CacheGet.Error), private
            assert private.error_code == MomentoErrorCode.PERMISSION_ERROR

        await admin.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    asyncio.run(main())
