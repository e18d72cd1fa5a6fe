"""What an approval teaches: every approved sentence goes into the editors' memory.

Called by the workflow inside the approval's transaction (ReviewService ``on_approval``), so a
sentence is remembered exactly when it becomes what readers see; an identical source sentence
later reuses it ahead of any engine (publisher.translate.guided), and a later approval of a
different rendering retires this one.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher.db import LanguageVersion, Revision, Translation
from publisher.publication import TranslationStatus
from publisher.translate import editor_memory


def remember_approved(session: Session, version: LanguageVersion, actor: str) -> int:
    """Remember the approved headline and sentences of a translated version; return how many.

    The source-language version teaches nothing (it is the agency's text).
    """
    revision = session.get(
        Revision, version.revision_id, options=[selectinload(Revision.sentences)]
    )
    if revision is None or revision.language == version.language:
        return 0
    translation = session.scalars(
        select(Translation).where(
            Translation.revision_id == revision.id,
            Translation.language == version.language,
            Translation.full_text.is_(False),
        )
    ).first()
    if translation is None or translation.status != TranslationStatus.DONE.value:
        return 0
    by_index = {sentence.index: sentence.text for sentence in revision.sentences}
    pairs = [(revision.headline, translation.headline or "")]
    pairs += [
        (by_index.get(int(index), ""), str(text))
        for index, text in zip(
            translation.source_indexes or [], translation.sentences or [], strict=False
        )
    ]
    count = 0
    for source, target in pairs:
        if source.strip() and target.strip():
            editor_memory.remember(
                session, revision.language, version.language, source, target, actor
            )
            count += 1
    return count
