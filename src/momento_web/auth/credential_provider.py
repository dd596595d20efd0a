"""Credentials and endpoints for Momento clients (mirrors ``momento.auth.credential_provider``).

Besides the official fields, a provider knows which endpoints were given explicitly, which decides the
gRPC-web base URL of each service (:attr:`CredentialProvider.control_url`, ``cache_url``, ``token_url``):

1. an endpoint that starts with ``http://`` or ``https://`` is used verbatim (trailing ``/`` removed) — an
   override, or a token whose ``endpoint`` is a URL (the local emulator's tokens), so
   ``from_disposable_token(token)`` reaches a local emulator over ``http://`` with no further configuration;
2. a port other than 443 (e.g. :meth:`CredentialProvider.for_momento_local`) gives ``http://<host>:<port>``,
   matching the official SDK's "port 443 means TLS, anything else plaintext";
3. an explicitly overridden endpoint gives ``https://<endpoint>`` (like the JS SDK's endpoint overrides);
4. an endpoint derived from the credential gives ``https://web.<endpoint>`` (Momento's gRPC-web hosts).

IPv6 literals are bracketed in URLs.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field

from momento_web.auth.momento_endpoint_resolver import (
    TokenAndEndpoints,
    is_v2_api_key,
    resolve,
    resolve_allowing_missing_endpoints,
)
from momento_web.errors.exceptions import InvalidArgumentException
from momento_web.internal.services import Service

CONTROL = "control"
CACHE = "cache"
TOKEN = "token"  # noqa: S105  the token endpoint kind, not a secret
_ENDPOINT_KINDS = frozenset({CONTROL, CACHE, TOKEN})
_ALL_OVERRIDDEN = _ENDPOINT_KINDS

_HTTPS_PORT = 443
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_MIN_LENGTH_TO_SHOW_PARTS = 16


def _invalid(message: str) -> InvalidArgumentException:
    return InvalidArgumentException(message, Service.AUTH)


def _mask(token: str) -> str:
    """A repr-safe stand-in for a secret: never more than 4 leading and 4 trailing characters."""
    if not token:
        return "''"
    if len(token) < _MIN_LENGTH_TO_SHOW_PARTS:
        return "'***'"
    return f"'{token[:4]}...{token[-4:]}'"


def _url_host(host: str) -> str:
    """``host`` with brackets added if it is a bare IPv6 literal."""
    if ":" not in host:  # no IPv6 literal; and ipaddress, ~60 ms to import in a page, stays unloaded
        return host
    import ipaddress

    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    return f"[{host}]" if address.version == 6 else host


def _missing_env(name: str) -> RuntimeError:
    return RuntimeError(f"Missing required environment variable {name}")


def _read_env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value.strip():
        raise _missing_env(name)
    return value


def _check_override(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _invalid(f"{name} must be a non-empty string when given")
    return value.strip()


@dataclass(frozen=True, repr=False)
class CredentialProvider:
    """An auth token plus the control, cache and token endpoints it belongs to.

    Build it with a factory (:meth:`from_api_key_v2`, :meth:`from_disposable_token`, :meth:`for_momento_local`,
    ...). ``overridden_endpoints`` names the endpoints (``"control"``, ``"cache"``, ``"token"``) that were given
    explicitly rather than derived from the credential; see the module docstring for the URL rules.
    """

    auth_token: str
    control_endpoint: str
    cache_endpoint: str
    token_endpoint: str
    port: int = _HTTPS_PORT
    overridden_endpoints: frozenset[str] = field(default=frozenset())

    def __post_init__(self) -> None:
        overridden = frozenset(self.overridden_endpoints)
        unknown = overridden - _ENDPOINT_KINDS
        if unknown:
            raise _invalid(f"overridden_endpoints may only contain 'control', 'cache', 'token'; got {sorted(unknown)}")
        object.__setattr__(self, "overridden_endpoints", overridden)
        if isinstance(self.port, bool) or not isinstance(self.port, int) or not 0 < self.port < 65536:
            raise _invalid(f"port must be an integer between 1 and 65535; got {self.port!r}")

    def __repr__(self) -> str:
        kinds = ", ".join(repr(kind) for kind in sorted(self.overridden_endpoints))
        overridden = f"frozenset({{{kinds}}})" if kinds else "frozenset()"
        return (
            f"CredentialProvider(auth_token={_mask(self.auth_token)}, control_endpoint={self.control_endpoint!r}, "
            f"cache_endpoint={self.cache_endpoint!r}, token_endpoint={self.token_endpoint!r}, port={self.port}, "
            f"overridden_endpoints={overridden})"
        )

    def get_auth_token(self) -> str:
        """The value sent in the ``authorization`` header (empty for momento-local)."""
        return self.auth_token

    # --- browser (gRPC-web) base URLs: scheme + host [+ port], no trailing slash -----------------------------

    def _web_url(self, endpoint: str, kind: str) -> str:
        if _SCHEME.match(endpoint):
            return endpoint.rstrip("/")
        if self.port != _HTTPS_PORT:
            return f"http://{_url_host(endpoint)}:{self.port}"
        if kind in self.overridden_endpoints:
            return f"https://{_url_host(endpoint)}"
        return f"https://web.{endpoint}"

    @property
    def control_url(self) -> str:
        """Base URL for ``/control_client.ScsControl/*``, webhooks and API-key RPCs."""
        return self._web_url(self.control_endpoint, CONTROL)

    @property
    def cache_url(self) -> str:
        """Base URL for data RPCs, ``Ping``, topics and leaderboards."""
        return self._web_url(self.cache_endpoint, CACHE)

    @property
    def token_url(self) -> str:
        """Base URL for ``/token.Token/GenerateDisposableToken``."""
        return self._web_url(self.token_endpoint, TOKEN)

    @property
    def storage_endpoint(self) -> str:
        """Host of the (preview) storage service: ``storage.<base>`` beside a ``cache.<base>`` derived from the
        credential; otherwise the cache endpoint itself (an override or a local emulator serves both)."""
        cache = self.cache_endpoint
        if CACHE in self.overridden_endpoints or _SCHEME.match(cache) or not cache.startswith("cache."):
            return cache
        return "storage." + cache.removeprefix("cache.")

    @property
    def storage_url(self) -> str:
        """Base URL for ``/store.Store/*`` (storage data calls); it follows the cache endpoint's overrides."""
        return self._web_url(self.storage_endpoint, CACHE)

    @property
    def vector_endpoint(self) -> str:
        """Host of the (preview) vector index service: ``vector.<base>`` beside a ``cache.<base>`` derived from the
        credential; otherwise the cache endpoint itself (a legacy token's ``c`` claim, an override, a local
        emulator)."""
        cache = self.cache_endpoint
        if CACHE in self.overridden_endpoints or _SCHEME.match(cache) or not cache.startswith("cache."):
            return cache
        return "vector." + cache.removeprefix("cache.")

    @property
    def vector_url(self) -> str:
        """Base URL for ``/vectorindex.VectorIndex/*`` (vector index data calls); it follows the cache endpoint's
        overrides."""
        return self._web_url(self.vector_endpoint, CACHE)

    # --- factories --------------------------------------------------------------------------------------------

    @staticmethod
    def from_api_key_v2(api_key: str, endpoint: str) -> CredentialProvider:
        """A v2 API key (a JWT with claim ``t == "g"``) and the base endpoint of its region, e.g.
        ``"cell-1-us-east-1-1.prod.a.momentohq.com"``.

        Raises:
            InvalidArgumentException: empty or non-v2 key, empty endpoint, or an endpoint that is not a bare host.
        """
        if not isinstance(api_key, str) or not api_key.strip():
            raise _invalid("API key cannot be empty.")
        if not isinstance(endpoint, str) or not endpoint.strip():
            raise _invalid("Endpoint cannot be empty.")
        api_key, endpoint = api_key.strip(), endpoint.strip()
        if not is_v2_api_key(api_key):
            raise _invalid(
                "Received an invalid v2 API key. Are you using the correct key and the correct "
                "CredentialProvider method?"
            )
        if "/" in endpoint or any(ch.isspace() for ch in endpoint):
            raise _invalid(
                "Endpoint must be a host name such as 'cell-1-us-east-1-1.prod.a.momentohq.com', "
                f"without scheme or path; got {endpoint!r}"
            )
        return CredentialProvider(
            auth_token=api_key,
            control_endpoint=f"control.{endpoint}",
            cache_endpoint=f"cache.{endpoint}",
            token_endpoint=f"token.{endpoint}",
            port=_HTTPS_PORT,
        )

    @staticmethod
    def from_environment_variables_v2(
        api_key_env_var: str = "MOMENTO_API_KEY", endpoint_env_var: str = "MOMENTO_ENDPOINT"
    ) -> CredentialProvider:
        """:meth:`from_api_key_v2` with both values read from the environment (not available in a browser).

        Raises:
            InvalidArgumentException: a variable name is empty, or the key is not a v2 API key (momento's messages).
            RuntimeError: a variable is unset or empty (as the official SDK does).
        """
        if not api_key_env_var:
            raise _invalid("API key environment variable name cannot be empty.")
        if not endpoint_env_var:
            raise _invalid("Endpoint environment variable name cannot be empty.")
        api_key = _read_env(api_key_env_var)
        endpoint = _read_env(endpoint_env_var)
        if not is_v2_api_key(api_key.strip()):
            raise _invalid(
                "Received an invalid v2 API key. Are you using the correct key? Or did you mean to use "
                "`from_environment_variable()` with a legacy key instead?"
            )
        return CredentialProvider.from_api_key_v2(api_key, endpoint)

    @staticmethod
    def from_disposable_token(
        auth_token: str,
        *,
        control_endpoint: str | None = None,
        cache_endpoint: str | None = None,
        token_endpoint: str | None = None,
    ) -> CredentialProvider:
        """A disposable token (base64 JSON, as returned by ``generate_disposable_token``) or a legacy JWT.

        The keyword-only endpoint overrides are an addition (the JS SDK has them), e.g. to point a browser at
        ``http://127.0.0.1:8080``.

        Raises:
            InvalidArgumentException: empty or malformed token, or a v2 API key.
        """
        if not isinstance(auth_token, str) or not auth_token.strip():
            raise _invalid("Disposable token cannot be empty.")
        return CredentialProvider._from_token(auth_token, control_endpoint, cache_endpoint, token_endpoint)

    @staticmethod
    def from_string(
        auth_token: str,
        control_endpoint: str | None = None,
        cache_endpoint: str | None = None,
        token_endpoint: str | None = None,
    ) -> CredentialProvider:
        """Deprecated: a v1 API key (base64 JSON) or legacy JWT, with optional per-endpoint overrides.

        Use :meth:`from_api_key_v2` or :meth:`from_disposable_token` instead.

        Raises:
            InvalidArgumentException: empty or malformed token, or a v2 API key.
        """
        warnings.warn(
            "CredentialProvider.from_string is deprecated; use from_api_key_v2 or from_disposable_token",
            DeprecationWarning,
            stacklevel=2,
        )
        return CredentialProvider._from_token(auth_token, control_endpoint, cache_endpoint, token_endpoint)

    @staticmethod
    def from_environment_variable(
        env_var_name: str,
        control_endpoint: str | None = None,
        cache_endpoint: str | None = None,
        token_endpoint: str | None = None,
    ) -> CredentialProvider:
        """Deprecated: :meth:`from_string` with the token read from ``env_var_name``.

        Raises:
            RuntimeError: the variable is unset or empty.
            InvalidArgumentException: as :meth:`from_string`.
        """
        warnings.warn(
            "CredentialProvider.from_environment_variable is deprecated; use from_environment_variables_v2",
            DeprecationWarning,
            stacklevel=2,
        )
        auth_token = _read_env(env_var_name)
        return CredentialProvider._from_token(auth_token, control_endpoint, cache_endpoint, token_endpoint)

    @staticmethod
    def for_momento_local(host: str = "127.0.0.1", port: int = 8080) -> CredentialProvider:
        """No credentials, every service at ``host:port`` (momento-local or the bundled emulator).

        URLs are ``http://<host>:<port>``; with ``port=443`` they are ``https://<host>``.
        """
        if not isinstance(host, str) or not host.strip():
            raise _invalid("host cannot be empty.")
        host = host.strip()
        return CredentialProvider("", host, host, host, port, overridden_endpoints=_ALL_OVERRIDDEN)

    @staticmethod
    def _from_token(
        auth_token: str, control_endpoint: str | None, cache_endpoint: str | None, token_endpoint: str | None
    ) -> CredentialProvider:
        overrides = {
            CONTROL: _check_override("control_endpoint", control_endpoint),
            CACHE: _check_override("cache_endpoint", cache_endpoint),
            TOKEN: _check_override("token_endpoint", token_endpoint),
        }
        given = {kind: value for kind, value in overrides.items() if value is not None}
        resolved: TokenAndEndpoints
        if len(given) == len(overrides):
            # Every endpoint is supplied, so a legacy JWT need not name any.
            resolved = resolve_allowing_missing_endpoints(auth_token)
        else:
            resolved = resolve(auth_token)
        return CredentialProvider(
            auth_token=resolved.auth_token,
            control_endpoint=given.get(CONTROL, resolved.control_endpoint),
            cache_endpoint=given.get(CACHE, resolved.cache_endpoint),
            token_endpoint=given.get(TOKEN, resolved.token_endpoint),
            port=_HTTPS_PORT,
            overridden_endpoints=frozenset(given),
        )
