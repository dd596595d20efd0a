"""Transport settings (mirrors ``momento.config.transport``)."""
