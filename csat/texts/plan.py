"""Texts of the plan page."""

TEXTS: dict[str, dict[str, str]] = {}
