"""Client configuration (mirrors ``momento.config``).

``AuthConfiguration``/``AuthConfigurations`` live in their own modules, as in the official SDK. ``WireFormat``
and ``ReadConcern`` are momento-web additions.
"""

from momento_web.config.configuration import Configuration
from momento_web.config.configurations import Configurations
from momento_web.config.read_concern import ReadConcern
from momento_web.config.topic_configuration import TopicConfiguration
from momento_web.config.topic_configurations import TopicConfigurations
from momento_web.config.wire_format import WireFormat

__all__ = [
    "Configuration",
    "Configurations",
    "ReadConcern",
    "TopicConfiguration",
    "TopicConfigurations",
    "WireFormat",
]
