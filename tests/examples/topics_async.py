"""Topics with ``TopicClientAsync``: subscribe, publish, ``async for`` over the items, with their sequence numbers."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import timedelta

from momento import CacheClientAsync, Configurations, CredentialProvider, TopicClientAsync, TopicConfigurations
from momento.errors import MomentoErrorCode
from momento.responses import CreateCache, TopicPublish, TopicSubscribe, TopicSubscriptionItem

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


async def publish(topic_client: TopicClientAsync, value: str) -> None:
    response = await topic_client.publish(CACHE_NAME, "my_topic", value)
    match response:
        case TopicPublish.Success():
            pass
        case TopicPublish.Error():
            raise AssertionError(f"Error publishing a message: {response.message}")


async def main() -> None:
    config = Configurations.Laptop.latest()
    async with await CacheClientAsync.create(config, credential_provider(), timedelta(seconds=60)) as cache_client:
        assert isinstance(await cache_client.create_cache(CACHE_NAME), CreateCache.Success)

        topic_config = TopicConfigurations.Default.latest().with_client_timeout(timedelta(seconds=10))
        async with TopicClientAsync(topic_config, credential_provider()) as topic_client:
            subscription = await topic_client.subscribe(CACHE_NAME, "my_topic")
            match subscription:
                case TopicSubscribe.Error():
                    raise AssertionError(f"Error subscribing to topic: {subscription.message}")
                case TopicSubscribe.SubscriptionAsync():
                    for word in ("one", "two", "three"):
                        await publish(topic_client, word)
                    received: list[tuple[str, int]] = []
                    async for item in subscription:
                        match item:
                            case TopicSubscriptionItem.Text():
                                received.append((item.value, item.sequence_number))
                            case TopicSubscriptionItem.Binary():
                                raise AssertionError(f"Received bytes: {item.value!r}")
                            case TopicSubscriptionItem.Error():
                                raise AssertionError(f"Error with received message: {item.message}")
                        if len(received) == 3:
                            break
                    assert received == [("one", 1), ("two", 2), ("three", 3)]
                    subscription.unsubscribe()

            # Subscribing where no cache exists is an error, not an exception.
            nowhere = await topic_client.subscribe(f"{CACHE_NAME}-missing", "my_topic")
            assert isinstance(nowhere, TopicSubscribe.Error), nowhere
            assert nowhere.error_code == MomentoErrorCode.NOT_FOUND_ERROR
        await cache_client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    asyncio.run(main())
