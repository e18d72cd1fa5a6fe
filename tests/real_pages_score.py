"""Scores page ingest on the real pages of tests/data/real_pages (see its README.md).

Shared by tests/test_real_pages.py (floors) and benchmarks/ingest_pages.py --real (figures).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from publisher.errors import MalformedItem
from publisher.ingest import parse_bytes
from publisher.ingest.dates import day_as_published

REAL_PAGES = Path(__file__).resolve().parent / "data" / "real_pages"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Truth:
    file: str
    url: str
    licence: str
    headline: str
    published: str  # ISO time, a bare day, or "none" when the page states none
    keep: tuple[str, ...]
    drop: tuple[str, ...]

    def expected_published(self) -> datetime | None:
        """None for a page that states no publication time: ingest must not invent one."""
        if self.published == "none":
            return None
        if len(self.published) == 10:
            return day_as_published(date.fromisoformat(self.published))
        return datetime.fromisoformat(self.published)


@dataclass
class PageScore:
    truth: Truth
    failure: str | None = None
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)
    headline: str = ""
    published: datetime | None = None

    @property
    def headline_right(self) -> bool:
        return self.failure is None and _norm(self.headline) == _norm(self.truth.headline)

    @property
    def published_right(self) -> bool:
        return self.failure is None and self.published == self.truth.expected_published()


def load_truths(folder: Path = REAL_PAGES) -> list[Truth]:
    data = tomllib.loads((folder / "pages.toml").read_text("utf-8"))
    return [
        Truth(
            file=page["file"],
            url=page["url"],
            licence=page["licence"],
            headline=page["headline"],
            published=page["published"],
            keep=tuple(page["with"]),
            drop=tuple(page["without"]),
        )
        for page in data["page"]
    ]


def score_page(truth: Truth, blob: bytes) -> PageScore:
    """Ingest one page as ``publisher ingest`` does and compare it with its truth."""
    score = PageScore(truth)
    try:
        item = parse_bytes(blob, truth.file)[0]
    except MalformedItem as error:
        score.failure = error.reason
        score.missed = list(truth.keep)
        return score
    # the headline is kept too (as the headline): a snippet there is not lost
    kept = _norm("\n".join([item.headline, *item.paragraphs]))
    score.missed = [text for text in truth.keep if _norm(text) not in kept]
    score.leaked = [text for text in truth.drop if _norm(text) in kept]
    score.headline, score.published = item.headline, item.published
    return score


@dataclass(frozen=True)
class Summary:
    pages: int
    failed: int
    recall: float
    leakage: float
    headlines: int
    dated: int


def summarize(scores: list[PageScore]) -> Summary:
    keep = sum(len(s.truth.keep) for s in scores)
    drop = sum(len(s.truth.drop) for s in scores)
    return Summary(
        pages=len(scores),
        failed=sum(s.failure is not None for s in scores),
        recall=1 - sum(len(s.missed) for s in scores) / keep if keep else 0.0,
        leakage=sum(len(s.leaked) for s in scores) / drop if drop else 0.0,
        headlines=sum(s.headline_right for s in scores),
        dated=sum(s.published_right for s in scores),
    )
