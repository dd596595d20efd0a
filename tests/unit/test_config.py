from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from momento_web.config import (
    Configuration,
    Configurations,
    ReadConcern,
    TopicConfiguration,
    TopicConfigurations,
    WireFormat,
)
from momento_web.config.auth_configuration import AuthConfiguration
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.config.transport.grpc_configuration import GrpcConfiguration
from momento_web.config.transport.topic_grpc_configuration import TopicGrpcConfiguration
from momento_web.config.transport.topic_transport_strategy import (
    StaticTopicGrpcConfiguration,
    StaticTopicTransportStrategy,
    TopicTransportStrategy,
)
from momento_web.config.transport.transport_strategy import (
    StaticGrpcConfiguration,
    StaticTransportStrategy,
    TransportStrategy,
)
from momento_web.errors import InvalidArgumentException, MomentoErrorCode


def _strategy(seconds: float = 3) -> StaticTransportStrategy:
    return StaticTransportStrategy(StaticGrpcConfiguration(timedelta(seconds=seconds)))


@pytest.mark.parametrize(
    ("factory", "cls", "deadline"),
    [
        (Configurations.Laptop.v1, Configurations.Laptop, timedelta(seconds=15)),
        (Configurations.Laptop.latest, Configurations.Laptop, timedelta(seconds=15)),
        (Configurations.Browser.v1, Configurations.Browser, timedelta(seconds=5)),
        (Configurations.Browser.latest, Configurations.Browser, timedelta(seconds=5)),
        (Configurations.InRegion.Default.v1, Configurations.InRegion.Default, timedelta(milliseconds=1100)),
        (Configurations.InRegion.Default.latest, Configurations.InRegion.Default, timedelta(milliseconds=1100)),
        (Configurations.InRegion.LowLatency.v1, Configurations.InRegion.LowLatency, timedelta(milliseconds=500)),
        (
            Configurations.InRegion.LowLatency.latest,
            Configurations.InRegion.LowLatency,
            timedelta(milliseconds=500),
        ),
        (Configurations.Lambda.latest, Configurations.Lambda, timedelta(milliseconds=1100)),
    ],
)
def test_prebuilt_configurations(factory: Any, cls: type[Configuration], deadline: timedelta) -> None:
    config = factory()
    assert type(config) is cls
    assert isinstance(config, Configuration)
    assert config.get_client_timeout() == deadline
    assert config.get_transport_strategy().get_grpc_configuration().get_deadline() == deadline
    assert config.get_wire_format() is WireFormat.TEXT
    assert config.get_transport_factory() is None
    assert config.get_read_concern() is ReadConcern.BALANCED
    assert factory() == config


def test_lambda_disables_keepalive() -> None:
    grpc = Configurations.Lambda.latest().get_transport_strategy().get_grpc_configuration()
    assert grpc.get_keepalive_permit_without_calls() is False
    assert grpc.get_keepalive_time() is None
    assert grpc.get_keepalive_timeout() is None
    laptop = Configurations.Laptop.v1().get_transport_strategy().get_grpc_configuration()
    assert laptop.get_keepalive_permit_without_calls() is True
    assert laptop.get_keepalive_time() == timedelta(seconds=5)
    assert laptop.get_keepalive_timeout() == timedelta(seconds=1)


def test_with_client_timeout_returns_new_object_of_same_class() -> None:
    original = Configurations.Laptop.v1()
    changed = original.with_client_timeout(timedelta(seconds=2))
    assert changed is not original
    assert type(changed) is Configurations.Laptop
    assert changed.get_client_timeout() == timedelta(seconds=2)
    assert original.get_client_timeout() == timedelta(seconds=15)
    assert changed != original


@pytest.mark.parametrize("timeout", [timedelta(0), timedelta(seconds=-1), timedelta(microseconds=-1)])
def test_with_client_timeout_rejects_non_positive(timeout: timedelta) -> None:
    for config in (Configurations.Laptop.v1(), TopicConfigurations.Default.v1(), AuthConfigurations.Laptop.v1()):
        with pytest.raises(InvalidArgumentException) as excinfo:
            config.with_client_timeout(timeout)
        assert excinfo.value.message == "Request timeout must be a positive amount of time."
        assert excinfo.value.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR


@pytest.mark.parametrize("timeout", [5, 5.0, None, "5s"])
def test_with_client_timeout_rejects_non_timedelta(timeout: Any) -> None:
    with pytest.raises(InvalidArgumentException, match="timedelta"):
        Configurations.Laptop.v1().with_client_timeout(timeout)


