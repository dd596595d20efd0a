"""``AuthClient``: the synchronous auth client, derived from ``AuthClientAsync`` (momento's ``auth_client``)."""

from __future__ import annotations

from momento_web.auth import CredentialProvider
from momento_web.auth_client_async import AuthClientAsync
from momento_web.config.auth_configuration import AuthConfiguration
from momento_web.internal.services import Service
from momento_web.internal.synchronous import SyncClient, blocking


class AuthClient(SyncClient[AuthClientAsync]):
    """Mirrors ``momento.AuthClient``. Every method returns a response; none raises.

    ``with AuthClient(AuthConfigurations.Laptop.latest(), credentials) as auth: ...``
    """

    _async_class = AuthClientAsync
    _service = Service.AUTH

    def __init__(self, configuration: AuthConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(AuthClientAsync(configuration, credential_provider))

    generate_disposable_token = blocking(AuthClientAsync.generate_disposable_token)
    generate_api_key = blocking(AuthClientAsync.generate_api_key)
    refresh_api_key = blocking(AuthClientAsync.refresh_api_key)
