"""Implementation details of the SDK; nothing here is public API (mirrors ``momento.internal``)."""
