from __future__ import annotations

import base64
import dataclasses
import json
import warnings
from typing import Any

import jwt
import pytest

from momento_web.auth import CredentialProvider
from momento_web.auth.momento_endpoint_resolver import TokenAndEndpoints, is_v2_api_key, resolve
from momento_web.errors import InvalidArgumentException, MomentoErrorCode

# A signing key long enough not to trigger PyJWT's short-key warning; the SDK never verifies signatures.
_KEY = "k" * 64

V1_KEY = "eyJlbmRwb2ludCI6InRlc3QubW9tZW50b2hxLmNvbSIsImFwaV9rZXkiOiJrIn0="  # test.momentohq.com, api_key "k"
DISPOSABLE_COMPACT = "eyJlbmRwb2ludCI6IjEyNy4wLjAuMSIsImFwaV9rZXkiOiJkdG9rIn0="
DISPOSABLE_SPACED = "eyJlbmRwb2ludCI6ICIxMjcuMC4wLjEiLCAiYXBpX2tleSI6ICJkdG9rIn0="
LONG_API_KEY = "abcdSECRETSECRETSECRETSECRETwxyz"


def _jwt(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, _KEY, algorithm="HS256")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _b64json(document: Any) -> str:
    return _b64(json.dumps(document))


V2_KEY = _jwt({"t": "g", "id": "abc"})
LEGACY_JWT = _jwt({"sub": "me", "c": "cache.cell-1.example.com", "cp": "control.cell-1.example.com"})


def _from_string(*args: Any, **kwargs: Any) -> CredentialProvider:
    with pytest.warns(DeprecationWarning, match="from_string is deprecated"):
        return CredentialProvider.from_string(*args, **kwargs)


def _invalid(excinfo: pytest.ExceptionInfo[InvalidArgumentException]) -> str:
    assert excinfo.value.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    return excinfo.value.message


# --- valid formats -----------------------------------------------------------------------------------------------


def test_v1_key_from_spec_example() -> None:
    provider = _from_string(V1_KEY)
    assert provider.get_auth_token() == "k"
    assert provider.auth_token == "k"
    assert provider.control_endpoint == "control.test.momentohq.com"
    assert provider.cache_endpoint == "cache.test.momentohq.com"
    assert provider.token_endpoint == "token.test.momentohq.com"
    assert provider.port == 443
    assert provider.overridden_endpoints == frozenset()
    assert provider.control_url == "https://web.control.test.momentohq.com"
    assert provider.cache_url == "https://web.cache.test.momentohq.com"
    assert provider.token_url == "https://web.token.test.momentohq.com"


@pytest.mark.parametrize("token", [DISPOSABLE_COMPACT, DISPOSABLE_SPACED])
def test_disposable_token_compact_and_spaced(token: str) -> None:
    provider = CredentialProvider.from_disposable_token(token)
    assert provider.auth_token == "dtok"
    assert (provider.control_endpoint, provider.cache_endpoint, provider.token_endpoint) == (
        "control.127.0.0.1",
        "cache.127.0.0.1",
        "token.127.0.0.1",
    )
    assert provider.cache_url == "https://web.cache.127.0.0.1"


def test_disposable_token_with_overrides() -> None:
    provider = CredentialProvider.from_disposable_token(
        DISPOSABLE_COMPACT,
        control_endpoint="http://127.0.0.1:8080",
        cache_endpoint="http://127.0.0.1:8080",
        token_endpoint="http://127.0.0.1:8080",
    )
    assert provider.auth_token == "dtok"
    assert provider.control_url == provider.cache_url == provider.token_url == "http://127.0.0.1:8080"
    assert provider.overridden_endpoints == {"control", "cache", "token"}


def test_legacy_jwt() -> None:
    provider = _from_string(LEGACY_JWT)
    assert provider.auth_token == LEGACY_JWT
    assert provider.control_endpoint == "control.cell-1.example.com"
    assert provider.cache_endpoint == "cache.cell-1.example.com"
    # JS convention (the official Python SDK would use "token." + c).
    assert provider.token_endpoint == "cache.cell-1.example.com"
    assert provider.control_url == "https://web.control.cell-1.example.com"
    assert provider.token_url == "https://web.cache.cell-1.example.com"


