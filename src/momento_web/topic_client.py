"""``TopicClient``: the synchronous topic client, derived from ``TopicClientAsync`` (momento's ``topic_client``).

``subscribe`` returns a ``TopicSubscribe.Subscription``, a plain iterator that drives the async subscription
underneath, so it resumes after broken streams exactly as the async one does.
"""

from __future__ import annotations

from momento_web.auth import CredentialProvider
from momento_web.config import TopicConfiguration
from momento_web.internal.services import Service
from momento_web.internal.synchronous import Runner, SyncClient, blocking, blocking_then
from momento_web.responses import TopicSubscribe, TopicSubscribeResponse
from momento_web.topic_client_async import TopicClientAsync


def _synchronous(runner: Runner, response: TopicSubscribeResponse) -> TopicSubscribeResponse:
    if isinstance(response, TopicSubscribe.SubscriptionAsync):
        return TopicSubscribe.Subscription(response, runner)
    return response


class TopicClient(SyncClient[TopicClientAsync]):
    """Mirrors ``momento.TopicClient``. Every method returns a response; none raises.

    ``with TopicClient(TopicConfigurations.Browser.latest(), credentials) as client: ...``; ``close()`` (or leaving
    the ``with``) ends every subscription.
    """

    _async_class = TopicClientAsync
    _service = Service.TOPICS

    def __init__(self, configuration: TopicConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(TopicClientAsync(configuration, credential_provider))

    publish = blocking(TopicClientAsync.publish)
    subscribe = blocking_then(TopicClientAsync.subscribe, _synchronous)
    put_webhook = blocking(TopicClientAsync.put_webhook)
    list_webhooks = blocking(TopicClientAsync.list_webhooks)
    delete_webhook = blocking(TopicClientAsync.delete_webhook)
    get_webhook_secret = blocking(TopicClientAsync.get_webhook_secret)
    rotate_webhook_secret = blocking(TopicClientAsync.rotate_webhook_secret)