def test_grpc_configuration_validates_deadline() -> None:
    with pytest.raises(InvalidArgumentException, match="positive"):
        StaticGrpcConfiguration(timedelta(0))
    grpc = StaticGrpcConfiguration(timedelta(seconds=1))
    with pytest.raises(InvalidArgumentException):
        grpc.with_deadline(timedelta(seconds=-2))


def test_wire_format() -> None:
    assert WireFormat.TEXT.value == "application/grpc-web-text"
    assert WireFormat.BINARY.value == "application/grpc-web+proto"
    assert WireFormat.BINARY.content_type == "application/grpc-web+proto"
    original = Configurations.Browser.latest()
    binary = original.with_wire_format(WireFormat.BINARY)
    assert binary.get_wire_format() is WireFormat.BINARY
    assert original.get_wire_format() is WireFormat.TEXT
    assert type(binary) is Configurations.Browser
    with pytest.raises(InvalidArgumentException):
        original.with_wire_format("binary")  # type: ignore[arg-type]


def test_transport_factory() -> None:
    def factory() -> Any:
        raise AssertionError("never called by configuration code")

    original = Configurations.Laptop.v1()
    with_factory = original.with_transport_factory(factory)
    assert with_factory.get_transport_factory() is factory
    assert original.get_transport_factory() is None
    assert with_factory.with_transport_factory(None).get_transport_factory() is None
    with pytest.raises(InvalidArgumentException):
        original.with_transport_factory(42)  # type: ignore[arg-type]


def test_read_concern() -> None:
    original = Configurations.Laptop.v1()
    consistent = original.with_read_concern(ReadConcern.CONSISTENT)
    assert consistent.get_read_concern() is ReadConcern.CONSISTENT
    assert original.get_read_concern() is ReadConcern.BALANCED
    assert ReadConcern.CONSISTENT.value == "consistent"


def test_configuration_is_immutable_and_settings_survive_other_changes() -> None:
    config = Configurations.Laptop.v1()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.wire_format = WireFormat.BINARY  # type: ignore[misc]
    changed = (
        config.with_wire_format(WireFormat.BINARY)
        .with_read_concern(ReadConcern.CONSISTENT)
        .with_client_timeout(timedelta(seconds=1))
    )
    assert changed.get_wire_format() is WireFormat.BINARY
    assert changed.get_read_concern() is ReadConcern.CONSISTENT
    assert changed.get_client_timeout() == timedelta(seconds=1)
    assert hash(changed) == hash(
        Configurations.Laptop.v1()
        .with_client_timeout(timedelta(seconds=1))
        .with_read_concern(ReadConcern.CONSISTENT)
        .with_wire_format(WireFormat.BINARY)
    )


def test_direct_construction() -> None:
    config = Configuration(_strategy(), wire_format=WireFormat.BINARY)
    assert config.get_client_timeout() == timedelta(seconds=3)
    new_strategy = _strategy(7)
    assert config.with_transport_strategy(new_strategy).get_transport_strategy() is new_strategy
    with pytest.raises(InvalidArgumentException):
        Configuration("not a strategy")  # type: ignore[arg-type]
    # The second and third positional parameters are momento's retry strategy and middlewares; additions are
    # keyword-only.
    with pytest.raises(InvalidArgumentException, match="retry_strategy must be a RetryStrategy"):
        Configuration(_strategy(), WireFormat.BINARY)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Configuration(_strategy(), None, (), ReadConcern.CONSISTENT)  # type: ignore[call-arg, arg-type]


def test_root_certificates_are_read_and_kept(tmp_path: Path) -> None:
    pem = tmp_path / "roots.pem"
    pem.write_bytes(b"-----BEGIN CERTIFICATE-----\n")
    original = Configurations.Laptop.v1()
    changed = original.with_root_certificates_pem(pem)
    grpc = changed.get_transport_strategy().get_grpc_configuration()
    assert grpc.get_root_certificates_pem() == b"-----BEGIN CERTIFICATE-----\n"
    assert grpc.get_deadline() == timedelta(seconds=15)
    assert original.get_transport_strategy().get_grpc_configuration().get_root_certificates_pem() is None


def test_static_grpc_configuration_getters() -> None:
    grpc = StaticGrpcConfiguration(
        timedelta(seconds=2),
        root_certificates_pem=b"pem",
        max_send_message_length=10,
        max_receive_message_length=20,
        keepalive_permit_without_calls=False,
        keepalive_time=timedelta(seconds=30),
        keepalive_timeout=None,
    )
    assert isinstance(grpc, GrpcConfiguration)
    assert grpc.get_deadline() == timedelta(seconds=2)
    assert grpc.get_root_certificates_pem() == b"pem"
    assert grpc.get_max_send_message_length() == 10
    assert grpc.get_max_receive_message_length() == 20
    assert grpc.get_keepalive_permit_without_calls() is False
    assert grpc.get_keepalive_time() == timedelta(seconds=30)
    assert grpc.get_keepalive_timeout() is None
    longer = grpc.with_deadline(timedelta(seconds=9))
    assert longer.get_deadline() == timedelta(seconds=9)
    assert longer.get_max_send_message_length() == 10
    assert grpc.get_deadline() == timedelta(seconds=2)