def test_legacy_jwt_via_disposable_token_and_expired_jwt() -> None:
    expired = _jwt({"c": "c.example", "cp": "cp.example", "exp": 1})
    provider = CredentialProvider.from_disposable_token(expired)
    assert provider.control_endpoint == "cp.example"


def test_v2_key() -> None:
    provider = CredentialProvider.from_api_key_v2(V2_KEY, "cell-1.example.com")
    assert provider.auth_token == V2_KEY
    assert provider.control_endpoint == "control.cell-1.example.com"
    assert provider.cache_endpoint == "cache.cell-1.example.com"
    assert provider.token_endpoint == "token.cell-1.example.com"
    assert provider.port == 443
    assert provider.cache_url == "https://web.cache.cell-1.example.com"
    assert is_v2_api_key(V2_KEY)
    assert not is_v2_api_key(LEGACY_JWT)
    assert not is_v2_api_key(V1_KEY)


def test_surrounding_whitespace_is_ignored() -> None:
    assert CredentialProvider.from_disposable_token(f"  {DISPOSABLE_COMPACT}\n").auth_token == "dtok"
    provider = CredentialProvider.from_api_key_v2(f"{V2_KEY}\n", " cell.example ")
    assert provider.auth_token == V2_KEY
    assert provider.cache_endpoint == "cache.cell.example"


def test_resolve_returns_token_and_endpoints() -> None:
    resolved = resolve(V1_KEY)
    assert resolved == TokenAndEndpoints(
        control_endpoint="control.test.momentohq.com",
        cache_endpoint="cache.test.momentohq.com",
        token_endpoint="token.test.momentohq.com",
        auth_token="k",
    )
    assert "auth_token=<1 characters>" in repr(resolved)


# --- malformed tokens -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", "   "])
def test_empty_token(token: str) -> None:
    with pytest.raises(InvalidArgumentException) as excinfo:
        _from_string(token)
    assert _invalid(excinfo) == "malformed auth token"


@pytest.mark.parametrize("token", ["", "  "])
def test_empty_disposable_token(token: str) -> None:
    with pytest.raises(InvalidArgumentException) as excinfo:
        CredentialProvider.from_disposable_token(token)
    assert _invalid(excinfo) == "Disposable token cannot be empty."


@pytest.mark.parametrize(
    "token",
    [
        "not a token",
        "garbage",
        "abcd",  # valid base64, but of bytes that are not UTF-8
        "a.b.c",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",  # JWT-shaped, payload not JSON
        "bm90IGpzb24.eyJjIjoiYyIsImNwIjoiY3AifQ.c2ln",  # header not JSON, payload has both endpoint claims
        "WzFd.eyJjIjoiYyIsImNwIjoiY3AifQ.c2ln",  # header a JSON array
        "eyJhbGciOiJIUzI1NiJ9.WzFd.c2ln",  # payload a JSON array
        "eyJhbGciOiJIUzI1NiJ9.eyJjIjoiYyIsImNwIjoiY3AifQ!.c2ln",  # a character outside base64url
        "eyJhbGciOiJIUzI1NiJ9.eyJjIjoiYyIsImNwIjoiY3AifQ",  # two segments
        "eyJhbGciOiJIUzI1NiJ9.eyJjIjoiYyIsImNwIjoiY3AifQ.c2ln.c2ln",  # four segments
        V1_KEY.rstrip("="),  # unpadded base64 is not accepted as base64
        V1_KEY.replace("=", "") + "!",
    ],
)
def test_garbage(token: str) -> None:
    with pytest.raises(InvalidArgumentException) as excinfo:
        _from_string(token)
    assert _invalid(excinfo) == "Invalid Auth token."


