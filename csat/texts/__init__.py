"""All texts of the dashboard, one module per page plus the shared ones; each key maps to {"zh": …, "en": …}."""

from csat.texts import (
    access,
    causes,
    common,
    deck,
    export,
    facts,
    overview,
    plan,
    presentation,
    quality,
    review,
    scorecard,
    sign_in,
    trends,
)

TEXTS: dict[str, dict[str, str]] = {}
for _module in (common, overview, trends, causes, plan, scorecard, quality, review, presentation, deck, facts, export,
                access, sign_in):
    _clash = TEXTS.keys() & _module.TEXTS.keys()
    assert not _clash, f"text keys defined twice: {_clash}"
    TEXTS.update(_module.TEXTS)
