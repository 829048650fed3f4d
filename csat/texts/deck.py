"""Texts of the deck export (review/deck.py, csat/export.py, python -m review): buttons, progress, errors."""

TEXTS: dict[str, dict[str, str]] = {
}
