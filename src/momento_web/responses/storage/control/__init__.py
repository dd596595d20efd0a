"""Responses of the store control operations."""