@pytest.mark.parametrize("text", ["hello", "[1, 2]", '"str"', "42", "null"])
def test_base64_of_non_json_object(text: str) -> None:
    with pytest.raises(InvalidArgumentException) as excinfo:
        CredentialProvider.from_disposable_token(_b64(text))
    message = _invalid(excinfo)
    assert message.startswith("Invalid Auth token.")
    assert "JSON object" in message


@pytest.mark.parametrize(
    ("document", "missing"),
    [
        ({"endpoint": "e.example"}, "api_key"),
        ({"api_key": "k"}, "endpoint"),
        ({}, "endpoint"),
        ({"endpoint": "", "api_key": "k"}, "endpoint"),
        ({"endpoint": "e.example", "api_key": 5}, "api_key"),
        ({"endpoint": None, "api_key": "k"}, "endpoint"),
    ],
)
def test_json_missing_keys(document: dict[str, Any], missing: str) -> None:
    for factory in (CredentialProvider.from_disposable_token, _from_string):
        with pytest.raises(InvalidArgumentException) as excinfo:
            factory(_b64json(document))
        message = _invalid(excinfo)
        assert f"'{missing}'" in message


@pytest.mark.parametrize(
    "claims",
    [{"c": "cache.example"}, {"cp": "control.example"}, {}, {"c": "", "cp": "x"}, {"c": 1, "cp": "x"}],
)
def test_jwt_missing_claims(claims: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentException) as excinfo:
        _from_string(_jwt(claims))
    assert _invalid(excinfo) == "Invalid Auth token."


def test_jwt_missing_claims_accepted_when_every_endpoint_is_overridden() -> None:
    token = _jwt({"sub": "x"})
    provider = _from_string(token, control_endpoint="ctl.example", cache_endpoint="c.example", token_endpoint="t")
    assert provider.auth_token == token
    assert provider.control_url == "https://ctl.example"
    # Partial overrides still need the claims.
    with pytest.raises(InvalidArgumentException):
        _from_string(token, cache_endpoint="c.example")


def test_v2_key_rejected_by_token_factories() -> None:
    expected = (
        "Unexpectedly received a v2 API key. Are you using the correct key and the correct CredentialProvider method?"
    )
    with pytest.raises(InvalidArgumentException) as excinfo:
        _from_string(V2_KEY)
    assert _invalid(excinfo) == expected
    with pytest.raises(InvalidArgumentException) as excinfo:
        CredentialProvider.from_disposable_token(V2_KEY)
    assert _invalid(excinfo) == expected
    with pytest.raises(InvalidArgumentException):
        resolve(V2_KEY)


@pytest.mark.parametrize(
    ("api_key", "endpoint", "message"),
    [
        ("", "cell.example", "API key cannot be empty."),
        ("  ", "cell.example", "API key cannot be empty."),
        (V2_KEY, "", "Endpoint cannot be empty."),
        (V2_KEY, "   ", "Endpoint cannot be empty."),
        (LEGACY_JWT, "cell.example", "Received an invalid v2 API key."),
        (V1_KEY, "cell.example", "Received an invalid v2 API key."),
        ("garbage", "cell.example", "Received an invalid v2 API key."),
        (_jwt({"t": "x"}), "cell.example", "Received an invalid v2 API key."),
        (V2_KEY, "https://cell.example", "Endpoint must be a host name"),
        (V2_KEY, "cell.example/path", "Endpoint must be a host name"),
        (V2_KEY, "cell example", "Endpoint must be a host name"),
    ],
)
def test_v2_key_validation(api_key: str, endpoint: str, message: str) -> None:
    with pytest.raises(InvalidArgumentException) as excinfo:
        CredentialProvider.from_api_key_v2(api_key, endpoint)
    assert _invalid(excinfo).startswith(message)


# --- environment variables --------------------------------------------------------------------------------------


