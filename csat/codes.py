"""Codes the exports and queries write (a contact channel, a low-score reason, an initiative's status…) in the page's
language: the one mapping the pages' charts and tables and the CSV downloads (csat.spreadsheet) share.

    code_text("reason", "slow_response", tr)    # "响应慢" / "Slow response"

A kind of code has its texts in csat/texts under a prefix (`CODE_TEXTS`): the text of a code is the key
PREFIX + code (a kind may have several prefixes, tried in order: an initiative's status and a milestone's share the
column name `status`). A code no text names is shown as it is, rather than failing the page.
"""

from csat.i18n import Translator
from csat.texts import TEXTS

# Kind of code (the column that holds it, where a query names it so) → the prefixes of its texts.
CODE_TEXTS: dict[str, tuple[str, ...]] = {
    "channel": ("city.channel_",),
    "reason": ("causes.reason.",),
    "low_score_reason": ("causes.reason.",),
    "category": ("causes.category.",),
    "theme": ("causes.theme.",),
    "status": ("plan.status.", "plan.ms."),
    "milestone_status": ("plan.ms.",),
    "kind": ("kind.",),
    "effect": ("facts.effect.",),
    "region": ("region.",),
    "practice": ("trends.practice_",),
    "source": ("causes.source.",),
    "scope": ("causes.scope.",),
    "finding": ("quality.finding.",),
    "scorecard_status": ("scorecard.status.",),
    "month_status": ("scorecard.status.",),
    "ytd_status": ("scorecard.status.",),
    "perspective": ("scorecard.perspective.",),
}


def has_text(kind: str, code: object) -> bool:
    """Whether `code` of this kind has a text (a code of another kind, or a free text, has none)."""
    return isinstance(code, str) and any(f"{prefix}{code}" in TEXTS for prefix in CODE_TEXTS.get(kind, ()))


def code_text(kind: str, code: object, tr: Translator) -> object:
    """The code's text in the translator's language; a code without a text (or a missing value) unchanged."""
    if not isinstance(code, str):
        return code
    for prefix in CODE_TEXTS.get(kind, ()):
        if f"{prefix}{code}" in TEXTS:
            return tr(f"{prefix}{code}")
    return code