def test_static_transport_strategy() -> None:
    strategy = _strategy(1)
    assert isinstance(strategy, TransportStrategy)
    longer = strategy.with_client_timeout(timedelta(seconds=4))
    assert longer.get_grpc_configuration().get_deadline() == timedelta(seconds=4)
    assert strategy.get_grpc_configuration().get_deadline() == timedelta(seconds=1)
    other = StaticGrpcConfiguration(timedelta(seconds=8))
    assert strategy.with_grpc_configuration(other).get_grpc_configuration() is other


def test_topic_configurations() -> None:
    for config in (TopicConfigurations.Default.v1(), TopicConfigurations.Default.latest()):
        assert type(config) is TopicConfigurations.Default
        assert isinstance(config, TopicConfiguration)
        assert config.get_client_timeout() == timedelta(seconds=5)
        assert config.get_max_subscriptions() == 0
        assert config.get_wire_format() is WireFormat.TEXT
    for latest in (TopicConfigurations.Default.latest(), TopicConfigurations.Browser.latest()):
        assert latest.get_heartbeat_timeout() == timedelta(seconds=30)


def test_topic_heartbeat_timeout() -> None:
    original = TopicConfigurations.Browser.latest()
    shorter = original.with_heartbeat_timeout(timedelta(seconds=10))
    assert type(shorter) is TopicConfigurations.Browser
    assert shorter.get_heartbeat_timeout() == timedelta(seconds=10)
    assert original.get_heartbeat_timeout() == timedelta(seconds=30)
    assert shorter.with_max_subscriptions(3).get_heartbeat_timeout() == timedelta(seconds=10)  # survives others
    assert shorter.with_heartbeat_timeout(None).get_heartbeat_timeout() is None  # disabled


@pytest.mark.parametrize("value", [timedelta(0), timedelta(seconds=-1), 30, "30s"])
def test_topic_heartbeat_timeout_validated(value: Any) -> None:
    with pytest.raises(InvalidArgumentException, match="heartbeat_timeout"):
        TopicConfigurations.Default.latest().with_heartbeat_timeout(value)


def test_topic_configuration_with_methods() -> None:
    original = TopicConfigurations.Default.latest()
    more = original.with_max_subscriptions(250)
    assert more.get_max_subscriptions() == 250
    assert original.get_max_subscriptions() == 0
    assert type(more) is TopicConfigurations.Default
    shorter = more.with_client_timeout(timedelta(seconds=1))
    assert shorter.get_client_timeout() == timedelta(seconds=1)
    assert shorter.get_max_subscriptions() == 250
    assert original.with_wire_format(WireFormat.BINARY).get_wire_format() is WireFormat.BINARY


@pytest.mark.parametrize("value", [-1, 1.5, "3", True])
def test_topic_max_subscriptions_validated(value: Any) -> None:
    with pytest.raises(InvalidArgumentException, match="max_subscriptions"):
        TopicConfigurations.Default.latest().with_max_subscriptions(value)


def test_topic_configuration_direct_construction() -> None:
    config = TopicConfiguration(StaticTopicTransportStrategy(StaticTopicGrpcConfiguration(timedelta(seconds=2))), 5)
    assert config.get_max_subscriptions() == 5
    assert isinstance(config.get_transport_strategy(), TopicTransportStrategy)
    assert isinstance(config.get_transport_strategy().get_grpc_configuration(), TopicGrpcConfiguration)


@pytest.mark.parametrize(
    ("factory", "deadline"),
    [
        (AuthConfigurations.Laptop.v1, timedelta(seconds=15)),
        (AuthConfigurations.Laptop.latest, timedelta(seconds=15)),
        (AuthConfigurations.Browser.latest, timedelta(seconds=5)),
        (AuthConfigurations.InRegion.Default.latest, timedelta(milliseconds=1100)),
        (AuthConfigurations.InRegion.LowLatency.latest, timedelta(milliseconds=500)),
        (AuthConfigurations.Lambda.latest, timedelta(milliseconds=1100)),
    ],
)
def test_auth_configurations(factory: Any, deadline: timedelta) -> None:
    config = factory()
    assert isinstance(config, AuthConfiguration)
    assert config.get_client_timeout() == deadline
    assert config.with_client_timeout(timedelta(seconds=1)).get_client_timeout() == timedelta(seconds=1)
    assert config.get_client_timeout() == deadline