def test_env_v2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOMENTO_API_KEY", V2_KEY)
    monkeypatch.setenv("MOMENTO_ENDPOINT", "cell.example")
    provider = CredentialProvider.from_environment_variables_v2()
    assert provider.auth_token == V2_KEY
    assert provider.cache_endpoint == "cache.cell.example"
    monkeypatch.setenv("MY_KEY", V2_KEY)
    monkeypatch.setenv("MY_ENDPOINT", "other.example")
    provider = CredentialProvider.from_environment_variables_v2("MY_KEY", "MY_ENDPOINT")
    assert provider.control_endpoint == "control.other.example"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "MOMENTO_API_KEY"),
        ({"MOMENTO_API_KEY": V2_KEY}, "MOMENTO_ENDPOINT"),
        ({"MOMENTO_ENDPOINT": "cell.example"}, "MOMENTO_API_KEY"),
        ({"MOMENTO_API_KEY": "", "MOMENTO_ENDPOINT": "cell.example"}, "MOMENTO_API_KEY"),
    ],
)
def test_env_v2_missing(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], missing: str) -> None:
    monkeypatch.delenv("MOMENTO_API_KEY", raising=False)
    monkeypatch.delenv("MOMENTO_ENDPOINT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=f"^Missing required environment variable {missing}$"):
        CredentialProvider.from_environment_variables_v2()


def test_env_v2_invalid_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOMENTO_API_KEY", V1_KEY)
    monkeypatch.setenv("MOMENTO_ENDPOINT", "cell.example")
    with pytest.raises(InvalidArgumentException):
        CredentialProvider.from_environment_variables_v2()


def test_env_deprecated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_TOKEN", V1_KEY)
    with pytest.warns(DeprecationWarning, match="from_environment_variable is deprecated"):
        provider = CredentialProvider.from_environment_variable("MY_TOKEN", cache_endpoint="localhost:9001")
    assert provider.auth_token == "k"
    assert provider.cache_url == "https://localhost:9001"
    assert provider.control_url == "https://web.control.test.momentohq.com"
    monkeypatch.delenv("MY_TOKEN")
    with (
        pytest.warns(DeprecationWarning, match="from_environment_variable is deprecated"),
        pytest.raises(RuntimeError, match=r"^Missing required environment variable MY_TOKEN$"),
    ):
        CredentialProvider.from_environment_variable("MY_TOKEN")


def test_from_string_warns_and_non_deprecated_factories_do_not() -> None:
    with pytest.warns(DeprecationWarning, match="from_string is deprecated"):
        CredentialProvider.from_string(V1_KEY)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CredentialProvider.from_disposable_token(V1_KEY)
        CredentialProvider.from_api_key_v2(V2_KEY, "cell.example")
        CredentialProvider.for_momento_local()


# --- URL rules --------------------------------------------------------------------------------------------------


def test_overrides_without_scheme_get_https_without_web_prefix() -> None:
    provider = _from_string(V1_KEY, cache_endpoint="some-cache-endpoint:9001")
    assert provider.cache_endpoint == "some-cache-endpoint:9001"
    assert provider.overridden_endpoints == {"cache"}
    assert provider.cache_url == "https://some-cache-endpoint:9001"
    assert provider.control_url == "https://web.control.test.momentohq.com"
    assert provider.token_url == "https://web.token.test.momentohq.com"


def test_overrides_with_scheme_are_verbatim() -> None:
    provider = _from_string(
        V1_KEY,
        control_endpoint="http://127.0.0.1:8080/",
        cache_endpoint="HTTPS://cache.example:8443",
        token_endpoint="https://token.example/base/",
    )
    assert provider.control_url == "http://127.0.0.1:8080"
    assert provider.cache_url == "HTTPS://cache.example:8443"
    assert provider.token_url == "https://token.example/base"


def test_ipv6_override_gets_brackets() -> None:
    provider = _from_string(V1_KEY, control_endpoint="::1", cache_endpoint="[::1]:9001")
    assert provider.control_url == "https://[::1]"
    assert provider.cache_url == "https://[::1]:9001"


@pytest.mark.parametrize("value", ["", "  "])
def test_empty_override_rejected(value: str) -> None:
    with pytest.raises(InvalidArgumentException, match="cache_endpoint"):
        _from_string(V1_KEY, cache_endpoint=value)


def test_for_momento_local_defaults() -> None:
    provider = CredentialProvider.for_momento_local()
    assert provider.auth_token == ""
    assert provider.get_auth_token() == ""
    assert provider.control_endpoint == provider.cache_endpoint == provider.token_endpoint == "127.0.0.1"
    assert provider.port == 8080
    assert provider.control_url == provider.cache_url == provider.token_url == "http://127.0.0.1:8080"


def test_for_momento_local_custom() -> None:
    assert CredentialProvider.for_momento_local("localhost", 9000).cache_url == "http://localhost:9000"
    assert CredentialProvider.for_momento_local("::1", 9000).cache_url == "http://[::1]:9000"
    assert CredentialProvider.for_momento_local("my.host", 443).cache_url == "https://my.host"


@pytest.mark.parametrize(("host", "port"), [("", 8080), ("127.0.0.1", 0), ("127.0.0.1", 70000), ("h", True)])
def test_for_momento_local_invalid(host: str, port: int) -> None:
    with pytest.raises(InvalidArgumentException):
        CredentialProvider.for_momento_local(host, port)


def test_direct_construction_follows_port_rule() -> None:
    plain = CredentialProvider("tok", "ctl.example", "cache.example", "token.example", 8443)
    assert plain.cache_url == "http://cache.example:8443"
    tls = CredentialProvider("tok", "ctl.example", "cache.example", "token.example", 443)
    assert tls.cache_url == "https://web.cache.example"
    mixed = CredentialProvider("tok", "ctl", "cache", "tk", overridden_endpoints=frozenset({"token"}))
    assert mixed.token_url == "https://tk"
    assert mixed.cache_url == "https://web.cache"
    with pytest.raises(InvalidArgumentException):
        CredentialProvider("tok", "a", "b", "c", overridden_endpoints=frozenset({"storage"}))


# --- repr masking and value semantics ---------------------------------------------------------------------------


def test_repr_masks_long_token() -> None:
    provider = CredentialProvider.from_disposable_token(_b64json({"endpoint": "e.example", "api_key": LONG_API_KEY}))
    text = repr(provider)
    assert LONG_API_KEY not in text
    assert "SECRET" not in text
    assert "auth_token='abcd...wxyz'" in text
    assert str(provider) == text
    assert "cache_endpoint='cache.e.example'" in text
    assert "port=443" in text
    assert "overridden_endpoints=frozenset()" in text


def test_repr_masks_jwt() -> None:
    text = repr(CredentialProvider.from_api_key_v2(V2_KEY, "cell.example"))
    assert V2_KEY not in text
    assert V2_KEY[4:-4] not in text
    assert f"'{V2_KEY[:4]}...{V2_KEY[-4:]}'" in text


@pytest.mark.parametrize("secret", ["Q1", "QWXYZ", "secretkey12", "fifteen-chars!!"])
def test_repr_hides_short_tokens_entirely(secret: str) -> None:
    provider = CredentialProvider.from_disposable_token(_b64json({"endpoint": "zz.example", "api_key": secret}))
    text = repr(provider)
    assert "auth_token='***'" in text
    assert secret not in text.replace("zz.example", "")
    if len(secret) >= 3:
        assert secret[:3] not in text.replace("zz.example", "")


def test_repr_local() -> None:
    text = repr(CredentialProvider.for_momento_local())
    assert "auth_token=''" in text
    assert "overridden_endpoints=frozenset({'cache', 'control', 'token'})" in text


def test_provider_is_immutable_and_comparable() -> None:
    first = CredentialProvider.from_disposable_token(DISPOSABLE_COMPACT)
    second = CredentialProvider.from_disposable_token(DISPOSABLE_SPACED)
    assert first == second
    assert hash(first) == hash(second)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.auth_token = "x"  # type: ignore[misc]
