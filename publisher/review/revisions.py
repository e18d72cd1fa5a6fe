"""What a new wire revision means for the editors, and how its source changed.

The kinds are data (``data/revision_kinds.toml``), like the agencies' conventions: a new
agency marker is a new pattern, not new code.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from publisher.datafiles import load_toml
from publisher.errors import ConfigError

KINDS_FILE = "revision_kinds.toml"


class RevisionKind(StrEnum):
    FIRST = "first"  # the first version of a story
    UPDATE = "update"
    CORRECTION = "correction"
    KILL = "kill"


# the order matches are tried in: a "KILL" correction advisory is a kill
_ORDER = (RevisionKind.KILL, RevisionKind.CORRECTION, RevisionKind.UPDATE)


@lru_cache(maxsize=1)
def kind_patterns() -> tuple[tuple[RevisionKind, tuple[re.Pattern[str], ...]], ...]:
    """The compiled patterns of each kind. Raises ConfigError for a bad file or pattern."""
    data = load_toml("publisher.review", KINDS_FILE)
    compiled = []
    for kind in _ORDER:
        tags = data.get(kind.value, {}).get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ConfigError(f"review/data/{KINDS_FILE}: [{kind}] tags must be a list of strings")
        try:
            compiled.append((kind, tuple(re.compile(t) for t in tags)))
        except re.error as error:
            raise ConfigError(
                f"review/data/{KINDS_FILE}: bad regular expression in [{kind}]: {error}"
            ) from error
    return tuple(compiled)


def classify(number: int, update_tag: str | None, headline: str = "") -> RevisionKind:
    """The kind of revision ``number`` of a story, from its update tag or headline."""
    for text in (update_tag or "", headline):
        text = text.strip()
        if not text:
            continue
        for kind, patterns in kind_patterns():
            if any(p.search(text) for p in patterns):
                return kind
    return RevisionKind.FIRST if number <= 1 else RevisionKind.UPDATE


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same" | "added" | "removed"
    text: str

    def to_json(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def sentence_diff(before: list[str], after: list[str]) -> list[DiffLine]:
    """The source sentences removed and added from ``before`` to ``after``, in order.

    Whole sentences are compared (an edited sentence shows as removed, then added), as
    editors re-read sentences, not characters.
    """
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines += [DiffLine("same", text) for text in before[a1:a2]]
            continue
        lines += [DiffLine("removed", text) for text in before[a1:a2]]
        lines += [DiffLine("added", text) for text in after[b1:b2]]
    return lines
