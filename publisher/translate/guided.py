"""Translation with the editors in front of the engine: their approved sentences first, then
the engine with the glossary's terms protected.

For each text: an identical source sentence an editor approved is reused as it is (origin
``editor``); otherwise the do-not-translate and forced terms are replaced by placeholders, the
router translates, and the renderings go back in (origin ``machine``). When the engine
mangled the placeholders the text is translated again without them, and its index is listed
in ``unprotected`` so the checks and the editor can see the glossary was not applied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from publisher.glossary.protect import protect, restore
from publisher.glossary.store import GlossarySnapshot
from publisher.translate.editor_memory import EditorTranslation
from publisher.translate.router import RoutedTranslation, SentenceMemory, TranslationRouter

EDITOR = "editor"
MACHINE = "machine"


@dataclass
class GuidedTranslation:
    """Texts aligned with the input; ``origins[i]`` is ``editor`` or ``machine``."""

    texts: list[str]
    origins: list[str]
    failures: dict[int, str] = field(default_factory=dict)
    unprotected: list[int] = field(default_factory=list)
    memory_hits: int = 0
    editor_hits: int = 0
    glossary_version: int = 0
    # the engine's confidence and known failures (publisher.translate.degenerate) by index
    scores: dict[int, float] = field(default_factory=dict)
    problems: dict[int, str] = field(default_factory=dict)


def translate_guided(
    router: TranslationRouter,
    texts: Sequence[str],
    source: str,
    target: str,
    *,
    memory: SentenceMemory | None,
    glossary: GlossarySnapshot,
    approved: Mapping[int, EditorTranslation],
) -> GuidedTranslation:
    """Translate ``texts``; ``approved`` holds the editors' memory hits by index
    (publisher.translate.editor_memory.lookup). Raises what the router raises."""
    result = GuidedTranslation(
        list(texts), [MACHINE] * len(texts), glossary_version=glossary.version
    )
    for index, entry in approved.items():
        result.texts[index] = entry.target_text
        result.origins[index] = EDITOR
    result.editor_hits = len(approved)
    wanted = [i for i, text in enumerate(texts) if i not in approved and text.strip()]
    for i, text in enumerate(texts):
        if i not in approved and not text.strip():
            result.texts[i] = ""
    if not wanted:
        return result
    guarded = [protect(texts[i], glossary.terms, target) for i in wanted]
    routed = router.translate([p.text for p in guarded], source, target, memory=memory)
    result.memory_hits += routed.memory_hits
    retry: list[int] = []
    for position, (index, protected) in enumerate(zip(wanted, guarded, strict=True)):
        if position in routed.failures:
            result.failures[index] = routed.failures[position]
            result.texts[index] = ""
            continue
        restored = restore(routed.texts[position], protected, target)
        if restored is None:
            retry.append(index)
        else:
            result.texts[index] = restored
            _keep_detail(result, index, routed, position)
    if retry:
        again = router.translate([texts[i] for i in retry], source, target, memory=memory)
        result.memory_hits += again.memory_hits
        for position, index in enumerate(retry):
            if position in again.failures:
                result.failures[index] = again.failures[position]
                result.texts[index] = ""
            else:
                result.texts[index] = again.texts[position]
                _keep_detail(result, index, again, position)
        result.unprotected = retry
    return result


def _keep_detail(
    result: GuidedTranslation, index: int, routed: RoutedTranslation, position: int
) -> None:
    if position in routed.scores:
        result.scores[index] = routed.scores[position]
    if position in routed.problems:
        result.problems[index] = routed.problems[position]
