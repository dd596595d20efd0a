"""Responses of control-plane operations."""
