"""A language version's draft as one thing, whether the source's own or a translation.

The source-language version's draft is the revision's summary: the agency's sentences are
never rewritten, but an editor may replace the headline (kept on ``summaries.headline``) and
change the selection. A translation's draft is its ``translations`` row, with a state and an
origin per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher.db import LanguageVersion, Revision, Translation
from publisher.errors import NotFound, ReviewError
from publisher.publication import TranslationStatus, snapshot
from publisher.review.states import SentenceOrigin, SentenceState

MAX_HEADLINE = 1_000
MAX_SENTENCE = 5_000


def load_revision(session: Session, revision_id: int) -> Revision:
    revision = session.scalars(
        select(Revision)
        .where(Revision.id == revision_id)
        .options(
            selectinload(Revision.sentences),
            selectinload(Revision.summary),
            selectinload(Revision.translations),
        )
    ).first()
    if revision is None:
        raise NotFound(f"no revision {revision_id}")
    return revision


@dataclass
class Draft:
    revision: Revision
    language: str
    translation: Translation | None  # None: the source-language version

    @classmethod
    def of(
        cls, session: Session, version: LanguageVersion, revision: Revision | None = None
    ) -> Draft:
        """The draft of ``version``; ``revision`` when the caller has it loaded already."""
        if revision is None or revision.id != version.revision_id:
            revision = load_revision(session, version.revision_id)
        if version.language == revision.language:
            return cls(revision, version.language, None)
        translation = next(
            (
                t
                for t in revision.translations
                if t.language == version.language and not t.full_text
            ),
            None,
        )
        if translation is None:
            raise ReviewError(
                f"#{version.dispatch_id} {version.language}: revision {revision.number} "
                "has no translation in this language yet"
            )
        return cls(revision, version.language, translation)

    @property
    def is_source(self) -> bool:
        return self.translation is None

    @property
    def source_indexes(self) -> list[int]:
        if self.translation is not None:
            return [int(i) for i in self.translation.source_indexes or []]
        summary = self.revision.summary
        return [int(i) for i in summary.sentence_indexes] if summary else []

    @cached_property
    def _by_index(self) -> dict[int, str]:
        return {s.index: s.text for s in self.revision.sentences}

    def source_text(self, index: int) -> str:
        return self._by_index.get(index, "")

    @property
    def headline(self) -> str:
        if self.translation is not None:
            return self.translation.headline or ""
        summary = self.revision.summary
        return (
            summary.headline if summary and summary.headline else None
        ) or self.revision.headline

    @property
    def sentences(self) -> list[str]:
        if self.translation is not None:
            return [str(s) for s in self.translation.sentences or []]
        return [self.source_text(i) for i in self.source_indexes]

    @property
    def status(self) -> str:
        return self.translation.status if self.translation is not None else "original"

    @property
    def complete(self) -> bool:
        return snapshot(self.revision, self.language) is not None

    # -- per-sentence states ----------------------------------------------------

    @property
    def headline_state(self) -> str:
        holder = self.translation or self.revision.summary
        return holder.headline_state if holder is not None else SentenceState.INITIAL.value

    @property
    def headline_origin(self) -> str:
        holder = self.translation or self.revision.summary
        return holder.headline_origin if holder is not None else SentenceOrigin.MACHINE.value

    def states(self) -> list[str]:
        count = len(self.sentences)
        if self.translation is None:
            # the agency's sentences are not edited; they share the headline's verdict
            base = self.headline_state
            if base in (SentenceState.TRANSLATED, SentenceState.NEEDS_EDITING):
                base = SentenceState.INITIAL.value
            return [base] * count
        stored = [str(s) for s in self.translation.sentence_states or []]
        return stored if len(stored) == count else [SentenceState.INITIAL.value] * count

    def origins(self) -> list[str]:
        count = len(self.sentences)
        if self.translation is None:
            return [SentenceOrigin.MACHINE.value] * count  # the agency's own words
        stored = [str(s) for s in self.translation.sentence_origins or []]
        return stored if len(stored) == count else [SentenceOrigin.MACHINE.value] * count

    def set_states(self, states: list[str], origins: list[str] | None = None) -> None:
        if self.translation is None:
            return
        # new lists: SQLAlchemy sees an assignment, not a change inside a JSON value
        self.translation.sentence_states = list(states)
        if origins is not None:
            self.translation.sentence_origins = list(origins)

    def mark_all(self, state: SentenceState) -> None:
        """Every sentence and the headline in ``state`` (an approval, a publication)."""
        holder = self.translation or self.revision.summary
        if holder is not None:
            holder.headline_state = state.value
        self.set_states([state.value] * len(self.sentences), self.origins())

    # -- editing ------------------------------------------------------------------

    def set_headline(self, text: str) -> None:
        text = _checked(text, MAX_HEADLINE, "headline")
        if self.translation is not None:
            self.translation.headline = text
            holder: object = self.translation
        else:
            summary = self.revision.summary
            if summary is None:
                raise ReviewError("the source has no summary yet: nothing to edit")
            summary.headline = None if text == self.revision.headline else text
            holder = summary
        holder.headline_state = SentenceState.TRANSLATED.value  # type: ignore[attr-defined]
        holder.headline_origin = SentenceOrigin.EDITOR.value  # type: ignore[attr-defined]

    def set_sentence(self, position: int, text: str) -> None:
        if self.translation is None:
            raise ReviewError(
                "the agency's sentences are not edited: change the selection or the headline"
            )
        if self.translation.status == TranslationStatus.FAILED.value:
            raise ReviewError("the machine translation failed: nothing to edit yet")
        sentences = self.sentences
        if not 0 <= position < len(sentences):
            raise ReviewError(
                f"no sentence {position} in the {self.language} summary "
                f"(it has {len(sentences)}, counted from 0)"
            )
        states, origins = self.states(), self.origins()
        sentences[position] = _checked(text, MAX_SENTENCE, f"sentence {position}")
        states[position] = SentenceState.TRANSLATED.value
        origins[position] = SentenceOrigin.EDITOR.value
        self.translation.sentences = sentences
        self.set_states(states, origins)


# Runs of ordinary white space (a line break from a form or a CAT tool's wrapping) become one
# space; a no-break space (U+00A0, U+202F) is the editor's typography and stays (French
# « guillemets », 10 000).
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ")


def _checked(text: str, limit: int, what: str) -> str:
    cleaned = collapse_spaces(text)
    if not cleaned:
        raise ReviewError(f"the {what} cannot be empty")
    if len(cleaned) > limit:
        raise ReviewError(f"the {what} is too long ({len(cleaned)} characters, at most {limit})")
    if any(ord(c) < 32 for c in cleaned):
        raise ReviewError(f"the {what} holds control characters")
    return cleaned
