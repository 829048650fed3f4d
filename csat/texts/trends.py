"""Texts of the trends page."""

TEXTS: dict[str, dict[str, str]] = {}
