"""Texts of presentation mode (csat/presentation.py): slide navigation, the exit, the present button."""

TEXTS: dict[str, dict[str, str]] = {
}
