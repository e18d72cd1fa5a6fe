"""What a glossary holds: terms of three kinds, checked once here for every way in."""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field

from publisher.errors import PublisherError
from publisher.languages import Language, UnknownLanguage

MAX_TERM_CHARS = 300
MAX_NOTE_CHARS = 2000
# A glossary longer than this is not a newsroom's term list but a dictionary dump, and every
# sentence is matched against every term.
MAX_TERMS = 20_000


class GlossaryError(PublisherError):
    """A glossary operation cannot be done (bad pair, bad term, bad file)."""


class TermKind(enum.StrEnum):
    """``dnt``: keep the term as written; ``forced``: always render it so; ``forbidden``:
    never render it so."""

    DNT = "dnt"
    FORCED = "forced"
    FORBIDDEN = "forbidden"


_KIND_NAMES = {
    "dnt": TermKind.DNT,
    "do-not-translate": TermKind.DNT,
    "donottranslate": TermKind.DNT,
    "forced": TermKind.FORCED,
    "forbidden": TermKind.FORBIDDEN,
}


def parse_kind(text: str) -> TermKind:
    """``dnt``/``do-not-translate``, ``forced`` or ``forbidden``. Raises GlossaryError."""
    kind = _KIND_NAMES.get(text.strip().lower())
    if kind is None:
        raise GlossaryError(f"unknown kind {text.strip()[:40]!r}: use dnt, forced or forbidden")
    return kind


@dataclass(frozen=True)
class Term:
    """One glossary rule. For a do-not-translate term ``target`` equals ``source``."""

    source: str
    target: str
    kind: TermKind
    note: str = ""
    case_sensitive: bool = True
    # the first word casefolded: a sentence without it cannot hold the term (matching's
    # cheap pre-filter, computed once per term rather than once per sentence)
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.source.split(" ", 1)[0].casefold())


def _clean(text: str, what: str, limit: int, *, required: bool = True) -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    if required and not cleaned:
        raise GlossaryError(f"the {what} is empty")
    if len(cleaned) > limit:
        raise GlossaryError(f"the {what} has {len(cleaned):,} characters, over {limit:,}")
    if any(unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"} for char in cleaned):
        raise GlossaryError(f"the {what} holds control or invisible characters")
    return cleaned


def make_term(
    source: str,
    target: str | None,
    kind: TermKind,
    note: str | None = None,
    case_sensitive: bool = True,
) -> Term:
    """A checked term: whitespace folded, NFC, bounded. Raises GlossaryError saying why not."""
    clean_source = _clean(source, "term", MAX_TERM_CHARS)
    if kind is TermKind.DNT:
        if target and _clean(target, "rendering", MAX_TERM_CHARS) != clean_source:
            raise GlossaryError("a do-not-translate term has no rendering of its own")
        clean_target = clean_source
    else:
        if not target or not target.strip():
            raise GlossaryError(f"a {kind} term needs a rendering")
        clean_target = _clean(target, "rendering", MAX_TERM_CHARS)
    clean_note = _clean(note or "", "note", MAX_NOTE_CHARS, required=False)
    return Term(clean_source, clean_target, kind, clean_note, case_sensitive)


@dataclass(frozen=True)
class LanguagePair:
    source: Language
    target: Language

    def __str__(self) -> str:
        return f"{self.source}-{self.target}"


def parse_pair(text: str) -> LanguagePair:
    """A pair written ``en-ko`` (also ``en:ko``, ``en>ko``, ``zh-Hant-en``).

    Each hyphen is tried as the separator; exactly one split must give two language codes.
    Raises GlossaryError.
    """
    stripped = text.strip()
    for separator in (":", ">", "\u2192"):
        if separator in stripped:
            left, _sep, right = stripped.partition(separator)
            return _pair(left, right, stripped)
    parts = stripped.split("-")
    if len(parts) == 2:
        return _pair(parts[0], parts[1], stripped)
    found: list[tuple[LanguagePair, bool]] = []
    for cut in range(1, len(parts)):
        left, right = "-".join(parts[:cut]), "-".join(parts[cut:])
        try:
            pair = _pair(left, right, stripped, quiet=True)
        except GlossaryError:
            continue
        # pt-BR-es could be pt + br-ES (Breton in Spain): a split whose codes are written as
        # publisher writes them is the one meant
        exact = (str(pair.source).lower(), str(pair.target).lower()) == (
            left.lower(),
            right.lower(),
        )
        found.append((pair, exact))
    if len(found) > 1:
        found = [item for item in found if item[1]]
    if len(found) != 1:
        reason = "ambiguous" if found else "not two language codes"
        raise GlossaryError(f"{stripped[:40]!r} is {reason}: write the pair as en-ko or en:ko")
    return found[0][0]


def _pair(left: str, right: str, text: str, *, quiet: bool = False) -> LanguagePair:
    try:
        pair = LanguagePair(Language.parse(left), Language.parse(right))
    except UnknownLanguage as error:
        raise GlossaryError(str(error) if not quiet else text) from None
    if pair.source == pair.target:
        raise GlossaryError(f"{text!r}: the two languages of a pair must differ")
    return pair
