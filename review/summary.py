"""The written summary of the month (placeholder: filled in by the summary work)."""

import datetime as dt
from dataclasses import dataclass

CHAPTERS = ("overview", "leaders", "diagnosis", "warning", "plan")


@dataclass(frozen=True)
class Sentence:
    chapter: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    sentences: tuple[Sentence, ...]

    def texts(self, chapter: str | None = None) -> tuple[str, ...]:
        return tuple(s.text for s in self.sentences if chapter is None or s.chapter == chapter)


def month_summary(month: dt.date, cities: tuple[str, ...], lang: str) -> Summary:
    return Summary(())
