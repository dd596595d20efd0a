"""Responses of data operations."""
