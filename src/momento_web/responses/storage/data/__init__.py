"""Responses of the store data operations, and the typed value a get returns."""
