"""Topics with the synchronous ``TopicClient``: subscribe, publish text and bytes, read the subscription as an
iterator."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

from momento import CacheClient, Configurations, CredentialProvider, TopicClient, TopicConfigurations
from momento.responses import CreateCache, TopicPublish, TopicSubscribe, TopicSubscriptionItem

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


def setup_cache() -> None:
    with CacheClient.create(Configurations.Laptop.latest(), credential_provider(), timedelta(seconds=60)) as client:
        response = client.create_cache(CACHE_NAME)
        match response:
            case CreateCache.Error():
                raise response.inner_exception


def main() -> None:
    setup_cache()
    config = TopicConfigurations.Default.v1().with_client_timeout(timedelta(seconds=10))
    with TopicClient(config, credential_provider()) as client:
        subscription = client.subscribe(CACHE_NAME, "my_topic")
        match subscription:
            case TopicSubscribe.Error():
                raise Exception("got subscription error: ", subscription.message)
            case TopicSubscribe.Subscription():
                for value in ("hello", b"\x00\x01"):
                    published = client.publish(CACHE_NAME, "my_topic", value)
                    assert isinstance(published, TopicPublish.Success), published
                received: list[str | bytes] = []
                for item in subscription:
                    match item:
                        case TopicSubscriptionItem.Text():
                            received.append(item.value)
                        case TopicSubscriptionItem.Binary():
                            received.append(item.value)
                        case TopicSubscriptionItem.Error():
                            raise AssertionError(f"got item error: {item.message}")
                    if len(received) == 2:
                        break
                assert received == ["hello", b"\x00\x01"]
                subscription.unsubscribe()

        missing = client.publish(f"{CACHE_NAME}-missing", "my_topic", "nobody hears this")
        assert isinstance(missing, TopicPublish.Error), missing


if __name__ == "__main__":
    main()
