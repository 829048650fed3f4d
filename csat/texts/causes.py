"""Texts of the causes page."""

TEXTS: dict[str, dict[str, str]] = {}
