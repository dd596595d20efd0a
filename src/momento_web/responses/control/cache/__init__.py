"""Responses of cache control-plane operations."""
